// Saving and loading a Workspace as versioned JSON (cereal). Loading validates first and
// never touches the caller's workspace on failure; older versions are migrated.
#pragma once
#include <string>
#include <string_view>
#include "model/workspace.h"

namespace kg {

// indent false: one line (the store's records, written often), same content.
std::string save_workspace_json(const Workspace& ws, bool indent = true);

struct WorkspaceLoadResult {
    bool ok = false;
    std::string error;         // one clear line: "not JSON (line 3, column 5: ...)",
                               // "saved by a newer KeyGrader (version 7; this one reads up
                               // to 2)", "invalid workspace: missing field \"...\"", ...
    int loaded_version = 0;    // version found in the file
    bool migrated = false;     // true when an older version was upgraded
    Workspace workspace;
};
WorkspaceLoadResult load_workspace_json(std::string_view json);

// Replaces ws only when json loads; otherwise ws is left exactly as it was and error says why.
bool load_workspace_into(std::string_view json, Workspace& ws, std::string& error);

}  // namespace kg
