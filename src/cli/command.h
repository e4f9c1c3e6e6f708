// The `keygrader` subcommands register themselves here, one file each, so adding a
// command never means editing main.cpp.
#pragma once
#include <functional>
#include <string>
#include <vector>
#include "workspace.h"

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

// Reads a whole file; false + a one-line reason ("cannot open ...") on failure.
bool read_file(const std::string& path, std::string& out, std::string& error);

// Reads and loads a workspace file; on failure prints the one-line message naming the file
// ("keygrader: WS.json: saved by a newer KeyGrader ...") and returns false (exit kExitBadInput).
bool load_workspace_file(const std::string& path, Workspace& out);

}  // namespace kg::cli
