// The answer key of the selected review: its problems (verdict so far, the selected one
// opened with its description and ○/△/× criteria) and the bonus table.
#include "app_state.h"
#include "fonts.h"
#include "imgui.h"
#include "widgets.h"
#include "wiring.h"

namespace kg::app {

namespace {

void criterion_line(kg::Verdict v, const std::string& text) {
    verdict_badge(v);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", text.empty() ? "(the key gives no wording: rubric default)" : text.c_str());
}

void problem_details(const kg::Problem& p) {
    ImGui::Indent(ImGui::GetFontSize() * 0.8f);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
    std::string meta;
    for (const std::string* part : {&p.category, &p.severity, &p.location}) {
        if (part->empty()) continue;
        if (!meta.empty()) meta += " · ";
        meta += *part;
    }
    if (!meta.empty()) ImGui::TextWrapped("%s", meta.c_str());
    ImGui::PopStyleColor();
    if (!p.description.empty()) ImGui::TextWrapped("%s", p.description.c_str());
    criterion_line(kg::Verdict::Detected, p.criteria.detected);
    criterion_line(kg::Verdict::Partial, p.criteria.partial);
    criterion_line(kg::Verdict::Missed, p.criteria.missed);
    ImGui::Unindent(ImGui::GetFontSize() * 0.8f);
    ImGui::Spacing();
}

}  // namespace

void draw_key_panel(AppState& s) {
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    const int ri = ws.selection.review;
    const kg::ReviewFile* review = ri >= 0 && ri < static_cast<int>(ws.reviews.size())
                                       ? &ws.reviews[static_cast<size_t>(ri)] : nullptr;
    const kg::ParsedDocument* kd = review ? ses.key_document(review->key_name) : nullptr;
    if (!kd && ws.keys.size() == 1 && !review) kd = ses.key_document(ws.keys[0].name);
    if (!kd) {
        section_title("Answer key");
        ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
        ImGui::TextWrapped(review ? "This review is not linked to a key: choose one under Selected review."
                                  : "The problems of the answer key show here.");
        ImGui::PopStyleColor();
        return;
    }
    if (!kd->key.is_key) {
        section_title("Answer key");
        ImGui::TextWrapped("This key could not be read: %s", kd->key.error.c_str());
        return;
    }
    const kg::AnswerKey& key = kd->key.key;
    std::string title = key.title.empty() ? "Answer key" : key.title;
    section_title(title.c_str());
    {
        std::string meta;
        if (!key.perspective.empty()) meta += key.perspective;
        if (!key.target.empty()) meta += (meta.empty() ? "" : " · ") + key.target;
        meta += (meta.empty() ? "" : " · ") + std::to_string(key.problems.size()) + " problems";
        if (key.declared_problems >= 0 && key.declared_problems != static_cast<int>(key.problems.size()))
            meta += " (key says " + std::to_string(key.declared_problems) + ")";
        ImGui::TextDisabled("%s", meta.c_str());
        if (!key.warnings.empty()) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, palette().stale);
            ImGui::Text("%d warning%s", static_cast<int>(key.warnings.size()),
                        key.warnings.size() == 1 ? "" : "s");
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                for (const kg::Diagnostic& d : key.warnings) ImGui::Text("line %d: %s", d.line, d.message.c_str());
                ImGui::EndTooltip();
            }
        }
    }

    ImGui::BeginChild("problems", ImVec2(0, 0), ImGuiChildFlags_None);
    const int selected = ws.selection.problem;
    std::string last_group;
    for (size_t i = 0; i < key.problems.size(); ++i) {
        const kg::Problem& p = key.problems[i];
        if (!p.group.empty() && p.group != last_group) {
            last_group = p.group;
            ImGui::TextDisabled("%s", p.group.c_str());
        }
        ImGui::PushID(static_cast<int>(i));
        kg::Verdict v = kg::Verdict::Ungraded;
        bool stale = false;
        if (review) {
            if (const kg::ProblemGrade* g = ws.find_grade(*review, p.id)) {
                v = g->verdict;
                stale = g->stale;
            }
        }
        const bool is_sel = static_cast<int>(i) == selected;
        const ImVec2 start = ImGui::GetCursorPos();
        if (ImGui::Selectable("##p", is_sel, ImGuiSelectableFlags_None,
                              ImVec2(0, ImGui::GetTextLineHeight())))
            ses.select_problem(static_cast<int>(i));
        // Keyboard moves keep the selected problem in view.
        if (is_sel && s.key_scrolled_for != selected) {
            if (!ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.25f);
            s.key_scrolled_for = selected;
        }
        ImGui::SetCursorPos(ImVec2(start.x + 4, start.y));
        verdict_badge(v);
        ImGui::SameLine();
        ImGui::PushFont(is_sel ? font_bold() : font_regular());
        ImGui::Text("%s", p.id.c_str());
        ImGui::PopFont();
        draw_ghost_verdict(s, review, p.id);   // the machine suggestion, dimmed
        ImGui::SameLine();
        // One line per problem; the full title shows when selected.
        const float avail = ImGui::GetContentRegionAvail().x;
        if (is_sel) ImGui::TextWrapped("%s", p.title.c_str());
        else ImGui::TextUnformatted(fit_with_ellipsis(p.title, avail).c_str());
        if (stale) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, palette().stale);
            ImGui::TextUnformatted("stale");
            ImGui::PopStyleColor();
        }
        if (is_sel) problem_details(p);
        ImGui::PopID();
    }

    if (!key.bonus.empty()) {
        ImGui::Spacing();
        if (ImGui::CollapsingHeader("Bonus table", ImGuiTreeNodeFlags_DefaultOpen)) {
            if (ImGui::BeginTable("bonus", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                                                  ImGuiTableFlags_SizingStretchProp)) {
                ImGui::TableSetupColumn("ID", ImGuiTableColumnFlags_WidthFixed);
                ImGui::TableSetupColumn("Content", ImGuiTableColumnFlags_WidthStretch, 3);
                ImGui::TableSetupColumn("Condition", ImGuiTableColumnFlags_WidthStretch, 2);
                ImGui::TableHeadersRow();
                for (const kg::BonusRow& b : key.bonus) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(b.id.c_str());
                    ImGui::TableNextColumn();
                    if (!b.category.empty()) ImGui::TextDisabled("%s", b.category.c_str());
                    ImGui::TextWrapped("%s", b.content.c_str());
                    ImGui::TableNextColumn();
                    ImGui::TextWrapped("%s", b.criteria.c_str());
                }
                ImGui::EndTable();
            }
        }
    }
    ImGui::EndChild();
}

}  // namespace kg::app
