// The comparison as Markdown (the page's "Export comparison (.md)" and `keygrader compare`):
//   # Prompt comparison
//   ## Round 008 — reliability (answer-key-round-008.md)
//   | Prompt | Runs | Mean | SD | Stability | Bonus | Penalty |     per prompt, runs "7.0 / 6.0"
//   | Problem | v008-baseline | v008-variant-redteam |            the matrix, cells "○/△"
//   **Recommendation:** ... (the rubric's sentence)
//   ## Across rounds — reliability
//   | Round | Key | Best prompt | Best mean | Change |            then the convergence line
#include <algorithm>
#include <cmath>
#include <sstream>

#include "grading/comparison.h"
#include "report/workflow_export.h"
#include "report/internal/report_labels.h"
#include "report/internal/reports_util.h"

namespace kg {

namespace {

using reports_util::md_cell;
using report_labels::Labels;

// Per-run values joined like the matrix cells: "7.0 / 6.0", "3 / 2".
template <typename F>
std::string per_run(const PromptEntry& pe, F value) {
    std::string s;
    for (size_t i = 0; i < pe.runs.size(); ++i) {
        if (i) s += " / ";
        s += value(pe.runs[i]);
    }
    return s.empty() ? "—" : s;
}

std::string run_header(const PromptEntry& pe) {
    std::string s;
    for (size_t i = 0; i < pe.runs.size(); ++i) {
        if (i) s += "/";
        s += "Run" + std::to_string(pe.runs[i].run);
    }
    return s;
}

// "38%": rates print as whole percentages, rounded half away from zero on every platform
// (printf's own rounding of 0.375 differs between C libraries).
std::string percent(double rate) {
    return rate < 0 ? "—" : std::to_string(std::lround(rate * 100)) + "%";
}

std::string signed_change(double v) {
    const std::string s = format_score(v);
    return (s[0] == '-' || s == "0.0") ? s : "+" + s;
}

std::string round_heading(const RoundComparison& rc, const Labels& L) {
    std::string h = rc.round >= 0 ? std::string(L.round) + " " + std::to_string(rc.round) : rc.key_title;
    if (h.empty()) h = rc.key_name;
    if (!rc.perspective.empty()) h += " — " + rc.perspective;
    return h + " (" + rc.key_name + ")";
}

void write_prompts(std::ostringstream& md, const RoundComparison& rc, const Labels& L) {
    md << L.prompts_head << "\n";
    md << "|--------|------|-----:|---:|-----------|-------|---------|\n";
    for (const PromptEntry& pe : rc.prompts) {
        md << "| " << md_cell(pe.prompt) << (pe.is_baseline ? std::string(" ") + L.baseline : "") << " | "
           << per_run(pe, [](const RunEntry& re) { return format_score(re.score.total); })
           << " | " << format_score(pe.stats.mean) << " | " << format_score(pe.stats.sd)
           << " | " << stability_name(pe.stats.stability) << " | "
           << per_run(pe, [](const RunEntry& re) { return std::to_string(re.score.bonus_items); })
           << " | "
           << per_run(pe, [](const RunEntry& re) { return std::to_string(re.score.penalty_items); })
           << " |\n";
    }
    md << "\n";
    // Caveats a reader of the numbers must see next to them.
    bool caveat = false;
    for (const PromptEntry& pe : rc.prompts) {
        for (const RunEntry& re : pe.runs) {
            if (re.ungraded > 0) {
                caveat = true;
                md << "> " << re.review_name << ": " << re.ungraded << " of "
                   << re.verdicts.size() << " problems not graded yet (scored 0.0).\n";
            }
            if (re.score.bonus_items > kBonusCap) {
                caveat = true;
                md << "> " << re.review_name << ": " << re.score.bonus_items
                   << " bonus items, " << kBonusCap << " count (cap).\n";
            }
        }
    }
    if (caveat) md << "\n";
}

void write_matrix(std::ostringstream& md, const RoundComparison& rc, const Labels& L) {
    md << "| " << L.problem << " |";
    for (const PromptEntry& pe : rc.prompts) {
        md << " " << md_cell(pe.prompt) << " (" << run_header(pe) << ") |";
    }
    md << " " << L.detection_rate << " |\n|---------|";
    for (size_t i = 0; i < rc.prompts.size(); ++i) md << ":---:|";
    md << "---------------:|\n";
    for (const MatrixRow& row : rc.matrix) {
        md << "| " << md_cell(row.problem_id);
        if (!row.title.empty()) md << " " << md_cell(row.title);
        md << " |";
        for (const MatrixCell& cell : row.cells) md << " " << cell.text << " |";
        md << " " << percent(row.detection_rate) << " |\n";
    }
    md << "| " << L.detection_row << " |";
    for (const PromptEntry& pe : rc.prompts) {
        md << " " << per_run(pe, [](const RunEntry& re) { return format_score(re.score.detection); })
           << " |";
    }
    md << " |\n| " << L.run_score_row << " |";
    for (const PromptEntry& pe : rc.prompts) {
        md << " " << per_run(pe, [](const RunEntry& re) { return format_score(re.score.total); })
           << " |";
    }
    md << " |\n\n";
    md << L.cells_note << "\n\n";
}

void write_round(std::ostringstream& md, const RoundComparison& rc, const Labels& L) {
    md << "## " << round_heading(rc, L) << "\n\n";
    if (rc.prompts.empty()) {
        md << L.no_review << "\n\n";
        return;
    }
    write_prompts(md, rc, L);
    write_matrix(md, rc, L);
    if (rc.has_recommendation) {
        md << "**" << L.recommendation << ":** " << rc.recommendation.prompt << ". "
           << rc.recommendation.reason << "\n\n";
    } else if (rc.prompts.size() == 1) {
        md << "**Recommendation:** none, only " << rc.prompts.front().prompt
           << " was graded.\n\n";
    } else {
        md << "**Recommendation:** none, no prompt is the baseline (name one \"baseline\" or "
              "choose it).\n\n";
    }
}

void write_trend(std::ostringstream& md, const PerspectiveTrend& t, const Labels& L) {
    md << "## " << L.across_rounds << " — " << t.perspective << "\n\n";
    md << L.trend_head << "\n";
    md << "|------:|-----|-------------|----------:|-------:|\n";
    for (const TrendPoint& pt : t.points) {
        md << "| " << pt.round << " | " << md_cell(pt.key_name) << " | " << md_cell(pt.best_prompt)
           << " | " << format_score(pt.best_mean) << " | ";
        if (!pt.has_change) {
            md << "—";
        } else {
            md << signed_change(pt.change);
            if (pt.round_gap > 1) md << " (over " << pt.round_gap << " rounds)";
        }
        md << " |\n";
    }
    md << "\n**" << L.convergence << ":** " << t.convergence_text << "\n\n";
}

std::string trimmed(std::ostringstream& md) {
    std::string out = md.str();
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

}  // namespace

std::string comparison_markdown(const Comparison& c) {
    const Labels& L = report_labels::english();
    std::ostringstream md;
    md << "# " << L.comparison_title << "\n\n";
    if (c.rounds.empty()) md << "No graded reviews to compare yet.\n\n";
    for (const RoundComparison& rc : c.rounds) write_round(md, rc, L);
    for (const PerspectiveTrend& t : c.trends) write_trend(md, t, L);
    if (!c.warnings.empty()) {
        md << "## " << L.warnings << "\n\n";
        for (const Diagnostic& d : c.warnings) md << "- " << reports_util::one_line(d.message) << "\n";
        md << "\n";
    }
    return trimmed(md);
}

std::string round_comparison_markdown(const Comparison& c, size_t round_index, ReportLanguage lang) {
    const Labels& L = lang == ReportLanguage::Japanese ? report_labels::japanese() : report_labels::english();
    std::ostringstream md;
    if (round_index >= c.rounds.size()) return "";
    const RoundComparison& rc = c.rounds[round_index];
    md << "# " << L.comparison_title << ": " << round_heading(rc, L) << "\n\n";
    write_round(md, rc, L);
    // The trend of this round's perspective, as far as the workspace knows it.
    for (const PerspectiveTrend& t : c.trends) {
        const bool ours = std::any_of(t.points.begin(), t.points.end(),
                                      [&](const TrendPoint& pt) { return pt.key_name == rc.key_name; });
        if (ours) write_trend(md, t, L);
    }
    return trimmed(md);
}

}  // namespace kg
