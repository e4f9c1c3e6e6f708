// Text utilities: input hygiene (BOM, CRLF, UTF-8 validity, binary detection), line
// indexing, and small string helpers used by every parser.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

// Result of checking raw file bytes before any parsing.
struct InputCheck {
    bool ok = true;
    std::string error;   // "binary file (NUL byte) at line 3", "invalid UTF-8 at line 7" ...
    std::string reason;  // the same without the line: "invalid UTF-8", "empty file" ...
    int line = 0;        // where the problem is, 1-based (0 = whole file)
};

// Rejects empty (or whitespace-only), binary (NUL bytes) and invalid UTF-8 input
// (overlong forms and surrogates included); a clear reason when not ok. A BOM is allowed.
InputCheck check_text_input(std::string_view bytes);
// True when all of s is well-formed UTF-8 (no overlong forms, surrogates or code points
// past U+10FFFF: the same rules as rapidjson's validation). ASCII is tested 8 bytes at a time.
bool is_valid_utf8(std::string_view s);

// Strips a UTF-8 BOM and turns CRLF / lone CR into LF. Keeps line numbers stable.
std::string normalize_text(std::string_view bytes);

// Maps byte offsets to 1-based line numbers. A final '\n' does not start a new line.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    int line_of(size_t offset) const;
    int line_count() const { return static_cast<int>(starts_.size()); }
    size_t line_start(int line) const;   // byte offset where a 1-based line starts
    std::string_view line_text(std::string_view text, int line) const;
private:
    std::vector<size_t> starts_;
};

// A prompt name as file names give them ("baseline", "variant-redteam", "改善案1"): 1 to
// max_bytes of valid UTF-8, letters and digits of any script plus - _ . and space; no markup,
// quotes, slashes or control characters (a name travels into reports, CSV and links).
bool is_valid_prompt_name(std::string_view s, size_t max_bytes = 64);
// The text shown for an untrusted short value in a message: control characters as '?', cut
// to max_bytes at a UTF-8 boundary with "…".
std::string printable_excerpt(std::string_view s, size_t max_bytes = 40);
std::string trim(std::string_view s);        // trims ASCII whitespace and U+3000
std::string_view trim_view(std::string_view s);   // the same, as a view into s
std::string to_lower_ascii(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool contains(std::string_view hay, std::string_view needle);
std::vector<std::string> split_lines(std::string_view text);
// At most max_bytes of s, cut back to a UTF-8 character boundary (s itself when shorter).
std::string_view utf8_prefix(std::string_view s, size_t max_bytes);

// FNV-1a 64-bit hash of a text, as 16 hex digits: identifies a review's content.
std::string content_hash(std::string_view text);

// Decodes one UTF-8 code point at s[i], advancing i; returns U+FFFD on bad input.
uint32_t next_codepoint(std::string_view s, size_t& i);
// True for Han, Hiragana, Katakana, full-width forms and CJK punctuation.
bool is_cjk(uint32_t cp);

}  // namespace kg
