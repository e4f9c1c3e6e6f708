// The grading panel: the run score, the selected problem's ○/△/× buttons with the key's
// criteria beside them, the note and evidence; bonus and penalty items; and the live scores
// of the key (per prompt Mean, SD, stability, the detection matrix, the recommendation).
#include <algorithm>
#include <cstdio>
#include "app_state.h"
#include "fonts.h"
#include "imgui.h"
#include "intake/classify.h"
#include "grading/rubric.h"
#include "theme.h"
#include "widgets.h"
#include "wiring.h"

namespace kg::app {

namespace {

const kg::KeyScores* key_scores_of(const kg::WorkspaceScores& sc, int review, const kg::ReviewScore** rs) {
    for (const kg::KeyScores& k : sc.keys) {
        for (const kg::ReviewScore& r : k.reviews) {
            if (r.review_index == review) {
                if (rs) *rs = &r;
                return &k;
            }
        }
    }
    return nullptr;
}

void run_score_card(const kg::ReviewScore* rs) {
    if (!rs) {
        ImGui::TextDisabled("Link this review to a key to score it.");
        return;
    }
    char big[32];
    std::snprintf(big, sizeof big, "%.1f", rs->score.total);
    ImGui::PushFont(font_heading());
    ImGui::TextUnformatted(big);
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextDisabled("run score");
    ImGui::Text("detection %.1f + bonus %.1f − penalty %.1f", rs->score.detection,
                rs->score.bonus_counted * kg::kBonusPoints, rs->score.penalty_items * kg::kPenaltyPoints);
    ImGui::EndGroup();
    if (rs->ungraded > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
        ImGui::Text("%d of %d problems ungraded", rs->ungraded, static_cast<int>(rs->verdicts.size()));
        ImGui::PopStyleColor();
    }
    if (rs->score.bonus_items > kg::kBonusCap) {
        ImGui::TextDisabled("%d bonus items given, %d count (cap)", rs->score.bonus_items, kg::kBonusCap);
    }
}

// One ○/△/× row: a colored button with its shortcut, the key's criterion beside it.
bool verdict_row(kg::Verdict v, bool active, const char* shortcut, const std::string& criterion) {
    const Palette& pal = palette();
    const float bw = ImGui::GetFontSize() * 4.2f;
    ImGui::PushID(static_cast<int>(v));
    const ImVec4 col = ImGui::ColorConvertU32ToFloat4(verdict_color(v));
    if (active) {
        ImGui::PushStyleColor(ImGuiCol_Button, col);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, col);
        // Light text on the strong colors of the light theme, dark text on the bright ones of the dark.
        ImGui::PushStyleColor(ImGuiCol_Text, theme_is_dark() ? IM_COL32(20, 22, 26, 255) : IM_COL32(255, 255, 255, 255));
    } else {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(col.x, col.y, col.z, 0.35f));
        ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(v));
    }
    char label[48];
    std::snprintf(label, sizeof label, "%s  %s", kg::verdict_symbol(v), shortcut);
    ImGui::PushFont(font_bold());
    const bool clicked = ImGui::Button(label, ImVec2(bw, 0));
    ImGui::PopFont();
    ImGui::PopStyleColor(3);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, active ? pal.text : pal.muted);
    if (criterion.empty()) {
        const char* generic = v == kg::Verdict::Detected ? "Detected: a finding meets the whole problem."
                              : v == kg::Verdict::Partial ? "Partial: a related finding that misses the core."
                                                          : "Missed: nothing in the review addresses it.";
        ImGui::TextWrapped("%s", generic);
    } else {
        ImGui::TextWrapped("%s", criterion.c_str());
    }
    ImGui::PopStyleColor();
    ImGui::PopID();
    return clicked;
}

// The machine's suggestion as a ghost: its verdict, confidence and evidence passages (click
// to jump; also outlined in the review). The human verdict always wins; A accepts.
void suggestion_block(AppState& s, int ri, const kg::Problem& p, kg::Verdict current) {
    kg::Session& ses = s.session;
    const kg::ProblemSuggestion* sug = ses.suggestion(ri, p.id);
    if (!sug) return;
    ImGui::PushID("suggestion");
    ImGui::TextDisabled("Suggested");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(sug->verdict));
    ImGui::TextUnformatted(kg::verdict_symbol(sug->verdict));
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextDisabled("%.0f%%", sug->confidence * 100);
    if (current == kg::Verdict::Ungraded) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Accept (A)")) ses.set_verdict(ri, p.id, sug->verdict);
    } else if (current != sug->verdict) {
        ImGui::SameLine();
        ImGui::TextDisabled("(you: %s)", kg::verdict_symbol(current));
    }
    // What the model concluded and what decided it; "calibrated on N verdicts" once the
    // grader's verdicts on other reviews of this key have shifted it.
    {
        std::string why;
        for (size_t i = 0; i < sug->deciding.size() && i < 3; ++i) {
            char part[64];
            std::snprintf(part, sizeof part, "%s%s %+.1f", i ? ", " : "", sug->deciding[i].name,
                          sug->deciding[i].contribution);
            why += part;
        }
        if (sug->calibrated_on > 0)
            ImGui::TextDisabled("on topic p=%.2f · %s · calibrated on %d verdicts", sug->probability, why.c_str(),
                                sug->calibrated_on);
        else
            ImGui::TextDisabled("on topic p=%.2f · %s", sug->probability, why.c_str());
        std::string all = "Model features (value, weight x value):";
        for (const auto& c : sug->deciding) {
            char line[96];
            std::snprintf(line, sizeof line, "\n  %s = %.2f (%+.2f)", c.name, c.value, c.contribution);
            all += line;
        }
        if (sug->calibrated_on > 0) {
            char line[96];
            std::snprintf(line, sizeof line, "\nCalibration shift %+.2f from %d of your verdicts on this key",
                          sug->calibration_shift, sug->calibrated_on);
            all += line;
        }
        hover_tip(all.c_str());
    }
    if (!sug->core_missing.empty() && sug->verdict != kg::Verdict::Detected) {
        std::string missing;
        for (size_t i = 0; i < sug->core_missing.size() && i < 6; ++i) missing += (i ? ", " : "") + sug->core_missing[i];
        hover_tip(("Not found for ○: " + missing).c_str());
    }
    for (size_t i = 0; i < sug->evidence.size() && i < 3; ++i) {
        const kg::EvidencePassage& e = sug->evidence[i];
        ImGui::PushID(static_cast<int>(i));
        char label[64];
        std::snprintf(label, sizeof label, "L%d–%d", e.line_start, e.line_end);
        if (ImGui::SmallButton(label)) s.review_view.jump_to_lines(e.line_start, e.line_end);
        ImGui::SameLine();
        std::string text = e.text.substr(0, 90);
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
        if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
        ImGui::TextDisabled("%s…", text.c_str());
        hover_tip(e.text.c_str());
        ImGui::PopID();
    }
    ImGui::PopID();
}

void problem_section(AppState& s, int ri, const kg::ReviewFile& r, const kg::Problem& p) {
    kg::Session& ses = s.session;
    const kg::ProblemGrade* g = ses.workspace().find_grade(r, p.id);
    const kg::Verdict current = g ? g->verdict : kg::Verdict::Ungraded;
    std::string title = p.id + "  " + p.title;
    heading_text(title.c_str());
    if (!p.severity.empty() || !p.category.empty()) {
        ImGui::TextDisabled("%s%s%s", p.severity.c_str(), p.severity.empty() || p.category.empty() ? "" : " · ",
                            p.category.c_str());
    }
    if (g && g->stale) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().stale);
        ImGui::TextWrapped("Stale: this verdict was given to an earlier version of the review.");
        ImGui::PopStyleColor();
        if (ImGui::SmallButton("Still right")) ses.confirm_stale(ri, p.id);
    }
    if (g && g->from_judge && g->verdict != kg::Verdict::Ungraded) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().stale);
        ImGui::TextWrapped("From judge: adopted from the LLM judge's report, not yet yours.");
        ImGui::PopStyleColor();
        if (ImGui::SmallButton("Confirm")) ses.confirm_adopted(ri, p.id);
    }
    // What the LLM judge said about this problem in this run, beside the human's verdict.
    for (const kg::Session::JudgeOpinion& op : ses.judge_opinions(ri)) {
        for (const kg::JudgeVerdict& jv : op.problems) {
            if (jv.problem_id != p.id || jv.verdict == kg::Verdict::Ungraded) continue;
            ImGui::TextDisabled("Judge:");
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(jv.verdict));
            ImGui::TextUnformatted(kg::verdict_symbol(jv.verdict));
            ImGui::PopStyleColor();
            ImGui::SameLine();
            const std::string where = kg::place_of(op.judge_name).base + ", run " + std::to_string(op.run) +
                                      (jv.line > 0 ? ", line " + std::to_string(jv.line) : "");
            ImGui::TextDisabled("(%s)%s", where.c_str(),
                                current != kg::Verdict::Ungraded && current != jv.verdict ? "  differs from yours" : "");
        }
    }
    if (verdict_row(kg::Verdict::Detected, current == kg::Verdict::Detected, "1", p.criteria.detected))
        ses.set_verdict(ri, p.id, kg::Verdict::Detected);
    if (verdict_row(kg::Verdict::Partial, current == kg::Verdict::Partial, "2", p.criteria.partial))
        ses.set_verdict(ri, p.id, kg::Verdict::Partial);
    if (verdict_row(kg::Verdict::Missed, current == kg::Verdict::Missed, "3", p.criteria.missed))
        ses.set_verdict(ri, p.id, kg::Verdict::Missed);
    ImGui::BeginDisabled(current == kg::Verdict::Ungraded);
    if (ImGui::SmallButton("Clear verdict (0)")) ses.set_verdict(ri, p.id, kg::Verdict::Ungraded);
    ImGui::EndDisabled();
    suggestion_block(s, ri, p, current);

    ImGui::Spacing();
    ImGui::TextDisabled("Note (N)");
    std::string note = g ? g->note : std::string();
    if (s.focus_note) {
        focus_next_item();
        s.focus_note = false;
    }
    if (input_text_multiline("##note", note, -1, ImGui::GetTextLineHeight() * 3.6f)) {
        need_glyphs(note);
        ses.set_note(ri, p.id, note);
    }

    ImGui::TextDisabled("Evidence");
    ImGui::SameLine();
    ImGui::BeginDisabled(!s.review_view.has_selection());
    if (ImGui::SmallButton("+ selected passage (E)")) ses.add_evidence(ri, p.id, s.review_view.selection_evidence());
    ImGui::EndDisabled();
    if (!g || g->evidence.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
        ImGui::TextWrapped("Select a passage in the review (click, shift-click) or use + in Findings.");
        ImGui::PopStyleColor();
    } else {
        int remove = -1;
        for (size_t i = 0; i < g->evidence.size(); ++i) {
            const kg::Evidence& e = g->evidence[i];
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::SmallButton("×")) remove = static_cast<int>(i);
            ImGui::SameLine();
            char where[32];
            std::snprintf(where, sizeof where, "L%d–%d", e.line_start, e.line_end);
            std::string label = std::string(where) + "  " + e.text;
            if (label.size() > 160) {
                size_t cut = 160;
                while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
                label = label.substr(0, cut) + "…";
            }
            ImGui::PushTextWrapPos(0);
            if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_None)) {
                s.review_view.jump_to_lines(e.line_start, e.line_end);
            }
            ImGui::PopTextWrapPos();
            hover_tip(e.text.c_str());
            ImGui::PopID();
        }
        if (remove >= 0) ses.remove_evidence(ri, p.id, remove);
    }
}

void extras_section(AppState& s, int ri, const kg::ReviewFile& r, const kg::AnswerKey* key,
                    kg::ExtraKind kind) {
    kg::Session& ses = s.session;
    const bool bonus = kind == kg::ExtraKind::Bonus;
    const std::vector<kg::ExtraItem>& items = bonus ? r.bonus : r.penalties;
    ImGui::PushID(bonus ? "bonus" : "penalty");
    char title[96];
    if (bonus) std::snprintf(title, sizeof title, "Bonus: %d (+0.5 each, at most %d count)", static_cast<int>(items.size()), kg::kBonusCap);
    else std::snprintf(title, sizeof title, "Penalties: %d (−0.5 each)", static_cast<int>(items.size()));
    ImGui::TextUnformatted(title);
    ImGui::SameLine();
    if (ImGui::SmallButton("+ add")) {
        kg::ExtraItem item;
        if (s.review_view.has_selection()) {
            const kg::Evidence e = s.review_view.selection_evidence();
            item.line_start = e.line_start;
            item.line_end = e.line_end;
            item.note = e.text.substr(0, 120);
        }
        ses.add_extra(ri, kind, item);
        s.focus_extra = bonus ? 1 : 2;
    }
    hover_tip(bonus ? "A useful, in-scope finding the key does not list. The selected passage is attached."
                    : "An out-of-scope or wrong finding. The selected passage is attached.");
    int remove = -1;
    for (size_t i = 0; i < items.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        kg::ExtraItem item = items[i];
        if (ImGui::SmallButton("×")) remove = static_cast<int>(i);
        ImGui::SameLine();
        if (bonus && key && !key->bonus.empty()) {
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
            if (ImGui::BeginCombo("##bid", item.bonus_id.empty() ? "—" : item.bonus_id.c_str())) {
                if (ImGui::Selectable("—", item.bonus_id.empty())) {
                    item.bonus_id.clear();
                    ses.update_extra(ri, kind, static_cast<int>(i), item);
                }
                for (const kg::BonusRow& b : key->bonus) {
                    std::string l = b.id + "  " + b.content.substr(0, 60);
                    if (ImGui::Selectable(l.c_str(), b.id == item.bonus_id)) {
                        item.bonus_id = b.id;
                        ses.update_extra(ri, kind, static_cast<int>(i), item);
                    }
                }
                ImGui::EndCombo();
            }
            hover_tip("The row of the key's bonus table this finding matches, if any.");
            ImGui::SameLine();
        }
        if (item.line_start > 0) {
            char where[32];
            std::snprintf(where, sizeof where, "L%d", item.line_start);
            if (ImGui::SmallButton(where)) s.review_view.jump_to_lines(item.line_start, item.line_end);
            ImGui::SameLine();
        }
        ImGui::SetNextItemWidth(-1);
        const bool focus_this = s.focus_extra == (bonus ? 1 : 2) && i + 1 == items.size();
        if (focus_this) {
            focus_next_item();
            s.focus_extra = 0;
        }
        if (input_text_hint("##note", bonus ? "why it earns a bonus" : "why it is penalised", item.note)) {
            need_glyphs(item.note);
            ses.update_extra(ri, kind, static_cast<int>(i), item);
        }
        ImGui::PopID();
    }
    if (remove >= 0) ses.remove_extra(ri, kind, remove);
    ImGui::PopID();
}

// Shortest distinguishing label for a prompt: drop the prefix all prompts share ("v008-").
std::string short_prompt(const std::string& prompt, const std::string& common) {
    if (common.size() < prompt.size() && prompt.compare(0, common.size(), common) == 0)
        return prompt.substr(common.size());
    return prompt;
}

std::string common_prefix(const kg::KeyScores& ks) {
    if (ks.reviews.empty()) return "";
    std::string c = ks.reviews[0].prompt;
    for (const kg::ReviewScore& r : ks.reviews) {
        size_t n = 0;
        while (n < c.size() && n < r.prompt.size() && c[n] == r.prompt[n]) ++n;
        c.resize(n);
    }
    const size_t dash = c.find_last_of('-');
    return dash == std::string::npos ? "" : c.substr(0, dash + 1);
}

void scores_section(AppState& s, const kg::KeyScores& ks, int ri) {
    kg::Session& ses = s.session;
    const Palette& pal = palette();
    const std::string common = common_prefix(ks);
    if (ImGui::BeginTable("prompts", 4, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                                            ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Prompt", ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableSetupColumn("Mean", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("SD", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("Stability", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (const kg::PromptStats& p : ks.prompts) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool recommended = ks.has_recommendation && ks.recommendation.prompt == p.prompt;
            if (recommended) ImGui::PushFont(font_bold());
            ImGui::TextUnformatted(short_prompt(p.prompt, common).c_str());
            if (recommended) ImGui::PopFont();
            std::string runs;
            for (double v : p.run_scores) {
                char b[16];
                std::snprintf(b, sizeof b, "%s%.1f", runs.empty() ? "" : ", ", v);
                runs += b;
            }
            hover_tip((p.prompt + "\nruns: " + runs).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", p.mean);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", p.sd);
            ImGui::TableNextColumn();
            const unsigned int c = p.stability == kg::Stability::High ? verdict_color(kg::Verdict::Detected)
                                   : p.stability == kg::Stability::Medium ? verdict_color(kg::Verdict::Partial) : verdict_color(kg::Verdict::Missed);
            ImGui::PushStyleColor(ImGuiCol_Text, c);
            ImGui::TextUnformatted(kg::stability_name(p.stability));
            ImGui::PopStyleColor();
        }
        ImGui::EndTable();
    }
    if (ks.has_recommendation) {
        ImGui::PushStyleColor(ImGuiCol_Text, pal.heading);
        ImGui::TextWrapped("Recommended: %s", ks.recommendation.prompt.c_str());
        ImGui::PopStyleColor();
        ImGui::PushStyleColor(ImGuiCol_Text, pal.muted);
        ImGui::TextWrapped("%s", ks.recommendation.reason.c_str());
        ImGui::PopStyleColor();
    }

    // Detection matrix: problems down, runs across; click a cell to go there.
    const int cols = static_cast<int>(ks.reviews.size());
    if (cols == 0 || ks.key.problems.empty()) return;
    ImGui::Spacing();
    ImGui::TextDisabled("Detection matrix");
    const float cell_w = ImGui::GetFontSize() * 2.0f;
    const float table_h = std::min(ImGui::GetTextLineHeightWithSpacing() * (ks.key.problems.size() + 3.5f),
                                   ImGui::GetFontSize() * 26);
    if (ImGui::BeginTable("matrix", cols + 1,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                              ImGuiTableFlags_SizingFixedFit,
                          ImVec2(0, table_h))) {
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        for (const kg::ReviewScore& r : ks.reviews) {
            // Two short lines: the prompt without the shared prefix (and "variant-"), the run.
            std::string name = short_prompt(r.prompt, common);
            if (name.rfind("variant-", 0) == 0) name = name.substr(8);
            if (name.size() > 12) name = name.substr(0, 11) + "…";
            char h[96];
            std::snprintf(h, sizeof h, "%s\nrun %d", name.c_str(), r.run);
            ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthFixed);
        }
        ImGui::TableHeadersRow();
        const int sel_problem = ses.workspace().selection.problem;
        for (size_t p = 0; p < ks.key.problems.size(); ++p) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (static_cast<int>(p) == sel_problem) ImGui::PushFont(font_bold());
            ImGui::TextUnformatted(ks.key.problems[p].id.c_str());
            if (static_cast<int>(p) == sel_problem) ImGui::PopFont();
            for (int c = 0; c < cols; ++c) {
                ImGui::TableNextColumn();
                const kg::ReviewScore& r = ks.reviews[static_cast<size_t>(c)];
                const kg::Verdict v = p < r.verdicts.size() ? r.verdicts[p] : kg::Verdict::Ungraded;
                if (r.review_index == ri && static_cast<int>(p) == sel_problem)
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, pal.selection);
                ImGui::PushID(c * 1000 + static_cast<int>(p));
                ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(v));
                if (ImGui::Selectable(verdict_glyph(v), false, 0, ImVec2(cell_w, 0))) {
                    const int rv = r.review_index;
                    const int pv = static_cast<int>(p);
                    s.deferred.push_back([&ses, rv, pv] {
                        ses.select_review(rv);
                        ses.select_problem(pv);
                    });
                }
                ImGui::PopStyleColor();
                ImGui::PopID();
            }
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("total");
        for (int c = 0; c < cols; ++c) {
            ImGui::TableNextColumn();
            ImGui::Text("%.1f", ks.reviews[static_cast<size_t>(c)].score.total);
        }
        ImGui::EndTable();
    }
}

}  // namespace

void draw_grading_panel(AppState& s) {
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    const int ri = ws.selection.review;
    if (ri < 0 || ri >= static_cast<int>(ws.reviews.size())) {
        section_title("Grading");
        ImGui::TextDisabled("Select a review to grade it.");
        return;
    }
    const kg::ReviewFile& r = ws.reviews[static_cast<size_t>(ri)];
    const kg::WorkspaceScores& sc = ses.scores();
    const kg::ReviewScore* rs = nullptr;
    const kg::KeyScores* ks = key_scores_of(sc, ri, &rs);
    run_score_card(rs);
    const int stale = ses.stale_count(ri);
    if (stale > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().stale);
        ImGui::TextWrapped("%d grade(s) are stale: the review changed since.", stale);
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::SmallButton("Confirm all")) ses.confirm_all_stale(ri);
    }

    ImGui::BeginChild("grading_scroll", ImVec2(0, 0), ImGuiChildFlags_None);
    const kg::AnswerKey* key = ses.key_of(ri);
    if (const kg::Problem* p = ses.selected_problem()) {
        section_title("Problem");
        problem_section(s, ri, r, *p);
    } else if (!key) {
        ImGui::TextDisabled("No key linked: choose one in the file list.");
    }
    section_title("Bonus and penalties");
    extras_section(s, ri, r, key, kg::ExtraKind::Bonus);
    ImGui::Spacing();
    extras_section(s, ri, r, key, kg::ExtraKind::Penalty);
    draw_unmatched_findings(s, ri);
    if (ks) {
        section_title("Scores");
        scores_section(s, *ks, ri);
        draw_suggestion_agreement(s);
    }
    ImGui::EndChild();
}

}  // namespace kg::app
