// Applies the generated model table; see model.h.
#include "suggest/model.h"

#include <cmath>

namespace kg {

namespace {
#include "suggest/model_weights.inc"

static_assert(sizeof(kModelFeatureNames) / sizeof(kModelFeatureNames[0]) == kSuggestFeatures,
              "model_weights.inc was generated for another feature list: rerun bench/fit_suggest_model.py");

const double* weights_of(LangPair pair) { return kModelWeights[static_cast<int>(pair)]; }
}  // namespace

const char* lang_pair_name(LangPair pair) {
    static const char* names[kLangPairs] = {"en-en", "en-ja", "ja-en", "ja-ja"};
    return names[static_cast<int>(pair)];
}

LangPair lang_pair_of(bool key_japanese, bool review_japanese) {
    return static_cast<LangPair>((key_japanese ? 2 : 0) + (review_japanese ? 1 : 0));
}

const char* suggest_feature_name(int feature) {
    return feature >= 0 && feature < kSuggestFeatures ? kModelFeatureNames[feature] : "?";
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double model_logit(LangPair pair, const FeatureVector& f) {
    const double* w = weights_of(pair);
    double z = w[kSuggestFeatures];   // intercept last
    for (int i = 0; i < kSuggestFeatures; ++i) z += w[i] * f[static_cast<size_t>(i)];
    return z;
}

std::vector<FeatureContribution> model_contributions(LangPair pair, const FeatureVector& f, size_t limit) {
    const double* w = weights_of(pair);
    // Insertion into the few kept, largest |contribution| first; ties keep feature order
    // (deterministic). No sort of the whole list: this runs for every problem.
    std::vector<FeatureContribution> out;
    out.reserve(limit + 1);
    for (int i = 0; i < kSuggestFeatures; ++i) {
        const double c = w[i] * f[static_cast<size_t>(i)];
        if (c == 0) continue;
        size_t at = out.size();
        while (at > 0 && std::fabs(out[at - 1].contribution) < std::fabs(c)) --at;
        if (at >= limit) continue;
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(at), FeatureContribution{kModelFeatureNames[i], f[static_cast<size_t>(i)], c});
        if (out.size() > limit) out.pop_back();
    }
    return out;
}

double model_band_low() { return kModelBandLow; }
double model_band_high() { return kModelBandHigh; }

Verdict model_verdict(double p) {
    if (p >= kModelBandHigh) return Verdict::Detected;
    if (p < kModelBandLow) return Verdict::Missed;
    return Verdict::Partial;
}

double model_confidence(Verdict v, double p) {
    auto clamp01 = [](double x) { return x < 0 ? 0.0 : (x > 1 ? 1.0 : x); };
    if (v == Verdict::Detected) return 0.5 + 0.5 * clamp01((p - kModelBandHigh) / std::max(1e-9, 1 - kModelBandHigh));
    if (v == Verdict::Missed) return 0.5 + 0.5 * clamp01((kModelBandLow - p) / std::max(1e-9, kModelBandLow));
    return 0.5;
}

}  // namespace kg
