// File > Export workflow files: the benchmark workflow's own files written from the grading
// (report/workflow_export.h), as one zip: for the round of the selected review, or for every
// round. The archive keeps each file's folder (reliability-design/results/...), so it unpacks
// beside the benchmark's own files without touching them (its root is "keygrader-export/").
#include <string>
#include "app_state.h"
#include "intake/classify.h"
#include "platform.h"
#include "report/workflow_export.h"

namespace kg::app {

namespace {
std::string archive_name_for(const std::string& key_name, int round) {
    std::string folder = kg::place_of(key_name).folder;
    for (char& c : folder) {
        if (c == '/') c = '-';
    }
    char r[24];
    std::snprintf(r, sizeof r, "round-%03d", round < 0 ? 0 : round);
    return "keygrader-" + (folder.empty() ? std::string() : folder + "-") + (round < 0 ? "key" : r) + ".zip";
}
}  // namespace

// The key of the selected review ("" when none is selected or it has no key).
std::string selected_round_key(const AppState& s) {
    const kg::Workspace& ws = s.session.workspace();
    const int i = ws.selection.review;
    if (i < 0 || i >= static_cast<int>(ws.reviews.size())) return "";
    return ws.reviews[static_cast<size_t>(i)].key_name;
}

void download_workflow_files(AppState& s, bool selected_round_only) {
    const std::string key = selected_round_only ? selected_round_key(s) : "";
    if (selected_round_only && key.empty()) {
        add_banner(Banner::Level::Warning, "Select a review linked to an answer key to export its round.");
        return;
    }
    const kg::WorkspaceScores& sc = s.session.scores();
    const std::vector<kg::ExportFile> files = kg::workflow_files(s.session.workspace(), sc, key);
    if (files.empty()) {
        add_banner(Banner::Level::Warning, "Nothing to export: no review is linked to an answer key.");
        return;
    }
    std::vector<std::pair<std::string, std::string>> entries;
    for (const kg::ExportFile& f : files) entries.emplace_back("keygrader-export/" + f.path, f.text);
    int round = -1;
    for (const kg::KeyScores& ks : sc.keys) {
        if (ks.key_name == key) round = ks.key.round;
    }
    const std::string name = selected_round_only ? archive_name_for(key, round) : "keygrader-workflow-files.zip";
    platform::download_zip(name, entries);
    add_banner(Banner::Level::Info, name + ": " + std::to_string(files.size()) +
                                        " files (scoring reports per prompt, comparison per round).");
}

}  // namespace kg::app
