// The workflow's own files from the human's grading (report/workflow_export.h): per-prompt
// scoring reports that the judge parser reads back to the same verdicts and totals (English and
// Japanese keys), per-round comparison reports, paths inside each key's folder, honest figures
// for partly graded prompts.
#include <catch2/catch.hpp>

#include <set>

#include "demo_workspace.h"
#include "fixtures.h"
#include "grading/grading.h"
#include "judge/judge_report.h"
#include "key/answer_key.h"
#include "report/workflow_export.h"

using namespace kg;

namespace {

const ExportFile* find_file(const std::vector<ExportFile>& files, const std::string& path) {
    for (const ExportFile& f : files) {
        if (f.path == path) return &f;
    }
    return nullptr;
}

// The judge parser's reading of an exported scoring file equals the grading it came from.
void check_round_trip(const Workspace& ws, const KeyScores& ks, const std::string& prompt, ReportLanguage lang) {
    const std::string md = scoring_markdown(ws, ks, prompt, lang);
    const JudgeParseResult parsed = parse_judge_report(md, ks.key);
    INFO(md);
    REQUIRE(parsed.ok);
    std::vector<const ReviewScore*> runs;
    for (const ReviewScore& rs : ks.reviews) {
        if (rs.prompt == prompt) runs.push_back(&rs);
    }
    REQUIRE(parsed.report.runs.size() == runs.size());
    for (size_t r = 0; r < runs.size(); ++r) {
        const JudgeRun& jr = parsed.report.runs[r];
        REQUIRE(jr.problems.size() == ks.key.problems.size());
        for (size_t i = 0; i < ks.key.problems.size(); ++i) CHECK(jr.problems[i].verdict == runs[r]->verdicts[i]);
        const JudgeRunAudit audit = audit_run(jr);
        CHECK(audit.arithmetic_ok);
        CHECK(audit.recomputed.total == Approx(runs[r]->score.total));
        REQUIRE(jr.stated_score.present);
        CHECK(jr.stated_score.value == Approx(runs[r]->score.total));
        CHECK(static_cast<int>(jr.bonus_items.size()) ==
              static_cast<int>(ws.reviews[static_cast<size_t>(runs[r]->review_index)].bonus.size()));
    }
    for (const JudgePromptAudit& pa : audit_prompts(parsed.report)) CHECK(pa.issues.empty());
}

}  // namespace

TEST_CASE("exported scoring reports read back through the judge parser (English key)", "[export]") {
    const Workspace ws = demo::graded_round_008();
    const WorkspaceScores sc = compute_scores(ws);
    REQUIRE(sc.keys.size() == 1);
    CHECK(report_language(sc.keys[0].key) == ReportLanguage::English);
    check_round_trip(ws, sc.keys[0], "v008-baseline", ReportLanguage::English);
    check_round_trip(ws, sc.keys[0], "v008-variant-redteam", ReportLanguage::English);
    const std::string md = scoring_markdown(ws, sc.keys[0], "v008-baseline", ReportLanguage::English);
    CHECK_THAT(md, Catch::Contains("## Run 1 Scoring") && Catch::Contains("**Run1 Score**: 7.0") &&
                       Catch::Contains("v008-baseline: Mean=6.5, SD=0.5\n"));
}

TEST_CASE("a Japanese key gets Japanese headings, and they read back too", "[export]") {
    Workspace ws;
    ws.keys.push_back({"security/answer-key-round-004.md", normalize_text(read_fixture("tests/fixtures/keys/ja-layout.md"))});
    const KeyParseResult key = parse_answer_key(ws.keys[0].text);
    REQUIRE(key.is_key);
    for (int run = 1; run <= 2; ++run) {
        ReviewFile r;
        r.name = "security/results/v004-baseline-run" + std::to_string(run) + ".md";
        r.text = "# レビュー\n\n## 指摘1\nトークンの有効期限がない。\n";
        r.hash = content_hash(r.text);
        r.prompt = "v004-baseline";
        r.run = run;
        r.key_name = ws.keys[0].name;
        for (size_t i = 0; i < key.key.problems.size(); ++i) {
            ProblemGrade g;
            g.problem_id = key.key.problems[i].id;
            g.verdict = i == 0 ? Verdict::Detected : (run == 1 ? Verdict::Partial : Verdict::Missed);
            g.note = "根拠 " + std::to_string(i);
            r.grades.push_back(g);
        }
        r.bonus.push_back({"監査ログの欠如", "", 3, 4, false});
        ws.reviews.push_back(r);
    }
    const WorkspaceScores sc = compute_scores(ws);
    REQUIRE(sc.keys.size() == 1);
    CHECK(report_language(sc.keys[0].key) == ReportLanguage::Japanese);
    check_round_trip(ws, sc.keys[0], "v004-baseline", ReportLanguage::Japanese);

    const std::vector<ExportFile> files = workflow_files(ws, sc);
    const ExportFile* scoring = find_file(files, "security/results/v004-baseline-scoring.md");
    REQUIRE(scoring);
    CHECK_THAT(scoring->text, Catch::Contains("# 採点レポート: v004-baseline") && Catch::Contains("## Run 1 採点") &&
                                  Catch::Contains("| 問題ID | 問題 | 判定 | スコア | 根拠 |") &&
                                  Catch::Contains("**検出小計**"));
    const ExportFile* comparison = find_file(files, "security/reports/round-004-comparison.md");
    REQUIRE(comparison);
    CHECK_THAT(comparison->text, Catch::Contains("# プロンプト比較") && Catch::Contains("ラウンド 4"));
}

TEST_CASE("workflow files: one scoring file per prompt, one comparison per round, in the key's folder", "[export]") {
    Workspace ws = demo::graded_round_008();
    ws.keys[0].name = "reliability-design/answer-key-round-008.md";
    for (ReviewFile& r : ws.reviews) {
        r.name = "reliability-design/results/" + r.name;
        r.key_name = ws.keys[0].name;
    }
    const WorkspaceScores sc = compute_scores(ws);
    const std::vector<ExportFile> files = workflow_files(ws, sc);
    std::set<std::string> paths;
    for (const ExportFile& f : files) paths.insert(f.path);
    CHECK(paths == std::set<std::string>{"reliability-design/results/v008-baseline-scoring.md",
                                         "reliability-design/results/v008-variant-redteam-scoring.md",
                                         "reliability-design/reports/round-008-comparison.md"});
    const ExportFile* cmp = find_file(files, "reliability-design/reports/round-008-comparison.md");
    REQUIRE(cmp);
    CHECK_THAT(cmp->text, Catch::Contains("# Prompt comparison: Round 8") && Catch::Contains("v008-variant-redteam"));
    CHECK(workflow_files(ws, sc, "no-such-key.md").empty());
}

TEST_CASE("a partly graded prompt says so: no Mean or SD from unfinished runs", "[export]") {
    Workspace ws = demo::graded_round_008();
    ws.reviews[1].grades[4].verdict = Verdict::Ungraded;   // v008-baseline-run2 P05
    const WorkspaceScores sc = compute_scores(ws);
    const std::string md = scoring_markdown(ws, sc.keys[0], "v008-baseline", ReportLanguage::English);
    CHECK_THAT(md, Catch::Contains("1 of 18 verdicts (scored 0.0; Mean and SD use fully graded runs only)"));
    CHECK_THAT(md, Catch::Contains("(1 of 2 runs fully graded)"));
    CHECK_THAT(md, Catch::Contains("| P05 |") && Catch::Contains("| - | 0.0 | (not graded) |"));
}
