// Writers for `keygrader agree`. Both read the same audit (audit_run / audit_prompts), so the
// JSON and the text never tell two stories.
#include "agree_output.h"

#include <cmath>
#include <cstdio>

#include "base/json_write.h"

namespace kg::cli {

namespace {

using Writer = json::PrettyWriter;
using json::put_int;
using json::put;
void put_stated(Writer& w, const char* key, const StatedValue& v) {
    w.Key(key);
    if (v.present) w.Double(v.value);
    else w.Null();
}

void put_issues(Writer& w, const char* key, const std::vector<JudgeIssue>& issues) {
    w.Key(key);
    w.StartArray();
    for (const JudgeIssue& i : issues) {
        w.StartObject();
        put(w, "kind", i.kind);
        put_int(w, "line", i.line);
        put(w, "message", i.message);
        w.EndObject();
    }
    w.EndArray();
}

void put_diagnostics(Writer& w, const char* key, const std::vector<Diagnostic>& ds) {
    w.Key(key);
    w.StartArray();
    for (const Diagnostic& d : ds) {
        w.StartObject();
        put_int(w, "line", d.line);
        put(w, "message", d.message);
        w.EndObject();
    }
    w.EndArray();
}

void put_items(Writer& w, const char* key, const std::vector<JudgeItem>& items) {
    w.Key(key);
    w.StartArray();
    for (const JudgeItem& i : items) {
        w.StartObject();
        put_int(w, "line", i.line);
        put(w, "text", i.text);
        w.EndObject();
    }
    w.EndArray();
}

void put_run(Writer& w, const JudgeRun& run) {
    const JudgeRunAudit a = audit_run(run);
    w.StartObject();
    put(w, "prompt", run.prompt);
    put_int(w, "run", run.run);
    put_int(w, "table_line", run.table_line);
    w.Key("problems");
    w.StartArray();
    for (const JudgeVerdict& v : run.problems) {
        w.StartObject();
        put(w, "id", v.problem_id);
        put(w, "verdict", verdict_name(v.verdict));
        put(w, "symbol", verdict_symbol(v.verdict));
        put_int(w, "line", v.line);
        w.EndObject();
    }
    w.EndArray();
    put_int(w, "bonus", a.bonus);
    put_int(w, "penalty", a.penalty);
    put_items(w, "bonus_items", run.bonus_items);
    put_items(w, "penalty_items", run.penalty_items);
    put(w, "score", run.stated_score.present ? run.stated_score.value : a.recomputed.total);
    put_stated(w, "stated_score", run.stated_score);
    put_stated(w, "stated_detection", run.stated_detection);
    put_stated(w, "stated_bonus_points", run.stated_bonus_points);
    put_stated(w, "stated_penalty_points", run.stated_penalty_points);
    put(w, "recomputed_detection", a.recomputed.detection);
    put(w, "recomputed_score", a.recomputed.total);
    w.Key("arithmetic_ok");
    w.Bool(a.arithmetic_ok);
    put_issues(w, "issues", a.issues);
    w.EndObject();
}

const char* name_of(Verdict v) { return verdict_name(v); }

}  // namespace

std::string agree_json(const AgreeResult& r) {
    json::Buffer buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    put(w, "judge", r.judge_file);
    put(w, "prompt", r.report->prompt);
    w.Key("runs");
    w.StartArray();
    for (const JudgeRun& run : r.report->runs) put_run(w, run);
    w.EndArray();
    w.Key("prompts");
    w.StartArray();
    for (const JudgePromptAudit& p : audit_prompts(*r.report)) {
        w.StartObject();
        put(w, "prompt", p.prompt);
        put_stated(w, "stated_mean", p.stated_mean);
        put_stated(w, "stated_sd", p.stated_sd);
        put(w, "recomputed_mean", p.recomputed.mean);
        put(w, "recomputed_sd", p.recomputed.sd);
        w.Key("stated_stability");
        if (p.stability_stated) w.String(stability_name(p.stated_stability));
        else w.Null();
        put(w, "stability", stability_name(p.recomputed.stability));
        w.Key("arithmetic_ok");
        w.Bool(p.issues.empty());
        put_issues(w, "issues", p.issues);
        w.EndObject();
    }
    w.EndArray();
    put_diagnostics(w, "warnings", r.report->warnings);
    put_diagnostics(w, "notes", r.report->notes);
    if (r.comparison) {
        const JudgeComparison& c = *r.comparison;
        w.Key("agreement");
        w.StartObject();
        put_int(w, "n", c.agreement.n);
        put_int(w, "skipped", c.agreement.skipped);
        put_int(w, "matched_runs", c.matched_runs);
        put(w, "exact", c.agreement.exact);
        put(w, "kappa", c.agreement.kappa);
        put(w, "weighted_kappa", c.agreement.weighted_kappa);
        w.Key("confusion_axes");
        w.String("rows: human ○ △ ×; columns: judge ○ △ ×");
        w.Key("confusion");
        w.StartArray();
        for (const auto& row : c.agreement.confusion) {
            w.StartArray();
            for (int x : row) w.Int(x);
            w.EndArray();
        }
        w.EndArray();
        w.Key("disagreements");
        w.StartArray();
        for (const JudgeDisagreement& d : c.disagreements) {
            w.StartObject();
            put(w, "prompt", d.prompt);
            put_int(w, "run", d.run);
            put(w, "id", d.problem_id);
            put(w, "judge", name_of(d.judge));
            put(w, "human", name_of(d.human));
            put_int(w, "line", d.line);
            w.EndObject();
        }
        w.EndArray();
        w.Key("score_diff");
        w.StartArray();
        for (const JudgeScoreDiff& d : c.score_diff) {
            w.StartObject();
            put(w, "prompt", d.prompt);
            put_int(w, "run", d.run);
            put(w, "review", d.review);
            put(w, "judge", d.judge);
            w.Key("judge_stated");
            w.Bool(d.judge_stated);
            put(w, "judge_recomputed", d.judge_recomputed);
            put(w, "human", d.human);
            put(w, "diff", d.diff);
            put_int(w, "human_ungraded", d.human_ungraded);
            w.EndObject();
        }
        w.EndArray();
        put_diagnostics(w, "warnings", c.warnings);
        w.EndObject();
    }
    w.EndObject();
    std::string out = buffer.GetString();
    out += '\n';
    return out;
}

namespace {

std::string num(double v) { return format_score(v); }
std::string signed_num(double v) { return (v > 1e-9 ? "+" : "") + format_score(v); }
std::string stated_or_dash(const StatedValue& v) { return v.present ? num(v.value) : "-"; }
std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0);
    return buf;
}
std::string fixed3(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

}  // namespace

std::string agree_text(const AgreeResult& r) {
    const JudgeReport& rep = *r.report;
    std::string out = "Judge report " + r.judge_file;
    if (!rep.prompt.empty()) out += " (prompt " + rep.prompt + ")";
    out += "\n";
    for (const JudgeRun& run : rep.runs) {
        const JudgeRunAudit a = audit_run(run);
        out += "\n" + (run.prompt.empty() ? std::string() : run.prompt + " ") + "Run " +
               std::to_string(run.run) + " (table at line " + std::to_string(run.table_line) +
               ")\n  ";
        for (const JudgeVerdict& v : run.problems) {
            const char* sym = verdict_symbol(v.verdict);
            out += v.problem_id + " " + (*sym ? sym : "?") + "  ";
        }
        out += "\n  detection: stated " + stated_or_dash(run.stated_detection) + ", recomputed " +
               num(a.recomputed.detection) + "\n";
        out += "  bonus " + std::to_string(a.bonus) + " item(s), penalty " +
               std::to_string(a.penalty) + " item(s)\n";
        out += "  score: stated " + stated_or_dash(run.stated_score) + ", recomputed " +
               num(a.recomputed.total) + "  -> " +
               (a.arithmetic_ok ? "arithmetic OK" : "ARITHMETIC DISAGREES") + "\n";
        for (const JudgeIssue& i : a.issues) out += "  ! line " + std::to_string(i.line) + ": " + i.message + "\n";
    }
    for (const JudgePromptAudit& p : audit_prompts(rep)) {
        out += "\n" + (p.prompt.empty() ? std::string("Prompt") : p.prompt) + ": Mean stated " +
               stated_or_dash(p.stated_mean) + ", recomputed " + num(p.recomputed.mean) +
               "; SD stated " + stated_or_dash(p.stated_sd) + ", recomputed " +
               num(p.recomputed.sd) + " (" + stability_name(p.recomputed.stability) + ")\n";
        for (const JudgeIssue& i : p.issues) out += "  ! line " + std::to_string(i.line) + ": " + i.message + "\n";
    }
    if (!rep.notes.empty()) {
        out += "\nNotes:\n";
        for (const Diagnostic& d : rep.notes) out += "  line " + std::to_string(d.line) + ": " + d.message + "\n";
    }
    if (!rep.warnings.empty()) {
        out += "\nWarnings:\n";
        for (const Diagnostic& d : rep.warnings) out += "  line " + std::to_string(d.line) + ": " + d.message + "\n";
    }
    if (r.comparison) {
        const JudgeComparison& c = *r.comparison;
        out += "\nAgreement with the human grades (" + std::to_string(c.matched_runs) +
               " run(s) matched, " + std::to_string(c.agreement.n) + " verdict pairs):\n";
        out += "  exact " + percent(c.agreement.exact) + ", Cohen's kappa " +
               fixed3(c.agreement.kappa) + "\n";
        out += "  confusion (rows human, columns judge):\n           ○    △    ×\n";
        const char* rows[] = {"○", "△", "×"};
        for (int i = 0; i < 3; ++i) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "    %s  %4d %4d %4d\n", rows[i], c.agreement.confusion[i][0],
                          c.agreement.confusion[i][1], c.agreement.confusion[i][2]);
            out += buf;
        }
        for (const JudgeDisagreement& d : c.disagreements) {
            out += "  differs: " + d.prompt + " run " + std::to_string(d.run) + " " + d.problem_id +
                   ": judge " + verdict_symbol(d.judge) + ", human " + verdict_symbol(d.human) +
                   (d.line ? " (line " + std::to_string(d.line) + ")" : std::string()) + "\n";
        }
        for (const JudgeScoreDiff& d : c.score_diff) {
            out += "  score " + d.prompt + " run " + std::to_string(d.run) + ": judge " +
                   num(d.judge) + (d.judge_stated ? "" : " (recomputed)") + ", human " +
                   num(d.human) + ", diff " + signed_num(d.diff) + "\n";
        }
        for (const Diagnostic& d : c.warnings) out += "  warning: " + d.message + "\n";
    }
    return out;
}

}  // namespace kg::cli
