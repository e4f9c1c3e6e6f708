// Session::set_suggestion: stores a machine suggestion next to the human verdict.
// Suggestions are derived from the review and the key (recomputed whenever they are missing),
// so storing one is neither an undo step nor a change that needs saving by itself: it is
// saved along with the next edit. The human verdict, note and evidence are never touched.
#include "session/session.h"

namespace kg {

namespace {
bool same_suggestion(const Suggestion& a, const Suggestion& b) {
    if (a.verdict != b.verdict || a.confidence != b.confidence || a.evidence.size() != b.evidence.size())
        return false;
    for (size_t i = 0; i < a.evidence.size(); ++i) {
        const Evidence& x = a.evidence[i];
        const Evidence& y = b.evidence[i];
        if (x.line_start != y.line_start || x.line_end != y.line_end || x.text != y.text) return false;
    }
    return true;
}
}  // namespace

bool Session::set_suggestion(int review, const std::string& problem_id, const Suggestion& s) {
    ReviewFile* r = review_at(review);
    if (!r || problem_id.empty()) return false;
    if (const ProblemGrade* g = ws_.find_grade(*r, problem_id)) {
        if (same_suggestion(g->suggestion, s)) return false;
    }
    ws_.ensure_grade(*r, problem_id).suggestion = s;
    return true;
}

}  // namespace kg
