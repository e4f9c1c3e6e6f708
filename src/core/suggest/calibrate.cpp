// Per-key calibration of the suggestion model; see calibrate.h.
#include "suggest/calibrate.h"

#include <cmath>

namespace kg {

namespace {

// Prior strengths (L2 penalties, in verdicts): the key shift needs a few verdicts to move,
// a problem's own shift more (it rests on that problem's verdicts only).
constexpr double kKeyPrior = 2.0;
constexpr double kProblemPrior = 3.0;
constexpr int kRounds = 25;   // alternating Newton steps; converges well within this

bool on_topic(Verdict v) { return v == Verdict::Detected || v == Verdict::Partial; }

// One Newton step for a shift s over samples with fixed offsets: minimizes
// sum log-loss(y, sigmoid(offset + s)) + prior/2 s^2.
double newton(double s, const std::vector<std::pair<double, int>>& samples, double prior) {
    double g = prior * s, h = prior;
    for (const auto& [offset, y] : samples) {
        const double p = sigmoid(offset + s);
        g += p - y;
        h += p * (1 - p);
    }
    return s - g / h;
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
    for (const auto* v : graded) cal.problem_shift[v->problem_id] = 0;
    std::vector<std::pair<double, int>> samples;
    for (int round = 0; round < kRounds; ++round) {
        samples.clear();
        for (const auto* v : graded)
            samples.emplace_back(v->logit + cal.problem_shift[v->problem_id], on_topic(v->verdict) ? 1 : 0);
        cal.key_shift = newton(cal.key_shift, samples, kKeyPrior);
        for (auto& [id, shift] : cal.problem_shift) {
            samples.clear();
            for (const auto* v : graded)
                if (v->problem_id == id) samples.emplace_back(v->logit + cal.key_shift, on_topic(v->verdict) ? 1 : 0);
            shift = newton(shift, samples, kProblemPrior);
        }
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
