// The editing session: classification, linking, replacement with stale grades, edits,
// undo/redo, caches and the autosave clock.
#include <catch2/catch.hpp>
#include "fixtures.h"
#include "session/session.h"
#include "persist/workspace_io.h"

using namespace kg;

namespace {

const char* kReview1 =
    "# Reliability Review\n\n"
    "## Critical Issues\n\n"
    "### C1. No circuit breaker for WeatherAPI\n\n"
    "Reference: Section 6\n\nRetries from all jobs cause a retry storm.\n\n"
    "### C2. Webhook idempotency\n\nDuplicate DR events can be created.\n";

const char* kReview2 =
    "# Reliability Review\n\n### S1. PostgreSQL is a single point of failure\n\nNo failover.\n";

// The verdict of a problem, Ungraded when the review has no grade for it (yet).
Verdict verdict_of(const Session& s, int review, const char* id) {
    const ProblemGrade* g = s.workspace().find_grade(s.workspace().reviews[static_cast<size_t>(review)], id);
    return g ? g->verdict : Verdict::Ungraded;
}

std::string key_text() { return read_fixture("keys/answer-key-round-008.md"); }

Session loaded_session() {
    Session s;
    REQUIRE(s.ingest("answer-key-round-008.md", key_text()).ok);
    REQUIRE(s.ingest("v008-baseline-run1.md", kReview1).ok);
    REQUIRE(s.ingest("v008-baseline-run2.md", kReview2).ok);
    return s;
}

}  // namespace

TEST_CASE("session: files are classified by content and name") {
    Session s;
    IngestResult k = s.ingest("answer-key-round-008.md", key_text());
    CHECK(k.ok);
    CHECK(k.kind == FileKind::Key);
    IngestResult r = s.ingest("v008-variant-redteam-run2.md", kReview1);
    CHECK(r.kind == FileKind::Review);
    IngestResult ref = s.ingest("perspective-reliability.md", "# Scope\n\nReliability only.\n");
    CHECK(ref.kind == FileKind::Reference);
    IngestResult forced = s.ingest("notes.md", "# Notes\n", FileKind::Reference);
    CHECK(forced.kind == FileKind::Reference);
    // A file named like a review is a review even if the name mentions design.
    IngestResult rv = s.ingest("design-review-run1.md", kReview2);
    CHECK(rv.kind == FileKind::Review);

    const Workspace& ws = s.workspace();
    REQUIRE(ws.reviews.size() == 2);
    CHECK(ws.reviews[0].prompt == "v008-variant-redteam");
    CHECK(ws.reviews[0].run == 2);
    CHECK(ws.references.size() == 2);
    CHECK(ws.keys.size() == 1);
}

TEST_CASE("session: a key that loads with warnings says so in its message") {
    Session s;
    std::string dup = key_text();
    dup.replace(dup.find("### P04:"), 8, "### P03:");
    IngestResult r = s.ingest("answer-key-round-009-dup.md", dup);
    REQUIRE(r.ok);
    CHECK(r.kind == FileKind::Key);
    CHECK(r.warnings >= 1);
    CHECK(r.message.find("warning") != std::string::npos);
    IngestResult clean = s.ingest("answer-key-round-008.md", key_text());
    CHECK(clean.warnings == 0);
    CHECK(clean.message.find("warning") == std::string::npos);
}

TEST_CASE("session: unreadable input is refused with a message naming the file") {
    Session s;
    IngestResult bad = s.ingest("x.md", std::string("ab\0cd", 5));
    CHECK_FALSE(bad.ok);
    CHECK(bad.message.find("x.md") == 0);
    IngestResult empty = s.ingest("e.md", "");
    CHECK_FALSE(empty.ok);
    CHECK(s.workspace().reviews.empty());
    CHECK(s.undo_depth() == 0);
}

TEST_CASE("session: reviews link to the key of their round, else the only key") {
    Session s;
    // Review first, key later: linked when the key arrives.
    s.ingest("v008-baseline-run1.md", kReview1);
    CHECK(s.workspace().reviews[0].key_name.empty());
    s.ingest("answer-key-round-008.md", key_text());
    CHECK(s.workspace().reviews[0].key_name == "answer-key-round-008.md");

    // A second key of another round: a review of round 8 keeps the round-8 key.
    std::string other = key_text();
    other.replace(other.find("Round 008"), 9, "Round 009");
    s.ingest("answer-key-round-009.md", other);
    s.ingest("v009-baseline-run1.md", kReview2);
    s.ingest("v008-variant-x-run1.md", kReview2);
    CHECK(s.workspace().reviews[1].key_name == "answer-key-round-009.md");
    CHECK(s.workspace().reviews[2].key_name == "answer-key-round-008.md");
    // No round, two keys: chosen by hand.
    s.ingest("some-review-run1.md", kReview2);
    CHECK(s.workspace().reviews[3].key_name.empty());
    s.set_key(3, "answer-key-round-009.md");
    CHECK(s.workspace().reviews[3].key_name == "answer-key-round-009.md");
    s.set_key(3, "no-such-key.md");   // refused
    CHECK(s.workspace().reviews[3].key_name == "answer-key-round-009.md");
    CHECK(benchmark_name("v012-baseline-run1.md", "").round == 12);
    CHECK(benchmark_name("review.md", "# Review of Round 7\n").round == 7);
}

TEST_CASE("session: grading edits, run score and undo/redo of each") {
    Session s = loaded_session();
    const int r0 = 0;
    const AnswerKey* key = s.key_of(r0);
    REQUIRE(key);
    REQUIRE(key->problems.size() == 9);
    const int base = s.undo_depth();

    s.set_verdict(r0, "P01", Verdict::Detected);
    s.set_verdict(r0, "P02", Verdict::Partial);
    s.set_verdict(r0, "P03", Verdict::Missed);
    s.add_extra(r0, ExtraKind::Bonus, ExtraItem{"retry budget", "B01", 0, 0});
    s.add_extra(r0, ExtraKind::Penalty, ExtraItem{"out of scope", "", 3, 4});
    s.set_note(r0, "P01", "C");
    s.set_note(r0, "P01", "C1");
    s.set_note(r0, "P01", "C1 names it");   // coalesces with the two above
    CHECK(s.undo_depth() == base + 6);

    const WorkspaceScores& sc = s.scores();
    REQUIRE(sc.keys.size() == 1);
    double run1 = -1;
    for (const ReviewScore& rs : sc.keys[0].reviews)
        if (rs.review_index == r0) run1 = rs.score.total;
    CHECK(run1 == Approx(1.0 + 0.5 + 0.5 - 0.5));

    REQUIRE(s.undo());   // the note, all three keystrokes at once
    CHECK(s.workspace().find_grade(s.workspace().reviews[0], "P01")->note.empty());
    REQUIRE(s.undo());   // penalty
    CHECK(s.workspace().reviews[0].penalties.empty());
    REQUIRE(s.undo());   // bonus
    CHECK(s.workspace().reviews[0].bonus.empty());
    REQUIRE(s.undo());   // P03
    CHECK(verdict_of(s, 0, "P03") == Verdict::Ungraded);
    REQUIRE(s.redo());
    CHECK(verdict_of(s, 0, "P03") == Verdict::Missed);
    REQUIRE(s.redo());
    CHECK(s.workspace().reviews[0].bonus.size() == 1);
    // A new edit drops the redo branch.
    s.set_verdict(r0, "P04", Verdict::Detected);
    CHECK(s.redo_depth() == 0);
    CHECK_FALSE(s.redo());
    // The same verdict again is no edit.
    const int depth = s.undo_depth();
    s.set_verdict(r0, "P04", Verdict::Detected);
    CHECK(s.undo_depth() == depth);
}

TEST_CASE("session: evidence, extras edits and removal") {
    Session s = loaded_session();
    s.add_evidence(0, "P01", Evidence{5, 7, "No circuit breaker"});
    s.add_evidence(0, "P01", Evidence{5, 7, "No circuit breaker"});   // duplicate ignored
    const ProblemGrade* g = s.workspace().find_grade(s.workspace().reviews[0], "P01");
    REQUIRE(g);
    CHECK(g->evidence.size() == 1);
    s.remove_evidence(0, "P01", 0);
    CHECK(s.workspace().find_grade(s.workspace().reviews[0], "P01")->evidence.empty());
    s.undo();
    CHECK(s.workspace().find_grade(s.workspace().reviews[0], "P01")->evidence.size() == 1);

    int i = s.add_extra(1, ExtraKind::Bonus, ExtraItem{"a", "", 0, 0});
    s.update_extra(1, ExtraKind::Bonus, i, ExtraItem{"ab", "B02", 0, 0});
    s.update_extra(1, ExtraKind::Bonus, i, ExtraItem{"abc", "B02", 0, 0});   // coalesced
    CHECK(s.workspace().reviews[1].bonus[0].note == "abc");
    s.undo();
    CHECK(s.workspace().reviews[1].bonus[0].note == "a");
    s.remove_extra(1, ExtraKind::Bonus, 0);
    CHECK(s.workspace().reviews[1].bonus.empty());
    s.remove_extra(1, ExtraKind::Bonus, 5);   // out of range: nothing
}

TEST_CASE("session: a replaced review keeps its grades but flags them stale") {
    Session s = loaded_session();
    s.set_verdict(0, "P01", Verdict::Detected);
    s.set_verdict(0, "P02", Verdict::Partial);
    IngestResult same = s.ingest("v008-baseline-run1.md", kReview1);
    CHECK(same.replaced);
    CHECK_FALSE(same.changed);
    CHECK(s.stale_count(0) == 0);

    std::string edited = std::string(kReview1) + "\n### C3. More\n";
    IngestResult rep = s.ingest("v008-baseline-run1.md", edited);
    CHECK(rep.replaced);
    CHECK(rep.changed);
    CHECK(rep.stale_grades == 2);
    CHECK(s.stale_count(0) == 2);
    CHECK(s.workspace().reviews.size() == 2);
    CHECK(s.workspace().find_grade(s.workspace().reviews[0], "P01")->verdict == Verdict::Detected);

    s.confirm_stale(0, "P01");
    CHECK(s.stale_count(0) == 1);
    // Grading again also confirms.
    s.set_verdict(0, "P02", Verdict::Partial);
    CHECK(s.stale_count(0) == 0);

    // Undo back to before the replacement: old text, nothing stale.
    s.undo();
    s.undo();
    CHECK(s.stale_count(0) == 2);
    s.undo();
    CHECK(s.workspace().reviews[0].text == kReview1);
    CHECK(s.stale_count(0) == 0);
    s.redo();
    CHECK(s.workspace().reviews[0].text == edited);
    s.confirm_all_stale(0);
    CHECK(s.stale_count(0) == 0);
}

TEST_CASE("session: removing and converting files is undoable and keeps texts") {
    Session s = loaded_session();
    s.set_verdict(1, "P04", Verdict::Detected);
    REQUIRE(s.remove_file(FileKind::Review, 1));
    CHECK(s.workspace().reviews.size() == 1);
    s.undo();
    REQUIRE(s.workspace().reviews.size() == 2);
    CHECK(s.workspace().reviews[1].text == kReview2);
    CHECK(s.workspace().find_grade(s.workspace().reviews[1], "P04")->verdict == Verdict::Detected);

    REQUIRE(s.set_kind(FileKind::Review, 0, FileKind::Reference));
    CHECK(s.workspace().references.size() == 1);
    CHECK(s.workspace().references[0].text == kReview1);
    REQUIRE(s.set_kind(FileKind::Reference, 0, FileKind::Review));
    CHECK(s.workspace().reviews.back().name == "v008-baseline-run1.md");
    CHECK(s.workspace().reviews.back().key_name == "answer-key-round-008.md");
    CHECK_FALSE(s.set_kind(FileKind::Key, 0, FileKind::Key));          // nothing to change
    CHECK_FALSE(s.set_kind(FileKind::Review, 99, FileKind::Reference)); // no such file

    // Removing the key unlinks its reviews; undo relinks.
    REQUIRE(s.remove_file(FileKind::Key, 0));
    CHECK(s.workspace().reviews[0].key_name.empty());
    CHECK(s.key_of(0) == nullptr);
    s.undo();
    CHECK(s.key_of(0) != nullptr);
}

TEST_CASE("session: selection moves and clamps") {
    Session s = loaded_session();
    s.ingest("v008-alpha-run1.md", kReview2);
    CHECK(s.workspace().selection.review == 0);
    CHECK(s.workspace().selection.problem == 0);
    s.next_problem(1);
    s.next_problem(1);
    CHECK(s.workspace().selection.problem == 2);
    s.next_problem(-5);
    CHECK(s.workspace().selection.problem == 0);
    s.next_problem(100);
    CHECK(s.workspace().selection.problem == 8);
    CHECK(s.selected_problem()->id == "P09");

    // Order: key, prompt, run → alpha-run1 (2), baseline-run1 (0), baseline-run2 (1).
    CHECK(s.review_order() == std::vector<int>{2, 0, 1});
    s.next_review(1);
    CHECK(s.workspace().selection.review == 1);
    CHECK(s.workspace().selection.problem == 8);   // same problem, next run
    s.next_review(1);
    CHECK(s.workspace().selection.review == 1);   // stays at the end
    s.next_review(-2);
    CHECK(s.workspace().selection.review == 2);
    // Selection is not an undo step.
    CHECK(s.undo_depth() == 4);
}

TEST_CASE("session: undo history is bounded") {
    Session s = loaded_session();
    for (int i = 0; i < 500; ++i) s.set_verdict(0, "P01", i % 2 ? Verdict::Detected : Verdict::Missed);
    // At least kMaxUndo steps are kept; the oldest go kUndoTrim at a time.
    const int most = static_cast<int>(Session::kMaxUndo + Session::kUndoTrim);
    CHECK(s.undo_depth() >= static_cast<int>(Session::kMaxUndo));
    CHECK(s.undo_depth() <= most);
    for (int i = 0; i < 1000; ++i) {
        s.set_verdict(0, "P01", i % 2 ? Verdict::Detected : Verdict::Missed);
        REQUIRE(s.undo_depth() <= most);
    }
    const int depth = s.undo_depth();
    int n = 0;
    while (s.undo()) ++n;
    CHECK(n == depth);
    // Texts still there after the oldest entries were dropped.
    CHECK(s.workspace().reviews[0].text == kReview1);
}

TEST_CASE("session: autosave clock saves within a second of a change") {
    Session s;
    CHECK_FALSE(s.dirty());
    s.ingest("v008-baseline-run1.md", kReview1);
    CHECK(s.dirty());
    s.note_change_time(1000);
    CHECK_FALSE(s.should_save(1100));
    CHECK(s.should_save(1000 + Session::kSaveDelayMs));
    // Continuous edits still save before kSaveMaxDelayMs has passed.
    for (double t = 1000; t < 1000 + Session::kSaveMaxDelayMs; t += 100) {
        s.set_prompt(0, "p" + std::to_string(static_cast<int>(t)));
        s.note_change_time(t);
    }
    CHECK(s.should_save(1000 + Session::kSaveMaxDelayMs));
    const uint64_t rev = s.revision();
    s.mark_saved(rev);
    CHECK_FALSE(s.dirty());
    CHECK_FALSE(s.should_save(5000));
    CHECK(Session::kSaveMaxDelayMs < 1000);
}

TEST_CASE("session: cached documents are parsed once per content") {
    Session s = loaded_session();
    const ParsedDocument* a = s.review_document(0);
    const ParsedDocument* b = s.review_document(0);
    REQUIRE(a);
    CHECK(a == b);
    CHECK(a->review.findings.size() >= 2);
    const WorkspaceScores* s1 = &s.scores();
    CHECK(&s.scores() == s1);
    CHECK(s.review_document(7) == nullptr);
    CHECK(s.key_of(-1) == nullptr);
}

TEST_CASE("session: a loaded workspace round-trips and starts with an empty history") {
    Session s = loaded_session();
    s.set_verdict(0, "P01", Verdict::Detected);
    s.set_note(0, "P01", "名前を挙げている");
    s.next_problem(3);
    const std::string json = save_workspace_json(s.workspace());
    WorkspaceLoadResult lr = load_workspace_json(json);
    REQUIRE(lr.ok);
    Session t;
    t.load(lr.workspace);
    CHECK_FALSE(t.dirty());
    CHECK(t.undo_depth() == 0);
    CHECK(t.workspace().selection.problem == 3);
    CHECK(t.workspace().find_grade(t.workspace().reviews[0], "P01")->note == "名前を挙げている");
    CHECK(t.key_of(0) != nullptr);
    // Import is undoable.
    Session u;
    u.ingest("v008-other-run1.md", kReview2);
    u.replace_workspace(lr.workspace);
    CHECK(u.workspace().reviews.size() == 2);
    u.undo();
    CHECK(u.workspace().reviews.size() == 1);
}

TEST_CASE("session: suggestions are cached and recorded next to a human verdict") {
    Session s = loaded_session();
    const SuggestionSet* set = s.suggestions(0);
    REQUIRE(set);
    CHECK(set->problems.size() == 9);
    CHECK(s.suggestions(0) == set);   // cached
    const ProblemSuggestion* p01 = s.suggestion(0, "P01");
    REQUIRE(p01);
    s.set_verdict(0, "P01", Verdict::Missed);
    const ProblemGrade* g = s.workspace().find_grade(s.workspace().reviews[0], "P01");
    REQUIRE(g);
    CHECK(g->verdict == Verdict::Missed);             // the human verdict wins
    CHECK(g->suggestion.verdict == p01->verdict);     // the suggestion is kept apart
    CHECK(g->suggestion.confidence == Approx(p01->confidence));
    // No key: no suggestions.
    Session t;
    t.ingest("v008-baseline-run1.md", kReview1);
    CHECK(t.suggestions(0) == nullptr);
}

TEST_CASE("session: files loaded together are one undo step") {
    Session s;
    REQUIRE(s.ingest("answer-key-round-008.md", key_text()).ok);
    const int base = s.undo_depth();
    // A folder of 300 reviews: one step (one snapshot of the workspace, not 300).
    s.begin_file_batch();
    for (int i = 0; i < 300; ++i) {
        const std::string text = std::string(kReview1) + "\nrun " + std::to_string(i) + "\n";
        REQUIRE(s.ingest("folder/v008-p" + std::to_string(i) + "-run1.md", text).ok);
        if (i == 149) s.set_verdict(0, "P01", Verdict::Detected);   // an edit in between
    }
    s.end_file_batch();
    CHECK(s.workspace().reviews.size() == 300);
    CHECK(s.undo_depth() == base + 3);   // files 0-149, the verdict, files 150-299
    REQUIRE(s.undo());
    CHECK(s.workspace().reviews.size() == 150);
    CHECK(verdict_of(s, 0, "P01") == Verdict::Detected);
    REQUIRE(s.undo());
    CHECK(verdict_of(s, 0, "P01") == Verdict::Ungraded);
    REQUIRE(s.undo());
    CHECK(s.workspace().reviews.empty());
    // Redo brings the files back with their texts (held by hash apart from the snapshots).
    while (s.redo()) {}
    REQUIRE(s.workspace().reviews.size() == 300);
    CHECK(s.workspace().reviews[299].text == std::string(kReview1) + "\nrun 299\n");
    CHECK(verdict_of(s, 0, "P01") == Verdict::Detected);
    // After the batch, each file is its own step again.
    REQUIRE(s.ingest("v008-baseline-run9.md", kReview2).ok);
    REQUIRE(s.ingest("v008-baseline-run8.md", kReview2).ok);
    CHECK(s.undo_depth() == base + 5);
}
