// The comparison of prompts (issue 5): per round (one answer key) every prompt's runs with
// their scores, Mean / SD / stability, the verdict matrix per problem per run, bonus and
// penalty counts and the rubric's recommendation; across rounds (several keys of one
// perspective) the best mean per round, its change from round to round and the convergence
// judgment. Plain numbers only: the page draws them, the CLI and the Markdown export print them.
//
// Everything is derived from compute_scores (grading.h), so the comparison can never
// disagree with the scoring report.
#pragma once
#include <string>
#include <vector>
#include "grading/grading.h"
#include "model/model.h"
#include "grading/rubric.h"
#include "model/workspace.h"

namespace kg {

// One review (run) of a prompt, as the comparison shows it.
struct RunEntry {
    int review_index = 0;          // into Workspace::reviews
    std::string review_name;
    int run = 0;                   // the run label: the review's run, or its 1-based position
                                   // among the prompt's reviews when the file name had none
    std::vector<Verdict> verdicts; // in key problem order
    RunScore score;                // detection, bonus/penalty counts, total
    int ungraded = 0;
    int stale = 0;
};

struct PromptEntry {
    std::string prompt;
    bool is_baseline = false;
    std::vector<RunEntry> runs;    // by run
    PromptStats stats;             // mean, population SD, stability over the run totals
    int bonus_items = 0;           // summed over the runs (given, before the cap)
    int penalty_items = 0;
    double min_score = 0;          // lowest and highest run total (bar chart range)
    double max_score = 0;
};

// One cell of the matrix: a problem for one prompt, every run's verdict.
struct MatrixCell {
    std::vector<Verdict> verdicts; // one per run of the prompt, in run order
    std::string text;              // "○/△" (run1/run2); an ungraded run shows as "-"
    // Heat-map value: the mean verdict score over the graded runs (○ 1, △ 0.5, × 0), in
    // [0, 1]; -1 when no run of the prompt is graded on this problem.
    double detection_rate = -1;
    int graded_runs = 0;
    int detected = 0, partial = 0, missed = 0;
};

struct MatrixRow {
    std::string problem_id;
    std::string title;
    std::vector<MatrixCell> cells; // one per prompt, in RoundComparison::prompts order
    // Over every graded run of every prompt: which problems the round's prompts find.
    double detection_rate = -1;
};

// A bar of the bar chart: mean ± SD per prompt, with the run range.
struct BarDatum {
    std::string label;             // the prompt
    double mean = 0;
    double sd = 0;
    double low = 0;                // mean - sd
    double high = 0;               // mean + sd
    double min_score = 0;
    double max_score = 0;
    bool recommended = false;
};

// One round: the prompts graded against one key.
struct RoundComparison {
    std::string key_name;
    std::string key_title;
    int round = -1;                // from the key title, else its file name; -1 unknown
    std::string perspective;
    std::vector<PromptEntry> prompts;    // baseline first, then by name
    std::vector<MatrixRow> matrix;       // one row per key problem, in key order
    bool has_recommendation = false;
    Recommendation recommendation;
    std::string best_prompt;             // highest mean ("" when no prompt)
    double best_mean = 0;
    std::vector<BarDatum> bars;          // one per prompt, prompts order
    // The largest score a run can reach on this key (every problem ○ and the bonus cap):
    // a fixed scale for the bar chart, so rounds stay comparable by eye.
    double scale_max = 0;
};

// One round in the across-rounds trend of a perspective.
struct TrendPoint {
    std::string key_name;
    int round = -1;
    std::string best_prompt;
    double best_mean = 0;
    bool has_change = false;       // false for the first round
    double change = 0;             // best_mean - previous round's best_mean
    int round_gap = 0;             // round - previous round (1 for consecutive rounds)
};

struct PerspectiveTrend {
    std::string perspective;       // as the first key states it
    std::vector<TrendPoint> points;      // oldest round first
    Convergence convergence = Convergence::InsufficientData;
    std::string convergence_text;        // one sentence: the rule applied to the numbers
};

struct Comparison {
    std::vector<RoundComparison> rounds;       // workspace key order
    std::vector<PerspectiveTrend> trends;      // one per perspective, first-seen order
    std::vector<Diagnostic> warnings;          // scoring warnings and trend caveats
};

// From a workspace (computes the scores) or from scores already computed (the page caches
// them in Session::scores()).
Comparison build_comparison(const Workspace& ws);
Comparison build_comparison(const WorkspaceScores& scores);

// Grouping key for perspectives: trimmed, ASCII case folded ("Reliability " == "reliability").
std::string perspective_key(const std::string& perspective);

// Markdown export: per round the prompts table (runs, Mean, SD, stability, bonus, penalty),
// the ○/△ matrix and the recommendation; then the trend table and convergence per
// perspective. Defined in comparison_markdown.cpp.
std::string comparison_markdown(const Comparison& c);

// The same content as JSON, for `keygrader compare --json` (comparison_json.cpp).
std::string comparison_json(const Comparison& c);

}  // namespace kg
