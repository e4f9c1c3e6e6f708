// See folder_input.h.
#include "folder_input.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "command.h"
#include "input_file.h"

namespace kg::cli {

namespace fs = std::filesystem;

bool is_directory(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

bool load_folder(const std::string& folder, Session& session, std::vector<FolderFile>& files,
                 std::string& error) {
    std::error_code ec;
    const fs::path root = fs::weakly_canonical(fs::path(folder), ec);
    if (ec || !fs::is_directory(root, ec)) {
        error = "cannot read folder " + folder;
        return false;
    }
    // Paths relative to the folder's parent, so the folder's own name is their namespace.
    const fs::path base = root.has_parent_path() ? root.parent_path() : root;
    std::vector<std::string> paths;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        error = "cannot read folder " + folder + ": " + ec.message();
        return false;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {   // .git/, .DS_Store: never benchmark files
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        // Regular files are read; FIFOs, devices, sockets and broken links are listed as not
        // read (never opened: a FIFO nobody writes would stall the walk), so nothing in the
        // folder goes unmentioned.
        if (it->is_regular_file(ec) || !it->is_directory(ec))
            // Lexically: fs::relative resolves links, naming a link to /dev/zero "../../dev/zero".
            paths.push_back(it->path().lexically_relative(base).generic_string());
    }
    std::sort(paths.begin(), paths.end());   // the same order on every machine
    session.begin_file_batch();   // one undo step, one snapshot, for the whole folder
    for (const std::string& rel : paths) {
        FolderFile f;
        f.path = rel;
        std::string bytes, read_error;
        const fs::path full = base / rel;
        const bool special = !fs::is_regular_file(full, ec);
        if (special || !read_input_file(full.string(), bytes, read_error)) {
            if (special) read_error = rel + ": not a regular file (a pipe, device, socket or broken link): not read";
            f.result.name = rel;
            f.result.kind = FileKind::Ignored;
            f.result.message = read_error;
            f.result.reason = read_error;
        } else {
            f.result = session.ingest(rel, bytes);
        }
        files.push_back(std::move(f));
    }
    session.end_file_batch();
    return true;
}

}  // namespace kg::cli
