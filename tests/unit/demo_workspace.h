// The round 008 demo as a graded workspace: the real key (keys/answer-key-round-008.md), the
// four sample reviews (assets/reviews) and the grades of assets/reviews/LABELS.md, typed in
// here so a test fails when either the files or the arithmetic drift.
// Expected: baseline 7.0 / 6.0 (mean 6.5, SD 0.5), redteam 8.0 / 8.5 (mean 8.25, SD 0.25).
#pragma once
#include <string>
#include "fixtures.h"
#include "review/review.h"
#include "base/text.h"
#include "model/workspace.h"

namespace demo {

inline const char* const kKeyName = "answer-key-round-008.md";

// Verdicts for P01..P09 as o (○), p (△), x (×), - (ungraded); bonus ids "B02,B05,";
// an empty id is a bonus item outside the key's list.
inline kg::ReviewFile graded_review(const std::string& name, const std::string& verdicts,
                                    const std::vector<std::string>& bonus_ids, int penalties) {
    kg::ReviewFile r;
    r.name = name;
    r.text = kg::normalize_text(read_fixture("assets/reviews/" + name));
    r.hash = kg::content_hash(r.text);
    const kg::PromptRun pr = kg::prompt_run_from_file_name(name);
    r.prompt = pr.prompt;
    r.run = pr.run;
    r.key_name = kKeyName;
    for (size_t i = 0; i < verdicts.size(); ++i) {
        kg::ProblemGrade g;
        g.problem_id = "P0" + std::to_string(i + 1);
        const char c = verdicts[i];
        g.verdict = c == 'o' ? kg::Verdict::Detected
                  : c == 'p' ? kg::Verdict::Partial
                  : c == 'x' ? kg::Verdict::Missed
                             : kg::Verdict::Ungraded;
        g.review_hash = r.hash;
        r.grades.push_back(g);
    }
    for (const std::string& id : bonus_ids) {
        kg::ExtraItem x;
        x.note = id.empty() ? "finding outside the key's bonus list" : "matches " + id;
        x.bonus_id = id;
        r.bonus.push_back(x);
    }
    for (int i = 0; i < penalties; ++i) {
        r.penalties.push_back({"out of scope (security)", "", 0, 0});
    }
    return r;
}

inline kg::Workspace graded_round_008() {
    kg::Workspace ws;
    ws.keys.push_back({kKeyName, kg::normalize_text(read_fixture(std::string("keys/") + kKeyName))});
    ws.reviews.push_back(graded_review("v008-baseline-run1.md", "oopoopxox", {"B02", "B05", ""}, 1));
    ws.reviews.push_back(graded_review("v008-baseline-run2.md", "opooppxox", {"B02", "B06"}, 1));
    ws.reviews.push_back(graded_review("v008-variant-redteam-run1.md", "oooooopxp", {"B01", "B04", "B03"}, 1));
    ws.reviews.push_back(graded_review("v008-variant-redteam-run2.md", "oooopoopx", {"B01", "B02", "B04", ""}, 1));
    return ws;
}

}  // namespace demo
