// Turns English, Japanese and mixed text into match terms for the suggestion engine.
//   English: lowercase, stopwords dropped, light stemming (plurals, -ed/-ing, a few
//            derivational suffixes, then a 6-character cap so "duplicate", "duplicates",
//            "duplication" and "duplicated" meet).
//   Identifiers and code spans (`sensor-readings`, /webhooks/utility/dr-notification,
//            event_id, WeatherAPI): the whole identifier is a term, and so are its parts
//            (split at - _ / . and CamelCase boundaries), so a review that writes
//            "sensor readings" or "Weather API" still meets them.
//   "Section 6.1" / "§6" / "セクション6": an extra term "§6" ties findings to locations.
//   Japanese (no spaces): bigrams of Han runs (a lone Han character is kept whole),
//            katakana runs whole (trailing ー dropped: サーバー = サーバ); hiragana and
//            punctuation separate terms. Full-width ASCII is read as ASCII.
// Deterministic, never throws, invalid UTF-8 bytes are skipped.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

enum class TermKind : uint8_t {
    Word,        // stemmed English word (or a part of an identifier)
    Identifier,  // whole identifier as written, lowercased: "sensor-readings", "weatherapi"
    Number,      // "99.5", "500"
    Section,     // "§6"
    CjkBigram,   // two Han characters
    CjkSingle,   // a lone Han character between non-Han characters
    Katakana,    // a katakana run
};

// The kinds a Japanese text gives (an English review has next to none of them).
inline bool is_japanese_kind(TermKind kind) {
    return kind == TermKind::CjkBigram || kind == TermKind::CjkSingle || kind == TermKind::Katakana;
}

// A term as the tokenizer's word memo stores it: text and surface as offsets into one buffer.
struct HashedTerm {
    uint64_t hash;   // term_hash(text)
    uint32_t text_at, text_len, surface_at, surface_len;
    TermKind kind;
    int32_t id;      // TermSink::resolve(hash) of the sink receiving it (-1 when it numbers none)
};

// Receives the terms of a text in order. Views are valid only during the call.
// `surface` is the text as written ("Retries" for the term "retry"), for explanations.
class TermSink {
public:
    virtual ~TermSink() = default;
    virtual void term(std::string_view text, TermKind kind, std::string_view surface) = 0;
    // The tokenizer calls this one, with term_hash(text) already computed (it memoizes
    // hashes); sinks that look terms up by hash override it to save hashing again.
    virtual void term_hashed(uint64_t hash, std::string_view text, TermKind kind,
                             std::string_view surface) {
        (void)hash;
        term(text, kind, surface);
    }
    // Several terms at once (a memoized word replayed), texts in `base`; the same as
    // term_hashed for each in order. Sinks that need only hash and kind (or id) override it.
    virtual void terms_hashed(const HashedTerm* terms, size_t n, const char* base) {
        for (size_t k = 0; k < n; ++k) {
            const HashedTerm& m = terms[k];
            term_hashed(m.hash, std::string_view(base + m.text_at, m.text_len), m.kind,
                        std::string_view(base + m.surface_at, m.surface_len));
        }
    }
    // A sink that numbers terms (a key's vocabulary) names its numbering with a non-null
    // `id_space` and gives a term's number by hash (-1: none). The tokenizer keeps the numbers
    // with its word memo, so terms_hashed receives them in HashedTerm::id and such a sink
    // need not look replayed terms up again.
    virtual const void* id_space() const { return nullptr; }
    virtual int32_t resolve(uint64_t hash) const {
        (void)hash;
        return -1;
    }
    // A numbering sink that needs of a replayed word only how many terms it has, how many
    // of them are Japanese (is_japanese_kind) and its numbered terms' ids says so with
    // `counts_only`; the tokenizer then keeps that summary with its memo and calls `counted`
    // instead of terms_hashed. The counts may come batched (a word's ids first, the totals
    // of several words later, by the end of the text): such a sink only adds them up.
    virtual bool counts_only() const { return false; }
    virtual void counted(uint32_t terms, uint32_t japanese, const int32_t* ids, size_t n_ids) {
        (void)terms, (void)japanese, (void)ids, (void)n_ids;
    }
};

void tokenize(std::string_view text, TermSink& sink);

// The same, reusable: it remembers the terms of every word it has seen, so tokenizing the
// many blocks of one review costs a hash lookup per repeated word. Output is identical.
class Tokenizer {
public:
    Tokenizer();
    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    void run(std::string_view text, TermSink& sink);
    // Streaming form: begin, feed pieces (a word may continue across pieces), end.
    void begin(TermSink& sink);
    void feed(std::string_view text);
    void end();
private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

struct Term {
    std::string text;
    TermKind kind = TermKind::Word;
    std::string surface;
};
std::vector<Term> tokenize(std::string_view text);
std::vector<std::string> tokenize_terms(std::string_view text);   // texts only (tests, tools)

// Stems one lowercase ASCII word; words of 3 letters or fewer are kept as they are.
std::string stem_english(std::string_view lower_word);
// True when a stemmed English word or a CJK term carries no topic (articles, rubric verbs
// such as "identify"/"mention", 言及/指摘 ...).
bool is_stop_term(std::string_view term);

// FNV-1a 64-bit hash used to look terms up without allocating.
uint64_t term_hash(std::string_view term);

}  // namespace kg
