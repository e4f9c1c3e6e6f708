// Per-key calibration of the suggestion model; see calibrate.h.
#include "suggest/calibrate.h"

#include <cmath>
#include <cstdlib>


namespace kg {

namespace {

// The grid of shifts tried (logit units) and what a shift costs, in verdicts of agreement
// per logit unit: a shift must win back more verdicts than it costs, so a few noisy verdicts
// do not move a model that already agrees. A problem's own shift rests on fewer verdicts
// and costs more.
constexpr double kMaxShift = 4.0;
constexpr double kStep = 0.1;
constexpr double kKeyCost = 0.5;     // chosen on the tune part (bench/README.md)
constexpr double kProblemCost = 2.0;

// Agreement of one suggestion with the grader: 1 exact, 0.5 one step off (○/△ or △/×), 0.
double agreement_of(Verdict model, Verdict grader) {
    if (model == grader) return 1;
    const auto rank = [](Verdict v) { return v == Verdict::Detected ? 0 : (v == Verdict::Partial ? 1 : 2); };
    return std::abs(rank(model) - rank(grader)) == 1 ? 0.5 : 0;
}

constexpr int kSteps = static_cast<int>(kMaxShift / kStep + 0.5);   // the grid: -kSteps..kSteps
constexpr int kGrid = 2 * kSteps + 1;

bool graded(Verdict v) { return v == Verdict::Detected || v == Verdict::Partial || v == Verdict::Missed; }

// The grid's shift of step k (k x 0.1, computed as the fit always did: the tie-breaking and
// the shifts written into suggestions depend on the exact double).
double shift_of(int step) { return step * kStep; }

// One verdict's agreement when its logit is shifted by `shift`.
double sample_agreement(double logit, double shift, Verdict grader) {
    return agreement_of(model_verdict(sigmoid(logit + shift)), grader);
}

// The step of the grid that maximizes agreement - cost * |shift|; ties go to the smaller
// shift, then to the negative one (deterministic). `agreement` is indexed by step + kSteps.
int best_step(const std::vector<double>& agreement, double cost) {
    int best = 0;
    double best_value = agreement[kSteps];
    for (int k = 1; k <= kSteps; ++k) {
        for (int sign : {-1, 1}) {
            const int step = sign * k;
            const double value = agreement[static_cast<size_t>(step + kSteps)] - cost * std::fabs(shift_of(step));
            if (value > best_value + 1e-9) {
                best_value = value;
                best = step;
            }
        }
    }
    return best;
}

}  // namespace

double Calibration::shift(const std::string& problem_id) const {
    const auto it = problem_shift.find(problem_id);
    return key_shift + (it == problem_shift.end() ? 0.0 : it->second);
}

Calibration fit_calibration(const std::vector<GraderVerdict>& verdicts) {
    return LeaveOneOutCalibration(verdicts, std::vector<int>(verdicts.size(), 0)).without(-1);
}

LeaveOneOutCalibration::LeaveOneOutCalibration(std::vector<GraderVerdict> verdicts, std::vector<int> owners) {
    std::map<std::string, int> problem_index;
    for (const GraderVerdict& v : verdicts)
        if (graded(v.verdict)) problem_index.emplace(v.problem_id, 0);
    for (auto& [id, index] : problem_index) {
        index = static_cast<int>(problems_.size());
        problems_.push_back(id);
    }
    by_problem_.resize(problems_.size());
    key_table_.assign(kGrid, 0.0);
    for (size_t i = 0; i < verdicts.size(); ++i) {
        const GraderVerdict& v = verdicts[i];
        if (!graded(v.verdict)) continue;
        const Sample sample{problem_index[v.problem_id], i < owners.size() ? owners[i] : 0, v.logit, v.verdict};
        by_problem_[static_cast<size_t>(sample.problem)].push_back(static_cast<int>(graded_.size()));
        graded_.push_back(sample);
        for (int step = -kSteps; step <= kSteps; ++step)
            key_table_[static_cast<size_t>(step + kSteps)] += sample_agreement(v.logit, shift_of(step), v.verdict);
    }
}

const std::vector<double>& LeaveOneOutCalibration::problem_table(int problem, int key_step) const {
    auto [it, fresh] = problem_tables_.try_emplace({problem, key_step});
    if (fresh) {
        it->second.assign(kGrid, 0.0);
        const double key_shift = shift_of(key_step);
        for (int i : by_problem_[static_cast<size_t>(problem)]) {
            const Sample& v = graded_[static_cast<size_t>(i)];
            for (int step = -kSteps; step <= kSteps; ++step)
                it->second[static_cast<size_t>(step + kSteps)] +=
                    sample_agreement(v.logit, key_shift + shift_of(step), v.verdict);
        }
    }
    return it->second;
}

Calibration LeaveOneOutCalibration::without(int owner) const {
    Calibration cal;
    std::vector<int> own;
    for (size_t i = 0; i < graded_.size(); ++i)
        if (graded_[i].owner == owner) own.push_back(static_cast<int>(i));
    cal.verdicts = static_cast<int>(graded_.size() - own.size());
    if (cal.verdicts == 0) return cal;

    std::vector<double> key = key_table_;
    for (int i : own) {
        const Sample& v = graded_[static_cast<size_t>(i)];
        for (int step = -kSteps; step <= kSteps; ++step)
            key[static_cast<size_t>(step + kSteps)] -= sample_agreement(v.logit, shift_of(step), v.verdict);
    }
    const int key_step = best_step(key, kKeyCost);
    cal.key_shift = shift_of(key_step);

    for (size_t p = 0; p < problems_.size(); ++p) {
        size_t own_here = 0;
        for (int i : own) own_here += graded_[static_cast<size_t>(i)].problem == static_cast<int>(p);
        if (own_here == by_problem_[p].size()) continue;   // no other review graded it
        std::vector<double> table = problem_table(static_cast<int>(p), key_step);
        for (int i : own) {
            const Sample& v = graded_[static_cast<size_t>(i)];
            if (v.problem != static_cast<int>(p)) continue;
            for (int step = -kSteps; step <= kSteps; ++step)
                table[static_cast<size_t>(step + kSteps)] -=
                    sample_agreement(v.logit, cal.key_shift + shift_of(step), v.verdict);
        }
        cal.problem_shift.emplace(problems_[p], shift_of(best_step(table, kProblemCost)));
    }
    return cal;
}

void apply_calibration(SuggestionSet& set, const Calibration& cal) {
    for (ProblemSuggestion& p : set.problems) {
        const double raw = p.logit - p.calibration_shift;   // never shift twice
        p.calibration_shift = cal.verdicts > 0 ? cal.shift(p.problem_id) : 0.0;
        p.calibrated_on = cal.verdicts;
        p.logit = raw + p.calibration_shift;
        p.probability = sigmoid(p.logit);
        p.verdict = model_verdict(p.probability);
        p.confidence = model_confidence(p.verdict, p.probability);
    }
}

}  // namespace kg
