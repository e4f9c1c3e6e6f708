// The file list: keys, their reviews grouped by prompt then run, the references; and the
// selected review's editable details (prompt, run, key link, stale grades).
#include <algorithm>
#include <map>
#include <set>
#include "app_state.h"
#include "fonts.h"
#include "imgui.h"
#include "platform.h"
#include "widgets.h"
#include "wiring.h"

namespace kg::app {

namespace {

// Run score of a review, or nullptr when it is not scored (no key).
const kg::ReviewScore* score_of(const kg::WorkspaceScores& sc, int review) {
    for (const kg::KeyScores& k : sc.keys) {
        for (const kg::ReviewScore& r : k.reviews) {
            if (r.review_index == review) return &r;
        }
    }
    return nullptr;
}

// Fully graded runs of every prompt under every key, counted in one pass over the scores per
// frame (a folder has hundreds of prompt rows; counting per row would scan every review each).
struct Progress {
    int graded = 0, total = 0;
};
struct TreeProgress {
    std::map<std::string, Progress> keys;                                   // key -> runs
    std::map<std::pair<std::string, std::string>, Progress> prompts;        // (key, prompt) -> runs
};

TreeProgress tree_progress(const kg::WorkspaceScores& sc) {
    TreeProgress t;
    for (const kg::KeyScores& ks : sc.keys) {
        t.keys[ks.key_name] = {ks.runs_graded, ks.runs_total};
        for (const kg::ReviewScore& rs : ks.reviews) {
            Progress& p = t.prompts[{ks.key_name, rs.prompt}];
            ++p.total;
            p.graded += rs.ungraded == 0;
        }
    }
    return t;
}

// "  1/2": fully graded runs of a prompt under a key (honest totals count only those).
std::string prompt_progress(const TreeProgress& t, const std::string& key, const std::string& prompt) {
    const auto it = t.prompts.find({key, prompt});
    if (it == t.prompts.end() || it->second.total == 0) return "";
    return "  " + std::to_string(it->second.graded) + "/" + std::to_string(it->second.total);
}

void review_row(AppState& s, int i, const kg::WorkspaceScores& sc) {
    kg::Session& ses = s.session;
    const kg::ReviewFile& r = ses.workspace().reviews[static_cast<size_t>(i)];
    const bool selected = ses.workspace().selection.review == i;
    ImGui::PushID(i);
    char label[64];
    std::snprintf(label, sizeof label, "run %d", r.run);
    const float row_w = ImGui::GetContentRegionAvail().x;
    const float row_x = ImGui::GetCursorPosX();
    if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_None,
                          ImVec2(row_w, ImGui::GetTextLineHeight()))) {
        ses.select_review(i);
    }
    hover_tip(r.name.c_str());
    if (ImGui::BeginPopupContextItem("review_ctx")) {
        draw_kind_menu(s, kg::FileKind::Review, i);
        if (ImGui::MenuItem("Remove"))
            s.deferred.push_back([&ses, i] { ses.remove_file(kg::FileKind::Review, i); });
        ImGui::EndPopup();
    }
    ImGui::SameLine(row_x + 4);
    ImGui::TextUnformatted(label);
    const int stale = ses.stale_count(i);
    if (stale > 0) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, palette().stale);
        ImGui::Text("stale %d", stale);
        ImGui::PopStyleColor();
    }
    if (const kg::ReviewScore* rs = score_of(sc, i)) {
        char score[48];
        if (rs->ungraded == static_cast<int>(rs->verdicts.size()) && rs->score.bonus_items == 0 &&
            rs->score.penalty_items == 0)
            std::snprintf(score, sizeof score, "—");
        else
            std::snprintf(score, sizeof score, "%.1f%s", rs->score.total, rs->ungraded ? "*" : "");
        const float w = ImGui::CalcTextSize(score).x;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w - 4));
        ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
        ImGui::TextUnformatted(score);
        ImGui::PopStyleColor();
        if (rs->ungraded) hover_tip("* some problems are still ungraded");
    }
    ImGui::PopID();
}

void selected_review_details(AppState& s) {
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    const int i = ws.selection.review;
    if (i < 0 || i >= static_cast<int>(ws.reviews.size())) return;
    const kg::ReviewFile& r = ws.reviews[static_cast<size_t>(i)];
    section_title("Selected review");
    ImGui::PushID("details");
    ImGui::TextWrapped("%s", r.name.c_str());
    const float label_w = ImGui::CalcTextSize("Prompt ").x + 8;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Prompt");
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
    std::string prompt = r.prompt;
    if (input_text("##prompt", prompt)) ses.set_prompt(i, prompt);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Run");
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
    int run = r.run;
    if (ImGui::InputInt("##run", &run, 1, 1)) ses.set_run(i, std::max(0, run));
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Key");
    ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##key", r.key_name.empty() ? "(choose a key)" : r.key_name.c_str())) {
        if (ImGui::Selectable("(none)", r.key_name.empty())) ses.set_key(i, "");
        for (const kg::KeyFile& k : ws.keys) {
            if (ImGui::Selectable(k.name.c_str(), k.name == r.key_name)) ses.set_key(i, k.name);
        }
        ImGui::EndCombo();
    }
    const int stale = ses.stale_count(i);
    if (stale > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().stale);
        ImGui::TextWrapped("%d grade(s) were given to an earlier version of this file.", stale);
        ImGui::PopStyleColor();
        if (ImGui::Button("Confirm all as still right")) ses.confirm_all_stale(i);
    }
    ImGui::PopID();
}

}  // namespace

void draw_files_panel(AppState& s) {
    kg::Session& ses = s.session;
    const kg::Workspace& ws = ses.workspace();
    if (ImGui::Button("Open files…")) platform::open_file_picker();
    hover_tip("Answer keys, reviews and reference Markdown; several at once.\n"
              "You can also drop files anywhere on the page.");
    ImGui::SameLine();
    ImGui::TextDisabled("%d key%s · %d review%s", static_cast<int>(ws.keys.size()),
                        ws.keys.size() == 1 ? "" : "s", static_cast<int>(ws.reviews.size()),
                        ws.reviews.size() == 1 ? "" : "s");
    ImGui::Separator();

    ImGui::BeginChild("file_tree", ImVec2(0, 0), ImGuiChildFlags_None);
    if (ws.keys.empty() && ws.reviews.empty() && ws.references.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
        ImGui::TextWrapped("No files yet. Open or drop an answer key and the reviews to grade "
                           "(e.g. answer-key-round-008.md, v008-baseline-run1.md).");
        ImGui::PopStyleColor();
    }
    const kg::WorkspaceScores& sc = ses.scores();
    const TreeProgress progress = tree_progress(sc);
    const std::vector<int> order = ses.review_order();

    // Keys (in load order) and the "no key" group, each with prompts then runs.
    std::vector<std::string> groups;
    for (const kg::KeyFile& k : ws.keys) groups.push_back(k.name);
    bool any_unlinked = false;
    for (const kg::ReviewFile& r : ws.reviews) {
        if (r.key_name.empty() || !ws.find_key(r.key_name)) any_unlinked = true;
    }
    if (any_unlinked) groups.push_back("");

    for (size_t g = 0; g < groups.size(); ++g) {
        const std::string& key = groups[g];
        ImGui::PushID(static_cast<int>(g));
        std::string label = key.empty() ? "Reviews without a key" : key;
        if (!key.empty()) {
            if (const kg::ParsedDocument* p = ses.key_document(key)) {
                if (p->key.is_key) label += "  (" + std::to_string(p->key.key.problems.size()) + ")";
                else label += "  (not readable)";
            }
            if (const auto it = progress.keys.find(key); it != progress.keys.end() && it->second.total > 0) {
                label += "  " + std::to_string(it->second.graded) + "/" + std::to_string(it->second.total) + " graded";
            }
        }
        ImGui::PushFont(font_bold());
        const bool open = ImGui::TreeNodeEx("##key_node", ImGuiTreeNodeFlags_DefaultOpen |
                                                         ImGuiTreeNodeFlags_SpanAvailWidth,
                                            "%s", label.c_str());
        ImGui::PopFont();
        if (!key.empty() && ImGui::BeginPopupContextItem("key_ctx")) {
            for (size_t k = 0; k < ws.keys.size(); ++k) {
                if (ws.keys[k].name != key) continue;
                const int ki = static_cast<int>(k);
                draw_kind_menu(s, kg::FileKind::Key, ki);
                if (ImGui::MenuItem("Remove key")) {
                    s.deferred.push_back([&ses, ki] { ses.remove_file(kg::FileKind::Key, ki); });
                }
            }
            ImGui::EndPopup();
        }
        if (open) {
            std::string current_prompt;
            bool prompt_open = false;
            bool first_prompt = true;
            for (int i : order) {
                const kg::ReviewFile& r = ws.reviews[static_cast<size_t>(i)];
                const bool linked = !r.key_name.empty() && ws.find_key(r.key_name);
                if ((key.empty() && linked) || (!key.empty() && r.key_name != key)) continue;
                if (first_prompt || r.prompt != current_prompt) {
                    if (prompt_open) ImGui::TreePop();
                    current_prompt = r.prompt;
                    first_prompt = false;
                    const std::string shown = (current_prompt.empty() ? std::string("(no prompt)") : current_prompt) +
                                              prompt_progress(progress, key, current_prompt) + "##" + current_prompt;
                    prompt_open = ImGui::TreeNodeEx(shown.c_str(), ImGuiTreeNodeFlags_DefaultOpen |
                                                                       ImGuiTreeNodeFlags_SpanAvailWidth);
                }
                if (prompt_open) review_row(s, i, sc);
            }
            if (prompt_open) ImGui::TreePop();
            ImGui::TreePop();
        }
        ImGui::PopID();
    }

    if (!ws.references.empty()) {
        ImGui::PushFont(font_bold());
        const bool open = ImGui::TreeNodeEx("References", ImGuiTreeNodeFlags_DefaultOpen |
                                                              ImGuiTreeNodeFlags_SpanAvailWidth);
        ImGui::PopFont();
        if (open) {
            for (size_t i = 0; i < ws.references.size(); ++i) {
                ImGui::PushID(static_cast<int>(i) + 10000);
                const bool shown = ws.selection.reference == static_cast<int>(i) && s.show_reference;
                const kg::ReferenceFile& ref = ws.references[i];
                const std::string row = ref.kind == "reference" ? ref.name : ref.name + "  [" + ref.kind + "]";
                if (ImGui::Selectable(row.c_str(), shown)) {
                    ses.select_reference(static_cast<int>(i));
                    s.show_reference = true;
                }
                remember_item_rect(("ref_row_" + std::to_string(i)).c_str());
                if (!ref.reason.empty()) hover_tip((ref.kind + ": " + ref.reason + "\n(right-click to change)").c_str());
                if (ImGui::BeginPopupContextItem("ref_ctx")) {
                    const int ri = static_cast<int>(i);
                    draw_kind_menu(s, kg::FileKind::Reference, ri);
                    if (ImGui::MenuItem("Remove"))
                        s.deferred.push_back([&ses, ri] { ses.remove_file(kg::FileKind::Reference, ri); });
                    ImGui::EndPopup();
                }
                ImGui::PopID();
            }
            ImGui::TreePop();
        }
    }
    draw_judge_files(s);
    selected_review_details(s);
    ImGui::EndChild();
}

}  // namespace kg::app
