// Input hygiene and small string helpers shared by every parser. No I/O here: callers
// hand in the bytes they read.
#include "base/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace kg {

namespace {

// Length of a well-formed UTF-8 sequence at s[i], or 0 when it is malformed
// (bad lead byte, truncated, bad continuation, overlong, surrogate, > U+10FFFF).
size_t valid_utf8_length(std::string_view s, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;          // overlong
        if (b0 == 0xED) hi = 0x9F;          // UTF-16 surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;          // overlong
        if (b0 == 0xF4) hi = 0x8F;          // > U+10FFFF
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (size_t k = 2; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    return len;
}

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        if (i + 8 <= s.size()) {
            uint64_t word;
            std::memcpy(&word, s.data() + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        const size_t len = valid_utf8_length(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

InputCheck check_text_input(std::string_view bytes) {
    InputCheck result;
    auto fail = [&](std::string reason, int line) {
        result.ok = false;
        result.reason = reason;
        result.line = line;
        result.error = line > 0 ? reason + " at line " + std::to_string(line) : reason;
        return result;
    };
    std::string_view body = bytes;
    if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    // Binary files (images, archives, executables) carry NUL bytes early on, often after
    // bytes that are not UTF-8 either: look for a NUL first so they are called binary,
    // not "invalid UTF-8".
    const size_t sniff = std::min<size_t>(body.size(), 8192);
    const size_t nul = body.substr(0, sniff).find('\0');
    if (nul != std::string_view::npos) {
        const auto head = body.substr(0, nul);
        return fail("binary file (NUL byte)",
                    1 + static_cast<int>(std::count(head.begin(), head.end(), '\n')));
    }
    bool only_space = true;
    int line = 1;
    size_t i = 0;
    while (i < body.size()) {
        const char c = body[i];
        if (c == '\0') return fail("binary file (NUL byte)", line);
        if (static_cast<unsigned char>(c) < 0x80) {
            if (c == '\n') {
                ++line;
            } else if (c == '\r') {
                // A lone CR ends a line too; CRLF counts once.
                if (i + 1 >= body.size() || body[i + 1] != '\n') ++line;
            }
            if (!is_ascii_space(c)) only_space = false;
            ++i;
            continue;
        }
        const size_t len = valid_utf8_length(body, i);
        if (len == 0) return fail("invalid UTF-8", line);
        only_space = false;
        i += len;
    }
    if (only_space) return fail("empty file", 0);
    return result;
}

std::string normalize_text(std::string_view bytes) {
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    std::string out;
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c == '\r') {
            out.push_back('\n');
            if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

LineIndex::LineIndex(std::string_view text) {
    starts_.reserve(text.size() / 40 + 1);
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && i + 1 < text.size()) starts_.push_back(i + 1);
    }
}

int LineIndex::line_of(size_t offset) const {
    // The last line start <= offset; offsets past the end map to the last line.
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    return static_cast<int>(it - starts_.begin());
}

size_t LineIndex::line_start(int line) const {
    if (line < 1) return 0;
    if (line > line_count()) return starts_.back();
    return starts_[static_cast<size_t>(line - 1)];
}

std::string_view LineIndex::line_text(std::string_view text, int line) const {
    if (line < 1 || line > line_count()) return {};
    const size_t begin = std::min(starts_[static_cast<size_t>(line - 1)], text.size());
    size_t end = line < line_count() ? starts_[static_cast<size_t>(line)] : text.size();
    end = std::min(end, text.size());
    if (end > begin && text[end - 1] == '\n') --end;
    return text.substr(begin, end - begin);
}

std::string_view utf8_prefix(std::string_view s, size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut);
}

std::string trim(std::string_view s) { return std::string(trim_view(s)); }

std::string_view trim_view(std::string_view s) {
    static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000
    for (;;) {
        if (!s.empty() && is_ascii_space(s.front())) {
            s.remove_prefix(1);
        } else if (starts_with(s, kIdeographicSpace)) {
            s.remove_prefix(kIdeographicSpace.size());
        } else {
            break;
        }
    }
    for (;;) {
        if (!s.empty() && is_ascii_space(s.back())) {
            s.remove_suffix(1);
        } else if (s.size() >= 3 && s.substr(s.size() - 3) == kIdeographicSpace) {
            s.remove_suffix(3);
        } else {
            break;
        }
    }
    return s;
}

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool contains(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    size_t begin = 0;
    while (begin < text.size()) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        size_t stop = end;
        if (stop > begin && text[stop - 1] == '\r') --stop;
        lines.emplace_back(text.substr(begin, stop - begin));
        begin = end + 1;
    }
    return lines;
}

std::string content_hash(std::string_view text) {
    uint64_t h = 14695981039346656037ull;   // FNV-1a 64 offset basis
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;              // FNV-1a 64 prime
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return std::string(buf, 16);
}

uint32_t next_codepoint(std::string_view s, size_t& i) {
    if (i >= s.size()) return 0xFFFD;
    const size_t len = valid_utf8_length(s, i);
    if (len == 0) {
        ++i;   // skip one bad byte so callers always make progress
        return 0xFFFD;
    }
    const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k])); };
    uint32_t cp = 0;
    switch (len) {
        case 1: cp = b(0); break;
        case 2: cp = ((b(0) & 0x1F) << 6) | (b(1) & 0x3F); break;
        case 3: cp = ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F); break;
        default:
            cp = ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
            break;
    }
    i += len;
    return cp;
}

bool is_cjk(uint32_t cp) {
    return (cp >= 0x3000 && cp <= 0x303F)      // CJK symbols and punctuation
        || (cp >= 0x3040 && cp <= 0x309F)      // Hiragana
        || (cp >= 0x30A0 && cp <= 0x30FF)      // Katakana
        || (cp >= 0x31F0 && cp <= 0x31FF)      // Katakana phonetic extensions
        || (cp >= 0x3400 && cp <= 0x4DBF)      // CJK extension A
        || (cp >= 0x4E00 && cp <= 0x9FFF)      // CJK unified ideographs
        || (cp >= 0xF900 && cp <= 0xFAFF)      // CJK compatibility ideographs
        || (cp >= 0xFF00 && cp <= 0xFFEF)      // half-width and full-width forms
        || (cp >= 0x20000 && cp <= 0x2FA1F);   // CJK extensions B-F, compatibility supplement
}

}  // namespace kg

namespace kg {

bool is_valid_prompt_name(std::string_view s, size_t max_bytes) {
    if (s.empty() || s.size() > max_bytes) return false;
    if (s.front() == ' ' || s.back() == ' ') return false;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ' ';
            if (!ok) return false;
            ++i;
            continue;
        }
        const size_t len = valid_utf8_length(s, i);
        if (len == 0) return false;
        size_t at = i;
        const uint32_t cp = next_codepoint(s, at);
        // No C1 controls, no invisible format characters (bidi overrides, zero widths).
        if (cp < 0xA0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0xFEFF) return false;
        i += len;
    }
    return true;
}

std::string printable_excerpt(std::string_view s, size_t max_bytes) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
        const size_t len = valid_utf8_length(s, i);
        if (out.size() + (len ? len : 1) > max_bytes) {
            out += "…";
            return out;
        }
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (len == 0 || c < 0x20 || c == 0x7F) {
            out += '?';
            i += len ? len : 1;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    return out;
}

}  // namespace kg
