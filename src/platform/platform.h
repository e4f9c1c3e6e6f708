// The browser (or a native stand-in) behind a small interface: the only place that knows
// about file pickers, drag and drop, local storage, downloads, clipboard and the URL.
// The app calls these; it never calls emscripten or JS directly.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace kg::platform {

// A file the user opened (picker), dropped, or that the page preloaded (demo, URL params).
struct IncomingFile {
    std::string name;    // file name without directories
    std::string bytes;   // raw content, unchecked
    std::string origin;  // "picker", "folder", "drop", "demo", "url"
};
// Files that arrived since the last call (oldest first).
std::vector<IncomingFile> take_incoming_files();
// The oldest file waiting, one at a time (so a folder is ingested a few files per frame).
bool take_incoming_file(IncomingFile& f);
// Files waiting (or being read) after the ones taken.
int incoming_pending();

// Tells the page glue the core's one-file cap (base/limits.h kMaxFileBytes): it skips larger
// files with one notice each before reading them into memory.
void set_max_file_bytes(double bytes);

// Opens the browser's multi-file picker (results arrive through take_incoming_files()).
void open_file_picker();
// Opens the folder chooser: every file below the chosen folder arrives, named by its path
// relative to the folder's parent (origin "folder").
void open_folder_picker();

// ---- durable storage (web/keygrader-store.js: IndexedDB records) -------------------------
// The store's records were read before the app started; saving commits changed records as
// one transaction, fire and forget, whose result is polled.
enum class StoreStatus { Ok, Pending, QuotaExceeded, Unavailable, Failed };
struct StoreResult {
    StoreStatus status = StoreStatus::Ok;
    std::string message;   // clear text for the user when not Ok
};
struct StoredRecord {
    std::string key, value;
    bool journaled = false;   // replayed from the journal of a failed save, not in the store
};
struct StoreBoot {
    std::string status;                // "ok", "unavailable" (message says why), "foreign"
    std::string message;
    std::vector<StoredRecord> records;
    std::vector<std::string> foreign;  // keys of records KeyGrader did not write
    std::vector<std::string> damaged;  // KeyGrader records whose seal does not match
    std::string journal_time;          // set: unsaved edits of a failed save were replayed
    std::string journal_summary;       // what those edits were
    int journal_missing_texts = 0;     // file texts too large for the journal
    std::string lost_summary;          // a failed save before the last reload (not journaled)
    bool has_legacy = false;           // an old localStorage workspace (see store_take_legacy)
};
// What the store held at start (the records move out: call once).
StoreBoot store_boot();
// The old localStorage workspace (format of workspace_io.h); false when none.
bool store_take_legacy(std::string& value, bool& recovered);
void store_clear_legacy();   // after its records are committed
// Queues a write of these records and deletions as ONE transaction: a ticket to poll.
int store_commit(const std::vector<std::pair<std::string, const std::string*>>& puts,
                 const std::vector<std::string>& deletes, const std::string& summary);
// Pending until the transaction completes (or fails: nothing of it was written).
StoreResult store_commit_result(int ticket);
// This tab's part: "editor" (saves), "follower" (another tab edits), "waiting" (asked to
// take over), "releasing" (another tab asked: save, then store_release()), "released".
std::string store_role();
void store_take_over();
void store_release();
// Persistent storage granted (1), refused (0), unknown (-1); bytes used and the quota.
int store_persisted();
bool store_usage(double& used, double& quota);

// Offers a file to the user as a download.
void download(const std::string& file_name, const std::string& mime, const std::string& content);
// Offers several text files as one zip archive (made in the glue with fflate, loaded on first
// use); paths are '/'-separated and relative.
void download_zip(const std::string& archive_name,
                  const std::vector<std::pair<std::string, std::string>>& files);
void copy_to_clipboard(const std::string& text);

// URL query parameter value ("" when absent) and the fragment after '#'.
std::string url_param(const std::string& name);
std::string url_fragment();
std::string page_url_without_fragment();
// Removes the fragment from the address (history.replaceState: no reload, no history entry),
// so a share link applies once and a reload does not bring it back.
void clear_url_fragment();

double now_ms();
// The local wall-clock time as "hh:mm:ss" (for "Saved 14:03:12").
std::string clock_text();

// The lazily loaded CJK font: request it once Japanese text shows up; when its bytes have
// arrived, take_cjk_font() hands them over once (empty otherwise).
void request_cjk_font();
std::string take_cjk_font();

}  // namespace kg::platform
