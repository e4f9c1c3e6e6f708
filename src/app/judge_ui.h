// The LLM-judge reports of the session, audited and compared with the human grades, for the
// Judge audit view and the state query (judge_ui.cpp). The reports are saved with the work.
#pragma once
#include <string>
#include <vector>
#include "judge/judge_audit.h"
#include "app_state.h"
#include "judge/judge_report.h"

namespace kg::app {

struct ImportedJudge {
    std::string file;                       // path
    int judge_index = -1;                   // into Workspace::judges
    std::string key_name;                   // the key it was read against
    kg::AnswerKey key;                      // copy of that key (problem order)
    kg::JudgeReport report;
    std::vector<kg::JudgeRunAudit> run_audits;       // parallel to report.runs
    std::vector<kg::JudgePromptAudit> prompt_audits;
    kg::JudgeComparison comparison;         // against the human grades (kept current)
};

// The imported reports with their comparison recomputed for the current grading.
const std::vector<ImportedJudge>& imported_judges(AppState& s);

}  // namespace kg::app
