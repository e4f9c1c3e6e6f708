// `keygrader parse-key KEY.md [--json]`: parse an answer key and show what was understood.
#include <cstdio>
#include <string>
#include <vector>


#include "base/json_write.h"
#include "key/answer_key.h"
#include "command.h"

namespace {

using Writer = kg::json::PrettyWriter;
using kg::json::put;
using kg::json::put_optional_int;   // -1 means "not stated" in the model; JSON says null

std::string key_to_json(const kg::AnswerKey& key) {
    kg::json::Buffer buffer;
    Writer w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    put(w, "title", key.title);
    put_optional_int(w, "round", key.round);
    put(w, "perspective", key.perspective);
    put(w, "target", key.target);
    put_optional_int(w, "declared_problems", key.declared_problems);
    w.Key("problems");
    w.StartArray();
    for (const kg::Problem& p : key.problems) {
        w.StartObject();
        put(w, "id", p.id);
        put(w, "title", p.title);
        put(w, "category", p.category);
        put(w, "severity", p.severity);
        put(w, "location", p.location);
        put(w, "description", p.description);
        put(w, "group", p.group);
        w.Key("criteria");
        w.StartObject();
        put(w, "detected", p.criteria.detected);
        put(w, "partial", p.criteria.partial);
        put(w, "missed", p.criteria.missed);
        w.EndObject();
        w.Key("line");
        w.Int(p.line);
        w.EndObject();
    }
    w.EndArray();
    w.Key("bonus");
    w.StartArray();
    for (const kg::BonusRow& b : key.bonus) {
        w.StartObject();
        put(w, "id", b.id);
        put(w, "category", b.category);
        put(w, "content", b.content);
        put(w, "criteria", b.criteria);
        w.Key("line");
        w.Int(b.line);
        w.EndObject();
    }
    w.EndArray();
    w.Key("warnings");
    w.StartArray();
    for (const kg::Diagnostic& d : key.warnings) {
        w.StartObject();
        w.Key("line");
        w.Int(d.line);
        put(w, "message", d.message);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

void print_summary(const kg::AnswerKey& key) {
    std::printf("%s", key.title.empty() ? "(untitled key)" : key.title.c_str());
    if (key.round >= 0) std::printf("  [round %d]", key.round);
    std::printf("\nperspective: %s   target: %s\n", key.perspective.empty() ? "-" : key.perspective.c_str(),
                key.target.empty() ? "-" : key.target.c_str());
    std::printf("problems: %zu", key.problems.size());
    if (key.declared_problems >= 0) std::printf(" (declared %d)", key.declared_problems);
    std::printf("   bonus rows: %zu   warnings: %zu\n\n", key.bonus.size(), key.warnings.size());
    for (const kg::Problem& p : key.problems) {
        const int criteria = !p.criteria.detected.empty() + !p.criteria.partial.empty() + !p.criteria.missed.empty();
        std::printf("  %-6s %-12s %s  (line %d, %d/3 criteria%s%s)\n", p.id.c_str(),
                    p.severity.empty() ? "-" : p.severity.c_str(), p.title.c_str(), p.line, criteria,
                    p.group.empty() ? "" : ", group ", p.group.c_str());
    }
    if (!key.bonus.empty()) std::printf("\n");
    for (const kg::BonusRow& b : key.bonus) {
        std::printf("  %-6s %s  (line %d)\n", b.id.c_str(), b.content.c_str(), b.line);
    }
    if (!key.warnings.empty()) std::printf("\nwarnings:\n");
    for (const kg::Diagnostic& d : key.warnings) {
        std::printf("  line %d: %s\n", d.line, d.message.c_str());
    }
}

int run_parse_key(const std::vector<std::string>& args) {
    std::string path, bytes;
    bool json = false;
    if (const int code = kg::cli::read_single_file_command("parse-key", "key", "KEY.md", args, path, bytes, json);
        code != kg::cli::kExitOk)
        return code;
    const kg::KeyParseResult result = kg::parse_answer_key(bytes);
    if (!result.is_key) {
        std::fprintf(stderr, "keygrader: %s: %s\n", path.c_str(), result.error.c_str());
        return kg::cli::kExitBadInput;
    }
    if (json) {
        std::printf("%s\n", key_to_json(result.key).c_str());
    } else {
        print_summary(result.key);
    }
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("parse-key", "parse-key KEY.md [--json]   show the parsed answer key",
                                   run_parse_key);

}  // namespace
