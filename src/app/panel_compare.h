// The Compare tab (issue 5): for a round, the prompts table, bars of mean ± SD per prompt, a
// heat map of the verdict matrix (○/△/× per run, detection rate per prompt) and the
// recommendation; across rounds, the trend of the best mean and the convergence judgment; an
// "Export comparison (.md)" button. All numbers come from kg::build_comparison (comparison.h).
#pragma once
#include <string>
#include "grading/comparison.h"
#include "grading/grading.h"
#include "model/workspace.h"

namespace kg::app {

// What the Compare tab keeps between frames (AppState::compare): the comparison, computed
// again only when the workspace's fingerprint changes, and the round shown.
struct CompareState {
    std::string fingerprint;
    kg::Comparison comparison;
    int round = 0;          // selected round (index into comparison.rounds)
};

// Draws into the current window, with the state in AppState::compare. Recomputes the comparison only when the grading changed
// (a cheap fingerprint of the workspace), so it can be called every frame.
void draw_compare_panel(const kg::Workspace& ws);
// Same, from scores the caller already has (Session::scores() caches them).
void draw_compare_panel(const kg::Workspace& ws, const kg::WorkspaceScores& scores);

}  // namespace kg::app

// The brief's spelling, for callers outside the app namespace.
using kg::app::draw_compare_panel;
