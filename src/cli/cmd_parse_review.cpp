// `keygrader parse-review REVIEW.md [--json]`: the findings of a review with ids and lines.
#include <cstdio>
#include <string>
#include <vector>


#include "base/json_write.h"
#include "command.h"
#include "review/review.h"
#include "base/text.h"

namespace {

using Writer = kg::json::PrettyWriter;
using kg::json::put;

std::string review_to_json(const kg::Review& review, const kg::PromptRun& name, const std::string& hash) {
    kg::json::Buffer buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    put(w, "title", review.title);
    w.Key("line_count");
    w.Int(review.line_count);
    put(w, "prompt", name.prompt);
    w.Key("run");
    w.Int(name.run);
    put(w, "content_hash", hash);
    w.Key("findings");
    w.StartArray();
    for (const kg::Finding& f : review.findings) {
        w.StartObject();
        put(w, "id", f.id);
        put(w, "title", f.title);
        put(w, "severity", f.severity);
        w.Key("level");
        w.Int(f.level);
        w.Key("line_start");
        w.Int(f.line_start);
        w.Key("line_end");
        w.Int(f.line_end);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

int run_parse_review(const std::vector<std::string>& args) {
    std::string path, bytes;
    bool json = false;
    if (const int code = kg::cli::read_single_file_command("parse-review", "review", "REVIEW.md", args, path, bytes, json);
        code != kg::cli::kExitOk)
        return code;
    const kg::InputCheck check = kg::check_text_input(bytes);
    if (!check.ok) {
        if (check.line > 0) {
            std::fprintf(stderr, "keygrader: %s: line %d: %s\n", path.c_str(), check.line, check.reason.c_str());
        } else {
            std::fprintf(stderr, "keygrader: %s: %s\n", path.c_str(), check.reason.c_str());
        }
        return kg::cli::kExitBadInput;
    }
    const std::string text = kg::normalize_text(bytes);
    const kg::Review review = kg::parse_review(text);
    const kg::PromptRun name = kg::prompt_run_from_file_name(path);
    if (json) {
        std::printf("%s\n", review_to_json(review, name, kg::content_hash(text)).c_str());
        return kg::cli::kExitOk;
    }
    std::printf("%s\nprompt: %s   run: %d   lines: %d   findings: %zu\n\n",
                review.title.empty() ? "(untitled review)" : review.title.c_str(), name.prompt.c_str(), name.run,
                review.line_count, review.findings.size());
    for (const kg::Finding& f : review.findings) {
        std::printf("  %-6s %-12s %s  (lines %d-%d)\n", f.id.empty() ? "-" : f.id.c_str(),
                    f.severity.empty() ? "-" : f.severity.c_str(), f.title.c_str(), f.line_start, f.line_end);
    }
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("parse-review", "parse-review REVIEW.md [--json]   list the findings of a review",
                                   run_parse_review);

}  // namespace
