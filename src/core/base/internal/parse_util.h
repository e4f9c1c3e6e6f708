// Small string tools shared by the key and review parsers (labels, ids, numbers).
// Internal to the core: the UI and CLI should not need them.
#pragma once
#include <string>
#include <string_view>

namespace kg::parse {

// "**Category**: X" arrives as "Category: X". Splits at the first ':' or full-width '：'
// when the part before it is short enough to be a label (not a sentence with a colon).
struct LabelValue {
    bool ok = false;
    std::string label;   // normalized with normalize_label
    std::string value;   // trimmed, lines joined
};
LabelValue split_label_value(std::string_view text);

// Lower-case ASCII, trimmed (ASCII and U+3000), runs of spaces collapsed, surrounding
// '*' '_' '`' and a trailing ':' / '：' removed: "**Bonus Criteria:** " -> "bonus criteria".
std::string normalize_label(std::string_view s);

// Joins the lines of a multi-line text: a space between words, nothing between two
// CJK characters (Japanese has no spaces). Trims the result.
std::string join_lines(std::string_view s);

// The first run of ASCII digits in s as a number (also after full-width digits are
// mapped), -1 when none; `pos` receives the offset after the digits.
long first_integer(std::string_view s, size_t* pos = nullptr);

// At most max_bytes of s, cut at a UTF-8 boundary, with "…" when cut. For messages.
std::string excerpt(std::string_view s, size_t max_bytes = 48);

// Skips ASCII spaces, tabs and U+3000 from s[i].
size_t skip_spaces(std::string_view s, size_t i);

// If s at i starts with one of the code points given as UTF-8 strings, returns its byte
// length, else 0.
size_t match_any(std::string_view s, size_t i, std::initializer_list<std::string_view> options);

// True when text starts with a case-insensitive ASCII word/phrase (prefix is lower-case).
bool starts_with_ci(std::string_view text, std::string_view lower_prefix);

}  // namespace kg::parse
