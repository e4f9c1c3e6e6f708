// The page's frame: menu bar, banners, the fixed three-column layout, incoming files and
// the read-only state query. Panels live in panel_*.cpp; keys in shortcuts.cpp; storage
// in persistence.cpp.
#include "app.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>
#include "app_state.h"
#include "base/limits.h"
#include "fonts.h"
#include "imgui.h"
#include "judge/judge_report.h"
#include "platform.h"
#include "theme.h"
#include "widgets.h"
#include "wiring.h"

namespace kg::app {

AppState& state() {
    static AppState s;
    return s;
}

void add_banner(Banner::Level level, const std::string& text, bool sticky, Banner::Action action) {
    AppState& s = state();
    // The same text again only refreshes its time.
    for (Banner& b : s.banners) {
        if (b.text == text) {
            b.shown_ms = platform::now_ms();
            return;
        }
    }
    s.banners.push_back(Banner{level, text, platform::now_ms(), sticky, action});
    // At most 6: the oldest that is not a sticky store message goes first.
    if (s.banners.size() > 6) {
        auto it = std::find_if(s.banners.begin(), s.banners.end(), [](const Banner& b) { return !b.sticky; });
        s.banners.erase(it == s.banners.end() ? s.banners.begin() : it);
    }
}

void remove_banner(const std::string& text) {
    AppState& s = state();
    if (text.empty()) return;
    s.banners.erase(std::remove_if(s.banners.begin(), s.banners.end(),
                                   [&](const Banner& b) { return b.text == text; }),
                    s.banners.end());
}

void need_glyphs(std::string_view text) { fonts_need_text(text); }

namespace {
std::string kind_words(const std::string& kind, int n) {
    const bool one = n == 1;
    if (kind == "key") return one ? "key" : "keys";
    if (kind == "review") return one ? "review" : "reviews";
    if (kind == "judge") return one ? "judge report" : "judge reports";
    if (kind == "comparison") return one ? "comparison report" : "comparison reports";
    if (kind == "prompt") return one ? "prompt" : "prompts";
    if (kind == "reference") return one ? "reference" : "references";
    return kind;   // "ignored"
}

void report_batch(const IngestBatch& b) {
    const size_t shown = 3;
    if (b.errors.size() <= shown) {
        for (const std::string& e : b.errors) add_banner(Banner::Level::Error, e);
    } else {
        std::string text = std::to_string(b.errors.size()) + " files could not be loaded: ";
        for (size_t i = 0; i < shown; ++i) text += (i ? "; " : "") + b.errors[i];
        add_banner(Banner::Level::Error, text + "; …");
    }
    for (size_t i = 0; i < b.warnings.size() && i < shown; ++i) add_banner(Banner::Level::Warning, b.warnings[i]);
    if (b.files == 1 && !b.single.empty()) {
        add_banner(Banner::Level::Info, b.single);
        return;
    }
    if (b.files <= 1) return;
    std::string text = "Loaded " + std::to_string(b.files) + " files:";
    bool first = true;
    for (const char* kind : {"key", "review", "judge", "comparison", "prompt", "reference", "ignored"}) {
        const auto it = b.kinds.find(kind);
        if (it == b.kinds.end()) continue;
        text += std::string(first ? " " : ", ") + std::to_string(it->second) + " " + kind_words(kind, it->second);
        first = false;
    }
    std::string judges;
    if (b.judge_flagged) judges += std::to_string(b.judge_flagged) + " with arithmetic flags";
    if (b.judge_unlinked) judges += (judges.empty() ? "" : ", ") + std::to_string(b.judge_unlinked) + " not linked to a key";
    if (b.judge_unreadable) judges += (judges.empty() ? "" : ", ") + std::to_string(b.judge_unreadable) + " not readable";
    if (!judges.empty()) text += " (judge reports: " + judges + "; see the Judge audit tab)";
    add_banner(b.judge_flagged || b.judge_unlinked || b.judge_unreadable ? Banner::Level::Warning : Banner::Level::Info,
               text);
}

void count_judge(AppState& s, const kg::IngestResult& r, IngestBatch& b) {
    const kg::JudgeParseResult* parsed = s.session.judge_report(r.index);
    if (!parsed) {
        ++b.judge_unlinked;
    } else if (!parsed->ok) {
        ++b.judge_unreadable;
    } else {
        for (const kg::JudgeRun& run : parsed->report.runs) {
            if (!kg::audit_run(run).arithmetic_ok) {
                ++b.judge_flagged;
                break;
            }
        }
    }
}
}  // namespace

void ingest_incoming(AppState& s) {
    // A few files per frame: a 164-file folder must not freeze the page for seconds. The
    // budget leaves room for the frame itself; at least one file goes in each frame.
    constexpr double kBudgetMs = 24;
    const double start = platform::now_ms();
    platform::IncomingFile f;
    IngestBatch& batch = s.ingest_summary;
    while ((s.ingest_done == 0 || !s.ingest_active || platform::now_ms() - start < kBudgetMs) &&
           platform::take_incoming_file(f)) {
        if (!s.ingest_active) {
            s.ingest_active = true;
            s.ingest_batch++;
            s.ingest_done = s.ingest_ok = 0;
            s.ingest_last.clear();
            batch = IngestBatch{};
            s.session.begin_file_batch();   // the whole batch is one undo step
        }
        s.ingest_done++;
        // What a file is, is decided in the core (kg::classify_file) for the page and the CLI.
        kg::FileKind kind = picker_expects_judge(s, f) ? kg::FileKind::Judge : kg::FileKind::Auto;
        // A file over the cap (only if the glue let one through) goes straight to
        // Session::ingest, which refuses it with the cap's message: never classified or
        // imported as a workspace first.
        const bool oversized = f.bytes.size() > kg::limits::kMaxFileBytes;
        if (kind == kg::FileKind::Auto && !oversized &&
            kg::classify_file(f.name, f.bytes).kind == kg::FileKind::Workspace) {
            offer_workspace_import(s, f.name, f.bytes);
            continue;
        }
        const kg::IngestResult r = s.session.ingest(f.name, f.bytes, kind);
        if (!r.ok) {
            batch.errors.push_back(r.message);
            continue;
        }
        ++s.ingest_ok;
        ++batch.files;
        ++batch.kinds[kg::file_kind_name(r.kind)];
        need_glyphs(f.bytes);
        batch.single = r.message;
        batch.single_judge = -1;
        if (r.kind == kg::FileKind::Judge) {
            count_judge(s, r, batch);
            batch.single_judge = r.index;
        } else if (r.stale_grades > 0 || r.warnings > 0 || r.kept_earlier) {
            batch.warnings.push_back(r.message);
            batch.single.clear();   // shown as a warning
        }
    }
    if (!s.ingest_active) return;
    s.ingest_longest_ms = std::max(s.ingest_longest_ms, platform::now_ms() - start);
    if (platform::incoming_pending() > 0) return;
    // The batch is in: say so once, and count it (tests and the share link wait for this).
    s.ingest_active = false;
    s.session.end_file_batch();
    s.files_loaded += s.ingest_ok;
    if (batch.files == 1 && batch.single_judge >= 0) {
        kg::IngestResult one;
        one.name = s.session.workspace().judges[static_cast<size_t>(batch.single_judge)].name;
        one.index = batch.single_judge;
        report_judge_ingest(s, one);   // one report: its own detailed line
        batch.single.clear();
    }
    report_batch(batch);
}

namespace {

// Where the work is kept, in the File menu: persistent or not, how much room is used.
void draw_storage_menu_items(AppState& s) {
    const char* kept = s.store.persisted == 1 ? "Storage: persistent (granted by the browser)"
                     : s.store.persisted == 0 ? "Storage: best effort (persistence not granted: the browser may clear it when the disk is full)"
                                              : "Storage: asking the browser for persistence…";
    ImGui::TextDisabled("%s", kept);
    double used = 0, quota = 0;
    if (platform::store_usage(used, quota)) {
        ImGui::TextDisabled("Using %.1f MB of %.0f MB this browser allows the page", used / 1048576.0, quota / 1048576.0);
    }
    if ((s.store.role == "follower") && ImGui::MenuItem("Take over editing from the other tab")) take_over_editing(s);
}

void draw_menu_bar(AppState& s) {
    kg::Session& ses = s.session;
    if (!ImGui::BeginMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open files…")) platform::open_file_picker();
        if (ImGui::MenuItem("Open folder…")) platform::open_folder_picker();
        if (ImGui::MenuItem("Import workspace (.json)…")) platform::open_file_picker();
        ImGui::Separator();
        if (ImGui::MenuItem("Export workspace (.json)")) export_workspace(s);
        remember_item_rect("menu_export_workspace");
        if (ImGui::MenuItem("Download report (.md)")) download_report(s);
        remember_item_rect("menu_download_report");
        if (ImGui::MenuItem("Download verdicts (.csv)")) download_csv(s);
        remember_item_rect("menu_download_csv");
        if (ImGui::MenuItem("Export this round's workflow files (.zip)")) download_workflow_files(s, true);
        remember_item_rect("menu_export_round_zip");
        if (ImGui::MenuItem("Export all workflow files (.zip)")) download_workflow_files(s, false);
        remember_item_rect("menu_export_all_zip");
        ImGui::Separator();
        draw_storage_menu_items(s);
        ImGui::Separator();
        draw_file_menu_items(s);   // share link, judge report (center_views.cpp)
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Edit")) {
        if (ImGui::MenuItem("Undo", "Ctrl+Z", false, ses.undo_depth() > 0)) ses.undo();
        if (ImGui::MenuItem("Redo", "Ctrl+Shift+Z", false, ses.redo_depth() > 0)) ses.redo();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Dark theme", nullptr, !s.light_theme)) {
            s.light_theme = false;
            ses.set_theme("dark");
        }
        if (ImGui::MenuItem("Light theme", nullptr, s.light_theme)) {
            s.light_theme = true;
            ses.set_theme("light");
        }
        ImGui::Separator();
        ImGui::MenuItem("Reference beside the review", nullptr, &s.show_reference);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keyboard shortcuts", "?")) s.help_open = true;
        ImGui::EndMenu();
    }
    draw_view_switch(s);   // Review / Compare / Judge audit (center_views.cpp)
    // Right side: save state and undo depth.
    const Palette& pal = palette();
    const std::string status = store_status_line(s);
    const bool store_ok = s.store.status == "ok" && (s.store.role == "editor" || s.store.role == "releasing");
    const unsigned int color = store_ok ? pal.muted : verdict_color(kg::Verdict::Missed);
    const float w = ImGui::CalcTextSize(status.c_str()).x;
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX() + 20, ImGui::GetWindowWidth() - w - 16));
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(status.c_str());
    ImGui::PopStyleColor();
    ImGui::EndMenuBar();
}

void draw_banners(AppState& s) {
    const double now = platform::now_ms();
    // Info banners fade after 6 s; warnings after 15 s; errors and sticky ones stay.
    s.banners.erase(std::remove_if(s.banners.begin(), s.banners.end(),
                                   [&](const Banner& b) {
                                       if (b.sticky || b.level == Banner::Level::Error) return false;
                                       const double life = b.level == Banner::Level::Info ? 6000 : 15000;
                                       return now - b.shown_ms > life;
                                   }),
                    s.banners.end());
    const Palette& pal = palette();
    int remove = -1;
    // Errors stay in the page, above the panels, until dealt with.
    for (size_t i = 0; i < s.banners.size(); ++i) {
        const Banner& b = s.banners[i];
        if (b.level != Banner::Level::Error) continue;
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, pal.banner_error);
        // Room on the right for the buttons; the message wraps to as many lines as it needs.
        const bool held = s.store.hold_writes && b.action == Banner::Action::StoreHeld;
        const char* first = held ? "Download stored copy"
                          : b.action == Banner::Action::ExportUnsaved ? "Export workspace"
                          : b.action == Banner::Action::TakeOver ? "Take over" : nullptr;
        const float buttons_w = (first ? ImGui::CalcTextSize(first).x + 24 : 0) +
                                (held ? ImGui::CalcTextSize("Start fresh (overwrite)").x + 24
                                      : b.sticky && b.action != Banner::Action::None ? 0
                                                                                    : ImGui::CalcTextSize("Dismiss").x + 24);
        const float text_w = std::max(120.0f, ImGui::GetContentRegionAvail().x - buttons_w - 90);
        const float text_h = ImGui::CalcTextSize(b.text.c_str(), nullptr, false, text_w).y;
        const float h = std::max(ImGui::GetFrameHeight(), text_h) + 2 * ImGui::GetStyle().FramePadding.y + 2;
        ImGui::BeginChild("banner", ImVec2(0, h), ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar);
        ImGui::SetCursorPos(ImVec2(8, ImGui::GetStyle().FramePadding.y + 1));
        ImGui::PushFont(font_bold());
        ImGui::TextUnformatted("Error");
        ImGui::PopFont();
        ImGui::SameLine(70);
        ImGui::PushTextWrapPos(70 + text_w);
        ImGui::TextUnformatted(b.text.c_str());
        ImGui::PopTextWrapPos();
        // The store's ways out right where the message is.
        ImGui::SetCursorPos(ImVec2(std::max(80 + text_w, ImGui::GetWindowWidth() - buttons_w),
                                   ImGui::GetStyle().FramePadding.y + 1));
        if (first && ImGui::SmallButton(first)) {
            if (held) {
                platform::download("keygrader-unreadable-store.json", "application/json",
                                   s.store.unreadable_copy);
            } else if (b.action == Banner::Action::ExportUnsaved) {
                export_workspace(s);
            } else {
                take_over_editing(s);
            }
        }
        if (first) ImGui::SameLine();
        if (held && ImGui::SmallButton("Start fresh (overwrite)")) start_over_after_unreadable_store(s);
        const bool dismissable = !held && !(b.sticky && b.action != Banner::Action::None);
        if (dismissable && ImGui::SmallButton("Dismiss")) remove = static_cast<int>(i);
        ImGui::EndChild();
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    if (remove >= 0) s.banners.erase(s.banners.begin() + remove);
}

// Info and warnings float at the top right for a few seconds: they never move the panels.
void draw_toasts(AppState& s) {
    const Palette& pal = palette();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float y = vp->WorkPos.y + ImGui::GetFrameHeight() + 12;
    int n = 0;
    for (const Banner& b : s.banners) {
        if (b.level == Banner::Level::Error) continue;
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 14, y), ImGuiCond_Always, ImVec2(1, 0));
        ImGui::SetNextWindowBgAlpha(0.97f);
        ImGui::PushStyleColor(ImGuiCol_WindowBg, b.level == Banner::Level::Warning ? pal.banner_warning : pal.banner_info);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 6);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1);
        char id[32];
        std::snprintf(id, sizeof id, "##toast%d", n++);
        ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                      ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextUnformatted(b.text.c_str());
        ImGui::PopTextWrapPos();
        y += ImGui::GetWindowHeight() + 6;
        ImGui::End();
        ImGui::PopStyleVar(2);
        ImGui::PopStyleColor();
    }
}

}  // namespace

void init() {
    AppState& s = state();
    // One cap for the page and the command line: the glue skips larger files unread.
    platform::set_max_file_bytes(static_cast<double>(kg::limits::kMaxFileBytes));
    persistence_load(s);
    // The user's choice wins; until they pick one the page follows the browser's preference
    // (set by the shell), also after a reload.
    const std::string& theme = s.session.workspace().theme;
    s.light_theme = theme == "light" ? true : theme == "dark" ? false : !theme_is_dark();
    const kg::Workspace& ws = s.session.workspace();
    for (const kg::KeyFile& k : ws.keys) need_glyphs(k.text);
    for (const kg::ReviewFile& r : ws.reviews) {
        need_glyphs(r.text);
        for (const kg::ProblemGrade& g : r.grades) need_glyphs(g.note);
    }
    for (const kg::ReferenceFile& f : ws.references) need_glyphs(f.text);
    for (const kg::JudgeFile& j : ws.judges) need_glyphs(j.text);
}

bool has_pending_work() { return suggestions_pending(state()); }

void frame() {
    AppState& s = state();
    ingest_incoming(s);
    // After the files: a link in the URL applies to them, once a batch arriving over several
    // frames is entirely in (so that undoing the link is one step, not the last file).
    if (!s.ingest_active) share_link_tick(s);
    suggestions_tick(s);
    handle_shortcuts(s);
    if (s.applied_theme != (s.light_theme ? 1 : 0)) {
        s.applied_theme = s.light_theme ? 1 : 0;
        apply_theme(s.light_theme);
    }

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 6));
    ImGui::Begin("KeyGrader", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_MenuBar |
                     ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar();
    draw_menu_bar(s);
    draw_banners(s);
    if (s.ingest_active) {
        const int total = s.ingest_done + platform::incoming_pending();
        char label[64];
        std::snprintf(label, sizeof label, "Loading files: %d / %d", s.ingest_done, total);
        ImGui::ProgressBar(total > 0 ? static_cast<float>(s.ingest_done) / static_cast<float>(total) : 0.0f,
                           ImVec2(-1, 0), label);
    }

    // Fixed columns: left (files + key), center (review [+ reference]), right (grading).
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float left_w = std::floor(std::clamp(avail.x * 0.22f, 220.0f, 380.0f));
    const float right_w = std::floor(std::clamp(avail.x * 0.27f, 280.0f, 470.0f));
    const float center_w = std::max(200.0f, avail.x - left_w - right_w - 2 * gap);

    ImGui::BeginChild("left", ImVec2(left_w, avail.y), ImGuiChildFlags_None);
    const float files_h = std::floor(avail.y * 0.42f);
    ImGui::BeginChild("files", ImVec2(0, files_h), ImGuiChildFlags_Border);
    draw_files_panel(s);
    ImGui::EndChild();
    ImGui::BeginChild("key", ImVec2(0, 0), ImGuiChildFlags_Border);
    draw_key_panel(s);
    ImGui::EndChild();
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("center", ImVec2(center_w, avail.y), ImGuiChildFlags_None);
    const bool has_reference = !s.session.workspace().references.empty();
    if (draw_center_views(s)) {
        // Compare or Judge audit is shown instead of the review.
    } else if (has_reference && s.show_reference && center_w >= 900) {
        // Wide: the reference beside the review.
        const float review_w = std::floor((center_w - gap) * 0.56f);
        ImGui::BeginChild("review_col", ImVec2(review_w, 0), ImGuiChildFlags_None);
        draw_review_panel(s);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("reference_col", ImVec2(0, 0), ImGuiChildFlags_None);
        draw_reference_panel(s);
        ImGui::EndChild();
    } else if (has_reference && s.show_reference) {
        // Narrow: review and reference as tabs.
        if (ImGui::BeginTabBar("center_tabs")) {
            if (ImGui::BeginTabItem("Review")) {
                draw_review_panel(s);
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Reference")) {
                draw_reference_panel(s);
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
    } else {
        draw_review_panel(s);
    }
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("grading", ImVec2(0, avail.y), ImGuiChildFlags_Border);
    draw_grading_panel(s);
    ImGui::EndChild();

    ImGui::End();
    draw_toasts(s);
    draw_help_overlay(s);
    draw_confirmation(s);   // a share link or an import waiting for the user's answer
    for (auto& edit : s.deferred) edit();
    s.deferred.clear();
    persistence_tick(s);
}

}  // namespace kg::app
