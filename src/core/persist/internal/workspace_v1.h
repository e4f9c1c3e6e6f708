// Reads the version 1 workspace format and upgrades it to the current Workspace.
// The layout of version 1 is documented in workspace_v1.cpp.
#pragma once
#include <string>
#include "base/json_read.h"
#include "model/workspace.h"

namespace kg {

// root: the whole parsed document (format and version already checked).
// false + one-line error when a field is missing or malformed; out is then unspecified.
bool migrate_workspace_v1(const rapidjson::Value& root, Workspace& out, std::string& error);

}  // namespace kg
