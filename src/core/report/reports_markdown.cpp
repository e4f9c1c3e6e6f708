// The Markdown scoring report, in the shape the LLM-judge workflow writes so that people can
// read both side by side: per key a `#` section, per prompt a `##` section, per run a `###`
// matrix | Problem ID | Title | Detection | Score | Justification |, the bonus and penalty
// lists, the subtotal and run total lines, then Mean / SD / stability and the recommendation.
#include <algorithm>
#include <sstream>

#include "report/reports.h"
#include "report/internal/reports_util.h"

namespace kg {

namespace {

using reports_util::md_cell;
using reports_util::run_label;

const char* stability_rule(Stability s) {
    switch (s) {
        case Stability::High: return "SD ≤ 0.5";
        case Stability::Medium: return "0.5 < SD ≤ 1.0";
        case Stability::Low: return "SD > 1.0";
    }
    return "";
}

std::string item_text(const ExtraItem& x) {
    std::string s;
    if (!x.bonus_id.empty()) s += x.bonus_id + ": ";
    s += x.note.empty() ? "(no note)" : reports_util::one_line(x.note);
    if (x.line_start > 0 && x.line_end > x.line_start) {
        s += " (lines " + std::to_string(x.line_start) + "–" + std::to_string(x.line_end) + ")";
    } else if (x.line_start > 0) {
        s += " (line " + std::to_string(x.line_start) + ")";
    }
    return s;
}

std::string plural(int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void write_run(std::ostringstream& md, const Workspace& ws, const KeyScores& ks,
               const ReviewScore& rs, int label) {
    const ReviewFile& r = ws.reviews[static_cast<size_t>(rs.review_index)];
    md << "### Run " << label << "\n\n";
    md << "Review: `" << r.name << "`\n\n";
    if (rs.ungraded > 0) {
        md << "> " << plural(rs.ungraded, "problem") << " not graded yet (scored 0.0).\n\n";
    }
    if (rs.stale > 0) {
        md << "> " << plural(rs.stale, "verdict")
           << " given to an earlier version of this review (marked stale).\n\n";
    }

    md << "| Problem ID | Title | Detection | Score | Justification |\n";
    md << "|------------|-------|-----------|-------|---------------|\n";
    for (size_t i = 0; i < ks.key.problems.size(); ++i) {
        const Problem& p = ks.key.problems[i];
        const Verdict v = rs.verdicts[i];
        const ProblemGrade* g = ws.find_grade(r, p.id);
        std::string justification = g ? g->note : "";
        if (g && g->stale) justification = "[stale] " + justification;
        md << "| " << md_cell(p.id) << " | " << md_cell(p.title) << " | "
           << (v == Verdict::Ungraded ? "(ungraded)" : verdict_symbol(v)) << " | "
           << format_score(verdict_score(v)) << " | " << md_cell(justification) << " |\n";
    }
    md << "\n";

    md << "**Bonus Analysis** (+" << format_score(kBonusPoints) << " each, at most " << kBonusCap
       << " count):\n\n";
    if (r.bonus.empty()) md << "- (none)\n";
    for (size_t i = 0; i < r.bonus.size(); ++i) {
        md << (i + 1) << ". " << item_text(r.bonus[i]);
        if (static_cast<int>(i) < kBonusCap) {
            md << " +" << format_score(kBonusPoints) << "\n";
        } else {
            md << " +0 (over the cap of " << kBonusCap << ", not counted)\n";
        }
    }
    md << "\n**Penalty Analysis** (-" << format_score(kPenaltyPoints) << " each, no cap):\n\n";
    if (r.penalties.empty()) md << "- (none)\n";
    for (size_t i = 0; i < r.penalties.size(); ++i) {
        md << (i + 1) << ". " << item_text(r.penalties[i]) << " -"
           << format_score(kPenaltyPoints) << "\n";
    }

    const RunScore& s = rs.score;
    md << "\n**Detection Subtotal**: " << format_score(s.detection) << "\n\n";
    md << "**Bonus**: +" << format_score(kBonusPoints * s.bonus_counted) << " ("
       << plural(s.bonus_counted, "item") << " counted";
    if (s.bonus_items > s.bonus_counted) md << " of " << s.bonus_items << ", cap " << kBonusCap;
    md << ")\n\n";
    md << "**Penalty**: -" << format_score(kPenaltyPoints * s.penalty_items) << " ("
       << plural(s.penalty_items, "item") << ")\n\n";
    md << "**Run" << label << " Score**: " << format_score(s.total) << "\n\n";
}

void write_prompt(std::ostringstream& md, const Workspace& ws, const KeyScores& ks,
                  const PromptStats& st, bool is_baseline) {
    md << "## " << st.prompt << (is_baseline ? " (baseline)" : "") << "\n\n";
    int position = 0;
    for (const ReviewScore& rs : ks.reviews) {
        if (rs.prompt != st.prompt) continue;
        write_run(md, ws, ks, rs, run_label(rs, ++position));
    }
    md << "### Summary\n\n";
    md << "- **Mean**: " << format_score(st.mean) << "\n";
    md << "- **SD**: " << format_score(st.sd) << "\n";
    md << "- **Stability**: " << stability_name(st.stability) << " ("
       << stability_rule(st.stability) << ")\n\n";
    md << "```\n" << reports_util::summary_for(ks, st) << "```\n\n";
}

// One row per prompt before the details, so the outcome is visible at a glance.
void write_overview(std::ostringstream& md, const KeyScores& ks) {
    size_t runs = 0;
    for (const PromptStats& st : ks.prompts) runs = std::max(runs, st.run_scores.size());
    md << "| Prompt |";
    for (size_t i = 1; i <= runs; ++i) md << " Run" << i << " |";
    md << " Mean | SD | Stability |\n|--------|";
    for (size_t i = 1; i <= runs; ++i) md << "------|";
    md << "------|----|-----------|\n";
    for (const PromptStats& st : ks.prompts) {
        md << "| " << md_cell(st.prompt) << " |";
        for (size_t i = 0; i < runs; ++i) {
            md << " " << (i < st.run_scores.size() ? format_score(st.run_scores[i]) : "") << " |";
        }
        md << " " << format_score(st.mean) << " | " << format_score(st.sd) << " | "
           << stability_name(st.stability) << " |\n";
    }
    md << "\n";
}

void write_convergence(std::ostringstream& md, const WorkspaceScores& scores) {
    md << "# Convergence\n\n";
    if (!scores.rounds.empty()) {
        md << "| Round | Answer key | Best prompt | Mean | Improvement |\n";
        md << "|-------|------------|-------------|------|-------------|\n";
        for (size_t i = 0; i < scores.rounds.size(); ++i) {
            const RoundBest& r = scores.rounds[i];
            md << "| " << r.round << " | `" << r.key_name << "` | " << md_cell(r.prompt) << " | "
               << format_score(r.mean) << " | ";
            if (i > 0) {
                const double d = r.mean - scores.rounds[i - 1].mean;
                md << (d >= 0 ? "+" : "") << format_score(d);
            }
            md << " |\n";
        }
        md << "\n";
    }
    md << "**Convergence**: " << convergence_name(scores.convergence) << " (";
    switch (scores.convergence) {
        case Convergence::InsufficientData:
            md << "fewer than 3 rounds with a round number";
            break;
        case Convergence::MayHaveConverged:
            md << "the best mean improved by less than 0.5 in each of the last two rounds";
            break;
        case Convergence::Improving:
            md << "the best mean improved by 0.5 or more in one of the last two rounds";
            break;
    }
    md << ")\n";
}

}  // namespace

std::string markdown_report(const Workspace& ws, const WorkspaceScores& scores) {
    std::ostringstream md;
    if (scores.keys.empty()) {
        md << "# Scoring Report\n\nNo review is linked to a loaded answer key yet.\n";
    }
    for (const KeyScores& ks : scores.keys) {
        const AnswerKey& key = ks.key;
        md << "# Scoring Report: " << (key.title.empty() ? ks.key_name : key.title) << "\n\n";
        md << "- **Answer key**: `" << ks.key_name << "`\n";
        if (!key.perspective.empty()) md << "- **Perspective**: " << key.perspective << "\n";
        if (!key.target.empty()) md << "- **Target**: " << key.target << "\n";
        md << "- **Problems**: " << key.problems.size() << " (max detection score "
           << format_score(static_cast<double>(key.problems.size())) << ")\n\n";
        write_overview(md, ks);

        for (size_t i = 0; i < ks.prompts.size(); ++i) {
            // compute_scores puts the baseline first whenever one is known.
            const bool is_baseline = i == 0 && ks.has_recommendation;
            write_prompt(md, ws, ks, ks.prompts[i], is_baseline);
        }

        md << "## Recommendation\n\n";
        if (!ks.has_recommendation) {
            md << (ks.prompts.size() < 2
                       ? "Only one prompt was scored: nothing to compare.\n\n"
                       : "No baseline prompt is known (none is named \"baseline\" and none "
                         "was chosen), so no recommendation is made.\n\n");
            continue;
        }
        const Recommendation& rec = ks.recommendation;
        md << "**Recommended**: " << rec.prompt << "\n\n";
        md << "- **Baseline**: " << ks.prompts.front().prompt << " (Mean "
           << format_score(ks.prompts.front().mean) << ", SD "
           << format_score(ks.prompts.front().sd) << ")\n";
        if (!rec.compared_to.empty()) {
            for (const PromptStats& st : ks.prompts) {
                if (st.prompt != rec.compared_to) continue;
                md << "- **Best variant**: " << st.prompt << " (Mean " << format_score(st.mean)
                   << ", SD " << format_score(st.sd) << ")\n";
            }
            md << "- **Difference**: " << (rec.difference >= 0 ? "+" : "")
               << format_score(rec.difference) << "\n";
        }
        md << "\n" << rec.reason << "\n\n";
    }
    if (!scores.keys.empty()) write_convergence(md, scores);
    return md.str();
}

}  // namespace kg
