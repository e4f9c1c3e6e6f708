// The editing session over a Workspace: what the page (or any other front end) changes, and
// how. Every edit goes through here so that it can be undone, marks the workspace dirty for
// the autosave, and keeps the parsed-document caches right. No UI, no I/O, no clock: the
// caller passes the time in milliseconds where timing matters.
//
// Files: what a file is comes from classify_file (intake/classify.h), decided in the core
// for every front end. A file's name is its path relative to what was opened, so folders are
// namespaces. Arriving again under the same path, a file replaces its earlier text in place
// (one rule for every kind): a review's grades are kept and flagged stale where its text
// changed; a key whose problems changed is NOT replaced under its grades: the earlier copy is
// kept (renamed "<path> (earlier)") with its reviews, and the new one is added beside it.
// Linking (when a review or judge report arrives, and again when a key arrives): the key of
// the same folder and round (the round from "v008-" / "round-008" in the name, else the
// title; a key's from its title, else its name) -> else the same round in an enclosing folder
// -> else the only key of its folder -> else the only key -> else none (chosen by hand).
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include "key/answer_key.h"
#include "grading/grading.h"
#include "markdown/markdown.h"
#include "model/model.h"
#include "review/review.h"
#include "intake/classify.h"
#include "judge/judge_report.h"
#include "suggest/calibrate.h"
#include "suggest/suggest.h"
#include "model/workspace.h"

namespace kg {


struct IngestResult {
    bool ok = false;
    std::string name;
    FileKind kind = FileKind::Auto;   // what it became
    int index = -1;                   // index in the workspace list of that kind
    bool replaced = false;            // a file of that path was already loaded
    bool changed = false;             // ... and its content differs
    int stale_grades = 0;             // grades kept but flagged (review replaced)
    int warnings = 0;                 // a key that loaded with parser warnings (see message)
    bool kept_earlier = false;        // a key with other problems: the earlier copy kept
    std::string reason;               // why it got its kind (classify_file)
    std::string message;              // one line for the user (error or what happened)
};

// Where a file lives in the workspace: which list, and the position in it. References,
// prompts, comparison reports and ignored text files share the references list.
struct FileRef {
    FileKind list = FileKind::Auto;   // Key, Review, Judge or Reference
    int index = -1;
};

enum class ExtraKind { Bonus, Penalty };

// A parsed document, cached by content hash so frames never re-parse.
struct ParsedDocument {
    MarkdownDocument doc;
    Review review;          // findings (reviews and references)
    KeyParseResult key;     // only meaningful for keys
};

class Session {
public:
    Session();

    const Workspace& workspace() const { return ws_; }
    // Content hashes of the key, reference and judge texts, parallel to those lists (so
    // that saving need not hash 11 MB of text again).
    const std::vector<std::string>& key_hashes() const { return key_hashes_; }
    const std::vector<std::string>& reference_hashes() const { return reference_hashes_; }
    const std::vector<std::string>& judge_hashes() const { return judge_hashes_; }

    // ---- files -------------------------------------------------------------------------
    // path: relative to what was opened (normalised here). kind Auto: classify_file decides.
    // A workspace file is not ingested (ok = false, kind Workspace): the caller imports it.
    IngestResult ingest(const std::string& path, std::string_view bytes,
                        FileKind kind = FileKind::Auto);
    // Files ingested between these two calls (a folder, a drop of many files) are one undo
    // step: one snapshot for the batch, not one per file (a 1000-file folder copied the
    // workspace 1000 times). An edit in between starts a new step for the files after it.
    void begin_file_batch();
    void end_file_batch();
    // Gives a loaded file another kind (any of key, review, judge, reference, prompt,
    // comparison, ignored). A review's grades go with it; undo brings them back.
    // `from` names the list (Key, Review, Judge or Reference). False when nothing changed.
    bool set_kind(FileKind from, int index, FileKind to);
    bool remove_file(FileKind kind, int index);
    // The kind a file shows as: Key, Review, Judge, or the reference list's own kinds.
    FileKind kind_of(FileKind list, int index) const;
    FileRef find_file(const std::string& path) const;

    // ---- judge reports (session_judges.cpp) ----------------------------------------------
    // The report parsed against its linked key (cached); nullptr when it has no readable key.
    const JudgeParseResult* judge_report(int judge);
    void set_judge_link(int judge, const std::string& key_name, const std::string& prompt);
    // The review a judge run grades: same key, prompt and run. -1 when none or several.
    int review_for_judge_run(int judge, int run) const;
    // What the linked judge reports say about one review (one entry per report and run that
    // grades it), shown next to the human's verdicts. Verdicts are in the key's problem order.
    struct JudgeOpinion {
        int judge = -1;
        std::string judge_name;
        int run = 0;
        std::vector<JudgeVerdict> problems;
        StatedValue stated_score;
    };
    std::vector<JudgeOpinion> judge_opinions(int review);
    // Takes the judge's verdicts (and bonus/penalty items) as starting grades, marked
    // from_judge, for problems the human has not graded (never over a human verdict).
    // run 0: every run of the report. Returns the number of verdicts adopted. Undoable.
    int adopt_judge(int judge, int run = 0);
    // Every judge report linked to a key of that folder and round (a whole round).
    int adopt_round(const std::string& folder, int round);
    // Marks an adopted verdict as the human's own (same verdict). Undoable.
    void confirm_adopted(int review, const std::string& problem_id);
    // Replaces the whole workspace (import). Undoable.
    void replace_workspace(Workspace ws);
    // Starts over from a stored workspace (page load): empty history, not dirty.
    void load(Workspace ws);

    // ---- review metadata -----------------------------------------------------------------
    void set_prompt(int review, const std::string& prompt);
    void set_run(int review, int run);
    void set_key(int review, const std::string& key_name);
    void set_baseline(const std::string& prompt);
    void set_theme(const std::string& theme);   // preference: saved, not undoable

    // ---- grading ---------------------------------------------------------------------------
    void set_verdict(int review, const std::string& problem_id, Verdict v);
    // Notes coalesce: consecutive edits of the same note make one undo step.
    void set_note(int review, const std::string& problem_id, const std::string& note);
    void add_evidence(int review, const std::string& problem_id, const Evidence& e);
    // Machine suggestion (derived data, session_suggestion.cpp): not undoable, never touches
    // the human verdict. False when unchanged.
    bool set_suggestion(int review, const std::string& problem_id, const Suggestion& s);
    void remove_evidence(int review, const std::string& problem_id, int index);
    // Accepts a stale grade as still right for the current text of the review.
    void confirm_stale(int review, const std::string& problem_id);
    void confirm_all_stale(int review);
    int add_extra(int review, ExtraKind kind, const ExtraItem& item);
    void update_extra(int review, ExtraKind kind, int index, const ExtraItem& item);
    void remove_extra(int review, ExtraKind kind, int index);

    // ---- selection (saved, not undoable) -----------------------------------------------
    void select_review(int review);
    void select_problem(int problem);
    void select_reference(int reference);
    void set_review_scroll(float y);
    void next_problem(int delta);     // +1 / -1 within the selected review's key
    void next_review(int delta);      // +1 / -1 in review_order()
    // Reviews in display order: by key, then prompt, then run, then name.
    std::vector<int> review_order() const;

    // ---- undo / redo ------------------------------------------------------------------
    bool undo();
    bool redo();
    int undo_depth() const { return static_cast<int>(undo_.size()); }
    int redo_depth() const { return static_cast<int>(redo_.size()); }
    static constexpr size_t kMaxUndo = 200;
    // Undo steps past kMaxUndo are dropped this many at a time, so that the texts no step
    // refers to any more are looked for once per kUndoTrim edits, not on every edit.
    static constexpr size_t kUndoTrim = 20;

    // ---- derived, cached ---------------------------------------------------------------
    const ParsedDocument* key_document(const std::string& key_name);
    const AnswerKey* key_of(int review);              // nullptr when unlinked / unknown
    const ParsedDocument* review_document(int review);
    const ParsedDocument* reference_document(int reference);
    const WorkspaceScores& scores();                  // recomputed when the state changed
    // The machine's suggestions for a review against its key (nullptr without a readable
    // key), cached by review text and key text. A verdict set by hand records the
    // suggestion it was given next to (ProblemGrade::suggestion), so agreement can be measured.
    // Once the grader has judged other reviews of the same key, the suggestions are
    // calibrated on those verdicts (ProblemSuggestion::calibrated_on says on how many).
    const SuggestionSet* suggestions(int review);
    const ProblemSuggestion* suggestion(int review, const std::string& problem_id);
    // Why suggestions() gives nothing for a review with a readable key: its problems x its
    // bytes are over base/limits.h's kMaxSuggestWork (one call would stall the page for
    // minutes). "" when they are computed, or when there is no readable key.
    std::string suggestions_refused(int review);
    int stale_count(int review) const;
    const Problem* selected_problem();

    // ---- autosave ------------------------------------------------------------------------
    // Every change bumps the revision. The caller saves when should_save(now) says so and
    // then reports it with mark_saved(revision at save time).
    // Computes a review's uncalibrated suggestions if they are not cached yet (false: none,
    // e.g. no readable key). The page warms every review first, a few per frame, so that the
    // calibration of a key, which needs all its graded reviews', never computes them at once.
    bool warm_suggestions(int review) { return raw_suggestions(review) != nullptr; }
    uint64_t revision() const { return revision_; }
    bool dirty() const { return saved_revision_ != revision_; }
    void note_change_time(double now_ms);          // call once per frame with the clock
    bool should_save(double now_ms) const;         // dirty for ≥ kSaveDelayMs, or long dirty
    void mark_saved(uint64_t revision);
    void mark_clean();                              // after loading from the store
    static constexpr double kSaveDelayMs = 300;     // quiet time before a save
    static constexpr double kSaveMaxDelayMs = 900;  // never later than this after a change

private:
    // The undoable state: the workspace with file texts held apart, by content hash.
    struct Snapshot {
        Workspace ws;                                  // texts emptied
        std::vector<std::string> key_hashes, review_hashes, reference_hashes, judge_hashes;
    };
    Snapshot snapshot();
    void restore(const Snapshot& s);
    void adopt(Workspace ws);
    void checkpoint(const std::string& coalesce = "");  // call BEFORE an undoable edit
    void changed();                                    // bump the revision
    void collect_texts();                              // drop texts no state refers to
    std::string remember_text(const std::string& text);
    ReviewFile* review_at(int i);
    std::string key_for(const std::string& path, std::string_view text);
    int key_round(size_t key_index);
    void link_unlinked();
    IngestResult replace_in_place(FileRef at, const std::string& text, const std::string& hash);
    IngestResult add_file(const std::string& path, const std::string& text,
                          const std::string& hash, FileKind kind, const std::string& reason);
    std::string key_summary(const std::string& key_name, int& warnings);
    void remove_from_list(FileKind list, int index);
    size_t list_size(FileKind list) const;   // no checkpoint, no revision bump
    void clamp_selection();
    const ParsedDocument* parsed(const std::string& text, const std::string& hash, bool key);

    Workspace ws_;
    std::vector<Snapshot> undo_, redo_;
    std::string last_coalesce_;
    uint64_t file_batches_ = 0;     // batches begun so far (names each batch's undo step)
    bool in_file_batch_ = false;
    std::string file_checkpoint_key() const;   // the coalesce key of the current batch ("" = none)
    std::map<std::string, std::string> texts_;                    // hash -> text
    std::map<std::string, std::shared_ptr<ParsedDocument>> parsed_;  // hash+kind -> parse
    std::vector<std::string> key_hashes_, reference_hashes_, judge_hashes_;  // parallel to ws_ lists
    std::map<std::string, std::shared_ptr<JudgeParseResult>> judge_parses_;  // judge+key hash
    std::map<std::string, std::shared_ptr<SuggestionEngine>> engines_;   // by key hash
    std::map<std::string, std::shared_ptr<SuggestionSet>> suggestions_;  // by key+review hash
    std::map<std::string, std::vector<std::pair<std::string, double>>> raw_logits_;  // same ids
    struct Calibrated {
        uint64_t generation = 0;                   // the key's verdicts it was calibrated on
        int review = -1;                           // the review it was made for (left out)
        std::shared_ptr<SuggestionSet> set;        // calibrated copy (null: none, the raw set)
        std::shared_ptr<const SuggestionSet> raw;  // the uncalibrated set it was made from
        uint64_t revision = 0;                     // session revision it was checked at
    };
    std::map<std::string, Calibrated> calibrated_;   // by review hash + key name
    // The grader's verdicts on a key's reviews, tabled for leave-one-out calibration; made
    // again when the session changed (by key name).
    // A note or an edit of another key leaves the verdicts as they were: the fingerprint
    // says so and the generation stays, so no review's calibrated copy is made again.
    struct KeyCalibration {
        uint64_t revision = 0;      // session revision it was checked at
        uint64_t fingerprint = 0;   // of the verdicts (review, problem, logit, verdict)
        uint64_t generation = 0;    // changes whenever the verdicts do (unique per session)
        std::shared_ptr<const LeaveOneOutCalibration> tables;   // null: no verdicts yet
    };
    std::map<std::string, KeyCalibration> key_calibrations_;
    uint64_t calibration_generations_ = 0;
    const KeyCalibration& key_calibration(const std::string& key_name);
    // Cache bounds that hold a whole workspace's suggestions (a benchmark is ~760 reviews):
    // a bound below it made the page recompute every review's suggestions on every pass.
    size_t suggestion_cache_bound() const { return std::max<size_t>(64, 2 * ws_.reviews.size()); }
    std::shared_ptr<const SuggestionSet> raw_suggestions(int review);
    const std::vector<std::pair<std::string, double>>* raw_logits(int review);
    uint64_t revision_ = 1;
    uint64_t saved_revision_ = 1;
    uint64_t seen_revision_ = 1;
    double first_dirty_ms_ = -1;
    double last_change_ms_ = -1;
    uint64_t scores_revision_ = 0;
    WorkspaceScores scores_;
};


}  // namespace kg
