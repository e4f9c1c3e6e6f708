// The arithmetic audit of a parsed judge report: recompute each run from its own table and
// the rubric, and say where the judge's stated figures part from it. Kept apart from the
// parser so the rules of the audit read in one place.
#include <algorithm>
#include <cmath>

#include "judge/judge_report.h"
#include "base/sort_util.h"

namespace kg {

namespace {

std::string num(double v) { return format_score(v); }
std::string at_line(const StatedValue& s) { return " (line " + std::to_string(s.line) + ")"; }

int rounded(double v) { return static_cast<int>(std::lround(std::fabs(v))); }

}  // namespace

bool same_as_written(const StatedValue& stated, double computed) {
    // A figure written with d decimals stands for anything that rounds to it, but never
    // further than 0.05 away: run scores move in steps of 0.5, so "6" is not 5.5.
    const double tolerance = std::min(0.5 * std::pow(10.0, -stated.decimals), 0.05) + 1e-9;
    return std::fabs(stated.value - computed) <= tolerance;
}

JudgeRunAudit audit_run(const JudgeRun& run) {
    JudgeRunAudit a;
    const std::string r = "run " + std::to_string(run.run);

    // Bonus and penalty items: the list when there is one, else what the judge states.
    if (run.bonus_listed) a.bonus = static_cast<int>(run.bonus_items.size());
    else if (run.stated_bonus_count.present) a.bonus = rounded(run.stated_bonus_count.value);
    else if (run.stated_bonus_points.present) a.bonus = rounded(run.stated_bonus_points.value / kBonusPoints);
    if (run.penalty_listed) a.penalty = static_cast<int>(run.penalty_items.size());
    else if (run.stated_penalty_count.present) a.penalty = rounded(run.stated_penalty_count.value);
    else if (run.stated_penalty_points.present) a.penalty = rounded(run.stated_penalty_points.value / kPenaltyPoints);

    std::vector<Verdict> verdicts;
    for (const JudgeVerdict& v : run.problems) verdicts.push_back(v.verdict);
    a.recomputed = score_run(verdicts, a.bonus, a.penalty);
    const RunScore& s = a.recomputed;

    // A score written beside a verdict that says otherwise: "△ | 1.0".
    for (const JudgeVerdict& v : run.problems) {
        if (v.verdict == Verdict::Ungraded || v.cell_score < 0) continue;
        if (std::fabs(v.cell_score - verdict_score(v.verdict)) > 1e-9) {
            a.issues.push_back({"cell", r + ": " + v.problem_id + " is marked " +
                                            verdict_symbol(v.verdict) + " but scored " +
                                            num(v.cell_score) + " (" +
                                            num(verdict_score(v.verdict)) + " by the rubric)",
                                v.line});
        }
    }

    if (run.stated_detection.present && !same_as_written(run.stated_detection, s.detection)) {
        a.issues.push_back({"detection", r + ": stated detection subtotal " +
                                             num(run.stated_detection.value) +
                                             at_line(run.stated_detection) +
                                             " but its table (line " +
                                             std::to_string(run.table_line) + ") sums to " +
                                             num(s.detection),
                            run.stated_detection.line});
    }

    // Bonus: stated count and points against the list and the cap.
    const int listed_bonus = static_cast<int>(run.bonus_items.size());
    if (run.bonus_listed && run.stated_bonus_count.present &&
        rounded(run.stated_bonus_count.value) != listed_bonus) {
        a.issues.push_back({"bonus", r + ": states " + num(run.stated_bonus_count.value) +
                                         " bonus items" + at_line(run.stated_bonus_count) +
                                         " but lists " + std::to_string(listed_bonus),
                            run.stated_bonus_count.line});
    }
    if (run.stated_bonus_points.present) {
        const double expected = kBonusPoints * s.bonus_counted;
        const double uncapped = kBonusPoints * s.bonus_items;
        if (!same_as_written(run.stated_bonus_points, expected)) {
            if (s.bonus_items > kBonusCap && same_as_written(run.stated_bonus_points, uncapped)) {
                a.issues.push_back({"bonus_cap", r + ": " + std::to_string(s.bonus_items) +
                                                     " bonus items counted as +" + num(uncapped) +
                                                     at_line(run.stated_bonus_points) +
                                                     "; the rubric counts at most " +
                                                     std::to_string(kBonusCap) + " (+" +
                                                     num(kBonusPoints * kBonusCap) + ")",
                                    run.stated_bonus_points.line});
            } else {
                a.issues.push_back({"bonus", r + ": stated bonus +" +
                                                 num(run.stated_bonus_points.value) +
                                                 at_line(run.stated_bonus_points) + " but " +
                                                 std::to_string(s.bonus_items) +
                                                 " item(s) give +" + num(expected),
                                    run.stated_bonus_points.line});
            }
        }
    }
    const int listed_penalty = static_cast<int>(run.penalty_items.size());
    if (run.penalty_listed && run.stated_penalty_count.present &&
        rounded(run.stated_penalty_count.value) != listed_penalty) {
        a.issues.push_back({"penalty", r + ": states " + num(run.stated_penalty_count.value) +
                                           " penalty items" + at_line(run.stated_penalty_count) +
                                           " but lists " + std::to_string(listed_penalty),
                            run.stated_penalty_count.line});
    }
    if (run.stated_penalty_points.present) {
        const double expected = kPenaltyPoints * s.penalty_items;
        if (!same_as_written(run.stated_penalty_points, expected)) {
            a.issues.push_back({"penalty", r + ": stated penalty -" +
                                               num(run.stated_penalty_points.value) +
                                               at_line(run.stated_penalty_points) + " but " +
                                               std::to_string(s.penalty_items) +
                                               " item(s) give " +
                                               (expected > 0 ? "-" : "") + num(expected),
                                run.stated_penalty_points.line});
        }
    }

    if (run.stated_score.present && !same_as_written(run.stated_score, s.total)) {
        a.issues.push_back({"score", r + ": stated score " + num(run.stated_score.value) +
                                         at_line(run.stated_score) + " but the rubric gives " +
                                         num(s.total) + " (detection " + num(s.detection) +
                                         " + bonus " + num(kBonusPoints * s.bonus_counted) +
                                         " - penalty " + num(kPenaltyPoints * s.penalty_items) +
                                         ")",
                            run.stated_score.line});
    }
    // The judge's own sum: its stated parts must add up to its stated score.
    if (run.stated_score.present && run.stated_detection.present) {
        const double bonus = run.stated_bonus_points.present ? run.stated_bonus_points.value : 0;
        const double penalty = run.stated_penalty_points.present ? run.stated_penalty_points.value : 0;
        const double sum = run.stated_detection.value + bonus - penalty;
        if (!same_as_written(run.stated_score, sum)) {
            a.issues.push_back({"formula", r + ": its own parts " +
                                               num(run.stated_detection.value) + " + " +
                                               num(bonus) + " - " + num(penalty) + " = " +
                                               num(sum) + " but it states " +
                                               num(run.stated_score.value) +
                                               at_line(run.stated_score),
                                run.stated_score.line});
        }
    }
    for (const JudgeIssue& c : run.conflicts) a.issues.push_back(c);
    stable_sort_by(a.issues,
                   [](const JudgeIssue& x, const JudgeIssue& y) { return x.line < y.line; });
    a.arithmetic_ok = a.issues.empty();
    return a;
}

std::vector<JudgePromptAudit> audit_prompts(const JudgeReport& report) {
    std::vector<JudgePromptAudit> out;
    std::vector<std::string> prompts;
    for (const JudgeRun& r : report.runs) {
        if (std::find(prompts.begin(), prompts.end(), r.prompt) == prompts.end()) {
            prompts.push_back(r.prompt);
        }
    }
    for (const std::string& prompt : prompts) {
        JudgePromptAudit a;
        a.prompt = prompt;
        std::vector<double> recomputed;
        std::vector<double> stated;
        bool all_stated = true;
        for (const JudgeRun& r : report.runs) {
            if (r.prompt != prompt) continue;
            recomputed.push_back(audit_run(r).recomputed.total);
            all_stated = all_stated && r.stated_score.present;
            stated.push_back(r.stated_score.value);
        }
        a.recomputed = prompt_stats(prompt, recomputed);
        for (const JudgePromptTotals& t : report.totals) {
            if (t.prompt == prompt || (t.prompt.empty() != prompt.empty() && prompts.size() == 1)) {
                if (t.stated_mean.present) a.stated_mean = t.stated_mean;
                if (t.stated_sd.present) a.stated_sd = t.stated_sd;
                if (t.stability_stated) {
                    a.stability_stated = true;
                    a.stated_stability = t.stated_stability;
                    a.stability_line = t.stability_line;
                }
            }
        }
        const PromptStats basis = all_stated ? prompt_stats(prompt, stated) : a.recomputed;
        const std::string from = all_stated ? "its stated run scores" : "the recomputed run scores";
        auto check = [&](const StatedValue& v, double own, double table, const char* kind,
                         const char* name) {
            if (!v.present) return;
            if (!same_as_written(v, own)) {
                a.issues.push_back({kind, std::string("stated ") + name + " " + num(v.value) +
                                              at_line(v) + " but " + from + " give " + num(own),
                                    v.line});
            } else if (all_stated && !same_as_written(v, table)) {
                a.issues.push_back({kind, std::string("stated ") + name + " " + num(v.value) +
                                              at_line(v) + " follows the stated run scores, "
                                              "but the tables give " + num(table),
                                    v.line});
            }
        };
        check(a.stated_mean, basis.mean, a.recomputed.mean, "mean", "Mean");
        check(a.stated_sd, basis.sd, a.recomputed.sd, "sd", "SD");
        // Stability follows from an SD: the judge's own (stated, else from its run scores)
        // first, then the one the tables give.
        if (a.stability_stated) {
            const double own_sd = a.stated_sd.present ? a.stated_sd.value : basis.sd;
            const std::string said = stability_name(a.stated_stability);
            const Stability own = stability_of(own_sd);
            if (own != a.stated_stability) {
                a.issues.push_back({"stability", "stated stability " + said + " (line " +
                                                     std::to_string(a.stability_line) +
                                                     ") but SD " + num(own_sd) + " is " +
                                                     stability_name(own),
                                    a.stability_line});
            } else if (a.recomputed.stability != a.stated_stability) {
                a.issues.push_back({"stability", "stated stability " + said + " (line " +
                                                     std::to_string(a.stability_line) +
                                                     ") follows its SD, but the tables give SD " +
                                                     num(a.recomputed.sd) + ", which is " +
                                                     stability_name(a.recomputed.stability),
                                    a.stability_line});
            }
        }
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace kg
