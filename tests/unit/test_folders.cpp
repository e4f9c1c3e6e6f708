// Files from opened folders: kinds decided in the core (intake/classify.h), folders as
// namespaces, links to the own folder's round key, keys replaced without moving grades,
// judge reports held by the session and adopted as starting grades.
#include <catch2/catch.hpp>
#include "fixtures.h"
#include "intake/classify.h"
#include "judge/judge_audit.h"
#include "persist/workspace_io.h"
#include "session/session.h"

using namespace kg;

namespace {

const char* kReview =
    "# Reliability Review\n\n## Critical Issues\n\n"
    "### C1. No circuit breaker for WeatherAPI\n\nRetries from all jobs cause a retry storm.\n";

const char* kPrompt =
    "# Reliability reviewer\n\nYou are a reliability design reviewer.\n\n## Output format\n\n- findings\n";

const char* kComparison =
    "# Round 008 Comparison Report\n\n| Prompt | Mean | SD |\n|---|---|---|\n"
    "| v008-baseline | 7.0 | 0.0 |\n| v008-variant-redteam | 8.0 | 0.5 |\n";

const char* kKnowledge =
    "# Knowledge\n\n## Round 007\n\n| ID | v007-baseline | v007-variant-x |\n|---|---|---|\n"
    "| P01 | ○ | △ |\n| P02 | × | ○ |\n\nRun1 scores were stable.\n";

std::string key008() { return read_fixture("keys/answer-key-round-008.md"); }
std::string judge008() { return read_fixture("tests/fixtures/judge/scoring-v008-baseline.md"); }

FileKind kind_of(const char* path, std::string_view text) { return classify_file(path, text).kind; }

}  // namespace

TEST_CASE("classify: every file of a benchmark folder gets its kind") {
    CHECK(kind_of("rel/answer-key-round-008.md", key008()) == FileKind::Key);
    CHECK(kind_of("rel/results/v008-baseline-run1.md", kReview) == FileKind::Review);
    CHECK(kind_of("rel/results/v008-baseline-scoring.md", judge008()) == FileKind::Judge);
    CHECK(kind_of("rel/prompts/v008-baseline.md", kPrompt) == FileKind::Prompt);
    CHECK(kind_of("rel/prompts/v008-variant-x.md", "# Variant\n\nReview the design.\n") ==
          FileKind::Prompt);   // by its folder
    CHECK(kind_of("rel/reports/round-008-comparison.md", kComparison) == FileKind::Comparison);
    CHECK(kind_of("rel/knowledge.md", kKnowledge) == FileKind::Reference);   // not a judge report
    CHECK(kind_of("rel/perspective.md", "# Perspective\n\nReliability.\n") == FileKind::Reference);
    CHECK(kind_of("rel/test-document-round-008.md", "# Design\n\n## 1. Overview\n") ==
          FileKind::Reference);
    CHECK(kind_of("ws.json", "{\"format\": \"keygrader-workspace\", \"version\": 3}") ==
          FileKind::Workspace);
    const Classification other_json = classify_file("package.json", "{\"name\": \"x\"}");
    CHECK(other_json.kind == FileKind::Ignored);
    CHECK(other_json.reason == "JSON that is not a KeyGrader workspace");
    const Classification binary = classify_file("logo.png", std::string("\x89PNG\0\0", 6));
    CHECK(binary.kind == FileKind::Ignored);
    CHECK_FALSE(binary.reason.empty());
    const Classification notes = classify_file("notes.md", "# Notes\n\nnothing here\n");
    CHECK(notes.kind == FileKind::Ignored);
    CHECK_THAT(notes.reason, Catch::Contains("no findings"));
}

TEST_CASE("classify: names and places") {
    CHECK(place_of("rel/results/v008-baseline-run1.md").folder == "rel");
    CHECK(place_of("bench/rel/prompts/v008-x.md").folder == "bench/rel");
    CHECK(place_of("v008-baseline-run1.md").folder.empty());
    CHECK(place_of("./rel//results/x.md").path == "rel/results/x.md");
    CHECK(place_of("..\\..\\etc\\passwd").path == "passwd");   // never outside what was opened
    CHECK(normalize_path("/abs/x.md").empty());
    const BenchmarkName review = benchmark_name("rel/results/v008-variant-redteam-run2.md", "");
    CHECK(review.round == 8);
    CHECK(review.prompt == "v008-variant-redteam");
    CHECK(review.run == 2);
    const BenchmarkName judge = benchmark_name("rel/results/v012-baseline-scoring.md", "");
    CHECK(judge.round == 12);
    CHECK(judge.prompt == "v012-baseline");
    CHECK(judge.run == 0);
    CHECK(benchmark_name("rel/answer-key-round-001.md", "# 正解キー\n").round == 1);
    for (FileKind k : {FileKind::Key, FileKind::Review, FileKind::Judge, FileKind::Comparison,
                       FileKind::Prompt, FileKind::Reference, FileKind::Ignored}) {
        CHECK(file_kind_from_name(file_kind_name(k)) == k);
    }
}

TEST_CASE("folders are namespaces: same names never collide, links stay in the folder") {
    Session s;
    const std::string ja_key = read_fixture("tests/fixtures/keys/ja-plain-title.md");   // "# 正解キー", no round
    REQUIRE(s.ingest("reliability/answer-key-round-008.md", key008()).ok);
    REQUIRE(s.ingest("security/answer-key-round-008.md", ja_key).ok);
    std::string key009 = key008();
    key009.replace(key009.find("Round 008"), 9, "Round 009");
    REQUIRE(s.ingest("security/answer-key-round-009.md", key009).ok);
    REQUIRE(s.ingest("reliability/results/v008-baseline-run1.md", kReview).ok);
    REQUIRE(s.ingest("security/results/v008-baseline-run1.md", kReview).ok);
    REQUIRE(s.ingest("security/results/v009-baseline-run1.md", kReview).ok);
    const Workspace& ws = s.workspace();
    REQUIRE(ws.keys.size() == 3);
    REQUIRE(ws.reviews.size() == 3);
    CHECK(ws.reviews[0].key_name == "reliability/answer-key-round-008.md");
    CHECK(ws.reviews[1].key_name == "security/answer-key-round-008.md");   // round from the name
    CHECK(ws.reviews[2].key_name == "security/answer-key-round-009.md");

    // Grades on one folder's review stay there.
    s.set_verdict(0, "P01", Verdict::Detected);
    CHECK(ws.find_grade(ws.reviews[1], "P01") == nullptr);

    // A judge report links to its own folder's key of its round.
    const IngestResult j = s.ingest("reliability/results/v008-baseline-scoring.md", judge008());
    REQUIRE(j.ok);
    CHECK(j.kind == FileKind::Judge);
    REQUIRE(ws.judges.size() == 1);
    CHECK(ws.judges[0].key_name == "reliability/answer-key-round-008.md");
    CHECK(ws.judges[0].prompt == "v008-baseline");
    CHECK(ws.judges[0].round == 8);
}

TEST_CASE("a key replaced by one with other problems keeps the earlier key and its grades") {
    Session s;
    REQUIRE(s.ingest("rel/answer-key-round-008.md", key008()).ok);
    REQUIRE(s.ingest("rel/results/v008-baseline-run1.md", kReview).ok);
    s.set_verdict(0, "P01", Verdict::Detected);
    const std::string other =
        "# Answer Key - Round 008\n\n## Embedded Problem Details\n\n"
        "### P01: JWT token storage\n\n- **Category**: Security\n";
    const IngestResult r = s.ingest("rel/answer-key-round-008.md", other);
    REQUIRE(r.ok);
    CHECK(r.kept_earlier);
    CHECK_THAT(r.message, Catch::Contains("kept as"));
    const Workspace& ws = s.workspace();
    REQUIRE(ws.keys.size() == 2);
    CHECK(ws.keys[0].name == "rel/answer-key-round-008.md (earlier)");
    CHECK(ws.reviews[0].key_name == "rel/answer-key-round-008.md (earlier)");
    REQUIRE(s.key_of(0));
    CHECK(s.key_of(0)->problems[0].title == "No circuit breaker for WeatherAPI calls");
    CHECK(ws.find_grade(ws.reviews[0], "P01")->verdict == Verdict::Detected);
    s.undo();
    CHECK(s.workspace().keys.size() == 1);

    // The same problems with other wording elsewhere: replaced in place, grades stay.
    const IngestResult same = s.ingest("rel/answer-key-round-008.md", key008() + "\n<!-- typo fixed -->\n");
    CHECK(same.replaced);
    CHECK_FALSE(same.kept_earlier);
    CHECK(s.workspace().keys.size() == 1);
}

TEST_CASE("judge reports: held, saved, adopted as starting grades, never counted as human") {
    Session s;
    REQUIRE(s.ingest("rel/answer-key-round-008.md", key008()).ok);
    REQUIRE(s.ingest("rel/results/v008-baseline-run1.md", kReview).ok);
    REQUIRE(s.ingest("rel/results/v008-baseline-run2.md", kReview).ok);
    REQUIRE(s.ingest("rel/results/v008-baseline-scoring.md", judge008()).ok);
    s.set_verdict(0, "P07", Verdict::Detected);   // the human's own: never overwritten

    const JudgeParseResult* jr = s.judge_report(0);
    REQUIRE(jr);
    REQUIRE(jr->ok);
    CHECK(s.review_for_judge_run(0, 1) == 0);
    CHECK(s.review_for_judge_run(0, 2) == 1);

    const int adopted = s.adopt_judge(0, 1);
    CHECK(adopted == 8);   // 9 problems, P07 graded by the human
    const Workspace& ws = s.workspace();
    const ProblemGrade* p01 = ws.find_grade(ws.reviews[0], "P01");
    REQUIRE(p01);
    CHECK(p01->verdict == Verdict::Detected);
    CHECK(p01->from_judge);
    CHECK(ws.find_grade(ws.reviews[0], "P07")->verdict == Verdict::Detected);
    CHECK_FALSE(ws.find_grade(ws.reviews[0], "P07")->from_judge);
    CHECK(ws.find_grade(ws.reviews[0], "P06")->verdict == Verdict::Partial);
    CHECK(ws.reviews[0].bonus.size() == 3);
    CHECK(ws.reviews[0].penalties.size() == 1);
    CHECK(ws.reviews[0].bonus[0].from_judge);
    CHECK(ws.find_grade(ws.reviews[1], "P01") == nullptr);   // run 2 not adopted yet

    // Agreement counts only the human's verdicts: P07 alone.
    const ParsedDocument* kd = s.key_document("rel/answer-key-round-008.md");
    const JudgeComparison cmp = compare_with_human(jr->report, kd->key.key, ws,
                                                   "rel/answer-key-round-008.md");
    CHECK(cmp.agreement.n == 1);

    // Confirming makes it the human's; changing it too.
    s.confirm_adopted(0, "P01");
    CHECK_FALSE(ws.find_grade(ws.reviews[0], "P01")->from_judge);
    s.set_verdict(0, "P06", Verdict::Missed);
    CHECK_FALSE(ws.find_grade(ws.reviews[0], "P06")->from_judge);

    // A whole round: run 2 too; adopting again changes nothing.
    CHECK(s.adopt_round("rel", 8) == 9);
    CHECK(s.adopt_round("rel", 8) == 0);

    // Saved with the workspace and back after a reload.
    const WorkspaceLoadResult back = load_workspace_json(save_workspace_json(ws));
    REQUIRE(back.ok);
    REQUIRE(back.workspace.judges.size() == 1);
    CHECK(back.workspace.judges[0].key_name == "rel/answer-key-round-008.md");
    CHECK(back.workspace.find_grade(back.workspace.reviews[1], "P01")->from_judge);
    Session reloaded;
    reloaded.load(back.workspace);
    REQUIRE(reloaded.judge_report(0));
    CHECK(reloaded.judge_report(0)->ok);

    // The link is editable (and undoable).
    s.set_judge_link(0, "", "v008-baseline");
    CHECK(s.judge_report(0) == nullptr);
    s.undo();
    CHECK(s.judge_report(0) != nullptr);

    // Any kind can be changed by hand: a judge report to ignored and back.
    REQUIRE(s.set_kind(FileKind::Judge, 0, FileKind::Ignored));
    CHECK(s.workspace().judges.empty());
    CHECK(s.workspace().references.back().kind == "ignored");
    REQUIRE(s.set_kind(FileKind::Reference, static_cast<int>(s.workspace().references.size()) - 1,
                       FileKind::Judge));
    CHECK(s.workspace().judges.size() == 1);
}

TEST_CASE("session scores use the session's cached key parses and match compute_scores") {
    Session s;
    REQUIRE(s.ingest("rel/answer-key-round-008.md", key008()).ok);
    REQUIRE(s.ingest("rel/results/v008-baseline-run1.md", kReview).ok);
    s.set_verdict(0, "P01", Verdict::Detected);
    const WorkspaceScores& cached = s.scores();
    const WorkspaceScores fresh = compute_scores(s.workspace());
    REQUIRE(cached.keys.size() == fresh.keys.size());
    CHECK(cached.keys[0].reviews[0].score.total == fresh.keys[0].reviews[0].score.total);
}
