// Internal to the judge-report parser (judge_report.cpp, judge_blocks.cpp, judge_tables.cpp,
// judge_settle.cpp): the parser's state and the readings it collects. Not a public API;
// use judge_report.h.
//
// One pass over the Markdown blocks keeps a heading stack for context (which run, which
// prompt, bonus/penalty section, revision mark) and collects readings: verdict tables,
// stated totals, bonus/penalty items. Readings are decided only after the pass (finish()),
// because a report can state the same run several times (a per-run table, a summary
// matrix, a "Revised" table) and only then do we know which one stands.
#pragma once
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "judge/judge_report.h"
#include "judge/internal/judge_text.h"
#include "markdown/markdown.h"

namespace kg::judge_parse {

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

// A "None" under a bonus/penalty heading, or a heading that says so ("Penalties (0)"):
// the judge listed zero items for that run. Items listed in a section declared empty are
// findings the judge considered and did not count, unless they carry a +0.5 / -0.5 marker.
struct EmptySection {
    SectionKind kind;
    std::string prompt;
    int run;
    int section_line = 0;    // the heading of the section it empties (0: none)
};

struct PendingStatement {
    Statement st;
    std::string prompt;
    int line = 0;
    bool revised = false;
};

using RunKey = std::pair<std::string, int>;

std::string verdict_text(Verdict v);          // "○" ... or "?" when ungraded
std::string format_number(double v);
// The lines of a block's text with their line numbers; strike-through spans dropped.
std::vector<std::pair<int, std::string>> block_lines(const Block& b);
bool has_bonus_marker(const std::string& t);    // "+0.5"
bool has_penalty_marker(const std::string& t);  // "-0.5"
// "not counted", "不採用", and for penalties "no penalty: within scope", "not penalised",
// "ペナルティ対象外" ...
bool says_not_counted(const std::string& text, SectionKind kind);

class ReportParser {
public:
    ReportParser(const MarkdownDocument& doc, const AnswerKey& key);
    JudgeReport parse();

    std::vector<std::string> unknown_ids;   // ids of tables that name no key problem

private:
    enum class Role { Other, Id, Verdict, VerdictRuns, Score, ScoreRuns, RunLabel };
    struct Column {
        Role role = Role::Other;
        std::vector<int> runs;
        std::string prompt;    // "v008-baseline (Run1/Run2)": a column per prompt
    };

    // ---- context (judge_report.cpp) ------------------------------------------
    std::string first_prompt() const;
    int context_run() const;
    std::string context_prompt() const;
    SectionKind context_section(int* section_line = nullptr) const;
    std::string context_problem() const;
    bool context_revised() const;
    void warn(int line, std::string message);

    // ---- blocks (judge_blocks.cpp) -------------------------------------------
    void heading(const Block& b);
    void paragraph(const Block& b);
    void list_item(const Block& b);
    bool verdict_line(const std::string& raw, int line);
    static std::string after_colon(const std::string& t);
    void add_item(SectionKind section, int section_line, int depth, const std::string& text,
        int line);
    // Records that the judge says a bonus/penalty section (or one kind of it) has no items.
    void empty_section(SectionKind kind, int run, int section_line);
    int run_in(const std::string& text) const;   // the one run a line names, else the context
    void code_block(const Block& b);

    // ---- totals (judge_blocks.cpp) -------------------------------------------
    void statements(const std::string& text, int line);
    void set_prompt_total(const std::string& prompt, const Statement& st, int line, bool revised);
    JudgePromptTotals& prompt_totals(const std::string& prompt);   // found or added

    // ---- tables (judge_tables.cpp) -------------------------------------------
    std::string key_id(const std::string& cell) const;
    void table(size_t first, size_t last);
    static bool has_any(const std::string& lower_text, std::initializer_list<const char*> words);
    std::vector<Column> column_roles(const Block* header, const std::vector<const Block*>& data,
        size_t id_col, size_t ncols) const;
    Reading& reading_for(std::vector<Reading>& local, const std::string& prompt, int run, int line,
        bool revised);
    void put_verdict(Reading& r, const std::string& id, Verdict v, double cell_score, int line);
    void verdict_table(const Block* header, const std::vector<const Block*>& data, size_t id_col,
        size_t ncols, int table_line, bool revised);
    void totals_row(const Block& row, const std::vector<Column>& cols,
        const std::vector<int>& plain_runs, const std::string& prompt, int line, bool revised,
        bool& seen_extras_row);
    void totals_table(const Block* header, const std::vector<const Block*>& data);
    void item_table(SectionKind section, int section_line, const std::vector<const Block*>& data);

    // ---- the decisions after the pass (judge_settle.cpp) ---------------------
    void finish();
    JudgeRun* find_run(const std::string& prompt, int run);
    JudgeRun* only_run();
    void apply_statement(const PendingStatement& p);
    void settle_items();
    bool declared_empty(const ItemCandidate& c, int run, SectionKind kind) const;

    const MarkdownDocument& doc_;
    const AnswerKey& key_;
    std::map<std::string, std::string> ids_;   // normalized id -> key id
    JudgeReport report_;
    std::vector<HeadingContext> stack_;
    static constexpr int kNoLevel = 100;
    int heading_run_ = 0;
    int heading_run_level_ = kNoLevel;
    int pseudo_run_ = 0;
    SectionKind pseudo_section_ = SectionKind::None;   // "**Bonus Analysis**:" paragraph
    int pseudo_section_line_ = 0;
    bool pseudo_section_listed_ = false;
    int list_run_ = 0;
    int list_run_depth_ = 0;
    bool revised_since_heading_ = false;
    std::vector<Reading> readings_;
    std::vector<Reading> line_readings_;   // verdicts from list lines (fallback)
    std::vector<PendingStatement> pending_;
    std::vector<ItemCandidate> items_;
    std::vector<EmptySection> empty_sections_;
};

}  // namespace kg::judge_parse
