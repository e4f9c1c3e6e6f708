// Reads the scoring reports an LLM judge writes (docs/domain.md, "The LLM-judge workflow") against
// an answer key, and audits the judge's own arithmetic.
//
// A report is free-form Markdown. The parser walks kg::parse_markdown's blocks once, keeping a
// heading stack for context (which run, which prompt, bonus/penalty section, revision mark),
// and reads: per-problem verdict tables (one per run, or one with a column per run, or
// "○/△" cells holding run1/run2), stated totals lines, and bonus/penalty item lists. What it
// cannot read becomes a warning with a line number; it never throws.
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include "model/model.h"
#include "grading/rubric.h"

namespace kg {

// A number the judge wrote, with where and how precisely.
struct StatedValue {
    bool present = false;
    double value = 0;
    int decimals = 0;    // digits after the point as written: "7.25" -> 2
    int line = 0;
};

struct JudgeVerdict {
    std::string problem_id;            // the key's id ("P01")
    Verdict verdict = Verdict::Ungraded;   // Ungraded: the judge gave none we could read
    double cell_score = -1;            // score written next to the verdict, -1 if none
    int line = 0;                      // table row (0 when absent)
};

struct JudgeItem {
    std::string text;
    int line = 0;
};

// A finding of the arithmetic audit, or an inconsistency inside the judge's own statements.
struct JudgeIssue {
    std::string kind;      // "detection", "score", "bonus", "penalty", "bonus_cap",
                           // "formula", "cell", "conflict", "mean", "sd"
    std::string message;
    int line = 0;
};

struct JudgeRun {
    std::string prompt;    // "" when the report never names one
    int run = 0;
    std::vector<JudgeVerdict> problems;    // in key order, one per key problem
    int table_line = 0;                    // first line of the table the verdicts come from

    bool bonus_listed = false;             // a bonus section was seen for this run
    std::vector<JudgeItem> bonus_items;
    bool penalty_listed = false;
    std::vector<JudgeItem> penalty_items;

    StatedValue stated_detection;
    StatedValue stated_bonus_points;
    StatedValue stated_bonus_count;
    StatedValue stated_penalty_points;
    StatedValue stated_penalty_count;
    StatedValue stated_score;
    std::vector<JudgeIssue> conflicts;     // the judge stated one total twice, differently
};

struct JudgePromptTotals {
    std::string prompt;
    StatedValue stated_mean;
    StatedValue stated_sd;
    bool stability_stated = false;
    Stability stated_stability = Stability::High;
    int stability_line = 0;
};

struct JudgeReport {
    std::string prompt;                    // first prompt name stated ("" if none)
    std::vector<JudgeRun> runs;            // by prompt (report order), then run number
    std::vector<JudgePromptTotals> totals; // stated Mean / SD per prompt
    std::vector<Diagnostic> warnings;      // what could not be read, or is ambiguous
    std::vector<Diagnostic> notes;         // decisions taken: "revised table ... replaces ..."
};

struct JudgeParseResult {
    bool ok = false;
    std::string error;     // one line when !ok: "line 3: invalid UTF-8", "no per-problem ..."
    JudgeReport report;
};

// Raw bytes in (checked, normalized); problem ids are matched against the key's.
JudgeParseResult parse_judge_report(std::string_view bytes, const AnswerKey& key);

// ---- the arithmetic audit --------------------------------------------------------------

struct JudgeRunAudit {
    int bonus = 0;                 // bonus items used for the recomputation (listed, else stated)
    int penalty = 0;
    RunScore recomputed;           // from the table and the rubric (bonus cap included)
    bool arithmetic_ok = true;
    std::vector<JudgeIssue> issues;
};
// Recomputes one run and compares every stated figure with it.
JudgeRunAudit audit_run(const JudgeRun& run);

struct JudgePromptAudit {
    std::string prompt;
    PromptStats recomputed;        // over the recomputed run scores
    StatedValue stated_mean;
    StatedValue stated_sd;
    bool stability_stated = false;
    Stability stated_stability = Stability::High;
    int stability_line = 0;
    std::vector<JudgeIssue> issues;
};
// Mean / SD / stability per prompt: stated figures against the judge's own run scores.
std::vector<JudgePromptAudit> audit_prompts(const JudgeReport& report);

// True when a stated number equals a computed one as written (7.25 vs 7.25; SD "0.4" vs
// 0.3536 counts as equal when written with one decimal).
bool same_as_written(const StatedValue& stated, double computed);

}  // namespace kg
