// The workflow's own files from the human's grading (workflow_export.h). The scoring file is
// written in the shape of tests/fixtures/judge/scoring-v008-baseline.md (what the workflow's
// LLM judge writes), so that the judge parser reads it back: tests/unit/test_workflow_export.cpp
// checks that round trip for English and Japanese keys.
#include "report/workflow_export.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "base/text.h"
#include "intake/classify.h"
#include "report/internal/report_labels.h"
#include "report/internal/reports_util.h"

namespace kg {

namespace {

using report_labels::Labels;
using reports_util::md_cell;
using reports_util::run_label;

const Labels& labels_for(ReportLanguage lang) {
    return lang == ReportLanguage::Japanese ? report_labels::japanese() : report_labels::english();
}

std::string item_line(const ExtraItem& x) {
    std::string s;
    if (!x.bonus_id.empty()) s += "**" + x.bonus_id + "**: ";
    s += x.note.empty() ? "-" : reports_util::one_line(x.note);
    if (x.line_start > 0) {
        s += " (L" + std::to_string(x.line_start);
        if (x.line_end > x.line_start) s += "–" + std::to_string(x.line_end);
        s += ")";
    }
    return s;
}

std::string stability_text(Stability st, ReportLanguage lang) {
    if (lang == ReportLanguage::Japanese) {
        switch (st) {
            case Stability::High: return "高 (SD ≤ 0.5)";
            case Stability::Medium: return "中 (0.5 < SD ≤ 1.0)";
            case Stability::Low: return "低 (SD > 1.0)";
        }
    }
    switch (st) {
        case Stability::High: return "High (SD ≤ 0.5)";
        case Stability::Medium: return "Medium (0.5 < SD ≤ 1.0)";
        case Stability::Low: return "Low (SD > 1.0)";
    }
    return "";
}

void write_extras(std::ostringstream& md, const Labels& L, const char* heading,
                  const std::vector<ExtraItem>& items, bool bonus, const RunScore& s) {
    md << "### " << heading << "\n\n";
    if (items.empty()) md << L.none << "\n";
    for (size_t i = 0; i < items.size(); ++i) {
        md << (i + 1) << ". " << item_line(items[i]);
        if (!bonus) {
            md << " -" << format_score(kPenaltyPoints) << "\n";
        } else if (static_cast<int>(i) < kBonusCap) {
            md << " +" << format_score(kBonusPoints) << "\n";
        } else {
            md << " +0 (" << L.over_cap << ")\n";
        }
    }
    const int counted = bonus ? s.bonus_counted : s.penalty_items;
    const double points = bonus ? kBonusPoints * s.bonus_counted : kPenaltyPoints * s.penalty_items;
    md << "\n**" << (bonus ? L.bonus_total : L.penalty_total) << "**: " << (bonus ? "+" : "-")
       << format_score(points) << " (" << counted << " " << L.items << ")\n\n";
}

void write_run(std::ostringstream& md, const Workspace& ws, const KeyScores& ks, const ReviewScore& rs,
               int label, const Labels& L) {
    const ReviewFile& r = ws.reviews[static_cast<size_t>(rs.review_index)];
    md << "## " << L.run_scoring << label << L.run_scoring_suffix << "\n\n";
    md << L.matrix_head << "\n|----|------|------|------|------|\n";
    for (size_t i = 0; i < ks.key.problems.size(); ++i) {
        const Problem& p = ks.key.problems[i];
        const Verdict v = rs.verdicts[i];
        const ProblemGrade* g = ws.find_grade(r, p.id);
        std::string why = g ? g->note : "";
        if (v == Verdict::Ungraded) why = L.not_graded;
        md << "| " << md_cell(p.id) << " | " << md_cell(p.title) << " | "
           << (v == Verdict::Ungraded ? "-" : verdict_symbol(v)) << " | " << format_score(verdict_score(v))
           << " | " << md_cell(why) << " |\n";
    }
    const RunScore& s = rs.score;
    md << "\n**" << L.detection_subtotal << "**: " << format_score(s.detection) << "\n\n";
    write_extras(md, L, L.bonus_analysis, r.bonus, true, s);
    write_extras(md, L, L.penalty_analysis, r.penalties, false, s);
    md << "**Run" << label << " " << L.run_score << "**: " << format_score(s.total) << " ("
       << format_score(s.detection) << " + " << format_score(kBonusPoints * s.bonus_counted) << " - "
       << format_score(kPenaltyPoints * s.penalty_items) << ")\n\n";
}

bool has_cjk_majority(const std::string& text) {
    size_t cjk = 0, latin = 0;
    for (size_t i = 0; i < text.size();) {
        const uint32_t cp = next_codepoint(text, i);
        if (is_cjk(cp)) ++cjk;
        else if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ++latin;
    }
    // A CJK character carries about as much as a short English word.
    return cjk * 3 > latin;
}

}  // namespace

ReportLanguage report_language(const AnswerKey& key) {
    std::string text = key.title;
    for (const Problem& p : key.problems) text += " " + p.title + " " + p.description;
    return has_cjk_majority(text) ? ReportLanguage::Japanese : ReportLanguage::English;
}

std::string scoring_markdown(const Workspace& ws, const KeyScores& ks, const std::string& prompt,
                             ReportLanguage lang) {
    const Labels& L = labels_for(lang);
    std::ostringstream md;
    md << "# " << L.scoring_title << ": " << prompt << "\n\n";
    md << "## " << L.overview << "\n\n";
    md << "- **" << L.answer_key << "**: `" << ks.key_name << "`";
    if (!ks.key.title.empty()) md << " (" << ks.key.title << ")";
    md << ", " << ks.key.problems.size() << " problems\n";
    md << "- **" << L.reviews_scored << "**: ";
    std::vector<const ReviewScore*> runs;
    for (const ReviewScore& rs : ks.reviews) {
        if (rs.prompt == prompt) runs.push_back(&rs);
    }
    for (size_t i = 0; i < runs.size(); ++i) md << (i ? ", " : "") << "`" << runs[i]->review_name << "`";
    md << "\n- **" << L.rubric << "**: " << L.rubric_text << "\n";
    int ungraded = 0, from_judge = 0;
    for (const ReviewScore* rs : runs) {
        ungraded += rs->ungraded;
        const ReviewFile& r = ws.reviews[static_cast<size_t>(rs->review_index)];
        for (const ProblemGrade& g : r.grades) from_judge += g.from_judge && g.verdict != Verdict::Ungraded;
    }
    md << "- **" << L.graded_by << "**: KeyGrader (human verdicts";
    if (from_judge) md << "; " << from_judge << " adopted from the LLM judge, not yet confirmed";
    md << ")\n";
    if (ungraded) {
        md << "- **" << L.not_graded << "**: " << ungraded << " of "
           << runs.size() * ks.key.problems.size() << " verdicts (scored 0.0; Mean and SD use fully graded runs only)\n";
    }
    md << "\n";

    int position = 0;
    for (const ReviewScore* rs : runs) write_run(md, ws, ks, *rs, run_label(*rs, ++position), L);

    md << "## " << L.summary << "\n\n" << L.summary_head << "\n|-----|------|------|------|------|\n";
    position = 0;
    for (const ReviewScore* rs : runs) {
        const RunScore& s = rs->score;
        md << "| Run" << run_label(*rs, ++position) << " | " << format_score(s.detection) << " | +"
           << format_score(kBonusPoints * s.bonus_counted) << " | -" << format_score(kPenaltyPoints * s.penalty_items)
           << " | " << format_score(s.total) << " |\n";
    }
    const auto st = std::find_if(ks.prompts.begin(), ks.prompts.end(),
                                 [&](const PromptStats& p) { return p.prompt == prompt; });
    md << "\n";
    if (st != ks.prompts.end() && st->runs_graded > 0) {
        md << "**" << L.mean << "**: " << format_score(st->mean) << "\n";
        md << "**" << L.sd << "**: " << format_score(st->sd) << "\n";
        md << "**" << L.stability << "**: " << stability_text(st->stability, lang) << "\n\n";
        md << reports_util::summary_for(ks, *st);
    } else {
        // No fully graded run: no Mean or SD to state (the summary line says so).
        PromptStats none;
        none.prompt = prompt;
        none.runs_total = static_cast<int>(runs.size());
        md << "**" << L.mean << "**: -\n**" << L.sd << "**: -\n\n" << reports_util::summary_for(ks, none);
    }
    return md.str();
}

std::vector<ExportFile> workflow_files(const Workspace& ws, const WorkspaceScores& scores,
                                       const std::string& key_name) {
    std::vector<ExportFile> out;
    const Comparison comparison = build_comparison(scores);
    for (const KeyScores& ks : scores.keys) {
        if (!key_name.empty() && ks.key_name != key_name) continue;
        if (ks.reviews.empty()) continue;
        const ReportLanguage lang = report_language(ks.key);
        const std::string folder = place_of(ks.key_name).folder;
        const std::string dir = folder.empty() ? "" : folder + "/";
        std::vector<std::string> prompts;
        for (const ReviewScore& rs : ks.reviews) {
            if (std::find(prompts.begin(), prompts.end(), rs.prompt) == prompts.end()) prompts.push_back(rs.prompt);
        }
        for (const std::string& prompt : prompts) {
            std::string base = prompt.empty() ? "unnamed" : prompt;
            // The workflow names prompts "vNNN-<name>"; a prompt named without its round gets it.
            if (ks.key.round >= 0 && base.rfind("v", 0) != 0) {
                char prefix[16];
                std::snprintf(prefix, sizeof prefix, "v%03d-", ks.key.round);
                base = prefix + base;
            }
            out.push_back({dir + "results/" + base + "-scoring.md", scoring_markdown(ws, ks, prompt, lang), ks.key_name});
        }
        for (size_t i = 0; i < comparison.rounds.size(); ++i) {
            if (comparison.rounds[i].key_name != ks.key_name) continue;
            const int round = comparison.rounds[i].round;
            std::string name;
            if (round >= 0) {
                char buf[48];
                std::snprintf(buf, sizeof buf, "round-%03d-comparison.md", round);
                name = buf;
            } else {
                std::string key_base = place_of(ks.key_name).base;
                if (key_base.size() > 3 && key_base.compare(key_base.size() - 3, 3, ".md") == 0) key_base.resize(key_base.size() - 3);
                name = key_base + "-comparison.md";
            }
            out.push_back({dir + "reports/" + name, round_comparison_markdown(comparison, i, lang), ks.key_name});
        }
    }
    // Two keys of one folder for the same round (an "(earlier)" copy) would write the same
    // paths: keep the first, so no file overwrites another in a directory or an archive.
    std::vector<ExportFile> unique;
    for (ExportFile& f : out) {
        const bool seen = std::any_of(unique.begin(), unique.end(), [&](const ExportFile& u) { return u.path == f.path; });
        if (!seen) unique.push_back(std::move(f));
    }
    return unique;
}

}  // namespace kg
