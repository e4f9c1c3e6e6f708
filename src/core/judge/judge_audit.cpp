// Matches judge runs with human-graded reviews and measures how far apart they are.
#include "judge/judge_audit.h"

#include <algorithm>

#include "grading/rubric.h"

namespace kg {

namespace {

// The reviews graded as `prompt` run `run`, preferring those linked to key_name.
std::vector<const ReviewFile*> reviews_for(const Workspace& ws, const std::string& prompt, int run,
                                           const std::string& key_name) {
    std::vector<const ReviewFile*> all;
    for (const ReviewFile& r : ws.reviews) {
        if (r.run == run && (prompt.empty() || r.prompt == prompt)) all.push_back(&r);
    }
    if (key_name.empty() || all.size() <= 1) return all;
    std::vector<const ReviewFile*> linked;
    for (const ReviewFile* r : all) {
        if (r->key_name == key_name) linked.push_back(r);
    }
    return linked.empty() ? all : linked;
}

}  // namespace

JudgeComparison compare_with_human(const JudgeReport& report, const AnswerKey& key,
                                   const Workspace& ws, const std::string& key_name) {
    JudgeComparison out;
    std::vector<std::pair<Verdict, Verdict>> pairs;
    for (const JudgeRun& run : report.runs) {
        const std::string label = (run.prompt.empty() ? std::string("run ") : run.prompt + " run ") +
                                  std::to_string(run.run);
        const auto matches = reviews_for(ws, run.prompt, run.run, key_name);
        if (matches.empty()) {
            out.warnings.push_back({run.table_line, label + ": no review in the workspace has this "
                                                    "prompt and run"});
            continue;
        }
        if (matches.size() > 1) {
            std::string names;
            for (const ReviewFile* r : matches) names += (names.empty() ? "" : ", ") + r->name;
            out.warnings.push_back({run.table_line, label + ": several reviews match (" + names +
                                                        "); name the prompt (--prompt)"});
            continue;
        }
        const ReviewFile& review = *matches.front();
        ++out.matched_runs;

        std::vector<Verdict> human;
        int ungraded = 0;
        for (const Problem& p : key.problems) {
            const ProblemGrade* g = ws.find_grade(review, p.id);
            // Adopted from a judge and not yet confirmed: not a human verdict.
            const Verdict h = g && !g->from_judge ? g->verdict : Verdict::Ungraded;
            human.push_back(h);
            if (h == Verdict::Ungraded) ++ungraded;
            const auto jv = std::find_if(run.problems.begin(), run.problems.end(),
                                         [&](const JudgeVerdict& v) { return v.problem_id == p.id; });
            const Verdict j = jv == run.problems.end() ? Verdict::Ungraded : jv->verdict;
            pairs.emplace_back(h, j);
            if (h != Verdict::Ungraded && j != Verdict::Ungraded && h != j) {
                out.disagreements.push_back({run.prompt.empty() ? review.prompt : run.prompt,
                                             run.run, p.id, j, h,
                                             jv == run.problems.end() ? 0 : jv->line});
            }
        }
        if (ungraded > 0) {
            out.warnings.push_back({0, review.name + ": " + std::to_string(ungraded) +
                                           " problem(s) not graded by the human; left out of the "
                                           "agreement and counted 0 in its score"});
        }
        const RunScore hs = score_run(human, static_cast<int>(review.bonus.size()),
                                      static_cast<int>(review.penalties.size()));
        const JudgeRunAudit audit = audit_run(run);
        JudgeScoreDiff d;
        d.prompt = run.prompt.empty() ? review.prompt : run.prompt;
        d.run = run.run;
        d.review = review.name;
        d.judge_stated = run.stated_score.present;
        d.judge_recomputed = audit.recomputed.total;
        d.judge = d.judge_stated ? run.stated_score.value : d.judge_recomputed;
        d.human = hs.total;
        d.diff = d.judge - d.human;
        d.human_ungraded = ungraded;
        out.score_diff.push_back(d);
    }
    out.agreement = agreement(pairs);
    return out;
}

void select_prompt(JudgeReport& report, const std::string& name) {
    if (name.empty()) return;
    std::vector<std::string> prompts;
    for (const JudgeRun& r : report.runs) {
        if (std::find(prompts.begin(), prompts.end(), r.prompt) == prompts.end()) {
            prompts.push_back(r.prompt);
        }
    }
    if (prompts.size() <= 1) {
        // One prompt (or none named): the caller says which prompt it is.
        const std::string old = prompts.empty() ? std::string() : prompts.front();
        for (JudgeRun& r : report.runs) r.prompt = name;
        for (JudgePromptTotals& t : report.totals) {
            if (t.prompt == old || t.prompt.empty()) t.prompt = name;
        }
        report.prompt = name;
        return;
    }
    // Several prompts: keep the one asked for (and runs that name none).
    std::vector<JudgeRun> kept;
    for (JudgeRun& r : report.runs) {
        if (r.prompt.empty()) r.prompt = name;
        if (r.prompt == name) kept.push_back(std::move(r));
    }
    report.runs = std::move(kept);
    for (JudgePromptTotals& t : report.totals) {
        if (t.prompt.empty()) t.prompt = name;
    }
    report.prompt = name;
}

void append_report(JudgeReport& into, const JudgeReport& other, const std::string& other_name) {
    for (const Diagnostic& d : other.warnings) into.warnings.push_back({d.line, other_name + ": " + d.message});
    for (const Diagnostic& d : other.notes) into.notes.push_back({d.line, other_name + ": " + d.message});
    for (const JudgeRun& r : other.runs) {
        const bool dup = std::any_of(into.runs.begin(), into.runs.end(), [&](const JudgeRun& x) {
            return x.prompt == r.prompt && x.run == r.run;
        });
        if (dup) {
            into.warnings.push_back({r.table_line, other_name + ": " +
                                                       (r.prompt.empty() ? "" : r.prompt + " ") +
                                                       "run " + std::to_string(r.run) +
                                                       " is already in an earlier report; ignored"});
            continue;
        }
        into.runs.push_back(r);
    }
    for (const JudgePromptTotals& t : other.totals) {
        const bool dup = std::any_of(into.totals.begin(), into.totals.end(),
                                     [&](const JudgePromptTotals& x) { return x.prompt == t.prompt; });
        if (!dup) into.totals.push_back(t);
    }
    if (into.prompt.empty()) into.prompt = other.prompt;
}

}  // namespace kg
