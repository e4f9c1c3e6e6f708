// The LLM judge as a second rater: a parsed judge report against the human grades of the
// same reviews in a Workspace (matched by prompt name and run number). Per-problem
// disagreements, Cohen's kappa and the confusion matrix (agreement.h), and the score
// difference per run.
#pragma once
#include <string>
#include <vector>
#include "grading/agreement.h"
#include "judge/judge_report.h"
#include "model/workspace.h"

namespace kg {

struct JudgeDisagreement {
    std::string prompt;
    int run = 0;
    std::string problem_id;
    Verdict judge = Verdict::Ungraded;
    Verdict human = Verdict::Ungraded;
    int line = 0;                  // the judge's table row
};

struct JudgeScoreDiff {
    std::string prompt;
    int run = 0;
    std::string review;            // the workspace review it was matched with
    double judge = 0;              // the judge's stated score, else its recomputed one
    bool judge_stated = false;
    double judge_recomputed = 0;   // from the judge's own table and lists
    double human = 0;              // the rubric over the human grades, bonus and penalties
    double diff = 0;               // judge - human
    int human_ungraded = 0;        // problems the human has not graded yet (count as 0)
};

struct JudgeComparison {
    Agreement agreement;                       // pairs (human, judge): rows human, cols judge
    std::vector<JudgeDisagreement> disagreements;
    std::vector<JudgeScoreDiff> score_diff;
    int matched_runs = 0;
    std::vector<Diagnostic> warnings;          // runs with no review, ambiguous matches ...
};

// key: the key the report was parsed against (its problem order and ids are used);
// key_name: the KeyFile name reviews must be linked to ("" = accept any link).
JudgeComparison compare_with_human(const JudgeReport& report, const AnswerKey& key,
                                   const Workspace& ws, const std::string& key_name = "");

// Says which prompt a report is about. A report with one prompt (or none named) takes `name`
// for all its runs; a report covering several prompts keeps only the runs of `name` (runs
// naming none join it). Stated totals follow. A no-op when name is "".
void select_prompt(JudgeReport& report, const std::string& name);

// Pools another report's runs into `into` (e.g. one report per prompt, compared together).
// A run already present (same prompt and number) is kept from `into`, with a warning that
// names `other_name`; warnings and notes of `other` are carried over, prefixed with it.
void append_report(JudgeReport& into, const JudgeReport& other, const std::string& other_name);

}  // namespace kg
