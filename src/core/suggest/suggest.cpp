// The suggestion engine; see suggest.h for the decision rules.
#include "suggest/suggest.h"

#include <algorithm>
#include <cmath>
#include "review/review.h"
#include "suggest/structural.h"
#include "base/sort_util.h"
#include "base/text.h"

namespace kg {

namespace {

// A finding longer than this many terms is diluted: long summaries cover everything a bit.
constexpr double kLongSection = 600;

// Weight of text outside the review's findings, when it has findings.
constexpr double kOutsideFindings = 0.75;

// Weights of the three parts of the topic score.
constexpr double kBodyShare = 0.45;
constexpr double kTitleShare = 0.35;
constexpr double kHeadingShare = 0.20;

// Per-review term weights: key IDF damped by how common the term is in this review.
std::vector<double> term_weights(const KeyIndex& key, const ReviewIndex& review) {
    const double passages = std::max<size_t>(1, review.passages().size());
    const double norm = std::log(1.0 + passages);
    std::vector<double> w(key.vocabulary_size());
    for (size_t t = 0; t < w.size(); ++t) {
        const int df = review.passage_frequency(static_cast<int>(t));
        // A term the review lacks (most of the key's) is as rare as can be: log(1 + passages)
        // over norm, which is exactly 1, so its log is not taken.
        const double rarity = norm > 0 && df > 0 ? std::log(1.0 + passages / (1.0 + df)) / norm : 1.0;
        w[t] = key.key_idf(static_cast<int>(t)) * (0.4 + 0.6 * std::min(1.0, rarity));
    }
    return w;
}

struct SectionScore {
    double topic = 0;
    double core = 0;
    double rank = 0;
    double body = 0;        // undamped shares (model features)
    double title = 0;
    double heading = 0;
    double matchable = 0;   // body share over the terms the review's language can match
    double match_core = 0;  // core share over the matchable core terms
};

// Scores one set of terms (a section or a passage) against a profile. The profile is
// spread over a dense per-term table once, so scoring walks only the terms a passage has.
class ProfileScorer {
public:
    // `reach` (may be null: every term reachable) marks the terms a review in this language
    // can match at all; the matchable shares are taken over those.
    ProfileScorer(const MatchProfile& prof, const std::vector<double>& w,
                  const std::vector<uint8_t>* reach = nullptr)
        : prof_(prof), w_(w), reach_(reach) {
        for (const auto& pt : prof.terms) {
            const double v = pt.field * w[static_cast<size_t>(pt.term)];
            total_ += v;
            if (reachable(pt.term)) match_total_ += v;
        }
        for (int t : prof.title) title_total_ += w[static_cast<size_t>(t)];
        for (int t : prof.core) {
            core_total_ += w[static_cast<size_t>(t)];
            if (reachable(t)) match_core_total_ += w[static_cast<size_t>(t)];
        }
    }

    // Share of the problem's key weight that the review's language can reach.
    double reach_share() const { return ratio(match_total_, total_); }

    SectionScore score(const Section& sec) const {
        double body = 0, title = 0, core = 0, heading = 0, mbody = 0, mcore = 0;
        sec.terms.for_each_in(prof_.scored, [&](int t) {
            const size_t i = static_cast<size_t>(t);
            const double wt = w_[i];
            const double b = prof_.field_of[i] * wt;
            body += b;
            const uint8_t role = prof_.role_of[i];
            if (role & MatchProfile::kTitle) title += wt;
            if (role & MatchProfile::kCore) core += wt;
            if (reachable(t)) {
                mbody += b;
                if (role & MatchProfile::kCore) mcore += wt;
            }
        });
        sec.heading.for_each_in(prof_.scored, [&](int t) {
            const size_t i = static_cast<size_t>(t);
            if (prof_.role_of[i] & MatchProfile::kTitle) heading += w_[i];
        });
        SectionScore r;
        r.topic = kBodyShare * ratio(body, total_) + kTitleShare * ratio(title, title_total_) +
                  kHeadingShare * ratio(heading, title_total_);
        r.core = ratio(core, core_total_);
        r.body = ratio(body, total_);
        r.title = ratio(title, title_total_);
        r.heading = ratio(heading, title_total_);
        r.matchable = ratio(mbody, match_total_);
        r.match_core = ratio(mcore, match_core_total_);
        if (sec.tokens > kLongSection) {
            const double damp = std::sqrt(kLongSection / sec.tokens);
            r.topic *= damp;
            r.core *= damp;
        }
        r.rank = r.topic + 0.5 * r.core;
        return r;
    }

    // A passage's share of the problem, with ○-specific terms counted twice.
    double passage(const TermSet& s) const {
        double sum = 0;
        s.for_each_in(prof_.scored, [&](int t) {
            const size_t i = static_cast<size_t>(t);
            sum += prof_.field_of[i] * w_[i];
            if (prof_.role_of[i] & MatchProfile::kCore) sum += w_[i];
        });
        return ratio(sum, total_ + core_total_);
    }

    // Matched terms of a set, weightiest first (ties by index: deterministic). At most
    // kMaxMatched kept by insertion: no allocation or sort of every hit.
    static constexpr size_t kMaxMatched = 8;
    std::vector<int> matched(const TermSet& s, size_t limit) const {
        limit = std::min(limit, kMaxMatched);
        std::pair<double, int> top[kMaxMatched + 1];
        size_t n = 0;
        s.for_each_in(prof_.scored, [&](int t) {
            const double v = prof_.field_of[static_cast<size_t>(t)] * w_[static_cast<size_t>(t)];
            if (v <= 0) return;
            // Terms come in index order, so an equal weight never goes before a kept one.
            size_t at = n;
            while (at > 0 && top[at - 1].first < v) --at;
            if (at >= limit) return;
            for (size_t k = std::min(n, limit - 1); k > at; --k) top[k] = top[k - 1];
            top[at] = {v, t};
            if (n < limit) ++n;
        });
        std::vector<int> out;
        out.reserve(n);
        for (size_t i = 0; i < n; ++i) out.push_back(top[i].second);
        return out;
    }

private:
    static double ratio(double part, double whole) { return whole > 0 ? part / whole : 0; }
    bool reachable(int t) const { return !reach_ || (*reach_)[static_cast<size_t>(t)] != 0; }

    const MatchProfile& prof_;
    const std::vector<double>& w_;
    const std::vector<uint8_t>* reach_;
    double total_ = 0, title_total_ = 0, core_total_ = 0, match_total_ = 0, match_core_total_ = 0;
};

// Cuts text to at most max bytes on a code point boundary, marking the cut.
std::string cut_text(const std::string& text, size_t max) {
    if (text.size() <= max) return text;
    size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "\xE2\x80\xA6";   // …
}


// The start of a block's text, cut like cut_text: only the spans needed are joined (a
// paragraph of a long review can be kilobytes; the evidence keeps a few hundred bytes).
std::string evidence_text(const Block& b, size_t max) {
    if (b.kind == BlockKind::TableRow) return cut_text(block_plain_text(b), max);
    std::string out;
    for (const Span& span : b.spans) {
        out += span.text;
        if (out.size() > max) break;
    }
    return cut_text(out, max);
}

std::vector<std::string> displays(const KeyIndex& key, const std::vector<int>& terms) {
    std::vector<std::string> out;
    for (int t : terms) out.push_back(key.display(t));
    return out;
}

}  // namespace

SuggestionEngine::SuggestionEngine(const AnswerKey& key, SuggestOptions options)
    : index_(key), options_(options), tokenizer_(std::make_unique<Tokenizer>()) {}

// Already normalized text (no CR, no BOM: what the workspace stores) is used as it is.
static bool is_normalized(std::string_view text) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
        static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
        return false;
    return text.find('\r') == std::string_view::npos;
}

SuggestionSet SuggestionEngine::suggest(std::string_view review_text) const {
    if (is_normalized(review_text)) return suggest_normalized(review_text);
    return suggest_normalized(normalize_text(review_text));
}

SuggestionSet SuggestionEngine::suggest_normalized(std::string_view text) const {
    const MarkdownDocument doc = parse_markdown(text);
    const Review review = parse_review(doc);
    return suggest(doc, review);
}

namespace {

// What every step of one review's suggestion needs to read.
struct ReviewContext {
    const MarkdownDocument& doc;
    const Review& review;
    const KeyIndex& key;
    const ReviewIndex& index;
    const std::vector<double>& w;
    const SuggestOptions& o;
    const std::vector<uint8_t>* reach;   // terms this review's language can match (null: all)
};

// The best passages of a section for a problem, weightiest first, as evidence items.
// A section's passages that hold any of the problem's terms, best first (only the first
// `limit` in order; passage numbers are unique, so the order is total and a partial sort
// gives what a full stable sort would).
std::vector<std::pair<double, int>> ranked_passages(const ReviewContext& c, const ProfileScorer& scorer,
                                                    const Section& s, int limit) {
    const auto& passages = c.index.passages();
    std::vector<std::pair<double, int>> ranked;
    ranked.reserve(static_cast<size_t>(std::max(0, s.end_passage - s.first_passage)));
    for (int p = s.first_passage; p < s.end_passage; ++p) {
        const double sc = scorer.passage(passages[static_cast<size_t>(p)].terms);
        if (sc > 0) ranked.emplace_back(sc, p);
    }
    const size_t keep = std::min(ranked.size(), static_cast<size_t>(std::max(0, limit)));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(),
                      [](const auto& a, const auto& b) {
                          return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    ranked.resize(keep);
    return ranked;
}

void add_evidence(const ReviewContext& c, const ProfileScorer& scorer, const Section& s,
                  const std::vector<std::pair<double, int>>& ranked, int limit, std::vector<EvidencePassage>& out) {
    const auto& passages = c.index.passages();
    for (int k = 0; k < limit && k < static_cast<int>(ranked.size()); ++k) {
        const auto& [score, index] = ranked[static_cast<size_t>(k)];
        const Passage& p = passages[static_cast<size_t>(index)];
        EvidencePassage ev;
        ev.line_start = p.line_start;
        ev.line_end = p.line_end;
        ev.text = evidence_text(c.doc.blocks[static_cast<size_t>(p.block)], c.o.evidence_chars);
        ev.score = score;
        ev.finding = s.finding;
        ev.terms = displays(c.key, scorer.matched(p.terms, 8));
        out.push_back(std::move(ev));
    }
}

// Ranks the sections for one problem and measures the features of the best one; the
// verdict is decided once every problem is scored (the features compare problems).
// `scores` receives every section's score (the caller uses them for unmatched findings and
// competition between problems).
struct ProblemMatch {
    int best = -1;          // best section
    int runner = -1;        // next best section of another finding, about the problem too
    double reach = 0;
    double passage = 0;     // best passage share in the best section
    std::vector<std::pair<double, int>> top;   // its best passages (evidence), best first
};

ProblemMatch match_problem(const ReviewContext& c, const MatchProfile& prof, std::vector<SectionScore>& scores) {
    const auto& sections = c.index.sections();
    const ProfileScorer scorer(prof, c.w, c.reach);
    ProblemMatch m;
    m.reach = scorer.reach_share();
    // Rank sections; ties go to the earlier one. When the review has findings, text outside
    // them (summary, overview, positive aspects, recommendations) counts for less: a problem
    // named only in a summary line or under "Positive Aspects" was rarely really reported.
    bool has_findings = false;
    for (const auto& sec : sections) has_findings = has_findings || sec.finding >= 0;
    scores.assign(sections.size(), SectionScore{});
    for (size_t i = 0; i < sections.size(); ++i) {
        scores[i] = scorer.score(sections[i]);
        if (has_findings && sections[i].finding < 0) {
            scores[i].topic *= kOutsideFindings;
            scores[i].core *= kOutsideFindings;
            scores[i].rank *= kOutsideFindings;
        }
        if (m.best < 0 || scores[i].rank > scores[static_cast<size_t>(m.best)].rank) m.best = static_cast<int>(i);
    }
    if (m.best < 0) return m;
    const Section& sec = sections[static_cast<size_t>(m.best)];
    for (size_t i = 0; i < sections.size(); ++i) {
        if (static_cast<int>(i) == m.best || scores[i].topic < c.o.miss_topic) continue;
        if (sections[i].finding >= 0 && sections[i].finding == sec.finding) continue;
        if (m.runner < 0 || scores[i].rank > scores[static_cast<size_t>(m.runner)].rank) m.runner = static_cast<int>(i);
    }
    m.top = ranked_passages(c, scorer, sec, std::max(1, c.o.max_evidence - 1));
    if (!m.top.empty()) m.passage = m.top.front().first;
    return m;
}

// The features of a problem's best match (see model.h for their meaning).
FeatureVector features_of(const ReviewContext& c, const ProblemMatch& m, const std::vector<SectionScore>& scores,
                          double best_topic_on_section) {
    FeatureVector f{};
    f[kFeatReach] = m.reach;
    if (m.best < 0) return f;
    const SectionScore& s = scores[static_cast<size_t>(m.best)];
    f[kFeatTopic] = s.topic;
    f[kFeatCore] = s.core;
    f[kFeatBody] = s.body;
    f[kFeatMatchable] = s.matchable;
    f[kFeatTitle] = s.title;
    f[kFeatHeading] = s.heading;
    f[kFeatPassage] = m.passage;
    f[kFeatRival] = std::max(0.0, best_topic_on_section - s.topic);
    f[kFeatRunner] = m.runner >= 0 ? scores[static_cast<size_t>(m.runner)].topic : 0;
    f[kFeatInFinding] = s.topic > 0 && c.index.sections()[static_cast<size_t>(m.best)].finding >= 0 ? 1 : 0;
    f[kFeatMatchCore] = s.match_core;
    return f;
}

// Decides a problem from its features and gathers the evidence.
ProblemSuggestion decide_problem(const ReviewContext& c, LangPair pair, const MatchProfile& prof,
                                 const ProblemMatch& m, const std::vector<SectionScore>& scores,
                                 const FeatureVector& f) {
    const auto& sections = c.index.sections();
    const SuggestOptions& o = c.o;
    ProblemSuggestion ps;
    ps.problem_id = prof.id;
    ps.features = f;
    ps.logit = model_logit(pair, f);
    ps.probability = sigmoid(ps.logit);
    ps.verdict = model_verdict(ps.probability);
    ps.confidence = model_confidence(ps.verdict, ps.probability);
    ps.deciding = model_contributions(pair, f, 4);
    ps.topic = f[kFeatTopic];
    ps.core = f[kFeatCore];

    // Evidence for every ○/△, and for × when something came close: the grader sees what
    // was weighed.
    if (m.best < 0 || (ps.verdict == Verdict::Missed && ps.topic <= 0.5 * o.miss_topic)) return ps;
    const ProfileScorer scorer(prof, c.w, c.reach);
    const Section& sec = sections[static_cast<size_t>(m.best)];
    ps.finding = sec.finding;
    ps.section_line_start = sec.line_start;
    ps.section_line_end = sec.line_end;
    for (int t : prof.core) {
        if (sec.terms.has(t)) ps.core_found.push_back(c.key.display(t));
        else ps.core_missing.push_back(c.key.display(t));
    }
    // The best passages of the best section, then the best passage of the runner-up
    // section when it is itself about the problem (another finding saying the same).
    add_evidence(c, scorer, sec, m.top, std::max(1, o.max_evidence - 1), ps.evidence);
    if (m.runner >= 0 && static_cast<int>(ps.evidence.size()) < o.max_evidence) {
        const Section& runner = sections[static_cast<size_t>(m.runner)];
        add_evidence(c, scorer, runner, ranked_passages(c, scorer, runner, 1), 1, ps.evidence);
    }
    (void)scores;
    return ps;
}

// A finding that no problem rests on, with the bonus row it matches best (if close enough).
UnmatchedFinding unmatched_finding(const ReviewContext& c, const Section& sec, double best_problem_topic,
                                   std::vector<ProfileScorer>& bonus_scorers) {
    const Finding& f = c.review.findings[static_cast<size_t>(sec.finding)];
    UnmatchedFinding u;
    u.finding = sec.finding;
    u.finding_id = f.id;
    u.title = f.title;
    u.line_start = f.line_start;
    u.line_end = f.line_end;
    u.best_problem_topic = best_problem_topic;
    if (bonus_scorers.empty())
        for (const auto& prof : c.key.bonus()) bonus_scorers.emplace_back(prof, c.w);
    int best_bonus = -1;
    double best_score = 0;
    for (size_t b = 0; b < bonus_scorers.size(); ++b) {
        const SectionScore s = bonus_scorers[b].score(sec);
        if (s.topic > best_score) {
            best_score = s.topic;
            best_bonus = static_cast<int>(b);
        }
    }
    if (best_bonus < 0) return u;
    u.bonus_score = best_score;
    if (best_score >= c.o.bonus_topic) {
        u.bonus_id = c.key.bonus()[static_cast<size_t>(best_bonus)].id;
        u.terms = displays(c.key, bonus_scorers[static_cast<size_t>(best_bonus)].matched(sec.terms, 8));
    }
    return u;
}

}  // namespace

SuggestionSet SuggestionEngine::suggest(const MarkdownDocument& doc, const Review& review) const {
    const ReviewIndex rindex(index_, doc, review, tokenizer_.get());
    const std::vector<double> w = term_weights(index_, rindex);
    // The review's language decides which key terms it can match at all: an English review
    // meets a Japanese key only through its Latin terms (identifiers, glossary English).
    const bool review_japanese = rindex.mostly_japanese();
    const std::vector<uint8_t>* reach = !review_japanese && index_.japanese() ? &index_.latin_terms() : nullptr;
    const ReviewContext c{doc, review, index_, rindex, w, options_, reach};
    const auto& sections = rindex.sections();

    SuggestionSet out;
    out.pair = lang_pair_of(index_.japanese(), review_japanese);
    const auto& problems = index_.problems();
    std::vector<std::vector<SectionScore>> scores(problems.size());
    std::vector<ProblemMatch> matches(problems.size());
    std::vector<double> best_topic_of_section(sections.size(), 0);
    for (size_t p = 0; p < problems.size(); ++p) {
        matches[p] = match_problem(c, problems[p], scores[p]);
        for (size_t i = 0; i < sections.size(); ++i)
            best_topic_of_section[i] = std::max(best_topic_of_section[i], scores[p][i].topic);
    }
    // A section is "matched" when a problem the model puts on topic rests on it, or it is
    // nearly as much about that problem as its best section (a second finding on it).
    std::vector<char> matched(sections.size(), 0);
    for (size_t p = 0; p < problems.size(); ++p) {
        const ProblemMatch& m = matches[p];
        const double on_best = m.best >= 0 ? best_topic_of_section[static_cast<size_t>(m.best)] : 0;
        const FeatureVector f = features_of(c, m, scores[p], on_best);
        out.problems.push_back(decide_problem(c, out.pair, problems[p], m, scores[p], f));
        if (out.problems.back().verdict == Verdict::Missed || m.best < 0) continue;
        matched[static_cast<size_t>(m.best)] = 1;
        const double top = out.problems.back().topic;
        for (size_t i = 0; i < sections.size(); ++i)
            if (scores[p][i].topic > 0 && scores[p][i].topic >= options_.same_problem_share * top) matched[i] = 1;
    }

    // Findings about no problem: bonus (or penalty) candidates.
    std::vector<ProfileScorer> bonus_scorers;   // built once, only when needed
    for (size_t i = 0; i < sections.size(); ++i) {
        if (sections[i].finding < 0 || matched[i]) continue;
        // Tier labels, chapter names and on-call roles are structure, not findings.
        if (is_structural_title(review.findings[static_cast<size_t>(sections[i].finding)].title)) continue;
        out.unmatched.push_back(unmatched_finding(c, sections[i], best_topic_of_section[i], bonus_scorers));
    }
    return out;
}

SuggestionSet suggest(const AnswerKey& key, const MarkdownDocument& doc, const Review& review) {
    return SuggestionEngine(key).suggest(doc, review);
}

}  // namespace kg
