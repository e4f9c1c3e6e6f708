// Grading a small workspace against the real key (keys/answer-key-round-008.md), and the
// reports written from it: Markdown scoring report, summary lines, CSV and JSON.
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "grading/grading.h"
#include "base/json_read.h"
#include "report/reports.h"
#include "base/text.h"

using namespace kg;

namespace {

const char* const kKeyName = "answer-key-round-008.md";

// One review: verdicts for P01..P09 as a string of o (○), p (△), x (×), - (ungraded).
ReviewFile review(const std::string& prompt, int run, const std::string& verdicts, int bonus,
                  int penalties) {
    ReviewFile r;
    r.name = prompt + "-run" + std::to_string(run) + ".md";
    r.text = "# Review of " + prompt + " run " + std::to_string(run) + "\n";
    r.hash = content_hash(r.text);
    r.prompt = prompt;
    r.run = run;
    r.key_name = kKeyName;
    for (size_t i = 0; i < verdicts.size(); ++i) {
        ProblemGrade g;
        g.problem_id = "P0" + std::to_string(i + 1);
        const char c = verdicts[i];
        g.verdict = c == 'o' ? Verdict::Detected
                  : c == 'p' ? Verdict::Partial
                  : c == 'x' ? Verdict::Missed
                             : Verdict::Ungraded;
        g.review_hash = r.hash;
        r.grades.push_back(g);
    }
    for (int i = 0; i < bonus; ++i) {
        r.bonus.push_back({"bonus finding " + std::to_string(i + 1), "", 0, 0});
    }
    for (int i = 0; i < penalties; ++i) {
        r.penalties.push_back({"wrong finding " + std::to_string(i + 1), "", 0, 0});
    }
    return r;
}

// baseline: runs 8.0 and 9.0 (mean 8.5, SD 0.5); variant: 11.0 and 10.0 (mean 10.5, SD 0.5).
Workspace graded_workspace() {
    Workspace ws;
    const std::string key = read_fixture("keys/answer-key-round-008.md");
    REQUIRE_FALSE(key.empty());
    ws.keys.push_back({kKeyName, normalize_text(key)});
    // Listed out of order on purpose: the scores come back baseline first, by run.
    ws.reviews.push_back(review("v008-variant-redteam", 2, "ooooooooo", 2, 0));   // 10.0
    ws.reviews.push_back(review("v008-baseline", 2, "oooooooox", 2, 0));          // 9.0
    ws.reviews.push_back(review("v008-variant-redteam", 1, "ooooooooo", 7, 1));   // 11.0
    ws.reviews.push_back(review("v008-baseline", 1, "ooooooxpp", 2, 0));          // 8.0

    ReviewFile& base1 = ws.reviews[3];
    base1.grades[0].note = "C1 names the retry storm, \"circuit breaker\" and WeatherAPI";
    base1.grades[1].note = "S2 は冪等性キーに触れている | event_id\nsecond line";
    base1.bonus[0].bonus_id = "B01";
    base1.bonus[0].line_start = 40;
    base1.bonus[0].line_end = 52;
    ProblemGrade unknown;
    unknown.problem_id = "P99";
    unknown.verdict = Verdict::Detected;
    base1.grades.push_back(unknown);
    return ws;
}

size_t count_of(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("grading joins reviews with the real key", "[grading]") {
    const Workspace ws = graded_workspace();
    const WorkspaceScores scores = compute_scores(ws);
    REQUIRE(scores.keys.size() == 1);
    const KeyScores& ks = scores.keys[0];
    CHECK(ks.key_name == kKeyName);
    REQUIRE(ks.key.problems.size() == 9);

    REQUIRE(ks.reviews.size() == 4);
    CHECK(ks.reviews[0].review_name == "v008-baseline-run1.md");
    CHECK(ks.reviews[1].review_name == "v008-baseline-run2.md");
    CHECK(ks.reviews[2].review_name == "v008-variant-redteam-run1.md");
    CHECK(ks.reviews[3].review_name == "v008-variant-redteam-run2.md");
    CHECK(ks.reviews[0].review_index == 3);

    const ReviewScore& b1 = ks.reviews[0];
    REQUIRE(b1.verdicts.size() == 9);   // P99 is not among them
    CHECK(b1.verdicts[6] == Verdict::Missed);
    CHECK(b1.verdicts[7] == Verdict::Partial);
    CHECK(b1.score.detection == 7.0);
    CHECK(b1.score.total == 8.0);
    CHECK(ks.reviews[1].score.total == 9.0);
    CHECK(ks.reviews[2].score.bonus_counted == 5);
    CHECK(ks.reviews[2].score.total == 11.0);
    CHECK(ks.reviews[3].score.total == 10.0);

    REQUIRE(ks.prompts.size() == 2);
    CHECK(ks.prompts[0].prompt == "v008-baseline");
    CHECK(ks.prompts[0].mean == Approx(8.5));
    CHECK(ks.prompts[0].sd == Approx(0.5));
    CHECK(ks.prompts[1].prompt == "v008-variant-redteam");
    CHECK(ks.prompts[1].mean == Approx(10.5));
    REQUIRE(ks.has_recommendation);
    CHECK(ks.recommendation.prompt == "v008-variant-redteam");
    CHECK(ks.recommendation.difference == Approx(2.0));

    bool warned_p99 = false;
    for (const Diagnostic& d : scores.warnings) {
        if (d.message.find("P99") != std::string::npos) warned_p99 = true;
    }
    CHECK(warned_p99);
}

TEST_CASE("grading: ungraded, stale, unlinked and baseline choice", "[grading]") {
    Workspace ws = graded_workspace();
    ws.reviews[0].grades.resize(7);            // variant run 2: P08, P09 not graded yet
    ws.reviews[1].grades[0].stale = true;
    ReviewFile loose = review("v008-other", 1, "o", 0, 0);
    loose.key_name = "";
    ws.reviews.push_back(loose);
    ReviewFile lost = review("v008-other", 2, "o", 0, 0);
    lost.key_name = "missing-key.md";
    ws.reviews.push_back(lost);

    WorkspaceScores scores = compute_scores(ws);
    REQUIRE(scores.keys.size() == 1);
    const KeyScores& ks = scores.keys[0];
    CHECK(ks.reviews.size() == 4);
    CHECK(ks.reviews[3].ungraded == 2);
    CHECK(ks.reviews[3].score.total == 7.0 + 1.0);
    CHECK(ks.reviews[1].stale == 1);
    std::string all;
    for (const Diagnostic& d : scores.warnings) all += d.message + "\n";
    CHECK_THAT(all, Catch::Contains("v008-other-run1.md: not linked to an answer key"));
    CHECK_THAT(all, Catch::Contains("missing-key.md, which is not loaded"));
    CHECK_THAT(all, Catch::Contains("graded 7 of 9 problems; not counted in Mean and SD"));
    // Honest totals: the partly graded run is not in the variant's statistics.
    const PromptStats& variant = ks.prompts[1];
    CHECK(variant.runs_total == 2);
    CHECK(variant.runs_graded == 1);
    CHECK(variant.run_scores.size() == 1);
    CHECK(ks.runs_total == 4);
    CHECK(ks.runs_graded == 3);
    CHECK(ks.problems_graded == ks.problems_total - 2);

    SECTION("a chosen baseline overrides the name") {
        ws.baseline_prompt = "v008-variant-redteam";
        const WorkspaceScores s = compute_scores(ws);
        const KeyScores& k = s.keys[0];
        CHECK(k.prompts[0].prompt == "v008-variant-redteam");
        CHECK(k.reviews[0].prompt == "v008-variant-redteam");
        CHECK(k.recommendation.prompt == "v008-variant-redteam");   // d negative
        CHECK(k.recommendation.compared_to == "v008-baseline");
    }
    SECTION("no baseline: no recommendation, and a warning") {
        for (ReviewFile& r : ws.reviews) {
            if (r.prompt == "v008-baseline") r.prompt = "v008-first";
        }
        WorkspaceScores s = compute_scores(ws);
        CHECK_FALSE(s.keys[0].has_recommendation);
        CHECK(s.keys[0].prompts[0].prompt == "v008-first");   // by name then
        bool warned = false;
        for (const Diagnostic& d : s.warnings) {
            if (d.message.find("no baseline prompt") != std::string::npos) warned = true;
        }
        CHECK(warned);
    }
    SECTION("a key that does not parse scores nothing and says so") {
        ws.keys[0].text = "just some text, no key here";
        WorkspaceScores s = compute_scores(ws);
        CHECK(s.keys.empty());
        bool warned = false;
        for (const Diagnostic& d : s.warnings) {
            if (d.message.find("not usable as an answer key") != std::string::npos) warned = true;
        }
        CHECK(warned);
    }
}

TEST_CASE("baseline_of", "[grading]") {
    Workspace ws;
    CHECK(baseline_of(ws, {"v1-variant", "v1-Baseline", "v1-baseline-2"}) == "v1-Baseline");
    CHECK(baseline_of(ws, {"a", "b"}).empty());
    ws.baseline_prompt = "b";
    CHECK(baseline_of(ws, {"a", "b"}) == "b");
    ws.baseline_prompt = "gone";
    CHECK(baseline_of(ws, {"a", "x-baseline"}) == "x-baseline");
}

TEST_CASE("summary lines in the LLM workflow's shape", "[reports]") {
    const Workspace ws = graded_workspace();
    CHECK(summary_lines(compute_scores(ws)) ==
          "v008-baseline: Mean=8.5, SD=0.5\n"
          "Run1=8.0(detection 7.0+bonus 1.0-penalty 0), "
          "Run2=9.0(detection 8.0+bonus 1.0-penalty 0)\n"
          "v008-variant-redteam: Mean=10.5, SD=0.5\n"
          "Run1=11.0(detection 9.0+bonus 2.5-penalty 0.5), "
          "Run2=10.0(detection 9.0+bonus 1.0-penalty 0)\n");

    Workspace zero;
    zero.keys = ws.keys;
    zero.reviews.push_back(review("v008-baseline", 1, "ooooooo", 0, 0));
    zero.reviews.push_back(review("v008-baseline", 2, "ooooooo", 0, 0));
    // 7 of 9 problems graded in each run: no statistics are made up from unfinished runs.
    CHECK(summary_lines(compute_scores(zero)) ==
          "v008-baseline: Mean=-, SD=- (0 of 2 runs fully graded)\n"
          "Run1=7.0(detection 7.0+bonus 0-penalty 0), Run2=7.0(detection 7.0+bonus 0-penalty 0)\n");
    // Grading only run 1 fully: Mean and SD of that run alone, said so; no "low stability".
    zero.reviews[0] = review("v008-baseline", 1, "ooooooooo", 0, 0);
    const WorkspaceScores one = compute_scores(zero);
    CHECK(summary_lines(one).rfind("v008-baseline: Mean=9.0, SD=0.0 (1 of 2 runs fully graded)\n", 0) == 0);
    CHECK(one.keys[0].prompts[0].stability == Stability::High);
}

TEST_CASE("Markdown scoring report", "[reports]") {
    const Workspace ws = graded_workspace();
    const std::string md = markdown_report(ws, compute_scores(ws));
    CHECK_THAT(md, Catch::StartsWith("# Scoring Report: Answer Key - Round 008\n"));
    CHECK_THAT(md, Catch::Contains("- **Perspective**: reliability\n"));
    CHECK_THAT(md, Catch::Contains("## v008-baseline (baseline)\n"));
    CHECK_THAT(md, Catch::Contains("## v008-variant-redteam\n"));
    CHECK(count_of(md, "### Run 1\n") == 2);
    CHECK(count_of(md, "### Run 2\n") == 2);
    CHECK(count_of(md, "| Problem ID | Title | Detection | Score | Justification |\n") == 4);
    CHECK(md.find("## v008-baseline") < md.find("## v008-variant-redteam"));

    // Matrix rows: symbol, score, the note as justification (pipe escaped, newline as <br>).
    CHECK_THAT(md, Catch::Contains("| P01 | No circuit breaker for WeatherAPI calls | ○ | 1.0 | "
                                   "C1 names the retry storm, \"circuit breaker\" and WeatherAPI |"));
    CHECK_THAT(md, Catch::Contains("| P02 | Missing idempotency design for DR event webhook "
                                   "processing | ○ | 1.0 | S2 は冪等性キーに触れている \\| "
                                   "event_id<br>second line |"));
    CHECK_THAT(md, Catch::Contains("| P07 | Missing SLO/SLA definitions and alerting thresholds | "
                                   "× | 0.0 |"));
    CHECK_THAT(md, Catch::Contains("| P08 | Deployment rollback plan lacks data migration "
                                   "compatibility validation | △ | 0.5 |"));
    CHECK(md.find("P99") == std::string::npos);

    // Bonus and penalty lists, with the cap.
    CHECK_THAT(md, Catch::Contains("1. B01: bonus finding 1 (lines 40–52) +0.5\n"));
    CHECK_THAT(md, Catch::Contains("5. bonus finding 5 +0.5\n"));
    CHECK_THAT(md, Catch::Contains("6. bonus finding 6 +0 (over the cap of 5, not counted)\n"));
    CHECK_THAT(md, Catch::Contains("7. bonus finding 7 +0 (over the cap of 5, not counted)\n"));
    CHECK_THAT(md, Catch::Contains("**Bonus**: +2.5 (5 items counted of 7, cap 5)"));
    CHECK_THAT(md, Catch::Contains("1. wrong finding 1 -0.5\n"));
    CHECK_THAT(md, Catch::Contains("- (none)\n"));

    // Totals.
    CHECK_THAT(md, Catch::Contains("**Detection Subtotal**: 7.0\n"));
    CHECK_THAT(md, Catch::Contains("**Run1 Score**: 8.0\n"));
    CHECK_THAT(md, Catch::Contains("**Run2 Score**: 9.0\n"));
    CHECK_THAT(md, Catch::Contains("**Run1 Score**: 11.0\n"));
    CHECK_THAT(md, Catch::Contains("- **Mean**: 8.5\n- **SD**: 0.5\n- **Stability**: high (SD ≤ 0.5)"));
    CHECK_THAT(md, Catch::Contains("v008-baseline: Mean=8.5, SD=0.5\n"));

    // Recommendation, naming the rule.
    CHECK_THAT(md, Catch::Contains("## Recommendation\n\n**Recommended**: v008-variant-redteam\n"));
    CHECK_THAT(md, Catch::Contains("- **Difference**: +2.0\n"));
    CHECK_THAT(md, Catch::Contains("more than 1.0 point"));
}

TEST_CASE("Markdown report marks ungraded and stale verdicts", "[reports]") {
    Workspace ws = graded_workspace();
    ws.reviews[0].grades.resize(8);
    ws.reviews[0].grades[0].stale = true;
    ws.reviews[0].grades[0].note = "was fine";
    const std::string md = markdown_report(ws, compute_scores(ws));
    CHECK_THAT(md, Catch::Contains("> 1 problem not graded yet (scored 0.0).\n"));
    CHECK_THAT(md, Catch::Contains("> 1 verdict given to an earlier version of this review"));
    CHECK_THAT(md, Catch::Contains("| P09 | Redis cache invalidation strategy undefined for "
                                   "forecast updates | (ungraded) | 0.0 |"));
    CHECK_THAT(md, Catch::Contains("| ○ | 1.0 | [stale] was fine |"));

    Workspace empty;
    CHECK_THAT(markdown_report(empty, compute_scores(empty)),
               Catch::Contains("No review is linked to a loaded answer key yet."));
}

TEST_CASE("CSV of all verdicts, RFC 4180", "[reports]") {
    const Workspace ws = graded_workspace();
    const std::string csv = verdicts_csv(ws, compute_scores(ws));
    CHECK_THAT(csv, Catch::StartsWith("key,review,prompt,run,problem_id,verdict,score,note\r\n"));
    CHECK(count_of(csv, "\r\n") == 1 + 4 * 9);
    CHECK_THAT(csv, Catch::Contains(
        "\r\nanswer-key-round-008.md,v008-baseline-run1.md,v008-baseline,1,P01,detected,1.0,"
        "\"C1 names the retry storm, \"\"circuit breaker\"\" and WeatherAPI\"\r\n"));
    CHECK_THAT(csv, Catch::Contains(
        "v008-baseline,1,P02,detected,1.0,\"S2 は冪等性キーに触れている | event_id\nsecond line\"\r\n"));
    CHECK_THAT(csv, Catch::Contains("v008-baseline,1,P07,missed,0.0,\r\n"));
    CHECK_THAT(csv, Catch::Contains("v008-baseline,1,P08,partial,0.5,\r\n"));
    CHECK_THAT(csv, Catch::Contains(
        "answer-key-round-008.md,v008-variant-redteam-run2.md,v008-variant-redteam,2,P09,"
        "detected,1.0,\r\n"));
    CHECK(csv.find("P99") == std::string::npos);
}

TEST_CASE("scores as JSON", "[reports]") {
    const Workspace ws = graded_workspace();
    const std::string json = scores_json(compute_scores(ws));
    rapidjson::Document doc;
    doc.Parse(json.c_str());
    REQUIRE_FALSE(doc.HasParseError());
    const rapidjson::Value& key = doc["keys"][0];
    CHECK(key["key"].GetString() == std::string(kKeyName));
    CHECK(key["problems"].Size() == 9);
    CHECK(key["reviews"].Size() == 4);
    CHECK(key["reviews"][0]["review"].GetString() == std::string("v008-baseline-run1.md"));
    CHECK(key["reviews"][0]["verdicts"][7].GetString() == std::string("partial"));
    CHECK(key["reviews"][0]["total"].GetDouble() == 8.0);
    CHECK(key["reviews"][2]["bonus_items"].GetInt() == 7);
    CHECK(key["reviews"][2]["bonus_counted"].GetInt() == 5);
    CHECK(key["prompts"][0]["mean"].GetDouble() == 8.5);
    CHECK(key["prompts"][0]["stability"].GetString() == std::string("high"));
    CHECK(key["recommendation"]["prompt"].GetString() == std::string("v008-variant-redteam"));
    CHECK(doc["warnings"].IsArray());
    CHECK(doc["warnings"].Size() >= 1);
}

TEST_CASE("convergence over the rounds of several keys", "[grading][reports]") {
    const std::string key = normalize_text(read_fixture("keys/answer-key-round-008.md"));
    auto key_of_round = [&](const std::string& round) {
        std::string text = key;
        const std::string title = "# Answer Key - Round 008";
        REQUIRE(text.compare(0, title.size(), title) == 0);
        text.replace(0, title.size(), "# Answer Key - Round " + round);
        return KeyFile{"answer-key-round-" + round + ".md", text};
    };
    auto linked = [](ReviewFile r, const std::string& key_name) {
        r.key_name = key_name;
        return r;
    };

    Workspace ws = graded_workspace();   // round 008: best mean 10.5
    WorkspaceScores one = compute_scores(ws);
    REQUIRE(one.rounds.size() == 1);
    CHECK(one.rounds[0].round == 8);
    CHECK(one.rounds[0].prompt == "v008-variant-redteam");
    CHECK(one.rounds[0].mean == Approx(10.5));
    CHECK(one.convergence == Convergence::InsufficientData);
    CHECK_THAT(markdown_report(ws, one),
               Catch::Contains("**Convergence**: insufficient data (fewer than 3 rounds"));

    // Rounds 006 (10.0) and 007 (10.25), listed after 008 on purpose: sorted by round.
    ws.keys.push_back(key_of_round("006"));
    ws.keys.push_back(key_of_round("007"));
    ws.reviews.push_back(linked(review("v006-baseline", 1, "ooooooooo", 2, 0), "answer-key-round-006.md"));
    ws.reviews.push_back(linked(review("v007-baseline", 1, "ooooooooo", 3, 1), "answer-key-round-007.md"));
    ws.reviews.push_back(linked(review("v007-baseline", 2, "ooooooooo", 3, 0), "answer-key-round-007.md"));
    WorkspaceScores three = compute_scores(ws);
    REQUIRE(three.rounds.size() == 3);
    CHECK(three.rounds[0].round == 6);
    CHECK(three.rounds[1].mean == Approx(10.25));
    CHECK(three.rounds[2].round == 8);
    CHECK(three.convergence == Convergence::MayHaveConverged);   // +0.25, +0.25
    const std::string md = markdown_report(ws, three);
    CHECK_THAT(md, Catch::Contains("| 7 | `answer-key-round-007.md` | v007-baseline | 10.25 | +0.25 |"));
    CHECK_THAT(md, Catch::Contains("**Convergence**: may have converged"));
    CHECK_THAT(scores_json(three), Catch::Contains("\"convergence\":\"may have converged\""));

    // A big jump in the last round: improving.
    ws.reviews[0].bonus.resize(5);   // variant run 2: 9.0 + 2.5 -> mean 11.25 (+1.0)
    CHECK(compute_scores(ws).convergence == Convergence::Improving);
}

TEST_CASE("overview table per key", "[reports]") {
    const Workspace ws = graded_workspace();
    const std::string md = markdown_report(ws, compute_scores(ws));
    CHECK_THAT(md, Catch::Contains("| Prompt | Run1 | Run2 | Mean | SD | Stability |\n"));
    CHECK_THAT(md, Catch::Contains("| v008-baseline | 8.0 | 9.0 | 8.5 | 0.5 | high |\n"));
    CHECK_THAT(md, Catch::Contains("| v008-variant-redteam | 11.0 | 10.0 | 10.5 | 0.5 | high |\n"));
}
