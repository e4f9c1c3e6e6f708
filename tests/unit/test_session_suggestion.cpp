// Session::set_suggestion: machine suggestions are stored apart from the human verdict, are
// not an undo step, and survive the human's edits.
#include <catch2/catch.hpp>
#include <string>
#include <vector>
#include "fixtures.h"
#include "session/session.h"

using namespace kg;

TEST_CASE("set_suggestion stores a suggestion without touching the human verdict or the history") {
    Session s;
    REQUIRE(s.ingest("answer-key-round-008.md", read_fixture("keys/answer-key-round-008.md")).ok);
    REQUIRE(s.ingest("v008-baseline-run1.md", read_fixture("assets/reviews/v008-baseline-run1.md")).ok);
    const int undo_before = s.undo_depth();
    const uint64_t revision_before = s.revision();

    Suggestion sg;
    sg.verdict = Verdict::Partial;
    sg.confidence = 0.6;
    sg.evidence.push_back(Evidence{3, 5, "passage"});
    CHECK(s.set_suggestion(0, "P01", sg));
    CHECK_FALSE(s.set_suggestion(0, "P01", sg));          // the same again: no change
    CHECK_FALSE(s.set_suggestion(7, "P01", sg));          // no such review
    CHECK(s.undo_depth() == undo_before);                 // not an undo step
    CHECK(s.revision() == revision_before);               // derived data: no save by itself

    const ProblemGrade* g = s.workspace().find_grade(s.workspace().reviews[0], "P01");
    REQUIRE(g);
    CHECK(g->verdict == Verdict::Ungraded);               // the human has not decided
    CHECK(g->suggestion.verdict == Verdict::Partial);
    CHECK(g->suggestion.evidence.size() == 1);

    // The human decides otherwise: both are kept, apart.
    s.set_verdict(0, "P01", Verdict::Missed);
    g = s.workspace().find_grade(s.workspace().reviews[0], "P01");
    CHECK(g->verdict == Verdict::Missed);
    CHECK(g->suggestion.verdict != Verdict::Ungraded);
    s.undo();
    g = s.workspace().find_grade(s.workspace().reviews[0], "P01");
    CHECK((!g || g->verdict == Verdict::Ungraded));
}

TEST_CASE("suggestions are calibrated on the grader's verdicts on the key's other reviews") {
    Session s;
    REQUIRE(s.ingest("answer-key-round-008.md", read_fixture("keys/answer-key-round-008.md")).ok);
    REQUIRE(s.ingest("v008-baseline-run1.md", read_fixture("assets/reviews/v008-baseline-run1.md")).ok);
    REQUIRE(s.ingest("v008-baseline-run2.md", read_fixture("assets/reviews/v008-baseline-run2.md")).ok);
    const SuggestionSet* before = s.suggestions(1);
    REQUIRE(before);
    REQUIRE_FALSE(before->problems.empty());
    for (const auto& p : before->problems) CHECK(p.calibrated_on == 0);
    const std::string id = before->problems[0].problem_id;
    const Verdict uncalibrated = before->problems[0].verdict;

    // The grader says × for every problem of review 0, against what the model thinks.
    for (const auto& p : s.suggestions(0)->problems) s.set_verdict(0, p.problem_id, Verdict::Missed);
    const SuggestionSet* after = s.suggestions(1);
    REQUIRE(after);
    CHECK(after->problems[0].calibrated_on == static_cast<int>(after->problems.size()));
    CHECK(after->problems[0].calibration_shift < 0);
    // Review 0's own verdicts never calibrate review 0's suggestions.
    for (const auto& p : s.suggestions(0)->problems) CHECK(p.calibrated_on == 0);
    // Undoing the verdicts takes the calibration back.
    while (s.undo_depth() > 0 && s.workspace().find_grade(s.workspace().reviews[0], id) &&
           s.workspace().find_grade(s.workspace().reviews[0], id)->verdict != Verdict::Ungraded)
        s.undo();
    bool any_graded = false;
    for (const auto& g : s.workspace().reviews[0].grades) any_graded = any_graded || g.verdict != Verdict::Ungraded;
    if (!any_graded) {
        CHECK(s.suggestions(1)->problems[0].calibrated_on == 0);
        CHECK(s.suggestions(1)->problems[0].verdict == uncalibrated);
    }
}

TEST_CASE("a whole benchmark's suggestions stay cached: a pass over 120 reviews computes none twice") {
    // More reviews than the caches used to hold (64): a bound below the workspace made the
    // page recompute every review's suggestions on every pass, and a pass never finished.
    Session s;
    REQUIRE(s.ingest("answer-key-round-008.md", read_fixture("keys/answer-key-round-008.md")).ok);
    const std::string text = read_fixture("assets/reviews/v008-baseline-run1.md");
    constexpr int kReviews = 120;
    for (int i = 0; i < kReviews; ++i) {
        const std::string name = "v008-p" + std::to_string(i / 2) + "-run" + std::to_string(i % 2 + 1) + ".md";
        REQUIRE(s.ingest(name, text + "\n\nGenerated copy " + std::to_string(i) + ".\n").ok);
    }
    REQUIRE(static_cast<int>(s.workspace().reviews.size()) == kReviews);
    // The grader's verdicts on the first ten reviews calibrate the others.
    // (Ids copied first: a verdict re-calibrates, so the set it came from is replaced.)
    std::vector<std::string> ids;
    for (const auto& p : s.suggestions(0)->problems) ids.push_back(p.problem_id);
    for (int i = 0; i < 10; ++i)
        for (const std::string& id : ids) s.set_verdict(i, id, i % 2 ? Verdict::Missed : Verdict::Detected);
    std::vector<const SuggestionSet*> first;
    for (int i = 0; i < kReviews; ++i) first.push_back(s.suggestions(i));
    for (int i = 0; i < kReviews; ++i) CHECK(s.suggestions(i) == first[static_cast<size_t>(i)]);   // no recompute
    const int per_review = static_cast<int>(first[50]->problems.size());
    CHECK(first[50]->problems[0].calibrated_on == 10 * per_review);
    CHECK(first[3]->problems[0].calibrated_on == 9 * per_review);   // its own verdicts left out

    // A note changes no verdict: no review's calibrated copy is made again.
    s.set_note(0, ids[0], "a note");
    for (int i = 0; i < kReviews; ++i) CHECK(s.suggestions(i) == first[static_cast<size_t>(i)]);
    // A verdict does: the other reviews are calibrated on one more.
    s.set_verdict(20, ids[0], Verdict::Missed);
    CHECK(s.suggestions(50)->problems[0].calibrated_on == 10 * per_review + 1);
    CHECK(s.suggestions(20)->problems[0].calibrated_on == 10 * per_review);
}
