// Builds the comparison model (comparison.h) from the workspace scores: regroups each key's
// scored reviews by prompt, lays the verdicts out as a problem × prompt matrix, and chains
// the keys of one perspective into a trend ordered by round.
#include "grading/comparison.h"

#include "intake/classify.h"

#include <algorithm>
#include <map>

#include "report/internal/reports_util.h"
#include "review/review.h"
#include "base/sort_util.h"
#include "base/text.h"

namespace kg {

namespace {

// "○/△/-": the runs' verdicts in run order; an ungraded run shows as "-" so the cell keeps
// one slot per run and never reads as a shorter list.
std::string cell_text(const std::vector<Verdict>& verdicts) {
    std::string s;
    for (size_t i = 0; i < verdicts.size(); ++i) {
        if (i) s += "/";
        s += verdicts[i] == Verdict::Ungraded ? "-" : verdict_symbol(verdicts[i]);
    }
    return s;
}

PromptEntry prompt_entry(const KeyScores& ks, const PromptStats& st, const std::string& baseline) {
    PromptEntry pe;
    pe.prompt = st.prompt;
    pe.is_baseline = !baseline.empty() && st.prompt == baseline;
    pe.stats = st;
    int position = 0;
    for (const ReviewScore& rs : ks.reviews) {   // already ordered by prompt, then run
        if (rs.prompt != st.prompt) continue;
        RunEntry re;
        re.review_index = rs.review_index;
        re.review_name = rs.review_name;
        re.run = reports_util::run_label(rs, ++position);
        re.verdicts = rs.verdicts;
        re.score = rs.score;
        re.ungraded = rs.ungraded;
        re.stale = rs.stale;
        pe.bonus_items += rs.score.bonus_items;
        pe.penalty_items += rs.score.penalty_items;
        pe.runs.push_back(std::move(re));
    }
    if (!pe.runs.empty()) {
        pe.min_score = pe.max_score = pe.runs.front().score.total;
        for (const RunEntry& re : pe.runs) {
            pe.min_score = std::min(pe.min_score, re.score.total);
            pe.max_score = std::max(pe.max_score, re.score.total);
        }
    }
    return pe;
}

// Adds one verdict to the counts of a cell; ungraded verdicts do not count as graded.
void count_verdict(Verdict v, int& graded, double& sum, MatrixCell* cell) {
    if (v == Verdict::Ungraded) return;
    ++graded;
    sum += verdict_score(v);
    if (!cell) return;
    if (v == Verdict::Detected) ++cell->detected;
    if (v == Verdict::Partial) ++cell->partial;
    if (v == Verdict::Missed) ++cell->missed;
}

std::vector<MatrixRow> build_matrix(const AnswerKey& key, const std::vector<PromptEntry>& prompts) {
    std::vector<MatrixRow> rows;
    for (size_t p = 0; p < key.problems.size(); ++p) {
        MatrixRow row;
        row.problem_id = key.problems[p].id;
        row.title = key.problems[p].title;
        int row_graded = 0;
        double row_sum = 0;
        for (const PromptEntry& pe : prompts) {
            MatrixCell cell;
            double sum = 0;
            for (const RunEntry& re : pe.runs) {
                const Verdict v = p < re.verdicts.size() ? re.verdicts[p] : Verdict::Ungraded;
                cell.verdicts.push_back(v);
                count_verdict(v, cell.graded_runs, sum, &cell);
                count_verdict(v, row_graded, row_sum, nullptr);
            }
            cell.text = cell_text(cell.verdicts);
            if (cell.graded_runs > 0) cell.detection_rate = sum / cell.graded_runs;
            row.cells.push_back(std::move(cell));
        }
        if (row_graded > 0) row.detection_rate = row_sum / row_graded;
        rows.push_back(std::move(row));
    }
    return rows;
}

RoundComparison round_of(const KeyScores& ks) {
    RoundComparison rc;
    rc.key_name = ks.key_name;
    rc.key_title = ks.key.title;
    rc.round = ks.key.round >= 0 ? ks.key.round : benchmark_name(ks.key_name, "").round;
    rc.perspective = ks.key.perspective;
    rc.has_recommendation = ks.has_recommendation;
    rc.recommendation = ks.recommendation;

    // compute_scores puts the baseline first when there is one and a recommendation needs it;
    // a lone prompt is a baseline only when its name says so.
    std::string baseline;
    if (ks.has_recommendation && !ks.prompts.empty()) {
        baseline = ks.prompts.front().prompt;
    } else {
        for (const PromptStats& st : ks.prompts) {
            if (contains(to_lower_ascii(st.prompt), "baseline")) {
                baseline = st.prompt;
                break;
            }
        }
    }
    for (const PromptStats& st : ks.prompts) rc.prompts.push_back(prompt_entry(ks, st, baseline));
    rc.matrix = build_matrix(ks.key, rc.prompts);

    for (const PromptEntry& pe : rc.prompts) {
        if (pe.stats.runs_graded > 0 && (rc.best_prompt.empty() || pe.stats.mean > rc.best_mean + 1e-9)) {
            rc.best_prompt = pe.prompt;
            rc.best_mean = pe.stats.mean;
        }
        BarDatum bar;
        bar.label = pe.prompt;
        bar.mean = pe.stats.mean;
        bar.sd = pe.stats.sd;
        bar.low = pe.stats.mean - pe.stats.sd;
        bar.high = pe.stats.mean + pe.stats.sd;
        bar.min_score = pe.min_score;
        bar.max_score = pe.max_score;
        bar.recommended = rc.has_recommendation && pe.prompt == rc.recommendation.prompt;
        rc.bars.push_back(bar);
    }
    rc.scale_max = static_cast<double>(ks.key.problems.size()) + kBonusPoints * kBonusCap;
    return rc;
}

std::string signed_score(double v) {
    const std::string s = format_score(v);
    return (s[0] == '-' || s == "0.0") ? s : "+" + s;
}

std::string convergence_sentence(const PerspectiveTrend& t) {
    const size_t n = t.points.size();
    if (t.convergence == Convergence::InsufficientData) {
        return "Insufficient data: the convergence rule needs three rounds of " +
               (t.perspective.empty() ? std::string("this perspective") : t.perspective) +
               " (have " + std::to_string(n) + ").";
    }
    const std::string changes = signed_score(t.points[n - 2].change) + " (round " +
                                std::to_string(t.points[n - 2].round) + ") and " +
                                signed_score(t.points[n - 1].change) + " (round " +
                                std::to_string(t.points[n - 1].round) + ")";
    if (t.convergence == Convergence::MayHaveConverged) {
        return "May have converged: the best mean improved by less than 0.5 in two "
               "consecutive rounds, " + changes + ".";
    }
    return "Improving: the best mean did not stay below +0.5 improvement in the last two "
           "rounds, " + changes + ".";
}

std::vector<PerspectiveTrend> build_trends(const std::vector<RoundComparison>& rounds,
                                           std::vector<Diagnostic>& warnings) {
    std::vector<PerspectiveTrend> trends;
    std::map<std::string, size_t> index_of;   // perspective_key -> trends index
    for (const RoundComparison& rc : rounds) {
        if (perspective_key(rc.perspective).empty()) {
            warnings.push_back({0, rc.key_name + ": states no perspective, so it is left out "
                                                 "of the across-rounds trend"});
            continue;
        }
        if (rc.round < 0) {
            warnings.push_back({0, rc.key_name + ": states no round number, so it is left out "
                                                 "of the across-rounds trend"});
            continue;
        }
        if (rc.best_prompt.empty()) continue;   // no prompt of the round fully graded yet
        const std::string k = perspective_key(rc.perspective);
        auto it = index_of.find(k);
        if (it == index_of.end()) {
            it = index_of.emplace(k, trends.size()).first;
            trends.push_back({});
            trends.back().perspective = trim(rc.perspective);
        }
        TrendPoint pt;
        pt.key_name = rc.key_name;
        pt.round = rc.round;
        pt.best_prompt = rc.best_prompt;
        pt.best_mean = rc.best_mean;
        trends[it->second].points.push_back(pt);
    }
    for (PerspectiveTrend& t : trends) {
        stable_sort_by(t.points,
                       [](const TrendPoint& a, const TrendPoint& b) { return a.round < b.round; });
        std::vector<double> best_means;
        for (size_t i = 0; i < t.points.size(); ++i) {
            TrendPoint& pt = t.points[i];
            best_means.push_back(pt.best_mean);
            if (i == 0) continue;
            const TrendPoint& prev = t.points[i - 1];
            pt.has_change = true;
            pt.change = pt.best_mean - prev.best_mean;
            pt.round_gap = pt.round - prev.round;
            if (pt.round_gap == 0) {
                warnings.push_back({0, prev.key_name + " and " + pt.key_name + ": both are round " +
                                           std::to_string(pt.round) + " of " + t.perspective +
                                           "; the trend treats them as consecutive rounds"});
            }
        }
        t.convergence = convergence_of(best_means);
        t.convergence_text = convergence_sentence(t);
    }
    return trends;
}

}  // namespace

std::string perspective_key(const std::string& perspective) {
    return to_lower_ascii(trim(perspective));
}

Comparison build_comparison(const WorkspaceScores& scores) {
    Comparison c;
    c.warnings = scores.warnings;
    for (const KeyScores& ks : scores.keys) c.rounds.push_back(round_of(ks));
    c.trends = build_trends(c.rounds, c.warnings);
    return c;
}

Comparison build_comparison(const Workspace& ws) { return build_comparison(compute_scores(ws)); }

}  // namespace kg
