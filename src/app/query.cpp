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

void keys_json(Writer& w, kg::Session& ses) {
    w.Key("keys");
    w.StartArray();
    for (const kg::KeyFile& k : ses.workspace().keys) {
        w.StartObject();
        put(w, "name", k.name);
        put(w, "path", k.name);
        put(w, "kind", "key");
        const kg::ParsedDocument* p = ses.key_document(k.name);
        w.Key("readable");
        w.Bool(p && p->key.is_key);
        if (p && p->key.is_key) {
            put(w, "title", p->key.key.title);
            w.Key("round");
            w.Int(p->key.key.round);
            w.Key("problems");
            w.StartArray();
            for (const kg::Problem& pr : p->key.key.problems) w.String(pr.id.c_str());
            w.EndArray();
            w.Key("bonus_rows");
            w.Int(static_cast<int>(p->key.key.bonus.size()));
            w.Key("warnings");
            w.Int(static_cast<int>(p->key.key.warnings.size()));
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
        w.Key("run");
        w.Int(r.run);
        put(w, "key", r.key_name);
        put(w, "hash", r.hash);
        w.Key("stale");
        w.Int(ses.stale_count(static_cast<int>(i)));
        // Why the machine does not suggest for it ("" when it does): base/limits.h's bound.
        put(w, "suggestions_refused", ses.suggestions_refused(static_cast<int>(i)));
        w.Key("verdicts");
        w.StartObject();
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.verdict == kg::Verdict::Ungraded) continue;
            w.Key(g.problem_id.c_str());
            w.String(kg::verdict_name(g.verdict));
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
            w.Key("run");
            w.Int(op.run);
            w.Key("verdicts");
            w.StartObject();
            for (const kg::JudgeVerdict& jv : op.problems) {
                if (jv.verdict != kg::Verdict::Ungraded) put(w, jv.problem_id.c_str(), kg::verdict_name(jv.verdict));
            }
            w.EndObject();
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
        w.Key("bonus");
        w.Int(static_cast<int>(r.bonus.size()));
        w.Key("penalties");
        w.Int(static_cast<int>(r.penalties.size()));
        w.Key("score");
        bool scored = false;
        for (const kg::KeyScores& k : sc.keys) {
            for (const kg::ReviewScore& rs : k.reviews) {
                if (rs.review_index != static_cast<int>(i)) continue;
                w.Double(rs.score.total);
                w.Key("detection");
                w.Double(rs.score.detection);
                w.Key("ungraded");
                w.Int(rs.ungraded);
                scored = true;
            }
        }
        if (!scored) w.Null();
        if (const kg::ParsedDocument* d = ses.review_document(static_cast<int>(i))) {
            w.Key("findings");
            w.Int(static_cast<int>(d->review.findings.size()));
            w.Key("blocks");
            w.Int(static_cast<int>(d->doc.blocks.size()));
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
    for (const kg::ReferenceFile& f : ws.references) w.String(f.name.c_str());
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
        w.Key("round");
        w.Int(j.round);
        w.Key("readable");
        w.Bool(jr && jr->ok);
        w.EndObject();
    }
    w.EndArray();

    w.Key("selection");
    w.StartObject();
    w.Key("review");
    w.Int(ws.selection.review);
    put(w, "review_name", ws.selection.review >= 0 && ws.selection.review < static_cast<int>(ws.reviews.size())
                              ? ws.reviews[static_cast<size_t>(ws.selection.review)].name : "");
    w.Key("problem");
    w.Int(ws.selection.problem);
    const kg::Problem* p = ses.selected_problem();
    put(w, "problem_id", p ? p->id : "");
    const kg::ProblemSuggestion* sug = p ? ses.suggestion(ws.selection.review, p->id) : nullptr;
    put(w, "suggested", sug ? kg::verdict_name(sug->verdict) : "");
    w.Key("suggested_calibrated_on");   // the grader's verdicts on other reviews of the key it used
    w.Int(sug ? sug->calibrated_on : 0);
    w.Key("reference");
    w.Int(ws.selection.reference);
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
    w.Key("holding");
    w.Bool(s.store.hold_writes);
    w.Key("saves");
    w.Int(s.store.saves);
    w.Key("dirty");
    w.Bool(ses.dirty());
    w.Key("restored");
    w.Bool(s.store.loaded_from_store);
    put(w, "line", store_status_line(s));
    put(w, "lastSaved", s.store.last_save_clock);
    put(w, "unsaved", s.store.unsaved);
    put(w, "role", s.store.role);
    w.Key("persisted");
    w.Int(s.store.persisted);
    w.Key("saving");
    w.Bool(s.store.ticket >= 0);
    w.Key("lastSaveRecords");
    w.Int(s.store.last_save_records);
    w.Key("lastSaveBytes");
    w.Uint64(s.store.last_save_bytes);
    w.Key("lastPrepareMs");
    w.Double(s.store.last_prepare_ms);
    w.Key("maxPrepareMs");
    w.Double(s.store.max_prepare_ms);
    w.Key("slices");
    w.Int(s.store.slices_written);
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
        w.Key("waiting");
        w.Int(static_cast<int>(s.confirms.size()));
        w.EndObject();
    }

    w.Key("fonts");
    w.StartObject();
    w.Key("cjk_loaded");
    w.Bool(fonts_cjk_ready());
    w.EndObject();

    w.Key("search");
    w.StartObject();
    put(w, "query", s.review_view.query());
    w.Key("matches");
    w.Int(s.review_view.match_count());
    w.Key("current");
    w.Int(s.review_view.current_match());
    w.EndObject();

    w.Key("undo_depth");
    w.Int(ses.undo_depth());
    w.Key("redo_depth");
    w.Int(ses.redo_depth());
    put(w, "theme", s.light_theme ? "light" : "dark");
    put(w, "last_shortcut", s.last_shortcut);
    w.Key("typing");
    w.Bool(ImGui::GetIO().WantTextInput);
    w.Key("help_open");
    w.Bool(s.help_open);
    w.Key("shortcuts");
    w.Int(shortcut_count());
    w.Key("files_loaded");
    w.Int(s.files_loaded);
    w.Key("ingest");
    w.StartObject();
    w.Key("active");
    w.Bool(s.ingest_active);
    w.Key("done");
    w.Int(s.ingest_done);
    w.Key("longestSliceMs");
    w.Double(s.ingest_longest_ms);
    w.Key("suggestionsPending");
    w.Bool(has_pending_work());
    w.EndObject();
    wiring_query_json(w, s);   // suggestions, agreement, judge audit, view
    w.EndObject();
    return buf.GetString();
}

}  // namespace kg::app
