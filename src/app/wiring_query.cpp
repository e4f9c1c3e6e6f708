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

void wiring_query_json(Writer& w, AppState& s) {
    const kg::Workspace& ws = s.session.workspace();
    w.Key("suggestions");
    w.StartArray();
    for (const kg::ReviewFile& r : ws.reviews) {
        w.StartObject();
        w.Key("review");
        w.String(r.name.c_str());
        w.Key("problems");
        w.StartObject();
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.suggestion.verdict == kg::Verdict::Ungraded) continue;
            w.Key(g.problem_id.c_str());
            w.StartObject();
            w.Key("verdict");
            w.String(kg::verdict_name(g.suggestion.verdict));
            w.Key("confidence");
            w.Double(g.suggestion.confidence);
            w.Key("evidence");
            w.Int(static_cast<int>(g.suggestion.evidence.size()));
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
        w.Key("file");
        w.String(j.file.c_str());
        w.Key("key");
        w.String(j.key_name.c_str());
        w.Key("prompt");
        w.String(j.report.prompt.c_str());
        w.Key("runs");
        w.StartArray();
        for (size_t i = 0; i < j.report.runs.size(); ++i) {
            const kg::JudgeRun& run = j.report.runs[i];
            const kg::JudgeRunAudit& a = j.run_audits[i];
            w.StartObject();
            w.Key("prompt");
            w.String(run.prompt.c_str());
            w.Key("run");
            w.Int(run.run);
            w.Key("verdicts");
            w.StartObject();
            for (const kg::JudgeVerdict& v : run.problems) {
                w.Key(v.problem_id.c_str());
                w.String(kg::verdict_name(v.verdict));
            }
            w.EndObject();
            stated(w, "stated_detection", run.stated_detection);
            w.Key("recomputed_detection");
            w.Double(a.recomputed.detection);
            stated(w, "stated_score", run.stated_score);
            w.Key("recomputed_score");
            w.Double(a.recomputed.total);
            w.Key("arithmetic_ok");
            w.Bool(a.arithmetic_ok);
            w.Key("issues");
            w.StartArray();
            for (const kg::JudgeIssue& is : a.issues) w.String(is.kind.c_str());
            w.EndArray();
            w.EndObject();
        }
        w.EndArray();
        w.Key("agreement");
        agreement_json(w, j.comparison.agreement);
        w.Key("disagreements");
        w.Int(static_cast<int>(j.comparison.disagreements.size()));
        w.Key("matched_runs");
        w.Int(j.comparison.matched_runs);
        w.Key("score_diff");
        w.StartArray();
        for (const kg::JudgeScoreDiff& d : j.comparison.score_diff) {
            w.StartObject();
            w.Key("prompt");
            w.String(d.prompt.c_str());
            w.Key("run");
            w.Int(d.run);
            w.Key("review");
            w.String(d.review.c_str());
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
    w.Key("view");
    w.String(center_view_name(s.center_view));
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
