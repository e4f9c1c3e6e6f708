// Session: LLM-judge scoring reports held with the work (linked to a key and a prompt, saved
// with the workspace) and adoption of their verdicts as starting grades.
#include <algorithm>

#include "base/text.h"
#include "judge/judge_audit.h"
#include "session/session.h"

namespace kg {

const JudgeParseResult* Session::judge_report(int judge) {
    if (judge < 0 || judge >= static_cast<int>(ws_.judges.size())) return nullptr;
    const JudgeFile& j = ws_.judges[static_cast<size_t>(judge)];
    const ParsedDocument* kd = key_document(j.key_name);
    if (!kd || !kd->key.is_key) return nullptr;
    // Cached by the report's text, the key's text and the prompt it is read for.
    const FileRef key = find_file(j.key_name);
    const std::string id = judge_hashes_[static_cast<size_t>(judge)] + ":" +
                           key_hashes_[static_cast<size_t>(key.index)] + ":" + j.prompt;
    auto it = judge_parses_.find(id);
    if (it != judge_parses_.end()) return it->second.get();
    auto parsed = std::make_shared<JudgeParseResult>(parse_judge_report(j.text, kd->key.key));
    if (parsed->ok && !j.prompt.empty()) select_prompt(parsed->report, j.prompt);
    if (judge_parses_.size() > 4 * ws_.judges.size() + 16) judge_parses_.clear();
    judge_parses_[id] = parsed;
    return parsed.get();
}

void Session::set_judge_link(int judge, const std::string& key_name, const std::string& prompt) {
    if (judge < 0 || judge >= static_cast<int>(ws_.judges.size())) return;
    JudgeFile& j = ws_.judges[static_cast<size_t>(judge)];
    if (j.key_name == key_name && j.prompt == prompt) return;
    checkpoint();
    j.key_name = key_name;
    j.prompt = prompt;
    changed();
}

int Session::review_for_judge_run(int judge, int run) const {
    if (judge < 0 || judge >= static_cast<int>(ws_.judges.size())) return -1;
    const JudgeFile& j = ws_.judges[static_cast<size_t>(judge)];
    if (j.key_name.empty()) return -1;
    int found = -1;
    for (size_t i = 0; i < ws_.reviews.size(); ++i) {
        const ReviewFile& r = ws_.reviews[i];
        if (r.key_name != j.key_name || r.run != run || r.prompt != j.prompt) continue;
        if (found >= 0) return -1;   // ambiguous: adopt nothing rather than guess
        found = static_cast<int>(i);
    }
    return found;
}

std::vector<Session::JudgeOpinion> Session::judge_opinions(int review) {
    std::vector<JudgeOpinion> out;
    if (review < 0 || review >= static_cast<int>(ws_.reviews.size())) return out;
    const ReviewFile r = ws_.reviews[static_cast<size_t>(review)];   // copy: judge_report may parse
    if (r.key_name.empty()) return out;
    for (size_t j = 0; j < ws_.judges.size(); ++j) {
        const JudgeFile& jf = ws_.judges[j];
        if (jf.key_name != r.key_name || jf.prompt != r.prompt) continue;
        const JudgeParseResult* parsed = judge_report(static_cast<int>(j));
        if (!parsed || !parsed->ok) continue;
        for (const JudgeRun& run : parsed->report.runs) {
            if (run.run != r.run || review_for_judge_run(static_cast<int>(j), run.run) != review) continue;
            out.push_back({static_cast<int>(j), ws_.judges[j].name, run.run, run.problems, run.stated_score});
        }
    }
    return out;
}

namespace {

// Judge items become the review's bonus/penalty items only when the review has none of its
// own yet (the human's list is never merged with the judge's).
void adopt_items(std::vector<ExtraItem>& into, const std::vector<JudgeItem>& items) {
    const bool human_items = std::any_of(into.begin(), into.end(),
                                         [](const ExtraItem& x) { return !x.from_judge; });
    if (human_items) return;
    into.clear();
    for (const JudgeItem& item : items) {
        ExtraItem x;
        x.note = item.text;
        x.from_judge = true;
        into.push_back(std::move(x));
    }
}

}  // namespace

int Session::adopt_judge(int judge, int run) {
    const JudgeParseResult* parsed = judge_report(judge);
    if (!parsed || !parsed->ok) return 0;
    int adopted = 0;
    bool checkpointed = false;
    for (const JudgeRun& jr : parsed->report.runs) {
        if (run != 0 && jr.run != run) continue;
        const int ri = review_for_judge_run(judge, jr.run);
        if (ri < 0) continue;
        ReviewFile& r = ws_.reviews[static_cast<size_t>(ri)];
        for (const JudgeVerdict& v : jr.problems) {
            if (v.verdict == Verdict::Ungraded) continue;
            const ProblemGrade* g = ws_.find_grade(r, v.problem_id);
            if (g && g->verdict != Verdict::Ungraded && !g->from_judge) continue;   // human's
            if (g && g->from_judge && g->verdict == v.verdict) continue;
            if (!checkpointed) {
                checkpoint();
                checkpointed = true;
            }
            ProblemGrade& grade = ws_.ensure_grade(r, v.problem_id);
            grade.verdict = v.verdict;
            grade.from_judge = true;
            grade.review_hash = r.hash;
            grade.stale = false;
            ++adopted;
        }
        if (jr.bonus_listed || jr.penalty_listed) {
            if (!checkpointed) {
                checkpoint();
                checkpointed = true;
            }
            if (jr.bonus_listed) adopt_items(r.bonus, jr.bonus_items);
            if (jr.penalty_listed) adopt_items(r.penalties, jr.penalty_items);
        }
    }
    if (checkpointed) changed();
    return adopted;
}

int Session::adopt_round(const std::string& folder, int round) {
    int adopted = 0;
    for (size_t i = 0; i < ws_.judges.size(); ++i) {
        const JudgeFile& j = ws_.judges[i];
        if (j.key_name.empty() || place_of(j.key_name).folder != folder) continue;
        const FileRef key = find_file(j.key_name);
        if (key.list != FileKind::Key || key_round(static_cast<size_t>(key.index)) != round) continue;
        adopted += adopt_judge(static_cast<int>(i), 0);
    }
    return adopted;
}

void Session::confirm_adopted(int review, const std::string& problem_id) {
    ReviewFile* r = review_at(review);
    if (!r) return;
    ProblemGrade* g = ws_.find_grade(*r, problem_id);
    if (!g || !g->from_judge) return;
    checkpoint();
    g->from_judge = false;
    changed();
}

}  // namespace kg
