// The judge-report parser and its arithmetic audit: the small readers of judge_text.h, then
// every report shape of docs/domain.md through the fixtures in tests/fixtures/judge/.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "key/answer_key.h"
#include "fixtures.h"
#include "judge/judge_report.h"
#include "judge/internal/judge_text.h"

using kg::Verdict;
namespace judge = kg::judge;

namespace {

// The four problems of tests/fixtures/judge/unit/key-4.md, built in code so these tests do
// not depend on the key parser.
kg::AnswerKey key4() {
    kg::AnswerKey k;
    for (const char* id : {"P01", "P02", "P03", "P04"}) {
        kg::Problem p;
        p.id = id;
        k.problems.push_back(p);
    }
    return k;
}

kg::AnswerKey key9() {
    kg::AnswerKey k;
    for (int i = 1; i <= 9; ++i) {
        kg::Problem p;
        p.id = "P0" + std::to_string(i);
        k.problems.push_back(p);
    }
    return k;
}

kg::JudgeReport parse_fixture(const std::string& name, const kg::AnswerKey& key) {
    const kg::JudgeParseResult r = kg::parse_judge_report(read_fixture("tests/fixtures/judge/" + name), key);
    INFO(name << ": " << r.error);
    REQUIRE(r.ok);
    return r.report;
}

std::string symbols(const kg::JudgeRun& run) {
    std::string s;
    for (const kg::JudgeVerdict& v : run.problems) {
        const char* sym = kg::verdict_symbol(v.verdict);
        s += *sym ? sym : "?";
    }
    return s;
}

bool has_issue(const kg::JudgeRunAudit& a, const std::string& kind) {
    return std::any_of(a.issues.begin(), a.issues.end(),
                       [&](const kg::JudgeIssue& i) { return i.kind == kind; });
}

bool has_warning(const kg::JudgeReport& r, const std::string& part) {
    return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const kg::Diagnostic& d) {
        return d.message.find(part) != std::string::npos;
    });
}

}  // namespace

// ---- the small readers -------------------------------------------------------------------

TEST_CASE("judge text: run markers", "[judge]") {
    CHECK(judge::run_markers("## Run 1 Scoring") == std::vector<int>{1});
    CHECK(judge::run_markers("### Run1") == std::vector<int>{1});
    CHECK(judge::run_markers("#### Run 2") == std::vector<int>{2});
    CHECK(judge::run_markers("Score Run2") == std::vector<int>{2});
    CHECK(judge::run_markers("Run1/Run2") == std::vector<int>{1, 2});
    CHECK(judge::run_markers("v008-baseline-run1.md") == std::vector<int>{1});
    CHECK(judge::run_markers("Run#3") == std::vector<int>{3});
    CHECK(judge::run_markers("rerun 2 and Runs").empty());
    CHECK(judge::run_markers("Run1 詳細") == std::vector<int>{1});
}

TEST_CASE("judge text: prompt names", "[judge]") {
    CHECK(judge::prompt_name_in("# Scoring Report: v008-baseline") == "v008-baseline");
    CHECK(judge::prompt_name_in("### v008-variant-redteam-run1.md") == "v008-variant-redteam");
    CHECK(judge::prompt_name_in("v008-baseline: Mean=7.0, SD=0.0") == "v008-baseline");
    CHECK(judge::prompt_name_in("no prompt here, just v8 and dev-1").empty());
}

TEST_CASE("judge text: verdict cells", "[judge]") {
    using V = std::vector<Verdict>;
    double score = -1;
    CHECK(judge::read_verdict_cell("○") == V{Verdict::Detected});
    CHECK(judge::read_verdict_cell("○ (1.0)", &score) == V{Verdict::Detected});
    CHECK(score == Approx(1.0));
    CHECK(judge::read_verdict_cell("× (0.0)") == V{Verdict::Missed});
    CHECK(judge::read_verdict_cell("△") == V{Verdict::Partial});
    CHECK(judge::read_verdict_cell("○/△") == V{Verdict::Detected, Verdict::Partial});
    CHECK(judge::read_verdict_cell("×／○") == V{Verdict::Missed, Verdict::Detected});
    CHECK(judge::read_verdict_cell("Detected") == V{Verdict::Detected});
    CHECK(judge::read_verdict_cell("Partial") == V{Verdict::Partial});
    CHECK(judge::read_verdict_cell("Missed") == V{Verdict::Missed});
    CHECK(judge::read_verdict_cell("Not Detected") == V{Verdict::Missed});
    CHECK(judge::read_verdict_cell("検出") == V{Verdict::Detected});
    CHECK(judge::read_verdict_cell("部分検出") == V{Verdict::Partial});
    CHECK(judge::read_verdict_cell("未検出") == V{Verdict::Missed});
    CHECK(judge::read_verdict_cell("1.0") == V{Verdict::Detected});
    CHECK(judge::read_verdict_cell("0.5") == V{Verdict::Partial});
    CHECK(judge::read_verdict_cell("0") == V{Verdict::Missed});
    CHECK(judge::read_verdict_cell("△→○") == V{Verdict::Detected});   // changed its mind
    CHECK(judge::read_verdict_cell("").empty());
    CHECK(judge::read_verdict_cell("N/A").empty());
    CHECK(judge::read_verdict_cell("see the notes").empty());
    CHECK(judge::read_verdict_cell("0.7").empty());
}

TEST_CASE("judge text: labels accept only label words", "[judge]") {
    CHECK(judge::classify_label("Detection Subtotal").kind == judge::TotalKind::Detection);
    CHECK(judge::classify_label("Run1 Score").kind == judge::TotalKind::Score);
    CHECK(judge::classify_label("Run1 Score").run == 1);
    CHECK(judge::classify_label("検出小計").kind == judge::TotalKind::Detection);
    CHECK(judge::classify_label("ボーナス").kind == judge::TotalKind::Bonus);
    CHECK(judge::classify_label("Penalty").kind == judge::TotalKind::Penalty);
    CHECK(judge::classify_label("Mean").kind == judge::TotalKind::Mean);
    CHECK(judge::classify_label("標準偏差").kind == judge::TotalKind::SD);
    CHECK(judge::classify_label("Total").bare_total);
    CHECK(judge::classify_label("Run2").only_run);
    CHECK(judge::classify_label("the total request budget").kind == judge::TotalKind::None);
    CHECK(judge::classify_label("P03 scored").kind == judge::TotalKind::None);
    CHECK(judge::classify_label("合計スコア").kind == judge::TotalKind::Score);
}

namespace {
const judge::Statement* find(const std::vector<judge::Statement>& v, judge::TotalKind k,
                             bool count = false) {
    for (const auto& s : v) {
        if (s.kind == k && s.is_count == count) return &s;
    }
    return nullptr;
}
}  // namespace

TEST_CASE("judge text: total statements in every written form", "[judge]") {
    using K = judge::TotalKind;
    auto s = judge::read_statements("Detection Subtotal: 6.0");
    REQUIRE(find(s, K::Detection));
    CHECK(find(s, K::Detection)->value == Approx(6.0));

    s = judge::read_statements("Run1 Score: 8.0 (Detection 6.0 + Bonus 2.5 - Penalty 0.5)");
    REQUIRE(find(s, K::Score));
    CHECK(find(s, K::Score)->value == Approx(8.0));
    CHECK(find(s, K::Score)->run == 1);
    CHECK(find(s, K::Bonus)->value == Approx(2.5));
    CHECK(find(s, K::Penalty)->value == Approx(0.5));

    s = judge::read_statements("Run1=8.0(検出6.0+bonus2.5-penalty0.5), Run2=7.0(検出5.0+bonus2.0-penalty0)");
    REQUIRE(s.size() == 8);
    CHECK(s[0].kind == K::Score);
    CHECK(s[0].run == 1);
    CHECK(s[0].value == Approx(8.0));
    CHECK(s[1].kind == K::Detection);
    CHECK(s[1].value == Approx(6.0));
    CHECK(s[4].run == 2);
    CHECK(s[4].value == Approx(7.0));

    s = judge::read_statements("Run1: 8.0");
    REQUIRE(find(s, K::Score));
    CHECK(find(s, K::Score)->run == 1);

    s = judge::read_statements("v008-baseline: Mean=7.0, SD=0.0");
    REQUIRE(find(s, K::Mean));
    CHECK(find(s, K::Mean)->value == Approx(7.0));
    REQUIRE(find(s, K::SD));
    CHECK(find(s, K::SD)->value == Approx(0.0));

    s = judge::read_statements("Bonus: +1.0 (2 items)");
    REQUIRE(find(s, K::Bonus, false));
    CHECK(find(s, K::Bonus, false)->value == Approx(1.0));
    REQUIRE(find(s, K::Bonus, true));
    CHECK(find(s, K::Bonus, true)->value == Approx(2.0));

    s = judge::read_statements("Run1 Total: 6.0 + 1.0 - 0.5 = 6.5");
    REQUIRE(find(s, K::Score));
    CHECK(find(s, K::Score)->value == Approx(6.5));
    REQUIRE(find(s, K::Detection));
    CHECK(find(s, K::Detection)->value == Approx(6.0));
    CHECK(find(s, K::Penalty)->value == Approx(0.5));

    s = judge::read_statements("Total: 6.0 + 1.0 - 0.5 = 6.5");   // bare: the section decides
    REQUIRE(s.size() == 1);
    CHECK(s[0].bare_total);
    CHECK(s[0].value == Approx(6.5));

    s = judge::read_statements("Run 1 Total = 6.0 + 1.0 − 0.5 = 6.5");
    REQUIRE(find(s, K::Score));
    CHECK(find(s, K::Score)->run == 1);
    CHECK(find(s, K::Score)->value == Approx(6.5));
    CHECK(find(s, K::Bonus)->value == Approx(1.0));

    s = judge::read_statements("Run2スコア = 検出5.5 + ボーナス1.5 − ペナルティ0 = 7.0");
    REQUIRE(find(s, K::Score));
    CHECK(find(s, K::Score)->run == 2);
    CHECK(find(s, K::Score)->value == Approx(7.0));
    CHECK(find(s, K::Detection)->value == Approx(5.5));

    s = judge::read_statements("平均: 6.75, 標準偏差(SD): 0.25");
    CHECK(find(s, K::Mean)->value == Approx(6.75));
    CHECK(find(s, K::SD)->value == Approx(0.25));

    s = judge::read_statements("Run1 Score: 8.0 → 7.5");
    REQUIRE(find(s, K::Score));
    CHECK(find(s, K::Score)->value == Approx(7.5));

    // Prose is not a total.
    CHECK(judge::read_statements("Run 1 detected 6 of 9 problems").empty());
    CHECK(judge::read_statements("Rate limiting missing: the total request budget is 100").empty());
    CHECK(judge::read_statements("- Run1: ○ (1.0)").empty());
    CHECK(judge::read_statements("Detection rate: 66.7%").empty());
}

TEST_CASE("judge text: problem ids match loosely", "[judge]") {
    CHECK(judge::normalize_problem_id("P01") == "P1");
    CHECK(judge::normalize_problem_id("**P1**") == "P1");
    CHECK(judge::normalize_problem_id("p-01: circuit breaker") == "P1");
    CHECK(judge::normalize_problem_id("S2") == "S2");
    CHECK(judge::normalize_problem_id("Total").empty());
    CHECK(judge::normalize_problem_id("P01a").empty());
}

TEST_CASE("judge text: stated stability", "[judge]") {
    kg::Stability s = kg::Stability::High;
    CHECK(judge::read_stability("**Stability**: Medium (0.5 < SD ≤ 1.0)", s));
    CHECK(s == kg::Stability::Medium);
    CHECK(judge::read_stability("- **安定性**: 低", s));
    CHECK(s == kg::Stability::Low);
    CHECK(judge::read_stability("Stability: high (高)", s));
    CHECK(s == kg::Stability::High);
    CHECK_FALSE(judge::read_stability("The stability of run 2 is questionable: low", s));
    CHECK_FALSE(judge::read_stability("Stability: see below", s));
}

// ---- shapes ----------------------------------------------------------------------------

TEST_CASE("judge report: English per-run matrices with two column namings", "[judge]") {
    const auto r = parse_fixture("unit/en-per-run.md", key4());
    CHECK(r.prompt == "v901-baseline");
    REQUIRE(r.runs.size() == 2);
    CHECK(r.runs[0].run == 1);
    CHECK(symbols(r.runs[0]) == "○△×○");
    CHECK(symbols(r.runs[1]) == "○○△×");   // "Status" column with Detected/Partial/Missed
    CHECK(r.runs[0].problems[1].line == 10);
    CHECK(r.runs[0].bonus_items.size() == 2);
    CHECK(r.runs[0].penalty_items.size() == 1);
    CHECK(r.runs[1].bonus_listed);
    CHECK(r.runs[1].bonus_items.empty());   // "None."
    CHECK(r.runs[0].stated_detection.value == Approx(2.5));
    CHECK(r.runs[0].stated_detection.line == 14);
    CHECK(r.runs[0].stated_score.value == Approx(3.0));
    CHECK(r.runs[1].stated_score.value == Approx(2.5));
    REQUIRE(r.totals.size() == 1);
    CHECK(r.totals[0].stated_mean.value == Approx(2.75));
    CHECK(r.totals[0].stated_sd.value == Approx(0.25));
    for (const auto& run : r.runs) CHECK(kg::audit_run(run).arithmetic_ok);
    const auto prompts = kg::audit_prompts(r);
    REQUIRE(prompts.size() == 1);
    CHECK(prompts[0].issues.empty());
    CHECK(r.warnings.empty());
}

TEST_CASE("judge report: Japanese per-run matrices (判定 / 検出判定 columns, JA words)", "[judge]") {
    const auto r = parse_fixture("unit/ja-per-run.md", key4());
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○△○×");
    CHECK(symbols(r.runs[1]) == "○○△△");
    CHECK(r.runs[0].bonus_items.size() == 2);
    CHECK(r.runs[0].penalty_listed);
    CHECK(r.runs[0].penalty_items.empty());   // なし
    CHECK(r.runs[1].bonus_items.size() == 1);
    CHECK(r.runs[1].penalty_items.size() == 1);   // 対象外 is the reason, not an exclusion
    CHECK(r.runs[0].stated_score.value == Approx(3.5));
    CHECK(r.runs[1].stated_score.value == Approx(3.0));
    CHECK(kg::audit_run(r.runs[0]).arithmetic_ok);
    CHECK(kg::audit_run(r.runs[1]).arithmetic_ok);
    CHECK(kg::audit_prompts(r)[0].issues.empty());
}

TEST_CASE("judge report: 'Run N Detection Matrix' and '#### Run1: X' totals", "[judge]") {
    const auto r = parse_fixture("unit/en-detection-matrix.md", key4());
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○×△○");
    CHECK(symbols(r.runs[1]) == "○○△△");
    CHECK(r.runs[0].stated_score.value == Approx(2.5));
    CHECK(kg::audit_run(r.runs[0]).arithmetic_ok);
    const auto a = kg::audit_run(r.runs[1]);
    CHECK_FALSE(a.arithmetic_ok);
    CHECK(has_issue(a, "cell"));    // △ beside 1.0
    CHECK(has_issue(a, "score"));   // stated 3.5, rubric 3.0
    CHECK(a.recomputed.total == Approx(3.0));
}

TEST_CASE("judge report: one matrix with a column per run and score columns", "[judge]") {
    const auto r = parse_fixture("unit/columns-per-run.md", key4());
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○△×○");
    CHECK(symbols(r.runs[1]) == "○×△○");
    CHECK(r.runs[0].stated_detection.value == Approx(2.5));   // the **Total** row
    CHECK(r.runs[1].stated_detection.value == Approx(2.5));
    CHECK(r.runs[0].problems.size() == 4);                     // Total is not a problem
    CHECK(kg::audit_run(r.runs[0]).arithmetic_ok);
    CHECK(kg::audit_run(r.runs[1]).arithmetic_ok);
}

TEST_CASE("judge report: Japanese matrix with three run columns and '○ (1.0)' cells", "[judge]") {
    const auto r = parse_fixture("unit/columns-per-run-ja.md", key4());
    REQUIRE(r.runs.size() == 3);
    CHECK(symbols(r.runs[0]) == "○△×○");
    CHECK(symbols(r.runs[1]) == "○××△");
    CHECK(symbols(r.runs[2]) == "○○△○");
    CHECK(r.runs[0].stated_detection.value == Approx(2.5));
    CHECK(r.runs[1].stated_detection.value == Approx(1.5));
    CHECK(r.runs[2].stated_detection.value == Approx(3.5));
    for (const auto& run : r.runs) CHECK(kg::audit_run(run).arithmetic_ok);
}

TEST_CASE("judge report: '○/△' cells hold run 1 and run 2", "[judge]") {
    const auto r = parse_fixture("unit/combined-cells.md", key4());
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○○×△");
    CHECK(symbols(r.runs[1]) == "○△×○");
    CHECK(r.runs[0].stated_detection.value == Approx(2.5));
    CHECK(r.runs[1].stated_detection.value == Approx(2.5));
    CHECK_FALSE(has_warning(r, "ambiguous"));   // the second, equal matrix agrees
}

TEST_CASE("judge report: a Revised table replaces the earlier one", "[judge]") {
    const auto r = parse_fixture("unit/revised.md", key4());
    REQUIRE(r.runs.size() == 1);
    CHECK(symbols(r.runs[0]) == "○△×○");
    CHECK(r.runs[0].table_line == 18);
    CHECK(r.runs[0].stated_detection.value == Approx(2.5));   // the revised subtotal
    CHECK(kg::audit_run(r.runs[0]).arithmetic_ok);
    CHECK_FALSE(has_warning(r, "ambiguous"));
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].line == 18);
}

TEST_CASE("judge report: two unmarked disagreeing tables are ambiguous", "[judge]") {
    const auto r = parse_fixture("unit/ambiguous.md", key4());
    REQUIRE(r.runs.size() == 1);
    CHECK(symbols(r.runs[0]) == "○○×○");   // the first is kept
    CHECK(has_warning(r, "ambiguous: two tables for run 1 disagree (lines 5 and 14)"));
}

TEST_CASE("judge report: bonus beyond the cap of 5 is flagged", "[judge]") {
    const auto r = parse_fixture("unit/bonus-cap.md", key4());
    REQUIRE(r.runs.size() == 1);
    CHECK(r.runs[0].bonus_items.size() == 7);   // the 8th says "not counted"
    const auto a = kg::audit_run(r.runs[0]);
    CHECK(a.bonus == 7);
    CHECK(a.recomputed.bonus_counted == 5);
    CHECK(a.recomputed.total == Approx(2.5 + 2.5));
    CHECK(has_issue(a, "bonus_cap"));
    CHECK(has_issue(a, "score"));
    CHECK_FALSE(has_issue(a, "formula"));   // its own sum 2.5 + 3.5 = 6.0 is consistent
}

TEST_CASE("judge report: totals in a summary table, code block and formula lines", "[judge]") {
    const auto r = parse_fixture("unit/totals-formats.md", key4());
    REQUIRE(r.runs.size() == 2);
    const auto& r1 = r.runs[0];
    CHECK(r1.stated_detection.value == Approx(2.5));
    CHECK(r1.stated_bonus_points.value == Approx(1.0));
    CHECK(r1.stated_penalty_points.value == Approx(0.5));
    CHECK(r1.stated_score.value == Approx(3.0));
    CHECK(kg::audit_run(r1).bonus == 2);   // from the stated points: no list given
    CHECK(kg::audit_run(r1).arithmetic_ok);
    const auto a2 = kg::audit_run(r.runs[1]);
    CHECK(has_issue(a2, "detection"));   // the table sums to 2.0, the summary says 2.5
    CHECK(has_issue(a2, "score"));
    const auto p = kg::audit_prompts(r);
    REQUIRE(p.size() == 1);
    CHECK(p[0].recomputed.mean == Approx(2.75));
    CHECK(p[0].issues.size() == 2);   // Mean and SD follow the wrong run score
}

TEST_CASE("judge report: unreadable input gives one clear error", "[judge]") {
    const auto key = key4();
    auto r = kg::parse_judge_report(std::string("ab\0cd", 5), key);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("binary") != std::string::npos);
    r = kg::parse_judge_report("| ID | Detection |\n|---|---|\n| P01 | \xff\xfe |\n", key);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("UTF-8") != std::string::npos);
    r = kg::parse_judge_report(read_fixture("tests/fixtures/judge/unit/no-tables.md"), key);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("no per-problem judge tables") != std::string::npos);
    r = kg::parse_judge_report(read_fixture("tests/fixtures/judge/unit/unknown-ids.md"), key);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("X1") != std::string::npos);
    r = kg::parse_judge_report("", key);
    CHECK_FALSE(r.ok);
}

TEST_CASE("judge report: what it cannot read becomes a warning with a line", "[judge]") {
    const std::string text =
        "## Run 1\n"
        "\n"
        "| ID | Detection |\n"
        "|----|-----------|\n"
        "| P01 | ○ |\n"
        "| P02 | maybe |\n"
        "| P07 | △ |\n";
    const auto r = kg::parse_judge_report(text, key4());
    REQUIRE(r.ok);
    REQUIRE(r.report.runs.size() == 1);
    CHECK(symbols(r.report.runs[0]) == "○???");
    CHECK(has_warning(r.report, "cannot read the verdict 'maybe' of P02"));
    CHECK(has_warning(r.report, "unknown problem id 'P07'"));
    CHECK(has_warning(r.report, "no verdict for P03"));
    const auto w = std::find_if(r.report.warnings.begin(), r.report.warnings.end(),
                                [](const kg::Diagnostic& d) { return d.message.find("maybe") != std::string::npos; });
    CHECK(w->line == 6);
}

TEST_CASE("judge report: garbage never crashes", "[judge]") {
    const auto key = key4();
    const std::string pieces[] = {"|", "| P01 |", "○/△/×", "Run1=", "(((", "**Run1 Score**: ",
                                  "## Run 1\n", "\n", "| --- |", "- +0.5", "# Bonus\n",
                                  "検出6.0+", "P01", "Run 99999999999999999999", "-", "→"};
    unsigned seed = 12345;
    for (int round = 0; round < 300; ++round) {
        std::string text;
        for (int i = 0; i < 40; ++i) {
            seed = seed * 1103515245u + 12345u;
            text += pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
            if ((seed >> 8) % 3 == 0) text += "\n";
        }
        const auto r = kg::parse_judge_report(text, key);
        if (r.ok) {
            for (const auto& run : r.report.runs) (void)kg::audit_run(run);
            (void)kg::audit_prompts(r.report);
        }
    }
    SUCCEED();
}

TEST_CASE("judge report: every prefix of every fixture parses or fails cleanly", "[judge]") {
    const char* names[] = {"unit/en-per-run.md", "unit/ja-per-run.md", "unit/columns-per-run.md",
                           "unit/combined-cells.md", "unit/revised.md", "unit/bonus-cap.md",
                           "unit/totals-formats.md", "unit/list-lines.md",
                           "scoring-v008-variant-redteam.md", "scoring-mixed-revised.md"};
    const auto key = key9();
    for (const char* name : names) {
        const std::string text = read_fixture(std::string("tests/fixtures/judge/") + name);
        REQUIRE_FALSE(text.empty());
        for (size_t cut = 0; cut < text.size(); cut += 17) {
            const auto r = kg::parse_judge_report(text.substr(0, cut), key);
            if (!r.ok) continue;
            for (const auto& run : r.report.runs) {
                CHECK(run.problems.size() == key.problems.size());
                (void)kg::audit_run(run);
            }
        }
    }
}

TEST_CASE("judge report: a large report stays linear", "[judge]") {
    // 20 000 rows in one table, long prose lines and many totals lines: must finish quickly
    // (a quadratic path here would time the test out).
    std::string text = "## Run 1\n\n| ID | Detection | Score |\n|---|---|---|\n";
    for (int i = 0; i < 20000; ++i) text += "| P0" + std::to_string(1 + i % 4) + " | ○ | 1.0 |\n";
    text += "\n";
    for (int i = 0; i < 2000; ++i) text += "**Detection Subtotal**: 4.0 and v1-a v2-b v3-c Run 1 " + std::string(200, 'x') + "\n\n";
    text += std::string(100000, '(') + ": 1.0\n";
    const auto r = kg::parse_judge_report(text, key4());
    REQUIRE(r.ok);
    CHECK(symbols(r.report.runs[0]) == "○○○○");
    CHECK(r.report.runs[0].stated_detection.value == Approx(4.0));
}

// ---- the shared sample reports (tests/fixtures/judge/README.md) -------------------------

TEST_CASE("judge samples: baseline report, run 2 subtotal slip is flagged", "[judge][samples]") {
    const auto r = parse_fixture("scoring-v008-baseline.md", key9());
    CHECK(r.prompt == "v008-baseline");
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○○○○○△×○×");
    CHECK(symbols(r.runs[1]) == "○△○○△△×○×");
    const auto a1 = kg::audit_run(r.runs[0]);
    CHECK(a1.bonus == 3);
    CHECK(a1.penalty == 1);
    CHECK(a1.recomputed.total == Approx(7.5));
    CHECK(a1.arithmetic_ok);
    const auto a2 = kg::audit_run(r.runs[1]);
    CHECK(a2.bonus == 2);
    CHECK(a2.penalty == 1);
    CHECK(r.runs[1].stated_detection.value == Approx(6.0));
    CHECK(a2.recomputed.detection == Approx(5.5));
    CHECK(a2.recomputed.total == Approx(6.0));
    CHECK(has_issue(a2, "detection"));
    CHECK(has_issue(a2, "score"));
    const auto p = kg::audit_prompts(r);
    REQUIRE(p.size() == 1);
    CHECK(p[0].recomputed.mean == Approx(6.75));
    CHECK(p[0].recomputed.sd == Approx(0.75));
    CHECK(p[0].stability_stated);
    CHECK(p[0].stated_stability == kg::Stability::High);
    REQUIRE(p[0].issues.size() == 3);   // Mean, SD and "High" follow the slip
    CHECK(p[0].issues[2].kind == "stability");
}

TEST_CASE("judge samples: Japanese redteam report is consistent", "[judge][samples]") {
    const auto r = parse_fixture("scoring-v008-variant-redteam.md", key9());
    CHECK(r.prompt == "v008-variant-redteam");
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○○○○○○△××");
    CHECK(symbols(r.runs[1]) == "○○○○○○○△×");
    const auto a1 = kg::audit_run(r.runs[0]);
    const auto a2 = kg::audit_run(r.runs[1]);
    CHECK(a1.bonus == 3);
    CHECK(a1.penalty == 1);
    CHECK(a2.bonus == 4);
    CHECK(a2.penalty == 1);
    CHECK(a1.recomputed.total == Approx(7.5));
    CHECK(a2.recomputed.total == Approx(9.0));
    CHECK(a1.arithmetic_ok);
    CHECK(a2.arithmetic_ok);
    const auto p = kg::audit_prompts(r);
    CHECK(p[0].stability_stated);
    CHECK(p[0].stated_stability == kg::Stability::Medium);   // 安定性: 中
    CHECK(p[0].issues.empty());
}

TEST_CASE("judge samples: mixed report applies the Revised run 1 table", "[judge][samples]") {
    const auto r = parse_fixture("scoring-mixed-revised.md", key9());
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○○△○○△×○×");
    CHECK(symbols(r.runs[1]) == "○△○○△△×○×");
    const auto a1 = kg::audit_run(r.runs[0]);
    CHECK(a1.recomputed.detection == Approx(6.0));
    CHECK(a1.recomputed.total == Approx(7.0));
    CHECK(a1.arithmetic_ok);   // the pre-revision "Run1 detection: 6.5" is superseded
    CHECK(kg::audit_run(r.runs[1]).recomputed.total == Approx(6.0));
    CHECK(kg::audit_run(r.runs[1]).arithmetic_ok);
    CHECK_FALSE(has_warning(r, "ambiguous"));
}

TEST_CASE("judge report: a column per prompt with 'Run1/Run2' cells", "[judge]") {
    // The shape of KeyGrader's own comparison export.
    const auto r = parse_fixture("unit/prompt-columns.md", key4());
    REQUIRE(r.runs.size() == 4);
    CHECK(r.runs[0].prompt == "v901-baseline");
    CHECK(r.runs[0].run == 1);
    CHECK(symbols(r.runs[0]) == "○△×○");
    CHECK(symbols(r.runs[1]) == "○××△");
    CHECK(r.runs[2].prompt == "v901-variant-strict");
    CHECK(symbols(r.runs[2]) == "○○△○");
    CHECK(symbols(r.runs[3]) == "○○○△");
    CHECK_FALSE(has_warning(r, "ambiguous"));
}

TEST_CASE("judge report: verdicts written as list lines when there is no table", "[judge]") {
    const auto r = parse_fixture("unit/list-lines.md", key4());
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○△×○");
    CHECK(symbols(r.runs[1]) == "○△×△");
    CHECK(r.runs[0].problems[0].line == 5);
    CHECK(r.runs[1].problems[3].line == 24);
    CHECK(kg::audit_run(r.runs[0]).arithmetic_ok);
    CHECK(kg::audit_run(r.runs[1]).arithmetic_ok);
    CHECK(r.notes.size() == 2);
}

TEST_CASE("judge report: list lines never override a table", "[judge]") {
    const std::string text =
        "## Run 1\n\n"
        "| ID | Detection |\n|----|----|\n| P01 | ○ |\n| P02 | ○ |\n| P03 | × |\n| P04 | ○ |\n\n"
        "- **P02 △**: the justification disagrees with the table\n";
    const auto r = kg::parse_judge_report(text, key4());
    REQUIRE(r.ok);
    CHECK(symbols(r.report.runs[0]) == "○○×○");
}

TEST_CASE("judge text: leading verdicts", "[judge]") {
    Verdict v = Verdict::Ungraded;
    CHECK(judge::leading_verdict("○: C1 names it", v));
    CHECK(v == Verdict::Detected);
    CHECK(judge::leading_verdict(" **△** (0.5)", v));
    CHECK(v == Verdict::Partial);
    CHECK(judge::leading_verdict("：部分検出", v));
    CHECK(v == Verdict::Partial);
    CHECK(judge::leading_verdict("Missed.", v));
    CHECK(v == Verdict::Missed);
    CHECK_FALSE(judge::leading_verdict("Detection criteria are strict", v));
    CHECK_FALSE(judge::leading_verdict("検出判定は厳しい", v));
    CHECK_FALSE(judge::leading_verdict("C1 names it ○", v));
}

TEST_CASE("judge report: long format, Run column, combined bonus/penalty section", "[judge]") {
    const auto r = parse_fixture("unit/long-format.md", key4());
    REQUIRE(r.runs.size() == 2);
    CHECK(symbols(r.runs[0]) == "○△×○");
    CHECK(symbols(r.runs[1]) == "○○×△");
    CHECK(r.runs[0].bonus_items.size() == 1);
    CHECK(r.runs[0].penalty_items.size() == 1);
    CHECK(r.runs[1].bonus_items.size() == 2);
    CHECK(r.runs[1].penalty_items.empty());
    CHECK(r.runs[0].stated_score.value == Approx(2.5));   // "**Run 1**" then "- Total: 2.5"
    CHECK(r.runs[1].stated_score.value == Approx(3.5));
    CHECK(r.runs[1].stated_bonus_count.value == Approx(2));
    CHECK(kg::audit_run(r.runs[0]).arithmetic_ok);
    CHECK(kg::audit_run(r.runs[1]).arithmetic_ok);
    CHECK(r.warnings.empty());
}

// ---- statements that are not totals (false flags of the audit on correct reports) ---------
// Each shape below comes from a correct report that the audit used to flag. The shapes are
// written here, not copied; the last tests keep the real slips of the same family caught.

namespace {

std::string run_table(const char* heading, const char* v1, const char* v2, const char* v3,
                      const char* v4) {
    return std::string(heading) + "\n\n| ID | Problem | Detection | Score |\n|----|----|----|----|\n" +
           "| P01 | a | " + v1 + " | - |\n| P02 | b | " + v2 + " | - |\n| P03 | c | " + v3 +
           " | - |\n| P04 | d | " + v4 + " | - |\n\n";
}

kg::JudgeReport parse_text(const std::string& text) {
    const kg::JudgeParseResult r = kg::parse_judge_report(text, key4());
    INFO(r.error);
    REQUIRE(r.ok);
    return r.report;
}

bool all_consistent(const kg::JudgeReport& r) {
    for (const auto& run : r.runs) {
        const auto a = kg::audit_run(run);
        for (const auto& i : a.issues) UNSCOPED_INFO("run " << run.run << ": " << i.message);
        if (!a.arithmetic_ok) return false;
    }
    for (const auto& p : kg::audit_prompts(r)) {
        for (const auto& i : p.issues) UNSCOPED_INFO(i.message);
        if (!p.issues.empty()) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("judge false flags: items under 'Penalties (0)' / 'Bonus (0)' were not counted", "[judge][false_flags]") {
    const std::string text =
        "# Scoring: v901-baseline\n\n" + run_table("## Run 1 Scoring", "○", "△", "×", "○") +
        "**Detection Subtotal**: 2.5\n\n"
        "### Bonus (1)\n\n"
        "1. **M2 — Monitoring SPOF** (B02). +0.5\n\n"
        "### Penalties (0)\n\n"
        "1. **S5 — Webhook signature**: within scope (availability of the webhook); not penalised.\n"
        "2. **M4 — UI colour contrast**: borderline, considered and left alone.\n\n"
        "**Run1 Score**: 3.0 (2.5 + 0.5 - 0)\n\n" +
        run_table("## Run 2 Scoring", "○", "○", "×", "○") +
        "### Bonus (0)\n\n"
        "- M3 — matches P03, which is already credited.\n\n"
        "### ペナルティ（0件）\n\n"
        "- S2: 範囲外に見えるが観点に関係する\n\n"
        "**Run2 Score**: 3.0\n\n"
        "v901-baseline: Mean=3.0, SD=0.0\n";
    const auto r = parse_text(text);
    REQUIRE(r.runs.size() == 2);
    CHECK(r.runs[0].bonus_items.size() == 1);
    CHECK(r.runs[0].penalty_listed);
    CHECK(r.runs[0].penalty_items.empty());
    CHECK(r.runs[0].stated_penalty_count.present);   // "(0)" is a stated count
    CHECK(r.runs[0].stated_penalty_count.value == Approx(0.0));
    CHECK(r.runs[0].stated_bonus_count.value == Approx(1.0));
    CHECK(r.runs[1].bonus_listed);
    CHECK(r.runs[1].bonus_items.empty());
    CHECK(r.runs[1].penalty_items.empty());
    CHECK(all_consistent(r));

    // The words alone, too.
    CHECK(judge::declares_no_items("Penalties (0)"));
    CHECK(judge::declares_no_items("Bonus (0 items)"));
    CHECK(judge::declares_no_items("ボーナス（0件）"));
    CHECK(judge::declares_no_items("Penalty Analysis: None"));
    CHECK(judge::declares_no_items("ペナルティ対象なし"));
    CHECK(judge::declares_no_items("Penalties — none"));
    CHECK_FALSE(judge::declares_no_items("Penalties (1)"));
    CHECK_FALSE(judge::declares_no_items("Penalty Analysis"));
    CHECK_FALSE(judge::declares_no_items("Bonus (+0.5 each, max 5)"));
    CHECK_FALSE(judge::declares_no_items("Penalty Analysis (Run 2)"));
}

TEST_CASE("judge false flags: 'no penalty: within scope' items in a penalty list", "[judge][false_flags]") {
    const std::string text =
        run_table("## Run 1", "○", "○", "△", "×") +
        "### Penalty Analysis\n\n"
        "1. S5 (HMAC signature) — no penalty: within scope, the webhook is a reliability path.\n"
        "2. M4 (dashboard colours) — in scope as operability; not penalized.\n"
        "3. S6 (Redis single node) — factually wrong, Section 7.2 has a replica per shard.\n\n"
        "**Run1 Score**: 2.0 (2.5 + 0 - 0.5)\n";
    const auto r = parse_text(text);
    REQUIRE(r.runs.size() == 1);
    REQUIRE(r.runs[0].penalty_items.size() == 1);   // only S6 was penalised
    CHECK(r.runs[0].penalty_items[0].text.find("S6") == 0);
    CHECK(all_consistent(r));
    // "not in scope" is a reason for a penalty, not a clean bill; so is "in scope but wrong".
    const auto r2 = parse_text(run_table("## Run 1", "○", "○", "△", "×") +
                               "### Penalty Analysis\n\n1. S5 — not in scope (security).\n"
                               "2. S6 — in scope, but factually wrong about Redis.\n"
                               "3. S7 — スコープ内だが事実誤認がある\n");
    CHECK(r2.runs[0].penalty_items.size() == 3);
}

TEST_CASE("judge false flags: counts of findings are not run scores", "[judge][false_flags]") {
    using K = judge::TotalKind;
    for (const char* line : {"Run1: 6 issues (C-1 ~ C-6)", "Run2: 7 findings", "Total issues: 9",
                             "Total: 9 issues", "Run 1: 6/9 detected", "Run1: 6 of 9",
                             "Detection count: 6", "Run2: 11 指摘", "**Run1**: 3 items (+1.5)",
                             "合計: 9問"}) {
        INFO(line);
        for (const auto& st : judge::read_statements(line)) {
            const bool score_like = st.kind == K::Score || st.kind == K::Detection;
            CHECK_FALSE((score_like && !st.is_count && !st.beside_count));
        }
    }
    // "Run1: 6 issues" next to the real score, in a heading and in prose lines.
    const std::string text =
        run_table("## Run 1 Scoring", "○", "△", "×", "○") +
        "Run1: 6 issues (C-1 ~ C-6)\n\n"
        "**Run1 Score**: 2.5\n\n" +
        run_table("## Run 2 Scoring", "○", "○", "×", "○") +
        "#### Run2: 7 findings\n\n"
        "Total issues: 9. Total: 9 issues.\n\n"
        "**Run2 Score**: 3.0\n\n"
        "| Run | Issues Found | Score |\n|-----|-----|-----|\n| Run1 | 6 | 2.5 |\n| Run2 | 7 | 3.0 |\n\n"
        "Mean: 2.75, SD: 0.25\n";
    const auto r = parse_text(text);
    REQUIRE(r.runs.size() == 2);
    CHECK(r.runs[0].stated_score.value == Approx(2.5));
    CHECK(r.runs[1].stated_score.value == Approx(3.0));
    CHECK(r.runs[0].conflicts.empty());
    CHECK(r.runs[1].conflicts.empty());
    CHECK(all_consistent(r));
}

TEST_CASE("judge false flags: 'No scope violations detected' is not a penalty", "[judge][false_flags]") {
    for (const char* none : {"No scope violations detected.", "No out-of-scope findings.",
                             "No penalties applied", "Nothing to penalise in this run.",
                             "There were no factual errors", "None identified (all in scope)",
                             "All findings are within scope.", "ペナルティ対象なし（S5はスコープ内と判断）",
                             "該当する指摘はありません", "スコープ外の指摘は見当たらない"}) {
        INFO(none);
        CHECK(judge::says_nothing_qualified(none));
    }
    for (const char* item : {"S5 — no HMAC signature on the webhook (security) -0.5",
                             "No circuit breaker for the BMS calls (not in the key, useful)",
                             "No alerting on failed DR events", "タイムアウトの欠如（キー外）",
                             "No scope violations detected, but S6 is wrong -0.5"}) {
        INFO(item);
        CHECK_FALSE(judge::says_nothing_qualified(item));
    }
    const std::string text =
        run_table("## Run 1", "○", "○", "○", "×") +
        "### Penalty Analysis\n\n- No scope violations detected.\n\n"
        "### Bonus Analysis\n\n- **ボーナス**: なし\n\n"
        "**Run1 Score**: 3.0\n\n" +
        run_table("## Run 2", "○", "○", "△", "×") +
        "### ペナルティ\n- ペナルティ対象なし（S5のHMAC署名はWebhookの可用性に関わるためスコープ内と判断）\n\n"
        "ボーナス: なし\n\n"
        "Run2=2.5(検出2.5+bonus0-penalty0)\n";
    const auto r = parse_text(text);
    REQUIRE(r.runs.size() == 2);
    CHECK(r.runs[0].penalty_listed);
    CHECK(r.runs[0].penalty_items.empty());
    CHECK(r.runs[0].bonus_listed);
    CHECK(r.runs[0].bonus_items.empty());
    CHECK(r.runs[1].penalty_items.empty());
    CHECK(r.runs[1].bonus_listed);
    CHECK(all_consistent(r));
}

TEST_CASE("judge false flags: real statements of the same family still count", "[judge][false_flags]") {
    using K = judge::TotalKind;
    auto s = judge::read_statements("Penalty: -0.5 (out of scope: UI colours)");
    REQUIRE(find(s, K::Penalty));
    CHECK(find(s, K::Penalty)->value == Approx(0.5));
    s = judge::read_statements("**Run1 Score**: 8.0");
    REQUIRE(find(s, K::Score));
    CHECK(find(s, K::Score)->value == Approx(8.0));
    CHECK_FALSE(find(s, K::Score)->is_count);
    s = judge::read_statements("Bonus: 2 (+1.0)");
    REQUIRE(find(s, K::Bonus, true));
    CHECK(find(s, K::Bonus, true)->value == Approx(2.0));
    CHECK(find(s, K::Bonus, false)->value == Approx(1.0));
    s = judge::read_statements("Bonus count: 2");
    REQUIRE(find(s, K::Bonus, true));
    CHECK(find(s, K::Bonus, true)->value == Approx(2.0));
    s = judge::read_statements("**ボーナス**(3件):");
    REQUIRE(find(s, K::Bonus, true));
    CHECK(find(s, K::Bonus, true)->value == Approx(3.0));
    s = judge::read_statements("### Bonus (+1.5)");
    REQUIRE(find(s, K::Bonus, false));
    CHECK(find(s, K::Bonus, false)->value == Approx(1.5));
    CHECK(judge::read_statements("Bonus (max 5 items)").empty());
    s = judge::read_statements("Run1: 7.5/9.0");   // a score out of a maximum keeps its value
    REQUIRE(find(s, K::Score));
    CHECK(find(s, K::Score)->value == Approx(7.5));

    // The slips of this family are still caught: a marked penalty under "Penalties (0)", a
    // wrong run score beside a count of issues, a penalty stated in prose but not listed.
    const std::string text =
        run_table("## Run 1 Scoring", "○", "△", "×", "○") +
        "### Penalties (0)\n\n1. S5 — Webhook signature: out of scope (security). -0.5\n\n"
        "**Run1 Score**: 2.5\n\n" +
        run_table("## Run 2 Scoring", "○", "○", "×", "○") +
        "Run2: 6 issues (C-1 ~ C-6)\n\n"
        "### Penalty Analysis\n\n- Penalty: -0.5 (out of scope: UI colours)\n\n"
        "**Run2 Score**: 3.0\n";
    const auto r = parse_text(text);
    REQUIRE(r.runs.size() == 2);
    const auto a1 = kg::audit_run(r.runs[0]);
    CHECK(r.runs[0].penalty_items.size() == 1);
    CHECK(has_issue(a1, "penalty"));   // states 0 items, lists 1
    CHECK(has_issue(a1, "score"));     // 2.5 - 0.5 = 2.0
    const auto a2 = kg::audit_run(r.runs[1]);
    CHECK(r.runs[1].penalty_items.size() == 1);
    CHECK(has_issue(a2, "score"));     // 3.0 - 0.5 = 2.5
    CHECK(r.runs[1].stated_score.value == Approx(3.0));
}
