// The judge as a second rater: the sample reports of tests/fixtures/judge/ against the human
// grades of tests/fixtures/workspace/sample-v2.json (the same grades as
// assets/reviews/LABELS.md). Expected figures come from tests/fixtures/judge/README.md.
#include <catch2/catch.hpp>

#include <string>

#include "key/answer_key.h"
#include "fixtures.h"
#include "grading/grading.h"
#include "judge/judge_audit.h"
#include "report/reports.h"
#include "persist/workspace_io.h"

using kg::Verdict;

namespace {

kg::AnswerKey key9() {
    kg::AnswerKey k;
    for (int i = 1; i <= 9; ++i) {
        kg::Problem p;
        p.id = "P0" + std::to_string(i);
        k.problems.push_back(p);
    }
    return k;
}

kg::Workspace sample_workspace() {
    const auto loaded = kg::load_workspace_json(read_fixture("tests/fixtures/workspace/sample-v2.json"));
    INFO(loaded.error);
    REQUIRE(loaded.ok);
    return loaded.workspace;
}

kg::JudgeReport report(const std::string& name) {
    const auto r = kg::parse_judge_report(read_fixture("tests/fixtures/judge/" + name), key9());
    INFO(r.error);
    REQUIRE(r.ok);
    return r.report;
}

}  // namespace

TEST_CASE("judge audit: baseline report against the human grades", "[judge_audit]") {
    const auto c = kg::compare_with_human(report("scoring-v008-baseline.md"), key9(),
                                          sample_workspace(), "answer-key-round-008.md");
    CHECK(c.matched_runs == 2);
    CHECK(c.agreement.n == 18);
    REQUIRE(c.disagreements.size() == 1);
    CHECK(c.disagreements[0].run == 1);
    CHECK(c.disagreements[0].problem_id == "P03");
    CHECK(c.disagreements[0].judge == Verdict::Detected);
    CHECK(c.disagreements[0].human == Verdict::Partial);
    CHECK(c.disagreements[0].line > 0);
    REQUIRE(c.score_diff.size() == 2);
    CHECK(c.score_diff[0].review == "v008-baseline-run1.md");
    CHECK(c.score_diff[0].judge == Approx(7.5));
    CHECK(c.score_diff[0].human == Approx(7.0));
    CHECK(c.score_diff[0].diff == Approx(0.5));
    // Run 2: stated 6.5 (the slip) vs human 6.0; recomputed from the judge's table 6.0.
    CHECK(c.score_diff[1].judge_stated);
    CHECK(c.score_diff[1].diff == Approx(0.5));
    CHECK(c.score_diff[1].judge_recomputed - c.score_diff[1].human == Approx(0.0));
    CHECK(c.warnings.empty());
}

TEST_CASE("judge audit: pooled reports give the README's kappa", "[judge_audit]") {
    kg::JudgeReport pooled = report("scoring-v008-baseline.md");
    kg::append_report(pooled, report("scoring-v008-variant-redteam.md"), "redteam");
    REQUIRE(pooled.runs.size() == 4);
    const auto c = kg::compare_with_human(pooled, key9(), sample_workspace());
    CHECK(c.matched_runs == 4);
    CHECK(c.agreement.n == 36);
    CHECK(c.agreement.exact == Approx(33.0 / 36.0));
    CHECK(c.agreement.kappa == Approx(0.84937).epsilon(1e-4));
    // rows human, columns judge
    CHECK(c.agreement.confusion[0][0] == 21);
    CHECK(c.agreement.confusion[1][0] == 2);
    CHECK(c.agreement.confusion[1][1] == 6);
    CHECK(c.agreement.confusion[1][2] == 1);
    CHECK(c.agreement.confusion[2][2] == 6);
    CHECK(c.disagreements.size() == 3);
    REQUIRE(c.score_diff.size() == 4);
    CHECK(c.score_diff[2].diff == Approx(-0.5));   // redteam run 1
    CHECK(c.score_diff[3].diff == Approx(0.5));    // redteam run 2
}

TEST_CASE("judge audit: the revised second pass agrees fully", "[judge_audit]") {
    const auto c = kg::compare_with_human(report("scoring-mixed-revised.md"), key9(), sample_workspace());
    CHECK(c.agreement.n == 18);
    CHECK(c.agreement.exact == Approx(1.0));
    CHECK(c.agreement.kappa == Approx(1.0));
    CHECK(c.disagreements.empty());
    for (const auto& d : c.score_diff) CHECK(d.diff == Approx(0.0));
}

TEST_CASE("judge audit: unmatched runs and ungraded problems are reported, not counted", "[judge_audit]") {
    kg::Workspace ws = sample_workspace();
    // The human has not graded P01 of baseline run 1 yet; run 2's review is gone.
    ws.reviews[0].grades[0].verdict = Verdict::Ungraded;
    ws.reviews.erase(ws.reviews.begin() + 1);
    const auto c = kg::compare_with_human(report("scoring-v008-baseline.md"), key9(), ws);
    CHECK(c.matched_runs == 1);
    CHECK(c.agreement.n == 8);
    CHECK(c.agreement.skipped == 1);
    REQUIRE(c.score_diff.size() == 1);
    CHECK(c.score_diff[0].human_ungraded == 1);
    CHECK(c.score_diff[0].human == Approx(6.0));   // P01 counts 0 until graded
    CHECK(c.warnings.size() == 2);
}

TEST_CASE("judge audit: select_prompt names or filters the report's prompt", "[judge_audit]") {
    kg::JudgeReport r = report("scoring-mixed-revised.md");
    kg::select_prompt(r, "v008-baseline-second");
    for (const auto& run : r.runs) CHECK(run.prompt == "v008-baseline-second");
    // The renamed runs no longer match the workspace's prompt.
    const auto c = kg::compare_with_human(r, key9(), sample_workspace());
    CHECK(c.matched_runs == 0);
    CHECK(c.warnings.size() == 2);

    kg::JudgeReport pooled = report("scoring-v008-baseline.md");
    kg::append_report(pooled, report("scoring-v008-variant-redteam.md"), "redteam");
    kg::select_prompt(pooled, "v008-variant-redteam");
    REQUIRE(pooled.runs.size() == 2);
    CHECK(pooled.runs[0].prompt == "v008-variant-redteam");

    kg::JudgeReport twice = report("scoring-v008-baseline.md");
    kg::append_report(twice, report("scoring-mixed-revised.md"), "mixed");
    CHECK(twice.runs.size() == 2);   // the same prompt and runs: the first report's are kept
    CHECK(twice.warnings.size() == 2);
}

TEST_CASE("judge audit: KeyGrader's own Markdown report reads back as a judge report", "[judge_audit]") {
    // reports.h writes "the shape the LLM workflow writes"; reading it back as a judge must
    // give the human's grades, bonus and penalty lists and totals exactly.
    const kg::Workspace ws = sample_workspace();
    const std::string md = kg::markdown_report(ws, kg::compute_scores(ws));
    const kg::KeyParseResult key = kg::parse_answer_key(ws.keys[0].text);
    REQUIRE(key.is_key);
    const auto parsed = kg::parse_judge_report(md, key.key);
    INFO(parsed.error);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.report.runs.size() == 4);
    for (const auto& run : parsed.report.runs) {
        const auto a = kg::audit_run(run);
        CHECK(a.arithmetic_ok);
        CHECK(run.bonus_listed);
        CHECK(run.penalty_listed);
    }
    const auto c = kg::compare_with_human(parsed.report, key.key, ws);
    CHECK(c.matched_runs == 4);
    CHECK(c.agreement.n == 36);
    CHECK(c.agreement.exact == Approx(1.0));
    for (const auto& d : c.score_diff) CHECK(d.diff == Approx(0.0));
    CHECK(parsed.report.warnings.empty());
}
