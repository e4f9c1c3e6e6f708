// The Judge audit view: the LLM judge as a second rater of the same reviews, and a check of
// its own arithmetic. The reports are files of the Session (kind "judge", decided by
// kg::classify_file); this file shows them and their audits.
#include <algorithm>
#include <cstdio>
#include "key/answer_key.h"
#include "fonts.h"
#include "imgui.h"
#include "grading/rubric.h"
#include "widgets.h"
#include "wiring.h"
#include "judge_ui.h"

namespace kg::app {

const std::vector<ImportedJudge>& imported_judges(AppState& s) {
    JudgeViews& v = s.judge_views;
    kg::Session& ses = s.session;
    if (v.revision == ses.revision() && v.revision != 0) return v.reports;
    v.revision = ses.revision();
    v.reports.clear();
    const kg::Workspace& ws = ses.workspace();
    for (size_t i = 0; i < ws.judges.size(); ++i) {
        const kg::JudgeFile& jf = ws.judges[i];
        const kg::JudgeParseResult* parsed = ses.judge_report(static_cast<int>(i));
        const kg::ParsedDocument* kd = ses.key_document(jf.key_name);
        if (!parsed || !parsed->ok || !kd) continue;
        ImportedJudge j;
        j.file = jf.name;
        j.judge_index = static_cast<int>(i);
        j.key_name = jf.key_name;
        j.key = kd->key.key;
        j.report = parsed->report;
        for (const kg::JudgeRun& run : j.report.runs) j.run_audits.push_back(kg::audit_run(run));
        j.prompt_audits = kg::audit_prompts(j.report);
        j.comparison = kg::compare_with_human(j.report, j.key, ws, jf.key_name);
        v.reports.push_back(std::move(j));
    }
    return v.reports;
}

void import_judge_report_dialog(AppState& s) {
    s.expect_judge = true;
    s.expect_judge_frame = -1;
    platform::open_file_picker();
}

bool picker_expects_judge(AppState& s, const platform::IncomingFile& f) {
    // One batch of picked files (ingested over several frames) is read as judge reports.
    const int frame = s.ingest_batch;
    if (s.expect_judge && s.expect_judge_frame >= 0 && s.expect_judge_frame != frame) {
        s.expect_judge = false;
    }
    const bool expected = s.expect_judge && f.origin == "picker";
    if (expected) s.expect_judge_frame = frame;
    return expected;
}

void report_judge_ingest(AppState& s, const kg::IngestResult& r) {
    const kg::Workspace& ws = s.session.workspace();
    if (r.index < 0 || r.index >= static_cast<int>(ws.judges.size())) return;
    const kg::JudgeParseResult* parsed = s.session.judge_report(r.index);
    if (!parsed) {
        add_banner(Banner::Level::Warning,
                   r.name + ": judge report kept, not linked to a loaded key (link it in the Judge audit tab)");
        return;
    }
    if (!parsed->ok) {
        add_banner(Banner::Level::Warning, r.name + ": judge report kept, but not readable: " + parsed->error);
        return;
    }
    int flagged = 0;
    for (const kg::JudgeRun& run : parsed->report.runs) flagged += !kg::audit_run(run).arithmetic_ok;
    add_banner(flagged ? Banner::Level::Warning : Banner::Level::Info,
               "Judge report " + r.name + ": " + std::to_string(parsed->report.runs.size()) + " run(s)" +
                   (flagged ? ", " + std::to_string(flagged) + " with arithmetic flags" : "") +
                   " (see the Judge audit tab).");
}

namespace {

void stated_cell(const kg::StatedValue& v, double recomputed) {
    if (!v.present) {
        ImGui::TextDisabled("—");
        return;
    }
    const bool ok = kg::same_as_written(v, recomputed);
    if (!ok) ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(kg::Verdict::Missed));
    ImGui::Text("%.*f", std::max(1, v.decimals), v.value);
    if (!ok) ImGui::PopStyleColor();
}

void arithmetic_table(const ImportedJudge& j) {
    ImGui::TextDisabled("The judge's own arithmetic (recomputed from its tables and the rubric)");
    if (!ImGui::BeginTable("arith", 6, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                                           ImGuiTableFlags_SizingStretchProp))
        return;
    for (const char* h : {"Run", "Detection stated", "recomputed", "Score stated", "recomputed", "Check"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < j.report.runs.size(); ++i) {
        const kg::JudgeRun& run = j.report.runs[i];
        const kg::JudgeRunAudit& a = j.run_audits[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%s run %d", run.prompt.c_str(), run.run);
        ImGui::TableNextColumn();
        stated_cell(run.stated_detection, a.recomputed.detection);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", a.recomputed.detection);
        ImGui::TableNextColumn();
        stated_cell(run.stated_score, a.recomputed.total);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", a.recomputed.total);
        ImGui::TableNextColumn();
        if (a.arithmetic_ok) {
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(verdict_color(kg::Verdict::Detected)), "ok");
        } else {
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(verdict_color(kg::Verdict::Missed)), "FLAG (%d)",
                               static_cast<int>(a.issues.size()));
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                for (const kg::JudgeIssue& is : a.issues) ImGui::Text("line %d: %s", is.line, is.message.c_str());
                ImGui::EndTooltip();
            }
        }
    }
    ImGui::EndTable();
    for (size_t i = 0; i < j.run_audits.size(); ++i) {
        for (const kg::JudgeIssue& is : j.run_audits[i].issues) {
            ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(kg::Verdict::Missed));
            ImGui::TextWrapped("run %d, line %d: %s", j.report.runs[i].run, is.line, is.message.c_str());
            ImGui::PopStyleColor();
        }
    }
    for (const kg::JudgePromptAudit& pa : j.prompt_audits) {
        for (const kg::JudgeIssue& is : pa.issues) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette().stale);
            ImGui::TextWrapped("%s, line %d: %s", pa.prompt.c_str(), is.line, is.message.c_str());
            ImGui::PopStyleColor();
        }
    }
}

// Judge vs human per problem and run; disagreements on a tinted background.
void verdict_matrix(AppState& s, const ImportedJudge& j) {
    const kg::Workspace& ws = s.session.workspace();
    const size_t runs = j.report.runs.size();
    std::vector<const kg::ReviewFile*> human(runs, nullptr);
    for (size_t r = 0; r < runs; ++r) {
        for (const kg::JudgeScoreDiff& d : j.comparison.score_diff) {
            if (d.prompt == j.report.runs[r].prompt && d.run == j.report.runs[r].run) {
                const int idx = ws.find_review(d.review);
                if (idx >= 0) human[r] = &ws.reviews[static_cast<size_t>(idx)];
            }
        }
    }
    ImGui::TextDisabled("Verdicts: judge / human (tinted where they differ)");
    if (!ImGui::BeginTable("jm", static_cast<int>(runs) + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit))
        return;
    ImGui::TableSetupColumn("Problem");
    for (size_t r = 0; r < runs; ++r) {
        char h[64];
        std::snprintf(h, sizeof h, "run %d", j.report.runs[r].run);
        ImGui::TableSetupColumn(h);
    }
    ImGui::TableHeadersRow();
    const unsigned int tint = (verdict_color(kg::Verdict::Missed) & 0x00FFFFFFu) | 0x50000000u;
    for (size_t p = 0; p < j.key.problems.size(); ++p) {
        const std::string& id = j.key.problems[p].id;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(id.c_str());
        for (size_t r = 0; r < runs; ++r) {
            ImGui::TableNextColumn();
            kg::Verdict jv = kg::Verdict::Ungraded;
            for (const kg::JudgeVerdict& v : j.report.runs[r].problems)
                if (v.problem_id == id) jv = v.verdict;
            kg::Verdict hv = kg::Verdict::Ungraded;
            if (human[r]) {
                if (const kg::ProblemGrade* g = ws.find_grade(*human[r], id)) hv = g->verdict;
            }
            if (jv != kg::Verdict::Ungraded && hv != kg::Verdict::Ungraded && jv != hv)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, tint);
            verdict_badge(jv);
            ImGui::SameLine(0, 2);
            ImGui::TextDisabled("/");
            ImGui::SameLine(0, 2);
            verdict_badge(hv);
        }
    }
    ImGui::EndTable();
}

void agreement_block(const ImportedJudge& j) {
    const kg::Agreement& a = j.comparison.agreement;
    if (a.n == 0) {
        ImGui::TextDisabled("No problem graded by both the judge and you yet: grade the same reviews to compare.");
    } else {
        ImGui::Text("Cohen's kappa %.2f  ·  exact %.0f%%  ·  %d verdicts  ·  %d disagreements", a.kappa,
                    a.exact * 100, a.n, static_cast<int>(j.comparison.disagreements.size()));
        ImGui::TextDisabled("Confusion matrix (rows: human, columns: judge)");
        if (ImGui::BeginTable("conf", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
            ImGui::TableSetupColumn("");
            for (const char* h : {"○", "△", "×"}) ImGui::TableSetupColumn(h);
            ImGui::TableHeadersRow();
            const char* rows[] = {"○", "△", "×"};
            for (int r = 0; r < 3; ++r) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(rows[r]);
                for (int c = 0; c < 3; ++c) {
                    ImGui::TableNextColumn();
                    if (r != c && a.confusion[r][c] > 0)
                        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                                               (verdict_color(kg::Verdict::Missed) & 0x00FFFFFFu) | 0x50000000u);
                    ImGui::Text("%d", a.confusion[r][c]);
                }
            }
            ImGui::EndTable();
        }
    }
    if (!j.comparison.score_diff.empty()) {
        ImGui::TextDisabled("Score per run: judge vs human");
        if (ImGui::BeginTable("diff", 4, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
            for (const char* h : {"Run", "Judge", "Human", "Difference"}) ImGui::TableSetupColumn(h);
            ImGui::TableHeadersRow();
            for (const kg::JudgeScoreDiff& d : j.comparison.score_diff) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%s run %d", d.prompt.c_str(), d.run);
                ImGui::TableNextColumn();
                ImGui::Text("%.1f%s", d.judge, d.judge_stated ? "" : " (recomputed)");
                ImGui::TableNextColumn();
                ImGui::Text("%.1f%s", d.human, d.human_ungraded ? " *" : "");
                if (d.human_ungraded) hover_tip("Some problems are not graded yet (count as 0).");
                ImGui::TableNextColumn();
                ImGui::Text("%+.1f", d.diff);
            }
            ImGui::EndTable();
        }
    }
    for (const kg::Diagnostic& d : j.comparison.warnings) ImGui::TextDisabled("%s", d.message.c_str());
}

}  // namespace

void draw_judge_audit_panel(AppState& s) {
    const std::vector<ImportedJudge>& reports = imported_judges(s);
    section_title("Judge audit");
    if (ImGui::Button("Import judge report…")) import_judge_report_dialog(s);
    hover_tip("A scoring report written by an LLM judge (Markdown), read against the loaded key.");
    if (reports.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
        ImGui::TextWrapped("Import the scoring reports an LLM judge wrote for these reviews: its verdicts are "
                           "compared with yours (kappa, confusion matrix, score per run) and its own "
                           "arithmetic is checked.");
        ImGui::PopStyleColor();
        return;
    }
    ImGui::BeginChild("judge_scroll", ImVec2(0, 0), ImGuiChildFlags_None);
    for (size_t i = 0; i < reports.size(); ++i) {
        const ImportedJudge& j = reports[i];
        ImGui::PushID(static_cast<int>(i));
        std::string title = j.file + "  (" + (j.report.prompt.empty() ? "?" : j.report.prompt) + ", " + j.key_name + ")";
        if (ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
            // Adopt: the judge's verdicts as starting grades where the human has given none;
            // they show as "from judge" until confirmed or changed (deferred: edits the list).
            const int judge = j.judge_index;
            const bool adopt_all = ImGui::Button("Adopt verdicts (all runs)");
            remember_item_rect(("judge_adopt_all_" + std::to_string(i)).c_str());
            if (adopt_all) {
                s.deferred.push_back([&s, judge] {
                    const int n = s.session.adopt_judge(judge, 0);
                    add_banner(Banner::Level::Info, "Adopted " + std::to_string(n) +
                                                        " verdict(s) from the judge as starting grades");
                });
            }
            for (const kg::JudgeRun& run : j.report.runs) {
                ImGui::SameLine();
                const std::string label = "Run " + std::to_string(run.run);
                const int run_number = run.run;
                if (ImGui::SmallButton(label.c_str())) {
                    s.deferred.push_back([&s, judge, run_number] {
                        const int n = s.session.adopt_judge(judge, run_number);
                        add_banner(Banner::Level::Info, "Adopted " + std::to_string(n) +
                                                            " verdict(s) of run " + std::to_string(run_number));
                    });
                }
            }
            arithmetic_table(j);
            ImGui::Spacing();
            agreement_block(j);
            ImGui::Spacing();
            verdict_matrix(s, j);
            for (const kg::Diagnostic& d : j.report.warnings) ImGui::TextDisabled("line %d: %s", d.line, d.message.c_str());
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace kg::app
