#include "base/internal/parse_util.h"

#include <initializer_list>

#include "base/text.h"

namespace kg::parse {

namespace {

constexpr std::string_view kFullWidthColon = "\xEF\xBC\x9A";   // '：'
constexpr size_t kMaxLabelBytes = 64;   // longer "labels" are sentences with a colon

// Full-width digit '０'..'９' at s[i]: its value, or -1.
int full_width_digit(std::string_view s, size_t i) {
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
        static_cast<unsigned char>(s[i + 1]) == 0xBC) {
        const int low = static_cast<unsigned char>(s[i + 2]);
        if (low >= 0x90 && low <= 0x99) return low - 0x90;
    }
    return -1;
}

}  // namespace

size_t skip_spaces(std::string_view s, size_t i) {
    while (i < s.size()) {
        if (s[i] == ' ' || s[i] == '\t') {
            ++i;
        } else if (s.compare(i, 3, "\xE3\x80\x80") == 0) {
            i += 3;
        } else {
            break;
        }
    }
    return i;
}

size_t match_any(std::string_view s, size_t i, std::initializer_list<std::string_view> options) {
    for (const std::string_view o : options) {
        if (s.size() >= i + o.size() && s.compare(i, o.size(), o) == 0) return o.size();
    }
    return 0;
}

bool starts_with_ci(std::string_view text, std::string_view lower_prefix) {
    if (text.size() < lower_prefix.size()) return false;
    for (size_t i = 0; i < lower_prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != lower_prefix[i]) return false;
    }
    return true;
}

std::string normalize_label(std::string_view s) {
    std::string t = trim(s);
    auto strip = [&]() {
        bool changed = true;
        while (changed && !t.empty()) {
            changed = false;
            const char f = t.front();
            if (f == '*' || f == '_' || f == '`') { t.erase(0, 1); changed = true; }
            if (t.empty()) break;
            const char b = t.back();
            if (b == '*' || b == '_' || b == '`' || b == ':') { t.pop_back(); changed = true; }
            if (t.size() >= 3 && std::string_view(t).substr(t.size() - 3) == kFullWidthColon) {
                t.resize(t.size() - 3);
                changed = true;
            }
            const std::string trimmed = trim(t);
            if (trimmed.size() != t.size()) { t = trimmed; changed = true; }
        }
    };
    strip();
    std::string out;
    out.reserve(t.size());
    bool space = false;
    for (char c : t) {
        if (c == ' ' || c == '\t' || c == '\n') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out.push_back(c);
    }
    return out;
}

LabelValue split_label_value(std::string_view text) {
    LabelValue result;
    const size_t ascii = text.find(':');
    const size_t wide = text.find(kFullWidthColon);
    size_t at = std::string_view::npos;
    size_t width = 0;
    if (ascii != std::string_view::npos && (wide == std::string_view::npos || ascii < wide)) {
        at = ascii;
        width = 1;
    } else if (wide != std::string_view::npos) {
        at = wide;
        width = kFullWidthColon.size();
    }
    if (at == std::string_view::npos || at > kMaxLabelBytes) return result;
    const std::string_view label = text.substr(0, at);
    if (label.find('\n') != std::string_view::npos) return result;
    result.label = normalize_label(label);
    if (result.label.empty()) return result;
    std::string_view rest = text.substr(at + width);
    // "**Label:** value": the closing '**' lands after the colon in the raw text but
    // md4c already removed it; a stray one is harmless to strip.
    while (!rest.empty() && (rest.front() == '*' || rest.front() == '_')) rest.remove_prefix(1);
    result.value = join_lines(rest);
    result.ok = true;
    return result;
}

std::string join_lines(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    size_t begin = 0;
    while (begin <= s.size()) {
        size_t end = s.find('\n', begin);
        if (end == std::string_view::npos) end = s.size();
        const std::string line = trim(s.substr(begin, end - begin));
        if (!line.empty()) {
            if (!out.empty()) {
                // Look at the last code point of out and the first of line.
                size_t back = out.size() - 1;
                while (back > 0 && (static_cast<unsigned char>(out[back]) & 0xC0) == 0x80) --back;
                size_t i = back;
                const uint32_t last = next_codepoint(out, i);
                size_t j = 0;
                const uint32_t first = next_codepoint(line, j);
                if (!(is_cjk(last) && is_cjk(first))) out.push_back(' ');
            }
            out += line;
        }
        if (end == s.size()) break;
        begin = end + 1;
    }
    return out;
}

long first_integer(std::string_view s, size_t* pos) {
    for (size_t i = 0; i < s.size(); ++i) {
        const bool ascii = s[i] >= '0' && s[i] <= '9';
        if (!ascii && full_width_digit(s, i) < 0) continue;
        long value = 0;
        size_t k = i;
        for (;;) {
            int d = -1;
            size_t width = 1;
            if (k < s.size() && s[k] >= '0' && s[k] <= '9') {
                d = s[k] - '0';
            } else if (full_width_digit(s, k) >= 0) {
                d = full_width_digit(s, k);
                width = 3;
            }
            if (d < 0) break;
            if (value < 100000000) value = value * 10 + d;   // cap: no overflow on garbage
            k += width;
        }
        if (pos) *pos = k;
        return value;
    }
    if (pos) *pos = s.size();
    return -1;
}

std::string excerpt(std::string_view s, size_t max_bytes) {
    const std::string flat = join_lines(s);
    if (flat.size() <= max_bytes) return flat;
    return std::string(utf8_prefix(flat, max_bytes)) + "\xE2\x80\xA6";   // '…'
}

}  // namespace kg::parse
