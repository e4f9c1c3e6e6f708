// `keygrader score WORKSPACE.json [--markdown|--csv|--json|--summary]`: scores a workspace file
// (the same file the page exports) and prints a report. Markdown is the default.
#include <cstdio>

#include "command.h"
#include "grading.h"
#include "reports.h"
#include "workspace_io.h"

namespace {

enum class Output { Markdown, Csv, Json, Summary };

int run_score(const std::vector<std::string>& args) {
    std::string path;
    Output output = Output::Markdown;
    for (const std::string& a : args) {
        if (a == "--markdown") {
            output = Output::Markdown;
        } else if (a == "--csv") {
            output = Output::Csv;
        } else if (a == "--json") {
            output = Output::Json;
        } else if (a == "--summary") {
            output = Output::Summary;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "keygrader score: unknown option '%s'\n", a.c_str());
            return kg::cli::kExitUsage;
        } else if (path.empty()) {
            path = a;
        } else {
            std::fprintf(stderr, "keygrader score: one workspace file only (got '%s' and '%s')\n",
                         path.c_str(), a.c_str());
            return kg::cli::kExitUsage;
        }
    }
    if (path.empty()) {
        std::fprintf(stderr,
                     "usage: keygrader score WORKSPACE.json [--markdown|--csv|--json|--summary]\n");
        return kg::cli::kExitUsage;
    }

    std::string text;
    std::string error;
    if (!kg::cli::read_file(path, text, error)) {
        std::fprintf(stderr, "keygrader: %s\n", error.c_str());
        return kg::cli::kExitBadInput;
    }
    kg::WorkspaceLoadResult loaded = kg::load_workspace_json(text);
    if (!loaded.ok) {
        std::fprintf(stderr, "keygrader: %s: %s\n", path.c_str(), loaded.error.c_str());
        return kg::cli::kExitBadInput;
    }

    const kg::WorkspaceScores scores = kg::compute_scores(loaded.workspace);
    // Warnings go to stderr so stdout stays a clean report that can be piped or diffed.
    for (const kg::Diagnostic& d : scores.warnings) {
        std::fprintf(stderr, "warning: %s: %s\n", path.c_str(), d.message.c_str());
    }
    std::string out;
    switch (output) {
        case Output::Markdown: out = kg::markdown_report(loaded.workspace, scores); break;
        case Output::Csv: out = kg::verdicts_csv(loaded.workspace, scores); break;
        case Output::Json: out = kg::scores_json(scores); break;
        case Output::Summary: out = kg::summary_lines(scores); break;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("score",
                                   "score WORKSPACE.json [--markdown|--csv|--json|--summary]",
                                   run_score);

}  // namespace
