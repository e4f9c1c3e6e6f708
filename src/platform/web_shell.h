// What only the page's shell (src/app/main.cpp and the font/theme plumbing) needs from the
// browser, beyond the app-facing platform.h: bundled fonts, the first-frame signal, notices
// for the user that no app panel owns (a URL file that could not be fetched, ...), the
// system theme, and the small state that window.keygrader.query() reports under "shell".
#pragma once
#include <string>
#include <vector>

namespace kg::platform {

// Bytes of a font the page fetched before start: "base", "bold" or "mono"
// (fonts/<name>.ttf). Empty when it could not be loaded (the shell then falls back to
// Dear ImGui's built-in font).
std::string take_bundled_font(const char* name);

// Tells the page that the first frame was drawn: hides the loading indicator and records
// the time to first frame (window.keygrader.firstFrameMs).
void notify_first_frame();

// True when the glue holds something for the app (files, notices, pasted text, the Japanese
// font): the page then draws at full rate (kg::app::FramePacer).
bool has_pending_events();

// Called after each drawn frame (the benchmarks count drawn frames: window.KG.framesDrawn).
void notify_frame_drawn();

// Messages for the user produced by the page glue since the last call (oldest first).
std::vector<std::string> take_notices();

// True when the browser asks for a dark color scheme (prefers-color-scheme).
bool system_prefers_dark();
// Paints the page behind the canvas in the theme's background (no flash on resize).
void set_page_background(float r, float g, float b);

// Text pasted into the page (Ctrl+V / the paste event) since the last call.
std::string take_pasted_text();

// Shows a fatal error over the page (no WebGL2, out of memory, ...).
void show_fatal(const std::string& message);

}  // namespace kg::platform
