// Tables in a judge report: per-problem verdict tables in every layout docs/domain.md lists
// (a matrix per run, a column per run, "○/△" cells, a column per prompt, long format with
// a Run column), totals tables either way round, and item tables under bonus headings.
#include "judge/internal/judge_parser.h"

#include <algorithm>
#include <cmath>

#include "base/text.h"

namespace kg::judge_parse {

std::string ReportParser::key_id(const std::string& cell) const {
    std::string n = judge::normalize_problem_id(cell);
    if (n.empty()) n = to_lower_ascii(trim(cell));
    const auto it = ids_.find(n);
    return it == ids_.end() ? std::string() : it->second;
}

void ReportParser::table(size_t first, size_t last) {
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

bool ReportParser::has_any(const std::string& lower_text,
        std::initializer_list<const char*> words) {
    for (const char* w : words) {
        if (contains(lower_text, w)) return true;
    }
    return false;
}

std::vector<ReportParser::Column> ReportParser::column_roles(const Block* header,
        const std::vector<const Block*>& data, size_t id_col, size_t ncols) const {
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

Reading& ReportParser::reading_for(std::vector<Reading>& local, const std::string& prompt, int run,
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

void ReportParser::put_verdict(Reading& r, const std::string& id, Verdict v, double cell_score,
        int line) {
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

void ReportParser::verdict_table(const Block* header, const std::vector<const Block*>& data,
        size_t id_col, size_t ncols, int table_line, bool revised) {
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
void ReportParser::totals_row(const Block& row, const std::vector<Column>& cols,
        const std::vector<int>& plain_runs, const std::string& prompt, int line, bool revised,
        bool& seen_extras_row) {
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
void ReportParser::totals_table(const Block* header, const std::vector<const Block*>& data) {
    for (const Block* row : data) {
        const std::string id = judge::leading_id(row->cell_text(0));
        if (!id.empty() && unknown_ids.size() < 5 &&
            std::find(unknown_ids.begin(), unknown_ids.end(), id) == unknown_ids.end()) {
            unknown_ids.push_back(id);
        }
    }
    const bool revised = context_revised();
    const int ctx = context_run();
    std::vector<Label> col_labels;
    // Per column: 1 when it counts items. Not vector<bool>, which the core otherwise lacks
    // (download size).
    std::vector<unsigned char> col_counts(header ? header->cells.size() : 0, 0);
    std::vector<std::string> col_prompts;
    // Per column: 1 when it counts the review's findings ("Issues Found", "指摘数"), which
    // is no total of ours even in a row labelled "Run1".
    std::vector<unsigned char> col_findings(header ? header->cells.size() : 0, 0);
    if (header) {
        for (size_t c = 0; c < header->cells.size(); ++c) {
            const std::string h = header->cell_text(c);
            col_labels.push_back(judge::classify_label(h));
            const std::string low = to_lower_ascii(h);
            col_counts[c] = has_any(low, {"item", "count", "件数", "#"});
            col_findings[c] = col_labels.back().kind == TotalKind::None &&
                              has_any(low, {"issue", "finding", "problem", "detected", "found",
                                            "count", "number", "#", "指摘", "問題", "件数",
                                            "検出数"});
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
            if (c < col_findings.size() && col_findings[c]) continue;
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
void ReportParser::item_table(SectionKind section, int section_line,
        const std::vector<const Block*>& data) {
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

}  // namespace kg::judge_parse
