// "Copy share link" and opening one (issue 5): the grades and notes travel in the URL fragment
// (share_link.h); the files must already be in the page. A link is applied once, after the
// files of the page have arrived, as one undoable step; what does not fit is said in a banner.
#include <string>
#include "persist/share_link.h"
#include "wiring.h"

namespace kg::app {

namespace {
struct ShareState {
    bool handled = false;
    double first_seen_ms = -1;
};
ShareState& share_state() {
    static ShareState st;
    return st;
}

std::string join_lines(const std::vector<std::string>& lines, size_t max) {
    std::string out;
    for (size_t i = 0; i < lines.size() && i < max; ++i) out += (i ? "; " : "") + lines[i];
    if (lines.size() > max) out += "; … (" + std::to_string(lines.size() - max) + " more)";
    return out;
}
}  // namespace

void copy_share_link(AppState& s) {
    const std::string link = platform::page_url_without_fragment() + "#" + kg::encode_share_link(s.session.workspace());
    platform::copy_to_clipboard(link);
    add_banner(Banner::Level::Info, "Share link copied (" + std::to_string(link.size()) +
                                        " characters): it holds the grades and notes, not the files.");
}

void share_link_tick(AppState& s) {
    ShareState& st = share_state();
    if (st.handled) return;
    const std::string fragment = platform::url_fragment();
    if (!kg::looks_like_share_link(fragment)) {
        st.handled = true;
        return;
    }
    // Wait for the files: the demo or the URL's files arrive in one batch a few frames after
    // start; a restored workspace is there at once. Give up waiting after a few seconds.
    const double now = platform::now_ms();
    if (st.first_seen_ms < 0) st.first_seen_ms = now;
    const bool have_files = s.files_loaded > 0 || !s.session.workspace().reviews.empty();
    if (!have_files && now - st.first_seen_ms < 8000) return;
    st.handled = true;

    kg::Workspace copy = s.session.workspace();
    const kg::ShareApplyResult r = kg::apply_share_link(fragment, copy);
    if (!r.ok) {
        add_banner(Banner::Level::Error, "The share link in the address cannot be read: " + r.error);
        return;
    }
    if (!r.applied.empty()) {
        s.session.replace_workspace(std::move(copy));   // one undo step brings back what was here
        add_banner(Banner::Level::Info, "Share link applied to " + std::to_string(r.applied.size()) +
                                            " review(s). Undo (Ctrl+Z) restores the previous grading.");
    }
    if (!r.mismatches.empty()) {
        const std::string text = (r.applied.empty() ? "This share link does not fit the loaded files: "
                                                    : "Parts of this share link do not fit the loaded files: ") +
                                 join_lines(r.mismatches, 4);
        add_banner(r.applied.empty() ? Banner::Level::Error : Banner::Level::Warning, text);
    } else if (r.applied.empty()) {
        add_banner(Banner::Level::Warning, "The share link holds no grading.");
    }
}

}  // namespace kg::app
