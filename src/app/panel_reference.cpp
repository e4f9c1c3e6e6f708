// A reference document (scope definition, the test design document) shown beside the
// review, with its own search, to judge the scope and facts of bonus and penalty items.
#include "app_state.h"
#include "imgui.h"
#include "widgets.h"

namespace kg::app {

void draw_reference_panel(AppState& s) {
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    int ref = ws.selection.reference;
    if (ref < 0 && !ws.references.empty()) ref = 0;
    if (ref < 0) return;
    const kg::ParsedDocument* doc = ses.reference_document(ref);
    if (!doc) return;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x - 30, 320.0f));
    if (ImGui::BeginCombo("##ref", ws.references[static_cast<size_t>(ref)].name.c_str())) {
        for (size_t i = 0; i < ws.references.size(); ++i) {
            if (ImGui::Selectable(ws.references[i].name.c_str(), static_cast<int>(i) == ref))
                ses.select_reference(static_cast<int>(i));
        }
        ImGui::EndCombo();
    }
    hover_tip("Reference documents (scope definition, the design under review) to judge bonus "
              "and penalty items.");
    ImGui::SameLine();
    if (ImGui::SmallButton("×##hide_ref")) s.show_reference = false;
    hover_tip("Hide the reference (View > Reference beside the review)");
    s.reference_view.draw_search_bar("reference_search", false);
    s.reference_view.draw("##reference_doc", doc->doc,
                          ws.references[static_cast<size_t>(ref)].name + "#" + std::to_string(ref));
}

}  // namespace kg::app
