// Light and dark palettes for the panels: see palette.h.
#include "palette.h"

#include "imgui.h"
#include "theme.h"

namespace kg::app {

namespace {
unsigned int rgb(int r, int g, int b, int a = 255) { return IM_COL32(r, g, b, a); }

const Palette kLight{
    rgb(30, 32, 36), rgb(105, 109, 118), rgb(24, 74, 150), rgb(15, 15, 20),
    rgb(120, 60, 150), rgb(234, 236, 241), rgb(160, 40, 60), rgb(20, 100, 200),
    rgb(255, 225, 110), rgb(255, 165, 50), rgb(190, 215, 250, 170), rgb(60, 170, 90, 40),
    rgb(205, 208, 214),
    rgb(236, 239, 245), rgb(205, 208, 215), rgb(180, 185, 195), rgb(60, 64, 72), rgb(255, 255, 255),
    rgb(190, 110, 0),
    rgb(220, 235, 252), rgb(255, 240, 205), rgb(252, 222, 222)};

const Palette kDark{
    rgb(222, 224, 228), rgb(145, 150, 160), rgb(125, 180, 255), rgb(250, 250, 252),
    rgb(205, 160, 240), rgb(44, 47, 55), rgb(240, 150, 140), rgb(110, 170, 255),
    rgb(120, 100, 20), rgb(200, 120, 20), rgb(60, 90, 140, 170), rgb(70, 190, 110, 45),
    rgb(72, 76, 84),
    rgb(38, 42, 50), rgb(64, 68, 78), rgb(80, 86, 98), rgb(200, 204, 212), rgb(24, 25, 29),
    rgb(245, 170, 60),
    rgb(32, 52, 84), rgb(84, 62, 20), rgb(100, 32, 36)};
}  // namespace

const Palette& palette() { return theme_is_dark() ? kDark : kLight; }

unsigned int verdict_color(kg::Verdict v) {
    const ThemeColors& c = theme_colors();
    switch (v) {
        case kg::Verdict::Detected: return ImGui::ColorConvertFloat4ToU32(c.detected);
        case kg::Verdict::Partial: return ImGui::ColorConvertFloat4ToU32(c.partial);
        case kg::Verdict::Missed: return ImGui::ColorConvertFloat4ToU32(c.missed);
        case kg::Verdict::Ungraded: break;
    }
    return ImGui::ColorConvertFloat4ToU32(c.muted);
}

void apply_theme(bool light) { theme_set(!light); }

}  // namespace kg::app
