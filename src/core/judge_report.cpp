// The judge-report parser: one pass over the Markdown blocks with a heading stack for
// context, then a merge step that settles revised and duplicate tables per run.
//
// Readings are collected first and decided later because a report can state the same run
// several times (a per-run table, then a summary matrix, then a "Revised" table); only after
// the pass do we know which one stands.
#include "judge_report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "judge_text.h"
#include "markdown.h"
#include "text.h"

namespace kg {

namespace {

using judge::Label;
using judge::SectionKind;
using judge::Statement;
using judge::TotalKind;

struct HeadingContext {
    int level = 0;
    int line = 0;
    int run = 0;                 // the one run the heading names (0: none or several)
    bool names_runs = false;     // names any run ("Run 1 vs Run 2" names two)
    std::string prompt;
    SectionKind section = SectionKind::None;
    bool revised = false;
    std::string problem;         // "### P01: ..." : the key id the section is about
};

// One table's (or one summary's) verdicts for one run.
struct Reading {
    std::string prompt;
    int run = 0;
    int line = 0;
    bool revised = false;
    std::map<std::string, JudgeVerdict> verdicts;   // by key id
    std::vector<std::string> order;                 // ids as met, for stable output
};

struct ItemCandidate {
    int section = 0;             // line of the heading that opened the section
    SectionKind kind = SectionKind::None;
    std::string prompt;
    int run = 0;
    int depth = 0;
    std::string text;
    int line = 0;
};

// A "None" under a bonus/penalty heading: the judge listed zero items for that run.
struct EmptySection {
    SectionKind kind;
    std::string prompt;
    int run;
};

struct PendingStatement {
    Statement st;
    std::string prompt;
    int line = 0;
    bool revised = false;
};

using RunKey = std::pair<std::string, int>;

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
bool says_not_counted(const std::string& text) {
    const std::string t = to_lower_ascii(text);
    // Not "out of scope" / "対象外": that is the usual reason *for* a penalty.
    for (const char* w : {"not counted", "not awarded", "no bonus", "no penalty", "+0.0", "+0 ",
                          "(0)", "不採用", "加点なし", "減点なし", "カウントしない"}) {
        if (contains(t, w)) return true;
    }
    return false;
}

class Parser {
public:
    Parser(const MarkdownDocument& doc, const AnswerKey& key) : doc_(doc), key_(key) {
        for (const Problem& p : key.problems) {
            std::string n = judge::normalize_problem_id(p.id);
            if (n.empty()) n = to_lower_ascii(p.id);
            ids_.emplace(n, p.id);
        }
    }

    JudgeReport parse() {
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

private:
    // ---- context ---------------------------------------------------------------------

    std::string first_prompt() const {
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

    int context_run() const {
        if (list_run_ > 0) return list_run_;
        if (pseudo_run_ > 0) return pseudo_run_;
        return heading_run_;
    }

    std::string context_prompt() const {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (!it->prompt.empty()) return it->prompt;
        }
        return report_.prompt;
    }

    // The innermost bonus/penalty section, and the line of its heading. A section heading
    // above a run heading applies to it ("## Bonus" > "### Run 1") unless the section itself
    // sits inside another run ("## Run 1" > "### Bonus" > "#### Run 2" is run 2's matrix).
    SectionKind context_section(int* section_line = nullptr) const {
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

    std::string context_problem() const {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (!it->problem.empty()) return it->problem;
        }
        return {};
    }

    bool context_revised() const {
        if (revised_since_heading_) return true;
        for (const HeadingContext& h : stack_) {
            if (h.revised) return true;
        }
        return false;
    }

    void warn(int line, std::string message) {
        report_.warnings.push_back({line, std::move(message)});
    }

    // ---- blocks ----------------------------------------------------------------------

    void heading(const Block& b) {
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
        list_run_ = 0;
        list_run_depth_ = 0;
        revised_since_heading_ = false;
        statements(text, b.line_start);
    }

    void paragraph(const Block& b) {
        const auto lines = block_lines(b);
        if (b.level == 0) {
            list_run_ = 0;
            list_run_depth_ = 0;
        }
        // "**Run 1**" or "Run1 (v008-baseline-run1.md):" alone on a line acts as a heading.
        if (lines.size() == 1) {
            const std::string t = trim(lines[0].second);
            const std::vector<int> runs = judge::run_markers(t);
            bool all_strong = !b.spans.empty();
            for (const Span& s : b.spans) all_strong = all_strong && (s.style & kStrong);
            const bool ends_colon = !t.empty() && (t.back() == ':' || contains(t.substr(t.size() > 3 ? t.size() - 3 : 0), "："));
            if (runs.size() == 1 && t.size() <= 80 && (all_strong || ends_colon) &&
                judge::read_statements(t).empty()) {
                pseudo_run_ = runs[0];
                if (judge::has_revision_mark(t)) revised_since_heading_ = true;
                return;
            }
        }
        int section_line = 0;
        const SectionKind section = context_section(&section_line);
        for (const auto& [line, text] : lines) {
            if (judge::has_revision_mark(text)) revised_since_heading_ = true;
            if (section != SectionKind::None && judge::says_none(text)) {
                empty_sections_.push_back({section, context_prompt(), context_run()});
                continue;
            }
            if (section == SectionKind::None && verdict_line(text, line)) continue;
            statements(text, line);
        }
    }

    void list_item(const Block& b) {
        const auto lines = block_lines(b);
        if (lines.empty()) return;
        if (list_run_ > 0 && b.level <= list_run_depth_) {
            list_run_ = 0;
            list_run_depth_ = 0;
        }
        const std::string first = trim(lines[0].second);
        int section_line = 0;
        const SectionKind section = context_section(&section_line);

        // "- **Run1**:" heads the nested items below it.
        const std::vector<int> runs = judge::run_markers(first);
        if (section == SectionKind::None && !context_problem().empty() &&
            verdict_line(first, lines[0].first)) {
            return;
        }
        if (runs.size() == 1 && first.size() <= 60 && !has_bonus_marker(first) &&
            !has_penalty_marker(first)) {
            std::string rest = first;
            for (const char* junk : {"*", ":", "：", "-", " "}) {
                size_t p;
                while ((p = rest.find(junk)) != std::string::npos) rest.erase(p, std::string(junk).size());
            }
            const std::string stripped = to_lower_ascii(rest);
            const bool only_marker = stripped.size() <= 6 && starts_with(stripped, "run");
            if (only_marker || (section != SectionKind::None && first.size() <= 40)) {
                list_run_ = runs[0];
                list_run_depth_ = b.level;
                for (const auto& [line, text] : lines) statements(text, line);
                if (section != SectionKind::None && judge::says_none(after_colon(first))) {
                    empty_sections_.push_back({section, context_prompt(), runs[0]});
                }
                return;
            }
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
        if (judge::says_none(first)) {
            empty_sections_.push_back({section, context_prompt(), context_run()});
            return;
        }
        std::string text;
        for (const auto& l : lines) text += (text.empty() ? "" : " ") + l.second;
        add_item(section, section_line, b.level, trim(text), b.line_start);
    }

    // Verdicts written as lines rather than table rows: "- **P01 ○**: ...", "- P02: △ ...",
    // or under "### P01 ..." lines such as "- Run1: ○" / "- Run1/Run2: ○/△" / "判定: △".
    // They are a fallback for runs that have no table (see finish()).
    bool verdict_line(const std::string& raw, int line) {
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

    static std::string after_colon(const std::string& t) {
        size_t p = t.find(':');
        size_t len = 1;
        if (p == std::string::npos) {
            p = t.find("：");
            len = 3;
        }
        return p == std::string::npos ? std::string() : t.substr(p + len);
    }

    void add_item(SectionKind section, int section_line, int depth, const std::string& text,
                  int line) {
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

    void code_block(const Block& b) {
        for (const auto& [line, text] : block_lines(b)) statements(text, line);
    }

    // ---- totals ----------------------------------------------------------------------

    void statements(const std::string& text, int line) {
        const bool revised = context_revised() || judge::has_revision_mark(text);
        for (Statement st : judge::read_statements(text)) {
            const SectionKind section = context_section();
            if (st.bare_total || (st.only_run && section != SectionKind::None)) {
                if (section == SectionKind::Bonus) st.kind = TotalKind::Bonus;
                if (section == SectionKind::Penalty) st.kind = TotalKind::Penalty;
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

    void set_prompt_total(const std::string& prompt, const Statement& st, int line,
                          bool revised) {
        auto it = std::find_if(report_.totals.begin(), report_.totals.end(),
                               [&](const JudgePromptTotals& t) { return t.prompt == prompt; });
        if (it == report_.totals.end()) {
            report_.totals.push_back({prompt, {}, {}});
            it = report_.totals.end() - 1;
        }
        StatedValue& slot = st.kind == TotalKind::Mean ? it->stated_mean : it->stated_sd;
        if (!slot.present || revised) slot = {true, st.value, st.decimals, line};
    }

    // ---- tables ----------------------------------------------------------------------

    enum class Role { Other, Id, Verdict, VerdictRuns, Score, ScoreRuns, RunLabel };
    struct Column {
        Role role = Role::Other;
        std::vector<int> runs;
        std::string prompt;    // "v008-baseline (Run1/Run2)": a column per prompt
    };

    std::string key_id(const std::string& cell) const {
        std::string n = judge::normalize_problem_id(cell);
        if (n.empty()) n = to_lower_ascii(trim(cell));
        const auto it = ids_.find(n);
        return it == ids_.end() ? std::string() : it->second;
    }

    void table(size_t first, size_t last) {
        std::vector<const Block*> rows;
        for (size_t i = first; i < last; ++i) rows.push_back(&doc_.blocks[i]);
        const Block* header = rows.front()->header_row ? rows.front() : nullptr;
        std::vector<const Block*> data(rows.begin() + (header ? 1 : 0), rows.end());
        const int table_line = rows.front()->line_start;
        const bool revised = context_revised();
        revised_since_heading_ = false;

        int section_line = 0;
        const SectionKind section = context_section(&section_line);
        if (section != SectionKind::None) {
            item_table(section, section_line, data);
            return;
        }
        size_t ncols = 0;
        for (const Block* r : rows) ncols = std::max(ncols, r->cells.size());

        // The id column: the one whose cells name the most key problems.
        int id_col = -1;
        int best = 0;
        for (size_t c = 0; c < ncols; ++c) {
            int n = 0;
            for (const Block* r : data) n += key_id(r->cell_text(c)).empty() ? 0 : 1;
            if (n > best) {
                best = n;
                id_col = static_cast<int>(c);
            }
        }
        if (id_col < 0) {
            totals_table(header, data);
            return;
        }
        verdict_table(header, data, static_cast<size_t>(id_col), ncols, table_line, revised);
    }

    static bool has_any(const std::string& lower_text, std::initializer_list<const char*> words) {
        for (const char* w : words) {
            if (contains(lower_text, w)) return true;
        }
        return false;
    }

    std::vector<Column> column_roles(const Block* header, const std::vector<const Block*>& data,
                                     size_t id_col, size_t ncols) const {
        std::vector<Column> cols(ncols);
        cols[id_col].role = Role::Id;
        bool have_verdict = false;
        for (size_t c = 0; c < ncols; ++c) {
            if (c == id_col || !header) continue;
            const std::string h = to_lower_ascii(trim(header->cell_text(c)));
            const std::vector<int> runs = judge::run_markers(h);
            const bool score_word = has_any(h, {"score", "スコア", "点", "point", "pts"});
            const bool verdict_word =
                has_any(h, {"detect", "status", "verdict", "result", "judg", "rating", "grade",
                            "assessment", "evaluation", "判定", "検出", "評価", "結果", "状況"});
            if (!runs.empty()) {
                cols[c].runs = runs;
                cols[c].prompt = judge::prompt_name_in(header->cell_text(c));
                cols[c].role = score_word && !verdict_word ? Role::ScoreRuns : Role::VerdictRuns;
                if (cols[c].role == Role::VerdictRuns) have_verdict = true;
            } else if (h == "run" || h == "実行" || h == "回" || h == "run #" || h == "run#") {
                cols[c].role = Role::RunLabel;
            } else if (verdict_word && !(score_word && have_verdict)) {
                if (!have_verdict || !score_word) {
                    cols[c].role = have_verdict ? Role::Other : Role::Verdict;
                    have_verdict = true;
                }
            } else if (score_word) {
                cols[c].role = Role::Score;
            }
        }
        if (!have_verdict) {
            // No header says where the verdicts are: take the first column of short cells
            // that read as verdicts in at least half the rows.
            for (size_t c = 0; c < ncols; ++c) {
                if (cols[c].role != Role::Other) continue;
                size_t n = 0;
                for (const Block* r : data) {
                    const std::string cell = r->cell_text(c);
                    if (cell.size() <= 24 && !judge::read_verdict_cell(cell).empty()) ++n;
                }
                if (n * 2 >= data.size() && n > 0) {
                    cols[c].role = Role::Verdict;
                    have_verdict = true;
                    break;
                }
            }
        }
        return cols;
    }

    Reading& reading_for(std::vector<Reading>& local, const std::string& prompt, int run,
                         int line, bool revised) {
        for (Reading& r : local) {
            if (r.prompt == prompt && r.run == run) return r;
        }
        Reading r;
        r.prompt = prompt;
        r.run = run;
        r.line = line;
        r.revised = revised;
        local.push_back(std::move(r));
        return local.back();
    }

    void put_verdict(Reading& r, const std::string& id, Verdict v, double cell_score, int line) {
        if (r.verdicts.count(id)) {
            if (r.verdicts[id].verdict != v) {
                warn(line, id + " appears twice in the table for run " + std::to_string(r.run) +
                               " with different verdicts; keeping line " +
                               std::to_string(r.verdicts[id].line));
            }
            return;
        }
        JudgeVerdict jv;
        jv.problem_id = id;
        jv.verdict = v;
        jv.cell_score = cell_score;
        jv.line = line;
        r.verdicts[id] = jv;
        r.order.push_back(id);
    }

    void verdict_table(const Block* header, const std::vector<const Block*>& data, size_t id_col,
                       size_t ncols, int table_line, bool revised) {
        std::vector<Column> cols = column_roles(header, data, id_col, ncols);
        const std::string prompt = context_prompt();
        const int ctx = context_run();

        // Runs of a plain verdict/score column: the context, else "○/△" cells mean 1..k.
        size_t max_in_cell = 1;
        for (size_t c = 0; c < ncols; ++c) {
            if (cols[c].role != Role::Verdict) continue;
            for (const Block* r : data) {
                max_in_cell = std::max(max_in_cell, judge::read_verdict_cell(r->cell_text(c)).size());
            }
        }
        std::vector<int> plain_runs;
        bool has_run_label = false;
        for (const Column& c : cols) has_run_label = has_run_label || c.role == Role::RunLabel;
        if (ctx > 0 && max_in_cell == 1) {
            plain_runs = {ctx};
        } else if (max_in_cell > 1) {
            for (size_t k = 1; k <= max_in_cell; ++k) plain_runs.push_back(static_cast<int>(k));
        } else if (!has_run_label) {
            bool any_plain = false;
            for (const Column& c : cols) {
                any_plain = any_plain || c.role == Role::Verdict || c.role == Role::Score;
            }
            if (any_plain) {
                plain_runs = {1};
                warn(table_line, "table has no run number (no 'Run N' heading or column); "
                                 "read as run 1");
            }
        }
        bool verdict_source = false;
        for (const Column& c : cols) {
            verdict_source = verdict_source || c.role == Role::Verdict ||
                             c.role == Role::VerdictRuns;
        }

        std::vector<Reading> local;
        bool seen_extras_row = false;
        for (const Block* row : data) {
            const int line = row->line_start;
            const std::string id_cell = row->cell_text(id_col);
            const std::string id = key_id(id_cell);
            if (id.empty()) {
                totals_row(*row, cols, plain_runs, prompt, line, revised, seen_extras_row);
                continue;
            }
            std::vector<int> row_runs = plain_runs;
            for (size_t c = 0; c < ncols; ++c) {
                if (cols[c].role != Role::RunLabel) continue;
                const std::string cell = row->cell_text(c);
                std::vector<int> r = judge::run_markers(cell);
                if (r.empty()) {
                    const auto nums = judge::numbers_in(cell);
                    if (!nums.empty() && nums[0].value >= 1) r = {static_cast<int>(nums[0].value)};
                }
                row_runs = r;
            }
            // Scores first, so each verdict can be checked against the score beside it.
            std::map<int, double> scores;
            for (size_t c = 0; c < ncols; ++c) {
                if (cols[c].role != Role::Score && cols[c].role != Role::ScoreRuns) continue;
                const std::vector<int>& runs = cols[c].role == Role::ScoreRuns ? cols[c].runs
                                                                               : row_runs;
                const auto nums = judge::numbers_in(row->cell_text(c));
                for (size_t k = 0; k < runs.size() && k < nums.size(); ++k) {
                    scores[runs[k]] = std::fabs(nums[k].value);
                }
            }
            bool any = false;
            for (size_t c = 0; c < ncols; ++c) {
                const Role role = cols[c].role;
                if (role != Role::Verdict && role != Role::VerdictRuns) continue;
                const std::vector<int>& runs = role == Role::VerdictRuns ? cols[c].runs : row_runs;
                if (runs.empty()) continue;
                const std::string cell = row->cell_text(c);
                double in_cell = -1;
                const std::vector<Verdict> vs = judge::read_verdict_cell(cell, &in_cell);
                if (vs.empty()) {
                    warn(line, "cannot read the verdict '" + trim(cell) + "' of " + id +
                                   " (run " + std::to_string(runs[0]) + ")");
                    continue;
                }
                if (vs.size() != runs.size()) {
                    warn(line, "'" + trim(cell) + "' for " + id + " holds " +
                                   std::to_string(vs.size()) + " verdicts but the column is for " +
                                   std::to_string(runs.size()) + " run(s); skipped");
                    continue;
                }
                const std::string& col_prompt = cols[c].prompt.empty() ? prompt : cols[c].prompt;
                for (size_t k = 0; k < runs.size(); ++k) {
                    double score = vs.size() == 1 ? in_cell : -1;
                    if (scores.count(runs[k]) && cols[c].prompt.empty()) score = scores[runs[k]];
                    put_verdict(reading_for(local, col_prompt, runs[k], table_line, revised), id,
                                vs[k], score, line);
                    any = true;
                }
            }
            if (!verdict_source) {
                for (const auto& [run, score] : scores) {
                    Verdict v;
                    if (judge::verdict_from_score(score, v)) {
                        put_verdict(reading_for(local, prompt, run, table_line, revised), id, v,
                                    score, line);
                        any = true;
                    } else {
                        warn(line, "cannot read the score " + format_number(score) + " of " + id +
                                       " as a verdict (run " + std::to_string(run) + ")");
                    }
                }
            }
            if (!any && verdict_source && row_runs.empty()) {
                warn(line, "row for " + id + " has no run number; skipped");
            }
        }
        for (Reading& r : local) readings_.push_back(std::move(r));
    }

    // A row without a problem id in a verdict table: "| **Total** | | 6.0 |" and the like.
    void totals_row(const Block& row, const std::vector<Column>& cols,
                    const std::vector<int>& plain_runs, const std::string& prompt, int line,
                    bool revised, bool& seen_extras_row) {
        Label label;
        for (size_t c = 0; c < row.cells.size() && label.kind == TotalKind::None; ++c) {
            const std::string t = trim(row.cell_text(c));
            if (t.empty()) continue;
            label = judge::classify_label(t);
            if (label.kind == TotalKind::None) {
                const std::string raw_id = judge::leading_id(t);
                if (!raw_id.empty() && c == 0) {
                    warn(line, "unknown problem id '" + raw_id + "' (not in the key)");
                }
                return;
            }
        }
        if (label.kind == TotalKind::None) return;
        TotalKind kind = label.kind;
        if (kind == TotalKind::Bonus || kind == TotalKind::Penalty) seen_extras_row = true;
        if ((kind == TotalKind::Score || label.bare_total) && !seen_extras_row) {
            kind = TotalKind::Detection;   // a table of problems sums detections
        }
        std::vector<int> done;
        for (size_t c = 0; c < cols.size() && c < row.cells.size(); ++c) {
            const Role role = cols[c].role;
            std::vector<int> runs;
            if (role == Role::VerdictRuns || role == Role::ScoreRuns) runs = cols[c].runs;
            else if (role == Role::Verdict || role == Role::Score) runs = plain_runs;
            else continue;
            const std::string cell = row.cell_text(c);
            const auto nums = judge::numbers_in(cell);
            // One figure per run: a per-run table may repeat it under Detection and Score.
            bool fresh = false;
            for (int r : runs) fresh = fresh || std::find(done.begin(), done.end(), r) == done.end();
            if (!fresh || nums.empty()) continue;
            for (int r : runs) done.push_back(r);
            for (size_t k = 0; k < runs.size() && k < nums.size(); ++k) {
                Statement st;
                st.kind = kind;
                st.run = label.run ? label.run : runs[k];
                st.value = std::fabs(nums[k].value);
                st.decimals = nums[k].decimals;
                st.is_count = contains(to_lower_ascii(cell), "item") || contains(cell, "件");
                pending_.push_back({st, prompt, line, revised});
            }
        }
    }

    // A table without problem ids: totals laid out by run and by kind, either way round.
    void totals_table(const Block* header, const std::vector<const Block*>& data) {
        for (const Block* row : data) {
            const std::string id = judge::leading_id(row->cell_text(0));
            if (!id.empty() && unknown_ids_.size() < 5 &&
                std::find(unknown_ids_.begin(), unknown_ids_.end(), id) == unknown_ids_.end()) {
                unknown_ids_.push_back(id);
            }
        }
        const bool revised = context_revised();
        const int ctx = context_run();
        std::vector<Label> col_labels;
        std::vector<bool> col_counts;
        std::vector<std::string> col_prompts;
        if (header) {
            for (size_t c = 0; c < header->cells.size(); ++c) {
                const std::string h = header->cell_text(c);
                col_labels.push_back(judge::classify_label(h));
                const std::string low = to_lower_ascii(h);
                col_counts.push_back(has_any(low, {"item", "count", "件数", "#"}));
                col_prompts.push_back(judge::prompt_name_in(h));
            }
        }
        for (const Block* row : data) {
            if (row->cells.empty()) continue;
            const std::string first = row->cell_text(0);
            const Label row_label = judge::classify_label(first);
            std::string prompt = judge::prompt_name_in(first);
            const int row_run = row_label.run;
            for (size_t c = 1; c < row->cells.size(); ++c) {
                const Label col = c < col_labels.size() ? col_labels[c] : Label{};
                const int run = col.run ? col.run : row_run ? row_run : ctx;
                TotalKind kind = TotalKind::None;
                if (row_label.kind != TotalKind::None && !row_label.only_run) kind = row_label.kind;
                else if (col.kind != TotalKind::None && !col.only_run) kind = col.kind;
                else if (run > 0) kind = TotalKind::Score;
                if (kind == TotalKind::None) continue;
                const std::string cell = row->cell_text(c);
                const auto nums = judge::numbers_in(cell);
                if (nums.empty()) continue;
                const std::string p =
                    !prompt.empty() ? prompt
                    : (c < col_prompts.size() && !col_prompts[c].empty()) ? col_prompts[c]
                                                                          : context_prompt();
                Statement st;
                st.kind = kind;
                st.run = run;
                st.value = kind == TotalKind::Penalty ? std::fabs(nums[0].value) : nums[0].value;
                st.decimals = nums[0].decimals;
                st.is_count = (c < col_counts.size() && col_counts[c]) ||
                              contains(to_lower_ascii(cell), "item") || contains(cell, "件");
                if (kind == TotalKind::Mean || kind == TotalKind::SD) {
                    set_prompt_total(p, st, row->line_start, revised);
                } else if (run > 0) {
                    pending_.push_back({st, p, row->line_start, revised});
                }
            }
        }
    }

    // Rows of a table under a bonus/penalty heading are items (or a total row).
    void item_table(SectionKind section, int section_line, const std::vector<const Block*>& data) {
        for (const Block* row : data) {
            std::string text;
            for (size_t c = 0; c < row->cells.size(); ++c) {
                const std::string t = trim(row->cell_text(c));
                if (!t.empty()) text += (text.empty() ? "" : " | ") + t;
            }
            if (text.empty()) continue;
            const Label l = judge::classify_label(row->cell_text(0));
            if (l.kind != TotalKind::None) {
                statements(text, row->line_start);
                continue;
            }
            if (judge::says_none(row->cell_text(0)) || judge::says_none(text)) {
                empty_sections_.push_back({section, context_prompt(), context_run()});
                continue;
            }
            add_item(section, section_line, 1, text, row->line_start);
        }
    }

    // ---- the decisions after the pass ------------------------------------------------

    void finish() {
        // 1. Verdicts: first reading per run stands; revised ones override; unmarked
        //    disagreeing ones are ambiguous.
        std::map<RunKey, Reading> settled;
        std::vector<RunKey> order;
        for (const Reading& r : readings_) {
            const RunKey k{r.prompt, r.run};
            auto it = settled.find(k);
            if (it == settled.end()) {
                settled.emplace(k, r);
                order.push_back(k);
                continue;
            }
            Reading& base = it->second;
            std::vector<std::string> differ;
            for (const std::string& id : r.order) {
                auto b = base.verdicts.find(id);
                if (b != base.verdicts.end() && b->second.verdict != r.verdicts.at(id).verdict) {
                    differ.push_back(id + " " + verdict_text(b->second.verdict) + " vs " +
                                     verdict_text(r.verdicts.at(id).verdict));
                }
            }
            if (r.revised) {
                report_.notes.push_back(
                    {r.line, "revised table for run " + std::to_string(r.run) +
                                 " replaces the one at line " + std::to_string(base.line)});
                for (const std::string& id : r.order) {
                    if (!base.verdicts.count(id)) base.order.push_back(id);
                    base.verdicts[id] = r.verdicts.at(id);
                }
                base.line = r.line;
            } else if (!differ.empty()) {
                std::string detail;
                for (const std::string& d : differ) detail += (detail.empty() ? "" : ", ") + d;
                warn(r.line, "ambiguous: two tables for run " + std::to_string(r.run) +
                                 " disagree (lines " + std::to_string(base.line) + " and " +
                                 std::to_string(r.line) + "): " + detail + "; keeping the first");
            } else {
                for (const std::string& id : r.order) {
                    if (!base.verdicts.count(id)) {
                        base.order.push_back(id);
                        base.verdicts[id] = r.verdicts.at(id);
                    }
                }
            }
        }
        // Runs with no table at all: verdicts written as list lines stand in.
        for (const Reading& r : line_readings_) {
            const RunKey k{r.prompt, r.run};
            if (settled.count(k)) continue;
            settled.emplace(k, r);
            order.push_back(k);
            report_.notes.push_back({r.line, "run " + std::to_string(r.run) +
                                                 " has no table; its verdicts are read from "
                                                 "list lines"});
        }
        // Prompts in report order, runs ascending.
        std::vector<std::string> prompts;
        for (const RunKey& k : order) {
            if (std::find(prompts.begin(), prompts.end(), k.first) == prompts.end()) {
                prompts.push_back(k.first);
            }
        }
        std::sort(order.begin(), order.end(), [&](const RunKey& a, const RunKey& b) {
            const auto pa = std::find(prompts.begin(), prompts.end(), a.first) - prompts.begin();
            const auto pb = std::find(prompts.begin(), prompts.end(), b.first) - prompts.begin();
            return pa != pb ? pa < pb : a.second < b.second;
        });
        for (const RunKey& k : order) {
            const Reading& r = settled.at(k);
            JudgeRun run;
            run.prompt = k.first;
            run.run = k.second;
            run.table_line = r.line;
            for (const Problem& p : key_.problems) {
                auto it = r.verdicts.find(p.id);
                if (it != r.verdicts.end()) {
                    run.problems.push_back(it->second);
                } else {
                    JudgeVerdict missing;
                    missing.problem_id = p.id;
                    run.problems.push_back(missing);
                    warn(r.line, "run " + std::to_string(k.second) + ": no verdict for " + p.id);
                }
            }
            report_.runs.push_back(std::move(run));
        }

        // 2. Totals and items go to their run (or the only run when they name none).
        for (const PendingStatement& p : pending_) apply_statement(p);
        settle_items();
    }

    JudgeRun* find_run(const std::string& prompt, int run) {
        for (JudgeRun& r : report_.runs) {
            if (r.run == run && r.prompt == prompt) return &r;
        }
        // A prompt name stated only in the totals line: match the run of the report's prompt.
        if (!prompt.empty()) {
            for (JudgeRun& r : report_.runs) {
                if (r.run == run && r.prompt.empty()) return &r;
            }
        }
        return nullptr;
    }

    JudgeRun* only_run() {
        return report_.runs.size() == 1 ? &report_.runs.front() : nullptr;
    }

    void apply_statement(const PendingStatement& p) {
        const Statement& st = p.st;
        JudgeRun* run = st.run > 0 ? find_run(p.prompt, st.run) : only_run();
        if (!run) {
            if (st.run > 0 && (p.prompt == report_.prompt || p.prompt.empty()) &&
                st.kind == TotalKind::Score) {
                warn(p.line, "a score is stated for run " + std::to_string(st.run) +
                                 " but the report has no per-problem table for it");
            }
            return;
        }
        StatedValue* slot = nullptr;
        const char* what = "";
        switch (st.kind) {
            case TotalKind::Detection: slot = &run->stated_detection; what = "detection subtotal"; break;
            case TotalKind::Score: slot = &run->stated_score; what = "run score"; break;
            case TotalKind::Bonus:
                slot = st.is_count ? &run->stated_bonus_count : &run->stated_bonus_points;
                what = st.is_count ? "bonus count" : "bonus points";
                break;
            case TotalKind::Penalty:
                slot = st.is_count ? &run->stated_penalty_count : &run->stated_penalty_points;
                what = st.is_count ? "penalty count" : "penalty points";
                break;
            default: return;
        }
        const StatedValue value{true, st.value, st.decimals, p.line};
        if (!slot->present) {
            *slot = value;
        } else if (std::fabs(slot->value - st.value) > 1e-9) {
            if (p.revised) {
                *slot = value;
            } else {
                run->conflicts.push_back(
                    {"conflict",
                     std::string("stated ") + what + " for run " + std::to_string(run->run) +
                         " is " + format_number(slot->value) + " at line " +
                         std::to_string(slot->line) + " but " + format_number(st.value) +
                         " at line " + std::to_string(p.line) + "; using the first",
                     p.line});
            }
        }
    }

    void settle_items() {
        // Mark runs whose section the judge explicitly left empty.
        for (const EmptySection& e : empty_sections_) {
            JudgeRun* run = e.run > 0 ? find_run(e.prompt, e.run) : only_run();
            if (!run) continue;
            if (e.kind != SectionKind::Penalty) run->bonus_listed = true;
            if (e.kind != SectionKind::Bonus) run->penalty_listed = true;
        }
        // Group candidates by section and run; the items are those at the shallowest depth.
        std::map<std::pair<int, RunKey>, std::vector<const ItemCandidate*>> groups;
        for (const ItemCandidate& c : items_) {
            int run = c.run;
            if (run == 0) {
                if (JudgeRun* only = only_run()) {
                    run = only->run;
                } else {
                    warn(c.line, std::string(c.kind == SectionKind::Penalty ? "penalty" : "bonus") +
                                     " item not tied to a run; ignored");
                    continue;
                }
            }
            groups[{c.section, {c.prompt, run}}].push_back(&c);
        }
        for (const auto& [gk, items] : groups) {
            JudgeRun* run = find_run(gk.second.first, gk.second.second);
            if (!run) continue;
            int min_depth = 1 << 20;
            for (const ItemCandidate* c : items) min_depth = std::min(min_depth, c->depth);
            bool bonus_marked = false;
            bool penalty_marked = false;
            for (const ItemCandidate* c : items) {
                if (c->depth != min_depth) continue;
                bonus_marked = bonus_marked || has_bonus_marker(c->text);
                penalty_marked = penalty_marked || has_penalty_marker(c->text);
            }
            for (const ItemCandidate* c : items) {
                if (c->depth != min_depth) continue;
                if (says_not_counted(c->text) && !has_bonus_marker(c->text) &&
                    !has_penalty_marker(c->text)) {
                    continue;
                }
                SectionKind kind = c->kind;
                if (kind == SectionKind::BonusAndPenalty) {
                    if (has_bonus_marker(c->text)) kind = SectionKind::Bonus;
                    else if (has_penalty_marker(c->text)) kind = SectionKind::Penalty;
                    else {
                        const std::string low = to_lower_ascii(c->text);
                        const bool b = contains(low, "bonus") || contains(low, "ボーナス");
                        const bool p = contains(low, "penalt") || contains(low, "ペナルティ");
                        if (b == p) {
                            warn(c->line, "cannot tell whether this item is a bonus or a penalty");
                            continue;
                        }
                        kind = b ? SectionKind::Bonus : SectionKind::Penalty;
                    }
                }
                if (kind == SectionKind::Bonus) {
                    run->bonus_listed = true;
                    if (bonus_marked && !has_bonus_marker(c->text)) continue;
                    run->bonus_items.push_back({c->text, c->line});
                } else {
                    run->penalty_listed = true;
                    if (penalty_marked && !has_penalty_marker(c->text)) continue;
                    run->penalty_items.push_back({c->text, c->line});
                }
            }
            if (items.front()->kind == SectionKind::Bonus) run->bonus_listed = true;
            if (items.front()->kind == SectionKind::Penalty) run->penalty_listed = true;
        }
    }

    const MarkdownDocument& doc_;
    const AnswerKey& key_;
    std::map<std::string, std::string> ids_;   // normalized id -> key id

    JudgeReport report_;
    std::vector<HeadingContext> stack_;
    static constexpr int kNoLevel = 100;
    int heading_run_ = 0;
    int heading_run_level_ = kNoLevel;
    int pseudo_run_ = 0;
    int list_run_ = 0;
    int list_run_depth_ = 0;
    bool revised_since_heading_ = false;

    std::vector<Reading> readings_;
    std::vector<Reading> line_readings_;   // verdicts from list lines (fallback)
    std::vector<PendingStatement> pending_;
    std::vector<ItemCandidate> items_;
    std::vector<EmptySection> empty_sections_;

public:
    std::vector<std::string> unknown_ids_;   // ids of tables that name no key problem
};

}  // namespace

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
    Parser parser(doc, key);
    result.report = parser.parse();
    if (result.report.runs.empty()) {
        result.error = "no per-problem judge tables found (no table row names a problem id of "
                       "the key: " + key.problems.front().id + "..." + key.problems.back().id;
        if (!parser.unknown_ids_.empty()) {
            std::string ids;
            for (const std::string& id : parser.unknown_ids_) ids += (ids.empty() ? "" : ", ") + id;
            result.error += "; tables name " + ids;
        }
        result.error += ")";
        return result;
    }
    result.ok = true;
    return result;
}

}  // namespace kg
