// Saving and loading a Workspace as versioned JSON (cereal). Loading validates first and
// never touches the caller's workspace on failure; older versions are migrated.
#pragma once
#include <string>
#include <string_view>
#include "workspace.h"

namespace kg {

std::string save_workspace_json(const Workspace& ws);

struct WorkspaceLoadResult {
    bool ok = false;
    std::string error;         // one clear line: "not JSON (line 3: ...)", "saved by a newer
                               // KeyGrader (format 7, this one reads up to 2)", ...
    int loaded_version = 0;    // version found in the file
    bool migrated = false;     // true when an older version was upgraded
    Workspace workspace;
};
WorkspaceLoadResult load_workspace_json(std::string_view json);

}  // namespace kg
