// Deterministic verdict suggestions: for each problem of an answer key, find the review's
// findings and passages that match it, propose ○/△/× with a confidence, and show the
// evidence (line ranges, text, score, the key terms that matched). Findings that match no
// problem are listed as bonus/penalty candidates, with the bonus row they match if any.
//
// How it decides: it measures features of each problem's best match (topic and core
// coverage, coverage over the terms a review in its language can match at all, the share of
// the best section that belongs to competing problems, ...; see suggest/model.h) and a
// logistic model per language pair, fitted offline on bench/devset_real, gives
// p = P(on topic): ○ above a thin band, △ inside it ("uncertain"), × below. Every suggestion
// keeps its evidence, its features and the ones that decided it. calibrate_suggestions()
// (suggest/calibrate.h) then shifts a key's decisions by the grader's verdicts so far.
//   topic  how much of what the key says about the problem a finding covers: IDF-weighted
//          coverage of the problem's terms (title, description, criteria, category,
//          location), plus coverage of the title in the finding's text and heading.
//   core   coverage of the ○-specific terms: those in the ○ criterion or in △'s "but does
//          not ..." clause and not in what a △ finding already mentions.
// IDF counts both the key (a term of every problem tells nothing) and the review's passages
// (a word on every line of the review tells nothing).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include "markdown/markdown.h"
#include "suggest/match_index.h"
#include "suggest/model.h"
#include "model/model.h"
#include "suggest/tokenize.h"

namespace kg {

struct SuggestOptions {
    double miss_topic = 0.16;     // a section below this topic is not about the problem (it is
                                  // neither evidence nor "another finding on the same problem")
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

    // The model's view: what it measured, what it concluded, what decided it.
    FeatureVector features{};
    double logit = 0;                 // model logit, calibration shift included
    double probability = 0;           // sigmoid(logit): P(the review is about the problem)
    double calibration_shift = 0;     // logit shift learned from the grader's verdicts (0: none)
    int calibrated_on = 0;            // how many of the grader's verdicts on this key it used
    std::vector<FeatureContribution> deciding;   // largest contributions to the logit first
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
    LangPair pair = LangPair::EnEn;            // key language - review language
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
