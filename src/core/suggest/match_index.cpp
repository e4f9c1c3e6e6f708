// Builds the key and review indexes; see match_index.h.
#include "suggest/match_index.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include "base/sort_util.h"
#include "base/text.h"
#include "suggest/tokenize.h"

namespace kg {

// ---- Criterion split ---------------------------------------------------------------------

namespace {

// Earliest position of any marker in `s` (ASCII-lowercased copy for English), npos if none.
size_t find_first_marker(std::string_view lower, const std::vector<std::string_view>& markers,
                         size_t& marker_len) {
    size_t best = std::string_view::npos;
    for (auto m : markers) {
        const size_t at = lower.find(m);
        if (at != std::string_view::npos && (best == std::string_view::npos || at < best)) {
            best = at;
            marker_len = m.size();
        }
    }
    return best;
}

}  // namespace

CriterionSplit split_partial_criterion(std::string_view partial) {
    const std::string lower = to_lower_ascii(partial);
    // English: the "but ..." clause names what a partial finding misses.
    static const std::vector<std::string_view> english = {
        " but ", ", but", " without ", " does not ", " doesn't ", " do not ", " fails to ",
        " lacks ", " missing ", " not connect", " no mention"};
    // Japanese: 「Xに言及しているが、Yには触れていない」
    static const std::vector<std::string_view> japanese = {
        "\xE3\x81\x8C\xE3\x80\x81",                          // が、
        "\xE3\x81\x8C\xEF\xBC\x8C",                          // が，
        "\xE3\x82\x82\xE3\x81\xAE\xE3\x81\xAE",              // ものの
        "\xE3\x81\x97\xE3\x81\x8B\xE3\x81\x97",              // しかし
        "\xE3\x81\xA6\xE3\x81\x84\xE3\x82\x8B\xE3\x81\x8C",  // ているが
        "\xE3\x81\x82\xE3\x82\x8B\xE3\x81\x8C",              // あるが
        "\xE3\x81\x99\xE3\x82\x8B\xE3\x81\x8C",              // するが
        "\xE3\x81\x9F\xE3\x81\x8C",                          // たが
    };
    size_t len_en = 0, len_ja = 0;
    const size_t at_en = find_first_marker(lower, english, len_en);
    const size_t at_ja = find_first_marker(lower, japanese, len_ja);
    size_t at = at_en, len = len_en;
    if (at_ja != std::string_view::npos && (at == std::string_view::npos || at_ja < at)) {
        at = at_ja;
        len = len_ja;
    }
    CriterionSplit out;
    if (at == std::string_view::npos) {
        out.mentions = std::string(partial);
        return out;
    }
    out.mentions = std::string(partial.substr(0, at));
    out.misses = std::string(partial.substr(at + len));
    return out;
}

// ---- Key index -----------------------------------------------------------------------------

namespace {

// Collects the distinct terms of a text in first-seen order, with their surface forms.
class DistinctSink : public TermSink {
public:
    std::vector<std::pair<std::string, std::string>> terms;   // (term, surface)
    void term(std::string_view text, TermKind, std::string_view surface) override {
        for (const auto& t : terms)
            if (t.first == text) return;
        terms.emplace_back(std::string(text), to_lower_ascii(surface));
    }
};

std::vector<std::pair<std::string, std::string>> distinct_terms(std::string_view text) {
    DistinctSink sink;
    tokenize(text, sink);
    return std::move(sink.terms);
}

// Field weights: how strongly a mention in each part of the key marks the topic.
constexpr double kTitleWeight = 2.0;
constexpr double kDetectedWeight = 1.5;
constexpr double kMissesWeight = 1.5;      // △'s "but does not ..." clause
constexpr double kDescriptionWeight = 1.0;
constexpr double kMentionsWeight = 1.0;    // △'s "mentions ..." clause
constexpr double kMinorWeight = 0.5;       // category, location, × criterion
constexpr double kFieldCap = 4.0;

}  // namespace

int KeyIndex::intern(std::string_view term, std::string_view surface) {
    const int found = find(term);
    if (found >= 0) return found;
    display_.emplace_back(surface);
    hashes_.push_back(term_hash(term));
    bool ascii = true;
    for (char c : term) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    latin_.push_back(ascii ? 1 : 0);
    if (hashes_.size() * 2 > table_.size()) rebuild_table();
    else {
        const size_t mask = table_.size() - 1;
        size_t slot = static_cast<size_t>(hashes_.back()) & mask;
        while (table_[slot] >= 0) slot = (slot + 1) & mask;
        table_[slot] = static_cast<int>(hashes_.size() - 1);
    }
    return static_cast<int>(hashes_.size() - 1);
}

void KeyIndex::rebuild_table() {
    size_t size = 64;
    while (size < hashes_.size() * 4) size *= 2;
    table_.assign(size, -1);
    const size_t mask = size - 1;
    for (size_t i = 0; i < hashes_.size(); ++i) {
        size_t slot = static_cast<size_t>(hashes_[i]) & mask;
        while (table_[slot] >= 0) slot = (slot + 1) & mask;
        table_[slot] = static_cast<int>(i);
    }
}

int KeyIndex::find(std::string_view term) const { return find_hash(term_hash(term)); }

int KeyIndex::find_hash(uint64_t h) const {
    if (table_.empty()) return -1;
    const size_t mask = table_.size() - 1;
    for (size_t slot = static_cast<size_t>(h) & mask;; slot = (slot + 1) & mask) {
        const int idx = table_[slot];
        if (idx < 0) return -1;
        if (hashes_[static_cast<size_t>(idx)] == h) return idx;
    }
}

namespace {

// Accumulates field weights per term for one profile.
struct ProfileBuilder {
    // (term, field) pairs already counted, as term * kFields + field. A std::set<int> rather
    // than a per-term std::vector<bool>: the core has no other vector<bool> (download size).
    static constexpr int kFields = 16;
    std::set<int> seen;
    std::map<int, double> weight;

    void add(KeyIndex& key, int (KeyIndex::*intern)(std::string_view, std::string_view),
             std::string_view text, int field, double w, std::vector<int>* list) {
        for (const auto& [term, surface] : distinct_terms(text)) {
            const int t = (key.*intern)(term, surface);
            if (seen.insert(t * kFields + field).second) {
                weight[t] = std::min(kFieldCap, weight[t] + w);
            }
            if (list && std::find(list->begin(), list->end(), t) == list->end()) list->push_back(t);
        }
    }
};

}  // namespace

MatchProfile KeyIndex::build_problem(const Problem& p) {
    MatchProfile prof;
    prof.id = p.id;
    ProfileBuilder b;
    auto in = &KeyIndex::intern;
    const CriterionSplit split = split_partial_criterion(p.criteria.partial);
    std::vector<int> detected, misses, mentions;
    b.add(*this, in, p.title, 0, kTitleWeight, &prof.title);
    b.add(*this, in, p.criteria.detected, 1, kDetectedWeight, &detected);
    b.add(*this, in, split.misses, 2, kMissesWeight, &misses);
    b.add(*this, in, p.description, 3, kDescriptionWeight, nullptr);
    b.add(*this, in, split.mentions, 4, kMentionsWeight, &mentions);
    b.add(*this, in, p.category, 5, kMinorWeight, nullptr);
    b.add(*this, in, p.location, 6, kMinorWeight, nullptr);
    b.add(*this, in, p.criteria.missed, 7, kMinorWeight, nullptr);
    for (const auto& [t, w] : b.weight) prof.terms.push_back({t, w});

    // ○-specific: in the ○ criterion or in △'s "but does not" clause, and not in what a
    // △ finding already mentions.
    for (int t : detected)
        if (std::find(mentions.begin(), mentions.end(), t) == mentions.end()) prof.core.push_back(t);
    for (int t : misses)
        if (std::find(mentions.begin(), mentions.end(), t) == mentions.end() &&
            std::find(prof.core.begin(), prof.core.end(), t) == prof.core.end())
            prof.core.push_back(t);
    // Without criteria (table layouts) the title is the essence a ○ finding must state.
    if (prof.core.empty()) prof.core = prof.title;
    prof.partial = mentions;
    return prof;
}

MatchProfile KeyIndex::build_bonus(const BonusRow& row) {
    MatchProfile prof;
    prof.id = row.id;
    ProfileBuilder b;
    auto in = &KeyIndex::intern;
    b.add(*this, in, row.content, 0, kDetectedWeight, &prof.title);
    b.add(*this, in, row.criteria, 1, kDescriptionWeight, &prof.core);
    b.add(*this, in, row.category, 2, kMinorWeight, nullptr);
    for (const auto& [t, w] : b.weight) prof.terms.push_back({t, w});
    if (prof.core.empty()) prof.core = prof.title;
    return prof;
}

void LetterCount::add(std::string_view text) {
    // Branch-free so that the compiler vectorizes it: it reads every byte of the review.
    size_t ja = 0, latin_letters = 0;
    for (char ch : text) {
        const unsigned c = static_cast<unsigned char>(ch);
        ja += (c - 0xE3u) <= 6u;
        latin_letters += ((c | 0x20u) - 'a') < 26u;
    }
    japanese += ja;
    latin += latin_letters;
}

KeyIndex::KeyIndex(const AnswerKey& key) {
    rebuild_table();
    LetterCount letters;
    for (const auto& p : key.problems) {
        letters.add(p.title);
        letters.add(p.description);
    }
    japanese_ = letters.mostly_japanese();
    for (const auto& p : key.problems) problems_.push_back(build_problem(p));
    for (const auto& b : key.bonus) bonus_.push_back(build_bonus(b));

    // Key IDF: a term named by one problem tells problems apart; one named by all does not.
    std::vector<int> kf(display_.size(), 0);
    auto count = [&](const MatchProfile& prof) {
        for (const auto& pt : prof.terms) ++kf[static_cast<size_t>(pt.term)];
    };
    for (const auto& p : problems_) count(p);
    for (const auto& b : bonus_) count(b);
    const double docs = static_cast<double>(problems_.size() + bonus_.size());
    key_idf_.resize(display_.size());
    for (size_t t = 0; t < display_.size(); ++t)
        key_idf_[t] = std::log(1.0 + docs / std::max(1, kf[t]));

    auto densify = [&](MatchProfile& prof) {
        prof.field_of.assign(display_.size(), 0.0f);
        prof.role_of.assign(display_.size(), 0);
        for (const auto& pt : prof.terms) prof.field_of[static_cast<size_t>(pt.term)] = static_cast<float>(pt.field);
        for (int t : prof.title) prof.role_of[static_cast<size_t>(t)] |= MatchProfile::kTitle;
        for (int t : prof.core) prof.role_of[static_cast<size_t>(t)] |= MatchProfile::kCore;
        prof.scored.bits.assign(TermSet::words_for(display_.size()), 0);
        for (size_t t = 0; t < display_.size(); ++t)
            if (prof.field_of[t] != 0 || prof.role_of[t] != 0) prof.scored.bits[t >> 6] |= 1ull << (t & 63);
        for (size_t i = 0; i < prof.scored.bits.size(); ++i)
            if (prof.scored.bits[i] != 0) prof.scored.nonzero.push_back(static_cast<uint32_t>(i));
    };
    for (auto& p : problems_) densify(p);
    for (auto& b : bonus_) densify(b);
}

// ---- Review index --------------------------------------------------------------------------

std::string block_plain_text(const Block& b) {
    if (b.kind != BlockKind::TableRow) return b.text();
    std::string out;
    for (size_t i = 0; i < b.cells.size(); ++i) {
        if (i) out += " | ";
        out += b.cell_text(i);
    }
    return out;
}

namespace {

// Marks the key terms of a text in a TermSet and counts all its terms.
class KeyTermSink : public TermSink {
public:
    KeyTermSink(const KeyIndex& key, TermSet set) : key_(key), set_(set) {}
    int tokens = 0;
    int japanese = 0;   // Japanese terms (Han bigrams, lone Han, katakana runs) among them
    void term(std::string_view text, TermKind kind, std::string_view) override {
        count(kind);
        const int t = key_.find(text);
        if (t >= 0) set_.set(t);
    }
    void term_hashed(uint64_t hash, std::string_view, TermKind kind, std::string_view) override {
        count(kind);
        const int t = key_.find_hash(hash);
        if (t >= 0) set_.set(t);
    }
    void terms_hashed(const HashedTerm* terms, size_t n, const char*) override {
        for (size_t k = 0; k < n; ++k) {   // ids in this key's numbering (id_space)
            count(terms[k].kind);
            if (terms[k].id >= 0) set_.set(terms[k].id);
        }
    }
    void counted(uint32_t terms, uint32_t japanese_terms, const int32_t* ids, size_t n_ids) override {
        tokens += static_cast<int>(terms);
        japanese += static_cast<int>(japanese_terms);
        for (size_t k = 0; k < n_ids; ++k) set_.set(ids[k]);
    }
    bool counts_only() const override { return true; }
    const void* id_space() const override { return &key_; }
    int32_t resolve(uint64_t hash) const override { return key_.find_hash(hash); }
private:
    void count(TermKind kind) {
        ++tokens;
        japanese += is_japanese_kind(kind);
    }
    const KeyIndex& key_;
    TermSet set_;
};

// Tokenizes a block span by span, without building its text.
void feed_block(Tokenizer& tokenizer, const Block& b, TermSink& sink) {
    tokenizer.begin(sink);
    if (b.kind == BlockKind::TableRow) {
        for (const auto& cell : b.cells) {
            for (const Span& span : cell) tokenizer.feed(span.text);
            tokenizer.feed(" | ");
        }
    } else {
        for (const Span& span : b.spans) tokenizer.feed(span.text);
    }
    tokenizer.end();
}

}  // namespace

ReviewIndex::ReviewIndex(const KeyIndex& key, const MarkdownDocument& doc, const Review& review,
                         Tokenizer* shared) {
    const size_t vocab = key.vocabulary_size();
    const size_t words = TermSet::words_for(vocab);
    df_.assign(vocab, 0);
    // One tokenizer for the whole review: repeated words are looked up, not re-split.
    std::optional<Tokenizer> local;   // made only when none is shared
    Tokenizer& tokenizer = shared ? *shared : local.emplace();
    passages_.reserve(doc.blocks.size());
    // Sized for every block up front, so the views stay put; a block without terms gives
    // its slot to the next one.
    passage_bits_.assign(doc.blocks.size() * words, 0);

    for (size_t i = 0; i < doc.blocks.size(); ++i) {
        const Block& b = doc.blocks[i];
        if (b.kind == BlockKind::Rule) continue;
        Passage p;
        p.block = static_cast<int>(i);
        p.line_start = b.line_start;
        p.line_end = std::max(b.line_start, b.line_end);
        p.terms = TermSet(passage_bits_.data() + passages_.size() * words, words);
        KeyTermSink sink(key, p.terms);
        feed_block(tokenizer, b, sink);
        p.tokens = sink.tokens;
        terms_ += sink.tokens;
        japanese_terms_ += sink.japanese;
        if (p.tokens == 0) continue;   // no terms, so no bits set: the slot is still clear
        p.terms.for_each([&](int t) { ++df_[static_cast<size_t>(t)]; });
        passages_.push_back(p);
    }

    // Leaf findings: those that hold no other finding. A container ("## Critical Issues"
    // over C1..C5) would match everything its children say. Sorted by start (longer first
    // on a tie), a finding holds another exactly when the next one starts inside it.
    const auto& findings = review.findings;
    std::vector<int> order;
    for (size_t i = 0; i < findings.size(); ++i)
        if (findings[i].line_end >= findings[i].line_start) order.push_back(static_cast<int>(i));
    auto at = [&](int i) -> const Finding& { return findings[static_cast<size_t>(i)]; };
    stable_sort_by(order, [&](int a, int b) {
        if (at(a).line_start != at(b).line_start) return at(a).line_start < at(b).line_start;
        return at(a).line_end > at(b).line_end;
    });
    std::vector<int> leaves;
    for (size_t k = 0; k < order.size(); ++k) {
        const Finding& f = at(order[k]);
        const bool container = k + 1 < order.size() && at(order[k + 1]).line_start <= f.line_end &&
                               !(at(order[k + 1]).line_start == f.line_start &&
                                 at(order[k + 1]).line_end == f.line_end);
        if (!container) leaves.push_back(order[k]);
    }

    // The leaf finding holding a line: the latest-starting leaf whose range contains it.
    // Passages come in line order, so one sweep over the leaves serves them all.
    size_t sweep = 0;
    int current = -1;
    auto finding_of = [&](int line) {
        while (sweep < leaves.size() && at(leaves[sweep]).line_start <= line) current = leaves[sweep++];
        return current >= 0 && line <= at(current).line_end ? current : -1;
    };

    // The sections first (which passages each holds), then their term sets in one array.
    for (size_t i = 0; i < passages_.size(); ++i) {
        const Passage& p = passages_[i];
        const int f = finding_of(p.line_start);
        const bool is_heading = doc.blocks[static_cast<size_t>(p.block)].kind == BlockKind::Heading;
        const bool continues = !sections_.empty() && sections_.back().finding == f &&
                               (f >= 0 || !is_heading);
        if (!continues) {
            Section s;
            s.finding = f;
            s.first_passage = static_cast<int>(i);
            s.line_start = f >= 0 ? findings[static_cast<size_t>(f)].line_start : p.line_start;
            sections_.push_back(s);
        }
        Section& s = sections_.back();
        s.end_passage = static_cast<int>(i) + 1;
        s.line_end = std::max(s.line_end, p.line_end);
        if (s.finding >= 0) s.line_end = std::max(s.line_end, findings[static_cast<size_t>(s.finding)].line_end);
        s.tokens += p.tokens;
    }
    section_bits_.assign(sections_.size() * 2 * words, 0);
    for (size_t k = 0; k < sections_.size(); ++k) {
        Section& s = sections_[k];
        s.terms = TermSet(section_bits_.data() + 2 * k * words, words);
        s.heading = TermSet(section_bits_.data() + (2 * k + 1) * words, words);
        const Passage& first = passages_[static_cast<size_t>(s.first_passage)];
        if (s.finding >= 0) {
            KeyTermSink sink(key, s.heading);
            tokenizer.run(findings[static_cast<size_t>(s.finding)].title, sink);
        } else if (doc.blocks[static_cast<size_t>(first.block)].kind == BlockKind::Heading) {
            s.heading.unite(first.terms);
        }
        for (int i = s.first_passage; i < s.end_passage; ++i) s.terms.unite(passages_[static_cast<size_t>(i)].terms);
    }
}

}  // namespace kg
