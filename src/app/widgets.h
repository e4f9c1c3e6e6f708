// Small widgets the panels share: std::string text fields, verdict badges, section titles.
#pragma once
#include <string>
#include "model/model.h"

namespace kg::app {

// ImGui text fields over std::string (grows the buffer as the user types).
bool input_text(const char* label, std::string& value, int flags = 0);
bool input_text_hint(const char* label, const char* hint, std::string& value, int flags = 0);
bool input_text_multiline(const char* label, std::string& value, float width, float height,
                          int flags = 0);

// Gives keyboard focus to the next widget. (ImGui 1.90's SetKeyboardFocusHere alone misses
// when the navigation focus scope is another window's: focus this window first.)
void focus_next_item();

// "○" / "△" / "×" / "·" in the verdict's color.
void verdict_badge(kg::Verdict v);
// A muted, bold-ish section title with a thin rule under it.
void section_title(const char* text);
// Text in the heading face.
void heading_text(const char* text);
// A tooltip with wrapped text when the previous item is hovered.
void hover_tip(const char* text);
// `text` cut at a whole character so that it and a trailing "…" fit `width` in the current
// font (the text itself when it fits). One measuring pass, whatever the length: it runs for
// every problem title every frame.
std::string fit_with_ellipsis(const std::string& text, float width);
// The symbol drawn for a verdict ("·" for ungraded, so a cell is never empty).
const char* verdict_glyph(kg::Verdict v);

}  // namespace kg::app
