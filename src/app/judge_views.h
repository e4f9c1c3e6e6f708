// The page's view of the session's LLM-judge reports (judge_ui.cpp): each report audited and
// compared with the human grades. Derived data only: the reports themselves live in the
// Session (kind "judge") and are saved with the work. Held by AppState::judge_views.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "judge/judge_audit.h"
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

// Rebuilt when the session changes, since audits and the comparison with the human follow
// the grades.
struct JudgeViews {
    std::vector<ImportedJudge> reports;
    uint64_t revision = 0;
};

}  // namespace kg::app
