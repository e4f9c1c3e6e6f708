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

// Tells the page glue the core's one-file cap (base/limits.h kMaxFileBytes): it skips larger
// files with one notice each before reading them into memory.
void set_max_file_bytes(double bytes);

// Opens the browser's multi-file picker (results arrive through take_incoming_files()).
void open_file_picker();
// Opens the folder chooser: every file below the chosen folder arrives, named by its path
// relative to the folder's parent (origin "folder").
void open_folder_picker();

enum class StoreStatus { Ok, QuotaExceeded, Unavailable, Failed };
struct StoreResult {
    StoreStatus status = StoreStatus::Ok;
    std::string message;   // clear text for the user when not Ok
};
// Durable save: the new value is written in full before it replaces the previous good copy.
StoreResult store_save(const std::string& key, const std::string& value);
// Loads the latest good value; false when absent. `recovered` tells the previous copy was used.
bool store_load(const std::string& key, std::string& value, bool& recovered);

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

// The lazily loaded CJK font: request it once Japanese text shows up; when its bytes have
// arrived, take_cjk_font() hands them over once (empty otherwise).
void request_cjk_font();
std::string take_cjk_font();

}  // namespace kg::platform
