// Splits a review into findings.
//
// The rule, in words:
//  * Headings are read top-down with a stack of enclosing sections. A heading whose text
//    names a severity tier ("Critical Issues", "重大な問題", "Minor") is a tier section;
//    one naming issues/findings ("Detailed Findings", "指摘事項") is an issues section;
//    "Summary", "概要", "Introduction" ... are summary sections; "Strengths",
//    "Recommendations", "良い点" ... are sections that hold no findings at all.
//  * A heading with its own id is a finding: strong ids (letters "C1.", "S-2:", "[SEC-01]";
//    a prefix "指摘1:", "問題 3", "Issue #4"; a tier tag "【重大】1.", "1. [High]") anywhere
//    but in a no-findings section; bare numbers ("1.", "2.1") inside an issues/tier
//    section, or undotted at level 3+ under no marked section ("## Approach" /
//    "### 1. ..."), because reviews also number their ordinary chapters ("## 2. Scope").
//  * A heading without an id is a finding (id empty) when it sits deeper than an
//    issues/tier section, e.g. "### Missing retry budget" under "## Critical Issues". Below
//    such a section, a title that merely mentions issues ("N+1問題") is a finding, not a section.
//  * Headings deeper than an open finding and without an id ("#### Impact") belong to it.
//  * A finding runs from its heading to the last content line before the next heading
//    that is not part of it. Its severity is a "Severity:"/"深刻度:" line inside it, else a
//    tier tag in its heading ("[Critical]", "【重大】"), else the enclosing tier section.
//  * Tables with an id or issue column inside issue sections (or with ids anywhere) give
//    one finding per row (level 0), unless a heading finding already has that id.
// Tiers are reported in English: Critical, Significant, Moderate, Minor.
//
// Index: word tests (has_any, WordBits, tier_of, section_words) -> section and heading readers
//   (classify_section, read_heading_id, bracket_tier) -> table columns (classify_column) ->
//   the walk (Context) -> parse_review.
#include "review/review.h"

#include <algorithm>
#include <initializer_list>

#include "base/internal/parse_util.h"
#include "base/sort_util.h"
#include "base/text.h"

namespace kg {

namespace {

using Words = std::initializer_list<std::string_view>;

bool has_any(std::string_view s, Words words) {
    for (const std::string_view w : words) {
        if (contains(s, w)) return true;
    }
    return false;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whole ASCII word (s is lower-case): "high" in "high severity" but not in "highly".
bool has_word(std::string_view s, std::string_view w) {
    size_t at = s.find(w);
    while (at != std::string_view::npos) {
        const bool left = at == 0 || !is_alpha(s[at - 1]);
        const bool right = at + w.size() >= s.size() || !is_alpha(s[at + w.size()]);
        if (left && right) return true;
        at = s.find(w, at + 1);
    }
    return false;
}

bool has_any_word(std::string_view s, Words words) {
    for (const std::string_view w : words) {
        if (has_word(s, w)) return true;
    }
    return false;
}

// Calls f(start, end) for each run of ASCII letters in s.
template <class F>
void for_each_letter_run(std::string_view s, F&& f) {
    for (size_t i = 0; i < s.size();) {
        if (!is_alpha(s[i])) {
            ++i;
            continue;
        }
        size_t j = i + 1;
        while (j < s.size() && is_alpha(s[j])) ++j;
        f(i, j);
        i = j;
    }
}

using WordList = std::initializer_list<std::pair<std::string_view, unsigned>>;

// Fixed lists of lowercase ASCII words (or two-word phrases, "next steps"), a bit per list:
// bits_of(lower) is the OR of the bits of the words in `lower` as whole words, what
// has_any_word gives per list, in one pass over its letter runs (a phrase: two runs with
// one space between) instead of one search per word. Headings are tested against ~30.
class WordBits {
public:
    explicit WordBits(WordList words) : slots_(64) {
        for (const auto& [w, bits] : words) {
            Slot& slot = find_slot(w);
            slot.word = w;
            slot.bits |= bits;
            phrases_ = phrases_ || w.find(' ') != std::string_view::npos;
        }
    }
    unsigned bits_of(std::string_view lower) const {
        unsigned bits = 0;
        size_t prev_start = 0, prev_end = std::string_view::npos;
        for_each_letter_run(lower, [&](size_t i, size_t j) {
            bits |= lookup(lower.substr(i, j - i));
            // (prev_end is npos before the first run: npos + 1 == 0 must not read lower[npos].)
            if (phrases_ && prev_end != std::string_view::npos && prev_end + 1 == i && lower[prev_end] == ' ')
                bits |= lookup(lower.substr(prev_start, j - prev_start));
            prev_start = i;
            prev_end = j;
        });
        return bits;
    }
private:
    struct Slot {
        std::string_view word;   // empty: free
        unsigned bits = 0;
    };
    static size_t hash(std::string_view w) {
        size_t h = w.size();
        for (const char c : w) h = h * 31 + static_cast<unsigned char>(c);
        return h;
    }
    // Open addressing at under half load (the lists are fixed and short).
    Slot& find_slot(std::string_view w) {
        size_t i = hash(w) & (slots_.size() - 1);
        while (!slots_[i].word.empty() && slots_[i].word != w) i = (i + 1) & (slots_.size() - 1);
        return slots_[i];
    }
    unsigned lookup(std::string_view w) const {
        for (size_t i = hash(w) & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i].word.empty()) return 0;
            if (slots_[i].word == w) return slots_[i].bits;
        }
    }
    std::vector<Slot> slots_;
    bool phrases_ = false;
};

// Fixed lists of Japanese words (each starting with a 3-byte UTF-8 character), a bit per
// list: bits_of(s) is the OR of the bits of the words contained in s, what has_any gives per
// list, in one pass: a lead byte is compared only with the words that start with its first
// two bytes (by the 64-code-point block they give), instead of one search per word.
class CjkWordBits {
public:
    explicit CjkWordBits(WordList words) : words_(words) {
        stable_sort_by(words_, [](const auto& a, const auto& b) { return slot_of(a.first) < slot_of(b.first); });
        size_t k = 0;
        for (size_t slot = 0; slot <= kSlots; ++slot) {
            while (k < words_.size() && slot_of(words_[k].first) < slot) ++k;
            begin_[slot] = static_cast<uint8_t>(k);
        }
    }
    unsigned bits_of(std::string_view s) const {
        unsigned bits = 0;
        for (size_t i = 0; i + 3 <= s.size(); ++i) {
            if ((static_cast<unsigned char>(s[i]) & 0xF0) != 0xE0) continue;
            const size_t slot = slot_of(s.substr(i, 2));
            for (size_t k = begin_[slot]; k < begin_[slot + 1]; ++k)
                if (s.compare(i, words_[k].first.size(), words_[k].first) == 0) bits |= words_[k].second;
        }
        return bits;
    }
private:
    static constexpr size_t kSlots = 1024;
    static size_t slot_of(std::string_view w) {
        return (static_cast<unsigned char>(w[0]) & 0x0Fu) << 6 | (static_cast<unsigned char>(w[1]) & 0x3Fu);
    }
    std::vector<std::pair<std::string_view, unsigned>> words_;   // by slot
    uint8_t begin_[kSlots + 1];                                   // words_ of slot s: [begin_[s], begin_[s + 1])
};

// The tiers an ASCII word names (bit 0 Critical, 1 Significant, 2 Moderate, 3 Minor), for
// a lowercase word.
unsigned tier_word_bits(std::string_view w) {
    switch (w.size()) {
        case 3: return w == "low" || w == "nit" ? 8u : 0u;
        case 4: return w == "high" ? 2u : 0u;
        case 5: return w == "major" ? 2u : w == "minor" ? 8u : 0u;
        case 6: return w == "severe" ? 1u : w == "medium" ? 4u : 0u;
        case 7: return w == "blocker" ? 1u : w == "trivial" ? 8u : w == "nitpick" ? 8u : 0u;
        case 8: return w == "critical" ? 1u : w == "moderate" ? 4u : 0u;
        case 9: return w == "important" ? 2u : 0u;
        case 11: return w == "significant" ? 2u : 0u;
        default: return 0u;
    }
}

// Canonical tier named in a text, "" when none. One pass over the ASCII words (a whole
// word of a tier's list, case-insensitive, is a letter run equal to it: the lists hold
// letters only); the Japanese words only when the text has any non-ASCII byte (they are
// all non-ASCII, so lowercasing never changes whether they are found, or what trim gives).
std::string tier_of(std::string_view text) {
    unsigned bits = 0;
    for_each_letter_run(text, [&](size_t i, size_t j) {
        if (j - i > 11) return;
        char w[11];
        for (size_t k = i; k < j; ++k) w[k - i] = static_cast<char>(text[k] | 0x20);   // letters only
        bits |= tier_word_bits(std::string_view(w, j - i));
    });
    const bool wide = std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    std::string_view trimmed;
    if (wide) {
        static const CjkWordBits japanese({{"致命", 1u}, {"重大", 1u}, {"クリティカル", 1u},
                                           {"重要な", 2u}, {"重要度高", 2u}, {"高リスク", 2u}, {"主要な", 2u},
                                           {"中程度", 4u}, {"中リスク", 4u},
                                           {"軽微", 8u}, {"低リスク", 8u}, {"改善提案", 8u}});
        bits |= japanese.bits_of(text);
        trimmed = trim_view(text);
    }
    if (bits & 1u) return "Critical";
    if ((bits & 2u) || trimmed == "高" || trimmed == "重要") return "Significant";
    if ((bits & 4u) || trimmed == "中") return "Moderate";
    if ((bits & 8u) || trimmed == "低") return "Minor";
    return {};
}

// Summary: holds no unmarked findings, but strong ids still count ("## Summary" then
// "### H1. ..."). NoFindings: strengths, recommendations ... hold none at all.
enum class SectionKind { Plain, Issues, Tier, Summary, NoFindings };

// What a heading's words say it holds: issues, none (strengths, recommendations ...), or a
// summary. One pass for each language's lists (WordBits, CjkWordBits).
enum SectionWords : unsigned { kNamesIssues = 1, kNamesNoFindings = 2, kNamesSummary = 4 };
unsigned section_words(std::string_view lower) {
    static const WordBits english({
        {"issue", kNamesIssues}, {"issues", kNamesIssues}, {"finding", kNamesIssues}, {"findings", kNamesIssues},
        {"problem", kNamesIssues}, {"problems", kNamesIssues}, {"concern", kNamesIssues}, {"concerns", kNamesIssues},
        {"risk", kNamesIssues}, {"risks", kNamesIssues}, {"defect", kNamesIssues}, {"defects", kNamesIssues},
        {"weakness", kNamesIssues}, {"weaknesses", kNamesIssues},
        {"strengths", kNamesNoFindings}, {"strength", kNamesNoFindings}, {"positive", kNamesNoFindings},
        {"positives", kNamesNoFindings}, {"recommendations", kNamesNoFindings}, {"next steps", kNamesNoFindings},
        {"good points", kNamesNoFindings}, {"held up", kNamesNoFindings}, {"checked", kNamesNoFindings},
        {"questions", kNamesNoFindings},
        {"summary", kNamesSummary}, {"overview", kNamesSummary}, {"conclusion", kNamesSummary},
        {"conclusions", kNamesSummary}, {"introduction", kNamesSummary}, {"scope", kNamesSummary},
        {"methodology", kNamesSummary}, {"appendix", kNamesSummary}, {"references", kNamesSummary},
        {"metadata", kNamesSummary}});
    static const CjkWordBits japanese({
        {"指摘", kNamesIssues}, {"問題", kNamesIssues}, {"課題", kNamesIssues}, {"懸念", kNamesIssues},
        {"リスク", kNamesIssues}, {"不備", kNamesIssues},
        {"良い点", kNamesNoFindings}, {"評価できる点", kNamesNoFindings}, {"強み", kNamesNoFindings},
        {"推奨事項", kNamesNoFindings}, {"確認事項", kNamesNoFindings}, {"対応すべき事項", kNamesNoFindings},
        {"質問", kNamesNoFindings},
        {"概要", kNamesSummary}, {"総評", kNamesSummary}, {"まとめ", kNamesSummary}, {"結論", kNamesSummary},
        {"はじめに", kNamesSummary}, {"付録", kNamesSummary}, {"参考", kNamesSummary}, {"総括", kNamesSummary},
        {"サマリ", kNamesSummary}});
    return english.bits_of(lower) | japanese.bits_of(lower);
}

size_t word_count(std::string_view s) {
    size_t n = 0;
    bool in_word = false;
    for (const char c : s) {
        const bool space = c == ' ' || c == '\t';
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

// Where a section heading names its tier: the first two words ("Critical Issues",
// "High Priority") or first four characters of Japanese ("重大な問題"), after any emoji.
// Finding titles mention tiers later on ("Retry storms cause critical outages").
std::string heading_head(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        size_t k = i;
        const uint32_t cp = next_codepoint(text, k);
        const bool decoration = (cp >= 0x2000 && cp < 0x3000) || cp >= 0x1F000 || cp == 0xFE0F || cp == ' ';
        if (!decoration) break;
        i = k;
    }
    text.remove_prefix(i);
    size_t k = 0;
    const uint32_t first = next_codepoint(text, k);
    if (is_cjk(first)) {
        size_t end = 0;
        for (int n = 0; n < 4 && end < text.size(); ++n) next_codepoint(text, end);
        return std::string(text.substr(0, end));
    }
    size_t end = 0;
    int words = 0;
    bool in_word = false;
    for (; end < text.size(); ++end) {
        const bool space = text[end] == ' ';
        if (!space && !in_word && ++words > 2) break;
        in_word = !space;
    }
    return std::string(text.substr(0, end));
}

SectionKind classify_section(std::string_view text, std::string& tier) {
    const std::string lower = to_lower_ascii(trim(text));
    tier = tier_of(heading_head(lower));
    const unsigned words = section_words(lower);
    const bool issues = words & kNamesIssues;
    if (!tier.empty() && (issues || word_count(lower) <= 3)) return SectionKind::Tier;
    tier.clear();
    if (words & kNamesNoFindings) return SectionKind::NoFindings;
    if (words & kNamesSummary) return SectionKind::Summary;   // "Summary of Issues" still names a summary
    if (issues) return SectionKind::Issues;
    return SectionKind::Plain;
}

struct HeadingId {
    bool ok = false;
    bool strong = false;   // letter id, prefix word, brackets or tier tag: a finding wherever it is
    bool dotted = false;   // "2.1": numbered like a chapter
    std::string id;
    std::string title;
    std::string tier;      // from a tag before or right after the id: "【重大】1.", "1. [High]"
};


// Bracket tests by byte, for the character-by-character scans below (parse::match_any
// with a list costs a compare per option per byte). Same answers as match_any on
// {"[", "【", "(", "（"} and {"]", "】", ")", "）"}: the byte length of the bracket at s[i], or 0.
size_t bracket_open_at(std::string_view s, size_t i) {
    if (i >= s.size()) return 0;
    const char c = s[i];
    if (c == '[' || c == '(') return 1;
    if (c == '\xE3' && s.compare(i, 3, "\xE3\x80\x90") == 0) return 3;   // 【
    if (c == '\xEF' && s.compare(i, 3, "\xEF\xBC\x88") == 0) return 3;   // （
    return 0;
}
size_t bracket_close_at(std::string_view s, size_t i) {
    if (i >= s.size()) return 0;
    const char c = s[i];
    if (c == ']' || c == ')') return 1;
    if (c == '\xE3' && s.compare(i, 3, "\xE3\x80\x91") == 0) return 3;   // 】
    if (c == '\xEF' && s.compare(i, 3, "\xEF\xBC\x89") == 0) return 3;   // ）
    return 0;
}

// A bracketed tier at s[i] ("[High]", "【重大】", "(Critical)"): its tier and the offset after
// it, or "" when there is none.
std::string tier_tag_at(std::string_view s, size_t i, size_t& after) {
    const size_t open = bracket_open_at(s, i);
    if (!open) return {};
    size_t k = i + open;
    size_t close = 0;
    while (k < s.size() && k - i <= 32 && !(close = bracket_close_at(s, k))) ++k;
    if (!close) return {};
    const std::string_view inner = s.substr(i + open, k - i - open);
    std::string tier = tier_of(inner);
    if (tier.empty() || word_count(inner) > 2) return {};
    after = parse::skip_spaces(s, k + close);
    return tier;
}

// Reads an id at the start of a heading. See the rule at the top of the file.
HeadingId read_heading_id(std::string_view raw) {
    HeadingId out;
    std::string_view s = trim_view(raw);
    // Skip leading decoration: emoji and symbols ("🔴 C1: ...", "⚠️ 1. ...").
    size_t i = 0;
    while (i < s.size()) {
        size_t k = i;
        const uint32_t cp = next_codepoint(s, k);
        const bool decoration = cp >= 0x2000 && cp < 0x3000 ? true : (cp >= 0x1F000 || cp == 0xFE0F);
        if (!decoration && cp != ' ') break;
        i = k;
    }
    s.remove_prefix(i);
    i = 0;
    size_t after_tag = 0;
    out.tier = tier_tag_at(s, 0, after_tag);
    if (!out.tier.empty()) s.remove_prefix(after_tag);   // "【重大】P-1 ...", "[High] 3. ..."
    bool prefix = false;
    {
        // starts_with on the lowercased text, without the copy (the prefixes are lowercase)
        for (const std::string_view p : {std::string_view("issue"), std::string_view("finding"),
                                         std::string_view("problem"), std::string_view("concern"),
                                         std::string_view("no."), std::string_view("指摘"),
                                         std::string_view("問題"), std::string_view("課題"),
                                         std::string_view("懸念")}) {
            if (parse::starts_with_ci(s, p)) {
                size_t k = parse::skip_spaces(s, p.size());
                if (k < s.size() && s[k] == '#') k = parse::skip_spaces(s, k + 1);
                if (k < s.size() && (is_digit(s[k]) || parse::match_any(s, k, {"\xEF\xBC"}))) {
                    i = k;
                    prefix = true;
                }
                break;
            }
        }
    }
    const size_t open = prefix ? 0 : parse::match_any(s, i, {"[", "\xE3\x80\x90", "("});
    i += open;
    const size_t begin = i;
    size_t letters = 0;
    while (i < s.size() && ((s[i] >= 'A' && s[i] <= 'Z') || (letters > 0 && s[i] >= 'a' && s[i] <= 'z'))) {
        ++i;
        ++letters;
    }
    if (letters > 4) return out;
    if (letters > 0 && i < s.size() && (s[i] == '-' || s[i] == '_')) ++i;
    const size_t digits_begin = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == digits_begin || i - digits_begin > 4) return out;
    bool dotted = false;   // "2.1", "C1.2"
    while (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
        ++i;
        while (i < s.size() && is_digit(s[i])) ++i;
        dotted = true;
    }
    std::string id(s.substr(begin, i - begin));
    if (open) {
        const size_t close = parse::match_any(s, i, {"]", "\xE3\x80\x91", ")"});
        if (!close) return out;
        i += close;
    } else if (i < s.size() && (is_alpha(s[i]) || is_digit(s[i]))) {
        return out;   // "S3Bucket", "2024a"
    }
    size_t j = parse::skip_spaces(s, i);
    const size_t sep = parse::match_any(s, j, {":", "\xEF\xBC\x9A", ".", "\xEF\xBC\x8E", ")", "\xE3\x80\x81",
                                               " - ", "-", "\xE2\x80\x94", "\xE2\x80\x93"});
    const bool spaced = j > i;
    if (sep == 0 && j < s.size()) {
        // No punctuation: a space is enough after a letter id, prefix or bracket, or a
        // dotted number ("2.1 Retry storms"), never after a bare number ("2024 plan").
        if ((!spaced && !open) || (letters == 0 && !prefix && !open && !dotted)) return out;
    }
    out.ok = true;
    out.dotted = dotted;
    out.id = std::move(id);
    std::string_view rest = s.substr(parse::skip_spaces(s, j + sep));
    if (out.tier.empty()) {
        out.tier = tier_tag_at(rest, 0, after_tag);   // "1. [High] SQL injection"
        if (!out.tier.empty()) rest.remove_prefix(after_tag);
    }
    out.strong = letters > 0 || prefix || open || !out.tier.empty();
    out.title = trim(rest);
    // A trailing tag, "JWT に有効期限がない [Critical]", is the tier too, not part of the title.
    // The last opening bracket ("[", "(", "【", "（"), found in one backward pass.
    size_t last = std::string::npos;
    for (size_t at = out.title.size(); at-- > 0;) {
        if (bracket_open_at(out.title, at)) {
            last = at;
            break;
        }
    }
    if (last != std::string::npos && last > 0) {
        size_t end = 0;
        const std::string tail_tier = tier_tag_at(out.title, last, end);
        if (!tail_tier.empty() && end == out.title.size()) {
            if (out.tier.empty()) out.tier = tail_tier;
            out.title = trim(std::string_view(out.title).substr(0, last));
        }
    }
    return out;
}

// A tier written in brackets in a heading: "C1. [Critical] ...", "(重大)", "【高】".
std::string bracket_tier(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const size_t open = bracket_open_at(text, i);
        if (!open) continue;
        const size_t from = i + open;
        size_t k = from;
        size_t close = 0;
        while (k < text.size() && k - from <= 40 && !(close = bracket_close_at(text, k))) {
            ++k;
        }
        if (!close) continue;
        std::string inner(text.substr(from, k - from));
        const parse::LabelValue lv = parse::split_label_value(inner);
        if (lv.ok) inner = lv.value;   // "(Severity: High)"
        const std::string t = tier_of(inner);
        if (!t.empty() && word_count(inner) <= 2) return t;
        i = k;
    }
    return {};
}

bool is_severity_label(std::string_view label) {
    return has_any(label, {"severity", "深刻度", "重要度", "重大度", "優先度"}) || label == "priority" ||
           label == "risk level" || label == "impact level";
}

// False only when is_severity_label(parse::normalize_label(raw)) is false, without building
// the label: a severity label holds "severity", "priority" or "level" (any case; normalizing
// only trims, lowercases and collapses spaces) or a Japanese word (non-ASCII bytes).
bool may_be_severity_label(std::string_view raw) {
    const auto at_ci = [&](size_t i, std::string_view w) {
        if (raw.size() - i < w.size()) return false;
        for (size_t k = 0; k < w.size(); ++k)
            if ((raw[i + k] | 0x20) != w[k]) return false;
        return true;
    };
    for (size_t i = 0; i < raw.size(); ++i) {
        const char c = static_cast<char>(raw[i] | 0x20);
        if (static_cast<unsigned char>(raw[i]) >= 0x80) return true;
        if ((c == 's' && at_ci(i, "severity")) || (c == 'p' && at_ci(i, "priority")) || (c == 'l' && at_ci(i, "level")))
            return true;
    }
    return false;
}

enum class Col { Other, Id, Title, Severity };

Col classify_column(std::string_view h) {
    if (h == "id" || h == "#" || h == "no" || h == "no." || h == "番号" || contains(h, " id") ||
        h == "指摘id" || h == "問題id") {
        return Col::Id;
    }
    if (is_severity_label(h) || h == "risk" || h == "リスク" || h == "level" || h == "レベル") return Col::Severity;
    if (has_any_word(h, {"issue", "finding", "problem", "title", "summary", "concern", "description"}) ||
        has_any(h, {"指摘", "問題", "概要", "内容", "説明", "課題", "懸念", "タイトル", "件名"})) {
        return Col::Title;
    }
    return Col::Other;
}

struct Context {
    int level = 0;
    SectionKind kind = SectionKind::Plain;
    std::string tier;
};

class ReviewParser {
public:
    explicit ReviewParser(const MarkdownDocument& doc) : doc_(doc) {}

    Review run() {
        review_.line_count = doc_.line_count;
        for (size_t i = 0; i < doc_.blocks.size(); ++i) {
            const Block& b = doc_.blocks[i];
            if (b.kind == BlockKind::Heading) {
                on_heading(i);
            } else if (b.kind == BlockKind::TableRow) {
                on_table_row(b);
            } else {
                if (b.kind != BlockKind::TableRow) columns_.clear();
                if ((b.kind == BlockKind::Paragraph || b.kind == BlockKind::ListItem) && on_bold_lead(b)) continue;
                if (open_ >= 0 && b.kind != BlockKind::Rule) {
                    Finding& f = review_.findings[static_cast<size_t>(open_)];
                    f.line_end = std::max(f.line_end, b.line_end);
                    if (b.kind == BlockKind::Paragraph || b.kind == BlockKind::ListItem) stated_severity(b);
                }
            }
        }
        // Table rows whose ids no heading finding has.
        for (Finding& row : rows_) {
            auto same = std::find_if(review_.findings.begin(), review_.findings.end(), [&](const Finding& f) {
                return f.level > 0 && !row.id.empty() && f.id == row.id;
            });
            if (same == review_.findings.end()) {
                review_.findings.push_back(std::move(row));
            } else if (same->severity.empty()) {
                same->severity = row.severity;
            }
        }
        stable_sort_by(review_.findings,
                       [](const Finding& a, const Finding& b) { return a.line_start < b.line_start; });
        return std::move(review_);
    }

private:
    const Context* nearest_marked() const {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (it->kind != SectionKind::Plain) return &*it;
        }
        return nullptr;
    }

    static bool is_issues_context(const Context* marked) {
        return marked && (marked->kind == SectionKind::Issues || marked->kind == SectionKind::Tier);
    }

    std::string enclosing_tier() const {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (it->kind == SectionKind::Tier) return it->tier;
        }
        return {};
    }

    void on_heading(size_t index) {
        const Block& b = doc_.blocks[index];
        columns_.clear();
        const std::string text = parse::join_lines(b.text());
        const int level = b.level;
        if (review_.title.empty() && !title_taken_ && (level == 1 || index == 0)) {
            title_taken_ = true;
            review_.title = text;
            if (level == 1) return;
        }
        const HeadingId hid = read_heading_id(text);
        if (open_ >= 0) {
            Finding& f = review_.findings[static_cast<size_t>(open_)];
            if (level > f.level && !hid.ok) {   // "#### Impact" inside the finding
                f.line_end = std::max(f.line_end, b.line_end);
                return;
            }
            open_ = -1;
        }
        while (!stack_.empty() && stack_.back().level >= level) stack_.pop_back();

        std::string tier;
        const SectionKind kind = classify_section(hid.ok ? hid.title : text, tier);
        const Context* marked = nearest_marked();
        const bool in_issues = is_issues_context(marked);
        const bool is_section = kind != SectionKind::Plain && !(hid.ok && hid.strong) &&
                                !(kind == SectionKind::Issues && in_issues);
        if (is_section) {
            stack_.push_back({level, kind, tier});
            return;
        }
        bool finding = false;
        if (marked && marked->kind == SectionKind::NoFindings) {
            finding = false;
        } else if (hid.ok && hid.strong) {
            finding = true;
        } else if (hid.ok) {
            finding = in_issues || (!marked && level >= 3 && !hid.dotted);
        } else {
            finding = in_issues;
        }
        if (!finding) {
            stack_.push_back({level, SectionKind::Plain, {}});
            return;
        }
        open_finding(hid.ok ? hid.id : std::string(), hid.ok ? hid.title : text, hid.tier, level, b, false);
    }

    // Starts a finding at block b. Its severity: the tier tag read with the id, else one in
    // brackets in the title, else the enclosing tier section (a "Severity:" line inside it
    // may still override it, see stated_severity).
    void open_finding(std::string id, std::string title, std::string tier, int level, const Block& b,
                      bool bold_list_item) {
        Finding f;
        f.id = std::move(id);
        f.title = std::move(title);
        f.severity = std::move(tier);
        if (f.severity.empty()) f.severity = bracket_tier(f.title);
        if (f.severity.empty()) f.severity = enclosing_tier();
        f.level = level;
        f.line_start = b.line_start;
        f.line_end = b.line_end;
        review_.findings.push_back(std::move(f));
        open_ = static_cast<int>(review_.findings.size()) - 1;
        open_is_bold_list_item_ = bold_list_item;
        severity_stated_ = false;
    }

    // A paragraph or list item that opens with bold text is a finding, like a heading one
    // level deeper than any heading, when the bold text starts with a strong id
    // ("**C1. No retry budget**", "- **[S-2]** Token leak ...") outside a no-findings section,
    // or, for a list item with no id, when it sits in an issues/tier section outside any
    // other finding ("## Critical Issues" / "- **Missing retry budget**: ..."). Returns true
    // when it opened a finding.
    static constexpr int kBoldLeadLevel = 7;   // deeper than any heading: the next heading ends it

    bool on_bold_lead(const Block& b) {
        if (b.spans.empty() || !(b.spans[0].style & kStrong)) return false;
        const std::string lead = parse::join_lines(b.spans[0].text);
        if (lead.empty()) return false;
        const Context* marked = nearest_marked();
        if (marked && marked->kind == SectionKind::NoFindings) return false;
        const HeadingId hid = read_heading_id(lead);
        const bool in_issues = is_issues_context(marked);
        const bool with_id = hid.ok && hid.strong;
        // Without an id, only a list item starts a finding, and only when no finding is open or
        // the open one is its sibling (another such list item): bold labels inside a finding
        // ("**Severity**: High", "- **Impact**: ...") are its content.
        const bool list_lead = b.kind == BlockKind::ListItem && !with_id;
        const bool free = open_ < 0 || open_is_bold_list_item_;
        if (!with_id && !(list_lead && in_issues && free && !hid.ok)) return false;
        std::string title = with_id ? hid.title : lead;
        while (!title.empty() && (title.back() == ':' || title.back() == ' ' || title.back() == '.')) title.pop_back();
        if (title.empty()) {
            // "**C1.** Missing retry budget ...": the title is the rest of the first line.
            std::string first_line = b.text().substr(b.spans[0].text.size());
            first_line = first_line.substr(0, first_line.find('\n'));
            title = parse::join_lines(first_line);
            while (!title.empty() && (title.front() == ' ' || title.front() == ':' )) title.erase(0, 1);
        }
        if (!with_id && title.size() > 160) return false;   // a bold sentence, not a title
        open_finding(with_id ? hid.id : std::string(), std::move(title), with_id ? hid.tier : std::string(),
                     kBoldLeadLevel, b, list_lead);
        stated_severity(b);
        return true;
    }

    // "Severity: High" / "**深刻度**: 重大" inside a finding overrides the section tier.
    void stated_severity(const Block& b) {
        if (severity_stated_) return;
        // Lines are views into the block text (no per-line strings); a line without a colon
        // cannot be "Label: value", so it skips the label parser (same result, fewer copies).
        // A block with no colon in any span has no such line: the text is not even built.
        bool any_colon = false;
        for (const Span& sp : b.spans)
            any_colon = any_colon || sp.text.find(':') != std::string::npos || sp.text.find("\xEF\xBC\x9A") != std::string::npos;
        if (!any_colon) return;
        const std::string text = b.text();
        const std::string_view all(text);
        if (all.find(':') == std::string_view::npos && all.find("\xEF\xBC\x9A") == std::string_view::npos) return;
        for (size_t begin = 0; begin < all.size();) {
            size_t end = all.find('\n', begin);
            if (end == std::string_view::npos) end = all.size();
            size_t stop = end;
            if (stop > begin && all[stop - 1] == '\r') --stop;
            const std::string_view line = all.substr(begin, stop - begin);
            begin = end + 1;
            if (line.find(':') == std::string_view::npos && line.find("\xEF\xBC\x9A") == std::string_view::npos)
                continue;
            // The label is what split_label_value would take (up to the first colon): test
            // it before building the value, as most labels here are not a severity.
            const size_t colon = std::min(line.find(':'), line.find("\xEF\xBC\x9A"));
            if (!may_be_severity_label(line.substr(0, colon))) continue;
            if (!is_severity_label(parse::normalize_label(line.substr(0, colon)))) continue;
            const parse::LabelValue lv = parse::split_label_value(line);
            if (!lv.ok || !is_severity_label(lv.label)) continue;
            const std::string t = tier_of(lv.value);
            if (!t.empty()) {
                review_.findings[static_cast<size_t>(open_)].severity = t;
                severity_stated_ = true;
                return;
            }
        }
    }

    void on_table_row(const Block& b) {
        if (open_ >= 0) {
            Finding& f = review_.findings[static_cast<size_t>(open_)];
            f.line_end = std::max(f.line_end, b.line_end);
            return;   // a table inside a finding is part of it
        }
        if (b.header_row || columns_.empty()) {
            columns_.clear();
            for (size_t i = 0; i < b.cells.size(); ++i) {
                columns_.push_back(classify_column(parse::normalize_label(b.cell_text(i))));
            }
            if (columns_.empty()) columns_.push_back(Col::Other);
            return;
        }
        const auto col = [&](Col c) -> int {
            for (size_t i = 0; i < columns_.size(); ++i) {
                if (columns_[i] == c) return static_cast<int>(i);
            }
            return -1;
        };
        const int id_col = col(Col::Id);
        const int title_col = col(Col::Title);
        if (title_col < 0) return;
        const Context* marked = nearest_marked();
        if (marked && marked->kind == SectionKind::NoFindings) return;
        const bool in_issues = is_issues_context(marked);
        std::string id;
        if (id_col >= 0) {
            const std::string cell = trim(b.cell_text(static_cast<size_t>(id_col)));
            const HeadingId hid = read_heading_id(cell);
            if (hid.ok && hid.title.empty()) id = hid.id;
        }
        if (id.empty() && !in_issues) return;   // a table of something else
        Finding f;
        f.id = id;
        f.title = parse::join_lines(b.cell_text(static_cast<size_t>(title_col)));
        const int sev_col = col(Col::Severity);
        if (sev_col >= 0) f.severity = tier_of(b.cell_text(static_cast<size_t>(sev_col)));
        if (f.severity.empty()) f.severity = enclosing_tier();
        f.level = 0;
        f.line_start = f.line_end = b.line_start;
        if (f.title.empty() && f.id.empty()) return;
        rows_.push_back(std::move(f));
    }

    const MarkdownDocument& doc_;
    Review review_;
    std::vector<Context> stack_;
    std::vector<Finding> rows_;     // table-row findings, merged at the end
    std::vector<Col> columns_;      // columns of the table being read
    int open_ = -1;                 // finding whose range is growing
    bool open_is_bold_list_item_ = false;   // the open finding is an id-less bold list item
    bool severity_stated_ = false;
    bool title_taken_ = false;
};

}  // namespace

Review parse_review(const MarkdownDocument& doc) { return ReviewParser(doc).run(); }

Review parse_review(std::string_view normalized_text) { return parse_review(parse_markdown(normalized_text)); }

}  // namespace kg
