// Small shared widgets: see widgets.h.
#include "widgets.h"

#include "fonts.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "grading/rubric.h"
#include "palette.h"

namespace kg::app {

namespace {
int resize_callback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* str = static_cast<std::string*>(data->UserData);
        str->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = str->data();
    }
    return 0;
}
}  // namespace

bool input_text(const char* label, std::string& value, int flags) {
    return ImGui::InputText(label, value.data(), value.capacity() + 1,
                            flags | ImGuiInputTextFlags_CallbackResize, resize_callback, &value);
}

bool input_text_hint(const char* label, const char* hint, std::string& value, int flags) {
    return ImGui::InputTextWithHint(label, hint, value.data(), value.capacity() + 1,
                                    flags | ImGuiInputTextFlags_CallbackResize, resize_callback,
                                    &value);
}

bool input_text_multiline(const char* label, std::string& value, float width, float height,
                          int flags) {
    return ImGui::InputTextMultiline(label, value.data(), value.capacity() + 1,
                                     ImVec2(width, height),
                                     flags | ImGuiInputTextFlags_CallbackResize, resize_callback,
                                     &value);
}

void focus_next_item() {
    ImGui::FocusWindow(ImGui::GetCurrentWindow());
    ImGui::SetKeyboardFocusHere();
}

const char* verdict_glyph(kg::Verdict v) {
    return v == kg::Verdict::Ungraded ? "·" : kg::verdict_symbol(v);
}

void verdict_badge(kg::Verdict v) {
    ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(v));
    ImGui::PushFont(font_bold());
    ImGui::TextUnformatted(verdict_glyph(v));
    ImGui::PopFont();
    ImGui::PopStyleColor();
}

void section_title(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().panel_title);
    ImGui::PushFont(font_bold());
    ImGui::SeparatorText(text);
    ImGui::PopFont();
    ImGui::PopStyleColor();
}

void heading_text(const char* text) {
    ImGui::PushFont(font_heading());
    ImGui::PushStyleColor(ImGuiCol_Text, palette().heading);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void hover_tip(const char* text) {
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort)) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

std::string fit_with_ellipsis(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    const char* ellipsis = "\xE2\x80\xA6";  // …
    const float room = width - ImGui::CalcTextSize(ellipsis).x;
    if (room <= 0.0f) return ellipsis;
    // The font stops measuring at the first character that would pass `room`; ImGui steps
    // through whole UTF-8 characters, so the cut never splits one.
    const char* cut = text.c_str();
    ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), room, 0.0f, text.c_str(), text.c_str() + text.size(), &cut);
    return text.substr(0, static_cast<size_t>(cut - text.c_str())) + ellipsis;
}

}  // namespace kg::app
