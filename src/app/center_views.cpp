// The views of the center column, switched in the menu bar: the review being graded, the
// Compare view of the round (panel_compare.h) and the Judge audit. The review stays the
// default; the other two replace it while chosen.
#include "imgui.h"
#include "panel_compare.h"
#include "wiring.h"

namespace kg::app {

void remember_item_rect(const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    state().item_rects[name] = ImVec4(a.x, a.y, b.x - a.x, b.y - a.y);
}

void draw_file_menu_items(AppState& s) {
    if (ImGui::MenuItem("Copy share link")) copy_share_link(s);
    remember_item_rect("menu_copy_share_link");
    if (ImGui::MenuItem("Import judge report…")) import_judge_report_dialog(s);
    remember_item_rect("menu_import_judge");
}

void draw_view_switch(AppState& s) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    ImGui::TextDisabled("|");
    struct Tab {
        CenterView view;
        const char* name;
        const char* rect_name;
    };
    const Tab tabs[] = {{CenterView::Review, "Review", "tab_review"},
                        {CenterView::Compare, "Compare", "tab_compare"},
                        {CenterView::Judge, "Judge audit", "tab_judge"}};
    for (const Tab& t : tabs) {
        if (ImGui::MenuItem(t.name, nullptr, s.center_view == t.view)) s.center_view = t.view;
        remember_item_rect(t.rect_name);
    }
}

const char* center_view_name(CenterView v) {
    switch (v) {
        case CenterView::Compare: return "compare";
        case CenterView::Judge: return "judge";
        case CenterView::Review: break;
    }
    return "review";
}

bool draw_center_views(AppState& s) {
    const CenterView view = s.center_view;
    if (view == CenterView::Compare) {
        ImGui::BeginChild("compare_view", ImVec2(0, 0), ImGuiChildFlags_None);
        kg::app::draw_compare_panel(s.session.workspace(), s.session.scores());
        ImGui::EndChild();
        return true;
    }
    if (view == CenterView::Judge) {
        ImGui::BeginChild("judge_view", ImVec2(0, 0), ImGuiChildFlags_None);
        draw_judge_audit_panel(s);
        ImGui::EndChild();
        return true;
    }
    return false;
}

}  // namespace kg::app
