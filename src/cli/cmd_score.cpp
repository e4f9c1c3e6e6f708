// `keygrader score WORKSPACE.json|FOLDER [--markdown|--csv|--json|--summary] [--adopt-judge]`:
// scores a workspace file (the same file the page exports) or a benchmark folder (with
// --adopt-judge, its judge reports' verdicts as the grades) and prints a report.
#include <cstdio>

#include "command.h"
#include "grading/grading.h"
#include "report/reports.h"

namespace {

enum class Output { Markdown, Csv, Json, Summary };

int run_score(const std::vector<std::string>& args) {
    std::string path;
    Output output = Output::Markdown;
    bool adopt_judge = false;
    for (const std::string& a : args) {
        if (a == "--adopt-judge") {
            adopt_judge = true;
        } else if (a == "--markdown") {
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
                     "usage: keygrader score WORKSPACE.json|FOLDER [--markdown|--csv|--json|--summary] "
                     "[--adopt-judge]\n");
        return kg::cli::kExitUsage;
    }

    kg::Workspace workspace;
    if (!kg::cli::load_workspace_file(path, workspace, adopt_judge)) return kg::cli::kExitBadInput;

    const kg::WorkspaceScores scores = kg::compute_scores(workspace);
    // Warnings go to stderr so stdout stays a clean report that can be piped or diffed.
    for (const kg::Diagnostic& d : scores.warnings) {
        std::fprintf(stderr, "warning: %s: %s\n", path.c_str(), d.message.c_str());
    }
    std::string out;
    switch (output) {
        case Output::Markdown: out = kg::markdown_report(workspace, scores); break;
        case Output::Csv: out = kg::verdicts_csv(workspace, scores); break;
        case Output::Json: out = kg::scores_json(scores); break;
        case Output::Summary: out = kg::summary_lines(scores); break;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("score",
                                   "score WORKSPACE.json|FOLDER [--markdown|--csv|--json|--summary] [--adopt-judge]",
                                   run_score);

}  // namespace
