// `keygrader share-link WORKSPACE.json [--url PAGE_URL]`: the page's "Copy share link" from the
// command line: the grades and notes of a workspace (never the file texts) as a link fragment,
// or a whole link when the page's address is given. Whoever opens it with the same files loaded
// is shown what it would change before anything is applied.
#include <cstdio>

#include "command.h"
#include "persist/share_link.h"

namespace {

int run_share_link(const std::vector<std::string>& args) {
    std::string path, url;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--url" && i + 1 < args.size()) {
            url = args[++i];
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "keygrader share-link: unknown option '%s'\n", a.c_str());
            return kg::cli::kExitUsage;
        } else if (path.empty()) {
            path = a;
        } else {
            std::fprintf(stderr, "keygrader share-link: one workspace file only (got '%s' and '%s')\n",
                         path.c_str(), a.c_str());
            return kg::cli::kExitUsage;
        }
    }
    if (path.empty()) {
        std::fprintf(stderr, "usage: keygrader share-link WORKSPACE.json [--url PAGE_URL]\n");
        return kg::cli::kExitUsage;
    }
    kg::Workspace workspace;
    if (!kg::cli::load_workspace_file(path, workspace)) return kg::cli::kExitBadInput;
    const std::string fragment = kg::encode_share_link(workspace);
    const std::string out = (url.empty() ? fragment : url.substr(0, url.find('#')) + "#" + fragment) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("share-link", "share-link WORKSPACE.json [--url PAGE_URL]",
                                   run_share_link);

}  // namespace
