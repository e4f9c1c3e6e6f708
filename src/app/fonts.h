// The page's fonts: what Dear ImGui draws text with.
//
// Four faces share one atlas: regular (DejaVu Sans), bold, heading (bold, larger) and mono
// (DejaVu Sans Mono), each baked at size x devicePixelRatio and drawn at 1/dpr, so text is
// crisp at any pixel ratio. The base fonts cover Latin, punctuation and the grading marks
// ○ △ × ◯ ✓. Japanese glyphs come from a CJK font fetched lazily the first time Japanese text
// is seen, and only the glyphs in use are baked (Dear ImGui 1.90 bakes a fixed glyph set).
//
// For the app: call fonts_need_text() on the text of every document you load (key, review,
// reference, workspace). Missing glyphs are then baked before a following frame.
// Font pointers change when the atlas is rebuilt (between frames): get them each frame,
// never keep them across frames.
#pragma once
#include <string>
#include <string_view>

struct ImFont;

namespace kg::app {

void fonts_need_text(std::string_view utf8);

ImFont* font_regular();   // body text (the default font)
ImFont* font_bold();      // emphasis, table headers
ImFont* font_heading();   // headings: bold, 1.3x
ImFont* font_mono();      // code spans and blocks

// True once the Japanese font is in the atlas.
bool fonts_cjk_ready();

// ---- for the shell (main.cpp) ----
// Builds the first atlas for a device pixel ratio (before the GL font texture exists).
void fonts_init(float dpr);
// Tells that the GL backend exists: later rebuilds re-create the GL font texture.
void fonts_gpu_ready();
// Between frames: takes the Japanese font when it arrives, and rebuilds the atlas when new
// glyphs or a new pixel ratio need it. Returns true when it rebuilt.
bool fonts_update(float dpr);
// {"dpr","cjkRequested","cjkLoaded","extraGlyphs","missing","missingSample":[...],"atlas":[w,h],
//  "rebuilds","lastBuildMs"} for window.keygrader.query().shell.fonts
std::string fonts_state_json();

}  // namespace kg::app
