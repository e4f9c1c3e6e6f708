// Light and dark themes for the page. The app (workspace settings) chooses; the shell
// starts from the browser's preference and keeps the page background behind the canvas in
// step, so resizing never flashes another color.
#pragma once
#include "imgui.h"

namespace kg::app {

// Applies the light or dark style to the current ImGui context (cheap; call on toggle).
void theme_set(bool dark);
bool theme_is_dark();

// Colors with a meaning, tuned for contrast in each theme.
struct ThemeColors {
    ImVec4 detected;   // ○
    ImVec4 partial;    // △
    ImVec4 missed;     // ×
    ImVec4 accent;     // links, selection marks
    ImVec4 warning;    // stale grades, storage problems
    ImVec4 error;      // parse errors
    ImVec4 muted;      // secondary text
    ImVec4 background; // behind every window (also the GL clear color)
};
const ThemeColors& theme_colors();

// The theme applied to the ImGui context (AppState::theme; theme.cpp writes it).
struct ThemeState {
    bool dark = false;
    ThemeColors colors;
};

}  // namespace kg::app
