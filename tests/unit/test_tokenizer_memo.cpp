// The reusable Tokenizer's word memo and its summaries for counts-only sinks (the review
// index's sink): whatever path a word takes (first sight, memo replay, summary, batched
// totals), a sink must see what a fresh tokenize() of the same text gives.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "suggest/tokenize.h"

namespace {

// A numbering sink like the review index's: counts terms and Japanese terms, and notes the
// ids of the terms its vocabulary numbers. With counts_only it takes the summaries.
class CountingSink : public kg::TermSink {
public:
    CountingSink(const std::vector<std::string>& vocabulary, bool counts_only)
        : vocabulary_(vocabulary), counts_only_(counts_only) {}
    long terms = 0, japanese = 0;
    std::map<int, int> ids;   // id -> how many times

    void term(std::string_view text, kg::TermKind kind, std::string_view) override {
        add(kg::term_hash(text), kind);
    }
    void term_hashed(uint64_t hash, std::string_view, kg::TermKind kind, std::string_view) override {
        add(hash, kind);
    }
    void terms_hashed(const kg::HashedTerm* t, size_t n, const char*) override {
        for (size_t k = 0; k < n; ++k) {
            ++terms;
            japanese += kg::is_japanese_kind(t[k].kind);
            CHECK(t[k].id == resolve(t[k].hash));   // the memo's ids are in this numbering
            if (t[k].id >= 0) ++ids[t[k].id];
        }
    }
    void counted(uint32_t n, uint32_t ja, const int32_t* id, size_t n_ids) override {
        REQUIRE(counts_only_);
        terms += n;
        japanese += ja;
        for (size_t k = 0; k < n_ids; ++k) ++ids[id[k]];
    }
    bool counts_only() const override { return counts_only_; }
    const void* id_space() const override { return &vocabulary_; }
    int32_t resolve(uint64_t hash) const override {
        for (size_t i = 0; i < vocabulary_.size(); ++i)
            if (kg::term_hash(vocabulary_[i]) == hash) return static_cast<int32_t>(i);
        return -1;
    }

private:
    void add(uint64_t hash, kg::TermKind kind) {
        ++terms;
        japanese += kg::is_japanese_kind(kind);
        const int32_t id = resolve(hash);
        if (id >= 0) ++ids[id];
    }
    const std::vector<std::string>& vocabulary_;
    bool counts_only_;
};

// What a fresh tokenize() says a sink over `vocabulary` should receive.
struct Expected {
    long terms = 0, japanese = 0;
    std::map<int, int> ids;
};
Expected expected(std::string_view text, const std::vector<std::string>& vocabulary) {
    Expected e;
    for (const kg::Term& t : kg::tokenize(text)) {
        ++e.terms;
        e.japanese += kg::is_japanese_kind(t.kind);
        const auto at = std::find(vocabulary.begin(), vocabulary.end(), t.text);
        if (at != vocabulary.end()) ++e.ids[static_cast<int>(at - vocabulary.begin())];
    }
    return e;
}

// Streams `text` in pieces of about `piece` bytes (words then cross the pieces), cut at
// character boundaries as Markdown spans are.
void stream(kg::Tokenizer& tok, std::string_view text, size_t piece, kg::TermSink& sink) {
    tok.begin(sink);
    for (size_t at = 0; at < text.size();) {
        size_t end = std::min(text.size(), at + piece);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        tok.feed(text.substr(at, end - at));
        at = end;
    }
    tok.end();
}

const std::vector<std::string> kTexts = {
    "Retries retry the retried webhook; the webhook retries without idempotency keys.",
    "Section 6.1 and §6 say event_id, sensor-readings and /webhooks/utility/dr-notification; "
    "WeatherAPI WeatherAPI 99.5 500 the the a an",
    u8"冪等性キーの検証がない。冪等性キーの検証がない。サーバーのタイムアウト、サーバーのタイムアウト",
    u8"サーキットブレーカーがないためリトライが冪等でない。Kafkaのオフセットcommitタイミング、ＡＰＩ",
    u8"セクション5 の retry と リトライ、retry と リトライ。Section 7 retry 7",
    "",
};

}  // namespace

TEST_CASE("tokenizer memo: a counts-only sink gets what a fresh tokenize gives", "[suggest][tokenize]") {
    // Two numberings over terms the texts really have, so some words carry ids and most do not.
    std::vector<std::string> all;
    for (const auto& text : kTexts)
        for (const std::string& t : kg::tokenize_terms(text))
            if (std::find(all.begin(), all.end(), t) == all.end()) all.push_back(t);
    REQUIRE(all.size() > 20);
    std::vector<std::string> even, odd;
    for (size_t i = 0; i < all.size(); ++i) (i % 2 ? odd : even).push_back(all[i]);

    kg::Tokenizer tok;   // one for everything: the memo fills, then is replayed and renumbered
    for (int round = 0; round < 3; ++round) {
        for (const auto* vocabulary : {&even, &odd}) {
            for (const bool counts_only : {true, false}) {
                for (const size_t piece : {size_t{1000000}, size_t{7}, size_t{1}}) {
                    for (const auto& text : kTexts) {
                        CAPTURE(round, counts_only, piece, text);
                        CountingSink sink(*vocabulary, counts_only);
                        stream(tok, text, piece, sink);
                        const Expected want = expected(text, *vocabulary);
                        CHECK(sink.terms == want.terms);
                        CHECK(sink.japanese == want.japanese);
                        CHECK(sink.ids == want.ids);
                    }
                }
            }
        }
    }
}

TEST_CASE("tokenizer memo: totals of a counts-only sink arrive by end()", "[suggest][tokenize]") {
    const std::vector<std::string> none;
    kg::Tokenizer tok;
    CountingSink warm(none, true);
    tok.run("alpha beta gamma alpha beta gamma", warm);   // now all three are memoized
    CountingSink sink(none, true);
    tok.begin(sink);
    tok.feed("alpha beta gamma ");
    tok.end();
    REQUIRE(expected("alpha beta gamma", none).terms == 3);
    CHECK(sink.terms == 3);
    // A second text on the same tokenizer starts from zero.
    CountingSink next(none, true);
    tok.run("alpha", next);
    CHECK(next.terms == 1);
}
