// Asking before work is replaced (issue 15): a modal that says what a share link or an import
// would change, with Apply / Cancel. Enter accepts, Escape cancels; shortcuts are off while it
// shows (handle_shortcuts skips them under any popup). Questions queue: one at a time.
#include "app_state.h"
#include "imgui.h"
#include "wiring.h"

namespace kg::app {

namespace {
constexpr const char* kPopupId = "Please confirm##kg-confirm";
constexpr size_t kMaxLinesShown = 14;

void answer(AppState& s, bool accepted) {
    Confirmation c = std::move(s.confirms.front());
    s.confirms.erase(s.confirms.begin());
    ImGui::CloseCurrentPopup();
    if (accepted && c.on_accept) c.on_accept();
    if (!accepted && c.on_cancel) c.on_cancel();
}
}  // namespace

void ask_to_confirm(AppState& s, Confirmation c) { s.confirms.push_back(std::move(c)); }

void draw_confirmation(AppState& s) {
    if (s.confirms.empty()) return;
    if (!ImGui::IsPopupOpen(kPopupId)) ImGui::OpenPopup(kPopupId);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(420, 0), ImVec2(vp->Size.x * 0.8f, vp->Size.y * 0.8f));
    if (!ImGui::BeginPopupModal(kPopupId, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const Confirmation& c = s.confirms.front();
    ImGui::TextUnformatted(c.title.c_str());
    ImGui::Separator();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + vp->Size.x * 0.7f);
    for (size_t i = 0; i < c.lines.size() && i < kMaxLinesShown; ++i) {
        ImGui::Bullet();
        ImGui::TextUnformatted(c.lines[i].c_str());
    }
    if (c.lines.size() > kMaxLinesShown) {
        ImGui::TextDisabled("… and %d more", static_cast<int>(c.lines.size() - kMaxLinesShown));
    }
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool accept = ImGui::Button(c.accept_label.c_str());
    remember_item_rect("confirm_accept");
    ImGui::SameLine();
    bool cancel = ImGui::Button(c.cancel_label.c_str());
    remember_item_rect("confirm_cancel");
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) {
        accept = accept || ImGui::IsKeyPressed(ImGuiKey_Enter, false) ||
                 ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false);
        cancel = cancel || ImGui::IsKeyPressed(ImGuiKey_Escape, false);
    }
    if (accept) answer(s, true);
    else if (cancel) answer(s, false);
    ImGui::EndPopup();
}

}  // namespace kg::app
