// Keeping the work: load on start, save within a second of any change, import and export
// the workspace file, download the report and the CSV.
//
// The stored copy is precious. When it cannot be read (corrupt, or written by a newer
// KeyGrader) the page starts empty, says so in a banner that stays, and does NOT write over
// the stored copy until the user chooses: download it, import a workspace, or start fresh.
// When a save fails (quota, storage unavailable) the work stays in memory, a banner says
// so, export keeps working, and saving is retried every few seconds.
#include <algorithm>
#include <memory>
#include <string>
#include "app_state.h"
#include "base/limits.h"
#include "platform.h"
#include "report/reports.h"
#include "persist/workspace_io.h"

namespace kg::app {

namespace {
constexpr const char* kStoreKey = "workspace";
constexpr double kRetryMs = 5000;

const char* status_name(platform::StoreStatus st) {
    switch (st) {
        case platform::StoreStatus::Ok: return "ok";
        case platform::StoreStatus::QuotaExceeded: return "quota";
        case platform::StoreStatus::Unavailable: return "unavailable";
        case platform::StoreStatus::Failed: break;
    }
    return "failed";
}
}  // namespace

void persistence_load(AppState& s) {
    std::string value;
    bool recovered = false;
    if (!platform::store_load(kStoreKey, value, recovered)) return;
    kg::WorkspaceLoadResult r = kg::load_workspace_json(value);
    if (!r.ok) {
        const bool newer = r.loaded_version > kg::kWorkspaceVersion || r.error.find("newer") != std::string::npos;
        s.store.status = newer ? "newer" : "corrupt";
        s.store.hold_writes = true;
        s.store.unreadable_copy = value;
        s.store.message = "The saved workspace could not be read (" + r.error +
                          "). Starting empty; the stored copy is kept until you choose.";
        add_banner(Banner::Level::Error, s.store.message, true);
        return;
    }
    s.session.load(std::move(r.workspace));
    s.store.loaded_from_store = true;
    s.restore_scroll = true;
    if (recovered) {
        add_banner(Banner::Level::Warning,
                   "The latest save was damaged; the previous good copy was restored.");
    }
    if (r.migrated) {
        add_banner(Banner::Level::Info, "Workspace upgraded from format " +
                                            std::to_string(r.loaded_version) + ".");
    }
}

void persistence_tick(AppState& s) {
    const double now = platform::now_ms();
    s.session.note_change_time(now);
    if (s.store.hold_writes || !s.session.should_save(now)) return;
    if (s.store.status != "ok" && now < s.store.retry_after_ms) return;
    const uint64_t revision = s.session.revision();
    const std::string json = kg::save_workspace_json(s.session.workspace());
    const platform::StoreResult res = platform::store_save(kStoreKey, json);
    if (res.status == platform::StoreStatus::Ok) {
        s.session.mark_saved(revision);
        s.store.saves++;
        s.store.last_save_ms = now;
        if (s.store.status != "ok") {
            // Saving works again: drop the failure banner.
            for (size_t i = 0; i < s.banners.size(); ++i) {
                if (s.banners[i].text == s.store.message) {
                    s.banners.erase(s.banners.begin() + static_cast<long>(i));
                    break;
                }
            }
            add_banner(Banner::Level::Info, "Saving works again.");
        }
        s.store.status = "ok";
        s.store.message.clear();
        return;
    }
    const std::string status = status_name(res.status);
    const std::string message =
        res.message.empty()
            ? "Your work could not be saved in this browser (" + status +
                  "). It is still here in memory: use File > Export workspace to keep it."
            : res.message + " (File > Export workspace)";
    if (message != s.store.message) {
        for (size_t i = 0; i < s.banners.size(); ++i) {
            if (s.banners[i].text == s.store.message) {
                s.banners.erase(s.banners.begin() + static_cast<long>(i));
                break;
            }
        }
        add_banner(Banner::Level::Error, message, true);
    }
    s.store.status = status;
    s.store.message = message;
    s.store.retry_after_ms = now + kRetryMs;
}

void start_over_after_unreadable_store(AppState& s) {
    s.store.hold_writes = false;
    s.store.status = "ok";
    for (size_t i = 0; i < s.banners.size(); ++i) {
        if (s.banners[i].text == s.store.message) {
            s.banners.erase(s.banners.begin() + static_cast<long>(i));
            break;
        }
    }
    s.store.message.clear();
    s.store.unreadable_copy.clear();
    s.session.set_theme(s.session.workspace().theme);   // no-op; the next change saves
    // Save the current (possibly empty) workspace right away, replacing the bad copy.
    const uint64_t revision = s.session.revision();
    const platform::StoreResult res =
        platform::store_save(kStoreKey, kg::save_workspace_json(s.session.workspace()));
    if (res.status == platform::StoreStatus::Ok) {
        s.session.mark_saved(revision);
        s.store.saves++;
    }
}

void export_workspace(AppState& s) {
    platform::download("keygrader-workspace.json", "application/json",
                       kg::save_workspace_json(s.session.workspace()));
    add_banner(Banner::Level::Info, "Workspace exported (keygrader-workspace.json).");
}

namespace {
// Larger than any real workspace by far (a whole 760-review benchmark is ~30 MB); a bigger file
// is refused before parsing: parsing costs several times its size in wasm memory. The core's
// one-file cap (base/limits.h), the same as for every other file.
constexpr size_t kMaxImportBytes = kg::limits::kMaxFileBytes;

bool has_work(const kg::Workspace& ws) {
    return std::any_of(ws.reviews.begin(), ws.reviews.end(), kg::review_has_content);
}

int graded_reviews(const kg::Workspace& ws) {
    int n = 0;
    for (const kg::ReviewFile& r : ws.reviews) {
        for (const kg::ProblemGrade& g : r.grades) {
            if (g.verdict != kg::Verdict::Ungraded) {
                ++n;
                break;
            }
        }
    }
    return n;
}
}  // namespace

namespace {
// The parsed workspace replaces the session's (one undo step).
void adopt_imported(AppState& s, const std::string& name, kg::Workspace ws) {
    for (const kg::KeyFile& k : ws.keys) need_glyphs(k.text);
    for (const kg::ReviewFile& rv : ws.reviews) {
        need_glyphs(rv.text);
        for (const kg::ProblemGrade& g : rv.grades) need_glyphs(g.note);
    }
    for (const kg::ReferenceFile& f : ws.references) need_glyphs(f.text);
    for (const kg::JudgeFile& j : ws.judges) need_glyphs(j.text);
    const std::string theme = s.session.workspace().theme;
    s.session.replace_workspace(std::move(ws));
    s.session.set_theme(theme);   // the look stays the user's choice
    s.restore_scroll = true;
    s.shown_review = -2;
    // Importing is the user's choice about the unreadable stored copy: writing may resume.
    if (s.store.hold_writes) {
        s.store.hold_writes = false;
        for (size_t i = 0; i < s.banners.size(); ++i) {
            if (s.banners[i].text == s.store.message) {
                s.banners.erase(s.banners.begin() + static_cast<long>(i));
                break;
            }
        }
        s.store.status = "ok";
        s.store.message.clear();
    }
    add_banner(Banner::Level::Info, "Imported " + name + " (" +
                                        std::to_string(s.session.workspace().reviews.size()) +
                                        " reviews). Ctrl+Z undoes the import.");
}
}  // namespace

void offer_workspace_import(AppState& s, const std::string& name, std::string bytes) {
    if (bytes.size() > kMaxImportBytes) {
        add_banner(Banner::Level::Error, name + ": " + std::to_string(bytes.size() / (1024 * 1024)) +
                                             " MB, over the " + std::to_string(kMaxImportBytes / (1024 * 1024)) +
                                             " MB limit for a workspace: not imported; your work is unchanged.");
        return;
    }
    // Read it first: a file that cannot be imported is said at once, with nothing to confirm.
    kg::WorkspaceLoadResult r = kg::load_workspace_json(bytes);
    bytes.clear();
    if (!r.ok) {
        add_banner(Banner::Level::Error, name + ": not a KeyGrader workspace (" + r.error + ")");
        return;
    }
    if (!has_work(s.session.workspace())) {
        adopt_imported(s, name, std::move(r.workspace));
        return;
    }
    Confirmation c;
    c.title = "Replace your current work with " + name + "?";
    c.lines.push_back("Your " + std::to_string(s.session.workspace().reviews.size()) + " reviews (" +
                      std::to_string(graded_reviews(s.session.workspace())) +
                      " with verdicts) are replaced by the imported workspace (" +
                      std::to_string(r.workspace.reviews.size()) + " reviews).");
    c.lines.push_back("Undo (Ctrl+Z) brings your work back; File > Export workspace keeps a copy first.");
    c.accept_label = "Replace";
    auto parsed = std::make_shared<kg::Workspace>(std::move(r.workspace));
    c.on_accept = [&s, name, parsed] { adopt_imported(s, name, std::move(*parsed)); };
    c.on_cancel = [name] {
        add_banner(Banner::Level::Info, name + " not imported; your work is unchanged.");
    };
    ask_to_confirm(s, std::move(c));
}

void download_report(AppState& s) {
    const kg::WorkspaceScores& sc = s.session.scores();
    platform::download("keygrader-report.md", "text/markdown",
                       kg::markdown_report(s.session.workspace(), sc));
}

void download_csv(AppState& s) {
    const kg::WorkspaceScores& sc = s.session.scores();
    platform::download("keygrader-verdicts.csv", "text/csv",
                       kg::verdicts_csv(s.session.workspace(), sc));
}

}  // namespace kg::app
