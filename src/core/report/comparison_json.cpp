// The comparison as JSON (`keygrader compare --json`):
//   {"rounds":[{"key","title","round","perspective","scale_max","best_prompt","best_mean",
//               "prompts":[{"prompt","baseline","mean","sd","stability","bonus","penalty",
//                           "runs":[{"review","run","detection","bonus","bonus_counted",
//                                    "penalty","total","ungraded","stale"}]}],
//               "matrix":[{"problem","title","rate","cells":[{"text","verdicts":[..],
//                                                             "rate","graded"}]}],
//               "recommendation":{"prompt","compared_to","difference","reason"} | null}],
//    "trends":[{"perspective","convergence","text",
//               "points":[{"key","round","best_prompt","best_mean","change"|null}]}],
//    "warnings":["..."]}
// Rates are null where nothing is graded.
#include "grading/comparison.h"
#include "base/json_write.h"

namespace kg {

namespace {

using JsonWriter = json::Writer;

void rate(JsonWriter& w, double r) {
    if (r < 0) {
        w.Null();
    } else {
        w.Double(r);
    }
}

void write_run(JsonWriter& w, const RunEntry& re) {
    w.StartObject();
    w.Key("review");
    json::string(w, re.review_name);
    w.Key("run");
    w.Int(re.run);
    w.Key("detection");
    w.Double(re.score.detection);
    w.Key("bonus");
    w.Int(re.score.bonus_items);
    w.Key("bonus_counted");
    w.Int(re.score.bonus_counted);
    w.Key("penalty");
    w.Int(re.score.penalty_items);
    w.Key("total");
    w.Double(re.score.total);
    w.Key("ungraded");
    w.Int(re.ungraded);
    w.Key("stale");
    w.Int(re.stale);
    w.EndObject();
}

void write_prompt(JsonWriter& w, const PromptEntry& pe) {
    w.StartObject();
    w.Key("prompt");
    json::string(w, pe.prompt);
    w.Key("baseline");
    w.Bool(pe.is_baseline);
    w.Key("mean");
    w.Double(pe.stats.mean);
    w.Key("sd");
    w.Double(pe.stats.sd);
    w.Key("stability");
    w.String(stability_name(pe.stats.stability));
    w.Key("bonus");
    w.Int(pe.bonus_items);
    w.Key("penalty");
    w.Int(pe.penalty_items);
    w.Key("runs");
    w.StartArray();
    for (const RunEntry& re : pe.runs) write_run(w, re);
    w.EndArray();
    w.EndObject();
}

void write_row(JsonWriter& w, const MatrixRow& row) {
    w.StartObject();
    w.Key("problem");
    json::string(w, row.problem_id);
    w.Key("title");
    json::string(w, row.title);
    w.Key("rate");
    rate(w, row.detection_rate);
    w.Key("cells");
    w.StartArray();
    for (const MatrixCell& cell : row.cells) {
        w.StartObject();
        w.Key("text");
        json::string(w, cell.text);
        w.Key("verdicts");
        w.StartArray();
        for (Verdict v : cell.verdicts) w.String(verdict_name(v));
        w.EndArray();
        w.Key("rate");
        rate(w, cell.detection_rate);
        w.Key("graded");
        w.Int(cell.graded_runs);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

void write_round(JsonWriter& w, const RoundComparison& rc) {
    w.StartObject();
    w.Key("key");
    json::string(w, rc.key_name);
    w.Key("title");
    json::string(w, rc.key_title);
    w.Key("round");
    w.Int(rc.round);
    w.Key("perspective");
    json::string(w, rc.perspective);
    w.Key("scale_max");
    w.Double(rc.scale_max);
    w.Key("best_prompt");
    json::string(w, rc.best_prompt);
    w.Key("best_mean");
    w.Double(rc.best_mean);
    w.Key("prompts");
    w.StartArray();
    for (const PromptEntry& pe : rc.prompts) write_prompt(w, pe);
    w.EndArray();
    w.Key("matrix");
    w.StartArray();
    for (const MatrixRow& row : rc.matrix) write_row(w, row);
    w.EndArray();
    w.Key("recommendation");
    if (rc.has_recommendation) {
        w.StartObject();
        w.Key("prompt");
        json::string(w, rc.recommendation.prompt);
        w.Key("compared_to");
        json::string(w, rc.recommendation.compared_to);
        w.Key("difference");
        w.Double(rc.recommendation.difference);
        w.Key("reason");
        json::string(w, rc.recommendation.reason);
        w.EndObject();
    } else {
        w.Null();
    }
    w.EndObject();
}

void write_trend(JsonWriter& w, const PerspectiveTrend& t) {
    w.StartObject();
    w.Key("perspective");
    json::string(w, t.perspective);
    w.Key("convergence");
    w.String(convergence_name(t.convergence));
    w.Key("text");
    json::string(w, t.convergence_text);
    w.Key("points");
    w.StartArray();
    for (const TrendPoint& pt : t.points) {
        w.StartObject();
        w.Key("key");
        json::string(w, pt.key_name);
        w.Key("round");
        w.Int(pt.round);
        w.Key("best_prompt");
        json::string(w, pt.best_prompt);
        w.Key("best_mean");
        w.Double(pt.best_mean);
        w.Key("change");
        if (pt.has_change) {
            w.Double(pt.change);
        } else {
            w.Null();
        }
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

}  // namespace

std::string comparison_json(const Comparison& c) {
    json::Buffer buf;
    JsonWriter w(buf);
    w.StartObject();
    w.Key("rounds");
    w.StartArray();
    for (const RoundComparison& rc : c.rounds) write_round(w, rc);
    w.EndArray();
    w.Key("trends");
    w.StartArray();
    for (const PerspectiveTrend& t : c.trends) write_trend(w, t);
    w.EndArray();
    w.Key("warnings");
    w.StartArray();
    for (const Diagnostic& d : c.warnings) json::string(w, d.message);
    w.EndArray();
    w.EndObject();
    return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace kg
