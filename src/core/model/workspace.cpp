// The small lookups and bookkeeping of the Workspace; serialization is in workspace_io.cpp.
#include <algorithm>
#include "model/workspace.h"

namespace kg {

const KeyFile* Workspace::find_key(const std::string& name) const {
    for (const KeyFile& k : keys) {
        if (k.name == name) return &k;
    }
    return nullptr;
}

ProblemGrade* Workspace::find_grade(ReviewFile& r, const std::string& problem_id) {
    for (ProblemGrade& g : r.grades) {
        if (g.problem_id == problem_id) return &g;
    }
    return nullptr;
}

const ProblemGrade* Workspace::find_grade(const ReviewFile& r,
                                          const std::string& problem_id) const {
    for (const ProblemGrade& g : r.grades) {
        if (g.problem_id == problem_id) return &g;
    }
    return nullptr;
}

ProblemGrade& Workspace::ensure_grade(ReviewFile& r, const std::string& problem_id) {
    if (ProblemGrade* g = find_grade(r, problem_id)) return *g;
    ProblemGrade g;
    g.problem_id = problem_id;
    r.grades.push_back(g);
    return r.grades.back();
}

int Workspace::find_review(const std::string& name) const {
    for (size_t i = 0; i < reviews.size(); ++i) {
        if (reviews[i].name == name) return static_cast<int>(i);
    }
    return -1;
}

bool grade_has_content(const ProblemGrade& g) {
    return g.verdict != Verdict::Ungraded || !g.note.empty() || !g.evidence.empty();
}

bool review_has_content(const ReviewFile& r) {
    return !r.bonus.empty() || !r.penalties.empty() ||
           std::any_of(r.grades.begin(), r.grades.end(), grade_has_content);
}

int mark_stale_grades(ReviewFile& r) {
    int stale = 0;
    for (ProblemGrade& g : r.grades) {
        // A grade that was never given, or carries no hash, cannot be out of date.
        const bool graded = g.verdict != Verdict::Ungraded || !g.note.empty();
        g.stale = graded && !g.review_hash.empty() && g.review_hash != r.hash;
        if (g.stale) ++stale;
    }
    return stale;
}

}  // namespace kg
