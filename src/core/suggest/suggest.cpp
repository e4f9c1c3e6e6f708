// The suggestion engine; see suggest.h for the decision rules.
#include "suggest/suggest.h"

#include <algorithm>
#include <cmath>
#include "review/review.h"
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
        const double rarity = norm > 0 ? std::log(1.0 + passages / (1.0 + df)) / norm : 1.0;
        w[t] = key.key_idf(static_cast<int>(t)) * (0.4 + 0.6 * std::min(1.0, rarity));
    }
    return w;
}

struct SectionScore {
    double topic = 0;
    double core = 0;
    double rank = 0;
};

// Scores one set of terms (a section or a passage) against a profile. The profile is
// spread over a dense per-term table once, so scoring walks only the terms a passage has.
class ProfileScorer {
public:
    ProfileScorer(const MatchProfile& prof, const std::vector<double>& w) : prof_(prof), w_(w) {
        for (const auto& pt : prof.terms) total_ += pt.field * w[static_cast<size_t>(pt.term)];
        for (int t : prof.title) title_total_ += w[static_cast<size_t>(t)];
        for (int t : prof.core) core_total_ += w[static_cast<size_t>(t)];
    }

    SectionScore score(const Section& sec) const {
        double body = 0, title = 0, core = 0, heading = 0;
        sec.terms.for_each([&](int t) {
            const size_t i = static_cast<size_t>(t);
            const double wt = w_[i];
            body += prof_.field_of[i] * wt;
            const uint8_t role = prof_.role_of[i];
            if (role & MatchProfile::kTitle) title += wt;
            if (role & MatchProfile::kCore) core += wt;
        });
        sec.heading.for_each([&](int t) {
            const size_t i = static_cast<size_t>(t);
            if (prof_.role_of[i] & MatchProfile::kTitle) heading += w_[i];
        });
        SectionScore r;
        r.topic = kBodyShare * ratio(body, total_) + kTitleShare * ratio(title, title_total_) +
                  kHeadingShare * ratio(heading, title_total_);
        r.core = ratio(core, core_total_);
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
        s.for_each([&](int t) {
            const size_t i = static_cast<size_t>(t);
            sum += prof_.field_of[i] * w_[i];
            if (prof_.role_of[i] & MatchProfile::kCore) sum += w_[i];
        });
        return ratio(sum, total_ + core_total_);
    }

    // Matched terms of a set, weightiest first (ties by index: deterministic).
    std::vector<int> matched(const TermSet& s, size_t limit) const {
        std::vector<std::pair<double, int>> hits;
        hits.reserve(64);   // one allocation for the usual handful of matched terms
        s.for_each([&](int t) {
            const double v = prof_.field_of[static_cast<size_t>(t)] * w_[static_cast<size_t>(t)];
            if (v > 0) hits.emplace_back(v, t);
        });
        const size_t keep = std::min(limit, hits.size());
        std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(),
                          [](const auto& a, const auto& b) {
                              return a.first != b.first ? a.first > b.first : a.second < b.second;
                          });
        std::vector<int> out;
        out.reserve(keep);
        for (size_t i = 0; i < keep; ++i) out.push_back(hits[i].second);
        return out;
    }

private:
    static double ratio(double part, double whole) { return whole > 0 ? part / whole : 0; }

    const MatchProfile& prof_;
    const std::vector<double>& w_;
    double total_ = 0, title_total_ = 0, core_total_ = 0;
};

// Cuts text to at most max bytes on a code point boundary, marking the cut.
std::string cut_text(const std::string& text, size_t max) {
    if (text.size() <= max) return text;
    size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "\xE2\x80\xA6";   // …
}

double clamp01(double x) { return x < 0 ? 0 : (x > 1 ? 1 : x); }

bool meets_detection(const SectionScore& s, const SuggestOptions& o) {
    return (s.topic >= o.detect_topic && s.core >= o.detect_core) ||
           (s.topic >= o.strong_topic && s.core >= o.strong_core);
}

// Confidence: 0.5 on a decision line, rising to 1 as the scores move away from it.
double confidence_of(Verdict v, const SectionScore& s, const SuggestOptions& o) {
    auto margin = [](double value, double line) { return line > 0 ? (value - line) / line : 0; };
    double m = 0;
    switch (v) {
        case Verdict::Missed: m = -margin(s.topic, o.miss_topic); break;
        case Verdict::Detected:
            m = std::max(std::min(margin(s.topic, o.detect_topic), margin(s.core, o.detect_core)),
                         std::min(margin(s.topic, o.strong_topic), margin(s.core, o.strong_core)));
            break;
        default: {
            // △ sits between lines: the nearer one bounds the confidence.
            const double above_miss = margin(s.topic, o.miss_topic);
            const double core_line = s.topic >= o.strong_topic ? o.strong_core : o.detect_core;
            const double below_detect = s.topic < o.detect_topic ? -margin(s.topic, o.detect_topic)
                                                                 : -margin(s.core, core_line);
            m = std::min(above_miss, below_detect);
            break;
        }
    }
    return 0.5 + 0.5 * clamp01(m);
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
};

// The best passages of a section for a problem, weightiest first, as evidence items.
void add_evidence(const ReviewContext& c, const ProfileScorer& scorer, const Section& s, int limit,
                  std::vector<EvidencePassage>& out) {
    const auto& passages = c.index.passages();
    std::vector<std::pair<double, int>> ranked;
    ranked.reserve(static_cast<size_t>(std::max(0, s.end_passage - s.first_passage)));
    for (int p = s.first_passage; p < s.end_passage; ++p) {
        const double sc = scorer.passage(passages[static_cast<size_t>(p)].terms);
        if (sc > 0) ranked.emplace_back(sc, p);
    }
    // Passage numbers are unique, so the stable sort gives what any sort would.
    stable_sort_by(ranked, [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (int k = 0; k < limit && k < static_cast<int>(ranked.size()); ++k) {
        const auto& [score, index] = ranked[static_cast<size_t>(k)];
        const Passage& p = passages[static_cast<size_t>(index)];
        EvidencePassage ev;
        ev.line_start = p.line_start;
        ev.line_end = p.line_end;
        ev.text = cut_text(block_plain_text(c.doc.blocks[static_cast<size_t>(p.block)]), c.o.evidence_chars);
        ev.score = score;
        ev.finding = s.finding;
        ev.terms = displays(c.key, scorer.matched(p.terms, 8));
        out.push_back(std::move(ev));
    }
}

// Ranks the sections for one problem, decides the verdict and gathers the evidence.
// `scores` receives every section's score (the caller uses them for unmatched findings).
ProblemSuggestion suggest_problem(const ReviewContext& c, const MatchProfile& prof,
                                  std::vector<SectionScore>& scores) {
    const auto& sections = c.index.sections();
    const SuggestOptions& o = c.o;
    const ProfileScorer scorer(prof, c.w);
    ProblemSuggestion ps;
    ps.problem_id = prof.id;

    // Rank sections; ties go to the earlier one. When the review has findings, text outside
    // them (summary, overview, positive aspects, recommendations) counts for less: a problem
    // named only in a summary line or under "Positive Aspects" was not really reported.
    bool has_findings = false;
    for (const auto& sec : sections) has_findings = has_findings || sec.finding >= 0;
    scores.assign(sections.size(), SectionScore{});
    int best = -1;
    for (size_t i = 0; i < sections.size(); ++i) {
        scores[i] = scorer.score(sections[i]);
        if (has_findings && sections[i].finding < 0) {
            scores[i].topic *= kOutsideFindings;
            scores[i].core *= kOutsideFindings;
            scores[i].rank *= kOutsideFindings;
        }
        if (best < 0 || scores[i].rank > scores[static_cast<size_t>(best)].rank) best = static_cast<int>(i);
    }
    SectionScore top;
    if (best >= 0) top = scores[static_cast<size_t>(best)];
    ps.topic = top.topic;
    ps.core = top.core;
    if (best < 0 || top.topic < o.miss_topic) ps.verdict = Verdict::Missed;
    else if (meets_detection(top, o)) ps.verdict = Verdict::Detected;
    else ps.verdict = Verdict::Partial;
    ps.confidence = confidence_of(ps.verdict, top, o);

    // Evidence for × only when something came close: the grader sees what was weighed.
    if (best < 0 || top.topic <= 0.5 * o.miss_topic) return ps;
    const Section& sec = sections[static_cast<size_t>(best)];
    ps.finding = sec.finding;
    ps.section_line_start = sec.line_start;
    ps.section_line_end = sec.line_end;
    for (int t : prof.core) {
        if (sec.terms.has(t)) ps.core_found.push_back(c.key.display(t));
        else ps.core_missing.push_back(c.key.display(t));
    }
    // The best passages of the best section, then the best passage of the runner-up
    // section when it is itself about the problem (another finding saying the same).
    add_evidence(c, scorer, sec, std::max(1, o.max_evidence - 1), ps.evidence);
    int runner = -1;
    for (size_t i = 0; i < sections.size(); ++i) {
        if (static_cast<int>(i) == best || scores[i].topic < o.miss_topic) continue;
        if (sections[i].finding >= 0 && sections[i].finding == sec.finding) continue;
        if (runner < 0 || scores[i].rank > scores[static_cast<size_t>(runner)].rank) runner = static_cast<int>(i);
    }
    if (runner >= 0 && static_cast<int>(ps.evidence.size()) < o.max_evidence)
        add_evidence(c, scorer, sections[static_cast<size_t>(runner)], 1, ps.evidence);
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
    const ReviewContext c{doc, review, index_, rindex, w, options_};
    const auto& sections = rindex.sections();

    SuggestionSet out;
    std::vector<double> best_topic_of_section(sections.size(), 0);
    // A section is "matched" when it is the evidence a problem rests on, or nearly as much
    // about that problem as its best section (a second finding on the same problem).
    std::vector<char> matched(sections.size(), 0);
    std::vector<SectionScore> scores;
    for (const auto& prof : index_.problems()) {
        out.problems.push_back(suggest_problem(c, prof, scores));
        const double top = out.problems.back().topic;
        for (size_t i = 0; i < sections.size(); ++i) {
            best_topic_of_section[i] = std::max(best_topic_of_section[i], scores[i].topic);
            if (top >= options_.miss_topic &&
                scores[i].topic >= std::max(options_.miss_topic, options_.same_problem_share * top))
                matched[i] = 1;
        }
    }

    // Findings about no problem: bonus (or penalty) candidates.
    std::vector<ProfileScorer> bonus_scorers;   // built once, only when needed
    for (size_t i = 0; i < sections.size(); ++i) {
        if (sections[i].finding < 0 || matched[i]) continue;
        out.unmatched.push_back(unmatched_finding(c, sections[i], best_topic_of_section[i], bonus_scorers));
    }
    return out;
}

SuggestionSet suggest(const AnswerKey& key, const MarkdownDocument& doc, const Review& review) {
    return SuggestionEngine(key).suggest(doc, review);
}

}  // namespace kg
