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
    bool operator==(const Calibration& o) const {
        return verdicts == o.verdicts && key_shift == o.key_shift && problem_shift == o.problem_shift;
    }
};

// Ungraded verdicts are ignored; no verdicts give the identity calibration.
Calibration fit_calibration(const std::vector<GraderVerdict>& verdicts);

// The calibrations of every review of a key at once, each fitted on the OTHER reviews'
// verdicts (leave one out: a review's suggestion must not echo its own verdict). Fitting
// each from scratch costs (grid x verdicts) per review, so a key of 80 graded reviews took
// seconds per edit in the page; here the agreement of all verdicts at each shift of the grid
// is tabled once and a review's own few verdicts are subtracted. Agreements are sums of
// 0, 0.5 and 1, exact in a double, so the result is the same as fit_calibration on the
// other reviews' verdicts, bit for bit (tests/unit/test_suggest_model.cpp checks it).
class LeaveOneOutCalibration {
public:
    // owners[i]: the review verdicts[i] belongs to (any int; the same size as verdicts).
    LeaveOneOutCalibration(std::vector<GraderVerdict> verdicts, std::vector<int> owners);
    // The calibration on every verdict not of `owner` (an owner absent from the list: all).
    Calibration without(int owner) const;
    int verdicts() const { return static_cast<int>(graded_.size()); }

private:
    struct Sample {
        int problem = 0;   // index into problems_
        int owner = 0;
        double logit = 0;
        Verdict verdict = Verdict::Ungraded;
    };
    std::vector<Sample> graded_;
    std::vector<std::string> problems_;            // sorted (the order of Calibration's map)
    std::vector<std::vector<int>> by_problem_;     // sample indices per problem
    std::vector<double> key_table_;                // all samples' agreement per key shift
    // Per problem, per key shift: its samples' agreement at each extra shift (made on demand;
    // the reviews of a key almost all land on one or two key shifts).
    mutable std::map<std::pair<int, int>, std::vector<double>> problem_tables_;
    const std::vector<double>& problem_table(int problem, int key_step) const;
};

// Re-decides a suggestion set with the calibration: logit, probability, verdict, confidence,
// and records the shift and the verdict count ("calibrated on N verdicts").
void apply_calibration(SuggestionSet& set, const Calibration& cal);

}  // namespace kg
