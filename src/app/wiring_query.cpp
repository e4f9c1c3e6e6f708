// The part of window.keygrader.query() about suggestions, agreement, the judge audit and the
// view shown: {"suggestions":[{"review","problems":{"P01":{"verdict","confidence"}}}],
// "suggestion_agreement":{"n","exact","kappa"}, "judge_reports":[...], "view":"review"}.
#include "report/agreement_json.h"
#include "imgui.h"
#include "judge_ui.h"
#include "grading/rubric.h"
#include "wiring.h"

namespace kg::app {

namespace {
using Writer = kg::json::Writer;
using kg::json::put;
using kg::json::put_bool;
using kg::json::put_int;

void agreement_json(Writer& w, const kg::Agreement& a) {
    w.StartObject();
    kg::write_agreement_fields(w, a);
    w.EndObject();
}

void stated(Writer& w, const char* k, const kg::StatedValue& v) {
    w.Key(k);
    if (v.present) w.Double(v.value);
    else w.Null();
}
}  // namespace

void judge_verdicts_json(Writer& w, const std::vector<kg::JudgeVerdict>& verdicts, bool with_ungraded) {
    w.StartObject();
    for (const kg::JudgeVerdict& v : verdicts) {
        if (with_ungraded || v.verdict != kg::Verdict::Ungraded) put(w, v.problem_id.c_str(), kg::verdict_name(v.verdict));
    }
    w.EndObject();
}

void wiring_query_json(Writer& w, AppState& s) {
    const kg::Workspace& ws = s.session.workspace();
    w.Key("suggestions");
    w.StartArray();
    for (const kg::ReviewFile& r : ws.reviews) {
        w.StartObject();
        put(w, "review", r.name);
        w.Key("problems");
        w.StartObject();
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.suggestion.verdict == kg::Verdict::Ungraded) continue;
            w.Key(g.problem_id.c_str());
            w.StartObject();
            put(w, "verdict", kg::verdict_name(g.suggestion.verdict));
            w.Key("confidence");
            w.Double(g.suggestion.confidence);
            put_int(w, "evidence", static_cast<int>(g.suggestion.evidence.size()));
            w.EndObject();
        }
        w.EndObject();
        w.EndObject();
    }
    w.EndArray();
    w.Key("suggestion_agreement");
    agreement_json(w, suggestion_agreement_of(s));

    w.Key("judge_reports");
    w.StartArray();
    for (const ImportedJudge& j : imported_judges(s)) {
        w.StartObject();
        put(w, "file", j.file);
        put(w, "key", j.key_name);
        put(w, "prompt", j.report.prompt);
        w.Key("runs");
        w.StartArray();
        for (size_t i = 0; i < j.report.runs.size(); ++i) {
            const kg::JudgeRun& run = j.report.runs[i];
            const kg::JudgeRunAudit& a = j.run_audits[i];
            w.StartObject();
            put(w, "prompt", run.prompt);
            put_int(w, "run", run.run);
            w.Key("verdicts");
            judge_verdicts_json(w, run.problems, true);
            stated(w, "stated_detection", run.stated_detection);
            w.Key("recomputed_detection");
            w.Double(a.recomputed.detection);
            stated(w, "stated_score", run.stated_score);
            w.Key("recomputed_score");
            w.Double(a.recomputed.total);
            put_bool(w, "arithmetic_ok", a.arithmetic_ok);
            w.Key("issues");
            w.StartArray();
            for (const kg::JudgeIssue& is : a.issues) kg::json::string(w, is.kind);
            w.EndArray();
            w.EndObject();
        }
        w.EndArray();
        w.Key("agreement");
        agreement_json(w, j.comparison.agreement);
        put_int(w, "disagreements", static_cast<int>(j.comparison.disagreements.size()));
        put_int(w, "matched_runs", j.comparison.matched_runs);
        w.Key("score_diff");
        w.StartArray();
        for (const kg::JudgeScoreDiff& d : j.comparison.score_diff) {
            w.StartObject();
            put(w, "prompt", d.prompt);
            put_int(w, "run", d.run);
            put(w, "review", d.review);
            w.Key("judge");
            w.Double(d.judge);
            w.Key("human");
            w.Double(d.human);
            w.Key("diff");
            w.Double(d.diff);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    put(w, "view", center_view_name(s.center_view));
    w.Key("rects");
    w.StartObject();
    for (const auto& [name, r] : s.item_rects) {
        w.Key(name.c_str());
        w.StartArray();
        for (float f : {r.x, r.y, r.z, r.w}) w.Double(f);
        w.EndArray();
    }
    w.EndObject();
}

}  // namespace kg::app
