// Machine-readable scores: what `keygrader score --json` prints and the page can query.
//   {"keys":[{"key","title","problems":["P01",...],
//             "reviews":[{"review","prompt","run","verdicts":["detected",...],"detection",
//                         "bonus_items","bonus_counted","penalty_items","total",
//                         "ungraded","stale"}],
//             "prompts":[{"prompt","runs":[...],"mean","sd","stability"}],
//             "recommendation":{"prompt","compared_to","difference","reason"} | null}],
//    "rounds":[{"round","key","prompt","mean"}],   oldest first, best prompt per round
//    "convergence":"insufficient data" | "improving" | "may have converged",
//    "warnings":[{"line","message"}]}
#include "base/json_write.h"
#include "report/reports.h"

namespace kg {

namespace {

using JsonWriter = json::Writer;
using json::string;

void write_review(JsonWriter& w, const ReviewScore& rs) {
    w.StartObject();
    w.Key("review");
    string(w, rs.review_name);
    w.Key("prompt");
    string(w, rs.prompt);
    w.Key("run");
    w.Int(rs.run);
    w.Key("verdicts");
    w.StartArray();
    for (Verdict v : rs.verdicts) w.String(verdict_name(v));
    w.EndArray();
    w.Key("detection");
    w.Double(rs.score.detection);
    w.Key("bonus_items");
    w.Int(rs.score.bonus_items);
    w.Key("bonus_counted");
    w.Int(rs.score.bonus_counted);
    w.Key("penalty_items");
    w.Int(rs.score.penalty_items);
    w.Key("total");
    w.Double(rs.score.total);
    w.Key("ungraded");
    w.Int(rs.ungraded);
    w.Key("stale");
    w.Int(rs.stale);
    w.EndObject();
}

void write_prompt(JsonWriter& w, const PromptStats& st) {
    w.StartObject();
    json::put_int(w, "runs_total", st.runs_total);
    json::put_int(w, "runs_graded", st.runs_graded);   // Mean/SD are over these only
    w.Key("prompt");
    string(w, st.prompt);
    w.Key("runs");
    w.StartArray();
    for (double x : st.run_scores) w.Double(x);
    w.EndArray();
    w.Key("mean");
    w.Double(st.mean);
    w.Key("sd");
    w.Double(st.sd);
    w.Key("stability");
    w.String(stability_name(st.stability));
    w.EndObject();
}

void write_key(JsonWriter& w, const KeyScores& ks) {
    w.StartObject();
    w.Key("key");
    string(w, ks.key_name);
    w.Key("title");
    string(w, ks.key.title);
    w.Key("problems");
    w.StartArray();
    for (const Problem& p : ks.key.problems) string(w, p.id);
    w.EndArray();
    w.Key("reviews");
    w.StartArray();
    for (const ReviewScore& rs : ks.reviews) write_review(w, rs);
    w.EndArray();
    w.Key("prompts");
    w.StartArray();
    for (const PromptStats& st : ks.prompts) write_prompt(w, st);
    w.EndArray();
    w.Key("recommendation");
    if (!ks.has_recommendation) {
        w.Null();
    } else {
        const Recommendation& r = ks.recommendation;
        w.StartObject();
        w.Key("prompt");
        string(w, r.prompt);
        w.Key("compared_to");
        string(w, r.compared_to);
        w.Key("difference");
        w.Double(r.difference);
        w.Key("reason");
        string(w, r.reason);
        w.EndObject();
    }
    w.EndObject();
}

}  // namespace

std::string scores_json(const WorkspaceScores& scores) {
    json::Buffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("keys");
    w.StartArray();
    for (const KeyScores& ks : scores.keys) write_key(w, ks);
    w.EndArray();
    w.Key("rounds");
    w.StartArray();
    for (const RoundBest& r : scores.rounds) {
        w.StartObject();
        w.Key("round");
        w.Int(r.round);
        w.Key("key");
        string(w, r.key_name);
        w.Key("prompt");
        string(w, r.prompt);
        w.Key("mean");
        w.Double(r.mean);
        w.EndObject();
    }
    w.EndArray();
    w.Key("convergence");
    w.String(convergence_name(scores.convergence));
    w.Key("warnings");
    w.StartArray();
    for (const Diagnostic& d : scores.warnings) {
        w.StartObject();
        w.Key("line");
        w.Int(d.line);
        w.Key("message");
        string(w, d.message);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace kg
