// The fitted suggestion model, calibration and structural headings: each test fails if the
// generated weight table, the glossary's cross-lingual bridge, the calibration or the
// structural filter is lost.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "suggest/calibrate.h"
#include "suggest/model.h"
#include "suggest/structural.h"
#include "suggest/suggest.h"
#include "suggest/tokenize.h"

namespace {

// A Japanese key with the Latin terms real keys carry (identifiers, vendor names).
kg::AnswerKey japanese_key() {
    kg::AnswerKey key;
    kg::Problem p;
    p.id = "P01";
    p.title = u8"商品詳細キャッシュのキャッシュスタンピード";
    p.description = u8"商品詳細は cache-aside 方式で Redis に TTL 10分で格納される。人気商品のキーが失効すると、"
                    u8"キャッシュミスした全リクエストが同時にMySQLへ同じクエリを発行し、DB CPUが飽和する"
                    u8"（キャッシュスタンピード／ドッグパイル）。ロックまたはリクエスト合流、TTLジッタが必要。";
    p.criteria.detected = u8"キャッシュの失効時に多数のリクエストが同時にDBへ到達するスタンピードを指摘し、"
                          u8"ロック、TTLジッタ、事前リフレッシュ等の対策を提案している";
    p.criteria.partial = u8"キャッシュのTTL設定やヒット率に触れているが、失効時のDB負荷集中を指摘していない";
    p.criteria.missed = u8"キャッシュの失効に関する言及がない";
    kg::Problem q;
    q.id = "P02";
    q.title = u8"ログインAPIに試行回数制限がない";
    q.description = u8"`/auth/login` はアカウント単位・IP単位の試行回数制限がなく、ロックアウトもCAPTCHAもない。"
                    u8"パスワードの総当たりやクレデンシャルスタッフィングが可能である。";
    q.criteria.detected = u8"ログインのレート制限やロックアウトがないことを指摘し、総当たり攻撃を説明している";
    q.criteria.partial = u8"パスワードポリシーに触れているが、試行回数の制限に触れていない";
    q.criteria.missed = u8"ログイン試行の制限に関する言及がない";
    key.problems = {p, q};
    return key;
}

const char* const kEnglishReview = R"(# Performance Review

## TIER 1: CRITICAL ISSUES

### C1. Thundering herd when hot product keys expire

When a popular product's Redis entry expires, thousands of requests miss at the same moment
and all of them run the expensive query against MySQL. The database CPU saturates within
seconds during a sale (a cache stampede, also called dogpile).

Use a per-key lock (single-flight) and add TTL jitter so that keys do not expire together.

## TIER 2: SIGNIFICANT ISSUES

### S1. API versioning strategy is missing

Public endpoints have no version in the path, so breaking changes hit every client at once.

### TIER 3: MINOR ISSUES

The document could add a glossary of terms.
)";

const kg::ProblemSuggestion& problem(const kg::SuggestionSet& set, const std::string& id) {
    for (const auto& p : set.problems)
        if (p.problem_id == id) return p;
    FAIL("no suggestion for " << id);
    return set.problems.front();
}

}  // namespace

TEST_CASE("model: the generated table has one weight per feature and a thin band", "[suggest][model]") {
    CHECK(std::string(kg::suggest_feature_name(kg::kFeatMatchable)) == "matchable");
    CHECK(std::string(kg::suggest_feature_name(kg::kFeatRival)) == "rival");
    CHECK(kg::model_band_low() < kg::model_band_high());
    CHECK(kg::model_band_high() - kg::model_band_low() <= 0.2 + 1e-9);
    // A fitted table: coverage pushes toward "on topic" in every pair, an empty match does not.
    for (int pair = 0; pair < kg::kLangPairs; ++pair) {
        kg::FeatureVector none{};
        kg::FeatureVector covered{};
        covered[kg::kFeatTopic] = covered[kg::kFeatBody] = covered[kg::kFeatMatchable] = 0.6;
        covered[kg::kFeatCore] = covered[kg::kFeatMatchCore] = 0.6;
        covered[kg::kFeatTitle] = covered[kg::kFeatHeading] = covered[kg::kFeatPassage] = 0.6;
        covered[kg::kFeatInFinding] = covered[kg::kFeatReach] = 1;
        none[kg::kFeatReach] = 1;
        const auto lp = static_cast<kg::LangPair>(pair);
        CHECK(kg::model_verdict(kg::sigmoid(kg::model_logit(lp, covered))) == kg::Verdict::Detected);
        CHECK(kg::model_verdict(kg::sigmoid(kg::model_logit(lp, none))) == kg::Verdict::Missed);
    }
}

TEST_CASE("model: an English review of a Japanese key finds its problem", "[suggest][model]") {
    const kg::SuggestionEngine engine(japanese_key());
    const auto set = engine.suggest(std::string_view(kEnglishReview));
    CHECK(set.pair == kg::LangPair::JaEn);
    const auto& p1 = problem(set, "P01");
    CHECK(p1.verdict == kg::Verdict::Detected);
    CHECK(p1.finding == 0);
    REQUIRE_FALSE(p1.evidence.empty());
    CHECK_FALSE(p1.deciding.empty());
    // The review reaches only the key's Latin terms and the glossary's English: the
    // matchable share is higher than the share over the whole key.
    CHECK(p1.features[kg::kFeatReach] < 1.0);
    CHECK(p1.features[kg::kFeatMatchable] > p1.features[kg::kFeatBody]);
    CHECK(problem(set, "P02").verdict == kg::Verdict::Missed);
}

TEST_CASE("glossary: katakana and Han review vocabulary bridge to English", "[suggest][tokenize]") {
    // Words are compared stemmed, as the tokenizer emits them.
    auto has = [](const std::vector<std::string>& terms, const std::string& word) {
        const std::string t = kg::stem_english(word);
        for (const auto& x : terms)
            if (x == t || x == word) return true;
        return false;
    };
    const auto terms = kg::tokenize_terms(u8"キャッシュスタンピードとドッグパイル、失効と殺到、ページネーションとヒープ");
    CHECK(has(terms, "stampede"));
    CHECK(has(terms, "dogpile"));
    CHECK(has(terms, "expire"));
    CHECK(has(terms, "heap"));
    const auto more = kg::tokenize_terms(u8"注文の明細、在庫、決済、顧客の個人情報");
    CHECK(has(more, "order"));
    CHECK(has(more, "inventory"));
    CHECK(has(more, "payment"));
    CHECK(has(more, "customer"));
    // CamelCase and spaced words meet; vendor names stay whole as well.
    const auto camel = kg::tokenize_terms("CircuitBreaker PostgreSQL");
    CHECK(has(camel, "circuitbreaker"));
    CHECK(has(camel, "circuit"));
    CHECK(has(camel, "breaker"));
    CHECK(has(camel, "postgresql"));
}

TEST_CASE("calibration: the grader's verdicts shift a key's decisions, deterministically", "[suggest][calibrate]") {
    // The model says × for a problem (logit -2) but the grader said ○ on four reviews.
    std::vector<kg::GraderVerdict> verdicts;
    for (int i = 0; i < 4; ++i) verdicts.push_back({"P01", -2.0, kg::Verdict::Detected});
    const kg::Calibration cal = kg::fit_calibration(verdicts);
    CHECK(cal.verdicts == 4);
    CHECK(cal.shift("P01") > 2.0);
    const kg::Calibration again = kg::fit_calibration(verdicts);
    CHECK(again.shift("P01") == cal.shift("P01"));

    kg::SuggestionSet set;
    kg::ProblemSuggestion p;
    p.problem_id = "P01";
    p.logit = -2.0;
    p.probability = kg::sigmoid(p.logit);
    p.verdict = kg::model_verdict(p.probability);
    set.problems.push_back(p);
    REQUIRE(set.problems[0].verdict == kg::Verdict::Missed);
    kg::apply_calibration(set, cal);
    CHECK(set.problems[0].verdict == kg::Verdict::Detected);
    CHECK(set.problems[0].calibrated_on == 4);
    kg::apply_calibration(set, cal);   // applying twice does not shift twice
    CHECK(set.problems[0].logit == Approx(-2.0 + cal.shift("P01")));

    // Verdicts the model already matches move nothing; no verdicts: identity.
    std::vector<kg::GraderVerdict> agree;
    for (int i = 0; i < 4; ++i) agree.push_back({"P01", 3.0, kg::Verdict::Detected});
    CHECK(kg::fit_calibration(agree).shift("P01") == 0.0);
    CHECK(kg::fit_calibration({}).verdicts == 0);
    // Ungraded verdicts are not the grader's.
    CHECK(kg::fit_calibration({{"P01", 0.0, kg::Verdict::Ungraded}}).verdicts == 0);
}

TEST_CASE("structural headings are never bonus candidates", "[suggest]") {
    CHECK(kg::is_structural_title("TIER 1: CRITICAL ISSUES"));
    CHECK(kg::is_structural_title("Critical Issues"));
    CHECK(kg::is_structural_title("3. Medium"));
    CHECK(kg::is_structural_title("Recommendations"));
    CHECK(kg::is_structural_title("Executive Summary"));
    CHECK(kg::is_structural_title("SRE on-call"));
    CHECK(kg::is_structural_title("Incident Commander"));
    CHECK(kg::is_structural_title(u8"重大な問題"));
    CHECK(kg::is_structural_title(u8"TIER 2: 重要"));
    CHECK(kg::is_structural_title(u8"推奨事項"));
    CHECK_FALSE(kg::is_structural_title("API versioning strategy is missing"));
    CHECK_FALSE(kg::is_structural_title("C1. Critical data loss on consumer restart"));
    CHECK_FALSE(kg::is_structural_title(u8"APIのバージョニング方針がない"));

    // In a review: the tier heading with prose under it is not offered, the real finding is.
    const kg::SuggestionEngine engine(japanese_key());
    const auto set = engine.suggest(std::string_view(kEnglishReview));
    bool versioning = false;
    for (const auto& u : set.unmatched) {
        CHECK_FALSE(kg::is_structural_title(u.title));
        versioning = versioning || u.title == "API versioning strategy is missing";
    }
    CHECK(versioning);
}
