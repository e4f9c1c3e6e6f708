// Deterministic verdict suggestions: for each problem of an answer key, find the review's
// findings and passages that match it, propose ○/△/× with a confidence, and show the
// evidence (line ranges, text, score, the key terms that matched). Findings that match no
// problem are listed as bonus/penalty candidates, with the bonus row they match if any.
//
// How it decides (all explainable from the terms it reports):
//   topic  how much of what the key says about the problem a finding covers: IDF-weighted
//          coverage of the problem's terms (title, description, criteria, category,
//          location), plus coverage of the title in the finding's text and heading.
//   core   coverage of the ○-specific terms: those in the ○ criterion or in △'s "but does
//          not ..." clause and not in what a △ finding already mentions.
//   The best finding decides (thresholds in SuggestOptions): topic below miss_topic -> ×;
//   core >= detect_core with topic >= detect_topic -> ○; a finding squarely about the
//   problem (topic >= strong_topic) needs only core >= strong_core for ○; else △.
// IDF counts both the key (a term of every problem tells nothing) and the review's passages
// (a word on every line of the review tells nothing).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include "markdown/markdown.h"
#include "suggest/match_index.h"
#include "model/model.h"
#include "suggest/tokenize.h"

namespace kg {

struct SuggestOptions {
    double miss_topic = 0.16;     // below: × (nothing in the review is about the problem)
    double detect_topic = 0.24;   // ○ needs at least this much topic...
    double detect_core = 0.45;    // ...and this much of the ○-specific terms,
    double strong_topic = 0.50;   // or, for a finding squarely about the problem (topic this high),
    double strong_core = 0.33;    // this much: verbose ○ criteria dilute the core share
    double same_problem_share = 0.75;   // a finding with this share of a problem's best topic
                                        // is about that problem too (not a bonus candidate)
    double bonus_topic = 0.22;    // an unmatched finding is marked with a bonus row from here
    int max_evidence = 4;
    size_t evidence_chars = 280;  // bytes of passage text kept per evidence item
};

struct EvidencePassage {
    int line_start = 0;
    int line_end = 0;
    std::string text;                 // passage text, cut at a UTF-8 boundary
    double score = 0;                 // 0..1: weighted share of the problem's terms it holds
    int finding = -1;                 // index into Review::findings, -1 outside findings
    std::vector<std::string> terms;   // matched key terms, weightiest first
};

struct ProblemSuggestion {
    std::string problem_id;
    Verdict verdict = Verdict::Missed;
    double confidence = 0;            // 0..1, how far the scores are from the decision lines
    double topic = 0;                 // best section's topic score
    double core = 0;                  // best section's ○-specific coverage
    int finding = -1;                 // best section's finding (-1: text outside findings / none)
    int section_line_start = 0;       // best section's lines (0 when none)
    int section_line_end = 0;
    std::vector<EvidencePassage> evidence;
    std::vector<std::string> core_found;     // ○-specific terms the best section states
    std::vector<std::string> core_missing;   // ...and those it does not (why △ and not ○)
};

// A finding that no problem rests on: neither the best match of a problem nor close to it.
struct UnmatchedFinding {
    int finding = -1;                 // index into Review::findings
    std::string finding_id;
    std::string title;
    int line_start = 0;
    int line_end = 0;
    double best_problem_topic = 0;    // how close it came to a problem
    std::string bonus_id;             // "B03" when it matches a bonus row; "" otherwise
    double bonus_score = 0;
    std::vector<std::string> terms;   // terms shared with the bonus row
};

struct SuggestionSet {
    std::vector<ProblemSuggestion> problems;   // in key order
    std::vector<UnmatchedFinding> unmatched;   // in review order
};

// Compiled once per key; suggest() may then run for any number of reviews. It keeps a memo
// of the words it has tokenized (bounded), so a folder of reviews shares the work: one
// engine per thread (the page and the CLI are single-threaded).
class SuggestionEngine {
public:
    explicit SuggestionEngine(const AnswerKey& key, SuggestOptions options = {});

    SuggestionSet suggest(const MarkdownDocument& doc, const Review& review) const;
    // Raw review file text: normalizes, parses Markdown and findings, then suggests.
    SuggestionSet suggest(std::string_view review_text) const;
    // Text already normalized (LF line ends, no BOM), as the workspace keeps it.
    SuggestionSet suggest_normalized(std::string_view text) const;

    const KeyIndex& index() const { return index_; }

private:
    KeyIndex index_;
    SuggestOptions options_;
    std::unique_ptr<Tokenizer> tokenizer_;   // word memo shared by the reviews (no output effect)
};

// One-shot convenience.
SuggestionSet suggest(const AnswerKey& key, const MarkdownDocument& doc, const Review& review);

}  // namespace kg
