#include "key/internal/key_vocabulary.h"

#include <initializer_list>

#include "base/internal/parse_util.h"
#include "base/text.h"

namespace kg::keyvocab {

namespace {

using Words = std::initializer_list<std::string_view>;

bool is_one_of(std::string_view s, Words words) {
    for (const std::string_view w : words) {
        if (s == w) return true;
    }
    return false;
}

bool has_any(std::string_view s, Words words) {
    for (const std::string_view w : words) {
        if (contains(s, w)) return true;
    }
    return false;
}

bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Marks as written in keys. 〇 (U+3007) is often typed for ○ on Japanese keyboards.
const Words kDetectedMarks = {"\xE2\x97\x8B", "\xE2\x97\xAF", "\xE2\x97\x8E", "\xE3\x80\x87", "\xE2\x97\x8F"};
const Words kPartialMarks = {"\xE2\x96\xB3", "\xE2\x96\xB2"};
const Words kMissedMarks = {"\xC3\x97", "\xE2\x9C\x95", "\xE2\x9C\x96", "\xE2\x9C\x97", "\xE2\x98\x93"};
const Words kOpenParens = {"(", "\xEF\xBC\x88"};          // ( （
const Words kCloseParens = {")", "\xEF\xBC\x89"};         // ) ）
const Words kColons = {":", "\xEF\xBC\x9A"};              // : ：
const Words kDashes = {"-", "\xE2\x80\x94", "\xE2\x80\x93"};  // - — –

Mark mark_symbol(std::string_view s, size_t i, size_t& len) {
    if ((len = parse::match_any(s, i, kDetectedMarks))) return Mark::Detected;
    if ((len = parse::match_any(s, i, kPartialMarks))) return Mark::Partial;
    if ((len = parse::match_any(s, i, kMissedMarks))) return Mark::Missed;
    // ASCII x only as a mark on its own: "x (Not Detected):", "X: ...".
    if (i < s.size() && (s[i] == 'x' || s[i] == 'X')) {
        const size_t next = i + 1;
        if (next == s.size() || s[next] == ' ' || parse::match_any(s, next, kOpenParens) ||
            parse::match_any(s, next, kColons)) {
            len = 1;
            return Mark::Missed;
        }
    }
    len = 0;
    return Mark::None;
}

}  // namespace

Section classify_section(std::string_view heading_text) {
    const std::string s = parse::normalize_label(heading_text);
    if ((starts_with(s, "合計") || starts_with(s, "total") || starts_with(s, "総数")) &&
        parse::first_integer(s) >= 0) {
        return Section::Total;
    }
    if (has_any(s, {"bonus", "ボーナス"})) return Section::Bonus;
    if (has_any(s, {"condition", "context", "実行条件", "条件", "前提"})) return Section::Conditions;
    if (has_any(s, {"embedded", "埋め込み", "problem", "issue", "問題", "課題"})) return Section::Problems;
    return Section::Unknown;
}

bool is_key_title(std::string_view heading_text) {
    const std::string s = to_lower_ascii(heading_text);
    return has_any(s, {"answer key", "answer-key", "answerkey", "正解キー", "解答キー", "正解表", "正答キー"});
}

Condition classify_condition(std::string_view label) {
    if (has_any(label, {"perspective", "観点", "視点"})) return Condition::Perspective;
    if (has_any(label, {"embedded", "埋め込み", "問題数", "number of problems", "problem count",
                        "issue count", "total problems"})) {
        return Condition::DeclaredCount;
    }
    if (has_any(label, {"target", "対象"})) return Condition::Target;
    if (has_any(label, {"round", "ラウンド"})) return Condition::Round;
    return Condition::Unknown;
}

Field classify_field(std::string_view label) {
    if (has_any(label, {"criteria", "criterion", "判定基準", "検出基準", "判定条件"})) return Field::Criteria;
    if (has_any(label, {"severity", "深刻度", "重要度", "重大度"}) || label == "priority") return Field::Severity;
    if (has_any(label, {"category", "カテゴリ", "分類", "種別"}) || label == "type") return Field::Category;
    if (has_any(label, {"location", "該当箇所", "箇所", "場所", "位置", "該当セクション"}) ||
        is_one_of(label, {"section", "where"})) {
        return Field::Location;
    }
    if (has_any(label, {"description", "説明", "問題内容", "詳細"}) ||
        is_one_of(label, {"details", "problem", "issue", "問題", "内容", "概要", "summary"})) {
        return Field::Description;
    }
    return Field::Unknown;
}

Mark classify_mark_label(std::string_view label) {
    if (is_one_of(label, {"not detected", "undetected", "no detection", "missed", "miss", "not found",
                          "none", "未検出", "検出なし", "非検出", "検出できず"})) {
        return Mark::Missed;
    }
    if (is_one_of(label, {"partial", "partial detection", "partially detected", "partly detected",
                          "部分検出", "部分的検出", "部分的に検出", "部分"})) {
        return Mark::Partial;
    }
    if (is_one_of(label, {"detected", "detection", "full detection", "fully detected", "full",
                          "検出", "検出あり", "完全検出"})) {
        return Mark::Detected;
    }
    return Mark::None;
}

CriterionLine parse_criterion_line(std::string_view raw) {
    CriterionLine out;
    const std::string text = trim(raw);
    const std::string_view s = text;
    size_t i = 0;
    size_t len = 0;
    Mark mark = mark_symbol(s, i, len);
    i = parse::skip_spaces(s, i + len);
    // Optional "(Detected)" / "（検出）" label.
    Mark label_mark = Mark::None;
    if (const size_t open = parse::match_any(s, i, kOpenParens)) {
        size_t close = i + open;
        size_t close_len = 0;
        while (close < s.size() && !(close_len = parse::match_any(s, close, kCloseParens))) ++close;
        if (close_len && close - (i + open) <= 48) {
            label_mark = classify_mark_label(parse::normalize_label(s.substr(i + open, close - i - open)));
            if (label_mark != Mark::None || mark != Mark::None) i = parse::skip_spaces(s, close + close_len);
        }
    }
    if (mark == Mark::None && label_mark == Mark::None) {
        // No symbol: a bare label before a colon, "Not Detected: ...", "部分検出：...".
        const parse::LabelValue lv = parse::split_label_value(s);
        if (!lv.ok) return out;
        out.mark = classify_mark_label(lv.label);
        if (out.mark != Mark::None) out.text = lv.value;
        return out;
    }
    if (mark == Mark::None) mark = label_mark;
    // A label word after the symbol without parentheses: "○ Detected: ...".
    if (label_mark == Mark::None) {
        const parse::LabelValue lv = parse::split_label_value(s.substr(i));
        if (lv.ok && classify_mark_label(lv.label) != Mark::None) {
            out.mark = mark;
            out.text = lv.value;
            return out;
        }
    }
    if (const size_t c = parse::match_any(s, i, kColons)) {
        i += c;
    } else if (const size_t d = parse::match_any(s, i, kDashes)) {
        i += d;
    }
    out.mark = mark;
    out.text = parse::join_lines(s.substr(parse::skip_spaces(s, i)));
    return out;
}

Column classify_problem_column(std::string_view h) {
    if (is_one_of(h, {"id", "#", "no", "no.", "番号", "問題id", "problem id", "issue id"})) return Column::Id;
    size_t len = 0;
    switch (mark_symbol(h, 0, len)) {
        case Mark::Detected: return Column::Detected;
        case Mark::Partial: return Column::Partial;
        case Mark::Missed: return Column::Missed;
        case Mark::None: break;
    }
    switch (classify_mark_label(h)) {
        case Mark::Detected: return Column::Detected;
        case Mark::Partial: return Column::Partial;
        case Mark::Missed: return Column::Missed;
        case Mark::None: break;
    }
    if (is_one_of(h, {"問題", "problem", "title", "issue", "問題名", "タイトル", "name", "problem title",
                      "issue title", "名前", "summary", "概要", "問題概要"})) {
        return Column::Title;
    }
    switch (classify_field(h)) {
        case Field::Category: return Column::Category;
        case Field::Severity: return Column::Severity;
        case Field::Location: return Column::Location;
        case Field::Description: return Column::Description;
        default: break;
    }
    if (h == "content") return Column::Description;
    return Column::Unknown;
}

Column classify_bonus_column(std::string_view h) {
    if (is_one_of(h, {"id", "#", "no", "no.", "番号", "bonus id"})) return Column::Id;
    if (has_any(h, {"criteria", "criterion", "condition", "条件", "基準"})) return Column::BonusCriteria;
    if (has_any(h, {"category", "カテゴリ", "分類", "種別", "観点"}) || h == "type") return Column::Category;
    if (is_one_of(h, {"content", "description", "内容", "問題", "problem", "issue", "説明", "概要", "summary",
                      "title", "bonus problem", "bonus issue", "ボーナス問題", "問題の説明", "details", "詳細"})) {
        return Column::Description;
    }
    return Column::Unknown;
}

IdTitle split_id_title(std::string_view raw, bool numeric_ok) {
    IdTitle out;
    const std::string text = trim(raw);
    const std::string_view s = text;
    size_t i = 0;
    // Optional bracket: [P01] 【P01】
    size_t open = parse::match_any(s, 0, {"[", "\xE3\x80\x90"});
    i += open;
    const size_t id_begin = i;
    size_t letters = 0;
    while (i < s.size() && ((s[i] >= 'A' && s[i] <= 'Z') || (letters > 0 && s[i] >= 'a' && s[i] <= 'z'))) {
        ++i;
        ++letters;
    }
    if (letters > 4) return out;
    if (letters > 0 && i < s.size() && (s[i] == '-' || s[i] == '_')) ++i;
    const size_t digits_begin = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    const size_t digits = i - digits_begin;
    if (digits == 0 || digits > 6) return out;   // keys with 10,000+ problems exist in tests
    if (letters == 0 && !numeric_ok) return out;
    std::string id(s.substr(id_begin, i - id_begin));
    if (open) {
        const size_t close = parse::match_any(s, i, {"]", "\xE3\x80\x91"});
        if (!close) return out;
        i += close;
    } else if (i < s.size() && is_ascii_alnum(s[i])) {
        return out;   // "P01a", "S3Bucket": a word, not an id
    }
    // Separator after the id: ": " "：" ". " ")" " - " " — " or just a space (letter ids).
    size_t j = parse::skip_spaces(s, i);
    const size_t sep = parse::match_any(s, j, {":", "\xEF\xBC\x9A", ".", "\xEF\xBC\x8E", ")", "\xE3\x80\x81",
                                               "-", "\xE2\x80\x94", "\xE2\x80\x93"});
    if (sep == 0 && letters == 0 && !open && j < s.size()) return out;   // "2024 plan"
    if (sep == 0 && j == i && j < s.size()) return out;                 // needs a space at least
    j = parse::skip_spaces(s, j + sep);
    out.ok = true;
    out.id = std::move(id);
    out.title = trim(s.substr(j));
    return out;
}

std::string group_name(std::string_view heading_text) {
    const std::string s = trim(heading_text);
    size_t cut = s.size();
    for (const std::string_view sep : {" \xE2\x80\x94", "\xE2\x80\x94", " \xE2\x80\x93", " - ", ":", "\xEF\xBC\x9A"}) {
        const size_t at = s.find(sep);
        if (at != std::string::npos && at > 0 && at < cut) cut = at;
    }
    return trim(std::string_view(s).substr(0, cut));
}

}  // namespace kg::keyvocab
