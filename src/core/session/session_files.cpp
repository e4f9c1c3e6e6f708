// Session: files arriving, changing kind, leaving; and which key each review and judge report
// is graded against. The rules are in session.h; what a file is, in intake/classify.h.
#include <algorithm>

#include "base/limits.h"
#include "base/text.h"
#include "session/session.h"

namespace kg {

namespace {

bool in_reference_list(FileKind k) {
    return k == FileKind::Reference || k == FileKind::Prompt || k == FileKind::Comparison ||
           k == FileKind::Ignored;
}

// What a key's grades hang on: its problems' ids and titles.
std::string problems_signature(const KeyParseResult& k) {
    std::string sig;
    if (!k.is_key) return sig;
    for (const Problem& p : k.key.problems) sig += p.id + '\x1f' + p.title + '\x1e';
    return sig;
}

// "a/b" is "a" or below it.
bool folder_within(const std::string& inner, const std::string& outer) {
    if (outer.empty()) return true;
    return inner == outer ||
           (inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
            inner[outer.size()] == '/');
}

}  // namespace

// ---- lookups ----------------------------------------------------------------------------

FileRef Session::find_file(const std::string& path) const {
    auto find = [&](const auto& list, FileKind k) -> FileRef {
        for (size_t i = 0; i < list.size(); ++i) {
            if (list[i].name == path) return {k, static_cast<int>(i)};
        }
        return {};
    };
    for (FileRef r : {find(ws_.keys, FileKind::Key), find(ws_.reviews, FileKind::Review),
                      find(ws_.judges, FileKind::Judge),
                      find(ws_.references, FileKind::Reference)}) {
        if (r.index >= 0) return r;
    }
    return {};
}

FileKind Session::kind_of(FileKind list, int index) const {
    if (list != FileKind::Reference) return list;
    if (index < 0 || index >= static_cast<int>(ws_.references.size())) return FileKind::Auto;
    const FileKind k = file_kind_from_name(ws_.references[static_cast<size_t>(index)].kind);
    return k == FileKind::Auto ? FileKind::Reference : k;
}

int Session::key_round(size_t key_index) {
    const KeyFile& k = ws_.keys[key_index];
    const ParsedDocument* p = parsed(k.text, key_hashes_[key_index], true);
    if (p && p->key.is_key && p->key.key.round >= 0) return p->key.key.round;
    return benchmark_name(k.name, "").round;   // "# 正解キー" alone: the file name says
}

std::string Session::key_for(const std::string& path, std::string_view text) {
    if (ws_.keys.empty()) return "";
    const FilePlace place = place_of(path);
    const int round = benchmark_name(path, text).round;
    // Best first: same folder and round; same round in an enclosing folder (the nearest);
    // the only key of the same folder; the only key.
    int best = -1;
    size_t best_depth = 0;
    std::vector<size_t> same_folder;
    for (size_t i = 0; i < ws_.keys.size(); ++i) {
        const std::string key_folder = place_of(ws_.keys[i].name).folder;
        if (key_folder == place.folder) same_folder.push_back(i);
        if (round < 0 || key_round(i) != round || !folder_within(place.folder, key_folder)) continue;
        if (best < 0 || key_folder.size() > best_depth) {
            best = static_cast<int>(i);
            best_depth = key_folder.size();
        }
    }
    if (best >= 0) return ws_.keys[static_cast<size_t>(best)].name;
    if (same_folder.size() == 1) return ws_.keys[same_folder.front()].name;
    if (ws_.keys.size() == 1 && place_of(ws_.keys[0].name).folder.empty()) return ws_.keys[0].name;
    return "";
}

void Session::link_unlinked() {
    for (ReviewFile& r : ws_.reviews) {
        if (r.key_name.empty() || !ws_.find_key(r.key_name)) r.key_name = key_for(r.name, r.text);
    }
    for (JudgeFile& j : ws_.judges) {
        if (j.key_name.empty() || !ws_.find_key(j.key_name)) j.key_name = key_for(j.name, j.text);
    }
}

std::string Session::key_summary(const std::string& key_name, int& warnings) {
    const ParsedDocument* p = key_document(key_name);
    warnings = 0;
    if (!p) return "";
    if (!p->key.is_key) {
        warnings = 1;
        return " that could not be read: " + p->key.error;
    }
    const AnswerKey& k = p->key.key;
    std::string out = " (" + std::to_string(k.problems.size()) + " problems)";
    warnings = static_cast<int>(k.warnings.size());
    if (warnings > 0) {
        // The first warning in full; the key panel lists them all.
        const Diagnostic& d = k.warnings.front();
        out += " with " + std::to_string(warnings) +
               (warnings == 1 ? " warning: " : " warnings, first: ") +
               (d.line > 0 ? "line " + std::to_string(d.line) + ": " : "") + d.message;
    }
    return out;
}

// ---- arriving -----------------------------------------------------------------------------

IngestResult Session::ingest(const std::string& path_in, std::string_view bytes, FileKind kind) {
    IngestResult res;
    const std::string path = place_of(path_in).path;
    res.name = path.empty() ? path_in : path;
    if (path.empty()) {
        res.message = "a file with no usable name was not loaded";
        return res;
    }
    if (bytes.size() > limits::kMaxFileBytes) {
        // The same cap as the command line's (base/limits.h), whoever hands the bytes in:
        // checking, parsing and keeping a larger file would stall the page.
        res.kind = FileKind::Ignored;
        res.reason = limits::file_too_large(bytes.size());
        res.message = path + ": " + res.reason;
        return res;
    }
    const InputCheck check = check_text_input(bytes);
    if (!check.ok) {
        res.kind = FileKind::Ignored;
        res.reason = check.error;
        res.message = path + ": " + check.error;
        return res;
    }
    const std::string text = normalize_text(bytes);
    const std::string hash = content_hash(text);

    const FileRef at = find_file(path);
    if (at.index >= 0) return replace_in_place(at, text, hash);

    std::string reason = "chosen by hand";
    if (kind == FileKind::Auto) {
        const Classification c = classify_file(path, text);
        kind = c.kind;
        reason = c.reason;
    }
    if (kind == FileKind::Workspace) {
        res.kind = kind;
        res.reason = reason;
        res.message = path + ": a KeyGrader workspace (import it to load its work)";
        return res;
    }
    checkpoint(file_checkpoint_key());
    texts_.emplace(hash, text);
    res = add_file(path, text, hash, kind, reason);
    clamp_selection();
    changed();
    return res;
}

// The one "same path again" rule for every kind of file.
IngestResult Session::replace_in_place(FileRef at, const std::string& text, const std::string& hash) {
    IngestResult res;
    res.ok = res.replaced = true;
    res.kind = kind_of(at.list, at.index);
    res.index = at.index;
    const size_t i = static_cast<size_t>(at.index);
    std::string* old_text = nullptr;
    std::string* old_hash = nullptr;
    switch (at.list) {
        case FileKind::Key: old_text = &ws_.keys[i].text; old_hash = &key_hashes_[i]; break;
        case FileKind::Review: old_text = &ws_.reviews[i].text; old_hash = &ws_.reviews[i].hash; break;
        case FileKind::Judge: old_text = &ws_.judges[i].text; old_hash = &judge_hashes_[i]; break;
        default: old_text = &ws_.references[i].text; old_hash = &reference_hashes_[i]; break;
    }
    const std::string path = at.list == FileKind::Key      ? ws_.keys[i].name
                             : at.list == FileKind::Review ? ws_.reviews[i].name
                             : at.list == FileKind::Judge  ? ws_.judges[i].name
                                                           : ws_.references[i].name;
    res.name = path;
    res.changed = *old_hash != hash;
    if (!res.changed) {
        res.message = path + ": already loaded";
        return res;
    }
    if (at.list == FileKind::Key) {
        const ParsedDocument* before = parsed(*old_text, *old_hash, true);
        const ParsedDocument* after = parsed(text, hash, true);
        const bool problems_changed =
            before && after && problems_signature(before->key) != problems_signature(after->key);
        if (problems_changed) {
            // Grades hang on problem ids: never move them onto other problems. Keep the
            // earlier key (renamed) with everything linked to it; add the new one beside it.
            checkpoint(file_checkpoint_key());
            texts_.emplace(hash, text);
            std::string earlier = path + " (earlier)";
            for (int n = 2; find_file(earlier).index >= 0; ++n) {
                earlier = path + " (earlier " + std::to_string(n) + ")";
            }
            int moved = 0;
            for (ReviewFile& r : ws_.reviews) {
                if (r.key_name == path) {
                    r.key_name = earlier;
                    ++moved;
                }
            }
            for (JudgeFile& j : ws_.judges) {
                if (j.key_name == path) j.key_name = earlier;
            }
            ws_.keys[i].name = earlier;
            ws_.keys.push_back(KeyFile{path, text});
            key_hashes_.push_back(hash);
            res.index = static_cast<int>(ws_.keys.size()) - 1;
            res.kept_earlier = true;
            res.message = path + ": its problems differ from the loaded key's; the loaded one is "
                                 "kept as \"" + earlier + "\" with its " + std::to_string(moved) +
                          " review(s) and their grades; link reviews to the new key by hand";
            changed();
            return res;
        }
    }
    checkpoint(file_checkpoint_key());
    texts_.emplace(hash, text);
    *old_text = text;
    *old_hash = hash;
    if (at.list == FileKind::Review) res.stale_grades = mark_stale_grades(ws_.reviews[i]);
    res.message = path + (res.stale_grades ? ": replaced; " + std::to_string(res.stale_grades) +
                                                 " grade(s) kept but flagged stale"
                                           : std::string(": ") + file_kind_name(res.kind) +
                                                 " replaced");
    changed();
    return res;
}

IngestResult Session::add_file(const std::string& path, const std::string& text,
                               const std::string& hash, FileKind kind, const std::string& reason) {
    IngestResult res;
    res.ok = true;
    res.name = path;
    res.kind = kind;
    res.reason = reason;
    if (kind == FileKind::Key) {
        ws_.keys.push_back(KeyFile{path, text});
        key_hashes_.push_back(hash);
        res.index = static_cast<int>(ws_.keys.size()) - 1;
        link_unlinked();
        res.message = path + ": answer key" + key_summary(path, res.warnings);
    } else if (kind == FileKind::Review) {
        ReviewFile r;
        r.name = path;
        r.text = text;
        r.hash = hash;
        const BenchmarkName bn = benchmark_name(path, text);
        r.prompt = bn.prompt;
        r.run = bn.run;
        r.key_name = key_for(path, text);
        ws_.reviews.push_back(std::move(r));
        res.index = static_cast<int>(ws_.reviews.size()) - 1;
        if (ws_.selection.review < 0) {
            ws_.selection.review = res.index;
            ws_.selection.problem = 0;
        }
        const ReviewFile& added = ws_.reviews.back();
        res.message = path + ": review (" + added.prompt + ", run " + std::to_string(added.run) +
                      (added.key_name.empty() ? ", no key yet)" : ", key " + added.key_name + ")");
    } else if (kind == FileKind::Judge) {
        JudgeFile j;
        j.name = path;
        j.text = text;
        const BenchmarkName bn = benchmark_name(path, text);
        j.prompt = bn.prompt;
        j.round = bn.round;
        j.key_name = key_for(path, text);
        ws_.judges.push_back(std::move(j));
        judge_hashes_.push_back(hash);
        res.index = static_cast<int>(ws_.judges.size()) - 1;
        const JudgeFile& added = ws_.judges.back();
        res.message = path + ": judge report (" + (added.prompt.empty() ? "no prompt" : added.prompt) +
                      (added.key_name.empty() ? ", no key yet)" : ", key " + added.key_name + ")");
    } else {
        const FileKind shown = in_reference_list(kind) ? kind : FileKind::Reference;
        ws_.references.push_back(ReferenceFile{path, text, file_kind_name(shown), reason});
        reference_hashes_.push_back(hash);
        res.kind = shown;
        res.index = static_cast<int>(ws_.references.size()) - 1;
        if (ws_.selection.reference < 0 && shown == FileKind::Reference) {
            ws_.selection.reference = res.index;
        }
        res.message = path + ": " + file_kind_name(shown) +
                      (shown == FileKind::Ignored ? " (" + reason + ")" : "");
    }
    return res;
}

// ---- changing kind, leaving ------------------------------------------------------------------

size_t Session::list_size(FileKind list) const {
    switch (list) {
        case FileKind::Key: return ws_.keys.size();
        case FileKind::Review: return ws_.reviews.size();
        case FileKind::Judge: return ws_.judges.size();
        default: return ws_.references.size();
    }
}

bool Session::set_kind(FileKind from, int index, FileKind to) {
    if (to == FileKind::Auto || to == FileKind::Workspace) return false;
    if (in_reference_list(from)) from = FileKind::Reference;
    if (index < 0 || index >= static_cast<int>(list_size(from))) return false;
    const FileKind now = kind_of(from, index);
    if (now == FileKind::Auto || now == to) return false;
    std::string path, text, hash;
    const size_t i = static_cast<size_t>(index);
    switch (from) {
        case FileKind::Key: path = ws_.keys[i].name; text = ws_.keys[i].text; hash = key_hashes_[i]; break;
        case FileKind::Review: path = ws_.reviews[i].name; text = ws_.reviews[i].text; hash = ws_.reviews[i].hash; break;
        case FileKind::Judge: path = ws_.judges[i].name; text = ws_.judges[i].text; hash = judge_hashes_[i]; break;
        default: path = ws_.references[i].name; text = ws_.references[i].text; hash = reference_hashes_[i]; break;
    }
    checkpoint();
    if (in_reference_list(from) && in_reference_list(to)) {
        ws_.references[i].kind = file_kind_name(to);
        ws_.references[i].reason = "chosen by hand";
    } else {
        remove_from_list(from, index);
        const IngestResult r = add_file(path, text, hash, to, "chosen by hand");
        if (to == FileKind::Review) ws_.selection.review = r.index;
        if (to == FileKind::Reference) ws_.selection.reference = r.index;
    }
    clamp_selection();
    changed();
    return true;
}

void Session::remove_from_list(FileKind list, int index) {
    const size_t i = static_cast<size_t>(index);
    auto shift = [&](int& selected) {
        if (selected == index) selected = -1;
        else if (selected > index) --selected;
    };
    if (list == FileKind::Key) {
        const std::string name = ws_.keys[i].name;
        ws_.keys.erase(ws_.keys.begin() + index);
        key_hashes_.erase(key_hashes_.begin() + index);
        for (ReviewFile& r : ws_.reviews) {
            if (r.key_name == name) r.key_name.clear();
        }
        for (JudgeFile& j : ws_.judges) {
            if (j.key_name == name) j.key_name.clear();
        }
        link_unlinked();
    } else if (list == FileKind::Review) {
        ws_.reviews.erase(ws_.reviews.begin() + index);
        shift(ws_.selection.review);
        if (ws_.selection.review < 0 && !ws_.reviews.empty()) ws_.selection.review = 0;
    } else if (list == FileKind::Judge) {
        ws_.judges.erase(ws_.judges.begin() + index);
        judge_hashes_.erase(judge_hashes_.begin() + index);
    } else {
        ws_.references.erase(ws_.references.begin() + index);
        reference_hashes_.erase(reference_hashes_.begin() + index);
        shift(ws_.selection.reference);
        if (ws_.selection.reference < 0 && !ws_.references.empty()) ws_.selection.reference = 0;
    }
}

bool Session::remove_file(FileKind list, int index) {
    if (in_reference_list(list)) list = FileKind::Reference;
    if (index < 0 || index >= static_cast<int>(list_size(list))) return false;
    checkpoint();
    remove_from_list(list, index);
    clamp_selection();
    changed();
    return true;
}

}  // namespace kg
