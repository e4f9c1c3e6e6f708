// The two indexes the suggestion engine matches against each other:
//   KeyIndex    - built once per answer key: the key's vocabulary (every term of every
//                 problem and bonus row) and, per problem, weighted term profiles.
//   ReviewIndex - built per review: which key terms each passage (Markdown block) and
//                 each section (a finding, or a run of blocks outside findings) contains.
// Review terms that the key never uses are dropped while tokenizing: they cannot match.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include "markdown/markdown.h"
#include "model/model.h"
#include "suggest/tokenize.h"

namespace kg {

// A fixed set of key terms as bits, with the words that have any (a profile's terms are
// few and mostly neighbours, so a walk over those words skips most of the vocabulary).
struct TermMask {
    std::vector<uint64_t> bits;
    std::vector<uint32_t> nonzero;   // indices of the words of `bits` that are not 0, ascending
};

// A set of key term indices (bit i = term i), sized to the key's vocabulary. A view: the
// bits live in an array its owner keeps (ReviewIndex holds all of a review's sets in two
// arrays, one allocation each instead of one per passage and section).
class TermSet {
public:
    TermSet() = default;
    TermSet(uint64_t* words, size_t count) : words_(words), count_(count) {}
    void set(int t) { words_[static_cast<size_t>(t) >> 6] |= (1ull << (t & 63)); }
    bool has(int t) const { return (words_[static_cast<size_t>(t) >> 6] >> (t & 63)) & 1u; }
    void unite(const TermSet& other) {
        for (size_t i = 0; i < count_ && i < other.count_; ++i) words_[i] |= other.words_[i];
    }
    template <class F> void for_each(F&& f) const {
        for (size_t i = 0; i < count_; ++i) {
            uint64_t w = words_[i];
            while (w) {
                const int bit = __builtin_ctzll(w);
                f(static_cast<int>(i * 64 + static_cast<size_t>(bit)));
                w &= w - 1;
            }
        }
    }
    // The same, for the terms that are also in `mask` (of this set's size).
    template <class F> void for_each_in(const TermMask& mask, F&& f) const {
        for (const uint32_t i : mask.nonzero) {
            if (i >= count_) break;
            uint64_t w = words_[i] & mask.bits[i];
            while (w) {
                const int bit = __builtin_ctzll(w);
                f(static_cast<int>(i * 64 + static_cast<size_t>(bit)));
                w &= w - 1;
            }
        }
    }
    static size_t words_for(size_t terms) { return (terms + 63) / 64; }
private:
    uint64_t* words_ = nullptr;
    size_t count_ = 0;
};

// A weighted term of a profile. `field` is the field weight (title, criteria ...), the
// IDF part is applied per review because it depends on the review's passages too.
struct ProfileTerm {
    int term = 0;
    double field = 0;
};

// What one problem (or bonus row) is about, as term lists.
struct MatchProfile {
    std::string id;
    std::vector<ProfileTerm> terms;   // everything the key says about it, field-weighted
    std::vector<int> title;           // terms of the title (the topic in a few words)
    std::vector<int> core;            // ○-specific terms: what separates ○ from △
    std::vector<int> partial;         // what a △ finding is expected to mention

    // The same, dense over the key's vocabulary (filled once the vocabulary is complete),
    // so scoring a passage walks only the terms the passage has.
    enum Role : uint8_t { kTitle = 1, kCore = 2 };
    std::vector<float> field_of;      // field weight per term, 0 when not in this profile
    std::vector<uint8_t> role_of;     // Role bits per term
    // Bit t set when field_of[t] or role_of[t] is not 0: the terms that can add to a score.
    // A set's other terms add exactly +0, so scoring skips them.
    TermMask scored;
};

class KeyIndex {
public:
    explicit KeyIndex(const AnswerKey& key);

    size_t vocabulary_size() const { return display_.size(); }
    int find(std::string_view term) const;         // term index, -1 if the key never uses it
    int find_hash(uint64_t term_hash) const;       // the same, by term_hash(term)
    const std::string& display(int term) const { return display_[static_cast<size_t>(term)]; }
    double key_idf(int term) const { return key_idf_[static_cast<size_t>(term)]; }
    // A term written in ASCII (an English word, identifier or number, also the English
    // terms the glossary gives a Japanese word): the only kind an English review can match.
    bool latin(int term) const { return latin_[static_cast<size_t>(term)] != 0; }
    const std::vector<uint8_t>& latin_terms() const { return latin_; }   // 1 per Latin term
    // The key is written in Japanese (most of its problems' letters are Japanese).
    bool japanese() const { return japanese_; }

    const std::vector<MatchProfile>& problems() const { return problems_; }
    const std::vector<MatchProfile>& bonus() const { return bonus_; }

private:
    int intern(std::string_view term, std::string_view surface);
    MatchProfile build_problem(const Problem& p);
    MatchProfile build_bonus(const BonusRow& b);
    void rebuild_table();

    std::vector<std::string> display_;   // surface form first seen in the key, lowercased
    std::vector<uint64_t> hashes_;       // term hash per index
    std::vector<double> key_idf_;
    std::vector<uint8_t> latin_;         // per term: 1 when its text is ASCII
    bool japanese_ = false;
    std::vector<int> table_;             // open addressing: slot -> term index or -1
    std::vector<MatchProfile> problems_;
    std::vector<MatchProfile> bonus_;
};

// Splits a △ criterion at its "but does not ..." turn: {what it mentions, what it misses}.
// English ("but", "without", "does not", "fails to") and Japanese (が、, ものの, しかし ...).
struct CriterionSplit {
    std::string mentions;
    std::string misses;
};
CriterionSplit split_partial_criterion(std::string_view partial);

struct Passage {
    int block = 0;          // index into MarkdownDocument::blocks
    int line_start = 0;
    int line_end = 0;
    int tokens = 0;         // all terms, matched or not (passage length)
    TermSet terms;          // key terms present
};

struct Section {
    int finding = -1;       // index into Review::findings; -1 for text outside findings
    int line_start = 0;
    int line_end = 0;
    int first_passage = 0;  // passages [first_passage, end_passage)
    int end_passage = 0;
    int tokens = 0;
    TermSet terms;          // union of its passages
    TermSet heading;        // terms of its heading (the finding title)
};

class ReviewIndex {
public:
    // `tokenizer` may be shared between reviews (its word memo then carries over); when
    // null, a fresh one is used.
    ReviewIndex(const KeyIndex& key, const MarkdownDocument& doc, const Review& review,
                Tokenizer* tokenizer = nullptr);
    // The sets are views into this index's arrays: moving keeps them valid, copying would not.
    ReviewIndex(const ReviewIndex&) = delete;
    ReviewIndex& operator=(const ReviewIndex&) = delete;
    ReviewIndex(ReviewIndex&&) = default;
    ReviewIndex& operator=(ReviewIndex&&) = default;

    const std::vector<Passage>& passages() const { return passages_; }
    const std::vector<Section>& sections() const { return sections_; }
    // How many passages contain a term (its document frequency in this review).
    int passage_frequency(int term) const { return df_[static_cast<size_t>(term)]; }
    // The review is written in Japanese: at least a quarter of its terms are Japanese (a
    // Japanese review also carries English identifiers and the glossary's English terms;
    // an English review of a Japanese key has next to none). Counted while tokenizing.
    bool mostly_japanese() const { return japanese_terms_ * 4 >= terms_ && japanese_terms_ > 0; }

private:
    std::vector<Passage> passages_;
    std::vector<Section> sections_;
    std::vector<uint64_t> passage_bits_;   // the passages' term sets, one after another
    std::vector<uint64_t> section_bits_;   // the sections' term and heading sets
    std::vector<int> df_;
    long terms_ = 0;
    long japanese_terms_ = 0;
};

// Share of a text's letters that are Japanese (kana or Han), 0..1; counted per UTF-8 lead
// byte (E3-E9 start the kana and CJK blocks), so it is one cheap pass.
struct LetterCount {
    size_t japanese = 0;
    size_t latin = 0;
    void add(std::string_view text);
    // Japanese words are 2-4 characters and English ones 5-8 letters: a Japanese character
    // counts three times, then 30% is the line.
    bool mostly_japanese() const { return japanese > 0 && japanese * 30 >= (3 * japanese + latin) * 3; }
};

// The plain text of a block as the matcher and the evidence see it (table cells joined).
std::string block_plain_text(const Block& b);

}  // namespace kg
