// The fitted suggestion model. For each problem the engine measures a few features of the
// review's best match (below); a logistic model per language pair (key language, review
// language) turns them into p = P(a judge says ○ or △, i.e. the review is about the problem).
// Real judges say ○ for ~90% of the findings that are clearly about a problem, whatever the
// wording, so the verdict is ○ above the band, × below it, and △ inside a thin band that
// means "uncertain". Weights and the band are fitted offline by bench/fit_suggest_model.py
// on bench/devset_real and generated into model_weights.inc: nothing here is hand-tuned.
#pragma once
#include <array>
#include <string>
#include <vector>
#include "model/model.h"

namespace kg {

enum class LangPair : int { EnEn = 0, EnJa = 1, JaEn = 2, JaJa = 3 };   // key-review
constexpr int kLangPairs = 4;
const char* lang_pair_name(LangPair pair);   // "en-en", "en-ja", "ja-en", "ja-ja"
LangPair lang_pair_of(bool key_japanese, bool review_japanese);

// The features, in model order (names in suggest_feature_name).
enum SuggestFeature : int {
    kFeatTopic = 0,      // topic score of the best section (the rule engine's score)
    kFeatCore,           // coverage of the ○-specific terms in it
    kFeatBody,           // weighted coverage of everything the key says about the problem
    kFeatMatchable,      // the same, over the key terms a review in this language can match at all
    kFeatTitle,          // coverage of the problem title's terms in the section text
    kFeatHeading,        // ... in the finding's heading
    kFeatPassage,        // best single paragraph's share of the problem
    kFeatRival,          // how much more another problem owns that section: best topic any
                         // problem reaches on it minus this one's (0 when this one is the best)
    kFeatRunner,         // topic of the next best section of another finding
    kFeatInFinding,      // 1 when the best section is a finding, 0 for text outside findings
    kFeatReach,          // matchable share of the problem's key weight (how reachable it is)
    kFeatMatchCore,      // core coverage over the matchable core terms
    kSuggestFeatures
};
const char* suggest_feature_name(int feature);

using FeatureVector = std::array<double, kSuggestFeatures>;

struct FeatureContribution {
    const char* name = "";     // suggest_feature_name(): static storage
    double value = 0;          // the feature
    double contribution = 0;   // weight * value, in logit units (what moved the decision)
};

// The model's logit for one problem (without any calibration shift).
double model_logit(LangPair pair, const FeatureVector& f);
// The features that moved the logit most, largest |contribution| first.
std::vector<FeatureContribution> model_contributions(LangPair pair, const FeatureVector& f, size_t limit);
// ○ above the band, △ inside, × below; p = sigmoid(logit).
Verdict model_verdict(double p);
double model_band_low();
double model_band_high();
// 0.5 on a decision line (△ is always 0.5: "uncertain"), rising to 1 away from it.
double model_confidence(Verdict v, double p);
double sigmoid(double x);

}  // namespace kg
