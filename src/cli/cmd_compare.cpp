// `keygrader compare WORKSPACE.json [--markdown|--json]`: the prompt comparison of a workspace
// (per round: prompts, matrix, recommendation; across rounds: trend and convergence), the
// same content as the page's Compare tab and its Markdown export. Markdown is the default.
#include <cstdio>

#include "command.h"
#include "grading/comparison.h"

namespace {

int run_compare(const std::vector<std::string>& args) {
    std::string path;
    bool json = false;
    for (const std::string& a : args) {
        if (a == "--markdown") {
            json = false;
        } else if (a == "--json") {
            json = true;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "keygrader compare: unknown option '%s'\n", a.c_str());
            return kg::cli::kExitUsage;
        } else if (path.empty()) {
            path = a;
        } else {
            std::fprintf(stderr, "keygrader compare: one workspace file only (got '%s' and '%s')\n",
                         path.c_str(), a.c_str());
            return kg::cli::kExitUsage;
        }
    }
    if (path.empty()) {
        std::fprintf(stderr, "usage: keygrader compare WORKSPACE.json [--markdown|--json]\n");
        return kg::cli::kExitUsage;
    }

    kg::Workspace workspace;
    if (!kg::cli::load_workspace_file(path, workspace)) return kg::cli::kExitBadInput;

    const kg::Comparison comparison = kg::build_comparison(workspace);
    // Warnings go to stderr so stdout stays a clean document (the JSON also lists them).
    for (const kg::Diagnostic& d : comparison.warnings) {
        std::fprintf(stderr, "warning: %s: %s\n", path.c_str(), d.message.c_str());
    }
    std::string out = json ? kg::comparison_json(comparison) : kg::comparison_markdown(comparison);
    if (!out.empty() && out.back() != '\n') out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("compare", "compare WORKSPACE.json [--markdown|--json]",
                                   run_compare);

}  // namespace
