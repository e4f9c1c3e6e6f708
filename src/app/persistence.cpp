// Keeping the work: load on start, save within a second of any change, import and export
// the workspace file, download the report and the CSV.
//
// The store (web/keygrader-store.js, IndexedDB) holds the workspace as records
// (persist/workspace_store.h): a grade rewrites one review record, never the whole benchmark.
// A save is a commit of the changed records, fire and forget; "Saved hh:mm:ss" is shown only
// once the store confirmed it. A failed commit wrote nothing: a sticky banner says what is not
// saved and offers the export, the store keeps a journal of it for the next start, and saving
// is retried every few seconds.
//
// The stored copy is precious. When it cannot be read (corrupt, written by a newer
// KeyGrader, or holding records another page wrote, see file:// in the README) the page says
// so in a banner that stays and does NOT write over it until the user chooses: download it,
// import a workspace, or start fresh.
//
// Two tabs: only the tab holding the editor lock saves; a second tab is read-only and says so.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include "app_state.h"
#include "base/json_write.h"
#include "base/limits.h"
#include "platform.h"
#include "report/reports.h"
#include "persist/workspace_io.h"

namespace kg::app {

namespace {
constexpr double kRetryMs = 5000;
constexpr size_t kSliceBytes = 256 * 1024;   // file text written per frame in a big save
// Review records serialized per frame ahead of a big save (about 0.5 ms each in the page).
constexpr size_t kReviewRecordsPerFrame = 16;
constexpr const char* kFollowerText =
    "KeyGrader is open in another tab of this browser, which is saving the work: this tab is "
    "read-only, and changes made here are NOT saved. Take over to edit here (the other tab "
    "saves first, then this one reloads with its work).";
constexpr const char* kReleasedText =
    "Another tab took over editing (everything here was saved first). This tab is read-only "
    "now: reload it to edit here again.";

const char* status_name(platform::StoreStatus st) {
    switch (st) {
        case platform::StoreStatus::Ok: return "ok";
        case platform::StoreStatus::Pending: return "pending";
        case platform::StoreStatus::QuotaExceeded: return "quota";
        case platform::StoreStatus::Unavailable: return "unavailable";
        case platform::StoreStatus::Failed: break;
    }
    return "failed";
}

std::string human_size(size_t bytes) {
    char buf[32];
    if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    else std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(bytes) / 1024.0);
    return buf;
}

// What a delta holds, for the user: "grades of v008-baseline-run1.md; 3 file texts (1.2 MB)".
std::string describe(const kg::StoreDelta& d, const kg::Workspace& ws) {
    std::vector<std::string> reviews;
    int texts = 0;
    bool layout = false;
    for (const kg::StoreRecord& r : d.puts) {
        if (r.key.rfind("review:", 0) == 0) {
            const size_t i = static_cast<size_t>(std::stoul(r.key.substr(7)));
            reviews.push_back(i < ws.reviews.size() ? ws.reviews[i].name : r.key);
        } else if (r.key.rfind("text:", 0) == 0) {
            ++texts;
        } else {
            layout = true;
        }
    }
    std::string out;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
    if (!reviews.empty()) {
        std::string names;
        for (size_t i = 0; i < reviews.size() && i < 3; ++i) names += (i ? ", " : "") + reviews[i];
        if (reviews.size() > 3) names += " and " + std::to_string(reviews.size() - 3) + " more";
        add("grades of " + names);
    }
    if (texts) add(std::to_string(texts) + " file text(s) (" + human_size(d.text_bytes) + ")");
    if (layout && out.empty()) add("file list, links and selection");
    else if (layout) add("file list and selection");
    if (!d.deletes.empty() && out.empty()) add("removal of " + std::to_string(d.deletes.size()) + " stored record(s)");
    return out;
}

void hold(AppState& s, const std::string& status, const std::string& message, std::string copy) {
    s.store.status = status;
    s.store.hold_writes = true;
    s.store.unreadable_copy = std::move(copy);
    s.store.message = message;
    add_banner(Banner::Level::Error, s.store.message, true, Banner::Action::StoreHeld);
}

// A JSON dump of raw records (what "Download stored copy" gives when they cannot be read).
std::string records_dump(const std::vector<kg::StoreRecord>& records) {
    std::string out = "{\"keygrader-store-dump\": [\n";
    for (size_t i = 0; i < records.size(); ++i) {
        out += "  {\"key\": " + kg::json::quoted(records[i].key) + ", \"value\": " + kg::json::quoted(records[i].value) + "}";
        out += i + 1 < records.size() ? ",\n" : "\n";
    }
    return out + "]}\n";
}

void load_legacy(AppState& s) {
    std::string value;
    bool recovered = false;
    if (!platform::store_take_legacy(value, recovered)) return;
    kg::WorkspaceLoadResult r = kg::load_workspace_json(value);
    if (!r.ok) {
        const bool newer = r.loaded_version > kg::kWorkspaceVersion || r.error.find("newer") != std::string::npos;
        hold(s, newer ? "newer" : "corrupt",
             "The saved workspace (local storage of an older KeyGrader) could not be read (" + r.error +
                 "). Starting empty; the stored copy is kept until you choose.",
             value);
        return;
    }
    s.session.load(std::move(r.workspace));
    s.store.loaded_from_store = true;
    s.restore_scroll = true;
    s.store.migrating = true;     // the first commit moves it; the old copy goes only then
    s.store.force_save = true;
    if (recovered) add_banner(Banner::Level::Warning, "The latest save was damaged; the previous good copy was restored.");
}

}  // namespace

void persistence_load(AppState& s) {
    platform::StoreBoot boot = platform::store_boot();
    s.store.role = platform::store_role();
    if (s.store.role == "follower") add_banner(Banner::Level::Error, kFollowerText, true, Banner::Action::TakeOver);
    if (boot.status == "unavailable") {
        s.store.status = "unavailable";
        s.store.message = "Storage is not available in this browser (" + boot.message +
                          "): changes will not survive a reload. Use File > Export workspace to keep your work.";
        add_banner(Banner::Level::Error, s.store.message, true, Banner::Action::ExportUnsaved);
    }
    // Records KeyGrader did not write (another local page under file://) or that changed
    // behind its back: said as such, and never overwritten until the user chooses.
    std::string outside;
    if (!boot.foreign.empty() || !boot.damaged.empty()) {
        std::string keys;
        const std::vector<std::string>& list = boot.foreign.empty() ? boot.damaged : boot.foreign;
        for (size_t i = 0; i < list.size() && i < 3; ++i) keys += (i ? ", " : "") + list[i];
        if (list.size() > 3) keys += ", …";
        outside = !boot.foreign.empty()
                      ? std::to_string(boot.foreign.size()) + " record(s) in this browser's KeyGrader storage were "
                            "written by another page, not by KeyGrader (" + keys + "). Opened from a file (file://), "
                            "the page shares its storage with every other local HTML file."
                      : std::to_string(boot.damaged.size()) + " stored record(s) do not match their seal (" + keys +
                            "): changed outside KeyGrader.";
        s.store.extra_deletes = boot.foreign;
        s.store.extra_deletes.insert(s.store.extra_deletes.end(), boot.damaged.begin(), boot.damaged.end());
    }
    const std::string outside_status = boot.foreign.empty() ? "corrupt" : "foreign";
    std::vector<kg::StoreRecord> all, stored;
    all.reserve(boot.records.size());
    for (platform::StoredRecord& r : boot.records) {
        if (!r.journaled) stored.push_back({r.key, r.value});
        all.push_back({std::move(r.key), std::move(r.value)});
    }
    boot.records.clear();
    if (all.empty() && boot.has_legacy && boot.foreign.empty()) {
        load_legacy(s);
    } else if (!all.empty()) {
        kg::StoreLoadResult r = kg::load_workspace_records(all);
        s.store.writer.loaded(stored, r);   // what is there, to replace or delete it later
        if (!r.ok && !outside.empty()) {
            hold(s, outside_status, outside + " What KeyGrader wrote cannot be read without them (" + r.error +
                                        "). Starting empty; nothing stored is overwritten until you choose.",
                 records_dump(all));
            return;
        }
        if (!r.ok) {
            const bool newer = r.error.find("newer") != std::string::npos;
            hold(s, newer ? "newer" : "corrupt",
                 "The saved workspace could not be read (" + r.error +
                     "). Starting empty; the stored copy is kept until you choose.",
                 records_dump(all));
            return;
        }
        if (r.migrated) {
            add_banner(Banner::Level::Info, "Workspace upgraded from format " + std::to_string(r.loaded_version) + ".");
        }
        if (!r.lost.empty()) {
            std::string names;
            for (size_t i = 0; i < r.lost.size() && i < 5; ++i) names += (i ? ", " : "") + r.lost[i];
            if (r.lost.size() > 5) names += " and " + std::to_string(r.lost.size() - 5) + " more";
            add_banner(Banner::Level::Error, std::to_string(r.lost.size()) +
                           " file(s) could not be restored (their text was not saved): " + names +
                           ". Open them again to grade them; everything else is back.", true);
        }
        s.session.load(std::move(r.workspace));
        s.store.loaded_from_store = true;
        s.restore_scroll = true;
    }
    if (!boot.journal_time.empty()) {
        s.store.force_save = true;   // the journal's records are not in the store yet
        add_banner(Banner::Level::Warning, "A save had failed before the page was closed; its changes were "
                                           "kept in a journal and are back (" + boot.journal_summary + ").");
    } else if (!boot.lost_summary.empty() && boot.lost_summary.rfind("journaled:", 0) != 0) {
        add_banner(Banner::Level::Error, "Changes made before the last reload were NOT saved and are lost: " +
                                             boot.lost_summary + ".", true);
    }
    if (!outside.empty()) {
        hold(s, outside_status, outside + " KeyGrader restored what it wrote and will not write over the rest until you choose.",
             kg::save_workspace_json(s.session.workspace()));
    }
}

std::string store_status_line(const AppState& s) {
    const std::string saved = s.store.last_save_clock.empty() ? "" : " (last saved " + s.store.last_save_clock + ")";
    if (s.store.role == "follower" || s.store.role == "waiting") return "Read-only (open in another tab)";
    if (s.store.role == "released") return "Read-only (another tab took over)";
    if (s.store.hold_writes) return "Not saving (stored copy unreadable)";
    if (s.store.status != "ok") return "Not saved: " + s.store.status + saved;
    if (s.session.dirty() || s.store.ticket >= 0 || s.store.force_save) return "Saving…" + saved;
    if (!s.store.last_save_clock.empty()) return "Saved " + s.store.last_save_clock;
    if (s.store.loaded_from_store) return "Restored from this browser";
    return "";
}

void take_over_editing(AppState& s) {
    platform::store_take_over();
    s.store.role = platform::store_role();
}

namespace {

void finish_commit(AppState& s, double now) {
    const platform::StoreResult res = platform::store_commit_result(s.store.ticket);
    if (res.status == platform::StoreStatus::Pending) return;
    s.store.ticket = -1;
    if (res.status == platform::StoreStatus::Ok && s.store.in_flight_texts) {
        // A slice of texts is in; the records that refer to them follow next frame.
        s.store.writer.committed_texts(s.store.in_flight);
        s.store.in_flight = {};
        s.store.in_flight_texts = false;
        s.store.slices_written++;
        return;
    }
    s.store.in_flight_texts = false;
    if (res.status == platform::StoreStatus::Ok) {
        s.store.slicing_failed = false;
        s.store.last_save_records = static_cast<int>(s.store.in_flight.puts.size() + s.store.in_flight.deletes.size());
        s.store.writer.committed(std::move(s.store.in_flight));
        s.store.in_flight = {};
        s.session.mark_saved(s.store.in_flight_revision);
        s.store.saves++;
        s.store.last_save_ms = now;
        s.store.last_save_clock = platform::clock_text();
        s.store.unsaved.clear();
        if (s.store.migrating) {
            s.store.migrating = false;
            platform::store_clear_legacy();
            add_banner(Banner::Level::Info, "The workspace moved from local storage to this browser's database "
                                            "(room for a whole benchmark).");
        }
        if (s.store.status != "ok") {
            remove_banner(s.store.message);   // saving works again: drop the failure banner
            add_banner(Banner::Level::Info, "Saving works again: everything is saved (" + s.store.last_save_clock + ").");
        }
        s.store.status = "ok";
        s.store.message.clear();
        return;
    }
    // Nothing of the commit was written: the writer still knows the store as it was. The
    // retries commit whole deltas, so that the journal gets the records with the texts.
    s.store.in_flight = {};
    s.store.slicing_failed = true;
    const std::string status = status_name(res.status);
    const bool journaled = res.message.find("[journal kept]") != std::string::npos;
    std::string reason = res.message.substr(0, res.message.find(" [journal"));
    s.store.unsaved = s.store.in_flight_summary;
    const std::string message =
        "Not saved: " + s.store.unsaved + ". " + reason + " Your work is still here: export it to keep it. " +
        (journaled ? "The unsaved edits are kept in a journal and come back after a reload; file texts too large for it do not."
                   : "A reload now would lose these changes.") +
        " Retrying every 5 s.";
    if (message != s.store.message) {
        remove_banner(s.store.message);
        add_banner(Banner::Level::Error, message, true, Banner::Action::ExportUnsaved);
    }
    s.store.status = status;
    s.store.message = message;
    s.store.retry_after_ms = now + kRetryMs;
}

void follow_role(AppState& s) {
    const std::string role = platform::store_role();
    if (role == s.store.role) return;
    if (role == "follower" || role == "waiting") {
        if (s.store.role == "editor") add_banner(Banner::Level::Error, kFollowerText, true, Banner::Action::TakeOver);
    } else if (role == "released") {
        remove_banner(kFollowerText);
        add_banner(Banner::Level::Error, kReleasedText, true);
    }
    s.store.role = role;
}

}  // namespace

void persistence_tick(AppState& s) {
    const double now = platform::now_ms();
    s.session.note_change_time(now);
    follow_role(s);
    if (s.store.persisted < 0) s.store.persisted = platform::store_persisted();
    if (s.store.role != "editor" && s.store.role != "releasing") return;
    if (s.store.ticket >= 0) {
        finish_commit(s, now);
        if (s.store.ticket >= 0) return;
    }
    const bool releasing = s.store.role == "releasing";
    if (s.store.hold_writes) {
        if (releasing) platform::store_release();
        return;
    }
    const bool due = s.store.force_save || (s.session.dirty() && (releasing || s.session.should_save(now)));
    if (!due) {
        s.store.prepared.clear();   // changed back to what is saved: nothing to write
        if (releasing) platform::store_release();   // everything is saved: the other tab may edit
        return;
    }
    if (s.store.status != "ok" && now < s.store.retry_after_ms && !releasing) return;
    const kg::Session& ses = s.session;
    const double prepare_start = platform::now_ms();
    // Main-thread time of this frame's share of the save (the bench's "no frame over 50 ms").
    auto note_prepare_time = [&s, prepare_start] {
        s.store.last_prepare_ms = platform::now_ms() - prepare_start;
        s.store.max_prepare_ms = std::max(s.store.max_prepare_ms, s.store.last_prepare_ms);
    };
    kg::StoreTextHashes hashes{ses.key_hashes(), ses.reference_hashes(), ses.judge_hashes()};
    // A big save (a folder, an import) writes its file texts first, a slice per frame, so
    // that no frame copies megabytes into the store at once.
    if (!s.store.slicing_failed) {
        kg::StoreDelta slice = s.store.writer.text_slice(ses.workspace(), hashes, kSliceBytes);
        if (slice.text_bytes >= kSliceBytes / 2) {
            std::vector<std::pair<std::string, const std::string*>> puts;
            for (const kg::StoreRecord& r : slice.puts) puts.emplace_back(r.key, &r.value);
            s.store.in_flight_summary = describe(slice, ses.workspace());
            s.store.in_flight_texts = true;
            s.store.ticket = platform::store_commit(puts, {}, s.store.in_flight_summary);
            s.store.in_flight = std::move(slice);
            note_prepare_time();
            return;
        }
    }
    // Then the review records, a few per frame, until all that changed are made (a grade:
    // one, made this frame); the diff below uses those still current.
    if (!s.store.writer.prepare_reviews(ses.workspace(), s.store.prepared, kReviewRecordsPerFrame)) {
        note_prepare_time();
        return;
    }
    kg::StoreDelta delta = s.store.writer.diff(ses.workspace(), hashes, &s.store.prepared);
    s.store.prepared.clear();
    for (const std::string& key : s.store.extra_deletes) delta.deletes.push_back(key);
    s.store.extra_deletes.clear();
    s.store.force_save = false;
    if (delta.empty()) {
        s.session.mark_saved(ses.revision());   // changed and changed back: nothing to write
        s.store.writer.committed(std::move(delta));
        return;
    }
    std::vector<std::pair<std::string, const std::string*>> puts;
    puts.reserve(delta.puts.size());
    size_t bytes = 0;
    for (const kg::StoreRecord& r : delta.puts) {
        puts.emplace_back(r.key, &r.value);
        bytes += r.value.size();
    }
    s.store.last_save_bytes = bytes;
    s.store.in_flight_summary = describe(delta, ses.workspace());
    s.store.in_flight_revision = ses.revision();
    s.store.ticket = platform::store_commit(puts, delta.deletes, s.store.in_flight_summary);
    s.store.in_flight = std::move(delta);
    note_prepare_time();
}

void start_over_after_unreadable_store(AppState& s) {
    s.store.hold_writes = false;
    s.store.status = "ok";
    remove_banner(s.store.message);
    s.store.message.clear();
    s.store.unreadable_copy.clear();
    // The current (possibly empty) workspace replaces every stored record, foreign ones too
    // (extra_deletes): the user chose so.
    s.store.force_save = true;
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
        remove_banner(s.store.message);
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
