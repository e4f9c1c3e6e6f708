// Learning from the grader: once the grader has given verdicts on some reviews of a key (say
// run 1 of each prompt), the model's decisions for that key's other reviews are shifted to
// agree with them. The fitted model is shared by all keys, but keys differ: a problem whose
// words reviews rarely use, a judge that is lenient on one problem. Deterministic: a shift
// of the logit for the key, then one per problem, each the shift (on a 0.1 grid) that makes
// the re-decided suggestions agree best with the grader's verdicts (1 exact, 0.5 one step
// off) minus a cost per logit unit: a shift must win back more agreement than it costs, so
// a few verdicts that the model already matches move nothing.
#pragma once
#include <map>
#include <string>
#include <vector>
#include "suggest/suggest.h"

namespace kg {

// One verdict of the grader on a problem of a review of the key, next to the logit the
// model gave it for that review (ProblemSuggestion::logit before any calibration).
struct GraderVerdict {
    std::string problem_id;
    double logit = 0;
    Verdict verdict = Verdict::Ungraded;
};

struct Calibration {
    int verdicts = 0;                               // graded verdicts it rests on
    double key_shift = 0;                           // logit shift for every problem of the key
    std::map<std::string, double> problem_shift;    // extra shift per problem id
    double shift(const std::string& problem_id) const;
};

// Ungraded verdicts are ignored; no verdicts give the identity calibration.
Calibration fit_calibration(const std::vector<GraderVerdict>& verdicts);

// Re-decides a suggestion set with the calibration: logit, probability, verdict, confidence,
// and records the shift and the verdict count ("calibrated on N verdicts").
void apply_calibration(SuggestionSet& set, const Calibration& cal);

}  // namespace kg
