// Machine suggestions in the page (issue 4): computed once per review and key content (not
// every frame), stored in ProblemGrade::suggestion apart from the human verdict, shown as a
// ghost verdict with its evidence, accepted with one key, and measured against the human.
#include <cstdio>
#include "grading/agreement.h"
#include "fonts.h"
#include "imgui.h"
#include "base/text.h"
#include "widgets.h"
#include "wiring.h"

namespace kg::app {

namespace {

// What the workspace keeps of an evidence passage: its lines and the start of its text.
// The whole passage is in the review (the lines find it); keeping all of it, for 9 problems
// x 3 passages of every review, doubled the saved workspace and halved what local storage
// holds (bench/README.md, "Local storage").
constexpr size_t kStoredEvidenceBytes = 200;

std::string evidence_preview(const std::string& text) {
    if (text.size() <= kStoredEvidenceBytes) return text;
    return std::string(kg::utf8_prefix(text, kStoredEvidenceBytes)) + "\xE2\x80\xA6";   // …
}

kg::Suggestion stored_form(const kg::ProblemSuggestion& ps) {
    kg::Suggestion sg;
    sg.verdict = ps.verdict;
    sg.confidence = ps.confidence;
    for (const kg::EvidencePassage& e : ps.evidence)
        sg.evidence.push_back(kg::Evidence{e.line_start, e.line_end, evidence_preview(e.text)});
    return sg;
}

// Whether the grade already holds stored_form(ps), checked without building it: a pass over
// a benchmark's 760 reviews runs after every edit and finds almost all of them unchanged.
bool stored_as(const kg::ProblemSuggestion& ps, const kg::Suggestion& sg) {
    if (sg.verdict != ps.verdict || sg.confidence != ps.confidence || sg.evidence.size() != ps.evidence.size())
        return false;
    for (size_t i = 0; i < ps.evidence.size(); ++i) {
        const kg::EvidencePassage& e = ps.evidence[i];
        const kg::Evidence& x = sg.evidence[i];
        if (x.line_start != e.line_start || x.line_end != e.line_end) return false;
        if (e.text.size() <= kStoredEvidenceBytes) {
            if (x.text != e.text) return false;
            continue;
        }
        const std::string_view prefix = kg::utf8_prefix(e.text, kStoredEvidenceBytes);
        if (x.text.size() != prefix.size() + 3 || x.text.compare(0, prefix.size(), prefix) != 0 ||
            x.text.compare(prefix.size(), 3, "\xE2\x80\xA6") != 0)
            return false;
    }
    return true;
}

kg::Agreement count_agreement(const kg::Workspace& ws) {
    std::vector<std::pair<kg::Verdict, kg::Verdict>> pairs;
    for (const kg::ReviewFile& r : ws.reviews) {
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.verdict == kg::Verdict::Ungraded || g.suggestion.verdict == kg::Verdict::Ungraded) continue;
            pairs.emplace_back(g.verdict, g.suggestion.verdict);
        }
    }
    return kg::agreement(pairs);
}

}  // namespace

void suggestions_tick(AppState& s) {
    SuggestionCache& c = s.suggestions;
    kg::Session& ses = s.session;
    const size_t n = ses.workspace().reviews.size();
    // Only when the workspace changed (an undo can bring back a state saved before the
    // suggestions existed) or a pass is under way.
    if (!c.pending && c.synced_revision == ses.revision() && c.synced_reviews == n) return;
    if (!c.pending || c.pass_reviews != n) {
        // A new pass from the top. An edit during a pass does not restart it (that starved
        // it in a big workspace): the pass ends, then the revision differs and another runs,
        // cheap for every review whose key's verdicts did not change.
        c.pending = true;
        c.next = 0;
        c.warming = true;
        c.pass_revision = ses.revision();
        c.pass_reviews = n;
    }
    const double start = platform::now_ms();
    for (int done = 0; c.next < n; ++done) {
        // A folder of new reviews is spread over many frames so the page stays responsive.
        if (done > 0 && platform::now_ms() - start > 20) return;
        const int i = static_cast<int>(c.next++);
        if (c.warming) {
            ses.warm_suggestions(i);
        } else if (const kg::SuggestionSet* set = ses.suggestions(i)) {
            const kg::ReviewFile& review = ses.workspace().reviews[static_cast<size_t>(i)];
            for (const kg::ProblemSuggestion& ps : set->problems) {
                const kg::ProblemGrade* g = ses.workspace().find_grade(review, ps.problem_id);
                if (g && stored_as(ps, g->suggestion)) continue;
                if (ses.set_suggestion(i, ps.problem_id, stored_form(ps))) c.agreement_revision = 0;
            }
        }
        if (c.next == n && c.warming) {
            c.warming = false;
            c.next = 0;
        }
    }
    c.pending = false;
    c.synced_revision = c.pass_revision;
    c.synced_reviews = n;
    c.agreement_revision = 0;   // suggestions may have changed: count again
}

bool suggestions_pending(const AppState& s) { return s.suggestions.pending; }

const kg::SuggestionSet* suggestions_of(AppState& s, int review) { return s.session.suggestions(review); }

void draw_ghost_verdict(AppState& s, const kg::ReviewFile* review, const std::string& problem_id) {
    if (!review) return;
    const kg::ProblemGrade* g = s.session.workspace().find_grade(*review, problem_id);
    if (!g || g->suggestion.verdict == kg::Verdict::Ungraded) return;
    ImGui::SameLine();
    ImVec4 col = ImGui::ColorConvertU32ToFloat4(verdict_color(g->suggestion.verdict));
    col.w = 0.45f;   // ghost: the human verdict (the badge on the left) always reads first
    char label[32];
    std::snprintf(label, sizeof label, "%s%.0f", kg::verdict_symbol(g->suggestion.verdict), g->suggestion.confidence * 100);
    ImGui::TextColored(col, "%s", label);
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Suggested %s with %.0f%% confidence (A accepts it)",
                          kg::verdict_symbol(g->suggestion.verdict), g->suggestion.confidence * 100);
    }
}

void draw_unmatched_findings(AppState& s, int review) {
    const kg::SuggestionSet* set = suggestions_of(s, review);
    if (!set) {
        // Past the work bound (base/limits.h) the machine does not suggest: say why, once.
        const std::string refused = s.session.suggestions_refused(review);
        if (!refused.empty()) {
            ImGui::Spacing();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%s", refused.c_str());   // "suggestions refused: ... (grade it by hand ...)"
            ImGui::PopTextWrapPos();
        }
        return;
    }
    if (set->unmatched.empty()) return;
    kg::Session& ses = s.session;
    ImGui::Spacing();
    ImGui::TextDisabled("Findings that match no problem (%d): bonus or penalty candidates",
                        static_cast<int>(set->unmatched.size()));
    const kg::ReviewFile& r = ses.workspace().reviews[static_cast<size_t>(review)];
    // A long review can leave hundreds of findings unmatched (828 in the 1 MB benchmark
    // review): only the rows in view are laid out (one line each, so the clipper can skip
    // the others by height).
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(set->unmatched.size()));
    while (clipper.Step()) {
        for (size_t i = static_cast<size_t>(clipper.DisplayStart); i < static_cast<size_t>(clipper.DisplayEnd); ++i) {
            const kg::UnmatchedFinding& u = set->unmatched[i];
            ImGui::PushID(static_cast<int>(i) + 9000);
            bool added = false;
            for (const kg::ExtraItem& b : r.bonus) added = added || (b.line_start == u.line_start && b.line_end == u.line_end);
            ImGui::BeginDisabled(added);
            if (ImGui::SmallButton(added ? "bonus ✓" : "+ bonus")) {
                kg::ExtraItem item;
                item.note = (u.finding_id.empty() ? "" : u.finding_id + ". ") + u.title;
                item.bonus_id = u.bonus_id;
                item.line_start = u.line_start;
                item.line_end = u.line_end;
                ses.add_extra(review, kg::ExtraKind::Bonus, item);
            }
            ImGui::EndDisabled();
            ImGui::SameLine();
            if (!u.bonus_id.empty()) {
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().heading), "%s", u.bonus_id.c_str());
                hover_tip("Matches this row of the key's bonus table");
                ImGui::SameLine();
            }
            char where[24];
            std::snprintf(where, sizeof where, "L%d", u.line_start);
            std::string label = std::string(where) + "  " + (u.finding_id.empty() ? "" : u.finding_id + ". ") + u.title;
            if (ImGui::Selectable(label.c_str(), false)) s.review_view.jump_to_lines(u.line_start, u.line_end);
            ImGui::PopID();
        }
    }
}

// Current for the session's revision (a verdict given this frame counts at once).
const kg::Agreement& suggestion_agreement_of(AppState& s) {
    SuggestionCache& c = s.suggestions;
    if (c.agreement_revision != s.session.revision()) {
        c.agreement = count_agreement(s.session.workspace());
        c.agreement_revision = s.session.revision();
    }
    return c.agreement;
}

void draw_suggestion_agreement(AppState& s) {
    const kg::Agreement& a = suggestion_agreement_of(s);
    ImGui::Spacing();
    if (a.n == 0) {
        ImGui::TextDisabled("Agreement with the suggestions: no graded problem yet");
        return;
    }
    ImGui::TextDisabled("Agreement with the suggestions");
    ImGui::Text("exact %.0f%%  ·  kappa %.2f  ·  %d verdicts", a.exact * 100, a.kappa, a.n);
    hover_tip("Human verdicts against the machine's suggestions for the same problems: exact "
              "agreement and Cohen's kappa over ○/△/×.");
}

}  // namespace kg::app
