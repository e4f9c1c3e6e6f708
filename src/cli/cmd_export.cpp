// `keygrader export WORKSPACE.json|FOLDER --out DIR [--key KEY] [--adopt-judge] [--force]`: writes the
// workflow's own files from the grading (report/workflow_export.h): per prompt
// results/vNNN-<prompt>-scoring.md and per round reports/round-NNN-comparison.md, each under its
// key's folder, into DIR. Existing files are never overwritten without --force (DIR may be the
// benchmark folder itself, whose scoring files are the LLM judge's). --adopt-judge: a folder's
// judge reports give the starting grades (as `score --adopt-judge`). Prints each path written.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "command.h"
#include "grading/grading.h"
#include "intake/classify.h"
#include "report/workflow_export.h"

namespace {

namespace fs = std::filesystem;

int run_export(const std::vector<std::string>& args) {
    std::string input, out_dir, key;
    bool force = false, adopt = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out" && i + 1 < args.size()) {
            out_dir = args[++i];
        } else if (a == "--key" && i + 1 < args.size()) {
            key = args[++i];
        } else if (a == "--force") {
            force = true;
        } else if (a == "--adopt-judge") {
            adopt = true;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "keygrader export: unknown option '%s'\n", a.c_str());
            return kg::cli::kExitUsage;
        } else if (input.empty()) {
            input = a;
        } else {
            std::fprintf(stderr, "keygrader export: one workspace or folder only (got '%s' and '%s')\n",
                         input.c_str(), a.c_str());
            return kg::cli::kExitUsage;
        }
    }
    if (input.empty() || out_dir.empty()) {
        std::fprintf(stderr, "usage: keygrader export WORKSPACE.json|FOLDER --out DIR [--key KEY] [--adopt-judge] [--force]\n");
        return kg::cli::kExitUsage;
    }
    kg::Workspace ws;
    if (!kg::cli::load_workspace_file(input, ws, adopt)) return kg::cli::kExitBadInput;
    const kg::WorkspaceScores scores = kg::compute_scores(ws);
    const std::vector<kg::ExportFile> files = kg::workflow_files(ws, scores, key);
    if (files.empty()) {
        std::fprintf(stderr, "keygrader export: %s: %s\n", input.c_str(),
                     key.empty() ? "no review is linked to a loaded answer key: nothing to export"
                                 : ("no review is linked to the key " + key).c_str());
        return kg::cli::kExitBadInput;
    }
    // Check every target before writing any, so a refusal leaves nothing half written.
    for (const kg::ExportFile& f : files) {
        if (kg::normalize_path(f.path) != f.path) {
            std::fprintf(stderr, "keygrader export: %s: not a safe relative path; nothing written\n", f.path.c_str());
            return kg::cli::kExitBadInput;
        }
        const fs::path target = fs::path(out_dir) / f.path;
        if (!force && fs::exists(target)) {
            std::fprintf(stderr, "keygrader export: %s exists (use --force to overwrite); nothing written\n",
                         target.string().c_str());
            return kg::cli::kExitBadInput;
        }
    }
    for (const kg::ExportFile& f : files) {
        const fs::path target = fs::path(out_dir) / f.path;
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        std::ofstream out(target, std::ios::binary | std::ios::trunc);
        out.write(f.text.data(), static_cast<std::streamsize>(f.text.size()));
        out.close();
        if (ec || !out) {
            std::fprintf(stderr, "keygrader export: cannot write %s%s%s\n", target.string().c_str(),
                         ec ? ": " : "", ec ? ec.message().c_str() : "");
            return kg::cli::kExitOutput;
        }
        std::printf("%s\n", target.string().c_str());
    }
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("export", "export WORKSPACE.json|FOLDER --out DIR [--key KEY] [--adopt-judge] [--force]",
                                   run_export);

}  // namespace
