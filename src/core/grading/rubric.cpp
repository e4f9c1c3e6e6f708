// The grading rules of docs/domain.md. Every threshold comparison goes through a small epsilon:
// scores are sums of 0.5 steps, but means and SDs are computed in floating point, and a
// value that is 0.5 on paper (an SD, a difference of means) must land on the side of the
// rule that the paper says.
#include "grading/rubric.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/text.h"

namespace kg {

namespace {

constexpr double kEps = 1e-9;

bool at_most(double value, double limit) { return value <= limit + kEps; }
bool less_than(double value, double limit) { return value < limit - kEps; }
bool greater_than(double value, double limit) { return value > limit + kEps; }

}  // namespace

std::string format_score(double v) {
    if (std::fabs(v) < 0.005) v = 0;  // no "-0.0"
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    if (s.back() == '0') s.pop_back();   // "7.00" -> "7.0", "8.50" -> "8.5"; "8.25" stays
    return s;
}

std::string format_points(double v) {
    return std::fabs(v) < 0.005 ? "0" : format_score(v);
}

double verdict_score(Verdict v) {
    switch (v) {
        case Verdict::Detected: return 1.0;
        case Verdict::Partial: return 0.5;
        case Verdict::Missed:
        case Verdict::Ungraded: return 0.0;
    }
    return 0.0;
}

const char* verdict_symbol(Verdict v) {
    switch (v) {
        case Verdict::Detected: return "○";
        case Verdict::Partial: return "△";
        case Verdict::Missed: return "×";
        case Verdict::Ungraded: return "";
    }
    return "";
}

const char* verdict_name(Verdict v) {
    switch (v) {
        case Verdict::Detected: return "detected";
        case Verdict::Partial: return "partial";
        case Verdict::Missed: return "missed";
        case Verdict::Ungraded: return "ungraded";
    }
    return "ungraded";
}

bool parse_verdict(const std::string& text, Verdict& out) {
    // Exact forms only (after trimming, ASCII case-folded): callers that read free text,
    // like the judge parser, cut the verdict token out first.
    struct Form { const char* text; Verdict verdict; };
    static const Form kForms[] = {
        {"○", Verdict::Detected}, {"◯", Verdict::Detected}, {"〇", Verdict::Detected},
        {"✓", Verdict::Detected}, {"✔", Verdict::Detected},
        {"detected", Verdict::Detected}, {"full detection", Verdict::Detected},
        {"検出", Verdict::Detected},
        {"△", Verdict::Partial}, {"▲", Verdict::Partial}, {"partial", Verdict::Partial},
        {"partial detection", Verdict::Partial}, {"partially detected", Verdict::Partial},
        {"部分検出", Verdict::Partial},
        {"×", Verdict::Missed}, {"✗", Verdict::Missed}, {"✕", Verdict::Missed},
        {"x", Verdict::Missed}, {"missed", Verdict::Missed}, {"not detected", Verdict::Missed},
        {"undetected", Verdict::Missed}, {"no detection", Verdict::Missed},
        {"未検出", Verdict::Missed},
        {"ungraded", Verdict::Ungraded},
    };
    const std::string key = to_lower_ascii(trim(text));
    for (const Form& f : kForms) {
        if (key == f.text) {
            out = f.verdict;
            return true;
        }
    }
    return false;
}

RunScore score_run(const std::vector<Verdict>& verdicts, int bonus_items, int penalty_items) {
    RunScore s;
    for (Verdict v : verdicts) s.detection += verdict_score(v);
    s.bonus_items = std::max(0, bonus_items);
    s.bonus_counted = std::min(s.bonus_items, kBonusCap);
    s.penalty_items = std::max(0, penalty_items);
    s.total = s.detection + kBonusPoints * s.bonus_counted - kPenaltyPoints * s.penalty_items;
    return s;
}

const char* stability_name(Stability s) {
    switch (s) {
        case Stability::High: return "high";
        case Stability::Medium: return "medium";
        case Stability::Low: return "low";
    }
    return "high";
}

Stability stability_of(double sd) {
    if (at_most(sd, 0.5)) return Stability::High;
    if (at_most(sd, 1.0)) return Stability::Medium;
    return Stability::Low;
}

PromptStats prompt_stats(const std::string& prompt, const std::vector<double>& run_scores) {
    PromptStats st;
    st.prompt = prompt;
    st.run_scores = run_scores;
    if (!run_scores.empty()) {
        double sum = 0;
        for (double x : run_scores) sum += x;
        st.mean = sum / static_cast<double>(run_scores.size());
        double sq = 0;
        for (double x : run_scores) sq += (x - st.mean) * (x - st.mean);
        // Population SD (divide by n): the rubric's worked example, 8.0 and 9.0 -> 0.5.
        st.sd = std::sqrt(sq / static_cast<double>(run_scores.size()));
    }
    st.stability = stability_of(st.sd);
    return st;
}

Recommendation recommend(const PromptStats& baseline, const std::vector<PromptStats>& variants) {
    Recommendation r;
    r.prompt = baseline.prompt;
    if (variants.empty()) {
        r.reason = "Only the baseline " + baseline.prompt + " was scored, so it is kept.";
        return r;
    }
    // Several variants: the one with the highest mean is compared (first one on a tie).
    const PromptStats* best = &variants.front();
    for (const PromptStats& v : variants) {
        if (v.mean > best->mean + kEps) best = &v;
    }
    r.compared_to = best->prompt;
    r.difference = best->mean - baseline.mean;
    const double d = r.difference;
    const std::string diff = "d = " + format_score(best->mean) + " - " +
                             format_score(baseline.mean) + " = " + format_score(d);

    if (greater_than(d, 1.0)) {
        r.prompt = best->prompt;
        r.reason = best->prompt + " beats the baseline by more than 1.0 point (" + diff +
                   "), so the higher mean wins.";
    } else if (!less_than(d, 0.5)) {
        const std::string sds =
            "SD " + format_score(best->sd) + " vs " + format_score(baseline.sd);
        if (less_than(best->sd, baseline.sd)) {
            r.prompt = best->prompt;
            r.reason = "The difference is between 0.5 and 1.0 (" + diff + "), so the steadier "
                       "prompt wins: " + best->prompt + " has the smaller SD (" + sds + ").";
        } else if (less_than(baseline.sd, best->sd)) {
            r.reason = "The difference is between 0.5 and 1.0 (" + diff + "), so the steadier "
                       "prompt wins: the baseline has the smaller SD (" + sds + ").";
        } else {
            r.reason = "The difference is between 0.5 and 1.0 (" + diff + ") and both SDs are "
                       "equal (" + sds + "), so the baseline is kept.";
        }
    } else if (d < 0) {
        r.reason = "No variant beats the baseline (best " + best->prompt + ", " + diff +
                   "), so the baseline is kept.";
    } else {
        r.reason = "The difference is below 0.5 (" + diff + "), within noise, so the "
                   "baseline is kept.";
    }
    return r;
}

const char* convergence_name(Convergence c) {
    switch (c) {
        case Convergence::InsufficientData: return "insufficient data";
        case Convergence::Improving: return "improving";
        case Convergence::MayHaveConverged: return "may have converged";
    }
    return "insufficient data";
}

Convergence convergence_of(const std::vector<double>& best_means) {
    // Two consecutive improvements need three rounds; the rule looks at the latest two.
    const size_t n = best_means.size();
    if (n < 3) return Convergence::InsufficientData;
    const double last = best_means[n - 1] - best_means[n - 2];
    const double before = best_means[n - 2] - best_means[n - 3];
    if (less_than(last, 0.5) && less_than(before, 0.5)) return Convergence::MayHaveConverged;
    return Convergence::Improving;
}

}  // namespace kg
