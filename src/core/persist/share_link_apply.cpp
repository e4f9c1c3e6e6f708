// Applying a decoded share link to a workspace: match files by name and content hash, say
// clearly what does not fit, and restore the grading of what does.
#include <algorithm>

#include "persist/share_link.h"
#include "base/text.h"

namespace kg {

namespace {

std::string short_hash(const std::string& h) { return h.empty() ? "none" : h.substr(0, 8) + "…"; }

std::string differs(const std::string& loaded, const std::string& shared) {
    return "content differs from the shared grading (loaded " + short_hash(loaded) + ", link " +
           short_hash(shared) + ")";
}

std::string review_hash(const ReviewFile& r) {
    return r.hash.size() == 16 ? r.hash : content_hash(r.text);
}

std::string reviews_word(int n) {
    return std::to_string(n) + (n == 1 ? " review" : " reviews");
}

// The plan: which shared review goes to which workspace review.
struct Plan {
    std::vector<std::pair<size_t, int>> matches;   // shared review index -> ws review index
    ShareApplyResult result;
};

Plan make_plan(const SharedGrading& g, const Workspace& ws) {
    Plan plan;
    plan.result.ok = true;
    // Keys first: a review graded against a key that is absent or different cannot be
    // restored, because its verdicts name that key's problems.
    std::vector<unsigned char> key_ok(g.keys.size(), 1);   // not vector<bool>: download size
    for (size_t k = 0; k < g.keys.size(); ++k) {
        const SharedKey& key = g.keys[k];
        if (key.name.empty()) continue;
        int users = 0;
        for (const SharedReview& r : g.reviews) users += r.key == static_cast<int>(k);
        const KeyFile* kf = ws.find_key(key.name);
        std::string problem;
        if (!kf) {
            problem = "not loaded";
        } else if (!key.hash.empty() && content_hash(kf->text) != key.hash) {
            problem = differs(content_hash(kf->text), key.hash);
        }
        if (problem.empty()) continue;
        key_ok[k] = 0;
        plan.result.mismatches.push_back(key.name + ": " + problem + "; the " + reviews_word(users) +
                                         " graded against it cannot be restored");
    }
    for (size_t i = 0; i < g.reviews.size(); ++i) {
        const SharedReview& r = g.reviews[i];
        const int at = ws.find_review(r.name);
        if (at < 0) {
            plan.result.mismatches.push_back(r.name + ": not loaded");
            continue;
        }
        const std::string loaded = review_hash(ws.reviews[static_cast<size_t>(at)]);
        if (!r.hash.empty() && loaded != r.hash) {
            plan.result.mismatches.push_back(r.name + ": " + differs(loaded, r.hash));
            continue;
        }
        if (r.key >= 0 && !key_ok[static_cast<size_t>(r.key)]) {
            plan.result.mismatches.push_back(r.name + ": not restored, its answer key " +
                                             g.keys[static_cast<size_t>(r.key)].name +
                                             " does not match");
            continue;
        }
        plan.matches.emplace_back(i, at);
        plan.result.applied.push_back(r.name);
    }
    return plan;
}

// The quoted passage of evidence: the review's own lines, so the link never carries them.
std::string lines_of(const std::string& text, int start, int end) {
    const LineIndex index(text);
    if (start < 1 || start > index.line_count()) return "";
    end = std::min(std::max(end, start), index.line_count());
    const size_t from = index.line_start(start);
    const size_t to = end < index.line_count() ? index.line_start(end + 1) : text.size();
    std::string s = text.substr(from, to - from);
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

void restore(const SharedGrading& g, const SharedReview& shared, ReviewFile& r) {
    std::vector<ProblemGrade> grades = shared.grades;
    for (ProblemGrade& pg : grades) {
        pg.review_hash = r.hash;
        pg.stale = false;
        for (Evidence& e : pg.evidence) e.text = lines_of(r.text, e.line_start, e.line_end);
    }
    // Machine suggestions are not part of the link: keep the ones already computed.
    for (const ProblemGrade& old : r.grades) {
        if (old.suggestion.verdict == Verdict::Ungraded && old.suggestion.evidence.empty()) continue;
        auto it = std::find_if(grades.begin(), grades.end(),
                               [&](const ProblemGrade& pg) { return pg.problem_id == old.problem_id; });
        if (it == grades.end()) {
            ProblemGrade kept;
            kept.problem_id = old.problem_id;
            kept.review_hash = r.hash;
            kept.suggestion = old.suggestion;
            grades.push_back(std::move(kept));
        } else {
            it->suggestion = old.suggestion;
        }
    }
    r.grades = std::move(grades);
    r.bonus = shared.bonus;
    r.penalties = shared.penalties;
    r.prompt = shared.prompt;
    r.run = shared.run;
    r.key_name = shared.key >= 0 ? g.keys[static_cast<size_t>(shared.key)].name : "";
}

}  // namespace

ShareApplyResult check_share_link(const SharedGrading& g, const Workspace& ws) {
    return make_plan(g, ws).result;
}

ShareApplyResult apply_share_link(std::string_view fragment, Workspace& ws) {
    const ShareDecodeResult decoded = decode_share_link(fragment);
    if (!decoded.ok) {
        ShareApplyResult out;
        out.error = decoded.error;
        return out;
    }
    Plan plan = make_plan(decoded.grading, ws);
    for (const auto& [shared, at] : plan.matches) {
        restore(decoded.grading, decoded.grading.reviews[shared], ws.reviews[static_cast<size_t>(at)]);
    }
    if (!plan.matches.empty()) ws.baseline_prompt = decoded.grading.baseline_prompt;
    return plan.result;
}

}  // namespace kg
