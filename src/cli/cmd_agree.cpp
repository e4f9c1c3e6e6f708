// `keygrader agree --key KEY.md --judge SCORING.md [--workspace WS.json] [--prompt NAME]
// [--json]`: reads an LLM judge's scoring report as a second rater, audits its arithmetic,
// and with a workspace measures its agreement with the human grades.
#include <cstdio>
#include <string>
#include <vector>

#include "agree_output.h"
#include "key/answer_key.h"
#include "command.h"
#include "input_file.h"
#include "judge/judge_audit.h"

namespace {

constexpr const char* kUsage =
    "agree --key KEY.md --judge SCORING.md [--judge MORE.md ...] [--workspace WS.json] "
    "[--prompt NAME] [--json]";

bool load(const std::string& path, std::string& out) {
    std::string error;
    if (kg::cli::read_input_file(path, out, error)) return true;
    std::fprintf(stderr, "keygrader: %s\n", error.c_str());
    return false;
}

// Base name of a path: the workspace links reviews to keys by file name.
std::string base_name(const std::string& path) {
    const size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int run_agree(const std::vector<std::string>& args) {
    std::string key_path, ws_path, prompt;
    std::vector<std::string> judge_paths;
    bool json = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= args.size()) return false;
            into = args[++i];
            return true;
        };
        bool ok = true;
        if (a == "--key") ok = value(key_path);
        else if (a == "--judge") ok = value(judge_paths.emplace_back());
        else if (a == "--workspace") ok = value(ws_path);
        else if (a == "--prompt") ok = value(prompt);
        else if (a == "--json") json = true;
        else {
            std::fprintf(stderr, "keygrader agree: unknown argument '%s'\nusage: keygrader %s\n",
                         a.c_str(), kUsage);
            return kg::cli::kExitUsage;
        }
        if (!ok) {
            std::fprintf(stderr, "keygrader agree: %s needs a value\nusage: keygrader %s\n",
                         a.c_str(), kUsage);
            return kg::cli::kExitUsage;
        }
    }
    if (key_path.empty() || judge_paths.empty() || judge_paths.back().empty()) {
        std::fprintf(stderr, "usage: keygrader %s\n", kUsage);
        return kg::cli::kExitUsage;
    }

    std::string key_text;
    if (!load(key_path, key_text)) return kg::cli::kExitBadInput;
    const kg::KeyParseResult key = kg::parse_answer_key(key_text);
    if (!key.is_key) {
        std::fprintf(stderr, "keygrader: %s: %s\n", key_path.c_str(), key.error.c_str());
        return kg::cli::kExitBadInput;
    }
    // Several reports (say one per prompt) are pooled into one set of runs.
    kg::JudgeReport report;
    for (const std::string& judge_path : judge_paths) {
        std::string judge_text;
        if (!load(judge_path, judge_text)) return kg::cli::kExitBadInput;
        kg::JudgeParseResult parsed = kg::parse_judge_report(judge_text, key.key);
        if (!parsed.ok) {
            std::fprintf(stderr, "keygrader: %s: %s\n", judge_path.c_str(), parsed.error.c_str());
            return kg::cli::kExitBadInput;
        }
        if (judge_paths.size() == 1) {
            report = std::move(parsed.report);
        } else {
            kg::append_report(report, parsed.report, judge_path);
        }
    }
    kg::select_prompt(report, prompt);
    if (report.runs.empty()) {
        std::fprintf(stderr, "keygrader: %s: no runs for prompt '%s'\n", judge_paths[0].c_str(),
                     prompt.c_str());
        return kg::cli::kExitBadInput;
    }

    kg::JudgeComparison comparison;
    kg::cli::AgreeResult result;
    for (const std::string& p : judge_paths) {
        result.judge_file += (result.judge_file.empty() ? "" : ", ") + p;
    }
    result.report = &report;
    if (!ws_path.empty()) {
        kg::Workspace workspace;
        if (!kg::cli::load_workspace_file(ws_path, workspace)) return kg::cli::kExitBadInput;
        std::string key_name = base_name(key_path);
        if (!workspace.find_key(key_name)) key_name.clear();   // linked under another name
        comparison = kg::compare_with_human(report, key.key, workspace, key_name);
        result.comparison = &comparison;
    }
    const std::string out = json ? kg::cli::agree_json(result) : kg::cli::agree_text(result);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("agree", kUsage, run_agree);

}  // namespace
