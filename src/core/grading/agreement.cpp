// Cohen's kappa and friends; see agreement.h.
#include "grading/agreement.h"

#include <cmath>
#include <cstdlib>

namespace kg {

int verdict_class(Verdict v) {
    switch (v) {
        case Verdict::Detected: return 0;
        case Verdict::Partial: return 1;
        case Verdict::Missed: return 2;
        case Verdict::Ungraded: break;
    }
    return -1;
}

Verdict verdict_of_class(int c) {
    switch (c) {
        case 0: return Verdict::Detected;
        case 1: return Verdict::Partial;
        case 2: return Verdict::Missed;
        default: return Verdict::Ungraded;
    }
}

// Kappa from observed and chance agreement (plain or weighted, same formula).
static double kappa_of(double observed, double expected) {
    if (1.0 - expected < 1e-12) return observed >= 1.0 - 1e-12 ? 1.0 : 0.0;
    return (observed - expected) / (1.0 - expected);
}

Agreement agreement(const std::vector<std::pair<Verdict, Verdict>>& pairs) {
    Agreement a;
    for (const auto& p : pairs) {
        const int r = verdict_class(p.first);
        const int o = verdict_class(p.second);
        if (r < 0 || o < 0) {
            ++a.skipped;
            continue;
        }
        ++a.confusion[r][o];
        ++a.n;
    }
    if (a.n == 0) return a;

    const double n = a.n;
    double row[3] = {0, 0, 0}, col[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            row[i] += a.confusion[i][j];
            col[j] += a.confusion[i][j];
        }

    double diag = 0, expected = 0;
    // Linear agreement weights: 1 on the diagonal, 0.5 one class apart, 0 for ○ vs ×.
    double w_observed = 0, w_expected = 0;
    for (int i = 0; i < 3; ++i) {
        diag += a.confusion[i][i];
        expected += (row[i] / n) * (col[i] / n);
        for (int j = 0; j < 3; ++j) {
            const double w = 1.0 - std::abs(i - j) / 2.0;
            w_observed += w * a.confusion[i][j] / n;
            w_expected += w * (row[i] / n) * (col[j] / n);
        }
    }
    a.exact = diag / n;
    a.expected = expected;
    a.kappa = kappa_of(a.exact, expected);
    a.weighted_kappa = kappa_of(w_observed, w_expected);
    return a;
}

}  // namespace kg
