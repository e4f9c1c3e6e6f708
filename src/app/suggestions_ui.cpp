// Machine suggestions in the page (issue 4): computed once per review and key content (not
// every frame), stored in ProblemGrade::suggestion apart from the human verdict, shown as a
// ghost verdict with its evidence, accepted with one key, and measured against the human.
#include <cstdio>
#include <map>
#include <memory>
#include "agreement.h"
#include "fonts.h"
#include "imgui.h"
#include "text.h"
#include "widgets.h"
#include "wiring.h"

namespace kg::app {

namespace {

// One engine per key content; the key is copied so the engine never outlives what it indexes.
struct KeyEngine {
    kg::AnswerKey key;
    std::unique_ptr<kg::SuggestionEngine> engine;
};

struct SuggestionCache {
    std::map<std::string, std::shared_ptr<KeyEngine>> engines;      // key hash -> engine
    std::map<const void*, std::string> key_hash_of;                  // parsed key -> its hash
    std::map<std::string, kg::SuggestionSet> sets;                   // review hash/key hash -> set
    std::vector<std::string> review_set;                             // per review: its cache key
    uint64_t synced_revision = 0;
    size_t synced_reviews = static_cast<size_t>(-1);
    kg::Agreement agreement;                                         // human vs suggestion
};

SuggestionCache& cache() {
    static SuggestionCache c;
    return c;
}

const std::string& key_hash(const kg::ParsedDocument* kd, const kg::Workspace& ws, const std::string& name) {
    SuggestionCache& c = cache();
    auto it = c.key_hash_of.find(kd);
    if (it != c.key_hash_of.end()) return it->second;
    const kg::KeyFile* kf = ws.find_key(name);
    return c.key_hash_of[kd] = kg::content_hash(kf ? kf->text : name);
}

kg::Suggestion stored_form(const kg::ProblemSuggestion& ps) {
    kg::Suggestion sg;
    sg.verdict = ps.verdict;
    sg.confidence = ps.confidence;
    for (const kg::EvidencePassage& e : ps.evidence) sg.evidence.push_back(kg::Evidence{e.line_start, e.line_end, e.text});
    return sg;
}

void recompute_agreement(const kg::Workspace& ws) {
    std::vector<std::pair<kg::Verdict, kg::Verdict>> pairs;
    for (const kg::ReviewFile& r : ws.reviews) {
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.verdict == kg::Verdict::Ungraded || g.suggestion.verdict == kg::Verdict::Ungraded) continue;
            pairs.emplace_back(g.verdict, g.suggestion.verdict);
        }
    }
    cache().agreement = kg::agreement(pairs);
}

}  // namespace

void suggestions_tick(AppState& s) {
    SuggestionCache& c = cache();
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    const size_t n = ws.reviews.size();
    c.review_set.assign(n, std::string());
    const double start = platform::now_ms();
    bool computed = false;
    for (size_t i = 0; i < n; ++i) {
        const kg::ReviewFile& r = ws.reviews[i];
        if (r.key_name.empty()) continue;
        const kg::ParsedDocument* kd = ses.key_document(r.key_name);
        if (!kd || !kd->key.is_key || kd->key.key.problems.empty()) continue;
        const std::string ck = r.hash + "/" + key_hash(kd, ws, r.key_name);
        if (!c.sets.count(ck)) {
            // A folder of reviews is suggested over a few frames: the page stays responsive.
            if (computed && platform::now_ms() - start > 25) continue;
            const kg::ParsedDocument* doc = ses.review_document(static_cast<int>(i));
            if (!doc) continue;
            const std::string& kh = key_hash(kd, ws, r.key_name);
            std::shared_ptr<KeyEngine>& ke = c.engines[kh];
            if (!ke) {
                ke = std::make_shared<KeyEngine>();
                ke->key = kd->key.key;
                ke->engine = std::make_unique<kg::SuggestionEngine>(ke->key);
            }
            if (c.sets.size() > 400) c.sets.clear();   // bounded: sets are cheap to recompute
            c.sets[ck] = ke->engine->suggest(doc->doc, doc->review);
            computed = true;
        }
        c.review_set[i] = ck;
    }
    // Store into the workspace when something new was computed or the workspace changed
    // (an undo can bring back a state saved before the suggestions existed).
    if (!computed && c.synced_revision == ses.revision() && c.synced_reviews == n) return;
    for (size_t i = 0; i < n; ++i) {
        auto it = c.sets.find(c.review_set[i]);
        if (c.review_set[i].empty() || it == c.sets.end()) continue;
        for (const kg::ProblemSuggestion& ps : it->second.problems)
            ses.set_suggestion(static_cast<int>(i), ps.problem_id, stored_form(ps));
    }
    c.synced_revision = ses.revision();
    c.synced_reviews = n;
    recompute_agreement(ses.workspace());
}

const kg::SuggestionSet* suggestions_of(AppState&, int review) {
    SuggestionCache& c = cache();
    if (review < 0 || review >= static_cast<int>(c.review_set.size())) return nullptr;
    auto it = c.sets.find(c.review_set[static_cast<size_t>(review)]);
    return it == c.sets.end() ? nullptr : &it->second;
}

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

void draw_suggestion_details(AppState& s, int review, const kg::Problem& p) {
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    if (review < 0 || review >= static_cast<int>(ws.reviews.size())) return;
    const kg::ProblemGrade* g = ws.find_grade(ws.reviews[static_cast<size_t>(review)], p.id);
    ImGui::Spacing();
    ImGui::TextDisabled("Machine suggestion");
    if (!g || g->suggestion.verdict == kg::Verdict::Ungraded) {
        ImGui::SameLine();
        ImGui::TextDisabled("— (none yet)");
        return;
    }
    const kg::Suggestion& sg = g->suggestion;
    ImGui::SameLine();
    ImVec4 col = ImGui::ColorConvertU32ToFloat4(verdict_color(sg.verdict));
    col.w = 0.6f;
    ImGui::TextColored(col, "%s %s  %.0f%%", kg::verdict_symbol(sg.verdict), kg::verdict_name(sg.verdict),
                       sg.confidence * 100);
    ImGui::SameLine();
    const bool same = g->verdict == sg.verdict;
    ImGui::BeginDisabled(same);
    if (ImGui::SmallButton("Accept (A)")) ses.set_verdict(review, p.id, sg.verdict);
    ImGui::EndDisabled();
    if (const kg::SuggestionSet* set = suggestions_of(s, review)) {
        for (const kg::ProblemSuggestion& ps : set->problems) {
            if (ps.problem_id != p.id) continue;
            if (!ps.core_missing.empty() && ps.verdict != kg::Verdict::Detected) {
                std::string missing;
                for (size_t i = 0; i < ps.core_missing.size() && i < 6; ++i) missing += (i ? ", " : "") + ps.core_missing[i];
                ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
                ImGui::TextWrapped("not stated: %s", missing.c_str());
                ImGui::PopStyleColor();
            }
        }
    }
    for (size_t i = 0; i < sg.evidence.size() && i < 3; ++i) {
        const kg::Evidence& e = sg.evidence[i];
        ImGui::PushID(static_cast<int>(i) + 7000);
        char where[32];
        std::snprintf(where, sizeof where, "L%d–%d", e.line_start, e.line_end);
        std::string label = std::string(where) + "  " + e.text;
        if (label.size() > 140) {
            size_t cut = 140;
            while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
            label = label.substr(0, cut) + "…";
        }
        ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
        ImGui::PushTextWrapPos(0);
        // Jumps to the passage and selects it, so E (or Attach) takes it as evidence.
        if (ImGui::Selectable(label.c_str(), false)) s.review_view.jump_to_lines(e.line_start, e.line_end);
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        hover_tip("Click: show this passage in the review");
        ImGui::PopID();
    }
}

void draw_unmatched_findings(AppState& s, int review) {
    const kg::SuggestionSet* set = suggestions_of(s, review);
    if (!set || set->unmatched.empty()) return;
    kg::Session& ses = s.session;
    ImGui::Spacing();
    ImGui::TextDisabled("Findings that match no problem (%d): bonus or penalty candidates",
                        static_cast<int>(set->unmatched.size()));
    const kg::ReviewFile& r = ses.workspace().reviews[static_cast<size_t>(review)];
    for (size_t i = 0; i < set->unmatched.size(); ++i) {
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

void draw_suggestion_agreement(AppState&) {
    const kg::Agreement& a = cache().agreement;
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

void accept_suggestion(AppState& s) {
    kg::Session& ses = s.session;
    const kg::Problem* p = ses.selected_problem();
    const int ri = ses.workspace().selection.review;
    if (!p || ri < 0 || ri >= static_cast<int>(ses.workspace().reviews.size())) return;
    const kg::ProblemGrade* g = ses.workspace().find_grade(ses.workspace().reviews[static_cast<size_t>(ri)], p->id);
    if (!g || g->suggestion.verdict == kg::Verdict::Ungraded) return;
    ses.set_verdict(ri, p->id, g->suggestion.verdict);
}

// For the query: the agreement figures.
const kg::Agreement& suggestion_agreement() { return cache().agreement; }

}  // namespace kg::app
