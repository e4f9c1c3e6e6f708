// The files panel's per-file menus (issue 11): any loaded file can be given another kind
// (answer key, review, judge report, comparison report, prompt, reference, ignored), and the
// judge reports are listed with their key and prompt link, editable, and a way to adopt a
// whole round's verdicts. The core decides what a kind change does (Session::set_kind).
#include <string>
#include "app_state.h"
#include "fonts.h"
#include "imgui.h"
#include "intake/classify.h"
#include "widgets.h"
#include "wiring.h"

namespace kg::app {

namespace {
struct KindChoice {
    kg::FileKind kind;
    const char* label;
};
constexpr KindChoice kKinds[] = {
    {kg::FileKind::Key, "Answer key"},         {kg::FileKind::Review, "Review"},
    {kg::FileKind::Judge, "Judge report"},     {kg::FileKind::Comparison, "Comparison report"},
    {kg::FileKind::Prompt, "Prompt"},          {kg::FileKind::Reference, "Reference"},
    {kg::FileKind::Ignored, "Ignore"},
};
}  // namespace

void draw_kind_menu(AppState& s, kg::FileKind list, int index) {
    const bool open = ImGui::BeginMenu("Kind");
    remember_item_rect("kind_menu");
    if (!open) return;
    const kg::FileKind now = s.session.kind_of(list, index);
    for (const KindChoice& c : kKinds) {
        const bool picked = ImGui::MenuItem(c.label, nullptr, c.kind == now);
        remember_item_rect((std::string("kind_") + kg::file_kind_name(c.kind)).c_str());
        if (picked && c.kind != now) {
            kg::Session& ses = s.session;
            const kg::FileKind to = c.kind;
            s.deferred.push_back([&ses, list, index, to] { ses.set_kind(list, index, to); });
        }
    }
    ImGui::EndMenu();
}

void draw_judge_files(AppState& s) {
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    if (ws.judges.empty()) return;
    ImGui::PushFont(font_bold());
    const bool open = ImGui::TreeNodeEx("Judge reports", ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_SpanAvailWidth,
                                        "Judge reports (%d)", static_cast<int>(ws.judges.size()));
    ImGui::PopFont();
    if (!open) return;
    for (size_t i = 0; i < ws.judges.size(); ++i) {
        const kg::JudgeFile& j = ws.judges[i];
        const int ji = static_cast<int>(i);
        ImGui::PushID(ji + 20000);
        const std::string base = kg::place_of(j.name).base;
        const std::string key_base = j.key_name.empty() ? "no key" : kg::place_of(j.key_name).base;
        ImGui::Selectable((base + "  → " + key_base).c_str());
        hover_tip((j.name + "\nkey: " + (j.key_name.empty() ? "(none: link it here)" : j.key_name) +
                   "\nprompt: " + (j.prompt.empty() ? "(from the report)" : j.prompt))
                      .c_str());
        remember_item_rect(("judge_row_" + std::to_string(ji)).c_str());
        if (ImGui::BeginPopupContextItem("judge_ctx")) {
            const bool link_open = ImGui::BeginMenu("Link to key");
            remember_item_rect("judge_menu_link");
            if (link_open) {
                if (ImGui::MenuItem("(none)", nullptr, j.key_name.empty())) ses.set_judge_link(ji, "", j.prompt);
                remember_item_rect("judge_link_none");
                for (const kg::KeyFile& k : ws.keys) {
                    if (ImGui::MenuItem(k.name.c_str(), nullptr, k.name == j.key_name)) {
                        ses.set_judge_link(ji, k.name, j.prompt);
                    }
                }
                ImGui::EndMenu();
            }
            std::string prompt = j.prompt;
            ImGui::SetNextItemWidth(220);
            if (input_text("Prompt##judge_prompt", prompt)) ses.set_judge_link(ji, j.key_name, prompt);
            const bool adopt = ImGui::MenuItem("Adopt its verdicts as starting grades");
            remember_item_rect("judge_menu_adopt");
            if (adopt) {
                s.deferred.push_back([&s, ji] {
                    const int n = s.session.adopt_judge(ji, 0);
                    add_banner(Banner::Level::Info, "Adopted " + std::to_string(n) + " verdict(s) from the judge");
                });
            }
            if (j.round >= 0 && ImGui::MenuItem("Adopt the whole round's judge verdicts")) {
                const std::string folder = kg::place_of(j.name).folder;
                const int round = j.round;
                s.deferred.push_back([&s, folder, round] {
                    const int n = s.session.adopt_round(folder, round);
                    add_banner(Banner::Level::Info, "Adopted " + std::to_string(n) + " verdict(s) of round " +
                                                        std::to_string(round) + " from its judge reports");
                });
            }
            draw_kind_menu(s, kg::FileKind::Judge, ji);
            if (ImGui::MenuItem("Remove")) s.deferred.push_back([&ses, ji] { ses.remove_file(kg::FileKind::Judge, ji); });
            ImGui::EndPopup();
        }
        ImGui::PopID();
    }
    ImGui::TreePop();
}

}  // namespace kg::app
