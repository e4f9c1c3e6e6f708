// What the panels of the page share: the editing session plus UI-only state (banners,
// overlays, the review and reference views). One instance, owned by app.cpp.
#pragma once
#include <functional>
#include <string>
#include <vector>
#include "markdown_view.h"
#include "palette.h"
#include "session/session.h"

struct ImFont;

namespace kg::app {

// A message strip at the top of the page (store problems, import errors, file results).
struct Banner {
    enum class Level { Info, Warning, Error };
    Level level = Level::Info;
    std::string text;
    double shown_ms = 0;      // when it appeared; info banners fade after a few seconds
    bool sticky = false;      // stays until dismissed (store problems)
};

// State of durable storage as the user should see it.
struct StoreState {
    std::string status = "ok";   // "ok", "quota", "unavailable", "failed", "corrupt", "newer"
    std::string message;         // visible text when not ok
    // When the stored copy could not be read we must not overwrite it until the user acts
    // (imports, chooses "start over", or exports first).
    bool hold_writes = false;
    std::string unreadable_copy; // the stored text we could not read (offered as download)
    double retry_after_ms = 0;   // after a failed save, wait before trying again
    bool loaded_from_store = false;
    int saves = 0;               // successful saves this session
    double last_save_ms = -1;
};

// A change that replaces the user's work and must be accepted first (a share link, a
// workspace import over graded work): what it changes, and what accepting or cancelling does.
struct Confirmation {
    std::string title;                 // "Apply this share link?"
    std::vector<std::string> lines;    // what it changes, then what it ignores
    std::string accept_label = "Apply";
    std::string cancel_label = "Cancel";
    std::function<void()> on_accept;
    std::function<void()> on_cancel;   // may be empty
};

struct AppState {
    kg::Session session;
    std::vector<Confirmation> confirms;    // the first is shown as a modal until answered
    StoreState store;
    std::vector<Banner> banners;
    bool help_open = false;
    bool light_theme = false;
    int applied_theme = -1;           // theme last applied (-1 none, 0 dark, 1 light)
    bool show_reference = true;
    bool focus_search = false;        // Ctrl+F asked to focus the search box
    bool focus_note = false;          // N asked to edit the note
    int focus_extra = 0;              // 1/2: focus the bonus/penalty item just added
    std::string last_shortcut;        // keys of the last shortcut that fired (for tests)
    int files_loaded = 0;             // files ingested this session (for tests)
    MarkdownView review_view;
    MarkdownView reference_view;
    int shown_review = -2;            // review currently in review_view (to reset on change)
    int shown_reference = -2;
    int key_scrolled_for = -1;        // problem the key panel last scrolled to
    bool restore_scroll = false;      // put the stored scroll back after a load
    bool expect_judge = false;        // the picker was opened by "Import judge report…"
    int expect_judge_frame = -1;      // frame whose batch was read as judge reports
    // Edits that change file lists run after the frame, not while panels iterate them.
    std::vector<std::function<void()>> deferred;
};

AppState& state();

void add_banner(Banner::Level level, const std::string& text, bool sticky = false);

// Panels (one file each).
void draw_files_panel(AppState& s);
void draw_key_panel(AppState& s);
void draw_review_panel(AppState& s);
void draw_reference_panel(AppState& s);
void draw_grading_panel(AppState& s);
// The files panel's per-file "Kind" menu and its judge reports section (file_menus.cpp).
void draw_kind_menu(AppState& s, kg::FileKind list, int index);
void draw_judge_files(AppState& s);

// Asking first (confirm_ui.cpp): one question at a time; a second waits until the first is
// answered.
void ask_to_confirm(AppState& s, Confirmation c);
void draw_confirmation(AppState& s);

// Keyboard (shortcuts.cpp).
void handle_shortcuts(AppState& s);
void draw_help_overlay(AppState& s);

// Storage, import, export (persistence.cpp).
void persistence_load(AppState& s);
void persistence_tick(AppState& s);
void export_workspace(AppState& s);
// A workspace file given by the user: refused over the size cap or when it cannot be read (said
// at once); imported at once when there is no work to lose, else after the user confirms.
void offer_workspace_import(AppState& s, const std::string& name, std::string bytes);
void download_report(AppState& s);
void download_csv(AppState& s);
// The workflow's own files as a zip (export_ui.cpp): the selected review's round, or all.
void download_workflow_files(AppState& s, bool selected_round_only);
void start_over_after_unreadable_store(AppState& s);

// Files arriving from the platform (app.cpp): ingest, report, make fonts aware of text.
void ingest_incoming(AppState& s);
// Every document text passes here so its glyphs get baked (fonts.h).
void need_glyphs(std::string_view text);

}  // namespace kg::app
