// Byte-level character tests shared by the judge text readers (judge_text.cpp,
// judge_statements.cpp). UTF-8 is handled as whole byte strings: ASCII tests stay ASCII.
#pragma once
#include <string_view>

namespace kg::judge::chars {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool at(std::string_view s, size_t i, std::string_view what) {
    return i <= s.size() && s.substr(i, what.size()) == what;
}

// UTF-8 sign characters: U+2212 minus, U+FF0D full-width hyphen-minus, U+FF0B full-width plus.
inline constexpr std::string_view kMinus = "\xE2\x88\x92";
inline constexpr std::string_view kFullMinus = "\xEF\xBC\x8D";
inline constexpr std::string_view kFullPlus = "\xEF\xBC\x8B";

}  // namespace kg::judge::chars
