// Font atlas management: see fonts.h. The atlas is rebuilt between frames only, when the
// Japanese font arrives, when text brings glyphs the atlas lacks (and the Japanese font can
// supply them), or when the device pixel ratio changes.
#include "fonts.h"

#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "app_state.h"
#include "base/json_write.h"
#include "imgui_impl_opengl3.h"
#include "platform.h"
#include "base/text.h"
#include "web_shell.h"

namespace kg::app {
namespace {

// Logical pixel sizes of the four faces.
constexpr float kRegularPx = 15.0f;
constexpr float kHeadingPx = 19.5f;
constexpr float kMonoPx = 14.0f;

// What the bundled base fonts hold and is always baked (pairs, zero-terminated); keep in step
// with BASE_RANGES in scripts/make-fonts.py. A few hundred glyphs per face: baking them is
// most of what the page does before its first frame beyond the minimal ImGui page.
const ImWchar kBaseRanges[] = {
    0x0020, 0x007E, 0x00A0, 0x00FF,  // ASCII, Latin-1
    0x2010, 0x2027, 0x2030, 0x203A,  // dashes, quotes, bullet, ellipsis
    0x20AC, 0x20AC,                  // €
    0x2190, 0x2195, 0x21D0, 0x21D4,  // arrows
    0x2212, 0x2212, 0x2248, 0x2248, 0x2260, 0x2260, 0x2264, 0x2265,
    0x2460, 0x2473,                  // ① … ⑳
    0x25A0, 0x25A1, 0x25B2, 0x25B3, 0x25B6, 0x25B7, 0x25BC, 0x25BD,
    0x25C6, 0x25C7, 0x25CB, 0x25CF, 0x25EF, 0x25EF,  // ◆ ○ ● ◯
    0x2605, 0x2606, 0x26A0, 0x26A0,  // ★ ☆ ⚠
    0x2713, 0x2718,                  // ✓ ✔ ✕ ✖ ✗ ✘
    0xFFFD, 0xFFFD,
    0,
};

// Latin Extended-A (Ł, ő, š ...): in the base fonts too, but baked only once text uses
// them, like the Japanese glyphs: a third fewer glyphs to bake at start.
constexpr uint32_t kLazyLatinFirst = 0x0100;
constexpr uint32_t kLazyLatinLast = 0x017F;
bool in_lazy_latin(uint32_t cp) { return cp >= kLazyLatinFirst && cp <= kLazyLatinLast; }

bool in_base_ranges(uint32_t cp) {
    for (const ImWchar* r = kBaseRanges; r[0]; r += 2)
        if (cp >= r[0] && cp <= r[1]) return true;
    return false;
}

// Code points that never produce a glyph of their own (controls, zero-width, variation
// selectors, BOM): not counted as missing.
bool invisible(uint32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
}

FontState& font_state() { return state().fonts; }

// oversample_h: horizontal oversampling (sharper sub-pixel placement, twice the baking work);
// the body faces get it, the heading and mono faces (larger, or on a fixed grid) do not.
ImFont* add_face(std::string& bytes, float px, float dpr, bool mono, int oversample_h) {
    FontState& s = font_state();
    ImGuiIO& io = ImGui::GetIO();
    ImFont* font = nullptr;
    if (!bytes.empty()) {
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;
        cfg.OversampleH = oversample_h;
        cfg.OversampleV = 1;
        std::snprintf(cfg.Name, sizeof cfg.Name, "%s %.0fpx", mono ? "mono" : "sans", px);
        font = io.Fonts->AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()),
                                              px * dpr, &cfg, kBaseRanges);
        if (font && s.latin_ranges.Size > 1) {
            ImFontConfig more = cfg;
            more.MergeMode = true;
            io.Fonts->AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), px * dpr,
                                           &more, s.latin_ranges.Data);
        }
    }
    if (!font) {  // bundled font missing: Dear ImGui's own (ASCII only) keeps the page usable
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * dpr;
        font = io.Fonts->AddFontDefault(&cfg);
    }
    if (s.cjk_loaded && s.extra_ranges.Size > 1) {
        ImFontConfig cfg;
        cfg.MergeMode = true;
        cfg.FontDataOwnedByAtlas = false;
        cfg.OversampleH = 1;  // large glyph counts: keep the atlas small
        cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        io.Fonts->AddFontFromMemoryTTF(s.cjk.data(), static_cast<int>(s.cjk.size()), px * dpr,
                                       &cfg, s.extra_ranges.Data);
    }
    return font;
}

void build_atlas() {
    FontState& s = font_state();
    ImGuiIO& io = ImGui::GetIO();
    const double start = platform::now_ms();

    ImFontGlyphRangesBuilder ranges, latin;
    size_t extra = 0;
    for (uint32_t cp = 0x20; cp < 0x10000; ++cp) {
        if (!s.used[cp]) continue;
        if (in_lazy_latin(cp)) {
            latin.AddChar(static_cast<ImWchar>(cp));
        } else {
            ranges.AddChar(static_cast<ImWchar>(cp));
            ++extra;
        }
    }
    s.extra_ranges.clear();
    ranges.BuildRanges(&s.extra_ranges);
    s.latin_ranges.clear();
    latin.BuildRanges(&s.latin_ranges);
    s.latin_pending = false;

    io.Fonts->Clear();
    // Big glyph sets: a wider texture keeps the height under WebGL's limits.
    io.Fonts->TexDesiredWidth = (s.cjk_loaded && extra > 600) ? 4096 : 2048;
    s.regular = add_face(s.base, kRegularPx, s.dpr, false, 2);
    s.bold_font = add_face(s.bold, kRegularPx, s.dpr, false, 2);
    s.heading = add_face(s.bold, kHeadingPx, s.dpr, false, 1);
    s.mono_font = add_face(s.mono, kMonoPx, s.dpr, true, 1);
    io.Fonts->Build();
    io.FontDefault = s.regular;
    io.FontGlobalScale = 1.0f / s.dpr;

    s.baked = s.used;

    if (s.gpu) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ++s.rebuilds;
    s.last_build_ms = platform::now_ms() - start;
}

}  // namespace

void fonts_need_text(std::string_view utf8) {
    FontState& s = font_state();
    size_t i = 0;
    while (i < utf8.size()) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {  // ASCII: always baked
            ++i;
            continue;
        }
        const uint32_t cp = kg::next_codepoint(utf8, i);
        if (cp >= 0x10000) {
            s.beyond_bmp_seen = true;  // emoji and rare Han: Dear ImGui 1.90 (16-bit ImWchar) cannot draw them
            continue;
        }
        if (in_base_ranges(cp) || s.used[cp]) continue;
        s.used.set(cp);
        ++s.used_count;
        if (in_lazy_latin(cp)) s.latin_pending = true;
        if (!s.cjk_requested && kg::is_cjk(cp)) {
            s.cjk_requested = true;
            platform::request_cjk_font();
        }
    }
}

ImFont* font_regular() { return font_state().regular; }
ImFont* font_bold() { return font_state().bold_font; }
ImFont* font_heading() { return font_state().heading; }
ImFont* font_mono() { return font_state().mono_font; }
bool fonts_cjk_ready() { return font_state().cjk_loaded; }

void fonts_init(float dpr) {
    FontState& s = font_state();
    s.base = platform::take_bundled_font("base");
    s.bold = platform::take_bundled_font("bold");
    s.mono = platform::take_bundled_font("mono");
    if (s.bold.empty()) s.bold = s.base;
    if (s.mono.empty()) s.mono = s.base;
    s.dpr = dpr;
    build_atlas();
}

void fonts_gpu_ready() { font_state().gpu = true; }

bool fonts_update(float dpr) {
    FontState& s = font_state();
    bool rebuild = false;
    if (s.cjk_requested && !s.cjk_loaded) {
        std::string bytes = platform::take_cjk_font();
        if (!bytes.empty()) {
            s.cjk = std::move(bytes);
            s.cjk_loaded = true;
            rebuild = true;
        }
    }
    if (dpr > 0.0f && dpr != s.dpr) {
        s.dpr = dpr;
        rebuild = true;
    }
    // New glyphs matter only when a font can supply them: the base fonts for lazy Latin, the
    // Japanese font (once here) for the rest.
    if (s.latin_pending) rebuild = true;
    if (s.cjk_loaded && s.used != s.baked) rebuild = true;
    if (rebuild) build_atlas();
    return rebuild;
}

std::string fonts_state_json() {
    const FontState& s = font_state();
    const ImGuiIO& io = ImGui::GetIO();
    // Glyphs the text needs that the atlas cannot draw right now (they would show as '?').
    int missing = 0;
    std::vector<uint32_t> missing_sample;
    for (uint32_t cp = 0x20; cp < 0x10000 && s.regular; ++cp) {
        if (!s.used[cp] || invisible(cp)) continue;
        if (!s.regular->FindGlyphNoFallback(static_cast<ImWchar>(cp))) {
            ++missing;
            if (missing_sample.size() < 16) missing_sample.push_back(cp);
        }
    }
    kg::json::Buffer buf;
    kg::json::Writer w(buf);
    w.StartObject();
    kg::json::put_printed(w, "dpr", s.dpr, "%.3g");
    kg::json::put_bool(w, "cjkRequested", s.cjk_requested);
    kg::json::put_bool(w, "cjkLoaded", s.cjk_loaded);
    kg::json::put_int(w, "extraGlyphs", static_cast<int64_t>(s.used_count));
    kg::json::put_int(w, "missing", missing);
    kg::json::put_bool(w, "beyondBmpSeen", s.beyond_bmp_seen);
    w.Key("missingSample");
    w.StartArray();
    for (uint32_t cp : missing_sample) {
        char name[16];
        std::snprintf(name, sizeof name, "U+%04X", cp);
        kg::json::string(w, name);
    }
    w.EndArray();
    w.Key("atlas");
    w.StartArray();
    w.Int(io.Fonts->TexWidth);
    w.Int(io.Fonts->TexHeight);
    w.EndArray();
    kg::json::put_int(w, "rebuilds", s.rebuilds);
    kg::json::put_printed(w, "lastBuildMs", s.last_build_ms, "%.1f");
    w.EndObject();
    std::string out(buf.GetString(), buf.GetSize());
    return out;
}

}  // namespace kg::app
