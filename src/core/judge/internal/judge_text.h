// The small readers the judge-report parser is built from: run markers, prompt names,
// verdict cells, numbers, and "label: number" total statements in one line of text.
// Each works on a single string and knows nothing of Markdown structure, so each can be
// tested on its own (tests/unit/test_judge_report.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include "model/model.h"
#include "grading/rubric.h"

namespace kg::judge {

// Run numbers a text names, in order, each once: "Run 1", "run2", "Run#3", "RUN_4",
// "v008-baseline-run1.md". "rerun 2" and "Runs" are not markers.
std::vector<int> run_markers(std::string_view text);

// The first prompt name in a text ("v008-variant-redteam" from "## v008-variant-redteam-run1.md
// Scoring"); "" when none. A prompt name is v<digits>-<name>, without a trailing "-runN".
std::string prompt_name_in(std::string_view text);

// True when a heading or line marks a correction: Revised, Updated, Corrected, Re-evaluated,
// Recalculated, 再評価, 修正, 訂正, 更新, 再採点, 再計算 ...
bool has_revision_mark(std::string_view text);

// What a heading announces for the lists and tables under it.
enum class SectionKind { None, Bonus, Penalty, BonusAndPenalty };
SectionKind section_kind(std::string_view heading);

// A number as written: value, digits after the point (for rounding-aware comparisons) and
// where it sits in the text.
struct Number {
    double value = 0;
    int decimals = 0;
    size_t begin = 0;
    size_t end = 0;
};
// Numbers that stand on their own: "8.0", "+0.5", "−0.5", "検出6.0", "bonus2.5". Digits glued
// to other words ("v008", "P01", "Run1", "2024-05-01" parts after the first) are not numbers.
std::vector<Number> numbers_in(std::string_view text);

// The verdicts a table cell states, in order: "○" -> {○}; "○ (1.0)" -> {○}; "○/△" -> {○, △};
// "Detected" / "部分検出" / "Missed"; "△→○" (a changed mind) -> {○}; a bare score "1.0" ->
// {○}, "0.5" -> {△}, "0" -> {×}. Empty when the cell states none ("", "-", "N/A", prose).
// score_out receives the number written in parentheses, if any ("○ (1.0)"), else -1.
std::vector<Verdict> read_verdict_cell(std::string_view cell, double* score_out = nullptr);

// A verdict at the very start of a text (after "*", ":", spaces): "○: C1 names ...",
// "**△** (0.5)", "Detected - ...", "部分検出：...". False when the text starts otherwise.
bool leading_verdict(std::string_view text, Verdict& out);

// A score number as a verdict: 1 -> ○, 0.5 -> △, 0 -> ×; false for anything else.
bool verdict_from_score(double score, Verdict& out);

// What a total statement is about.
enum class TotalKind { None, Detection, Bonus, Penalty, Score, Mean, SD };
const char* total_kind_name(TotalKind k);

// A label such as "Detection Subtotal", "Run1 Score", "ボーナス", "Mean", "合計", "Total".
// Only labels made of known words count (so prose that mentions "total" does not).
struct Label {
    TotalKind kind = TotalKind::None;
    int run = 0;                 // run named in the label (0 = none)
    bool bare_total = false;     // just "Total"/"Subtotal"/"合計"/"小計": the section decides
    bool only_run = false;       // just "Run1": the section decides (score by default)
    bool count = false;          // "Bonus count", "Penalty items", "ボーナス件数": a number of items
};
Label classify_label(std::string_view label);

// One stated value read from a line.
struct Statement {
    TotalKind kind = TotalKind::None;
    int run = 0;                 // from the label, 0 = from the context
    double value = 0;            // points (absolute for penalties) or a count
    int decimals = 0;
    bool is_count = false;       // "2 items", "3件" (bonus and penalty only)
    bool bare_total = false;
    bool only_run = false;
    bool from_formula = false;   // a component inside "Run1=8.0(検出6.0+bonus2.5-penalty0.5)"
    bool beside_count = false;   // the points written beside a count ("Run1: 3 items (+1.5)")
};
// Reads every total statement in one line: "**Detection Subtotal**: 6.0",
// "**Run1 Score**: 8.0 (Detection 6.0 + Bonus 2.5 - Penalty 0.5)",
// "Run1=8.0(検出6.0+bonus2.5-penalty0.5), Run2=7.0(...)", "Run1: 8.0",
// "v008-baseline: Mean=7.0, SD=0.0", "**Bonus**: +1.0 (2 items)", "Total: 6.0 + 1.0 - 0 = 7.0",
// "### Bonus (3)", "**ボーナス**(3件):".
// A number of things is a count, never a score: "Run1: 6 issues (C-1 ~ C-6)", "Run2: 7
// findings", "Run 1: 6/9 detected" come back with is_count set (a bonus or penalty section
// may make them an item count; elsewhere the caller drops them), and "Detection count: 6"
// is not read at all.
std::vector<Statement> read_statements(std::string_view line);

// A stated stability: "**Stability**: High (SD ≤ 0.5)", "安定性: 中", "Stability: low".
// False when the line states none.
bool read_stability(std::string_view line, Stability& out);

// True for a cell or item that says there is nothing: "None", "なし", "該当なし", "N/A", "-".
bool says_none(std::string_view text);

// says_none, or a line of a bonus/penalty section that says nothing qualified: "No scope
// violations detected.", "No out-of-scope findings.", "Nothing to penalise", "None identified
// (all findings within scope)", "ペナルティ対象なし（S5はスコープ内）", "該当する指摘はありません".
// A line carrying a +0.5 / -0.5 marker is an item, never "nothing".
bool says_nothing_qualified(std::string_view text);

// A bonus/penalty heading or lead line that states there are no items: "Penalties (0)",
// "Bonus (0件)", "### Penalty Analysis: None", "**ボーナス**: なし", "ペナルティ対象なし",
// "Penalties — none". Items listed under it are findings considered and not counted.
bool declares_no_items(std::string_view heading);

// A "label: none" line for one kind: "Bonus: None", "**ペナルティ**: なし", "- Penalties: 0"
// -> Bonus / Penalty; None when the line is anything else.
SectionKind empty_statement_kind(std::string_view line);

// A normalized problem id for matching: "p-01" / "P1" / "**P01**" -> "P1". "" if not id-like.
std::string normalize_problem_id(std::string_view text);

// The id a cell starts with ("P01: No circuit breaker" -> "P01"), raw, "" if none.
std::string leading_id(std::string_view cell);

}  // namespace kg::judge
