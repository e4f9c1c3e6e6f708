// The keyboard: one table of shortcuts drives both the handling and the help overlay, so
// the overlay can never list a key that does nothing (or miss one that does something).
// Single keys do not fire while a text field has focus; Ctrl+Z / Ctrl+Y then belong to the
// field, and Esc leaves it.
#include <functional>
#include "app_state.h"
#include "fonts.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform.h"
#include "widgets.h"

namespace kg::app {

namespace {

struct Shortcut {
    const char* keys;          // as shown in the help
    const char* what;
    bool in_text_field;        // also while typing
    std::function<bool(const ImGuiIO&)> pressed;
    std::function<void(AppState&)> run;
};

bool key(ImGuiKey k, bool repeat = true) { return ImGui::IsKeyPressed(k, repeat); }
bool plain(const ImGuiIO& io) { return !io.KeyCtrl && !io.KeyAlt && !io.KeySuper; }
bool ctrl(const ImGuiIO& io) { return (io.KeyCtrl || io.KeySuper) && !io.KeyAlt; }
bool typed(const ImGuiIO& io, ImWchar c) {
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        if (io.InputQueueCharacters[i] == c) return true;
    }
    return false;
}

void grade(AppState& s, kg::Verdict v) {
    kg::Session& ses = s.session;
    if (const kg::Problem* p = ses.selected_problem()) ses.set_verdict(ses.workspace().selection.review, p->id, v);
}

const std::vector<Shortcut>& shortcuts() {
    static const std::vector<Shortcut> table = {
        {"1", "○ detected for the selected problem", false,
         [](const ImGuiIO& io) { return plain(io) && !io.KeyShift && (key(ImGuiKey_1, false) || key(ImGuiKey_Keypad1, false)); },
         [](AppState& s) { grade(s, kg::Verdict::Detected); }},
        {"2", "△ partial", false,
         [](const ImGuiIO& io) { return plain(io) && !io.KeyShift && (key(ImGuiKey_2, false) || key(ImGuiKey_Keypad2, false)); },
         [](AppState& s) { grade(s, kg::Verdict::Partial); }},
        {"3", "× missed", false,
         [](const ImGuiIO& io) { return plain(io) && !io.KeyShift && (key(ImGuiKey_3, false) || key(ImGuiKey_Keypad3, false)); },
         [](AppState& s) { grade(s, kg::Verdict::Missed); }},
        {"0", "clear the verdict", false,
         [](const ImGuiIO& io) { return plain(io) && !io.KeyShift && (key(ImGuiKey_0, false) || key(ImGuiKey_Keypad0, false)); },
         [](AppState& s) { grade(s, kg::Verdict::Ungraded); }},
        {"J / Down", "next problem", false,
         [](const ImGuiIO& io) { return plain(io) && (key(ImGuiKey_J) || key(ImGuiKey_DownArrow)); },
         [](AppState& s) { s.session.next_problem(1); }},
        {"K / Up", "previous problem", false,
         [](const ImGuiIO& io) { return plain(io) && (key(ImGuiKey_K) || key(ImGuiKey_UpArrow)); },
         [](AppState& s) { s.session.next_problem(-1); }},
        {"] / Page Down", "next review", false,
         [](const ImGuiIO& io) { return plain(io) && (key(ImGuiKey_RightBracket) || key(ImGuiKey_PageDown)); },
         [](AppState& s) { s.session.next_review(1); }},
        {"[ / Page Up", "previous review", false,
         [](const ImGuiIO& io) { return plain(io) && (key(ImGuiKey_LeftBracket) || key(ImGuiKey_PageUp)); },
         [](AppState& s) { s.session.next_review(-1); }},
        {"E", "attach the selected passage as evidence", false,
         [](const ImGuiIO& io) { return plain(io) && key(ImGuiKey_E, false); },
         [](AppState& s) {
             kg::Session& ses = s.session;
             const kg::Problem* p = ses.selected_problem();
             if (p && s.review_view.has_selection())
                 ses.add_evidence(ses.workspace().selection.review, p->id, s.review_view.selection_evidence());
         }},
        {"A", "accept the suggested verdict (when ungraded)", false,
         [](const ImGuiIO& io) { return plain(io) && key(ImGuiKey_A, false); },
         [](AppState& s) {
             kg::Session& ses = s.session;
             const int r = ses.workspace().selection.review;
             const kg::Problem* p = ses.selected_problem();
             if (!p) return;
             const kg::ProblemGrade* g = ses.workspace().find_grade(ses.workspace().reviews[static_cast<size_t>(r)], p->id);
             if (g && g->verdict != kg::Verdict::Ungraded) return;   // the human verdict wins
             if (const kg::ProblemSuggestion* sug = ses.suggestion(r, p->id)) ses.set_verdict(r, p->id, sug->verdict);
         }},
        {"N", "write the note of the selected problem", false,
         [](const ImGuiIO& io) { return plain(io) && key(ImGuiKey_N, false); },
         [](AppState& s) { s.focus_note = true; }},
        {"Ctrl+Z", "undo", false,
         [](const ImGuiIO& io) { return ctrl(io) && !io.KeyShift && key(ImGuiKey_Z); },
         [](AppState& s) { s.session.undo(); }},
        {"Ctrl+Shift+Z / Ctrl+Y", "redo", false,
         [](const ImGuiIO& io) { return ctrl(io) && ((io.KeyShift && key(ImGuiKey_Z)) || key(ImGuiKey_Y)); },
         [](AppState& s) { s.session.redo(); }},
        {"Ctrl+F", "search the review", true,
         [](const ImGuiIO& io) { return ctrl(io) && key(ImGuiKey_F, false); },
         [](AppState& s) { s.focus_search = true; }},
        {"Enter / Shift+Enter", "next / previous match (in the search box)", true,
         [](const ImGuiIO&) { return false; },   // handled by the search box itself
         [](AppState&) {}},
        {"? / F1", "this help", false,
         [](const ImGuiIO& io) { return key(ImGuiKey_F1, false) || (!io.KeyCtrl && typed(io, '?')); },
         [](AppState& s) { s.help_open = !s.help_open; }},
        {"Esc", "close this help; clear the selected passage", true,
         [](const ImGuiIO&) { return key(ImGuiKey_Escape, false); },
         [](AppState& s) {
             if (s.help_open) s.help_open = false;
             else if (!ImGui::GetIO().WantTextInput) s.review_view.clear_selection();
         }},
    };
    return table;
}

}  // namespace

void handle_shortcuts(AppState& s) {
    const ImGuiIO& io = ImGui::GetIO();
    // WantTextInput is true while an InputText has focus (set during the previous frame).
    const bool typing = io.WantTextInput;
    // Esc leaves a text field KEEPING what was typed (ImGui would revert it; here every
    // keystroke is already applied, saved and undoable, so a revert would only surprise).
    if (typing && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        ImGui::ClearActiveID();
        return;
    }
    // No grading keys while a menu or popup is open either.
    const bool popup = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    for (const Shortcut& sc : shortcuts()) {
        if ((typing || popup) && !sc.in_text_field) continue;
        if (sc.pressed(io)) {
            sc.run(s);
            s.last_shortcut = sc.keys;
            break;   // one shortcut per frame: a key never does two things
        }
    }
}

void draw_help_overlay(AppState& s) {
    if (!s.help_open) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(560.0f, vp->WorkSize.x - 40), 0));
    ImGui::SetNextWindowFocus();
    bool open = true;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(18, 14));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 6);
    if (ImGui::Begin("Keyboard shortcuts", &open,
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
        ImGui::TextDisabled("Single keys work when no text field has focus.");
        if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn("Key", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 11);
            ImGui::TableSetupColumn("Action", ImGuiTableColumnFlags_WidthStretch);
            for (const Shortcut& sc : shortcuts()) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushFont(font_mono());
                ImGui::TextUnformatted(sc.keys);
                ImGui::PopFont();
                ImGui::TableNextColumn();
                ImGui::TextWrapped("%s", sc.what);
            }
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushFont(font_mono());
            ImGui::TextUnformatted("click / shift-click");
            ImGui::PopFont();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("select a passage of the review / extend the selection");
            ImGui::EndTable();
        }
        ImGui::Spacing();
        ImGui::TextDisabled("Work is saved in this browser within a second of every change.");
    }
    ImGui::End();
    ImGui::PopStyleVar(3);
    if (!open) s.help_open = false;
}

// The table for the state query and tests: how many shortcuts the help lists.
int shortcut_count() { return static_cast<int>(shortcuts().size()); }

}  // namespace kg::app
