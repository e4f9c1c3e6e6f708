// "Copy share link" and opening one: the grades and notes travel in the URL fragment
// (share_link.h); the files must already be in the page. Opening one, once the files of the
// page have arrived: the link is checked against them (persist/share_link_apply.cpp), the
// user is shown what it would change and what it may not set, and accepts or cancels; an
// accepted link is one undoable step. Either way the fragment is then removed from the
// address, so a reload never applies it again over later work.
#include <string>
#include "persist/share_link.h"
#include "wiring.h"

namespace kg::app {

namespace {
std::string join_lines(const std::vector<std::string>& lines, size_t max) {
    std::string out;
    for (size_t i = 0; i < lines.size() && i < max; ++i) out += (i ? "; " : "") + lines[i];
    if (lines.size() > max) out += "; … (" + std::to_string(lines.size() - max) + " more)";
    return out;
}

// The Session's parsed keys, so checking a link never parses a loaded key again.
kg::ParsedKeyLookup session_keys(AppState& s) {
    return [&s](const kg::KeyFile& k) -> const kg::KeyParseResult* {
        const kg::ParsedDocument* p = s.session.key_document(k.name);
        return p ? &p->key : nullptr;
    };
}

std::string plural(int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "v008-baseline-run1.md: 9 verdicts (3 replace yours, 1 of yours removed), 1 note, 2 evidence"
std::string change_line(const kg::ShareChange& c) {
    std::string line = c.review + ": " + plural(c.verdicts, "verdict", "verdicts");
    std::string yours;
    if (c.replaced) yours += plural(c.replaced, "replaces yours", "replace yours");
    if (c.cleared) yours += (yours.empty() ? "" : ", ") + plural(c.cleared, "of yours removed", "of yours removed");
    if (!yours.empty()) line += " (" + yours + ")";
    if (c.notes) line += ", " + plural(c.notes, "note", "notes");
    if (c.evidence) line += ", " + plural(c.evidence, "evidence passage", "evidence passages");
    if (c.extras) line += ", " + plural(c.extras, "bonus/penalty item", "bonus/penalty items");
    return line;
}

void apply_now(AppState& s, const std::string& fragment) {
    platform::clear_url_fragment();
    kg::Workspace copy = s.session.workspace();
    const kg::ShareApplyResult r = kg::apply_share_link(fragment, copy, session_keys(s));
    if (!r.ok || r.applied.empty()) {
        add_banner(Banner::Level::Error, "The share link could not be applied: " +
                                             (r.ok ? std::string("nothing in it fits the loaded files") : r.error));
        return;
    }
    for (const kg::ReviewFile& rv : copy.reviews) {
        for (const kg::ProblemGrade& g : rv.grades) need_glyphs(g.note);
    }
    s.session.replace_workspace(std::move(copy));   // one undo step brings back what was here
    add_banner(Banner::Level::Info, "Share link applied to " + std::to_string(r.applied.size()) +
                                        " review(s). Undo (Ctrl+Z) restores the previous grading.");
}
}  // namespace

void copy_share_link(AppState& s) {
    const std::string link = platform::page_url_without_fragment() + "#" + kg::encode_share_link(s.session.workspace());
    platform::copy_to_clipboard(link);
    add_banner(Banner::Level::Info, "Share link copied (" + std::to_string(link.size()) +
                                        " characters): it holds the grades and notes, not the files.");
}

void share_link_tick(AppState& s) {
    ShareState& st = s.share;
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

    const kg::ShareApplyResult r = kg::check_share_link(fragment, s.session.workspace(), session_keys(s));
    if (!r.ok) {
        platform::clear_url_fragment();
        add_banner(Banner::Level::Error, "The share link in the address cannot be read: " + r.error);
        return;
    }
    if (r.applied.empty()) {
        platform::clear_url_fragment();
        add_banner(Banner::Level::Error,
                   r.mismatches.empty() ? std::string("The share link holds no grading.")
                                        : "This share link does not fit the loaded files: " + join_lines(r.mismatches, 4));
        return;
    }
    Confirmation c;
    c.title = "Apply this share link to " + plural(static_cast<int>(r.applied.size()), "review?", "reviews?");
    int replaced = 0;
    for (const kg::ShareChange& ch : r.changes) {
        replaced += ch.replaced + ch.cleared;
        c.lines.push_back(change_line(ch));
    }
    if (replaced) {
        c.lines.insert(c.lines.begin(), plural(replaced, "of your verdicts is replaced or removed",
                                                "of your verdicts are replaced or removed") +
                                            "; Undo (Ctrl+Z) brings them back.");
    }
    for (const std::string& d : r.dropped) c.lines.push_back("Ignored: " + d);
    for (const std::string& m : r.mismatches) c.lines.push_back("Does not fit: " + m);
    c.accept_label = "Apply";
    c.cancel_label = "Cancel";
    c.on_accept = [&s, fragment] { apply_now(s, fragment); };
    c.on_cancel = [] {
        platform::clear_url_fragment();
        add_banner(Banner::Level::Info, "Share link not applied; your grading is unchanged.");
    };
    ask_to_confirm(s, std::move(c));
}

}  // namespace kg::app
