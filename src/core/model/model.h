// Plain data types shared by the whole grading core. No behaviour lives here.
#pragma once
#include <string>
#include <vector>

namespace kg {

// A message about an input file, tied to a 1-based source line (0 = whole file).
struct Diagnostic {
    int line = 0;
    std::string message;
};

// The grade given to one problem of one review.
enum class Verdict { Ungraded, Detected, Partial, Missed };

// The ○/△/× criteria a key writes for one problem. Empty when the key has none
// (table layouts); the generic rubric wording applies then.
struct Criteria {
    std::string detected;
    std::string partial;
    std::string missed;
};

struct Problem {
    std::string id;        // "P01", "S1", "D2" ...
    std::string title;
    std::string category;
    std::string severity;
    std::string location;
    std::string description;
    std::string group;     // e.g. "Surface (S)" for table layouts; empty otherwise
    Criteria criteria;
    int line = 0;          // line of the problem's heading or table row
};

struct BonusRow {
    std::string id;        // "B01"
    std::string category;
    std::string content;
    std::string criteria;
    int line = 0;
};

struct AnswerKey {
    std::string title;
    int round = -1;                // -1: not stated
    std::string perspective;
    std::string target;
    int declared_problems = -1;    // -1: not stated
    std::vector<Problem> problems;
    std::vector<BonusRow> bonus;
    std::vector<Diagnostic> warnings;
};

// A finding (or section) of a review, with its place in the source.
struct Finding {
    std::string id;        // "C1", "S2", "1", ... empty when the heading has none
    std::string title;     // heading text without the id
    std::string severity;  // "Critical", "Significant", "重大" ... when stated (heading or section)
    int level = 0;         // heading level (0 for table-row findings)
    int line_start = 0;    // 1-based, inclusive
    int line_end = 0;      // 1-based, inclusive
};

struct Review {
    std::string title;
    std::vector<Finding> findings;
    int line_count = 0;
};

}  // namespace kg
