// Fuzz target: loading a saved workspace from arbitrary bytes never crashes; what loads
// saves and loads again identically.
#include <cstdint>
#include <string>
#include <string_view>
#include "persist/workspace_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const kg::WorkspaceLoadResult first = kg::load_workspace_json(bytes);
    if (!first.ok) return 0;
    const std::string saved = kg::save_workspace_json(first.workspace);
    const kg::WorkspaceLoadResult second = kg::load_workspace_json(saved);
    if (!second.ok || kg::save_workspace_json(second.workspace) != saved) __builtin_trap();
    return 0;
}
