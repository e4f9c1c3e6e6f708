// Structural headings; see structural.h.
#include "suggest/structural.h"


namespace kg {

namespace {

// Drops a leading numbering or finding id ("3.", "C1.", "1)", "#2", "(a)") and markup.
std::string_view strip_numbering(std::string_view s) {
    while (!s.empty() && (s.front() == '*' || s.front() == '_' || s.front() == '#' || s.front() == ' ')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == '*' || s.back() == '_' || s.back() == ' ' || s.back() == ':')) s.remove_suffix(1);
    size_t i = 0;
    while (i < s.size() && i < 3 && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) ++i;
    size_t digits = i;
    while (digits < s.size() && ((s[digits] >= '0' && s[digits] <= '9') || s[digits] == '.')) ++digits;
    if (digits > i && digits < s.size() && (s[digits] == '.' || s[digits] == ')' || s[digits] == ' ' || s[digits] == ':')) {
        s.remove_prefix(digits);
        while (!s.empty() && (s.front() == '.' || s.front() == ')' || s.front() == ' ' || s.front() == ':')) s.remove_prefix(1);
    } else if (i == 0 && digits > 0) {
        s.remove_prefix(digits);
        while (!s.empty() && (s.front() == '.' || s.front() == ')' || s.front() == ' ')) s.remove_prefix(1);
    }
    return s;
}

bool has_prefix(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool has_suffix(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

template <size_t N>
bool only_words_from(std::string_view s, const std::string_view (&words)[N]) {
    size_t at = 0;
    bool any = false;
    while (at < s.size()) {
        while (at < s.size() && (s[at] == ' ' || s[at] == '-' || s[at] == '/' || s[at] == '&' || s[at] == ',' || s[at] == ':' || s[at] == '(' || s[at] == ')'))
            ++at;
        size_t end = at;
        while (end < s.size() && s[end] != ' ' && s[end] != '-' && s[end] != '/' && s[end] != ',' && s[end] != ':' && s[end] != '(' && s[end] != ')')
            ++end;
        if (end == at) break;
        const std::string_view w = s.substr(at, end - at);
        bool known = false;
        for (auto k : words) known = known || w == k;
        if (!known) return false;
        any = true;
        at = end;
    }
    return any;
}

// Word lists of structural headings (static: built once, lengths known at compile time).
constexpr std::string_view kSeverityWords[] = {"critical", "significant", "high", "medium", "low", "minor", "major", "moderate",
                            "severe", "important", "severity", "priority", "p0", "p1", "p2", "p3", "1", "2", "3",
                            "issues", "issue", "findings", "finding", "problems", "concerns", "risks", "other",
                            "additional", "improvements", "suggestions", "and", "items", "level", "tier"};
constexpr std::string_view kChapterWords[] = {"summary", "executive", "overview", "recommendations", "recommendation", "positive",
                            "aspects", "strengths", "conclusion", "conclusions", "appendix", "next", "steps",
                            "references", "scope", "methodology", "introduction", "background", "notes",
                            "detailed", "action", "plan", "roadmap", "on-call", "on", "call", "oncall",
                            "ownership", "roles", "role", "responsibilities", "table", "of", "findings",
                            "the", "review", "final", "general", "observations", "questions", "open"};
constexpr std::string_view kRoleWords[] = {"incident", "commander", "tech", "lead", "owner", "sre", "dba", "manager",
                            "engineer", "primary", "secondary", "responder", "scribe", "communications",
                            "service", "team", "product", "security", "platform", "devops", "architect"};

}  // namespace

bool is_structural_title(std::string_view title) {
    // Structural headings are short: a longer title is a finding (and this stays cheap: it
    // runs for every unmatched finding of every review).
    constexpr size_t kMaxStructural = 60;
    while (!title.empty() && (title.front() == ' ' || title.front() == '\t')) title.remove_prefix(1);
    while (!title.empty() && (title.back() == ' ' || title.back() == '\t')) title.remove_suffix(1);
    if (title.size() > kMaxStructural) return false;
    char buffer[kMaxStructural];
    for (size_t i = 0; i < title.size(); ++i) {
        const char c = title[i];
        buffer[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view t = strip_numbering(std::string_view(buffer, title.size()));
    if (t.empty()) return true;
    if (has_prefix(t, "tier ")) return true;
    // "Critical Issues", "High / Medium findings", "Minor Recommendations", "Priority 1"
    if (only_words_from(t, kSeverityWords))
        return true;
    if (only_words_from(t, kChapterWords))
        return true;
    // On-call roles.
    if (has_suffix(t, "on-call") || has_suffix(t, "on call") || has_suffix(t, "oncall")) return true;
    if (only_words_from(t, kRoleWords))
        return true;
    // Japanese chapter and tier names.
    static constexpr std::string_view kJapanese[] = {
        "重大な問題", "重要な問題", "軽微な問題", "中程度の問題", "その他の問題", "致命的な指摘", "重要な指摘",
        "その他の指摘", "改善提案", "総評", "総括", "概要", "推奨事項", "推奨対策", "良い点", "評価できる点",
        "まとめ", "結論", "付録", "運用体制", "役割", "担当", "指摘事項一覧", "サマリー", "サマリ", "重大", "重要",
        "中", "軽微"};
    for (const std::string_view js : kJapanese) {
        if (t == js) return true;
        // "TIER 1: 重大", "レベル1: 重大な問題": a label ending in a tier name, short.
        if (t.size() <= js.size() + 12 && has_suffix(t, js) && (t.size() == js.size() || t[t.size() - js.size() - 1] == ' ' || t[t.size() - js.size() - 1] == ':'))
            return true;
    }
    return false;
}

}  // namespace kg
