// The views of the center column, switched in the menu bar: the review being graded, the
// Compare view of the round (panel_compare.h) and the Judge audit. The review stays the
// default; the other two replace it while chosen.
#include <map>
#include <string>
#include "imgui.h"
#include "panel_compare.h"
#include "wiring.h"

namespace kg::app {

namespace {
int& shown_view() {
    static int v = 0;   // 0 review, 1 compare, 2 judge audit
    return v;
}
}  // namespace

int center_view() { return shown_view(); }

std::map<std::string, ImVec4>& item_rects() {
    static std::map<std::string, ImVec4> rects;   // x, y, w, h in CSS pixels
    return rects;
}

void remember_item_rect(const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    item_rects()[name] = ImVec4(a.x, a.y, b.x - a.x, b.y - a.y);
}

void draw_file_menu_items(AppState& s) {
    if (ImGui::MenuItem("Copy share link")) copy_share_link(s);
    remember_item_rect("menu_copy_share_link");
    if (ImGui::MenuItem("Import judge report…")) import_judge_report_dialog(s);
    remember_item_rect("menu_import_judge");
}

void draw_view_switch(AppState&) {
    int& view = shown_view();
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    ImGui::TextDisabled("|");
    const char* names[] = {"Review", "Compare", "Judge audit"};
    const char* rect_names[] = {"tab_review", "tab_compare", "tab_judge"};
    for (int i = 0; i < 3; ++i) {
        if (ImGui::MenuItem(names[i], nullptr, view == i)) view = i;
        remember_item_rect(rect_names[i]);
    }
}

bool draw_center_views(AppState& s) {
    const int view = shown_view();
    if (view == 1) {
        ImGui::BeginChild("compare_view", ImVec2(0, 0), ImGuiChildFlags_None);
        kg::app::draw_compare_panel(s.session.workspace(), s.session.scores());
        ImGui::EndChild();
        return true;
    }
    if (view == 2) {
        ImGui::BeginChild("judge_view", ImVec2(0, 0), ImGuiChildFlags_None);
        draw_judge_audit_panel(s);
        ImGui::EndChild();
        return true;
    }
    return false;
}

}  // namespace kg::app
