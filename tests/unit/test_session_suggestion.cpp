// Session::set_suggestion: machine suggestions are stored apart from the human verdict, are
// not an undo step, and survive the human's edits.
#include <catch2/catch.hpp>
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
