// The block readers of the judge-report parser: headings (the context stack), paragraphs
// and list items (run and section pseudo-headings, bonus/penalty items, verdicts written
// as lines) and the total statements in them.
#include "judge/internal/judge_parser.h"

#include <algorithm>

#include "base/text.h"

namespace kg::judge_parse {

void ReportParser::heading(const Block& b) {
    const std::string text = b.text();
    while (!stack_.empty() && stack_.back().level >= b.level) stack_.pop_back();
    HeadingContext h;
    h.level = b.level;
    h.line = b.line_start;
    const std::vector<int> runs = judge::run_markers(text);
    h.names_runs = !runs.empty();
    h.run = runs.size() == 1 ? runs[0] : 0;
    h.prompt = judge::prompt_name_in(text);
    h.section = judge::section_kind(text);
    h.revised = judge::has_revision_mark(text);
    h.problem = key_id(judge::leading_id(text));
    stack_.push_back(h);
    // The run a heading opens lasts until a heading at or above the level where the
    // run headings started: "#### Run 2" followed by "### Bonus Analysis" is still run 2
    // (LLM reports do not keep heading levels tidy), "## Summary" ends it.
    if (h.names_runs) {
        heading_run_level_ = heading_run_ > 0 || heading_run_level_ < kNoLevel
                                 ? std::min(heading_run_level_, h.level) : h.level;
        heading_run_ = h.run;
    } else if (h.level <= heading_run_level_) {
        heading_run_ = 0;
        heading_run_level_ = kNoLevel;
    }
    pseudo_run_ = 0;
    pseudo_section_ = SectionKind::None;
    list_run_ = 0;
    list_run_depth_ = 0;
    revised_since_heading_ = false;
    // "### Penalties (0)", "### ボーナス: なし": what is listed below was not counted.
    if (h.section != SectionKind::None && judge::declares_no_items(text)) {
        empty_section(h.section, context_run(), h.line);
    }
    statements(text, b.line_start);
}

void ReportParser::paragraph(const Block& b) {
    const auto lines = block_lines(b);
    if (b.level == 0) {
        list_run_ = 0;
        list_run_depth_ = 0;
    }
    // A bonus/penalty section ends at the first plain paragraph after its list.
    if (b.level == 0 && pseudo_section_ != SectionKind::None && pseudo_section_listed_) {
        pseudo_section_ = SectionKind::None;
    }
    // "**Run 1**" or "Run1 (v008-baseline-run1.md):" alone on a line acts as a heading;
    // so does "**Bonus Analysis** (+0.5 each):" or "ボーナス(3件):" for the list below it.
    if (lines.size() == 1) {
        const std::string t = trim(lines[0].second);
        const std::vector<int> runs = judge::run_markers(t);
        const bool starts_strong = !b.spans.empty() && (b.spans.front().style & kStrong);
        bool all_strong = starts_strong;
        for (const Span& s : b.spans) all_strong = all_strong && (s.style & kStrong);
        const std::string tail = t.substr(t.size() > 3 ? t.size() - 3 : 0);
        const bool ends_colon = !t.empty() && (t.back() == ':' || contains(tail, "："));
        if (runs.size() == 1 && t.size() <= 80 && (all_strong || ends_colon) &&
            judge::read_statements(t).empty()) {
            pseudo_run_ = runs[0];
            if (judge::has_revision_mark(t)) revised_since_heading_ = true;
            return;
        }
        const std::string lead = starts_strong ? b.spans.front().text : t;
        const SectionKind kind = judge::section_kind(lead);
        if (kind != SectionKind::None && t.size() <= 100 && (starts_strong || ends_colon) &&
            (trim(after_colon(t)).empty() || !judge::says_none(after_colon(t))) &&
            !has_bonus_marker(lead) &&
            !has_penalty_marker(lead)) {
            pseudo_section_ = kind;
            pseudo_section_line_ = lines[0].first;
            pseudo_section_listed_ = false;
            if (judge::declares_no_items(t)) empty_section(kind, context_run(), lines[0].first);
            statements(t, lines[0].first);   // "**ボーナス**(3件):" states a count
            return;
        }
    }
    int section_line = 0;
    const SectionKind section = context_section(&section_line);
    for (const auto& [line, text] : lines) {
        if (judge::has_revision_mark(text)) revised_since_heading_ = true;
        // "ボーナス: なし", "**Penalty**: None" anywhere: that kind has no items.
        const SectionKind stated_empty = judge::empty_statement_kind(text);
        if (stated_empty != SectionKind::None) {
            empty_section(stated_empty, run_in(text), section != SectionKind::None ? section_line : 0);
            statements(text, line);
            continue;
        }
        if (section != SectionKind::None && judge::says_nothing_qualified(text)) {
            empty_section(section, context_run(), section_line);
            continue;
        }
        if (section == SectionKind::None && verdict_line(text, line)) continue;
        statements(text, line);
    }
}

void ReportParser::list_item(const Block& b) {
    const auto lines = block_lines(b);
    if (lines.empty()) return;
    if (pseudo_section_ != SectionKind::None) pseudo_section_listed_ = true;
    if (list_run_ > 0 && b.level <= list_run_depth_) {
        list_run_ = 0;
        list_run_depth_ = 0;
    }
    const std::string first = trim(lines[0].second);
    int section_line = 0;
    const SectionKind section = context_section(&section_line);

    // Under "### P01 ...": "- Run1: ○" is a verdict, not a run heading.
    if (section == SectionKind::None && !context_problem().empty() &&
        verdict_line(first, lines[0].first)) {
        return;
    }
    // "- **Run1**:" heads the nested items below it.
    const std::vector<int> runs = judge::run_markers(first);
    if (runs.size() == 1 && first.size() <= 60 && !has_bonus_marker(first) &&
        !has_penalty_marker(first)) {
        std::string rest = first;
        for (const char* junk : {"*", ":", "：", "-", " "}) {
            size_t p;
            while ((p = rest.find(junk)) != std::string::npos) {
                rest.erase(p, std::string(junk).size());
            }
        }
        const std::string stripped = to_lower_ascii(rest);
        const bool only_marker = stripped.size() <= 6 && starts_with(stripped, "run");
        if (only_marker || (section != SectionKind::None && first.size() <= 40)) {
            list_run_ = runs[0];
            list_run_depth_ = b.level;
            for (const auto& [line, text] : lines) statements(text, line);
            const std::string after = trim(after_colon(first));
            if (section != SectionKind::None && !after.empty() &&
                judge::says_nothing_qualified(after)) {
                empty_section(section, runs[0], section_line);
            }
            return;
        }
    }

    // "- Bonus: None", "- **ペナルティ**: なし", "- Penalties: 0".
    const SectionKind stated_empty = judge::empty_statement_kind(first);
    if (stated_empty != SectionKind::None) {
        empty_section(stated_empty, run_in(first),
                      section != SectionKind::None ? section_line : 0);
        for (const auto& [line, text] : lines) statements(text, line);
        return;
    }
    if (section == SectionKind::None) {
        if (verdict_line(first, lines[0].first)) return;
        for (const auto& [line, text] : lines) statements(text, line);
        return;
    }
    // Inside a bonus/penalty section: a total, a "None", or an item.
    const std::vector<Statement> sts = judge::read_statements(first);
    bool is_total = false;
    for (const Statement& st : sts) {
        if (st.bare_total || st.only_run || st.kind == TotalKind::Bonus ||
            st.kind == TotalKind::Penalty || st.kind == TotalKind::Score) {
            is_total = true;
        }
    }
    if (is_total && !has_bonus_marker(first) && !has_penalty_marker(first)) {
        for (const auto& [line, text] : lines) statements(text, line);
        return;
    }
    if (judge::says_nothing_qualified(first)) {   // "No scope violations detected."
        empty_section(section, context_run(), section_line);
        return;
    }
    std::string text;
    for (const auto& l : lines) text += (text.empty() ? "" : " ") + l.second;
    add_item(section, section_line, b.level, trim(text), b.line_start);
}

// Verdicts written as lines rather than table rows: "- **P01 ○**: ...", "- P02: △ ...",
// or under "### P01 ..." lines such as "- Run1: ○" / "- Run1/Run2: ○/△" / "判定: △".
// They are a fallback for runs that have no table (see finish()).
bool ReportParser::verdict_line(const std::string& raw, int line) {
    const std::string text = trim(raw);
    Verdict v;
    const std::string id = key_id(judge::leading_id(text));
    if (!id.empty()) {
        const size_t at_id = text.find(judge::leading_id(text));
        const std::string rest = text.substr(at_id + judge::leading_id(text).size());
        const int run = context_run();
        if (run == 0 || !judge::leading_verdict(rest, v)) return false;
        put_verdict(reading_for(line_readings_, context_prompt(), run, line, context_revised()),
                    id, v, -1, line);
        return true;
    }
    const std::string problem = context_problem();
    if (problem.empty()) return false;
    size_t colon = text.find(':');
    size_t colon_len = 1;
    const size_t wide = text.find("：");
    if (wide != std::string::npos && (colon == std::string::npos || wide < colon)) {
        colon = wide;
        colon_len = 3;
    }
    if (colon == std::string::npos) return false;
    const std::string label = text.substr(0, colon);
    const std::string value = text.substr(colon + colon_len);
    std::vector<int> runs = judge::run_markers(label);
    if (runs.empty()) {
        const std::string low = to_lower_ascii(label);
        const bool verdict_label = has_any(low, {"detection", "verdict", "status", "result",
                                                 "判定", "評価", "結果"});
        if (!verdict_label || context_run() == 0) return false;
        runs = {context_run()};
    }
    std::vector<Verdict> vs;
    if (runs.size() == 1) {
        if (!judge::leading_verdict(value, v)) return false;
        vs = {v};
    } else {
        std::string cell = trim(value);
        const size_t cut = cell.find_first_of(" (");
        vs = judge::read_verdict_cell(cell.substr(0, cut));
        if (vs.size() != runs.size()) return false;
    }
    for (size_t k = 0; k < runs.size(); ++k) {
        put_verdict(reading_for(line_readings_, context_prompt(), runs[k], line,
                                context_revised()),
                    problem, vs[k], -1, line);
    }
    return true;
}

std::string ReportParser::after_colon(const std::string& t) {
    size_t p = t.find(':');
    size_t len = 1;
    if (p == std::string::npos) {
        p = t.find("：");
        len = 3;
    }
    return p == std::string::npos ? std::string() : t.substr(p + len);
}

void ReportParser::add_item(SectionKind section, int section_line, int depth,
        const std::string& text, int line) {
    ItemCandidate c;
    c.section = section_line;
    c.kind = section;
    c.prompt = context_prompt();
    c.run = context_run();
    if (c.run == 0) {
        const std::vector<int> runs = judge::run_markers(text);
        if (runs.size() == 1) c.run = runs[0];
    }
    c.depth = depth;
    c.text = text;
    c.line = line;
    items_.push_back(std::move(c));
}

void ReportParser::empty_section(SectionKind kind, int run, int section_line) {
    empty_sections_.push_back({kind, context_prompt(), run, section_line});
}

int ReportParser::run_in(const std::string& text) const {
    const std::vector<int> runs = judge::run_markers(text);
    return runs.size() == 1 ? runs[0] : context_run();
}

void ReportParser::code_block(const Block& b) {
    for (const auto& [line, text] : block_lines(b)) statements(text, line);
}

void ReportParser::statements(const std::string& text, int line) {
    const bool revised = context_revised() || judge::has_revision_mark(text);
    Stability stability;
    if (judge::read_stability(text, stability)) {
        std::string prompt = judge::prompt_name_in(text);
        if (prompt.empty()) prompt = context_prompt();
        JudgePromptTotals& t = prompt_totals(prompt);
        if (!t.stability_stated || revised) {
            t.stability_stated = true;
            t.stated_stability = stability;
            t.stability_line = line;
        }
        return;
    }
    for (Statement st : judge::read_statements(text)) {
        const SectionKind section = context_section();
        if (st.bare_total || (st.only_run && section != SectionKind::None)) {
            if (section == SectionKind::Bonus) st.kind = TotalKind::Bonus;
            if (section == SectionKind::Penalty) st.kind = TotalKind::Penalty;
        }
        // "Run1: 6 issues (C-1 ~ C-6)", "Total: 9 findings": a count of the review's
        // findings, not a run score (nor the points written beside such a count).
        if ((st.kind == TotalKind::Score || st.kind == TotalKind::Detection) &&
            (st.is_count || st.beside_count)) {
            continue;
        }
        std::string prompt = judge::prompt_name_in(text);
        if (prompt.empty()) prompt = context_prompt();
        if (st.kind == TotalKind::Mean || st.kind == TotalKind::SD) {
            set_prompt_total(prompt, st, line, revised);
            continue;
        }
        if (st.run == 0) st.run = context_run();
        pending_.push_back({st, prompt, line, revised});
    }
}

void ReportParser::set_prompt_total(const std::string& prompt, const Statement& st, int line,
        bool revised) {
    JudgePromptTotals& t = prompt_totals(prompt);
    StatedValue& slot = st.kind == TotalKind::Mean ? t.stated_mean : t.stated_sd;
    if (!slot.present || revised) slot = {true, st.value, st.decimals, line};
}

JudgePromptTotals& ReportParser::prompt_totals(const std::string& prompt) {
    for (JudgePromptTotals& t : report_.totals) {
        if (t.prompt == prompt) return t;
    }
    JudgePromptTotals t;
    t.prompt = prompt;
    report_.totals.push_back(t);
    return report_.totals.back();
}

}  // namespace kg::judge_parse
