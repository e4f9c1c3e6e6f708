// Reads an LLM judge's scoring report: the entry point, the helpers every part of the
// parser shares, and the context the heading stack gives (run, prompt, section). The
// block readers are in judge_blocks.cpp, tables in judge_tables.cpp, and the decisions
// taken after the pass in judge_settle.cpp; judge_parser.h holds the shared state.
#include "judge/internal/judge_parser.h"

#include "base/text.h"

namespace kg::judge_parse {

std::string verdict_text(Verdict v) {
    const char* s = verdict_symbol(v);
    return *s ? s : "?";
}

std::string format_number(double v) { return format_score(v); }

// The lines of a block's text, with strike-through spans dropped ("~~8.0~~ 7.5" reads 7.5).
std::vector<std::pair<int, std::string>> block_lines(const Block& b) {
    std::string text;
    for (const Span& s : b.spans) {
        if (!(s.style & kStrike)) text += s.text;
    }
    std::vector<std::pair<int, std::string>> out;
    size_t from = 0;
    int line = b.line_start;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '\n') {
            out.emplace_back(line, text.substr(from, i - from));
            from = i + 1;
            ++line;
        }
    }
    return out;
}

bool has_bonus_marker(const std::string& t) {
    return contains(t, "+0.5") || contains(t, "＋0.5") || contains(t, "+ 0.5");
}
bool has_penalty_marker(const std::string& t) {
    return contains(t, "-0.5") || contains(t, "−0.5") || contains(t, "－0.5") ||
           contains(t, "- 0.5") || contains(t, "− 0.5");
}
bool says_not_counted(const std::string& text, SectionKind kind) {
    const std::string t = to_lower_ascii(text);
    // Not "out of scope" / "対象外": that is the usual reason *for* a penalty.
    for (const char* w : {"not counted", "not awarded", "no bonus", "no penalty", "+0.0", "+0 ",
                          "(0)", "不採用", "加点なし", "減点なし", "カウントしない",
                          "not penalised", "not penalized", "no deduction", "not deducted",
                          "penalty not applied", "not applied", "ペナルティなし", "ペナルティ無し",
                          "ペナルティ対象外", "減点対象外", "減点しない", "ペナルティとしない",
                          "ペナルティは科さない", "ボーナス対象外", "加点対象外", "加点しない",
                          "ボーナスなし", "not a bonus", "no credit"}) {
        if (contains(t, w)) return true;
    }
    if (kind != SectionKind::Penalty) return false;
    // A penalty section item that gives the finding a clean bill: "within scope",
    // "in scope", "スコープ内", "観点内" (but "not in scope" is a reason for the penalty, and
    // so is "in scope but factually wrong").
    for (const char* w : {"wrong", "incorrect", "inaccurate", "false", "mislead", "contradict",
                          "誤", "事実と異なる", "矛盾"}) {
        if (contains(t, w)) return false;
    }
    for (const char* w : {"within scope", "within the scope", "in scope", "in-scope",
                          "スコープ内", "観点内", "範囲内"}) {
        size_t from = 0;
        for (;;) {
            const size_t p = t.find(w, from);
            if (p == std::string::npos) break;
            from = p + 1;
            const std::string before = t.substr(p >= 12 ? p - 12 : 0, p >= 12 ? 12 : p);
            if (contains(before, "not ") || contains(before, "out of") ||
                contains(before, "outside") || contains(before, "n't ")) {
                continue;
            }
            return true;
        }
    }
    return false;
}

ReportParser::ReportParser(const MarkdownDocument& doc, const AnswerKey& key)
    : doc_(doc), key_(key) {
    for (const Problem& p : key.problems) {
        std::string n = judge::normalize_problem_id(p.id);
        if (n.empty()) n = to_lower_ascii(p.id);
        ids_.emplace(n, p.id);
    }
}

JudgeReport ReportParser::parse() {
    report_.prompt = first_prompt();
    size_t i = 0;
    while (i < doc_.blocks.size()) {
        const Block& b = doc_.blocks[i];
        if (b.kind == BlockKind::TableRow) {
            size_t j = i + 1;
            while (j < doc_.blocks.size() && doc_.blocks[j].kind == BlockKind::TableRow &&
                   !doc_.blocks[j].header_row) {
                ++j;
            }
            table(i, j);
            i = j;
            continue;
        }
        switch (b.kind) {
            case BlockKind::Heading: heading(b); break;
            case BlockKind::Paragraph: paragraph(b); break;
            case BlockKind::ListItem: list_item(b); break;
            case BlockKind::CodeBlock: code_block(b); break;
            default: break;
        }
        ++i;
    }
    finish();
    return std::move(report_);
}

std::string ReportParser::first_prompt() const {
    for (const Block& b : doc_.blocks) {
        if (b.kind != BlockKind::Heading) continue;
        std::string p = judge::prompt_name_in(b.text());
        if (!p.empty()) return p;
    }
    for (const Block& b : doc_.blocks) {
        if (b.kind == BlockKind::TableRow) continue;
        std::string p = judge::prompt_name_in(b.text());
        if (!p.empty()) return p;
    }
    return {};
}

int ReportParser::context_run() const {
    if (list_run_ > 0) return list_run_;
    if (pseudo_run_ > 0) return pseudo_run_;
    return heading_run_;
}

std::string ReportParser::context_prompt() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
        if (!it->prompt.empty()) return it->prompt;
    }
    return report_.prompt;
}

// The innermost bonus/penalty section, and the line of its heading. A section heading
// above a run heading applies to it ("## Bonus" > "### Run 1") unless the section itself
// sits inside another run ("## Run 1" > "### Bonus" > "#### Run 2" is run 2's matrix).
SectionKind ReportParser::context_section(int* section_line) const {
    if (pseudo_section_ != SectionKind::None) {
        if (section_line) *section_line = pseudo_section_line_;
        return pseudo_section_;
    }
    bool passed_run = false;
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
        if (it->section != SectionKind::None) {
            if (passed_run) {
                for (auto up = it + 1; up != stack_.rend(); ++up) {
                    if (up->names_runs) return SectionKind::None;
                }
            }
            if (section_line) *section_line = it->line;
            return it->section;
        }
        if (it->names_runs) passed_run = true;
    }
    return SectionKind::None;
}

std::string ReportParser::context_problem() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
        if (!it->problem.empty()) return it->problem;
    }
    return {};
}

bool ReportParser::context_revised() const {
    if (revised_since_heading_) return true;
    for (const HeadingContext& h : stack_) {
        if (h.revised) return true;
    }
    return false;
}

void ReportParser::warn(int line, std::string message) {
    report_.warnings.push_back({line, std::move(message)});
}

}  // namespace kg::judge_parse

namespace kg {

JudgeParseResult parse_judge_report(std::string_view bytes, const AnswerKey& key) {
    JudgeParseResult result;
    const InputCheck check = check_text_input(bytes);
    if (!check.ok) {
        result.error = check.error;
        return result;
    }
    if (key.problems.empty()) {
        result.error = "the answer key has no problems to match the judge's tables against";
        return result;
    }
    const std::string text = normalize_text(bytes);
    const MarkdownDocument doc = parse_markdown(text);
    judge_parse::ReportParser parser(doc, key);
    result.report = parser.parse();
    if (result.report.runs.empty()) {
        result.error = "no per-problem judge tables found (no table row names a problem id of "
                       "the key: " + key.problems.front().id + "..." + key.problems.back().id;
        if (!parser.unknown_ids.empty()) {
            std::string ids;
            for (const std::string& id : parser.unknown_ids) ids += (ids.empty() ? "" : ", ") + id;
            result.error += "; tables name " + ids;
        }
        result.error += ")";
        return result;
    }
    result.ok = true;
    return result;
}

}  // namespace kg
