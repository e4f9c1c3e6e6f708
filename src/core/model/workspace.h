// The grading workspace: loaded files, the grades a human gave, and UI selection.
// It is what the page keeps in local storage and what `keygrader score` reads.
// Serialized with cereal (JSON) under a format version; see workspace_io.h.
#pragma once
#include <map>
#include <string>
#include <vector>
#include "model/model.h"

namespace kg {

constexpr int kWorkspaceVersion = 3;   // bump + add a migration in workspace_io.cpp

// A review's run number: 1, 2 ... as in "-run2.md"; 0 when it has none. Larger numbers come
// only from forged files or links and are refused where they enter (workspace, share link).
constexpr int kMaxRunNumber = 999;

// A passage of a review quoted as evidence.
struct Evidence {
    int line_start = 0;
    int line_end = 0;
    std::string text;
};

// A machine suggestion, kept apart from the human verdict so agreement can be measured.
struct Suggestion {
    Verdict verdict = Verdict::Ungraded;
    double confidence = 0;
    std::vector<Evidence> evidence;
};

struct ProblemGrade {
    std::string problem_id;
    Verdict verdict = Verdict::Ungraded;
    std::string note;
    std::vector<Evidence> evidence;
    std::string review_hash;   // content_hash of the review text the verdict was given to
    bool stale = false;        // review text changed since; kept until the grader confirms
    Suggestion suggestion;
    // Adopted from an LLM judge's report, not yet confirmed or changed by the human. Counts
    // in scores (it is a starting grade) but never in agreement figures.
    bool from_judge = false;
};

// A bonus or penalty item.
struct ExtraItem {
    std::string note;
    std::string bonus_id;      // "B03" when it matches a row of the key's bonus table
    int line_start = 0;        // 0 when not tied to a passage
    int line_end = 0;
    bool from_judge = false;   // adopted from a judge report's bonus/penalty list
};

// Every file's name is its path relative to what the user opened
// ("reliability-design/results/v008-baseline-run1.md"; a lone file: just its name): two
// folders' same-named files never collide. See intake/classify.h.
struct KeyFile {
    std::string name;          // path
    std::string text;          // normalized file text
};

struct ReviewFile {
    std::string name;          // file name, e.g. v008-baseline-run1.md
    std::string text;          // normalized file text
    std::string hash;          // content_hash(text)
    std::string prompt;        // from the file name, editable
    int run = 0;               // from the file name, editable
    std::string key_name;      // the KeyFile this review is graded against ("" = none)
    std::vector<ProblemGrade> grades;
    std::vector<ExtraItem> bonus;
    std::vector<ExtraItem> penalties;
};

// Files kept beside the grading but not graded: reference material (the design document,
// the perspective, knowledge logs), prompts, comparison reports, and text files that fit no
// kind (kept so the grader can give them one).
struct ReferenceFile {
    std::string name;
    std::string text;
    std::string kind = "reference";   // file_kind_name(): reference, prompt, comparison, ignored
    std::string reason;               // why it got that kind (classify_file), shown in the list
};

// An LLM judge's scoring report for the runs of one prompt.
struct JudgeFile {
    std::string name;          // path
    std::string text;
    std::string key_name;      // the key it grades against ("" = not linked)
    std::string prompt;        // the prompt it scores ("v008-baseline")
    int round = -1;
};

// Where the grader was, so a reload puts them back.
struct Selection {
    int review = -1;           // index into reviews
    int problem = -1;          // index into the linked key's problems
    int reference = -1;        // reference shown beside the review
    float review_scroll = 0;
};

struct Workspace {
    std::vector<KeyFile> keys;
    std::vector<ReviewFile> reviews;
    std::vector<ReferenceFile> references;
    std::vector<JudgeFile> judges;
    std::string baseline_prompt;   // "" = the prompt whose name contains "baseline"
    Selection selection;
    std::string theme;             // "dark" or "light" once the user picks; "" = follow the system

    const KeyFile* find_key(const std::string& name) const;
    ProblemGrade* find_grade(ReviewFile& r, const std::string& problem_id);
    const ProblemGrade* find_grade(const ReviewFile& r, const std::string& problem_id) const;
    // The grade for a problem, appended (ungraded) when the review has none yet.
    ProblemGrade& ensure_grade(ReviewFile& r, const std::string& problem_id);
    int find_review(const std::string& name) const;   // index, -1 when absent
};

// Flags every graded verdict whose review_hash differs from the review's current hash
// (the text changed since it was graded) and clears the flag where they match again.
// Returns how many grades are stale.
int mark_stale_grades(ReviewFile& r);

// Whether the human left anything on a grade (a verdict, a note, evidence) or on a review
// (any such grade, or a bonus/penalty item): what a share link carries, and what importing a
// workspace over it would replace.
bool grade_has_content(const ProblemGrade& g);
bool review_has_content(const ReviewFile& r);

}  // namespace kg
