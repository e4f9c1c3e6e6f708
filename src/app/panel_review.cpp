// The review being graded: its name, search, the list of findings to jump to, attaching the
// selected passage as evidence, and the rendered Markdown (markdown_view.h).
#include "app_state.h"
#include "fonts.h"
#include "imgui.h"
#include "platform.h"
#include "widgets.h"

namespace kg::app {

namespace {

void empty_state() {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::BeginChild("empty", ImVec2(0, 0), ImGuiChildFlags_Border);
    const char* lines[] = {"Grade reviews against an answer key.",
                           "Open (or drop here) an answer key and the reviews to grade.",
                           "Keys and reviews are told apart by their content."};
    float y = avail.y * 0.35f;
    for (const char* l : lines) {
        const float w = ImGui::CalcTextSize(l).x;
        ImGui::SetCursorPos(ImVec2(std::max(8.0f, (avail.x - w) * 0.5f), y));
        if (l == lines[0]) heading_text(l);
        else ImGui::TextDisabled("%s", l);
        y += ImGui::GetTextLineHeightWithSpacing() * (l == lines[0] ? 1.8f : 1.2f);
    }
    const char* label = "Open files…";
    const float bw = ImGui::CalcTextSize(label).x + 24;
    ImGui::SetCursorPos(ImVec2((avail.x - bw) * 0.5f, y + 10));
    if (ImGui::Button(label, ImVec2(bw, 0))) platform::open_file_picker();
    ImGui::EndChild();
}

void findings_popup(AppState& s, const kg::ParsedDocument& doc, int review) {
    kg::Session& ses = s.session;
    const kg::Problem* problem = ses.selected_problem();
    const auto& findings = doc.review.findings;
    ImGui::SetNextWindowSizeConstraints(ImVec2(320, 0), ImVec2(640, 480));
    if (!ImGui::BeginPopup("findings")) return;
    if (findings.empty()) ImGui::TextDisabled("No findings recognised in this review.");
    if (problem) ImGui::TextDisabled("Click to jump; + attaches it as evidence for %s", problem->id.c_str());
    for (size_t i = 0; i < findings.size(); ++i) {
        const kg::Finding& f = findings[i];
        ImGui::PushID(static_cast<int>(i));
        if (problem) {
            if (ImGui::SmallButton("+")) {
                kg::Evidence e;
                e.line_start = f.line_start;
                e.line_end = f.line_end;
                e.text = (f.id.empty() ? "" : f.id + ". ") + f.title;
                ses.add_evidence(review, problem->id, e);
                s.review_view.jump_to_lines(f.line_start, f.line_end);
            }
            ImGui::SameLine();
        }
        std::string label = (f.id.empty() ? std::string() : f.id + "  ") + f.title;
        if (!f.severity.empty()) label += "  [" + f.severity + "]";
        if (ImGui::Selectable(label.c_str())) s.review_view.jump_to_lines(f.line_start, f.line_start);
        ImGui::PopID();
    }
    ImGui::EndPopup();
}

}  // namespace

void draw_review_panel(AppState& s) {
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    const int ri = ws.selection.review;
    if (ri < 0 || ri >= static_cast<int>(ws.reviews.size())) {
        empty_state();
        return;
    }
    const kg::ReviewFile& r = ws.reviews[static_cast<size_t>(ri)];
    const kg::ParsedDocument* doc = ses.review_document(ri);
    if (!doc) return;

    // Header: name, prompt and run.
    ImGui::PushFont(font_bold());
    ImGui::TextUnformatted(r.name.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("run %d · %d lines", r.run, doc->doc.line_count);

    // Toolbar: search, findings, attach evidence.
    s.review_view.draw_search_bar("review_search", s.focus_search);
    s.focus_search = false;
    ImGui::SameLine();
    char label[64];
    std::snprintf(label, sizeof label, "Findings (%d)", static_cast<int>(doc->review.findings.size()));
    if (ImGui::Button(label)) ImGui::OpenPopup("findings");
    findings_popup(s, *doc, ri);
    const kg::Problem* problem = ses.selected_problem();
    ImGui::SameLine();
    ImGui::BeginDisabled(!problem || !s.review_view.has_selection());
    char attach[96];
    std::snprintf(attach, sizeof attach, "Attach → %s", problem ? problem->id.c_str() : "problem");
    if (ImGui::Button(attach)) {
        ses.add_evidence(ri, problem->id, s.review_view.selection_evidence());
    }
    ImGui::EndDisabled();
    hover_tip("Click a paragraph of the review to select it, shift-click to extend; then attach "
              "it as evidence for the selected problem (E).");

    // Tint the evidence of the selected problem.
    s.review_view.tinted.clear();
    s.review_view.outlined.clear();
    if (problem) {
        if (const kg::ProblemSuggestion* sug = ses.suggestion(ri, problem->id)) {
            for (const kg::EvidencePassage& e : sug->evidence) s.review_view.outlined.emplace_back(e.line_start, e.line_end);
        }
        if (const kg::ProblemGrade* g = ws.find_grade(r, problem->id)) {
            for (const kg::Evidence& e : g->evidence) s.review_view.tinted.emplace_back(e.line_start, e.line_end);
        }
    }
    if (s.shown_review != ri) {
        s.shown_review = ri;
        s.review_view.clear_selection();
        s.review_view.set_scroll(s.restore_scroll ? ws.selection.review_scroll : 0);
        s.restore_scroll = false;
    }
    s.review_view.draw("##review_doc", doc->doc, r.hash);
    ses.set_review_scroll(s.review_view.scroll());
}
}  // namespace kg::app
