// The colors the panels and the Markdown view draw with, on top of the shell's light/dark
// theme (theme.h): one palette per theme, picked by theme_is_dark().
#pragma once
#include "model/model.h"

namespace kg::app {

struct Palette {
    unsigned int text, muted, heading, strong, emphasis, code_bg, code_text, link;
    unsigned int match, match_current, selection, tint, rule;
    unsigned int table_header_bg, table_border, quote_bar, panel_title, paper;
    unsigned int stale;
    unsigned int banner_info, banner_warning, banner_error;
};

const Palette& palette();
// ○ green, △ amber, × red (theme.h's colors), ungraded grey. ImU32.
unsigned int verdict_color(kg::Verdict v);
// Switches the theme (theme.h) for the app's light/dark choice.
void apply_theme(bool light);

}  // namespace kg::app
