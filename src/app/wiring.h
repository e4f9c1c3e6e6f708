// The features wired into the page on top of the grading panels (issues 4 and 5): machine
// suggestions (suggestions_ui.cpp), the share link (share_ui.cpp), the LLM-judge audit
// (judge_ui.cpp) and the Compare / Judge audit views (center_views.cpp). The panels call these
// hooks; the logic lives in those files so the panels stay about grading.
#pragma once
#include <string>
#include <vector>
#include "base/json_write.h"
#include "grading/agreement.h"
#include "app_state.h"
#include "platform.h"
#include "suggest/suggest.h"

namespace kg::app {

// ---- suggestions (suggestions_ui.cpp) -----------------------------------------------------
// Once per frame after a change: stores the suggestions of every review (Session::suggestions,
// cached per review and key text) in ProblemGrade::suggestion, within a time budget.
void suggestions_tick(AppState& s);
// True when the last suggestions_tick ran out of time and has reviews left to do.
bool suggestions_pending(const AppState& s);
// The suggestion set of a review (nullptr while not computed or without a key).
const kg::SuggestionSet* suggestions_of(AppState& s, int review);
// Key list: the dimmed ghost verdict + confidence after a problem id (SameLine before it).
void draw_ghost_verdict(AppState& s, const kg::ReviewFile* review, const std::string& problem_id);
// Grading panel: unmatched findings as bonus/penalty candidates ("add as bonus").
void draw_unmatched_findings(AppState& s, int review);
// Scores area: agreement between human verdicts and suggestions.
void draw_suggestion_agreement(AppState& s);
// Human verdicts against suggestions (exact, kappa), current for the session's revision.
const kg::Agreement& suggestion_agreement_of(AppState& s);

// ---- share link (share_ui.cpp) ---------------------------------------------------------------
void copy_share_link(AppState& s);
// Once per frame: applies a share link of the URL once the files of the page have arrived.
void share_link_tick(AppState& s);

// ---- judge reports (judge_ui.cpp) ----------------------------------------------------------
// "Import judge report…": the next picked files are read as judge reports.
void import_judge_report_dialog(AppState& s);
// An incoming file that is a judge report is taken here (true) instead of the session.
// Whether this file arrived from the picker opened by "Import judge report…".
bool picker_expects_judge(AppState& s, const platform::IncomingFile& f);
// The banner for a judge report just ingested.
void report_judge_ingest(AppState& s, const kg::IngestResult& r);
void draw_judge_audit_panel(AppState& s);

// ---- views (center_views.cpp) ---------------------------------------------------------------
// The menu bar's view switch: Review / Compare / Judge audit. (In the menu bar, so the review
// column keeps its layout.)
void draw_view_switch(AppState& s);
// In the center column: draws Compare or Judge audit and returns true when one is chosen;
// false when the caller draws the review as usual.
bool draw_center_views(AppState& s);
// The File menu's items for these features: "Copy share link", "Import judge report…".
void draw_file_menu_items(AppState& s);
// Screen rectangles of named widgets (tabs, menu items), for tests that click them: kept in
// AppState::item_rects.
void remember_item_rect(const char* name);
// "review", "compare", "judge": the view as window.keygrader.query().view says it.
const char* center_view_name(CenterView v);

// ---- query (wiring_query.cpp) ---------------------------------------------------------------
void wiring_query_json(kg::json::Writer& w, AppState& s);
// {"P01":"detected",...}: a judge's verdicts by problem; the problems it left ungraded too
// when with_ungraded.
void judge_verdicts_json(kg::json::Writer& w, const std::vector<kg::JudgeVerdict>& verdicts, bool with_ungraded);

}  // namespace kg::app
