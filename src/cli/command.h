// The `keygrader` subcommands register themselves here, one file each, so adding a
// command never means editing main.cpp.
#pragma once
#include <functional>
#include <string>
#include <vector>
#include "model/workspace.h"

namespace kg::cli {

using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
    std::string name;
    std::string usage;     // one line: "parse-key KEY.md [--json]"
    CommandFn run;
};

std::vector<Command>& command_registry();

struct RegisterCommand {
    RegisterCommand(std::string name, std::string usage, CommandFn fn) {
        command_registry().push_back({std::move(name), std::move(usage), std::move(fn)});
    }
};

// Exit codes shared by every command.
constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitOutput = 3;   // stdout closed, full disk, broken pipe: the output was lost

// Reads the arguments of a command that takes one file and an optional --json, and the file:
// on a usage error or an unreadable file prints the one-line message (naming `command`) and
// returns its exit code; kExitOk when `path`, `bytes` and `json` are set.
// file_kind: "key" (in "one key file at a time"); placeholder: "KEY.md" (in the usage line).
int read_single_file_command(const char* command, const char* file_kind, const char* placeholder,
                             const std::vector<std::string>& args, std::string& path, std::string& bytes,
                             bool& json);

// Reads and loads a workspace file, or a benchmark folder (every file below it, as the page's
// "Open folder…" reads it); on failure prints the one-line message naming the file
// ("keygrader: WS.json: saved by a newer KeyGrader ...") and returns false (exit kExitBadInput).
// adopt_judges: a folder's judge reports give the starting grades (marked from the judge).
bool load_workspace_file(const std::string& path, Workspace& out, bool adopt_judges = false);

}  // namespace kg::cli
