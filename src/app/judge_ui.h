// The LLM-judge reports of the session, audited and compared with the human grades, for the
// Judge audit view and the state query (judge_ui.cpp). The reports are saved with the work.
#pragma once
#include <vector>
#include "app_state.h"
#include "judge_views.h"

namespace kg::app {

// The imported reports with their comparison recomputed for the current grading.
const std::vector<ImportedJudge>& imported_judges(AppState& s);

}  // namespace kg::app
