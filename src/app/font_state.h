// What the font atlas manager (fonts.cpp) keeps between frames: the font files, the glyphs
// text has asked for and the ones baked, the current faces. Held by AppState::fonts; only
// fonts.cpp reads or writes it (the rest of the app goes through fonts.h).
#pragma once
#include <bitset>
#include <cstddef>
#include <string>
#include "imgui.h"

namespace kg::app {

struct FontState {
    // Font file bytes: the atlas reads them at Build() time and does not own them.
    std::string base, bold, mono, cjk;
    bool cjk_requested = false;
    bool cjk_loaded = false;

    std::bitset<0x10000> used;   // code points seen outside the base ranges (BMP: ImWchar is 16-bit)
    std::bitset<0x10000> baked;  // of those, the ones the current atlas was built for
    size_t used_count = 0;
    bool latin_pending = false;  // a lazy Latin glyph is used and not baked yet
    bool beyond_bmp_seen = false;

    float dpr = 0.0f;
    bool gpu = false;
    int rebuilds = 0;
    double last_build_ms = 0.0;
    ImVector<ImWchar> extra_ranges;  // from the CJK font; must outlive Build() (the atlas keeps the pointer)
    ImVector<ImWchar> latin_ranges;  // lazy Latin glyphs in use, from the base fonts; same

    ImFont* regular = nullptr;
    ImFont* bold_font = nullptr;
    ImFont* heading = nullptr;
    ImFont* mono_font = nullptr;
};

}  // namespace kg::app
