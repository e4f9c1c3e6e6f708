// Single-string readers for judge reports. Everything here is byte-oriented over UTF-8:
// ASCII decisions use ASCII tests, and non-ASCII text is matched as whole UTF-8 strings, so
// Japanese labels glued to numbers ("検出6.0") read the same as spaced English ones.
#include "judge/internal/judge_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "judge/internal/judge_chars.h"
#include "base/text.h"

namespace kg::judge {

using namespace chars;

namespace {

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
        // "Run 1", "Run #2", "run-3": the digits are a run marker, not a number.
        {
            size_t b = start;
            int seps = 0;
            while (b > 0 && seps < 2 && (s[b - 1] == ' ' || s[b - 1] == '#' || s[b - 1] == '-' ||
                                         s[b - 1] == '_')) {
                --b;
                ++seps;
            }
            if (seps > 0 && b >= 3 && to_lower_ascii(s.substr(b - 3, 3)) == "run" &&
                (b == 3 || !is_alpha(s[b - 4]))) {
                keep = false;
            }
        }
        if (keep && start > 0) {
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

// A +0.5 / -0.5 style marker: the line is an item that counts, whatever else it says.
bool has_points_marker(std::string_view t) {
    for (std::string_view m : {"+0.5", "＋0.5", "+ 0.5", "-0.5", "−0.5", "－0.5", "- 0.5",
                               "− 0.5"}) {
        if (t.find(m) != std::string_view::npos) return true;
    }
    return false;
}

// The text up to the first clause break: ".", ";", ":", "(", " — ", " - ", "。", "（", "：".
std::string first_clause(const std::string& s) {
    size_t end = s.size();
    for (std::string_view stop : {".", ";", ":", "(", " — ", " – ", " - ", ",", "。", "（",
                                  "：", "、", "，"}) {
        const size_t p = s.find(stop);
        if (p != std::string::npos && p < end) end = p;
    }
    return trim(std::string_view(s).substr(0, end));
}

std::vector<std::string> words_of(const std::string& s) {
    std::vector<std::string> out;
    std::string w;
    for (char c : s) {
        if (c == ' ') {
            if (!w.empty()) out.push_back(w);
            w.clear();
        } else {
            w += c;
        }
    }
    if (!w.empty()) out.push_back(w);
    return out;
}

// Markdown emphasis, heading marks and list bullets around a line.
std::string strip_marks(std::string_view text) {
    std::string s;
    for (char c : text) {
        if (c != '*' && c != '_' && c != '`' && c != '#') s += c;
    }
    s = trim(s);
    while (!s.empty() && (s[0] == '-' || s[0] == '>')) s = trim(std::string_view(s).substr(1));
    return s;
}

// "0", "0 items", "0件", "0.0", "0 pts": a count or a sum of zero and nothing else.
bool is_zero_figure(std::string_view text) {
    const std::string t = to_lower_ascii(trim(text));
    const std::vector<Number> nums = numbers_in(t);
    if (nums.size() != 1 || std::fabs(nums[0].value) > 1e-12) return false;
    std::string rest = trim(std::string_view(t).substr(0, nums[0].begin)) +
                       trim(std::string_view(t).substr(nums[0].end));
    rest = trim(rest);
    for (const char* w : {"", "items", "item", "件", "個", "findings", "points", "pts", "pt",
                          "点"}) {
        if (rest == w) return true;
    }
    return false;
}

// The part after the first ":" / "：", or after a dash (" — none"), "" when there is none.
std::string after_label(const std::string& s) {
    size_t best = std::string::npos;
    size_t len = 0;
    for (std::string_view sep : {":", "：", " — ", " – ", " - "}) {
        const size_t p = s.find(sep);
        if (p != std::string::npos && p < best) {
            best = p;
            len = sep.size();
        }
    }
    return best == std::string::npos ? std::string() : trim(std::string_view(s).substr(best + len));
}

}  // namespace

bool says_nothing_qualified(std::string_view text) {
    if (has_points_marker(text)) return false;
    const std::string stripped = strip_marks(text);
    if (says_none(stripped)) return true;
    const std::string s = to_lower_ascii(stripped);

    // English: "No scope violations detected", "No penalties applied", "Nothing to penalise",
    // "There were no out-of-scope findings", "All findings are within scope".
    std::string clause = first_clause(s);
    for (const char* lead : {"there were ", "there are ", "there is ", "there was "}) {
        if (starts_with(clause, lead)) clause = clause.substr(std::string_view(lead).size());
    }
    const std::vector<std::string> w = words_of(clause);
    if (!w.empty() && w[0] == "nothing") return true;
    if (w.size() >= 2 && w[0] == "all" &&
        (contains(clause, "within scope") || contains(clause, "in scope") ||
         contains(clause, "within the scope") || contains(clause, "in-scope"))) {
        return true;
    }
    if (!w.empty() && w[0] == "no" && w.size() >= 2) {
        static const char* kWhat[] = {"penalty", "penalties", "penalised", "penalized",
                                      "bonus", "bonuses", "deduction", "deductions",
                                      "out-of-scope", "scope", "factual", "items",
                                      "qualifying", "eligible"};
        for (const char* k : kWhat) {
            if (w[1] == k) return true;
        }
        static const char* kVerbs[] = {"detected", "found", "identified", "observed", "noted",
                                       "applied", "applicable", "warranted", "needed",
                                       "required", "flagged", "given", "awarded", "assigned",
                                       "qualify", "qualified", "apply"};
        if (w.size() <= 6) {
            for (const char* v : kVerbs) {
                if (w.back() == v) return true;
            }
        }
    }
    // Japanese: a line that opens by saying there is nothing, or whose first clause ends in
    // "なし" / "ありません" about penalties, bonuses or findings.
    static const char* kJaLeads[] = {"なし", "無し", "該当なし", "該当無し", "特になし", "対象なし",
                                     "該当する指摘なし", "該当する指摘はありません",
                                     "該当する指摘はない", "ありません", "ペナルティ対象なし",
                                     "ペナルティなし", "ペナルティ無し", "ボーナス対象なし",
                                     "ボーナスなし", "減点なし", "減点対象なし", "加点なし",
                                     "加点対象なし", "全指摘がスコープ内", "すべて観点内",
                                     "全て観点内", "すべてスコープ内", "全てスコープ内"};
    for (const char* lead : kJaLeads) {
        if (starts_with(s, lead)) return true;
    }
    bool ja_none_end = false;
    for (const char* end : {"なし", "無し", "ありません", "見当たらない", "見当たりません",
                            "はない", "はなかった"}) {
        const std::string_view e(end);
        ja_none_end = ja_none_end ||
                      (clause.size() >= e.size() && clause.compare(clause.size() - e.size(),
                                                                   e.size(), e) == 0);
    }
    if (ja_none_end) {
        for (const char* topic : {"ペナルティ", "ボーナス", "減点", "加点", "該当", "対象",
                                  "指摘", "スコープ外", "範囲外", "観点外"}) {
            if (contains(clause, topic)) return true;
        }
    }
    return false;
}

bool declares_no_items(std::string_view heading) {
    if (section_kind(heading) == SectionKind::None || has_points_marker(heading)) return false;
    const std::string s = strip_marks(heading);
    if (says_nothing_qualified(s)) return true;
    const std::string tail = after_label(s);
    if (!tail.empty() && (says_nothing_qualified(tail) || is_zero_figure(tail))) return true;
    // "Penalties (0)", "ボーナス（0件）", "Bonus Items (none)".
    for (std::string_view open : {"(", "（"}) {
        const size_t p = s.find(open);
        if (p == std::string::npos) continue;
        const size_t from = p + open.size();
        size_t close = s.find(open == "(" ? ")" : "）", from);
        if (close == std::string::npos) close = s.size();
        const std::string inner = trim(std::string_view(s).substr(from, close - from));
        if (is_zero_figure(inner) || says_none(inner)) return true;
    }
    return false;
}

SectionKind empty_statement_kind(std::string_view line) {
    if (has_points_marker(line)) return SectionKind::None;
    const std::string s = strip_marks(line);
    size_t colon = s.find(':');
    size_t len = 1;
    const size_t wide = s.find("：");
    if (wide != std::string::npos && (colon == std::string::npos || wide < colon)) {
        colon = wide;
        len = 3;
    }
    if (colon == std::string::npos) return SectionKind::None;
    const Label l = classify_label(std::string_view(s).substr(0, colon));
    if (l.kind != TotalKind::Bonus && l.kind != TotalKind::Penalty) return SectionKind::None;
    const std::string rest = trim(std::string_view(s).substr(colon + len));
    if (rest.empty() || !(says_nothing_qualified(rest) || is_zero_figure(rest))) {
        return SectionKind::None;
    }
    return l.kind == TotalKind::Bonus ? SectionKind::Bonus : SectionKind::Penalty;
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
