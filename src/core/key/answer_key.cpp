// Answer-key parser: one pass over the flat block list of markdown.h.
//
// The walk keeps a little state: the current section (conditions, problems, bonus, or
// something unknown), the current group heading, and the problem or bonus item being
// filled. Every block is either understood and stored, or explained in a warning with
// its line; prose paragraphs in unknown places are the only thing skipped silently.
// The words it recognizes live in key_vocabulary.cpp.
//
// Index: KeyParser::run (the walk) -> on_heading / on_list_item / on_paragraph /
//   on_table_row -> problem_line, condition_line, criteria (set_criterion, inline_criteria),
//   tables (start_table, problem_row, criteria_row), bonus (bonus_row, bonus_list_item,
//   bonus_heading_line) -> finish (checks: declared count, duplicates, missing parts);
//   then the public parse_answer_key and looks_like_answer_key.
#include "key/answer_key.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "key/internal/key_vocabulary.h"
#include "base/internal/parse_util.h"
#include "review/review.h"
#include "base/limits.h"
#include "base/sort_util.h"
#include "base/text.h"

namespace kg {

namespace {

using keyvocab::Column;
using keyvocab::Field;
using keyvocab::Mark;
using keyvocab::Section;

std::string quoted(std::string_view s) { return "'" + parse::excerpt(s) + "'"; }

std::string mark_name(Mark m) {
    switch (m) {
        case Mark::Detected: return "\xE2\x97\x8B (detected)";
        case Mark::Partial: return "\xE2\x96\xB3 (partial)";
        case Mark::Missed: return "\xC3\x97 (missed)";
        default: return "?";
    }
}

void append_text(std::string& field, std::string_view more) {
    const std::string add = parse::join_lines(more);
    if (add.empty()) return;
    if (!field.empty()) field += ' ';
    field += add;
}

// A problem heading name that only says "the problems" (no grouping meaning of its own).
bool is_generic_problem_section(std::string_view heading) {
    const std::string s = parse::normalize_label(heading);
    for (const std::string_view w : {"embedded", "埋め込み", "一覧", "list", "details", "詳細"}) {
        if (contains(s, w)) return true;
    }
    return s == "problems" || s == "issues" || s == "問題" || s == "課題";
}

class KeyParser {
public:
    explicit KeyParser(const MarkdownDocument& doc) : doc_(doc) {}

    KeyParseResult run() {
        for (const Block& b : doc_.blocks) {
            if (b.kind != BlockKind::TableRow) table_ = Table::None;
            switch (b.kind) {
                case BlockKind::Heading: on_heading(b); break;
                case BlockKind::ListItem: on_list_item(b); break;
                case BlockKind::Paragraph: on_paragraph(b); break;
                case BlockKind::TableRow: on_table_row(b); break;
                case BlockKind::CodeBlock:
                    if (problem_ < 0 && bonus_item_ < 0) note_unknown_content(b.line_start);
                    break;
                case BlockKind::Rule:
                case BlockKind::Html: break;
            }
        }
        return finish();
    }

private:
    enum class Table { None, Problems, Bonus, Conditions, Criteria, Ignored };

    struct ProblemInfo {
        bool from_heading = false;
        bool from_table = false;
    };

    // ---- warnings ----------------------------------------------------------------
    void warn(int line, std::string message) { key_.warnings.push_back({line, std::move(message)}); }

    // Lists and tables in a section the parser does not know: one warning per section.
    void note_unknown_content(int line) {
        if (section_ == Section::Problems || section_ == Section::Bonus) return;
        if (section_ == Section::Unknown && !section_seen_) return;   // preamble before any section
        if (section_warned_) return;
        section_warned_ = true;
        warn(line, "section " + quoted(section_title_) + " not understood (ignored)");
    }

    // ---- headings ----------------------------------------------------------------
    void on_heading(const Block& b) {
        const std::string text = parse::join_lines(b.text());
        const int level = b.level;
        if (title_pending_ && (level == 1 || keyvocab::is_key_title(text))) {
            title_pending_ = false;
            key_.title = text;
            key_.round = round_from_text(text);
            return;
        }
        if (problem_ >= 0 && level > problem_level_) {
            on_problem_subheading(b, text);
            return;
        }
        close_item(level);

        const keyvocab::IdTitle idt = keyvocab::split_id_title(text, section_ == Section::Problems);
        if (idt.ok) {
            if (section_ == Section::Bonus) {
                start_bonus_heading(idt, b.line_start, level);
            } else {
                start_problem(idt.id, idt.title, b.line_start, /*from_heading=*/true);
                problem_level_ = level;
            }
            return;
        }
        const Section kind = keyvocab::classify_section(text);
        if (kind == Section::Total) {
            on_total_line(text, b.line_start);
            return;
        }
        if (kind == Section::Unknown && level > section_level_ &&
            (section_ == Section::Problems || section_ == Section::Unknown)) {
            // A grouping heading inside the problems ("### Surface (S) — ...").
            group_ = keyvocab::group_name(text);
            return;
        }
        if (kind == Section::Unknown && section_ == Section::Bonus && level > section_level_) return;
        if (kind == Section::Problems && (contains(to_lower_ascii(text), "embedded") || contains(text, "埋め込み"))) {
            saw_key_section_ = true;
        }
        section_ = kind;
        section_level_ = level;
        section_title_ = text;
        section_seen_ = true;
        section_warned_ = false;
        group_.clear();
        if (kind == Section::Unknown ||
            (kind == Section::Problems && !is_generic_problem_section(text))) {
            group_ = keyvocab::group_name(text);   // "## Critical Problems" groups what follows
        }
    }

    // "#### Detection Criteria" inside a problem switches what the following bullets fill.
    void on_problem_subheading(const Block& b, const std::string& text) {
        const Field f = keyvocab::classify_field(parse::normalize_label(text));
        if (f == Field::Unknown) {
            warn(b.line_start, "heading " + quoted(text) + " in problem " + current().id + " not understood");
            field_ = Field::Unknown;
            return;
        }
        field_ = f;
        field_depth_ = 0;
        in_criteria_ = f == Field::Criteria;
        criteria_depth_ = 0;
    }

    // A heading at `level` ends the problem / bonus item opened at that level or deeper.
    void close_item(int level) {
        if (problem_ >= 0 && level <= problem_level_) problem_ = -1;
        if (bonus_item_ >= 0 && level <= bonus_level_) bonus_item_ = -1;
        field_ = Field::Unknown;
        in_criteria_ = false;
    }

    // ---- problems ----------------------------------------------------------------
    // "P02" taken: the first free "P02#2", "P02#3", ... (counted per id, so many
    // duplicates stay linear).
    std::string unique_id(const std::string& id) {
        int& n = duplicate_count_[id];
        std::string candidate;
        do {
            candidate = id + "#" + std::to_string(++n + 1);
        } while (problem_index_.count(candidate));
        return candidate;
    }

    Problem& current() { return key_.problems[static_cast<size_t>(problem_)]; }

    // Adds a problem (or finds the one it continues) and returns its index. A summary
    // table row and a detailed heading with the same id are one problem; any other
    // repeated id is kept under a clearly marked new id, with a warning.
    size_t start_problem(std::string id, const std::string& title, int line, bool from_heading) {
        field_ = Field::Unknown;
        in_criteria_ = false;
        last_mark_ = Mark::None;
        const auto found = problem_index_.find(id);
        if (found != problem_index_.end()) {
            const size_t i = found->second;
            ProblemInfo& info = info_[i];
            const bool merge = from_heading ? (info.from_table && !info.from_heading)
                                            : (info.from_heading && !info.from_table);
            if (merge) {
                if (from_heading) {
                    info.from_heading = true;
                    if (!title.empty()) key_.problems[i].title = title;
                    key_.problems[i].line = line;
                    problem_ = static_cast<int>(i);
                } else {
                    info.from_table = true;
                    if (key_.problems[i].title.empty()) key_.problems[i].title = title;
                }
                return i;
            }
            const std::string renamed = unique_id(id);
            warn(line, "duplicate problem id " + id + " (first at line " +
                           std::to_string(key_.problems[i].line) + "); kept as " + renamed);
            id = renamed;
        }
        problem_index_.emplace(id, key_.problems.size());
        Problem p;
        p.id = std::move(id);
        p.title = title;
        p.group = group_;
        p.line = line;
        key_.problems.push_back(std::move(p));
        info_.push_back({from_heading, !from_heading});
        const size_t index = key_.problems.size() - 1;
        problem_ = from_heading ? static_cast<int>(index) : -1;
        return index;
    }

    void set_criterion(Mark mark, const std::string& text, int line) {
        Criteria& c = current().criteria;
        std::string* slot = mark == Mark::Detected ? &c.detected
                          : mark == Mark::Partial  ? &c.partial
                                                   : &c.missed;
        if (!slot->empty()) {
            warn(line, "problem " + current().id + " has a second " + mark_name(mark) +
                           " criterion (kept the first)");
            return;
        }
        *slot = text;
        last_mark_ = mark;
    }

    void set_field(Field f, const std::string& value, int line) {
        Problem& p = current();
        std::string* slot = nullptr;
        switch (f) {
            case Field::Category: slot = &p.category; break;
            case Field::Severity: slot = &p.severity; break;
            case Field::Location: slot = &p.location; break;
            case Field::Description: slot = &p.description; break;
            default: return;
        }
        if (f == Field::Description || slot->empty()) {
            append_text(*slot, value);
        } else if (!value.empty()) {
            warn(line, "problem " + p.id + " states its " + std::string(f == Field::Category ? "category"
                       : f == Field::Severity ? "severity" : "location") + " twice (kept the first)");
        }
    }

    // Criteria written inline after the label: "Detection Criteria: ○ ... / △ ... / × ...".
    void inline_criteria(std::string_view raw_value, int line) {
        size_t begin = 0;
        bool any = false;
        while (begin <= raw_value.size()) {
            size_t end = raw_value.find('\n', begin);
            if (end == std::string_view::npos) end = raw_value.size();
            const keyvocab::CriterionLine c = keyvocab::parse_criterion_line(raw_value.substr(begin, end - begin));
            if (c.mark != Mark::None) {
                set_criterion(c.mark, c.text, line);
                any = true;
            }
            if (end == raw_value.size()) break;
            begin = end + 1;
        }
        if (!any && !trim(raw_value).empty()) {
            warn(line, "detection criteria of problem " + current().id + " not understood: " + quoted(raw_value));
        }
    }

    // One bullet (or paragraph line) inside a problem, `depth` = list depth (0: paragraph).
    void problem_line(std::string_view text, int depth, int line) {
        if (in_criteria_ && depth > criteria_depth_) {
            const keyvocab::CriterionLine c = keyvocab::parse_criterion_line(text);
            if (c.mark != Mark::None) {
                set_criterion(c.mark, c.text, line);
            } else if (last_mark_ != Mark::None && depth > criteria_depth_ + 1) {
                Criteria& cr = current().criteria;   // a sub-bullet of a criterion
                append_text(last_mark_ == Mark::Detected ? cr.detected
                            : last_mark_ == Mark::Partial ? cr.partial : cr.missed, text);
            } else {
                warn(line, "criteria line of problem " + current().id + " not understood: " + quoted(text));
            }
            return;
        }
        if (field_ != Field::Unknown && field_ != Field::Criteria && depth > field_depth_ && depth > 0) {
            set_field(field_, std::string(text), line);   // nested detail of the previous field
            return;
        }
        const keyvocab::CriterionLine c = keyvocab::parse_criterion_line(text);
        if (c.mark != Mark::None) {   // criteria without a "Detection Criteria" header
            set_criterion(c.mark, c.text, line);
            return;
        }
        const parse::LabelValue lv = parse::split_label_value(text);
        const Field f = lv.ok ? keyvocab::classify_field(lv.label) : Field::Unknown;
        if (f == Field::Unknown) {
            if (depth == 0) {   // prose under a problem heading describes it
                set_field(Field::Description, std::string(text), line);
                return;
            }
            warn(line, lv.ok ? "unknown field " + quoted(lv.label) + " in problem " + current().id + " (ignored)"
                             : "line in problem " + current().id + " not understood: " + quoted(text));
            field_ = Field::Unknown;
            in_criteria_ = false;
            return;
        }
        field_ = f;
        field_depth_ = depth;
        in_criteria_ = f == Field::Criteria;
        criteria_depth_ = depth;
        if (f == Field::Criteria) {
            const size_t colon = std::min(text.find(':'), text.find("\xEF\xBC\x9A"));
            if (colon != std::string_view::npos) {
                const size_t skip = text[colon] == ':' ? 1 : 3;
                inline_criteria(text.substr(colon + skip), line);
            }
            return;
        }
        set_field(f, lv.value, line);
    }

    // ---- list items, paragraphs --------------------------------------------------
    void on_list_item(const Block& b) {
        const std::string text = b.text();
        if (problem_ >= 0) {
            problem_line(text, b.level, b.line_start);
            return;
        }
        if (bonus_item_ >= 0) {
            bonus_heading_line(text, b.line_start);
            return;
        }
        switch (section_) {
            case Section::Conditions: condition_line(text, b.line_start, true); break;
            case Section::Bonus: bonus_list_item(b, text); break;
            case Section::Problems:
                warn(b.line_start, "list item outside any problem not understood: " + quoted(text));
                break;
            default:
                if (!section_seen_) {
                    condition_line(text, b.line_start, false);   // conditions right under the title
                } else {
                    note_unknown_content(b.line_start);
                }
                break;
        }
    }

    void on_paragraph(const Block& b) {
        const std::string text = b.text();
        if (keyvocab::classify_section(text) == Section::Total && problem_ < 0) {
            on_total_line(text, b.line_start);
            return;
        }
        if (problem_ >= 0) {
            // "**Category**: X" lines written as one paragraph: each line is a field when
            // every line is a known field or criterion; otherwise the paragraph is prose.
            const std::vector<std::string> lines = split_lines(text);
            const bool all_fields = !lines.empty() && std::all_of(lines.begin(), lines.end(), [](const std::string& l) {
                if (keyvocab::parse_criterion_line(l).mark != Mark::None) return true;
                const parse::LabelValue lv = parse::split_label_value(l);
                return lv.ok && keyvocab::classify_field(lv.label) != Field::Unknown;
            });
            if (all_fields) {
                for (size_t i = 0; i < lines.size(); ++i) {
                    problem_line(lines[i], in_criteria_ ? criteria_depth_ + 1 : 1, b.line_start + static_cast<int>(i));
                }
            } else if (field_ != Field::Unknown && field_ != Field::Criteria && b.level >= field_depth_ && b.level > 0) {
                set_field(field_, text, b.line_start);   // second paragraph of a loose bullet
            } else {
                problem_line(text, 0, b.line_start);
            }
            return;
        }
        if (bonus_item_ >= 0) {
            append_text(key_.bonus[static_cast<size_t>(bonus_item_)].content, text);
            return;
        }
        if (section_ == Section::Conditions || !section_seen_) {
            // "**Perspective**: reliability" lines written as a paragraph.
            for (const std::string& line : split_lines(text)) {
                const parse::LabelValue lv = parse::split_label_value(line);
                if (lv.ok && keyvocab::classify_condition(lv.label) != keyvocab::Condition::Unknown) {
                    condition_line(line, b.line_start, false);
                }
            }
        }
        // Other prose (a sentence before the bonus table, notes) carries nothing to grade.
    }

    // ---- conditions, totals ------------------------------------------------------
    void condition_line(std::string_view text, int line, bool warn_unknown) {
        const parse::LabelValue lv = parse::split_label_value(text);
        const keyvocab::Condition kind = lv.ok ? keyvocab::classify_condition(lv.label)
                                               : keyvocab::Condition::Unknown;
        if (section_ == Section::Conditions && kind != keyvocab::Condition::Unknown) {
            conditions_stated_ = true;   // preamble lines ("対象: ...") also open reviews
        }
        switch (kind) {
            case keyvocab::Condition::Perspective: key_.perspective = lv.value; break;
            case keyvocab::Condition::Target: key_.target = lv.value; break;
            case keyvocab::Condition::Round:
                if (key_.round < 0) key_.round = static_cast<int>(parse::first_integer(lv.value));
                break;
            case keyvocab::Condition::DeclaredCount: {
                const long n = parse::first_integer(lv.value);
                if (n < 0) {
                    warn(line, "declared problem count is not a number: " + quoted(lv.value));
                } else {
                    declare_count(static_cast<int>(n), line, "conditions");
                }
                break;
            }
            case keyvocab::Condition::Unknown:
                if (warn_unknown) {
                    warn(line, lv.ok ? "unknown condition " + quoted(lv.label) + " (ignored)"
                                     : "condition line not understood: " + quoted(text));
                }
                break;
        }
    }

    void declare_count(int n, int line, const char* where) {
        if (key_.declared_problems < 0) {
            key_.declared_problems = n;
            declared_line_ = line;
        } else if (key_.declared_problems != n) {
            warn(line, "declared problem count " + std::to_string(n) + " in the " + where +
                           " disagrees with " + std::to_string(key_.declared_problems) + " (line " +
                           std::to_string(declared_line_) + ")");
        }
    }

    // "合計: 10問題 (S:3, D:3, L:4)" / "Total: 9 problems": the count, and per-prefix counts.
    void on_total_line(std::string_view text, int line) {
        size_t after = 0;
        const long total = parse::first_integer(text, &after);
        if (total >= 0) declare_count(static_cast<int>(total), line, "total line");
        const std::string_view rest = text.substr(after);
        size_t i = 0;
        while (i < rest.size()) {
            // A run of ASCII letters, a colon, a number: "S:3".
            if (!((rest[i] >= 'A' && rest[i] <= 'Z') || (rest[i] >= 'a' && rest[i] <= 'z'))) {
                ++i;
                continue;
            }
            const size_t begin = i;
            while (i < rest.size() && ((rest[i] >= 'A' && rest[i] <= 'Z') || (rest[i] >= 'a' && rest[i] <= 'z'))) ++i;
            const std::string prefix(rest.substr(begin, i - begin));
            size_t j = parse::skip_spaces(rest, i);
            const size_t colon = parse::match_any(rest, j, {":", "\xEF\xBC\x9A", "="});
            if (!colon) continue;
            j = parse::skip_spaces(rest, j + colon);
            if (j >= rest.size() || rest[j] < '0' || rest[j] > '9') continue;
            size_t end = 0;
            const long n = parse::first_integer(rest.substr(j), &end);
            group_counts_.push_back({prefix, static_cast<int>(n), line});
            i = j + end;
        }
    }

    // ---- tables ------------------------------------------------------------------
    void on_table_row(const Block& b) {
        if (b.header_row || table_ == Table::None) {
            start_table(b);
            if (table_ != Table::Conditions) return;   // condition tables have no real header
        }
        switch (table_) {
            case Table::Problems: problem_row(b); break;
            case Table::Bonus: bonus_row(b); break;
            case Table::Conditions: {
                const std::string label = b.cell_text(0);
                condition_line(label + ": " + b.cell_text(1), b.line_start, !b.header_row);
                break;
            }
            case Table::Criteria: criteria_row(b); break;
            case Table::Ignored:
            case Table::None: break;
        }
    }

    void start_table(const Block& header) {
        columns_.clear();
        if (problem_ >= 0) {
            table_ = Table::Criteria;
            criteria_row(header);   // "| ○ | ... |" tables may start right away
            return;
        }
        if (section_ == Section::Conditions) {
            table_ = Table::Conditions;
            return;
        }
        const bool bonus = section_ == Section::Bonus;
        std::vector<std::string> unknown;
        for (size_t i = 0; i < header.cells.size(); ++i) {
            const std::string name = parse::normalize_label(parse::join_lines(header.cell_text(i)));
            const Column c = bonus ? keyvocab::classify_bonus_column(name) : keyvocab::classify_problem_column(name);
            columns_.push_back(c);
            if (c == Column::Unknown && !name.empty()) unknown.push_back(header.cell_text(i));
        }
        const auto has = [&](Column c) { return std::find(columns_.begin(), columns_.end(), c) != columns_.end(); };
        if (bonus) {
            table_ = Table::Bonus;
        } else if (has(Column::Id) && (has(Column::Title) || has(Column::Description))) {
            table_ = Table::Problems;
        } else {
            table_ = Table::Ignored;
            if (section_ == Section::Problems) {
                warn(header.line_start, "table without ID and problem columns not understood (ignored)");
            } else {
                note_unknown_content(header.line_start);
            }
            return;
        }
        for (const std::string& u : unknown) {
            warn(header.line_start, "unknown column " + quoted(u) + " (ignored)");
        }
    }

    std::string cell(const Block& row, Column c) const {
        for (size_t i = 0; i < columns_.size(); ++i) {
            if (columns_[i] == c) return parse::join_lines(row.cell_text(i));
        }
        return {};
    }

    void problem_row(const Block& row) {
        const std::string id_cell = cell(row, Column::Id);
        const keyvocab::IdTitle idt = keyvocab::split_id_title(id_cell, true);
        if (!idt.ok || !idt.title.empty()) {
            warn(row.line_start, id_cell.empty() ? "problem row without an id (ignored)"
                                                 : "problem id " + quoted(id_cell) + " not understood (row ignored)");
            return;
        }
        std::string title = cell(row, Column::Title);
        if (title.empty()) title = parse::excerpt(cell(row, Column::Description), 80);
        const size_t index = start_problem(idt.id, title, row.line_start, /*from_heading=*/false);
        fill_problem_row(key_.problems[index], row);
    }

    // Fills the fields the row has and the problem still lacks (merges keep the heading's).
    void fill_problem_row(Problem& p, const Block& row) const {
        const auto fill = [&](std::string& field, Column c) {
            if (field.empty()) field = cell(row, c);
        };
        fill(p.category, Column::Category);
        fill(p.severity, Column::Severity);
        fill(p.location, Column::Location);
        fill(p.description, Column::Description);
        fill(p.criteria.detected, Column::Detected);
        fill(p.criteria.partial, Column::Partial);
        fill(p.criteria.missed, Column::Missed);
    }

    void criteria_row(const Block& row) {
        if (row.cells.empty()) return;
        const std::string first = parse::join_lines(row.cell_text(0));
        keyvocab::CriterionLine c = keyvocab::parse_criterion_line(first);
        if (c.mark == Mark::None) c.mark = keyvocab::classify_mark_label(parse::normalize_label(first));
        if (c.mark == Mark::None) {
            if (!row.header_row) {
                warn(row.line_start, "table row in problem " + current().id + " not understood: " + quoted(first));
            }
            return;
        }
        std::string text = row.cells.size() > 1 ? parse::join_lines(row.cell_text(row.cells.size() - 1)) : c.text;
        set_criterion(c.mark, text, row.line_start);
    }

    // ---- bonus -------------------------------------------------------------------
    std::string next_bonus_id() const {
        char buf[16];
        std::snprintf(buf, sizeof buf, "B%02zu", key_.bonus.size() + 1);
        return buf;
    }

    void add_bonus(BonusRow row) {
        if (row.id.empty()) row.id = next_bonus_id();
        const auto found = bonus_index_.find(row.id);
        if (found != bonus_index_.end()) {
            int& n = duplicate_count_["bonus:" + row.id];
            std::string renamed;
            do {
                renamed = row.id + "#" + std::to_string(++n + 1);
            } while (bonus_index_.count(renamed));
            warn(row.line, "duplicate bonus id " + row.id + " (first at line " +
                               std::to_string(key_.bonus[found->second].line) + "); kept as " + renamed);
            row.id = renamed;
        }
        bonus_index_.emplace(row.id, key_.bonus.size());
        key_.bonus.push_back(std::move(row));
    }

    void bonus_row(const Block& row) {
        BonusRow r;
        r.id = cell(row, Column::Id);
        r.category = cell(row, Column::Category);
        r.content = cell(row, Column::Description);
        r.criteria = cell(row, Column::BonusCriteria);
        r.line = row.line_start;
        if (r.id.empty() && r.content.empty() && r.criteria.empty()) return;   // blank row
        add_bonus(std::move(r));
    }

    void start_bonus_heading(const keyvocab::IdTitle& idt, int line, int level) {
        BonusRow r;
        r.id = idt.id;
        r.content = idt.title;
        r.line = line;
        add_bonus(std::move(r));
        bonus_item_ = static_cast<int>(key_.bonus.size()) - 1;
        bonus_level_ = level;
    }

    void bonus_field(BonusRow& r, std::string_view text, int line) {
        const parse::LabelValue lv = parse::split_label_value(text);
        switch (lv.ok ? keyvocab::classify_bonus_column(lv.label) : Column::Unknown) {
            case Column::Category: r.category = lv.value; break;
            case Column::Description: append_text(r.content, lv.value); break;
            case Column::BonusCriteria: append_text(r.criteria, lv.value); break;
            default:
                if (r.content.empty() || !lv.ok) {
                    append_text(r.content, text);
                } else {
                    warn(line, "unknown field " + quoted(lv.label) + " in bonus item " + r.id + " (ignored)");
                }
                break;
        }
    }

    void bonus_heading_line(std::string_view text, int line) {
        bonus_field(key_.bonus[static_cast<size_t>(bonus_item_)], text, line);
    }

    // "- B01: content" (or just "- content") under the bonus heading; deeper bullets
    // fill the fields of the item above them.
    void bonus_list_item(const Block& b, const std::string& text) {
        if (b.level > 1 && !key_.bonus.empty()) {
            bonus_field(key_.bonus.back(), text, b.line_start);
            return;
        }
        BonusRow r;
        r.line = b.line_start;
        const keyvocab::IdTitle idt = keyvocab::split_id_title(text, false);
        if (idt.ok) {
            r.id = idt.id;
            bonus_field(r, idt.title, b.line_start);
        } else {
            bonus_field(r, text, b.line_start);
        }
        add_bonus(std::move(r));
    }

    // ---- end ---------------------------------------------------------------------
    KeyParseResult finish() {
        for (size_t i = 0; i < key_.problems.size(); ++i) {
            const Problem& p = key_.problems[i];
            if (!info_[i].from_heading) continue;   // table rows use the generic rubric wording
            const Criteria& c = p.criteria;
            if (c.detected.empty() && c.partial.empty() && c.missed.empty()) {
                warn(p.line, "problem " + p.id + " has no detection criteria (\xE2\x97\x8B/\xE2\x96\xB3/\xC3\x97)");
                continue;
            }
            if (c.detected.empty()) warn(p.line, "problem " + p.id + " has no " + mark_name(Mark::Detected) + " criterion");
            if (c.partial.empty()) warn(p.line, "problem " + p.id + " has no " + mark_name(Mark::Partial) + " criterion");
            if (c.missed.empty()) warn(p.line, "problem " + p.id + " has no " + mark_name(Mark::Missed) + " criterion");
        }
        const int found = static_cast<int>(key_.problems.size());
        if (key_.declared_problems >= 0 && key_.declared_problems != found) {
            warn(declared_line_, "declares " + std::to_string(key_.declared_problems) + " problems but " +
                                     std::to_string(found) + " were found");
        }
        for (const GroupCount& g : group_counts_) {
            const int n = static_cast<int>(std::count_if(key_.problems.begin(), key_.problems.end(), [&](const Problem& p) {
                return starts_with(p.id, g.prefix) && p.id.size() > g.prefix.size() &&
                       ((p.id[g.prefix.size()] >= '0' && p.id[g.prefix.size()] <= '9') || p.id[g.prefix.size()] == '-');
            }));
            if (n != g.count) {
                warn(g.line, "total line counts " + std::to_string(g.count) + " " + g.prefix + " problems but " +
                                 std::to_string(n) + " were found");
            }
        }
        stable_sort_by(key_.warnings,
                       [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });

        KeyParseResult result;
        // Problems alone are not enough: reviews ("### C1." under "## Issues") and judge
        // reports ("| P01 | ... | ○ |" tables, "Bonus Analysis") have them too. A key also has
        // a key title, an "Embedded ..."/"埋め込み" heading, stated conditions, or ○/△/×
        // criteria bullets under a problem heading.
        bool criteria_bullets = false;
        for (size_t i = 0; i < key_.problems.size(); ++i) {
            const Criteria& c = key_.problems[i].criteria;
            if (info_[i].from_heading && !(c.detected.empty() && c.partial.empty() && c.missed.empty())) {
                criteria_bullets = true;
            }
        }
        const bool key_evidence = keyvocab::is_key_title(key_.title) || saw_key_section_ ||
                                  conditions_stated_ || criteria_bullets;
        result.is_key = key_evidence && (!key_.problems.empty() || keyvocab::is_key_title(key_.title));
        if (result.is_key && key_.problems.size() > limits::kMaxKeyProblems) {
            // Refused whole: a key this size is generated, not written, and everything
            // downstream (grading table, suggestions) grows with its problems.
            result.is_key = false;
            result.error = limits::too_many_problems(key_.problems.size());
        } else if (!result.is_key) {
            result.error = "not an answer key (no problems found)";
        } else if (key_.problems.empty()) {
            key_.warnings.insert(key_.warnings.begin(), Diagnostic{0, "no problems found"});
        }
        result.key = std::move(key_);
        return result;
    }

    struct GroupCount {
        std::string prefix;
        int count = 0;
        int line = 0;
    };

    const MarkdownDocument& doc_;
    AnswerKey key_;
    std::vector<ProblemInfo> info_;          // parallel to key_.problems
    std::unordered_map<std::string, size_t> problem_index_;   // id -> index
    std::unordered_map<std::string, size_t> bonus_index_;     // id -> index
    std::unordered_map<std::string, int> duplicate_count_;
    std::vector<GroupCount> group_counts_;
    bool title_pending_ = true;
    bool saw_key_section_ = false;           // an "Embedded Problems" / "埋め込み問題" heading
    bool conditions_stated_ = false;         // a known bullet in a conditions section
    Section section_ = Section::Unknown;
    int section_level_ = 0;
    std::string section_title_;
    bool section_seen_ = false;              // false: still in the preamble under the title
    bool section_warned_ = false;
    std::string group_;
    int problem_ = -1;                       // index of the problem being filled
    int problem_level_ = 0;
    Field field_ = Field::Unknown;           // field that nested lines continue
    int field_depth_ = 0;
    bool in_criteria_ = false;
    int criteria_depth_ = 0;
    Mark last_mark_ = Mark::None;
    int bonus_item_ = -1;                    // bonus item opened by a heading
    int bonus_level_ = 0;
    Table table_ = Table::None;
    std::vector<Column> columns_;
    int declared_line_ = 0;
};

}  // namespace

KeyParseResult parse_answer_key(const MarkdownDocument& doc) { return KeyParser(doc).run(); }

KeyParseResult parse_answer_key(std::string_view bytes) {
    const InputCheck check = check_text_input(bytes);
    if (!check.ok) {
        KeyParseResult r;
        r.error = check.line > 0 ? "line " + std::to_string(check.line) + ": " + check.reason : check.reason;
        return r;
    }
    const std::string text = normalize_text(bytes);
    return parse_answer_key(parse_markdown(text));
}

bool looks_like_answer_key(std::string_view text) {
    int signals = 0;
    bool seen_heading = false;
    size_t begin = 0;
    int lines = 0;
    while (begin < text.size() && lines++ < 4000) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        const std::string line = trim(text.substr(begin, end - begin));
        begin = end + 1;
        if (starts_with(line, "#")) {
            const std::string heading = trim(std::string_view(line).substr(line.find_first_not_of('#') == std::string::npos
                                                                               ? line.size() : line.find_first_not_of('#')));
            if (!seen_heading && keyvocab::is_key_title(heading)) return true;
            seen_heading = true;
            const std::string h = parse::normalize_label(heading);
            if (contains(h, "embedded problem") || contains(h, "embedded issue") || contains(h, "埋め込み問題") ||
                contains(h, "bonus problem") || contains(h, "bonus issue") || contains(h, "ボーナス問題")) {
                ++signals;
            }
        } else {
            const std::string l = to_lower_ascii(line);
            if (contains(l, "detection criteria") || contains(l, "検出判定基準") ||
                contains(l, "(detected)") || contains(l, "（検出）")) {
                ++signals;
            }
        }
        if (signals >= 3) return true;
    }
    return false;
}

}  // namespace kg
