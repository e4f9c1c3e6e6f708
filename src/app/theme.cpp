// The two themes: Dear ImGui's light and dark styles with softer geometry and a few colors
// with meaning (grading marks, warnings) chosen for contrast on each background.
#include "theme.h"
#include "app_state.h"

namespace kg::app {
namespace {

void shape_style(ImGuiStyle& style) {
    style.WindowRounding = 4.0f;
    style.ChildRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.PopupRounding = 4.0f;
    style.ScrollbarRounding = 6.0f;
    style.GrabRounding = 3.0f;
    style.TabRounding = 3.0f;
    style.WindowBorderSize = 1.0f;
    style.FrameBorderSize = 0.0f;
    style.WindowPadding = ImVec2(10.0f, 8.0f);
    style.FramePadding = ImVec2(7.0f, 4.0f);
    style.ItemSpacing = ImVec2(8.0f, 6.0f);
    style.ScrollbarSize = 13.0f;
}

}  // namespace

void theme_set(bool dark) {
    ThemeState& theme = state().theme;
    ThemeColors& colors = theme.colors;
    theme.dark = dark;
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    shape_style(style);
    if (dark) {
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.11f, 0.125f, 1.0f);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
        colors.detected = ImVec4(0.36f, 0.80f, 0.45f, 1.0f);
        colors.partial = ImVec4(0.95f, 0.75f, 0.30f, 1.0f);
        colors.missed = ImVec4(0.95f, 0.45f, 0.42f, 1.0f);
        colors.accent = ImVec4(0.45f, 0.65f, 1.00f, 1.0f);
        colors.warning = ImVec4(0.98f, 0.72f, 0.25f, 1.0f);
        colors.error = ImVec4(1.00f, 0.45f, 0.42f, 1.0f);
        colors.muted = ImVec4(0.62f, 0.62f, 0.66f, 1.0f);
    } else {
        ImGui::StyleColorsLight(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.965f, 0.965f, 0.972f, 1.0f);
        style.Colors[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
        colors.detected = ImVec4(0.10f, 0.55f, 0.22f, 1.0f);
        colors.partial = ImVec4(0.72f, 0.48f, 0.00f, 1.0f);
        colors.missed = ImVec4(0.78f, 0.16f, 0.14f, 1.0f);
        colors.accent = ImVec4(0.12f, 0.38f, 0.80f, 1.0f);
        colors.warning = ImVec4(0.70f, 0.42f, 0.00f, 1.0f);
        colors.error = ImVec4(0.78f, 0.12f, 0.10f, 1.0f);
        colors.muted = ImVec4(0.40f, 0.40f, 0.44f, 1.0f);
    }
    colors.background = style.Colors[ImGuiCol_WindowBg];
}

bool theme_is_dark() { return state().theme.dark; }

const ThemeColors& theme_colors() { return state().theme.colors; }

}  // namespace kg::app
