// The input limits of base/limits.h (issue 14), where the core applies them: the session
// refuses a file over the one-file cap (the page's files come through it), suggestions past
// the problems x review-bytes bound are refused with a reason instead of stalling the page,
// and a key with more problems than the cap is not a usable key.
#include <catch2/catch.hpp>
#include "base/limits.h"
#include "fixtures.h"
#include "key/answer_key.h"
#include "session/session.h"

using namespace kg;

namespace {

// A generated key of n problems, each with its ○/△/× criteria.
std::string generated_key(size_t n) {
    std::string out = "# Answer Key - Round 010\n\n## Execution Conditions\n- **Perspective**: reliability\n"
                      "- **Target**: design\n\n## Embedded Problem Details\n\n";
    for (size_t i = 1; i <= n; ++i) {
        const std::string id = std::to_string(i);
        out += "### P" + id + ": Problem number " + id + "\n- **Severity**: Critical\n"
               "- **Detection Criteria**:\n  - ○ (Detected): names problem " + id +
               " and its cause\n  - △ (Partial): mentions problem " + id +
               "\n  - × (Not Detected): does not mention it\n\n";
    }
    return out;
}

// A review of at least `bytes` bytes: the sample review repeated.
std::string review_of_size(size_t bytes) {
    const std::string one = read_fixture("assets/reviews/v008-baseline-run1.md");
    std::string out;
    while (out.size() < bytes) out += one + "\n\n";
    return out;
}

}  // namespace

TEST_CASE("the suggestion work bound: problems x review bytes up to kMaxSuggestWork") {
    std::string reason;
    CHECK(limits::suggest_work_allowed(9, 50u * 1024 * 1024, reason));      // real key, 50 MB review
    CHECK(limits::suggest_work_allowed(10000, 200000, reason));             // 10,000 problems, 200 KB
    CHECK(reason.empty());
    CHECK_FALSE(limits::suggest_work_allowed(10000, 200001, reason));
    CHECK(reason.find("10000 problems") != std::string::npos);
    CHECK(reason.find("limit") != std::string::npos);
    CHECK_FALSE(limits::suggest_work_allowed(10000, 50u * 1024 * 1024, reason));
    // Past 10,000 problems no review is small enough (the engine's index alone is too big).
    CHECK_FALSE(limits::suggest_work_allowed(10001, 100, reason));
    CHECK(reason == "suggestions refused: the key has 10001 problems, over the limit of 10000 "
                    "problems for suggestions (grade it by hand)");
}

TEST_CASE("a file over the one-file cap is not ingested, with one message naming it and the limit") {
    Session s;
    REQUIRE(s.ingest("answer-key-round-008.md", read_fixture("keys/answer-key-round-008.md")).ok);
    REQUIRE(s.ingest("v008-baseline-run1.md", read_fixture("assets/reviews/v008-baseline-run1.md")).ok);
    s.set_verdict(0, "P01", Verdict::Detected);
    const uint64_t revision = s.revision();

    const std::string huge(limits::kMaxFileBytes + 1, 'a');
    const IngestResult r = s.ingest("logs/v008-huge-run1.md", huge);
    CHECK_FALSE(r.ok);
    CHECK(r.kind == FileKind::Ignored);
    CHECK(r.message.find("logs/v008-huge-run1.md") == 0);
    CHECK(r.message == "logs/v008-huge-run1.md: over the 64 MB limit for one file (67108865 bytes): not loaded");
    CHECK(r.message.find('\n') == std::string::npos);
    // Nothing added, nothing lost.
    CHECK(s.revision() == revision);
    CHECK(s.workspace().reviews.size() == 1);
    CHECK(s.workspace().keys.size() == 1);
    CHECK(s.workspace().find_grade(s.workspace().reviews[0], "P01")->verdict == Verdict::Detected);
    // A good file still loads afterwards.
    CHECK(s.ingest("v008-baseline-run2.md", read_fixture("assets/reviews/v008-baseline-run2.md")).ok);
}

TEST_CASE("suggestions past the work bound are refused with a reason; within it they are computed") {
    Session s;
    REQUIRE(s.ingest("answer-key-round-008.md", read_fixture("keys/answer-key-round-008.md")).ok);
    REQUIRE(s.ingest("v008-baseline-run1.md", read_fixture("assets/reviews/v008-baseline-run1.md")).ok);
    CHECK(s.suggestions(0) != nullptr);
    CHECK(s.suggestions_refused(0).empty());

    // 2,000 problems: a 1.1 MB review is past 2e9 problem-bytes.
    Session big;
    REQUIRE(big.ingest("round-010/answer-key-round-010.md", generated_key(2000)).ok);
    REQUIRE(big.ingest("round-010/v010-small-run1.md", read_fixture("assets/reviews/v008-baseline-run1.md")).ok);
    REQUIRE(big.ingest("round-010/v010-long-run1.md", review_of_size(1100000)).ok);
    REQUIRE(big.workspace().reviews.size() == 2);
    REQUIRE(big.key_of(0) != nullptr);
    REQUIRE(big.key_of(0)->problems.size() == 2000);
    const int small = big.workspace().reviews[0].name == "round-010/v010-small-run1.md" ? 0 : 1;
    const int long_review = 1 - small;
    CHECK(big.suggestions_refused(small).empty());
    const std::string reason = big.suggestions_refused(long_review);
    CHECK(reason.find("2000 problems") != std::string::npos);
    CHECK(reason.find("limit") != std::string::npos);
    CHECK(big.suggestions(long_review) == nullptr);
    CHECK(big.suggestion(long_review, "P1") == nullptr);
}

TEST_CASE("a key with more problems than the cap is refused; at the cap it parses") {
    const KeyParseResult at_cap = parse_answer_key(generated_key(limits::kMaxKeyProblems));
    CHECK(at_cap.is_key);
    CHECK(at_cap.key.problems.size() == limits::kMaxKeyProblems);
    const KeyParseResult over = parse_answer_key(generated_key(limits::kMaxKeyProblems + 1));
    CHECK_FALSE(over.is_key);
    CHECK(over.error == "100001 problems, over the limit of 100000 problems per answer key");
}
