// The grading rules of docs/domain.md, and nothing else: scores, statistics, stability,
// recommendation and convergence. Pure functions over numbers.
#pragma once
#include <string>
#include <vector>
#include "model/model.h"

namespace kg {

constexpr double kBonusPoints = 0.5;
constexpr double kPenaltyPoints = 0.5;
constexpr int kBonusCap = 5;

double verdict_score(Verdict v);          // ○ 1.0, △ 0.5, × and ungraded 0.0
const char* verdict_symbol(Verdict v);    // "○" "△" "×" "" (ungraded)
const char* verdict_name(Verdict v);      // "detected" "partial" "missed" "ungraded"
// Accepts ○ △ × (and ◯ 〇 ✓ ✗ x X), "detected/partial/missed", JA 検出/部分検出/未検出.
bool parse_verdict(const std::string& text, Verdict& out);

struct RunScore {
    double detection = 0;     // Σ verdict scores
    int bonus_items = 0;      // all bonus items given
    int bonus_counted = 0;    // min(bonus_items, kBonusCap)
    int penalty_items = 0;
    double total = 0;         // detection + 0.5*bonus_counted - 0.5*penalty_items
};
RunScore score_run(const std::vector<Verdict>& verdicts, int bonus_items, int penalty_items);

enum class Stability { High, Medium, Low };
const char* stability_name(Stability s);  // "high" "medium" "low"
Stability stability_of(double sd);        // ≤0.5 high, ≤1.0 medium, else low

struct PromptStats {
    std::string prompt;
    std::vector<double> run_scores;
    double mean = 0;
    double sd = 0;                        // population SD
    Stability stability = Stability::High;
    // Honest totals (set by compute_scores): Mean, SD and stability are over the fully graded
    // runs only; runs_total counts every review of the prompt.
    int runs_total = 0;
    int runs_graded = 0;
    bool complete() const { return runs_graded == runs_total; }
};
PromptStats prompt_stats(const std::string& prompt, const std::vector<double>& run_scores);

struct Recommendation {
    std::string prompt;       // the recommended prompt
    std::string compared_to;  // best variant compared with the baseline ("" if none)
    double difference = 0;    // best variant mean - baseline mean
    std::string reason;       // one sentence naming the rule applied
};
// baseline: the baseline prompt's stats; variants: the others (may be empty).
Recommendation recommend(const PromptStats& baseline, const std::vector<PromptStats>& variants);

// How every report, the CLI and the page print rubric numbers: two decimals at most, one at
// least ("7.0", "8.5", "8.25", "0.35"), never "-0.0".
std::string format_score(double v);
// Bonus and penalty points in a summary line: "0" when nothing counted, else format_score
// ("bonus 0", "bonus 2.5"), the way the LLM workflow writes them.
std::string format_points(double v);

enum class Convergence { InsufficientData, Improving, MayHaveConverged };
const char* convergence_name(Convergence c);
// best_means: the best prompt mean of each round, oldest first.
Convergence convergence_of(const std::vector<double>& best_means);

}  // namespace kg
