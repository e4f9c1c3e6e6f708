// Total statements in a judge report line: labels ("Detection Subtotal", "Run1 Score",
// "検出小計", "Mean") accepted only when every word is a label word, and the values,
// formulas and counts written after them. See read_statements() in judge_text.h.
#include <cmath>

#include "judge/internal/judge_chars.h"
#include "judge/internal/judge_text.h"
#include "base/text.h"

namespace kg::judge {

using namespace chars;

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
    {"の", TotalKind::None, false},       {"件数", TotalKind::None, false},
    {"数", TotalKind::None, false},
};

// Label words that make the figure a number of items ("Bonus count", "ボーナス件数").
bool is_count_word(std::string_view w) {
    return w == "count" || w == "items" || w == "item" || w == "件数" || w == "数";
}

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
    if (label.size() > 200) return Label{};   // prose; also keeps strip_markers cheap
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
            if (is_count_word(found->text)) out.count = true;
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
                if (is_count_word(found->text)) out.count = true;
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

// "2 items", "3件", "6 issues", "7 findings", "9問": a number of things, not points.
bool followed_by_item_word(std::string_view s, size_t end) {
    size_t i = end;
    while (i < s.size() && s[i] == ' ') ++i;
    const std::string rest = to_lower_ascii(s.substr(i, 12));
    for (const char* w : {"item", "finding", "issue", "problem", "defect", "concern", "件", "個",
                          "項目", "つ", "指摘", "問"}) {
        if (starts_with(rest, w)) return true;
    }
    return false;
}

// "6 issues", "9問", "12 指摘": the review's findings, which no section turns into bonus or
// penalty items.
bool followed_by_review_noun(std::string_view s, size_t end) {
    size_t i = end;
    while (i < s.size() && s[i] == ' ') ++i;
    const std::string rest = to_lower_ascii(s.substr(i, 12));
    for (const char* w : {"issue", "problem", "defect", "concern", "指摘", "問"}) {
        if (starts_with(rest, w)) return true;
    }
    return false;
}

// "6/9 detected", "6 of 9", "6/9": how many problems of how many, written with whole
// numbers (a score out of a maximum, "7.5/9.0", keeps its decimals and is not this).
bool followed_by_fraction(std::string_view s, const Number& n) {
    if (n.decimals > 0) return false;
    size_t i = n.end;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i < s.size() && s[i] == '/') ++i;
    else if (at(s, i, "／")) i += 3;
    else if (at(to_lower_ascii(s.substr(i, 3)), 0, "of ")) i += 3;
    else return false;
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j == i || (j < s.size() && s[j] == '.')) return false;
    return true;
}

bool is_signed_at(std::string_view s, size_t i) {
    return s[i] == '+' || s[i] == '-' || at(s, i, kMinus) || at(s, i, kFullMinus) ||
           at(s, i, kFullPlus);
}

// "### Bonus (3)", "**ボーナス**(3件):", "Penalties (0)", "Bonus (+1.5)": a bonus or penalty
// label whose only figure is in the parentheses right after it.
void read_paren_figure(std::string_view f, std::vector<Statement>& out) {
    size_t open = std::string_view::npos;
    size_t open_len = 0;
    for (size_t i = 0; i < f.size(); ++i) {
        if (f[i] == '(') {
            open = i;
            open_len = 1;
            break;
        }
        if (at(f, i, "（")) {
            open = i;
            open_len = 3;
            break;
        }
    }
    if (open == std::string_view::npos) return;
    const std::string_view close_mark = open_len == 1 ? ")" : "）";
    const size_t close = f.find(close_mark, open + open_len);
    if (close == std::string_view::npos) return;
    for (size_t i = close + close_mark.size(); i < f.size(); ++i) {
        const char c = f[i];
        if (c == ' ' || c == ':' || c == '*' || c == '_' || c == '#') continue;
        if (at(f, i, "：")) {
            i += 2;
            continue;
        }
        return;   // more text after the parentheses: not a bare label
    }
    const Label l = classify_label(f.substr(0, open));
    if (l.kind != TotalKind::Bonus && l.kind != TotalKind::Penalty) return;
    const std::string inner = trim(f.substr(open + open_len, close - open - open_len));
    const std::vector<Number> nums = numbers_in(inner);
    if (nums.size() != 1) return;
    const std::string rest = to_lower_ascii(trim(std::string_view(inner).substr(nums[0].end)));
    const bool item_word = followed_by_item_word(inner, nums[0].end);
    const bool points_word = rest == "pts" || rest == "pt" || rest == "points" || rest == "点";
    if (!trim(std::string_view(inner).substr(0, nums[0].begin)).empty()) return;
    if (!rest.empty() && !item_word && !points_word) return;
    if (rest.find(' ') != std::string::npos) return;   // "(3 items max)": prose
    Statement st;
    st.kind = l.kind;
    st.run = l.run;
    st.value = std::fabs(nums[0].value);
    st.decimals = nums[0].decimals;
    st.is_count = item_word || (!points_word && nums[0].decimals == 0 &&
                                !is_signed_at(inner, nums[0].begin));
    out.push_back(st);
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
    if (top.empty()) {
        read_paren_figure(f, out);
        return;
    }
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
    const bool extras_kind = st.kind == TotalKind::Bonus || st.kind == TotalKind::Penalty;
    const bool items_kind = extras_kind || st.bare_total || st.only_run;
    const bool whole = value->decimals == 0 && !is_signed_at(f, value->begin);
    // A number of things: "6 issues", "7 findings", "6/9 detected", "Bonus count: 2".
    const bool counted = followed_by_item_word(f, value->end) || (chosen.count && whole);
    if (counted && !items_kind) return;   // "Detection count: 6" is not a subtotal
    // "Run1: 6 issues (C-1 ~ C-6)": counts the review's findings wherever it stands.
    if ((st.bare_total || st.only_run) &&
        (followed_by_review_noun(f, value->end) || followed_by_fraction(f, *value))) {
        return;
    }
    st.is_count = counted;
    // "Bonus: 2 (+1.0)": a whole number with points written after it is the item count.
    if (extras_kind && !st.is_count && whole) {
        for (const Number& n : numbers_in(f)) {
            if (n.begin <= value->end) continue;
            if ((n.decimals > 0 || is_signed_at(f, n.begin)) && !followed_by_item_word(f, n.end)) {
                st.is_count = true;
            }
            break;
        }
    }
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
            other.beside_count = st.is_count;
            out.push_back(other);
            break;
        }
    }
    if (st.kind == TotalKind::Score && !st.bare_total && !st.is_count) {
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

bool read_stability(std::string_view line, Stability& out) {
    size_t colon = line.find(':');
    size_t len = 1;
    const size_t wide = line.find("：");
    if (wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon)) {
        colon = wide;
        len = 3;
    }
    if (colon == std::string_view::npos) return false;
    std::string label = to_lower_ascii(strip_markers(line.substr(0, colon)));
    std::string cleaned;
    for (char c : label) {
        if (c != '*' && c != '-' && c != ' ' && c != '_' && c != '`') cleaned += c;
    }
    if (cleaned != "stability" && cleaned != "安定性" && cleaned != "安定度") return false;
    std::string value = to_lower_ascii(trim(line.substr(colon + len)));
    while (!value.empty() && (value[0] == '*' || value[0] == '_' || value[0] == ' ')) value.erase(0, 1);
    struct Word { const char* text; Stability s; };
    static const Word kWords[] = {{"high", Stability::High},     {"medium", Stability::Medium},
                                  {"moderate", Stability::Medium}, {"mid", Stability::Medium},
                                  {"low", Stability::Low},       {"高", Stability::High},
                                  {"中", Stability::Medium},     {"低", Stability::Low}};
    for (const Word& w : kWords) {
        if (starts_with(value, w.text)) {
            out = w.s;
            return true;
        }
    }
    return false;
}

}  // namespace kg::judge
