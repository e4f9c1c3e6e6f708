// What the panels of the page share: the editing session plus UI-only state (banners,
// overlays, the review and reference views, the center view shown, the caches of the
// Compare, Judge audit and suggestions views, the fonts and the theme). One instance, owned
// by app.cpp (state()): the app's other files keep no state of their own (main.cpp, the
// shell, keeps the canvas's and the query's return buffers).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>
#include "font_state.h"
#include "grading/agreement.h"
#include "imgui.h"
#include "judge_views.h"
#include "markdown_view.h"
#include "palette.h"
#include "panel_compare.h"
#include "persist/workspace_store.h"
#include "session/session.h"
#include "theme.h"

struct ImFont;

namespace kg::app {

// A message strip at the top of the page (store problems, import errors, file results).
struct Banner {
    enum class Level { Info, Warning, Error };
    Level level = Level::Info;
    std::string text;
    double shown_ms = 0;      // when it appeared; info banners fade after a few seconds
    bool sticky = false;      // stays until dismissed (store problems)
    // Buttons beside the message: the unreadable store's ways out, "Export workspace" after
    // a failed save, "Take over" in a read-only second tab.
    enum class Action { None, StoreHeld, ExportUnsaved, TakeOver };
    Action action = Action::None;
};

// State of durable storage as the user should see it (persistence.cpp).
struct StoreState {
    std::string status = "ok";   // "ok", "quota", "unavailable", "failed", "corrupt", "newer", "foreign"
    std::string message;         // visible text when not ok
    // When the stored copy could not be read (or holds records another page wrote) we must
    // not overwrite it until the user acts (imports, chooses "start fresh", or exports first).
    bool hold_writes = false;
    std::string unreadable_copy; // the stored text we could not read (offered as download)
    double retry_after_ms = 0;   // after a failed save, wait before trying again
    bool loaded_from_store = false;
    int saves = 0;               // successful saves this session
    double last_save_ms = -1;
    std::string last_save_clock; // "14:03:12": the last save the store confirmed
    // Incremental saving: what the store holds, the commit under way.
    kg::StoreWriter writer;
    int ticket = -1;             // commit being written (-1 none)
    kg::StoreDelta in_flight;
    bool in_flight_texts = false;  // the commit is a slice of file texts ahead of the records
    bool slicing_failed = false;   // a slice failed: commit whole deltas (journaled) until one works
    kg::PreparedReviews prepared;  // review records made ahead of the next save, a few per frame
    uint64_t in_flight_revision = 0;
    std::string in_flight_summary;
    std::string unsaved;         // what the last failed save did not keep ("" when saved)
    bool force_save = false;     // write now though nothing changed (migration, journal replay)
    bool migrating = false;      // the first save moves an old localStorage workspace
    std::vector<std::string> extra_deletes;   // foreign records, once the user chose
    std::string role = "editor"; // editor, follower, waiting, releasing, released
    int persisted = -1;          // persistent storage granted 1 / refused 0 / unknown -1
    int last_save_records = 0;   // records in the last commit (tests, bench)
    size_t last_save_bytes = 0;
    int slices_written = 0;      // text slices of big saves (bench)
    double last_prepare_ms = 0;  // diff + handing the records to the store, on the main thread
    double max_prepare_ms = 0;
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

// What one batch of files (a folder, a drop, the demo) became, said in one banner once the
// whole batch is in: a folder of 160 files gives one summary, not a banner per judge report.
struct IngestBatch {
    int files = 0;
    std::map<std::string, int> kinds;   // "review" -> 72
    int judge_flagged = 0, judge_unlinked = 0, judge_unreadable = 0;
    std::vector<std::string> errors;     // one line per file that could not be loaded
    std::vector<std::string> warnings;   // stale grades, key warnings, kept earlier copies
    std::string single;                  // the message of the batch's only file
    int single_judge = -1;               // ... when it was a judge report: its index
};

// The middle pane, switched in the menu bar (center_views.cpp): the review being graded, the
// Compare view of the round, or the Judge audit.
enum class CenterView { Review, Compare, Judge };

// A share link in the URL (share_ui.cpp): applied (or refused) once, when the files are in.
struct ShareState {
    bool handled = false;
    double first_seen_ms = -1;
};

// Machine suggestions stored in the workspace (suggestions_ui.cpp): synced once per change,
// within a time budget, and their agreement with the human verdicts.
struct SuggestionCache {
    uint64_t synced_revision = 0;
    size_t synced_reviews = static_cast<size_t>(-1);
    bool pending = false;                 // a pass is under way (the time budget stopped it)
    // The pass: first every review's uncalibrated suggestions (warming), then the calibrated
    // ones stored in the grades; it resumes where the last frame's budget stopped it.
    size_t next = 0;
    bool warming = true;
    uint64_t pass_revision = 0;           // the revision the pass started at
    size_t pass_reviews = 0;
    kg::Agreement agreement;              // human vs suggestion
    uint64_t agreement_revision = 0;      // revision it was counted at (0: count again)
};

struct AppState {
    kg::Session session;
    std::vector<Confirmation> confirms;    // the first is shown as a modal until answered
    StoreState store;
    std::vector<Banner> banners;
    bool help_open = false;
    bool light_theme = false;
    int applied_theme = -1;           // theme last applied (-1 none, 0 dark, 1 light)
    ThemeState theme;                 // the style's meaningful colors (theme.cpp)
    bool show_reference = true;
    bool focus_search = false;        // Ctrl+F asked to focus the search box
    bool focus_note = false;          // N asked to edit the note
    int focus_extra = 0;              // 1/2: focus the bonus/penalty item just added
    std::string last_shortcut;        // keys of the last shortcut that fired (for tests)
    int files_loaded = 0;             // files ingested this session (for tests; counted per batch)
    // A batch of files (a folder, a drop) is ingested a few files per frame, with a progress bar.
    int ingest_batch = 0;             // batch number (a new one starts when files arrive after none)
    bool ingest_active = false;
    int ingest_done = 0;              // files of this batch taken so far
    int ingest_ok = 0;
    std::string ingest_last;          // the message of the only file, when one
    IngestBatch ingest_summary;       // what this batch became, said once it is in (app.cpp)
    double ingest_longest_ms = 0;     // longest ingest slice of this session (bench)
    MarkdownView review_view;
    MarkdownView reference_view;
    int shown_review = -2;            // review currently in review_view (to reset on change)
    int shown_reference = -2;
    int key_scrolled_for = -1;        // problem the key panel last scrolled to
    bool restore_scroll = false;      // put the stored scroll back after a load
    bool expect_judge = false;        // the picker was opened by "Import judge report…"
    int expect_judge_frame = -1;      // frame whose batch was read as judge reports
    FontState fonts;                  // the font atlas's state (fonts.cpp)
    JudgeViews judge_views;           // the session's judge reports, audited (judge_ui.cpp)
    CompareState compare;             // the Compare tab's comparison and round (panel_compare.cpp)
    ShareState share;                 // the URL's share link (share_ui.cpp)
    SuggestionCache suggestions;      // suggestions synced, agreement counted (suggestions_ui.cpp)
    CenterView center_view = CenterView::Review;
    // Screen rectangles of named widgets (tabs, menu items), for tests that click them:
    // x, y, w, h in CSS pixels (center_views.cpp's remember_item_rect).
    std::map<std::string, ImVec4> item_rects;
    // Edits that change file lists run after the frame, not while panels iterate them.
    std::vector<std::function<void()>> deferred;
};

AppState& state();

void add_banner(Banner::Level level, const std::string& text, bool sticky = false,
                Banner::Action action = Banner::Action::None);
void remove_banner(const std::string& text);

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
// The read-only second tab asks to edit (the editing tab saves and lets go; this one reloads).
void take_over_editing(AppState& s);
// "Saved 14:03:12", "Saving…", "Not saved: quota", "Read-only (open in another tab)".
std::string store_status_line(const AppState& s);

// Files arriving from the platform (app.cpp): ingest, report, make fonts aware of text.
void ingest_incoming(AppState& s);
// Every document text passes here so its glyphs get baked (fonts.h).
void need_glyphs(std::string_view text);

}  // namespace kg::app
