// The words of the answer-key format family (docs/domain.md), English and Japanese, in one
// place: section names, field labels, criteria labels and table column names. Adding a
// newly seen variant of a key means adding a word here, not touching the parser.
#pragma once
#include <string>
#include <string_view>

namespace kg::keyvocab {

enum class Section { Unknown, Conditions, Problems, Bonus, Total };
// Classifies a heading text (any level) that carries no problem id.
Section classify_section(std::string_view heading_text);

// True for titles such as "Answer Key - Round 008", "正解キー", "正解キー: Round 3".
bool is_key_title(std::string_view heading_text);

enum class Condition { Unknown, Perspective, Target, DeclaredCount, Round };
Condition classify_condition(std::string_view normalized_label);

enum class Field { Unknown, Category, Severity, Location, Description, Criteria };
Field classify_field(std::string_view normalized_label);

// Which of the three detection criteria a sub-bullet is, read from its mark and/or label:
// "○ (Detected):", "△（部分検出）：", "× (Missed):", "○:", "Not Detected:" ...
enum class Mark { None, Detected, Partial, Missed };
struct CriterionLine {
    Mark mark = Mark::None;
    std::string text;   // the criterion without its mark and label
};
CriterionLine parse_criterion_line(std::string_view text);
// Classifies a label such as "Detected", "部分検出", "Undetected" alone.
Mark classify_mark_label(std::string_view normalized_label);

// Columns of problem tables (table layout) and bonus tables.
enum class Column { Unknown, Id, Title, Category, Severity, Location, Description,
                    Detected, Partial, Missed, BonusCriteria };
Column classify_problem_column(std::string_view normalized_header);
Column classify_bonus_column(std::string_view normalized_header);

// A problem (or bonus) id at the start of a heading or cell: "P01", "P-01", "S1", "B07",
// "[P01]", "【P01】"; `numeric_ok` also accepts "1", "12" (ids of numbered lists).
struct IdTitle {
    bool ok = false;
    std::string id;
    std::string title;
};
IdTitle split_id_title(std::string_view text, bool numeric_ok);

// "Surface (S) — 表層的問題" -> "Surface (S)": the name part of a group heading.
std::string group_name(std::string_view heading_text);

}  // namespace kg::keyvocab
