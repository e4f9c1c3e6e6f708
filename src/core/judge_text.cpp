// Single-string readers for judge reports. Everything here is byte-oriented over UTF-8:
// ASCII decisions use ASCII tests, and non-ASCII text is matched as whole UTF-8 strings, so
// Japanese labels glued to numbers ("検出6.0") read the same as spaced English ones.
#include "judge_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "text.h"

namespace kg::judge {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool at(std::string_view s, size_t i, std::string_view what) {
    return i <= s.size() && s.substr(i, what.size()) == what;
}

// UTF-8 sign characters: U+2212 minus, U+FF0D full-width hyphen-minus, U+FF0B full-width plus.
constexpr std::string_view kMinus = "\xE2\x88\x92";
constexpr std::string_view kFullMinus = "\xEF\xBC\x8D";
constexpr std::string_view kFullPlus = "\xEF\xBC\x8B";

// Words that may be glued to a number and still leave it a number ("bonus2.5").
bool is_label_word(std::string_view lower_word) {
    static const char* kWords[] = {"bonus", "penalty", "penalties", "detection", "score",
                                   "total", "subtotal", "mean", "sd", "run"};
    for (const char* w : kWords) {
        if (lower_word == w) return true;
    }
    return false;
}

}  // namespace

std::vector<int> run_markers(std::string_view text) {
    std::vector<int> runs;
    const std::string s = to_lower_ascii(text);
    for (size_t i = 0; i + 3 <= s.size(); ++i) {
        if (!at(s, i, "run")) continue;
        if (i > 0 && is_alpha(s[i - 1])) continue;   // "rerun", "Brun"
        size_t j = i + 3;
        int separators = 0;
        while (j < s.size() && separators < 2 &&
               (s[j] == ' ' || s[j] == '-' || s[j] == '_' || s[j] == '#')) {
            ++j;
            ++separators;
        }
        size_t k = j;
        while (k < s.size() && is_digit(s[k]) && k - j < 4) ++k;
        if (k == j || (k < s.size() && is_digit(s[k]))) continue;
        const int n = std::atoi(s.substr(j, k - j).c_str());
        if (n <= 0) continue;
        if (std::find(runs.begin(), runs.end(), n) == runs.end()) runs.push_back(n);
        i = k - 1;
    }
    return runs;
}

std::string prompt_name_in(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        if (lower(text[i]) != 'v') continue;
        if (i > 0 && (is_alnum(text[i - 1]) || text[i - 1] == '_')) continue;
        size_t j = i + 1;
        while (j < text.size() && is_digit(text[j])) ++j;
        if (j == i + 1 || j >= text.size() || (text[j] != '-' && text[j] != '_')) continue;
        size_t k = j + 1;
        while (k < text.size() && (is_alnum(text[k]) || text[k] == '-' || text[k] == '_')) ++k;
        if (k == j + 1) continue;
        std::string name(text.substr(i, k - i));
        // Strip a trailing "-run1" / "_run2": the run is not part of the prompt.
        const std::string low = to_lower_ascii(name);
        const size_t r = low.rfind("run");
        if (r != std::string::npos && r > 0 && (low[r - 1] == '-' || low[r - 1] == '_')) {
            size_t d = r + 3;
            while (d < low.size() && (low[d] == '-' || low[d] == '_')) ++d;
            bool digits = d < low.size();
            for (size_t q = d; q < low.size(); ++q) digits = digits && is_digit(low[q]);
            if (digits) name.resize(r - 1);
        }
        while (!name.empty() && (name.back() == '-' || name.back() == '_')) name.pop_back();
        if (name.size() > j - i + 1 - 1) return name;
    }
    return {};
}

bool has_revision_mark(std::string_view text) {
    static const char* kMarks[] = {
        "revised", "revision", "updated", "corrected", "correction", "re-evaluat", "reevaluat",
        "re-scor", "rescored", "recalculat", "re-calculat", "recomputed", "amended",
        "再評価", "修正", "訂正", "更新", "再採点", "再計算", "改訂"};
    const std::string s = to_lower_ascii(text);
    for (const char* m : kMarks) {
        if (contains(s, m)) return true;
    }
    return false;
}

SectionKind section_kind(std::string_view heading) {
    const std::string s = to_lower_ascii(heading);
    const bool bonus = contains(s, "bonus") || contains(s, "ボーナス") || contains(s, "加点");
    const bool penalty = contains(s, "penalt") || contains(s, "ペナルティ") || contains(s, "減点");
    if (bonus && penalty) return SectionKind::BonusAndPenalty;
    if (bonus) return SectionKind::Bonus;
    if (penalty) return SectionKind::Penalty;
    return SectionKind::None;
}

std::vector<Number> numbers_in(std::string_view s) {
    std::vector<Number> out;
    size_t i = 0;
    while (i < s.size()) {
        if (!is_digit(s[i])) {
            ++i;
            continue;
        }
        size_t start = i;
        size_t end = i;
        while (end < s.size() && is_digit(s[end])) ++end;
        int decimals = 0;
        if (end + 1 < s.size() && s[end] == '.' && is_digit(s[end + 1])) {
            size_t f = end + 1;
            while (f < s.size() && is_digit(s[f])) ++f;
            decimals = static_cast<int>(f - end - 1);
            end = f;
        }
        bool keep = true;
        bool negative = false;
        if (start > 0) {
            const char prev = s[start - 1];
            if (is_alpha(prev)) {
                size_t w = start;
                while (w > 0 && is_alpha(s[w - 1])) --w;
                keep = is_label_word(to_lower_ascii(s.substr(w, start - w)));
                // "Run1" is a run marker, not a number.
                if (to_lower_ascii(s.substr(w, start - w)) == "run") keep = false;
            } else if (prev == '_' || prev == '.' || prev == '#') {
                keep = false;
            } else if (prev == '-' || prev == '+') {
                if (start >= 2 && is_alnum(s[start - 2])) {
                    // Joins two tokens: "P-01" is an id; "6.0+2.5" / "6.0-0.5" an operator.
                    if (prev == '-' && is_alpha(s[start - 2])) keep = false;
                } else {
                    negative = prev == '-';
                    --start;
                }
            } else if (start >= 3 && (s.substr(start - 3, 3) == kMinus ||
                                      s.substr(start - 3, 3) == kFullMinus)) {
                negative = true;
                start -= 3;
            } else if (start >= 3 && s.substr(start - 3, 3) == kFullPlus) {
                start -= 3;
            }
        }
        if (keep) {
            Number n;
            n.value = std::strtod(std::string(s.substr(i, end - i)).c_str(), nullptr);
            if (negative) n.value = -n.value;
            n.decimals = decimals;
            n.begin = start;
            n.end = end;
            out.push_back(n);
        }
        i = end;
    }
    return out;
}

bool verdict_from_score(double score, Verdict& out) {
    if (std::fabs(score - 1.0) < 1e-9) out = Verdict::Detected;
    else if (std::fabs(score - 0.5) < 1e-9) out = Verdict::Partial;
    else if (std::fabs(score) < 1e-9) out = Verdict::Missed;
    else return false;
    return true;
}

namespace {

// One verdict in a piece of a cell; false when the piece states none.
bool read_one_verdict(std::string_view piece, Verdict& out) {
    struct Symbol { std::string_view text; Verdict verdict; };
    static const Symbol kSymbols[] = {
        {"○", Verdict::Detected}, {"◯", Verdict::Detected}, {"〇", Verdict::Detected},
        {"✓", Verdict::Detected}, {"✔", Verdict::Detected}, {"△", Verdict::Partial},
        {"▲", Verdict::Partial},  {"×", Verdict::Missed},   {"✗", Verdict::Missed},
        {"✕", Verdict::Missed},   {"❌", Verdict::Missed}};
    size_t best = std::string_view::npos;
    for (const Symbol& sym : kSymbols) {
        const size_t p = piece.find(sym.text);
        if (p < best) {
            best = p;
            out = sym.verdict;
        }
    }
    if (best != std::string_view::npos) return true;

    std::string s = to_lower_ascii(trim(piece));
    while (!s.empty() && (s[0] == '*' || s[0] == '_' || s[0] == '`' || s[0] == '(' ||
                          s[0] == '[')) {
        s.erase(0, 1);
    }
    struct Word { const char* text; Verdict verdict; };
    static const Word kWords[] = {
        {"not detected", Verdict::Missed}, {"not-detected", Verdict::Missed},
        {"no detection", Verdict::Missed}, {"undetected", Verdict::Missed},
        {"missed", Verdict::Missed},       {"miss", Verdict::Missed},
        {"not found", Verdict::Missed},    {"partially", Verdict::Partial},
        {"partial", Verdict::Partial},     {"full", Verdict::Detected},
        {"detected", Verdict::Detected},   {"未検出", Verdict::Missed},
        {"非検出", Verdict::Missed},       {"検出なし", Verdict::Missed},
        {"部分検出", Verdict::Partial},    {"部分的", Verdict::Partial},
        {"部分", Verdict::Partial},        {"検出", Verdict::Detected}};
    for (const Word& w : kWords) {
        if (starts_with(s, w.text)) {
            out = w.verdict;
            return true;
        }
    }
    if (s == "x") {
        out = Verdict::Missed;
        return true;
    }
    // A bare score: "1.0", "0.5", "(0.0)", "0".
    const std::vector<Number> nums = numbers_in(s);
    if (nums.size() == 1) {
        std::string rest = s.substr(0, nums[0].begin) + s.substr(nums[0].end);
        std::string stripped;
        for (char c : rest) {
            if (c != '(' && c != ')' && c != ' ' && c != '*' && c != '+') stripped += c;
        }
        if (stripped.empty() || stripped == "pt" || stripped == "pts") {
            return verdict_from_score(nums[0].value, out);
        }
    }
    return false;
}

// Splits s at any of the separators (UTF-8 strings).
std::vector<std::string_view> split_any(std::string_view s,
                                        std::initializer_list<std::string_view> seps) {
    std::vector<std::string_view> parts;
    size_t from = 0;
    size_t i = 0;
    while (i < s.size()) {
        bool hit = false;
        for (std::string_view sep : seps) {
            if (at(s, i, sep)) {
                parts.push_back(s.substr(from, i - from));
                i += sep.size();
                from = i;
                hit = true;
                break;
            }
        }
        if (!hit) ++i;
    }
    parts.push_back(s.substr(from));
    return parts;
}

}  // namespace

bool leading_verdict(std::string_view text, Verdict& out) {
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '*' || c == '_' || c == ' ' || c == ':' || c == '`' || c == '[' || c == '(') {
            ++i;
        } else if (at(text, i, "：") || at(text, i, "　")) {
            i += 3;
        } else {
            break;
        }
    }
    const std::string_view rest = text.substr(i);
    for (std::string_view sym : {"○", "◯", "〇", "✓", "✔", "△", "▲", "×", "✗", "✕"}) {
        if (starts_with(rest, sym)) return read_one_verdict(sym, out);
    }
    // A word only when the word ends there: "Detected." yes, "Detection criteria" no.
    const std::string low = to_lower_ascii(rest.substr(0, 24));
    for (const char* w : {"not detected", "undetected", "missed", "partial", "partially detected",
                          "detected", "未検出", "部分検出", "検出"}) {
        if (!starts_with(low, w)) continue;
        const size_t n = std::string_view(w).size();
        if (n < low.size() && is_alpha(low[n])) continue;
        // A Japanese word must end too: "検出 (1.0)" yes, "検出判定" / "検出漏れ" no.
        const bool ja = static_cast<unsigned char>(w[0]) >= 0x80;
        if (ja && n < low.size() && static_cast<unsigned char>(low[n]) >= 0x80) {
            const std::string_view next = std::string_view(low).substr(n);
            if (!starts_with(next, "（") && !starts_with(next, "：") && !starts_with(next, "、") &&
                !starts_with(next, "。") && !starts_with(next, "　")) {
                continue;
            }
        }
        return read_one_verdict(w, out);
    }
    return false;
}

std::vector<Verdict> read_verdict_cell(std::string_view cell, double* score_out) {
    if (score_out) *score_out = -1;
    std::string_view s = cell;
    // "△→○": the judge changed its mind inside the cell; the last verdict stands.
    for (std::string_view arrow : {std::string_view("→"), std::string_view("->"),
                                   std::string_view("⇒"), std::string_view("=>")}) {
        const size_t p = s.rfind(arrow);
        if (p != std::string_view::npos) s = s.substr(p + arrow.size());
    }
    const std::string t = trim(s);
    if (t.empty() || (says_none(t) && t != "0")) return {};

    std::vector<Verdict> out;
    const auto parts = split_any(t, {"/", "／"});
    if (parts.size() > 1) {
        for (std::string_view p : parts) {
            Verdict v;
            if (!read_one_verdict(p, v)) {
                out.clear();
                break;
            }
            out.push_back(v);
        }
        if (!out.empty()) return out;
    }
    Verdict v;
    if (!read_one_verdict(t, v)) return {};
    out.push_back(v);
    if (score_out) {
        const std::vector<Number> nums = numbers_in(t);
        if (!nums.empty()) *score_out = std::fabs(nums.front().value);
    }
    return out;
}

const char* total_kind_name(TotalKind k) {
    switch (k) {
        case TotalKind::None: return "none";
        case TotalKind::Detection: return "detection";
        case TotalKind::Bonus: return "bonus";
        case TotalKind::Penalty: return "penalty";
        case TotalKind::Score: return "score";
        case TotalKind::Mean: return "mean";
        case TotalKind::SD: return "sd";
    }
    return "none";
}

namespace {

// The vocabulary a total label may use. kind None = a filler word ("final", "points").
struct LabelWord {
    const char* text;
    TotalKind kind;
    bool total_word;   // "total", "subtotal", "合計", "小計": may stand for the section's kind
};
const LabelWord kAsciiWords[] = {
    {"detection", TotalKind::Detection, false}, {"detections", TotalKind::Detection, false},
    {"subtotal", TotalKind::Detection, true},   {"sub", TotalKind::None, true},
    {"bonus", TotalKind::Bonus, false},         {"bonuses", TotalKind::Bonus, false},
    {"penalty", TotalKind::Penalty, false},     {"penalties", TotalKind::Penalty, false},
    {"mean", TotalKind::Mean, false},           {"average", TotalKind::Mean, false},
    {"avg", TotalKind::Mean, false},            {"sd", TotalKind::SD, false},
    {"std", TotalKind::SD, false},              {"stdev", TotalKind::SD, false},
    {"stddev", TotalKind::SD, false},           {"deviation", TotalKind::SD, false},
    {"standard", TotalKind::None, false},       {"score", TotalKind::Score, false},
    {"scores", TotalKind::Score, false},        {"total", TotalKind::Score, true},
    {"final", TotalKind::None, false},          {"overall", TotalKind::None, false},
    {"points", TotalKind::None, false},         {"point", TotalKind::None, false},
    {"pts", TotalKind::None, false},            {"sum", TotalKind::None, true},
    {"raw", TotalKind::None, false},            {"items", TotalKind::None, false},
    {"item", TotalKind::None, false},           {"count", TotalKind::None, false},
    {"stated", TotalKind::None, false},         {"revised", TotalKind::None, false},
    {"updated", TotalKind::None, false},        {"corrected", TotalKind::None, false},
    {"recalculated", TotalKind::None, false},
    {"run", TotalKind::None, false},            {"population", TotalKind::None, false},
};
const LabelWord kJaWords[] = {
    {"検出小計", TotalKind::Detection, false}, {"検出", TotalKind::Detection, false},
    {"小計", TotalKind::Detection, true},      {"ボーナス", TotalKind::Bonus, false},
    {"加点", TotalKind::Bonus, false},         {"ペナルティ", TotalKind::Penalty, false},
    {"減点", TotalKind::Penalty, false},       {"平均値", TotalKind::Mean, false},
    {"平均", TotalKind::Mean, false},          {"標準偏差", TotalKind::SD, false},
    {"スコア", TotalKind::Score, false},       {"得点", TotalKind::Score, false},
    {"点数", TotalKind::Score, false},         {"合計", TotalKind::Score, true},
    {"総合", TotalKind::Score, false},         {"総計", TotalKind::Score, true},
    {"点", TotalKind::None, false},            {"最終", TotalKind::None, false},
    {"修正後", TotalKind::None, false},        {"再計算", TotalKind::None, false},
    {"の", TotalKind::None, false},
};

int kind_rank(TotalKind k) {
    switch (k) {
        case TotalKind::Mean: return 6;
        case TotalKind::SD: return 5;
        case TotalKind::Bonus: return 4;
        case TotalKind::Penalty: return 3;
        case TotalKind::Detection: return 2;
        case TotalKind::Score: return 1;
        case TotalKind::None: return 0;
    }
    return 0;
}

// Removes every run marker and prompt name from a label so only its words remain.
std::string strip_markers(std::string_view label) {
    std::string s(label);
    for (;;) {
        const std::string p = prompt_name_in(s);
        if (p.empty()) break;
        const size_t at_p = s.find(p);
        if (at_p == std::string::npos) break;
        s.erase(at_p, p.size());
    }
    // Remove "runN" (with its separators) wherever run_markers would see one.
    std::string low = to_lower_ascii(s);
    for (size_t i = 0; i + 3 <= low.size();) {
        if (at(low, i, "run") && (i == 0 || !is_alpha(low[i - 1]))) {
            size_t j = i + 3;
            while (j < low.size() && j - i < 5 &&
                   (low[j] == ' ' || low[j] == '-' || low[j] == '_' || low[j] == '#')) {
                ++j;
            }
            size_t k = j;
            while (k < low.size() && is_digit(low[k])) ++k;
            if (k > j) {
                s.erase(i, k - i);
                low.erase(i, k - i);
                continue;
            }
        }
        ++i;
    }
    return s;
}

}  // namespace

Label classify_label(std::string_view label) {
    Label out;
    const std::vector<int> runs = run_markers(label);
    if (runs.size() > 1) return out;   // "Run1/Run2": not one run's value
    if (!runs.empty()) out.run = runs[0];
    const std::string s = to_lower_ascii(strip_markers(label));
    if (s.size() > 60) return out;

    TotalKind kind = TotalKind::None;
    bool any_word = false;
    bool only_total_words = true;
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (is_alpha(s[i])) {
            size_t j = i;
            while (j < s.size() && is_alpha(s[j])) ++j;
            const std::string_view word(s.data() + i, j - i);
            const LabelWord* found = nullptr;
            for (const LabelWord& w : kAsciiWords) {
                if (word == w.text) found = &w;
            }
            if (!found) return Label{};
            any_word = true;
            if (!found->total_word) only_total_words = false;
            if (kind_rank(found->kind) > kind_rank(kind)) kind = found->kind;
            i = j;
        } else if (c >= 0x80) {
            const LabelWord* found = nullptr;
            for (const LabelWord& w : kJaWords) {
                if (at(s, i, w.text)) {
                    found = &w;
                    break;
                }
            }
            if (found) {
                any_word = true;
                if (!found->total_word) only_total_words = false;
                if (kind_rank(found->kind) > kind_rank(kind)) kind = found->kind;
                i += std::string_view(found->text).size();
                continue;
            }
            size_t k = i;
            const uint32_t cp = next_codepoint(s, k);
            if (is_cjk(cp) && cp != 0xFF08 && cp != 0xFF09 && cp != 0x3001 && cp != 0x30FB &&
                cp != 0xFF1A && cp != 0xFF0F && cp != 0x3000) {
                return Label{};   // an unknown Japanese word: prose, not a label
            }
            i = k;
        } else if (is_digit(s[i])) {
            return Label{};       // "Top 5": a number inside the label is not ours
        } else {
            ++i;
        }
    }
    if (!any_word) {
        if (out.run > 0) {
            out.kind = TotalKind::Score;
            out.only_run = true;
        }
        return out;
    }
    if (kind == TotalKind::None) return Label{};
    out.kind = kind;
    out.bare_total = only_total_words && out.run == 0;
    return out;
}

bool says_none(std::string_view text) {
    std::string s = to_lower_ascii(trim(text));
    while (!s.empty() && (s.back() == '.' || s.back() == '*')) s.pop_back();
    while (!s.empty() && s.front() == '*') s.erase(0, 1);
    s = trim(s);
    if (s.empty() || s == "-" || s == "—" || s == "–" || s == "n/a" || s == "na" ||
        s == "nil" || s == "0" || s == "0 items" || s == "none") {
        return true;
    }
    if (starts_with(s, "none") || starts_with(s, "no bonus") || starts_with(s, "no penalt") ||
        starts_with(s, "not applicable")) {
        return true;
    }
    // Japanese: short cells such as "なし", "該当なし", "特になし（0件）".
    return s.size() <= 30 && (contains(s, "なし") || contains(s, "無し"));
}

namespace {

bool is_verdict_symbol_text(std::string_view s) {
    for (std::string_view sym : {"○", "◯", "〇", "△", "▲", "×", "✗", "✕", "✓", "✔"}) {
        if (s.find(sym) != std::string_view::npos) return true;
    }
    return false;
}

// Parenthesis depth at every byte, counting ASCII () and full-width （）.
std::vector<int> paren_depths(std::string_view s) {
    std::vector<int> d(s.size() + 1, 0);
    int depth = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '(' || at(s, i, "（")) {
            d[i] = depth;
            ++depth;
            continue;
        }
        if ((s[i] == ')' || at(s, i, "）")) && depth > 0) --depth;
        d[i] = depth;
    }
    d[s.size()] = depth;
    return d;
}

// Length of a label/value separator at i (":", "=", "：", "＝"), 0 if none.
size_t separator_at(std::string_view s, size_t i) {
    if (s[i] == ':' || s[i] == '=') return 1;
    if (at(s, i, "：") || at(s, i, "＝")) return 3;
    return 0;
}

bool followed_by_item_word(std::string_view s, size_t end) {
    size_t i = end;
    while (i < s.size() && s[i] == ' ') ++i;
    const std::string rest = to_lower_ascii(s.substr(i, 12));
    for (const char* w : {"item", "finding", "件", "個", "項目", "つ"}) {
        if (starts_with(rest, w)) return true;
    }
    return false;
}

// A segment that names only a prompt or a run: "v008-baseline", "Run1".
bool marker_only(std::string_view seg) {
    const std::string rest = strip_markers(seg);
    for (char c : rest) {
        if (is_alnum(c) || static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

// Labeled parts of a score formula: "検出6.0+bonus2.5-penalty0.5", "6.0 + 2.5 - 0.5".
void read_formula(std::string_view g, int run, std::vector<Statement>& out) {
    const std::vector<Number> nums = numbers_in(g);
    std::vector<Statement> labeled;
    size_t prev_end = 0;
    for (const Number& n : nums) {
        std::string word(g.substr(prev_end, n.begin - prev_end));
        // Drop operators and brackets around the word: "+bonus", "(検出", "- Penalty:".
        std::string cleaned;
        for (char c : word) {
            if (c == '+' || c == '-' || c == '(' || c == ')' || c == ':' || c == '=' ||
                c == '*') {
                cleaned += ' ';
            } else {
                cleaned += c;
            }
        }
        prev_end = n.end;
        const Label l = classify_label(cleaned);
        if (l.kind == TotalKind::Detection || l.kind == TotalKind::Bonus ||
            l.kind == TotalKind::Penalty) {
            Statement st;
            st.kind = l.kind;
            st.run = run;
            st.value = std::fabs(n.value);
            st.decimals = n.decimals;
            st.is_count = followed_by_item_word(g, n.end);
            st.from_formula = true;
            labeled.push_back(st);
        }
    }
    if (!labeled.empty()) {
        out.insert(out.end(), labeled.begin(), labeled.end());
        return;
    }
    if (nums.size() == 2 || nums.size() == 3) {
        const TotalKind order[] = {TotalKind::Detection, TotalKind::Bonus, TotalKind::Penalty};
        for (size_t i = 0; i < nums.size(); ++i) {
            Statement st;
            st.kind = order[i];
            st.run = run;
            st.value = std::fabs(nums[i].value);
            st.decimals = nums[i].decimals;
            st.from_formula = true;
            out.push_back(st);
        }
    }
}

void read_field(std::string_view f, std::vector<Statement>& out) {
    const std::vector<int> depth = paren_depths(f);
    std::vector<Number> top;
    for (const Number& n : numbers_in(f)) {
        if (depth[n.begin] == 0) top.push_back(n);
    }
    if (top.empty()) return;
    const Number& first = top.front();

    // The label ends at the last separator before the first number; text between that
    // separator and the number (when an "=" follows) is the start of a formula.
    size_t last_sep = std::string_view::npos;
    size_t last_sep_len = 0;
    for (size_t i = 0; i < first.begin; ++i) {
        const size_t len = separator_at(f, i);
        if (len > 0 && depth[i] == 0) {
            last_sep = i;
            last_sep_len = len;
            i += len - 1;
        }
    }
    size_t eq = std::string_view::npos;
    size_t arrow = std::string_view::npos;
    for (size_t i = first.end; i < f.size(); ++i) {
        if (depth[i] != 0) continue;
        if (f[i] == '=' || at(f, i, "＝")) eq = i;
        if (at(f, i, "→") || at(f, i, "->")) arrow = i;
    }
    std::string_view label = f.substr(0, first.begin);
    size_t formula_begin = first.begin;
    if (eq != std::string_view::npos && last_sep != std::string_view::npos &&
        !trim(f.substr(last_sep + last_sep_len, first.begin - last_sep - last_sep_len)).empty()) {
        label = f.substr(0, last_sep);
        formula_begin = last_sep + last_sep_len;
    }
    if (is_verdict_symbol_text(label)) return;

    // Every segment of the label must be a known label or just a prompt/run name.
    Label chosen;
    int run = 0;
    bool any = false;
    size_t from = 0;
    for (size_t i = 0; i <= label.size(); ++i) {
        const size_t len = i < label.size() ? separator_at(label, i) : 1;
        if (len == 0) continue;
        const std::string_view seg = label.substr(from, i - from);
        from = i + len;
        i += len - 1;
        if (trim(seg).empty()) continue;
        const Label l = classify_label(seg);
        if (l.run > 0 && run == 0) run = l.run;
        if (l.kind != TotalKind::None && !l.only_run) {
            if (chosen.kind == TotalKind::None) chosen = l;
            any = true;
        } else if (l.only_run || marker_only(seg)) {
            continue;
        } else {
            return;   // prose
        }
    }
    if (!any) {
        if (run == 0) return;
        chosen.kind = TotalKind::Score;
        chosen.only_run = true;
    }
    if (chosen.run == 0) chosen.run = run;

    // The value: after an arrow (a correction), else after the last "=", else the first.
    const Number* value = &first;
    const size_t after = arrow != std::string_view::npos ? arrow
                         : eq != std::string_view::npos ? eq : std::string_view::npos;
    if (after != std::string_view::npos) {
        value = nullptr;
        for (const Number& n : top) {
            if (n.begin > after) {
                value = &n;
                break;
            }
        }
        if (!value) return;
    }
    if (value->end < f.size() && (f[value->end] == '%' || at(f, value->end, "％"))) return;

    Statement st;
    st.kind = chosen.kind;
    st.run = chosen.run;
    st.bare_total = chosen.bare_total;
    st.only_run = chosen.only_run;
    st.value = st.kind == TotalKind::Penalty ? std::fabs(value->value) : value->value;
    st.decimals = value->decimals;
    const bool items_kind = st.kind == TotalKind::Bonus || st.kind == TotalKind::Penalty ||
                            st.bare_total || st.only_run;
    st.is_count = items_kind && followed_by_item_word(f, value->end);
    out.push_back(st);

    if (items_kind) {
        // "+1.0 (2 items)" / "2 items (+1.0)": the other figure, in the other unit.
        for (const Number& n : numbers_in(f)) {
            if (n.begin == value->begin || n.begin < first.begin) continue;
            const bool count = followed_by_item_word(f, n.end);
            const bool points = !count && (n.decimals > 0 || f[n.begin] == '+' ||
                                           f[n.begin] == '-' || at(f, n.begin, "−"));
            if (count == st.is_count || (!count && !points)) continue;
            Statement other = st;
            other.value = std::fabs(n.value);
            other.decimals = n.decimals;
            other.is_count = count;
            out.push_back(other);
            break;
        }
    }
    if (st.kind == TotalKind::Score && !st.bare_total) {
        const size_t main_index = out.size() - 1;
        const size_t before = out.size();
        if (eq != std::string_view::npos) {
            read_formula(f.substr(formula_begin, eq - formula_begin), st.run, out);
        } else {
            std::string inner;
            for (size_t i = value->end; i < f.size(); ++i) inner += depth[i] > 0 ? f[i] : ' ';
            read_formula(inner, st.run, out);
        }
        // "Run1=8.0(検出6.0+...)" is a run score wherever it stands, even in a bonus section.
        if (out.size() > before) out[main_index].only_run = false;
    }
}

}  // namespace

std::vector<Statement> read_statements(std::string_view line) {
    std::vector<Statement> out;
    const std::vector<int> depth = paren_depths(line);
    size_t from = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
        size_t len = 0;
        if (i == line.size()) {
            len = 1;
        } else if (depth[i] == 0) {
            if (line[i] == ',' || line[i] == ';' || line[i] == '|') len = 1;
            else if (at(line, i, "、") || at(line, i, "，") || at(line, i, "；")) len = 3;
        }
        if (len == 0) continue;
        read_field(line.substr(from, i - from), out);
        from = i + len;
        i += len - 1;
    }
    return out;
}

std::string leading_id(std::string_view cell) {
    size_t i = 0;
    while (i < cell.size() && (cell[i] == ' ' || cell[i] == '*' || cell[i] == '`' ||
                               cell[i] == '[' || cell[i] == '#' || cell[i] == '_')) {
        ++i;
    }
    const size_t start = i;
    while (i < cell.size() && is_alpha(cell[i]) && i - start < 4) ++i;
    if (i == start) return {};
    if (i < cell.size() && (cell[i] == '-' || cell[i] == '_')) ++i;
    const size_t digits = i;
    while (i < cell.size() && is_digit(cell[i]) && i - digits < 4) ++i;
    if (i == digits) return {};
    const bool glued = i < cell.size() && is_alnum(cell[i]);
    const bool decimal = i + 1 < cell.size() && cell[i] == '.' && is_digit(cell[i + 1]);
    if (glued || decimal) return {};
    return std::string(cell.substr(start, i - start));
}

std::string normalize_problem_id(std::string_view text) {
    const std::string id = leading_id(text);
    if (id.empty()) return {};
    std::string letters;
    int number = 0;
    for (char c : id) {
        if (is_alpha(c)) letters += static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
        else if (is_digit(c)) number = number * 10 + (c - '0');
    }
    return letters + std::to_string(number);
}

}  // namespace kg::judge
