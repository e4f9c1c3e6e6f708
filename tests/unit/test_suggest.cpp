// The suggestion engine: tokenizer (English, Japanese, mixed, identifiers), the △ split,
// verdicts on a synthetic review, unmatched findings and bonus ids, determinism, garbage.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "markdown/markdown.h"
#include "suggest/match_index.h"
#include "review/review.h"
#include "suggest/suggest.h"
#include "suggest/tokenize.h"

namespace {

bool has_term(const std::vector<std::string>& terms, const std::string& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
}

kg::AnswerKey synthetic_key() {
    kg::AnswerKey key;
    key.title = "Answer Key - Round 001";
    kg::Problem p1;
    p1.id = "P01";
    p1.title = "No circuit breaker for WeatherAPI calls";
    p1.category = "Fault Recovery Design";
    p1.location = "Section 6 - Error Handling";
    p1.description =
        "The Forecast Service calls WeatherAPI with exponential backoff retries but lacks circuit "
        "breaker protection. Repeated retries from all forecast jobs compound load on the failing "
        "service (retry storm) and cause cascading failures.";
    p1.criteria.detected =
        "Explicitly identifies the absence of circuit breaker for WeatherAPI integration and "
        "explains the risk of cascading failures or retry storm scenarios";
    p1.criteria.partial =
        "Mentions need for fault isolation or retry improvements but does not specifically "
        "recommend circuit breaker pattern or identify WeatherAPI as critical external dependency";
    p1.criteria.missed = "No mention of circuit breaker or retry storm risks";

    kg::Problem p2;
    p2.id = "P02";
    p2.title = "Missing idempotency design for DR event webhook processing";
    p2.category = "Data Integrity & Idempotency";
    p2.location = "Section 5 - API Design, Webhook Endpoints";
    p2.description =
        "The `/webhooks/utility/dr-notification` endpoint returns 200 immediately but lacks "
        "idempotency guarantees. If the utility retries the webhook, duplicate DR events are "
        "created, leading to redundant BMS commands. Use an idempotency key (event_id).";
    p2.criteria.detected =
        "Identifies webhook idempotency concerns, specifically mentioning duplicate delivery risks "
        "for DR event processing and need for idempotency key mechanism";
    p2.criteria.partial =
        "Mentions general idempotency concerns or webhook reliability but does not connect to DR "
        "event duplication risk or propose specific mitigation (idempotency key validation)";
    p2.criteria.missed = "No mention of webhook idempotency or duplicate delivery handling";

    kg::Problem p3;
    p3.id = "P03";
    p3.title = "Redis cache invalidation strategy undefined for forecast updates";
    p3.category = "Data Integrity";
    p3.location = "Section 5 - API Design";
    p3.description =
        "The current-usage endpoint caches responses in Redis with a 10-second TTL but no "
        "invalidation when late sensor readings arrive; stale cache misleads operators.";
    p3.criteria.detected =
        "Identifies cache invalidation concerns, mentioning stale data risks and proposing "
        "event-driven invalidation or TTL tuning";
    p3.criteria.partial =
        "Mentions general caching concerns or data freshness but does not propose a specific "
        "invalidation strategy";
    p3.criteria.missed = "No mention of cache invalidation or staleness";
    key.problems = {p1, p2, p3};

    kg::BonusRow b1;
    b1.id = "B01";
    b1.category = "Monitoring & Alerting";
    b1.content = "Prometheus/Grafana monitoring but the monitoring system itself is not highly "
                 "available (Prometheus SPOF)";
    b1.criteria = "Points out monitoring infrastructure SPOF or recommends Prometheus federation/Thanos";
    kg::BonusRow b2;
    b2.id = "B02";
    b2.category = "Deployment";
    b2.content = "Rolling update without graceful shutdown validation for WebSocket connections";
    b2.criteria = "Recommends graceful shutdown checks or API versioning";
    key.bonus = {b1, b2};
    return key;
}

const char* const kReview = R"(# Reliability Review

## Summary

The design has gaps around external dependencies and monitoring.

## Critical Issues

### C1. No circuit breaker on WeatherAPI calls

Reference: Section 6 (Error Handling)

The Forecast Service retries WeatherAPI with exponential backoff for every forecast job, and
nothing stops the calls when WeatherAPI is down. All jobs keep retrying, which turns into a
retry storm and cascading failures across the forecast workers.

- Add a circuit breaker around WeatherAPI calls and fail fast while it is open.

### C2. Webhook reliability is not described

Reference: Section 5

The webhook handler should be more reliable. Idempotency in general is not discussed for the
API, and webhook reliability depends on logging that is not described.

## Significant Issues

### S1. Prometheus is a single point of failure

Prometheus runs as one instance with no HA; when it fails the monitoring of the whole platform
is lost during an incident. Recommend Prometheus federation or Thanos.
)";

struct Parsed {
    kg::MarkdownDocument doc;
    kg::Review review;
};

Parsed parse(const std::string& text) {
    Parsed p;
    p.doc = kg::parse_markdown(text);
    p.review = kg::parse_review(p.doc);
    return p;
}

const kg::ProblemSuggestion& problem(const kg::SuggestionSet& set, const std::string& id) {
    for (const auto& p : set.problems)
        if (p.problem_id == id) return p;
    FAIL("no suggestion for " << id);
    return set.problems.front();
}

}  // namespace

TEST_CASE("tokenize: English words are lowercased, stemmed and stop words dropped", "[suggest][tokenize]") {
    const auto t = kg::tokenize_terms("The Retries and the retried RETRYING of the services");
    CHECK(t == std::vector<std::string>{"retry", "retry", "retry", "servic"});
    // Inflections and derivations meet.
    CHECK(kg::stem_english("duplicates") == kg::stem_english("duplication"));
    CHECK(kg::stem_english("duplicated") == kg::stem_english("duplicate"));
    CHECK(kg::stem_english("idempotency") == kg::stem_english("idempotent"));
    CHECK(kg::stem_english("timeouts") == kg::stem_english("timeout"));
    CHECK(kg::stem_english("caching") == kg::stem_english("cache"));
    CHECK(kg::stem_english("committed") == kg::stem_english("commit"));
    CHECK(kg::stem_english("configuration") == kg::stem_english("configured"));
    CHECK(kg::stem_english("policies") == "policy");
    CHECK(kg::stem_english("expiration") == kg::stem_english("expire"));
    CHECK(kg::stem_english("validation") == kg::stem_english("validate"));
    CHECK(kg::stem_english("threat") != kg::stem_english("three"));
    CHECK(kg::stem_english("bus") == "bus");   // short words stay
    // Rubric wording is not topic.
    CHECK(kg::tokenize_terms("Explicitly identifies and mentions the missing").empty());
}

TEST_CASE("tokenize: identifiers keep the whole and their parts", "[suggest][tokenize]") {
    const auto t = kg::tokenize_terms(
        "Kafka topic `sensor-readings`, POST /webhooks/utility/dr-notification, event_id, WeatherAPI");
    CHECK(has_term(t, "sensor-readings"));
    CHECK(has_term(t, "sensor"));
    CHECK(has_term(t, kg::stem_english("readings")));
    CHECK(has_term(t, "webhooks/utility/dr-notification"));
    CHECK(has_term(t, "dr-notification"));
    CHECK(has_term(t, kg::stem_english("webhooks")));
    CHECK(has_term(t, "notifi"));
    CHECK(has_term(t, "event_id"));
    CHECK(has_term(t, "event"));
    CHECK(has_term(t, "id"));
    CHECK(has_term(t, "weatherapi"));
    CHECK(has_term(t, kg::stem_english("weather")));
    CHECK(has_term(t, "api"));
    // snake_case and CamelCase spellings of the same words meet on their parts.
    const auto camel = kg::tokenize_terms("eventId");
    CHECK(has_term(camel, "event"));
    CHECK(has_term(camel, "id"));
}

TEST_CASE("tokenize: section references become a location term", "[suggest][tokenize]") {
    CHECK(has_term(kg::tokenize_terms("Reference: Section 6.1 (Error Handling)"), "\xC2\xA7" "6"));
    CHECK(has_term(kg::tokenize_terms("see \xC2\xA7" "7"), "\xC2\xA7" "7"));
    CHECK(has_term(kg::tokenize_terms("\xE3\x82\xBB\xE3\x82\xAF\xE3\x82\xB7\xE3\x83\xA7\xE3\x83\xB3" "5"),
                   "\xC2\xA7" "5"));   // セクション5
}

TEST_CASE("tokenize: Japanese uses Han bigrams and katakana runs", "[suggest][tokenize]") {
    // 冪等性キーの検証がない。サーバーのタイムアウト
    const auto t = kg::tokenize(u8"冪等性キーの検証がない。サーバーのタイムアウト");
    std::vector<std::string> texts;
    for (const auto& x : t) texts.push_back(x.text);
    CHECK(has_term(texts, u8"冪等"));
    CHECK(has_term(texts, u8"等性"));
    CHECK(has_term(texts, u8"キー"));
    CHECK(has_term(texts, u8"検証"));
    CHECK(has_term(texts, u8"サーバ"));       // trailing ー dropped
    CHECK(has_term(texts, u8"タイムアウト"));
    CHECK_FALSE(has_term(texts, u8"がな"));   // hiragana only separates
    for (const auto& x : t)
        if (x.text == u8"冪等") CHECK(x.kind == kg::TermKind::CjkBigram);
    // Rubric words are stop terms in Japanese too.
    CHECK(kg::tokenize_terms(u8"言及").empty());
}

TEST_CASE("tokenize: mixed documents and full-width ASCII", "[suggest][tokenize]") {
    const auto t = kg::tokenize_terms(u8"Kafkaのオフセットcommitタイミング、ＡＰＩ");
    CHECK(has_term(t, "kafka"));
    CHECK(has_term(t, u8"オフセット"));
    CHECK(has_term(t, "commit"));
    CHECK(has_term(t, u8"タイミング"));
    CHECK(has_term(t, "api"));
}

TEST_CASE("tokenize: the glossary bridges Japanese and English", "[suggest][tokenize]") {
    // サーキットブレーカーがないためリトライが冪等でない
    const auto t = kg::tokenize_terms(u8"サーキットブレーカーがないためリトライが冪等でない");
    CHECK(has_term(t, kg::stem_english("circuit")));
    CHECK(has_term(t, kg::stem_english("breaker")));
    CHECK(has_term(t, kg::stem_english("retry")));
    CHECK(has_term(t, kg::stem_english("idempotency")));
    // Short katakana entries match only whole runs: キー yes, キーボード no.
    CHECK(has_term(kg::tokenize_terms(u8"キー"), "key"));
    CHECK_FALSE(has_term(kg::tokenize_terms(u8"キーボード"), "key"));
}

TEST_CASE("tokenize: garbage never crashes", "[suggest][tokenize]") {
    std::string bytes;
    for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919) & 0xFF);
    CHECK_NOTHROW(kg::tokenize_terms(bytes));
    CHECK(kg::tokenize_terms("").empty());
    CHECK_NOTHROW(kg::tokenize_terms(std::string(100000, 'a')));
    CHECK_NOTHROW(kg::tokenize_terms(std::string(1000, '-') + "x" + std::string(1000, '/')));
}

TEST_CASE("split_partial_criterion: the 'but does not' clause is what △ misses", "[suggest]") {
    auto s = kg::split_partial_criterion(
        "Mentions retry improvements but does not recommend circuit breaker pattern");
    CHECK(s.mentions == "Mentions retry improvements");
    CHECK(s.misses.find("circuit breaker") != std::string::npos);
    // 「Xに言及しているが、Yには触れていない」
    s = kg::split_partial_criterion(u8"キャッシュに言及しているが、無効化戦略には触れていない");
    CHECK(s.mentions.find(u8"キャッシュ") != std::string::npos);
    CHECK(s.misses.find(u8"無効化") != std::string::npos);
    s = kg::split_partial_criterion("Mentions caching in general");
    CHECK(s.misses.empty());
}

TEST_CASE("key index: core terms are the ○-specific ones", "[suggest]") {
    const kg::KeyIndex index(synthetic_key());
    const auto& p1 = index.problems()[0];
    std::vector<std::string> core;
    for (int t : p1.core) core.push_back(index.display(t));
    CHECK(has_term(core, "circuit"));
    CHECK(has_term(core, "breaker"));
    CHECK(has_term(core, "weatherapi"));
    CHECK_FALSE(has_term(core, "retry"));   // a △ finding already mentions retries
}

TEST_CASE("suggest: ○ finding, △ finding without the core, unrelated problem ×", "[suggest]") {
    const kg::SuggestionEngine engine(synthetic_key());
    const Parsed r = parse(kReview);
    REQUIRE(r.review.findings.size() >= 3);
    const kg::SuggestionSet set = engine.suggest(r.doc, r.review);
    REQUIRE(set.problems.size() == 3);

    const auto& p1 = problem(set, "P01");
    CHECK(p1.verdict == kg::Verdict::Detected);
    REQUIRE(p1.finding >= 0);
    CHECK(r.review.findings[static_cast<size_t>(p1.finding)].id == "C1");
    REQUIRE_FALSE(p1.evidence.empty());
    // Evidence lies inside C1 and says why.
    const auto& c1 = r.review.findings[static_cast<size_t>(p1.finding)];
    CHECK(p1.evidence[0].line_start >= c1.line_start);
    CHECK(p1.evidence[0].line_end <= c1.line_end);
    CHECK(p1.evidence[0].score > 0);
    CHECK_FALSE(p1.evidence[0].terms.empty());
    CHECK(p1.confidence >= 0.5);
    CHECK(p1.confidence <= 1.0);

    // C2 is about P02 only generically: real judges mostly still say ○ or △ for such a
    // finding, so the model puts it on topic, less sure than P01, and says what is missing.
    const auto& p2 = problem(set, "P02");
    CHECK(p2.verdict != kg::Verdict::Missed);
    CHECK(p2.probability < p1.probability);
    CHECK(has_term(p2.core_missing, "duplicate"));

    const auto& p3 = problem(set, "P03");
    CHECK(p3.verdict == kg::Verdict::Missed);
}

TEST_CASE("suggest: a finding about no problem is unmatched, with its bonus row", "[suggest]") {
    const kg::SuggestionEngine engine(synthetic_key());
    const Parsed r = parse(kReview);
    const kg::SuggestionSet set = engine.suggest(r.doc, r.review);
    REQUIRE(set.unmatched.size() == 1);
    CHECK(set.unmatched[0].finding_id == "S1");
    CHECK(set.unmatched[0].bonus_id == "B01");
    CHECK(set.unmatched[0].line_start > 0);
    CHECK(set.unmatched[0].line_end >= set.unmatched[0].line_start);
}

TEST_CASE("suggest: a second finding on a problem is not a bonus candidate", "[suggest]") {
    const std::string review = std::string(kReview) +
        "\n### S2. Retry storm against WeatherAPI\n\n"
        "Every forecast job retries WeatherAPI on its own; without a circuit breaker an outage "
        "becomes a retry storm.\n"
        "\n### S3. DR schedule is kept only in memory\n\n"
        "The DR Coordinator keeps its command schedule in memory; a restart loses it.\n";
    const auto set = kg::SuggestionEngine(synthetic_key()).suggest(std::string_view(review));
    std::vector<std::string> ids;
    for (const auto& u : set.unmatched) ids.push_back(u.finding_id);
    CHECK(has_term(ids, "S1"));
    CHECK(has_term(ids, "S3"));           // about no problem of the key
    CHECK_FALSE(has_term(ids, "S2"));     // about P01, like C1
    CHECK_FALSE(has_term(ids, "C1"));
}

TEST_CASE("suggest: text outside findings is weaker evidence than a finding", "[suggest]") {
    // The same words about Redis, once under "Positive Aspects", once as a finding.
    const std::string words =
        "Redis caches the current-usage responses with a 10-second TTL and event-driven "
        "invalidation keeps stale cache data away from operators.\n";
    const std::string outside = std::string(kReview) + "\n## Positive Aspects\n\n" + words;
    const std::string inside = std::string(kReview) + "\n### S2. Operator screens\n\n" + words;
    const kg::SuggestionEngine engine(synthetic_key());
    const auto a = engine.suggest(std::string_view(outside));
    const auto b = engine.suggest(std::string_view(inside));
    CHECK(problem(a, "P03").topic < problem(b, "P03").topic);
    CHECK(problem(a, "P03").finding == -1);
}

TEST_CASE("suggest: deterministic", "[suggest]") {
    const kg::SuggestionEngine engine(synthetic_key());
    // The engine's word memo must not change results: a warm engine (after other reviews,
    // including one with "Section" before every word) equals a fresh one.
    engine.suggest(std::string_view("Section retry Section WeatherAPI section 6 circuit-breaker"));
    engine.suggest(std::string_view(u8"# 別のレビュー\n\nキャッシュ invalidation TTL"));
    const auto a = engine.suggest(std::string_view(kReview));
    const auto b = kg::SuggestionEngine(synthetic_key()).suggest(std::string_view(kReview));
    REQUIRE(a.problems.size() == b.problems.size());
    for (size_t i = 0; i < a.problems.size(); ++i) {
        CHECK(a.problems[i].verdict == b.problems[i].verdict);
        CHECK(a.problems[i].confidence == b.problems[i].confidence);
        REQUIRE(a.problems[i].evidence.size() == b.problems[i].evidence.size());
        for (size_t k = 0; k < a.problems[i].evidence.size(); ++k) {
            CHECK(a.problems[i].evidence[k].line_start == b.problems[i].evidence[k].line_start);
            CHECK(a.problems[i].evidence[k].score == b.problems[i].evidence[k].score);
            CHECK(a.problems[i].evidence[k].terms == b.problems[i].evidence[k].terms);
        }
    }
    CHECK(a.unmatched.size() == b.unmatched.size());
}

TEST_CASE("suggest: Japanese key and review", "[suggest]") {
    kg::AnswerKey key;
    kg::Problem p;
    p.id = "P01";
    p.title = u8"外部API呼び出しにタイムアウト設定がない";
    p.description = u8"BMSのSOAP API呼び出しにタイムアウトが設定されておらず、応答がない場合にゴルーチンが枯渇する。";
    p.criteria.detected = u8"BMS API呼び出しのタイムアウト未設定を指摘し、ゴルーチン枯渇のリスクを説明している";
    p.criteria.partial = u8"外部API呼び出しの信頼性に言及しているが、タイムアウト設定には触れていない";
    kg::Problem q;
    q.id = "P02";
    q.title = u8"キャッシュ無効化戦略が未定義";
    q.description = u8"Redisキャッシュの無効化方針がなく、古いデータが表示される。";
    q.criteria.detected = u8"キャッシュ無効化の欠如と古いデータのリスクを指摘している";
    key.problems = {p, q};
    const std::string review =
        u8"# レビュー\n\n## 重大な問題\n\n### 1. BMS API呼び出しにタイムアウトがない\n\n"
        u8"BMSのSOAP API呼び出しにタイムアウトが設定されていないため、BMSが応答しない場合に"
        u8"ゴルーチンがブロックされ、枯渇する。接続タイムアウト5秒を設定すべき。\n";
    const auto set = kg::SuggestionEngine(key).suggest(std::string_view(review));
    REQUIRE(set.problems.size() == 2);
    CHECK(set.problems[0].verdict == kg::Verdict::Detected);
    CHECK(set.problems[1].verdict == kg::Verdict::Missed);
}

TEST_CASE("suggest: a Japanese review meets an English key", "[suggest]") {
    const std::string review =
        u8"# レビュー\n\n## 重大な問題\n\n### C1. WeatherAPI呼び出しにサーキットブレーカーがない\n\n"
        u8"Forecast ServiceはWeatherAPIを指数バックオフでリトライするが、サーキットブレーカーがない。"
        u8"WeatherAPIの障害時に全ジョブがリトライを続け、リトライストームと連鎖的な障害(カスケード)を招く。\n";
    const auto set = kg::SuggestionEngine(synthetic_key()).suggest(std::string_view(review));
    REQUIRE(set.problems.size() == 3);
    CHECK(set.problems[0].verdict == kg::Verdict::Detected);
    CHECK(set.problems[2].verdict == kg::Verdict::Missed);
}

TEST_CASE("suggest: garbage and empty input never crash", "[suggest]") {
    const kg::SuggestionEngine engine(synthetic_key());
    std::string bytes;
    for (int i = 0; i < 20000; ++i) bytes += static_cast<char>((i * 131 + i / 7) & 0xFF);
    kg::SuggestionSet set;
    CHECK_NOTHROW(set = engine.suggest(std::string_view(bytes)));
    CHECK(set.problems.size() == 3);
    CHECK_NOTHROW(set = engine.suggest(std::string_view("")));
    CHECK(set.problems.size() == 3);
    for (const auto& p : set.problems) CHECK(p.verdict == kg::Verdict::Missed);
    CHECK_NOTHROW(engine.suggest(std::string_view("#\n##\n###\n| a |\n|---|\n| b |\n")));
    // An empty key gives an empty suggestion set, not a crash.
    const kg::SuggestionEngine empty{kg::AnswerKey{}};
    set = empty.suggest(std::string_view(kReview));
    CHECK(set.problems.empty());
}
