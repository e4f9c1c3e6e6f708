// Joins a workspace with its parsed keys: per-review run scores, per-prompt statistics
// and the recommendation. This is what reports, the CLI and the page display.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>
#include "key/answer_key.h"
#include "grading/rubric.h"
#include "model/workspace.h"

namespace kg {

struct ReviewScore {
    int review_index = 0;            // into Workspace::reviews
    std::string review_name;
    std::string prompt;
    int run = 0;
    std::vector<Verdict> verdicts;   // in key problem order
    RunScore score;
    int ungraded = 0;
    int stale = 0;
};

struct KeyScores {
    std::string key_name;
    AnswerKey key;
    std::vector<ReviewScore> reviews;        // reviews linked to this key, by prompt then run
    std::vector<PromptStats> prompts;        // baseline first when known; only prompts with
                                             // at least one fully graded run
    int runs_total = 0;                      // reviews linked to the key
    int runs_graded = 0;                     // ... of them fully graded (every problem)
    int problems_graded = 0;                 // verdicts given, over all linked reviews
    int problems_total = 0;                  // problems x linked reviews
    bool complete() const { return runs_graded == runs_total; }
    bool has_recommendation = false;
    Recommendation recommendation;
};

// The best prompt of one round (one key), for the convergence rule.
struct RoundBest {
    std::string folder;        // the key's folder (perspective): rounds are per folder
    int round = -1;
    std::string key_name;
    std::string prompt;
    double mean = 0;
};

struct WorkspaceScores {
    std::vector<KeyScores> keys;             // one per key with linked reviews, in key order
    std::vector<RoundBest> rounds;           // keys with a round number, oldest round first
    Convergence convergence = Convergence::InsufficientData;   // over rounds' best means
    std::vector<Diagnostic> warnings;        // e.g. a review linked to a missing key
                                             // (line is always 0: they are about files)
};

WorkspaceScores compute_scores(const Workspace& ws);
// The same, with the keys' parses supplied by the caller (the Session's cache, so a frame
// that needs fresh scores never parses a key again). The callback returns the parse of a
// key file's text, or nullptr to have it parsed here; the result must outlive the call.
using ParsedKeyLookup = std::function<const KeyParseResult*(const KeyFile&)>;
WorkspaceScores compute_scores(const Workspace& ws, const ParsedKeyLookup& parsed_key);

// Which prompt is the baseline: ws.baseline_prompt if set, else the first containing "baseline".
std::string baseline_of(const Workspace& ws, const std::vector<std::string>& prompts);

}  // namespace kg
