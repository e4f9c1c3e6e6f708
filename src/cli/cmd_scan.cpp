// keygrader scan FOLDER... [--json]: every file of benchmark folders with the kind the core
// gives it (and why), its folder, round, prompt and run, and the key it is linked to: what
// the page would do with the same folders, for checking a folder before grading it.
#include <cstdio>
#include <string>
#include <vector>

#include "base/json_write.h"
#include "command.h"
#include "folder_input.h"
#include "intake/classify.h"

namespace {

using kg::cli::FolderFile;

std::string linked_key(const kg::Session& s, const FolderFile& f) {
    const kg::FileRef at = s.find_file(f.result.name);
    const kg::Workspace& ws = s.workspace();
    if (at.index < 0) return "";
    if (at.list == kg::FileKind::Review) return ws.reviews[static_cast<size_t>(at.index)].key_name;
    if (at.list == kg::FileKind::Judge) return ws.judges[static_cast<size_t>(at.index)].key_name;
    return "";
}

int scan(const std::vector<std::string>& args) {
    bool json = false;
    std::vector<std::string> folders;
    for (const std::string& a : args) {
        if (a == "--json") json = true;
        else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "keygrader scan: unknown option '%s'\n", a.c_str());
            return kg::cli::kExitUsage;
        } else folders.push_back(a);
    }
    if (folders.empty()) {
        std::fprintf(stderr, "usage: keygrader scan FOLDER... [--json]\n");
        return kg::cli::kExitUsage;
    }
    kg::Session session;
    std::vector<FolderFile> files;
    for (const std::string& folder : folders) {
        std::string error;
        if (!kg::cli::load_folder(folder, session, files, error)) {
            std::fprintf(stderr, "keygrader: %s\n", error.c_str());
            return kg::cli::kExitBadInput;
        }
    }
    if (json) {
        kg::json::Buffer buffer;
        kg::json::PrettyWriter w(buffer);
        w.SetIndent(' ', 2);
        w.StartObject();
        w.Key("files");
        w.StartArray();
        for (const FolderFile& f : files) {
            const kg::FilePlace place = kg::place_of(f.result.name);
            const kg::BenchmarkName bn = kg::benchmark_name(f.result.name, "");
            w.StartObject();
            kg::json::put(w, "path", f.result.name);
            kg::json::put(w, "kind", kg::file_kind_name(f.result.kind));
            kg::json::put(w, "reason", f.result.reason);
            kg::json::put(w, "folder", place.folder);
            kg::json::put_int(w, "round", bn.round);
            kg::json::put(w, "prompt", bn.prompt);
            kg::json::put_int(w, "run", bn.run);
            kg::json::put(w, "key", linked_key(session, f));
            kg::json::put_bool(w, "loaded", f.result.ok || f.result.kind == kg::FileKind::Workspace);
            if (!f.result.ok) kg::json::put(w, "message", f.result.message);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        std::printf("%s\n", buffer.GetString());
        return kg::cli::kExitOk;
    }
    for (const FolderFile& f : files) {
        const std::string key = linked_key(session, f);
        std::printf("%-11s %s%s%s\n", kg::file_kind_name(f.result.kind), f.result.name.c_str(),
                    key.empty() ? "" : ("  -> " + key).c_str(),
                    f.result.kind == kg::FileKind::Ignored ? ("  (" + f.result.reason + ")").c_str() : "");
    }
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("scan", "scan FOLDER... [--json]   kinds, rounds, prompts and key links", scan);

}  // namespace
