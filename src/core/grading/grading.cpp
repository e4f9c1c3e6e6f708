// Joins the workspace's grades with the parsed keys and applies the rubric.
// compute_scores is a pure function of the workspace, so the page and the CLI cannot drift
// apart; the page's Session hands in its cached key parses (the parse is a function of the
// key's text), the CLI lets each key be parsed here.
#include "grading/grading.h"

#include <algorithm>
#include <set>

#include "intake/classify.h"
#include "review/review.h"
#include "base/sort_util.h"
#include "base/text.h"

namespace kg {

namespace {

void warn(WorkspaceScores& out, std::string message) {
    out.warnings.push_back({0, std::move(message)});
}

ReviewScore score_review(const Workspace& ws, int index, const AnswerKey& key,
                         const std::string& key_name, WorkspaceScores& out) {
    const ReviewFile& r = ws.reviews[static_cast<size_t>(index)];
    ReviewScore rs;
    rs.review_index = index;
    rs.review_name = r.name;
    rs.prompt = r.prompt;
    rs.run = r.run;
    for (const Problem& p : key.problems) {
        const ProblemGrade* g = ws.find_grade(r, p.id);
        const Verdict v = g ? g->verdict : Verdict::Ungraded;
        rs.verdicts.push_back(v);
        if (v == Verdict::Ungraded) ++rs.ungraded;
        if (g && g->stale) ++rs.stale;
    }
    for (const ProblemGrade& g : r.grades) {
        const bool known = std::any_of(key.problems.begin(), key.problems.end(),
                                       [&](const Problem& p) { return p.id == g.problem_id; });
        if (!known && g.verdict != Verdict::Ungraded) {
            warn(out, r.name + ": grade for " + g.problem_id + ", which " + key_name +
                          " does not list, is ignored");
        }
    }
    rs.score = score_run(rs.verdicts, static_cast<int>(r.bonus.size()),
                         static_cast<int>(r.penalties.size()));
    return rs;
}

// Baseline first, then the other prompts by name.
std::vector<std::string> ordered_prompts(const std::vector<ReviewScore>& reviews,
                                         const std::string& baseline) {
    std::set<std::string> names;
    for (const ReviewScore& rs : reviews) names.insert(rs.prompt);
    std::vector<std::string> ordered;
    if (!baseline.empty() && names.count(baseline)) ordered.push_back(baseline);
    for (const std::string& n : names) {
        if (n != baseline) ordered.push_back(n);
    }
    return ordered;
}

KeyScores score_key(const Workspace& ws, const KeyFile& kf, const AnswerKey& key,
                    const std::vector<int>& linked, WorkspaceScores& out) {
    KeyScores ks;
    ks.key_name = kf.name;
    ks.key = key;
    for (int index : linked) ks.reviews.push_back(score_review(ws, index, key, kf.name, out));

    std::vector<std::string> names;
    for (const ReviewScore& rs : ks.reviews) names.push_back(rs.prompt);
    stable_sort_by(names);   // equal names are identical, so stability is moot
    names.erase(std::unique(names.begin(), names.end()), names.end());
    const std::string baseline = baseline_of(ws, names);
    const std::vector<std::string> prompts = ordered_prompts(ks.reviews, baseline);

    auto rank = [&](const std::string& prompt) {
        return std::find(prompts.begin(), prompts.end(), prompt) - prompts.begin();
    };
    stable_sort_by(ks.reviews, [&](const ReviewScore& a, const ReviewScore& b) {
        if (a.prompt != b.prompt) return rank(a.prompt) < rank(b.prompt);
        if (a.run != b.run) return a.run < b.run;
        return a.review_name < b.review_name;
    });

    // Honest totals: a run counts in Mean, SD, stability, the recommendation and the trend
    // only once every problem has a verdict; a partly graded run is not a score of 0.
    for (const ReviewScore& rs : ks.reviews) {
        ++ks.runs_total;
        ks.runs_graded += rs.ungraded == 0;
        ks.problems_total += static_cast<int>(rs.verdicts.size());
        ks.problems_graded += static_cast<int>(rs.verdicts.size()) - rs.ungraded;
    }
    for (const std::string& prompt : prompts) {
        std::vector<double> runs;
        std::set<int> seen_runs;
        int total = 0;
        for (const ReviewScore& rs : ks.reviews) {
            if (rs.prompt != prompt) continue;
            ++total;
            if (rs.ungraded == 0) runs.push_back(rs.score.total);
            if (rs.run > 0 && !seen_runs.insert(rs.run).second) {
                warn(out, kf.name + ": " + prompt + " has two reviews for run " +
                              std::to_string(rs.run) + "; both count");
            }
            if (rs.ungraded > 0) {
                warn(out, rs.review_name + ": graded " +
                              std::to_string(rs.verdicts.size() - static_cast<size_t>(rs.ungraded)) +
                              " of " + std::to_string(rs.verdicts.size()) +
                              " problems; not counted in Mean and SD until fully graded");
            }
        }
        // A prompt with no fully graded run keeps its place (the matrix shows its runs) but has
        // no statistics: runs_graded 0, left out of the recommendation and the trend.
        PromptStats st = prompt_stats(prompt, runs);
        st.runs_total = total;
        st.runs_graded = static_cast<int>(runs.size());
        ks.prompts.push_back(std::move(st));
    }
    const bool baseline_scored = !baseline.empty() && !ks.prompts.empty() &&
                                 ks.prompts.front().prompt == baseline &&
                                 ks.prompts.front().runs_graded > 0;
    std::vector<PromptStats> graded_variants;
    for (size_t i = 1; i < ks.prompts.size(); ++i) {
        if (ks.prompts[i].runs_graded > 0) graded_variants.push_back(ks.prompts[i]);
    }

    if (!baseline.empty() && !baseline_scored) {
        if (ks.prompts.size() > 1) {
            warn(out, kf.name + ": the baseline " + baseline + " has no fully graded run yet, "
                              "so there is no recommendation");
        }
    } else if (baseline.empty()) {
        if (ks.prompts.size() > 1) {
            warn(out, kf.name + ": no baseline prompt (none is named \"baseline\" and none is "
                              "chosen), so there is no recommendation");
        }
    } else if (!graded_variants.empty()) {
        ks.has_recommendation = true;
        ks.recommendation = recommend(ks.prompts.front(), graded_variants);
        if (!ks.complete()) {
            ks.recommendation.reason += " (from the " + std::to_string(ks.runs_graded) + " of " +
                                        std::to_string(ks.runs_total) +
                                        " runs fully graded so far)";
        }
    }
    return ks;
}

// One entry per round (the best prompt mean of the key of that round), oldest first.
void add_rounds(WorkspaceScores& out) {
    for (const KeyScores& ks : out.keys) {
        const int round = ks.key.round >= 0 ? ks.key.round : benchmark_name(ks.key_name, "").round;
        if (round < 0) continue;
        const std::string folder = place_of(ks.key_name).folder;
        const PromptStats* best = nullptr;
        for (const PromptStats& st : ks.prompts) {
            if (st.runs_graded > 0 && (!best || st.mean > best->mean)) best = &st;
        }
        if (!best) continue;   // nothing fully graded in this round yet
        auto same = std::find_if(out.rounds.begin(), out.rounds.end(),
                                 [&](const RoundBest& r) { return r.round == round && r.folder == folder; });
        if (same != out.rounds.end()) {
            warn(out, ks.key_name + ": a second key for round " + std::to_string(round) +
                          " (" + same->key_name + "); the better result counts");
            if (best->mean <= same->mean) continue;
            out.rounds.erase(same);
        }
        out.rounds.push_back({folder, round, ks.key_name, best->prompt, best->mean});
    }
    // Rounds are unique here, so the stable sort gives what any sort would.
    stable_sort_by(out.rounds, [](const RoundBest& a, const RoundBest& b) {
        return a.folder != b.folder ? a.folder < b.folder : a.round < b.round;
    });
    std::vector<double> means;
    bool one_folder = true;
    for (const RoundBest& r : out.rounds) {
        means.push_back(r.mean);
        one_folder = one_folder && r.folder == out.rounds.front().folder;
    }
    // Convergence is about the rounds of one perspective; with several folders the
    // comparison's per-perspective trends say it (grading/comparison.h).
    out.convergence = one_folder ? convergence_of(means) : Convergence::InsufficientData;
}

}  // namespace

std::string baseline_of(const Workspace& ws, const std::vector<std::string>& prompts) {
    if (!ws.baseline_prompt.empty() &&
        std::find(prompts.begin(), prompts.end(), ws.baseline_prompt) != prompts.end()) {
        return ws.baseline_prompt;
    }
    for (const std::string& p : prompts) {
        if (contains(to_lower_ascii(p), "baseline")) return p;
    }
    return "";
}

WorkspaceScores compute_scores(const Workspace& ws) { return compute_scores(ws, nullptr); }

WorkspaceScores compute_scores(const Workspace& ws, const ParsedKeyLookup& parsed_key) {
    WorkspaceScores out;
    for (size_t i = 0; i < ws.reviews.size(); ++i) {
        const ReviewFile& r = ws.reviews[i];
        if (r.key_name.empty()) {
            warn(out, r.name + ": not linked to an answer key, not scored");
        } else if (!ws.find_key(r.key_name)) {
            warn(out, r.name + ": linked to " + r.key_name + ", which is not loaded; not scored");
        }
    }
    std::set<std::string> seen_keys;
    for (const KeyFile& kf : ws.keys) {
        if (!seen_keys.insert(kf.name).second) {
            warn(out, kf.name + ": loaded twice; the first copy is used");
            continue;
        }
        std::vector<int> linked;
        for (size_t i = 0; i < ws.reviews.size(); ++i) {
            if (ws.reviews[i].key_name == kf.name) linked.push_back(static_cast<int>(i));
        }
        if (linked.empty()) continue;
        const KeyParseResult* cached = parsed_key ? parsed_key(kf) : nullptr;
        KeyParseResult parsed_here;
        if (!cached) parsed_here = parse_answer_key(kf.text);
        const KeyParseResult& parsed = cached ? *cached : parsed_here;
        if (!parsed.is_key) {
            warn(out, kf.name + ": not usable as an answer key (" + parsed.error + "); its " +
                          std::to_string(linked.size()) + " review(s) are not scored");
            continue;
        }
        out.keys.push_back(score_key(ws, kf, parsed.key, linked, out));
    }
    add_rounds(out);
    return out;
}

}  // namespace kg
