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

double agreement_at(const std::vector<const GraderVerdict*>& samples, const Calibration& cal, double extra,
                    const std::string* only) {
    double sum = 0;
    for (const auto* v : samples) {
        if (only && v->problem_id != *only) continue;
        const double z = v->logit + (only ? cal.key_shift + extra : extra);
        sum += agreement_of(model_verdict(sigmoid(z)), v->verdict);
    }
    return sum;
}

// The shift of the grid that maximizes agreement - cost * |shift|; ties go to the smaller
// shift, then to the negative one (deterministic).
template <class F> double best_shift(F&& agreement, double cost) {
    double best = 0, best_value = agreement(0.0);
    const int steps = static_cast<int>(kMaxShift / kStep + 0.5);
    for (int k = 1; k <= steps; ++k) {
        for (int sign : {-1, 1}) {
            const double s = sign * k * kStep;
            const double value = agreement(s) - cost * std::fabs(s);
            if (value > best_value + 1e-9) {
                best_value = value;
                best = s;
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
    Calibration cal;
    std::vector<const GraderVerdict*> graded;
    for (const auto& v : verdicts)
        if (v.verdict == Verdict::Detected || v.verdict == Verdict::Partial || v.verdict == Verdict::Missed)
            graded.push_back(&v);
    cal.verdicts = static_cast<int>(graded.size());
    if (graded.empty()) return cal;
    cal.key_shift = best_shift([&](double s) { return agreement_at(graded, cal, s, nullptr); }, kKeyCost);
    for (const auto* v : graded) cal.problem_shift.emplace(v->problem_id, 0.0);
    for (auto& [id, shift] : cal.problem_shift) {
        const std::string* only = &id;
        shift = best_shift([&](double s) { return agreement_at(graded, cal, s, only); }, kProblemCost);
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
