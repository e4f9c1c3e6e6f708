// kg::app::query_state_json(): a read-only JSON picture of the page for tests and
// automation (window.keygrader.query()). It reads the session; it never changes anything.
#include "app.h"
#include "base/json_write.h"
#include "app_state.h"
#include "fonts.h"
#include "imgui.h"
#include "report/reports.h"
#include "grading/rubric.h"
#include "wiring.h"

namespace kg::app {

int shortcut_count();

namespace {
using Writer = kg::json::Writer;
using kg::json::put;
using kg::json::put_bool;
using kg::json::put_int;

void keys_json(Writer& w, kg::Session& ses) {
    w.Key("keys");
    w.StartArray();
    for (const kg::KeyFile& k : ses.workspace().keys) {
        w.StartObject();
        put(w, "name", k.name);
        put(w, "path", k.name);
        put(w, "kind", "key");
        const kg::ParsedDocument* p = ses.key_document(k.name);
        put_bool(w, "readable", p && p->key.is_key);
        if (p && p->key.is_key) {
            put(w, "title", p->key.key.title);
            put_int(w, "round", p->key.key.round);
            w.Key("problems");
            w.StartArray();
            for (const kg::Problem& pr : p->key.key.problems) kg::json::string(w, pr.id);
            w.EndArray();
            put_int(w, "bonus_rows", static_cast<int>(p->key.key.bonus.size()));
            put_int(w, "warnings", static_cast<int>(p->key.key.warnings.size()));
        }
        w.EndObject();
    }
    w.EndArray();
}

void reviews_json(Writer& w, kg::Session& ses) {
    const kg::WorkspaceScores& sc = ses.scores();
    const kg::Workspace& ws = ses.workspace();
    w.Key("reviews");
    w.StartArray();
    for (size_t i = 0; i < ws.reviews.size(); ++i) {
        const kg::ReviewFile& r = ws.reviews[i];
        w.StartObject();
        put(w, "name", r.name);
        put(w, "path", r.name);
        put(w, "kind", "review");
        put(w, "prompt", r.prompt);
        put_int(w, "run", r.run);
        put(w, "key", r.key_name);
        put(w, "hash", r.hash);
        put_int(w, "stale", ses.stale_count(static_cast<int>(i)));
        // Why the machine does not suggest for it ("" when it does): base/limits.h's bound.
        put(w, "suggestions_refused", ses.suggestions_refused(static_cast<int>(i)));
        w.Key("verdicts");
        w.StartObject();
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.verdict == kg::Verdict::Ungraded) continue;
            put(w, g.problem_id.c_str(), kg::verdict_name(g.verdict));
        }
        w.EndObject();
        // Where each verdict comes from: "judge" (adopted, not yet confirmed) or "human".
        w.Key("origins");
        w.StartObject();
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.verdict == kg::Verdict::Ungraded) continue;
            put(w, g.problem_id.c_str(), g.from_judge ? "judge" : "human");
        }
        w.EndObject();
        // What linked judge reports say about this run: [{"judge","run","verdicts":{"P01":"detected"}}].
        w.Key("judge_verdicts");
        w.StartArray();
        for (const kg::Session::JudgeOpinion& op : ses.judge_opinions(static_cast<int>(i))) {
            w.StartObject();
            put(w, "judge", op.judge_name);
            put_int(w, "run", op.run);
            w.Key("verdicts");
            judge_verdicts_json(w, op.problems, false);
            w.EndObject();
        }
        w.EndArray();
        w.Key("notes");
        w.StartObject();
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.note.empty()) continue;
            put(w, g.problem_id.c_str(), g.note);
        }
        w.EndObject();
        w.Key("evidence");
        w.StartObject();
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.evidence.empty()) continue;
            w.Key(g.problem_id.c_str());
            w.StartArray();
            for (const kg::Evidence& e : g.evidence) {
                w.StartArray();
                w.Int(e.line_start);
                w.Int(e.line_end);
                w.EndArray();
            }
            w.EndArray();
        }
        w.EndObject();
        put_int(w, "bonus", static_cast<int>(r.bonus.size()));
        put_int(w, "penalties", static_cast<int>(r.penalties.size()));
        w.Key("score");
        bool scored = false;
        for (const kg::KeyScores& k : sc.keys) {
            for (const kg::ReviewScore& rs : k.reviews) {
                if (rs.review_index != static_cast<int>(i)) continue;
                w.Double(rs.score.total);
                w.Key("detection");
                w.Double(rs.score.detection);
                put_int(w, "ungraded", rs.ungraded);
                scored = true;
            }
        }
        if (!scored) w.Null();
        if (const kg::ParsedDocument* d = ses.review_document(static_cast<int>(i))) {
            put_int(w, "findings", static_cast<int>(d->review.findings.size()));
            put_int(w, "blocks", static_cast<int>(d->doc.blocks.size()));
        }
        w.EndObject();
    }
    w.EndArray();
}

}  // namespace

std::string query_state_json() {
    AppState& s = state();
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    kg::json::Buffer buf;
    Writer w(buf);
    w.StartObject();
    keys_json(w, ses);
    reviews_json(w, ses);
    w.Key("references");
    w.StartArray();
    for (const kg::ReferenceFile& f : ws.references) kg::json::string(w, f.name);
    w.EndArray();
    // Every non-graded file with its kind (reference, prompt, comparison, ignored) and why.
    w.Key("files");
    w.StartArray();
    for (const kg::ReferenceFile& f : ws.references) {
        w.StartObject();
        put(w, "path", f.name);
        put(w, "kind", f.kind);
        put(w, "reason", f.reason);
        w.EndObject();
    }
    w.EndArray();
    w.Key("judges");
    w.StartArray();
    for (size_t i = 0; i < ws.judges.size(); ++i) {
        const kg::JudgeFile& j = ws.judges[i];
        const kg::JudgeParseResult* jr = ses.judge_report(static_cast<int>(i));
        w.StartObject();
        put(w, "path", j.name);
        put(w, "kind", "judge");
        put(w, "key", j.key_name);
        put(w, "prompt", j.prompt);
        put_int(w, "round", j.round);
        put_bool(w, "readable", jr && jr->ok);
        w.EndObject();
    }
    w.EndArray();

    w.Key("selection");
    w.StartObject();
    put_int(w, "review", ws.selection.review);
    put(w, "review_name", ws.selection.review >= 0 && ws.selection.review < static_cast<int>(ws.reviews.size())
                              ? ws.reviews[static_cast<size_t>(ws.selection.review)].name : "");
    put_int(w, "problem", ws.selection.problem);
    const kg::Problem* p = ses.selected_problem();
    put(w, "problem_id", p ? p->id : "");
    const kg::ProblemSuggestion* sug = p ? ses.suggestion(ws.selection.review, p->id) : nullptr;
    put(w, "suggested", sug ? kg::verdict_name(sug->verdict) : "");
    // The grader's verdicts on other reviews of the key it used.
    put_int(w, "suggested_calibrated_on", sug ? sug->calibrated_on : 0);
    put_int(w, "reference", ws.selection.reference);
    w.Key("review_scroll");
    w.Double(ws.selection.review_scroll);
    w.Key("passage");
    w.StartArray();
    w.Int(s.review_view.selected_line_start());
    w.Int(s.review_view.selected_line_end());
    w.EndArray();
    w.EndObject();

    w.Key("scores");
    const std::string scores = kg::scores_json(ses.scores());
    w.RawValue(scores.c_str(), scores.size(), rapidjson::kObjectType);

    w.Key("store");
    w.StartObject();
    put(w, "status", s.store.status);
    put(w, "message", s.store.message);
    put_bool(w, "holding", s.store.hold_writes);
    put_int(w, "saves", s.store.saves);
    put_bool(w, "dirty", ses.dirty());
    put_bool(w, "restored", s.store.loaded_from_store);
    put(w, "line", store_status_line(s));
    put(w, "lastSaved", s.store.last_save_clock);
    put(w, "unsaved", s.store.unsaved);
    put(w, "role", s.store.role);
    put_int(w, "persisted", s.store.persisted);
    put_bool(w, "saving", s.store.ticket >= 0);
    put_int(w, "lastSaveRecords", s.store.last_save_records);
    put_int(w, "lastSaveBytes", static_cast<int64_t>(s.store.last_save_bytes));
    w.Key("lastPrepareMs");
    w.Double(s.store.last_prepare_ms);
    w.Key("maxPrepareMs");
    w.Double(s.store.max_prepare_ms);
    put_int(w, "slices", s.store.slices_written);
    w.EndObject();

    w.Key("banners");
    w.StartArray();
    for (const Banner& b : s.banners) {
        w.StartObject();
        put(w, "level", b.level == Banner::Level::Error ? "error" : b.level == Banner::Level::Warning ? "warning" : "info");
        put(w, "text", b.text);
        w.EndObject();
    }
    w.EndArray();

    // The question waiting for the user (share link, import), null when none.
    w.Key("confirm");
    if (s.confirms.empty()) {
        w.Null();
    } else {
        w.StartObject();
        put(w, "title", s.confirms.front().title);
        kg::json::put_strings(w, "lines", s.confirms.front().lines);
        put_int(w, "waiting", static_cast<int>(s.confirms.size()));
        w.EndObject();
    }

    w.Key("fonts");
    w.StartObject();
    put_bool(w, "cjk_loaded", fonts_cjk_ready());
    w.EndObject();

    w.Key("search");
    w.StartObject();
    put(w, "query", s.review_view.query());
    put_int(w, "matches", s.review_view.match_count());
    put_int(w, "current", s.review_view.current_match());
    w.EndObject();

    put_int(w, "undo_depth", ses.undo_depth());
    put_int(w, "redo_depth", ses.redo_depth());
    put(w, "theme", s.light_theme ? "light" : "dark");
    put(w, "last_shortcut", s.last_shortcut);
    put_bool(w, "typing", ImGui::GetIO().WantTextInput);
    put_bool(w, "help_open", s.help_open);
    put_int(w, "shortcuts", shortcut_count());
    put_int(w, "files_loaded", s.files_loaded);
    w.Key("ingest");
    w.StartObject();
    put_bool(w, "active", s.ingest_active);
    put_int(w, "done", s.ingest_done);
    w.Key("longestSliceMs");
    w.Double(s.ingest_longest_ms);
    put_bool(w, "suggestionsPending", has_pending_work());
    w.EndObject();
    wiring_query_json(w, s);   // suggestions, agreement, judge audit, view
    w.EndObject();
    return buf.GetString();
}

}  // namespace kg::app
