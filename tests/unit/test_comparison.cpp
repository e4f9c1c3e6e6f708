// The comparison model (comparison.h): golden numbers on the round 008 demo graded as in
// assets/reviews/LABELS.md, the matrix and heat-map data, the Markdown and JSON exports, and
// the across-rounds trend with small keys of one perspective built here.
#include <catch2/catch.hpp>

#include "grading/comparison.h"
#include "demo_workspace.h"
#include "base/json_read.h"

using namespace kg;

namespace {

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

const MatrixRow& row(const RoundComparison& rc, const std::string& id) {
    for (const MatrixRow& r : rc.matrix) {
        if (r.problem_id == id) return r;
    }
    FAIL("no matrix row " << id);
    return rc.matrix.front();
}

// A tiny answer key: two problems, its round and perspective as given.
std::string small_key(const std::string& round_title, const std::string& perspective) {
    std::string k = "# Answer Key" + round_title + "\n\n## Execution Conditions\n";
    if (!perspective.empty()) k += "- **Perspective**: " + perspective + "\n";
    k += "- **Embedded Problems**: 2\n\n## Embedded Problem Details\n\n";
    for (const char* id : {"P01", "P02"}) {
        k += std::string("### ") + id + ": Problem " + id + "\n- **Category**: Test\n"
             "- **Severity**: Critical\n- **Detection Criteria**:\n"
             "  - ○ (Detected): names it\n  - △ (Partial): touches it\n"
             "  - × (Not Detected): nothing\n\n";
    }
    return k;
}

// A review of a small key: two verdicts (o/p/x) and a number of bonus items.
ReviewFile small_review(const std::string& name, const std::string& key, const std::string& v,
                        int bonus) {
    ReviewFile r;
    r.name = name;
    r.text = "# " + name + "\n";
    r.hash = content_hash(r.text);
    const PromptRun pr = prompt_run_from_file_name(name);
    r.prompt = pr.prompt;
    r.run = pr.run;
    r.key_name = key;
    for (size_t i = 0; i < v.size(); ++i) {
        ProblemGrade g;
        g.problem_id = "P0" + std::to_string(i + 1);
        g.verdict = v[i] == 'o' ? Verdict::Detected : v[i] == 'p' ? Verdict::Partial : Verdict::Missed;
        g.review_hash = r.hash;
        r.grades.push_back(g);
    }
    for (int i = 0; i < bonus; ++i) r.bonus.push_back({"extra", "", 0, 0});
    return r;
}

}  // namespace

TEST_CASE("comparison of the round 008 demo: golden numbers", "[comparison]") {
    const Comparison c = build_comparison(demo::graded_round_008());
    REQUIRE(c.rounds.size() == 1);
    const RoundComparison& rc = c.rounds[0];
    CHECK(rc.key_name == demo::kKeyName);
    CHECK(rc.round == 8);
    CHECK(rc.perspective == "reliability");
    CHECK(rc.scale_max == Approx(11.5));   // 9 problems + 5 bonus × 0.5

    REQUIRE(rc.prompts.size() == 2);
    const PromptEntry& base = rc.prompts[0];
    const PromptEntry& red = rc.prompts[1];
    CHECK(base.prompt == "v008-baseline");
    CHECK(base.is_baseline);
    CHECK_FALSE(red.is_baseline);
    REQUIRE(base.runs.size() == 2);
    CHECK(base.runs[0].run == 1);
    CHECK(base.runs[0].score.detection == 6.0);
    CHECK(base.runs[0].score.total == 7.0);
    CHECK(base.runs[1].score.detection == 5.5);
    CHECK(base.runs[1].score.total == 6.0);
    CHECK(base.stats.mean == Approx(6.5));
    CHECK(base.stats.sd == Approx(0.5));
    CHECK(base.stats.stability == Stability::High);
    CHECK(base.bonus_items == 5);
    CHECK(base.penalty_items == 2);
    CHECK(base.runs[0].score.bonus_items == 3);
    CHECK(base.runs[1].score.bonus_items == 2);

    REQUIRE(red.runs.size() == 2);
    CHECK(red.runs[0].score.total == 8.0);
    CHECK(red.runs[1].score.total == 8.5);
    CHECK(red.stats.mean == Approx(8.25));
    CHECK(red.stats.sd == Approx(0.25));
    CHECK(red.bonus_items == 7);
    CHECK(red.min_score == 8.0);
    CHECK(red.max_score == 8.5);

    REQUIRE(rc.has_recommendation);
    CHECK(rc.recommendation.prompt == "v008-variant-redteam");
    CHECK(rc.recommendation.difference == Approx(1.75));
    CHECK(rc.best_prompt == "v008-variant-redteam");
    CHECK(rc.best_mean == Approx(8.25));

    // Bars: mean ± SD per prompt, the recommended one marked.
    REQUIRE(rc.bars.size() == 2);
    CHECK(rc.bars[0].label == "v008-baseline");
    CHECK(rc.bars[0].low == Approx(6.0));
    CHECK(rc.bars[0].high == Approx(7.0));
    CHECK_FALSE(rc.bars[0].recommended);
    CHECK(rc.bars[1].low == Approx(8.0));
    CHECK(rc.bars[1].high == Approx(8.5));
    CHECK(rc.bars[1].recommended);
}

TEST_CASE("comparison matrix and heat-map data follow LABELS.md", "[comparison]") {
    const Comparison c = build_comparison(demo::graded_round_008());
    const RoundComparison& rc = c.rounds.at(0);
    REQUIRE(rc.matrix.size() == 9);
    CHECK(rc.matrix[0].problem_id == "P01");
    CHECK(rc.matrix[0].title == "No circuit breaker for WeatherAPI calls");

    const MatrixRow& p02 = row(rc, "P02");
    REQUIRE(p02.cells.size() == 2);
    CHECK(p02.cells[0].text == "○/△");
    CHECK(p02.cells[1].text == "○/○");
    CHECK(p02.cells[0].detection_rate == Approx(0.75));
    CHECK(p02.cells[0].detected == 1);
    CHECK(p02.cells[0].partial == 1);

    const MatrixRow& p07 = row(rc, "P07");
    CHECK(p07.cells[0].text == "×/×");
    CHECK(p07.cells[1].text == "△/○");
    CHECK(p07.cells[0].detection_rate == Approx(0.0));
    CHECK(p07.cells[0].missed == 2);
    CHECK(p07.cells[1].detection_rate == Approx(0.75));
    CHECK(p07.detection_rate == Approx(0.375));   // (0 + 0 + 0.5 + 1) / 4

    const MatrixRow& p08 = row(rc, "P08");
    CHECK(p08.cells[1].text == "×/△");
    CHECK(row(rc, "P01").detection_rate == Approx(1.0));
    CHECK(row(rc, "P09").detection_rate == Approx(0.125));
}

TEST_CASE("comparison: ungraded runs show as '-' and do not dilute the rate", "[comparison]") {
    Workspace ws = demo::graded_round_008();
    ws.reviews[1].grades[1].verdict = Verdict::Ungraded;   // baseline run 2, P02
    const Comparison c = build_comparison(ws);
    const RoundComparison& rc = c.rounds.at(0);
    const MatrixCell& cell = row(rc, "P02").cells.at(0);
    CHECK(cell.text == "○/-");
    CHECK(cell.graded_runs == 1);
    CHECK(cell.detection_rate == Approx(1.0));
    CHECK(rc.prompts[0].runs[1].ungraded == 1);
    CHECK(rc.prompts[0].runs[1].score.total == Approx(5.5));
    // The Markdown says which numbers rest on unfinished grading or on the bonus cap.
    ws.reviews[2].bonus.resize(7);
    const std::string md = comparison_markdown(build_comparison(ws));
    CHECK(has(md, "> v008-baseline-run2.md: 1 of 9 problems not graded yet (scored 0.0)."));
    CHECK(has(md, "> v008-variant-redteam-run1.md: 7 bonus items, 5 count (cap)."));
    // Nobody graded: no rate at all rather than a misleading 0.
    for (ReviewFile& r : ws.reviews) r.grades[0].verdict = Verdict::Ungraded;
    const Comparison none = build_comparison(ws);
    CHECK(row(none.rounds.at(0), "P01").detection_rate < 0);
    CHECK(row(none.rounds.at(0), "P01").cells[0].text == "-/-");
}

TEST_CASE("comparison Markdown export", "[comparison]") {
    const std::string md = comparison_markdown(build_comparison(demo::graded_round_008()));
    CHECK(has(md, "# Prompt comparison"));
    CHECK(has(md, "## Round 8 — reliability (answer-key-round-008.md)"));
    CHECK(has(md, "| Prompt | Runs | Mean | SD | Stability | Bonus | Penalty |"));
    CHECK(has(md, "| v008-baseline (baseline) | 7.0 / 6.0 | 6.5 | 0.5 | high | 3 / 2 | 1 / 1 |"));
    CHECK(has(md, "| v008-variant-redteam | 8.0 / 8.5 | 8.25 | 0.25 | high | 3 / 4 | 1 / 1 |"));
    CHECK(has(md, "| Problem | v008-baseline (Run1/Run2) | v008-variant-redteam (Run1/Run2) | Detection rate |"));
    CHECK(has(md, "| P07 Missing SLO/SLA definitions and alerting thresholds | ×/× | △/○ | 38% |"));
    CHECK(has(md, "| **Detection** | 6.0 / 5.5 | 7.0 / 7.0 |"));
    CHECK(has(md, "| **Run score** | 7.0 / 6.0 | 8.0 / 8.5 |"));
    CHECK(has(md, "**Recommendation:** v008-variant-redteam. v008-variant-redteam beats the "
                  "baseline by more than 1.0 point (d = 8.25 - 6.5 = 1.75)"));
    // One round only: the trend is there, with the reason it cannot judge convergence yet.
    CHECK(has(md, "## Across rounds — reliability"));
    CHECK(has(md, "| 8 | answer-key-round-008.md | v008-variant-redteam | 8.25 | — |"));
    CHECK(has(md, "**Convergence:** Insufficient data"));
    CHECK(md.back() == '\n');
    CHECK(md.find("\n\n\n") == std::string::npos);
}

TEST_CASE("comparison JSON export parses and carries the numbers", "[comparison]") {
    const std::string json = comparison_json(build_comparison(demo::graded_round_008()));
    rapidjson::Document d;
    d.Parse(json.c_str());
    REQUIRE_FALSE(d.HasParseError());
    const auto& round = d["rounds"][0];
    CHECK(std::string(round["key"].GetString()) == demo::kKeyName);
    CHECK(round["prompts"][1]["mean"].GetDouble() == Approx(8.25));
    CHECK(std::string(round["matrix"][6]["cells"][1]["text"].GetString()) == "△/○");
    CHECK(std::string(round["recommendation"]["prompt"].GetString()) == "v008-variant-redteam");
    CHECK(std::string(d["trends"][0]["convergence"].GetString()) == "insufficient data");
    CHECK(d["trends"][0]["points"][0]["change"].IsNull());
}

TEST_CASE("across rounds: best mean per round, change and convergence", "[comparison]") {
    Workspace ws;
    // Listed out of round order on purpose; one key of another perspective in between.
    ws.keys.push_back({"key-r3.md", small_key(" - Round 003", "Reliability")});
    ws.keys.push_back({"key-r1.md", small_key(" - Round 001", "reliability")});
    ws.keys.push_back({"key-sec.md", small_key(" - Round 002", "security")});
    ws.keys.push_back({"key-r2.md", small_key(" - Round 002", "reliability ")});
    // Round 1: best 1.5 (variant). Round 2: best 1.75 (+0.25). Round 3: best 2.0 (+0.25).
    ws.reviews.push_back(small_review("v001-baseline-run1.md", "key-r1.md", "ox", 0));      // 1.0
    ws.reviews.push_back(small_review("v001-variant-a-run1.md", "key-r1.md", "op", 0));     // 1.5
    ws.reviews.push_back(small_review("v002-baseline-run1.md", "key-r2.md", "oo", 0));      // 2.0
    ws.reviews.push_back(small_review("v002-baseline-run2.md", "key-r2.md", "op", 0));      // 1.5
    ws.reviews.push_back(small_review("v003-baseline-run1.md", "key-r3.md", "oo", 0));      // 2.0
    ws.reviews.push_back(small_review("v002-sec-baseline-run1.md", "key-sec.md", "xx", 0)); // 0.0

    Comparison c = build_comparison(ws);
    REQUIRE(c.rounds.size() == 4);
    REQUIRE(c.trends.size() == 2);
    const PerspectiveTrend& rel = c.trends[0];
    CHECK(rel.perspective == "Reliability");
    REQUIRE(rel.points.size() == 3);
    CHECK(rel.points[0].round == 1);
    CHECK(rel.points[0].best_prompt == "v001-variant-a");
    CHECK(rel.points[0].best_mean == Approx(1.5));
    CHECK_FALSE(rel.points[0].has_change);
    CHECK(rel.points[1].round == 2);
    CHECK(rel.points[1].best_mean == Approx(1.75));
    CHECK(rel.points[1].change == Approx(0.25));
    CHECK(rel.points[2].round == 3);
    CHECK(rel.points[2].change == Approx(0.25));
    CHECK(rel.convergence == Convergence::MayHaveConverged);
    CHECK(has(rel.convergence_text, "+0.25 (round 2) and +0.25 (round 3)"));
    CHECK(c.trends[1].perspective == "security");
    CHECK(c.trends[1].convergence == Convergence::InsufficientData);

    const std::string md = comparison_markdown(c);
    CHECK(has(md, "| 2 | key-r2.md | v002-baseline | 1.75 | +0.25 |"));
    CHECK(has(md, "**Convergence:** May have converged"));

    // A big jump in the last round: still improving.
    ws.reviews.push_back(small_review("v003-variant-b-run1.md", "key-r3.md", "oo", 4));      // 4.0
    c = build_comparison(ws);
    CHECK(c.trends[0].points[2].best_mean == Approx(4.0));
    CHECK(c.trends[0].points[2].change == Approx(2.25));
    CHECK(c.trends[0].convergence == Convergence::Improving);
    CHECK(has(c.trends[0].convergence_text, "Improving"));
}

TEST_CASE("across rounds: keys without perspective or round stay out, with a warning",
          "[comparison]") {
    Workspace ws;
    ws.keys.push_back({"nameless.md", small_key("", "reliability")});
    ws.keys.push_back({"no-perspective-round-004.md", small_key(" - Round 004", "")});
    ws.keys.push_back({"key-r5.md", small_key(" - Round 005", "reliability")});
    ws.keys.push_back({"key-r5b.md", small_key(" - Round 005", "reliability")});
    ws.reviews.push_back(small_review("a-baseline-run1.md", "nameless.md", "oo", 0));
    ws.reviews.push_back(small_review("b-baseline-run1.md", "no-perspective-round-004.md", "oo", 0));
    ws.reviews.push_back(small_review("c-baseline-run1.md", "key-r5.md", "oo", 0));
    ws.reviews.push_back(small_review("d-baseline-run1.md", "key-r5b.md", "ox", 0));
    const Comparison c = build_comparison(ws);
    REQUIRE(c.rounds.size() == 4);
    CHECK(c.rounds[0].round == -1);
    CHECK(c.rounds[1].round == 4);
    REQUIRE(c.trends.size() == 1);
    CHECK(c.trends[0].points.size() == 2);
    int round_warning = 0, perspective_warning = 0, same_round = 0;
    for (const Diagnostic& d : c.warnings) {
        if (has(d.message, "nameless.md: states no round number")) ++round_warning;
        if (has(d.message, "no-perspective-round-004.md: states no perspective")) ++perspective_warning;
        if (has(d.message, "both are round 5")) ++same_round;
    }
    CHECK(round_warning == 1);
    CHECK(perspective_warning == 1);
    CHECK(same_round == 1);
    // A lone prompt: no recommendation, said plainly.
    CHECK(has(comparison_markdown(c), "**Recommendation:** none, only a-baseline was graded."));
}

TEST_CASE("comparison of an empty workspace", "[comparison]") {
    const Comparison c = build_comparison(Workspace{});
    CHECK(c.rounds.empty());
    CHECK(c.trends.empty());
    CHECK(has(comparison_markdown(c), "No graded reviews to compare yet."));
    rapidjson::Document d;
    d.Parse(comparison_json(c).c_str());
    CHECK_FALSE(d.HasParseError());
}
