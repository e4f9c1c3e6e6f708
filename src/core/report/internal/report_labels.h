// The words of the Markdown reports in English and Japanese (the workflow's LLM judge writes
// its reports in the key's language; ours follow). Headings and table heads only: verdict
// symbols, numbers and file names are the same in both.
#pragma once

namespace kg::report_labels {

struct Labels {
    // scoring report (workflow_export.cpp)
    const char* scoring_title;       // "Scoring Report"
    const char* overview;            // "Scoring Overview"
    const char* answer_key;          // "Answer key"
    const char* reviews_scored;      // "Reviews scored"
    const char* rubric;              // "Rubric"
    const char* rubric_text;
    const char* graded_by;           // "Graded by"
    const char* run_scoring;         // "Run %d Scoring" -> prefix/suffix around the number
    const char* run_scoring_suffix;
    const char* matrix_head;         // "| ID | Problem | Detection | Score | Justification |"
    const char* not_graded;          // "(not graded)"
    const char* detection_subtotal;  // "Detection Subtotal"
    const char* bonus_analysis;
    const char* bonus_total;
    const char* penalty_analysis;
    const char* penalty_total;
    const char* none;                // "None."
    const char* items;               // "items"
    const char* over_cap;            // "over the cap of 5, not counted"
    const char* run_score;           // "Score" in "**Run1 Score**"
    const char* summary;             // "Summary"
    const char* summary_head;        // "| Run | Detection | Bonus | Penalty | Total |"
    const char* mean;
    const char* sd;
    const char* stability;
    // comparison report (comparison_markdown.cpp)
    const char* comparison_title;    // "Prompt comparison"
    const char* round;               // "Round"
    const char* prompts_head;        // "| Prompt | Runs | Mean | SD | Stability | Bonus | Penalty |"
    const char* baseline;            // "(baseline)"
    const char* problem;             // "Problem"
    const char* detection_rate;      // "Detection rate"
    const char* detection_row;       // "**Detection**"
    const char* run_score_row;       // "**Run score**"
    const char* cells_note;
    const char* recommendation;      // "Recommendation"
    const char* no_review;           // "No review is graded against this key."
    const char* across_rounds;       // "Across rounds"
    const char* trend_head;          // "| Round | Key | Best prompt | Best mean | Change |"
    const char* convergence;         // "Convergence"
    const char* warnings;            // "Warnings"
};

const Labels& english();
const Labels& japanese();

}  // namespace kg::report_labels
