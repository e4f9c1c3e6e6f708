// Reading a benchmark folder the way the page's "Open folder…" does: every file below it
// (hidden names skipped), in path order, named by its path relative to the folder's parent
// ("reliability-design/results/v008-baseline-run1.md"), ingested into a Session so kinds and
// links are decided by the same core code as in the page.
#pragma once
#include <string>
#include <vector>
#include "session/session.h"

namespace kg::cli {

struct FolderFile {
    std::string path;          // relative, as ingested
    IngestResult result;       // kind, reason, message (also for files not kept)
};

// false + a one-line error when `folder` cannot be read; files that cannot be read become
// entries with a message. Several folders may be loaded into one session.
bool load_folder(const std::string& folder, Session& session, std::vector<FolderFile>& files,
                 std::string& error);

bool is_directory(const std::string& path);

}  // namespace kg::cli
