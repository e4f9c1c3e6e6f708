// keygrader: the command line over the grading core. Dispatches to registered commands.
#include <algorithm>
#include <cstdio>
#include "command.h"
#include "folder_input.h"
#include "input_file.h"
#include "output_check.h"
#include "persist/workspace_io.h"

namespace kg::cli {

std::vector<Command>& command_registry() {
    static std::vector<Command> commands;
    return commands;
}

int read_single_file_command(const char* command, const char* file_kind, const char* placeholder,
                             const std::vector<std::string>& args, std::string& path, std::string& bytes,
                             bool& json) {
    path.clear();
    json = false;
    for (const std::string& a : args) {
        if (a == "--json") {
            json = true;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "keygrader %s: unknown option '%s'\n", command, a.c_str());
            return kExitUsage;
        } else if (path.empty()) {
            path = a;
        } else {
            std::fprintf(stderr, "keygrader %s: one %s file at a time\n", command, file_kind);
            return kExitUsage;
        }
    }
    if (path.empty()) {
        std::fprintf(stderr, "usage: keygrader %s %s [--json]\n", command, placeholder);
        return kExitUsage;
    }
    std::string error;
    if (!read_input_file(path, bytes, error)) {
        std::fprintf(stderr, "keygrader: %s\n", error.c_str());
        return kExitBadInput;
    }
    return kExitOk;
}

bool load_workspace_file(const std::string& path, Workspace& out, bool adopt_judges) {
    std::string text, error;
    if (is_directory(path)) {
        // A benchmark folder: graded by nobody yet; its judge reports stay reports unless
        // adopting them is asked for (`score --adopt-judge`).
        Session session;
        std::vector<FolderFile> files;
        if (!load_folder(path, session, files, error)) {
            std::fprintf(stderr, "keygrader: %s\n", error.c_str());
            return false;
        }
        if (adopt_judges) {
            for (size_t j = 0; j < session.workspace().judges.size(); ++j) {
                session.adopt_judge(static_cast<int>(j), 0);
            }
        }
        out = session.workspace();
        return true;
    }
    if (!read_input_file(path, text, error)) {
        std::fprintf(stderr, "keygrader: %s\n", error.c_str());
        return false;
    }
    WorkspaceLoadResult loaded = load_workspace_json(text);
    if (!loaded.ok) {
        std::fprintf(stderr, "keygrader: %s: %s\n", path.c_str(), loaded.error.c_str());
        return false;
    }
    out = std::move(loaded.workspace);
    return true;
}

}  // namespace kg::cli

static void print_usage() {
    auto commands = kg::cli::command_registry();
    std::sort(commands.begin(), commands.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::fprintf(stderr, "usage: keygrader COMMAND ...\n\ncommands:\n");
    for (const auto& c : commands) std::fprintf(stderr, "  keygrader %s\n", c.usage.c_str());
}

int main(int argc, char** argv) {
    using kg::cli::finish_output;
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
        print_usage();
        return finish_output(argc < 2 ? kg::cli::kExitUsage : kg::cli::kExitOk);
    }
    const std::string name = argv[1];
    std::vector<std::string> args(argv + 2, argv + argc);
    for (const auto& c : kg::cli::command_registry()) {
        if (c.name == name) return finish_output(c.run(args));
    }
    std::fprintf(stderr, "keygrader: unknown command '%s'\n", name.c_str());
    print_usage();
    return finish_output(kg::cli::kExitUsage);
}
