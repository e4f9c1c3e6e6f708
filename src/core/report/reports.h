// Report writers over computed scores: the Markdown scoring report per prompt (the shape
// the LLM workflow writes), the one-line summary, a CSV of all verdicts, and JSON.
#pragma once
#include <string>
#include "grading/grading.h"
#include "model/workspace.h"

namespace kg {

// Markdown report for every prompt of every key: a matrix per run (verdict, score,
// justification = the grader's note), bonus and penalty lists, totals, Mean, SD, stability,
// then the recommendation.
std::string markdown_report(const Workspace& ws, const WorkspaceScores& scores);

// "v008-baseline: Mean=7.0, SD=0.0" followed by
// "Run1=7.0(detection 7.0+bonus 0-penalty 0), Run2=..." — one line per prompt.
std::string summary_lines(const WorkspaceScores& scores);

// key,review,prompt,run,problem_id,verdict,score,note  (RFC 4180 quoting)
std::string verdicts_csv(const Workspace& ws, const WorkspaceScores& scores);

// Machine-readable scores (for `keygrader score --json` and the page's state query).
std::string scores_json(const WorkspaceScores& scores);

}  // namespace kg
