// Workspace <-> store records (see workspace_store.h for the record layout).
#include "persist/workspace_store.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <sstream>

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "base/json_read.h"
#include "base/text.h"
#include "persist/internal/workspace_schema.h"
#include "persist/workspace_io.h"

namespace kg {

namespace {

constexpr const char* kStoreFormat = "keygrader-store";
constexpr const char* kMetaKey = "meta";
constexpr const char* kShellKey = "shell";
constexpr const char* kReviewPrefix = "review:";
constexpr const char* kTextPrefix = "text:";

struct StoreMeta {
    std::string format = kStoreFormat;
    int version = kStoreVersion;
    int reviews = 0;
    std::vector<std::string> key_texts, reference_texts, judge_texts;

    template <class Archive>
    void serialize(Archive& ar) {
        ar(cereal::make_nvp("format", format), cereal::make_nvp("version", version),
           cereal::make_nvp("reviews", reviews), cereal::make_nvp("key_texts", key_texts),
           cereal::make_nvp("reference_texts", reference_texts),
           cereal::make_nvp("judge_texts", judge_texts));
    }
};

std::string meta_json(const StoreMeta& m) {
    std::ostringstream out;
    {
        cereal::JSONOutputArchive ar(out, cereal::JSONOutputArchive::Options::NoIndent());
        ar(cereal::make_nvp("store", m));
    }
    return out.str();
}

bool parse_meta(const std::string& json, StoreMeta& m, std::string& error) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(json.data(),
                                                                                    json.size());
    if (doc.HasParseError() || !doc.IsObject() || !workspace_schema::within_depth(doc)) {
        error = "store record \"meta\" is not JSON KeyGrader wrote";
        return false;
    }
    try {
        std::istringstream in(json);
        cereal::JSONInputArchive ar(in);
        ar(cereal::make_nvp("store", m));
    } catch (const std::exception& e) {
        error = std::string("store record \"meta\": ") + e.what();
        return false;
    }
    if (m.format != kStoreFormat) {
        error = "store record \"meta\": format \"" + m.format + "\" is not " + kStoreFormat;
        return false;
    }
    if (m.version > kStoreVersion) {
        error = "saved by a newer KeyGrader (store version " + std::to_string(m.version) +
                "; this one reads up to " + std::to_string(kStoreVersion) + ")";
        return false;
    }
    if (m.version < 1 || m.reviews < 0) {
        error = "store record \"meta\": invalid version or review count";
        return false;
    }
    return true;
}

// FNV-1a 64 over length-prefixed fields (so "ab"+"c" and "a"+"bc" differ).
struct Fnv {
    uint64_t h = 0xcbf29ce484222325ull;
    void bytes(const void* p, size_t n) {
        const unsigned char* c = static_cast<const unsigned char*>(p);
        for (size_t i = 0; i < n; ++i) {
            h ^= c[i];
            h *= 0x100000001b3ull;
        }
    }
    void str(const std::string& s) {
        num(static_cast<int64_t>(s.size()));
        bytes(s.data(), s.size());
    }
    void num(int64_t v) { bytes(&v, sizeof v); }
    void real(double v) { bytes(&v, sizeof v); }
};

void add_evidence(Fnv& f, const std::vector<Evidence>& list) {
    f.num(static_cast<int64_t>(list.size()));
    for (const Evidence& e : list) {
        f.num(e.line_start);
        f.num(e.line_end);
        f.str(e.text);
    }
}

void add_extras(Fnv& f, const std::vector<ExtraItem>& list) {
    f.num(static_cast<int64_t>(list.size()));
    for (const ExtraItem& x : list) {
        f.str(x.note);
        f.str(x.bonus_id);
        f.num(x.line_start);
        f.num(x.line_end);
        f.num(x.from_judge);
    }
}

std::string text_hash_of(const std::vector<std::string>& hashes, size_t i, const std::string& text) {
    return i < hashes.size() && !hashes[i].empty() ? hashes[i] : content_hash(text);
}

std::string review_key(size_t i) { return kReviewPrefix + std::to_string(i); }

// The workspace without reviews and with texts emptied.
Workspace shell_of(const Workspace& ws) {
    Workspace sh;
    sh.keys.reserve(ws.keys.size());
    for (const KeyFile& k : ws.keys) sh.keys.push_back({k.name, {}});
    sh.references.reserve(ws.references.size());
    for (const ReferenceFile& f : ws.references) sh.references.push_back({f.name, {}, f.kind, f.reason});
    sh.judges.reserve(ws.judges.size());
    for (const JudgeFile& j : ws.judges) sh.judges.push_back({j.name, {}, j.key_name, j.prompt, j.round});
    sh.baseline_prompt = ws.baseline_prompt;
    sh.selection = ws.selection;
    sh.theme = ws.theme;
    return sh;
}

// One review as a workspace document of its own, text emptied, hash always set.
std::string review_record(const ReviewFile& r) {
    Workspace one;
    one.theme.clear();
    ReviewFile copy;
    copy.name = r.name;
    copy.hash = r.hash.empty() ? content_hash(r.text) : r.hash;
    copy.prompt = r.prompt;
    copy.run = r.run;
    copy.key_name = r.key_name;
    copy.grades = r.grades;
    copy.bonus = r.bonus;
    copy.penalties = r.penalties;
    one.reviews.push_back(std::move(copy));
    return save_workspace_json(one, false);
}

}  // namespace

uint64_t review_fingerprint(const ReviewFile& r) {
    Fnv f;
    f.str(r.name);
    f.str(r.hash.empty() ? content_hash(r.text) : r.hash);
    f.str(r.prompt);
    f.num(r.run);
    f.str(r.key_name);
    f.num(static_cast<int64_t>(r.grades.size()));
    for (const ProblemGrade& g : r.grades) {
        f.str(g.problem_id);
        f.num(static_cast<int64_t>(g.verdict));
        f.str(g.note);
        add_evidence(f, g.evidence);
        f.str(g.review_hash);
        f.num(g.stale);
        f.num(static_cast<int64_t>(g.suggestion.verdict));
        f.real(g.suggestion.confidence);
        add_evidence(f, g.suggestion.evidence);
        f.num(g.from_judge);
    }
    add_extras(f, r.bonus);
    add_extras(f, r.penalties);
    return f.h == 0 ? 1 : f.h;   // 0 means "unknown" in StoreWriter
}

// ---- StoreWriter -----------------------------------------------------------------------------

bool StoreWriter::prepare_reviews(const Workspace& ws, PreparedReviews& p, size_t max_records) const {
    size_t made = 0;
    for (; p.next < ws.reviews.size(); ++p.next) {
        const uint64_t fp = review_fingerprint(ws.reviews[p.next]);
        if (stored(p.next, fp)) continue;
        if (p.record_for(p.next, fp)) continue;
        if (made == max_records) return false;
        p.records[p.next] = {fp, review_record(ws.reviews[p.next])};
        ++made;
    }
    return true;
}

StoreDelta StoreWriter::diff(const Workspace& ws, const StoreTextHashes& hashes,
                             PreparedReviews* prepared) const {
    StoreDelta d;
    StoreMeta meta;
    meta.reviews = static_cast<int>(ws.reviews.size());
    std::map<std::string, const std::string*> text_of;   // every referenced text, by hash
    for (size_t i = 0; i < ws.keys.size(); ++i) {
        meta.key_texts.push_back(text_hash_of(hashes.keys, i, ws.keys[i].text));
        text_of.emplace(meta.key_texts.back(), &ws.keys[i].text);
    }
    for (size_t i = 0; i < ws.references.size(); ++i) {
        meta.reference_texts.push_back(text_hash_of(hashes.references, i, ws.references[i].text));
        text_of.emplace(meta.reference_texts.back(), &ws.references[i].text);
    }
    for (size_t i = 0; i < ws.judges.size(); ++i) {
        meta.judge_texts.push_back(text_hash_of(hashes.judges, i, ws.judges[i].text));
        text_of.emplace(meta.judge_texts.back(), &ws.judges[i].text);
    }
    for (const ReviewFile& r : ws.reviews) {
        text_of.emplace(r.hash.empty() ? content_hash(r.text) : r.hash, &r.text);
    }

    d.meta = meta_json(meta);
    if (!known_ || d.meta != meta_) d.puts.push_back({kMetaKey, d.meta});
    d.shell = save_workspace_json(shell_of(ws), false);
    if (!known_ || d.shell != shell_) d.puts.push_back({kShellKey, d.shell});

    d.review_fingerprints.reserve(ws.reviews.size());
    for (size_t i = 0; i < ws.reviews.size(); ++i) {
        const uint64_t fp = review_fingerprint(ws.reviews[i]);
        d.review_fingerprints.push_back(fp);
        if (stored(i, fp)) continue;
        std::string* ready = prepared ? prepared->record_for(i, fp) : nullptr;
        d.puts.push_back({review_key(i), ready ? std::move(*ready) : review_record(ws.reviews[i])});
        d.reviews_written++;
    }
    if (known_) {
        for (size_t i = ws.reviews.size(); i < review_fps_.size(); ++i) d.deletes.push_back(review_key(i));
    }

    for (const auto& [hash, text] : text_of) {
        d.texts.insert(hash);
        if (texts_.count(hash)) continue;   // stored (or written ahead by text_slice)
        d.puts.push_back({kTextPrefix + hash, *text});
        d.text_bytes += text->size();
    }
    if (known_) {
        for (const std::string& hash : texts_) {
            if (!d.texts.count(hash)) d.deletes.push_back(kTextPrefix + hash);
        }
        for (const std::string& key : other_keys_) d.deletes.push_back(key);
    }
    return d;
}

StoreDelta StoreWriter::text_slice(const Workspace& ws, const StoreTextHashes& hashes, size_t max_bytes) const {
    StoreDelta d;
    std::set<std::string> seen;
    auto consider = [&](const std::string& hash, const std::string& text) {
        if (d.text_bytes >= max_bytes || texts_.count(hash) || !seen.insert(hash).second) return;
        d.puts.push_back({kTextPrefix + hash, text});
        d.text_bytes += text.size();
        d.texts.insert(hash);
    };
    for (size_t i = 0; i < ws.keys.size(); ++i) consider(text_hash_of(hashes.keys, i, ws.keys[i].text), ws.keys[i].text);
    for (size_t i = 0; i < ws.references.size(); ++i) {
        consider(text_hash_of(hashes.references, i, ws.references[i].text), ws.references[i].text);
    }
    for (size_t i = 0; i < ws.judges.size(); ++i) consider(text_hash_of(hashes.judges, i, ws.judges[i].text), ws.judges[i].text);
    for (const ReviewFile& r : ws.reviews) consider(r.hash.empty() ? content_hash(r.text) : r.hash, r.text);
    return d;
}

void StoreWriter::committed_texts(const StoreDelta& d) {
    texts_.insert(d.texts.begin(), d.texts.end());
}

void StoreWriter::committed(StoreDelta&& d) {
    known_ = true;
    meta_ = std::move(d.meta);
    shell_ = std::move(d.shell);
    review_fps_ = std::move(d.review_fingerprints);
    texts_ = std::move(d.texts);
    other_keys_.clear();
}

void StoreWriter::forget() {
    known_ = false;
    meta_.clear();
    shell_.clear();
    review_fps_.clear();
    texts_.clear();
    other_keys_.clear();
}

void StoreWriter::loaded(const std::vector<StoreRecord>& records, const StoreLoadResult& r) {
    forget();
    known_ = true;
    size_t review_records = 0;
    std::set<size_t> present;
    for (const StoreRecord& rec : records) {
        if (rec.key == kMetaKey) {
            meta_ = rec.value;
        } else if (rec.key == kShellKey) {
            shell_ = rec.value;
        } else if (rec.key.rfind(kTextPrefix, 0) == 0) {
            texts_.insert(rec.key.substr(std::strlen(kTextPrefix)));
        } else if (rec.key.rfind(kReviewPrefix, 0) == 0) {
            const std::string num = rec.key.substr(std::strlen(kReviewPrefix));
            const bool digits = !num.empty() && num.size() < 9 &&
                                num.find_first_not_of("0123456789") == std::string::npos;
            if (!digits) {
                other_keys_.insert(rec.key);
                continue;
            }
            present.insert(static_cast<size_t>(std::stoul(num)));
            review_records = std::max(review_records, *present.rbegin() + 1);
        } else {
            other_keys_.insert(rec.key);
        }
    }
    // Review record i holds review i of the loaded workspace only when nothing was lost
    // (a lost review shifts the rest): otherwise every review record is written again.
    review_fps_.assign(review_records, 0);
    if (r.ok && r.lost.empty()) {
        const size_t n = std::min(review_records, r.workspace.reviews.size());
        for (size_t i = 0; i < n; ++i) {
            if (present.count(i)) review_fps_[i] = review_fingerprint(r.workspace.reviews[i]);
        }
    }
}

// ---- loading ---------------------------------------------------------------------------------

StoreLoadResult load_workspace_records(const std::vector<StoreRecord>& records) {
    StoreLoadResult result;
    if (records.empty()) {
        result.ok = true;
        result.empty = true;
        return result;
    }
    auto fail = [&](std::string message) {
        result.ok = false;
        result.error = std::move(message);
        result.workspace = Workspace{};
        return result;
    };
    std::map<std::string, const std::string*> by_key;
    for (const StoreRecord& r : records) by_key[r.key] = &r.value;
    auto find = [&](const std::string& key) -> const std::string* {
        auto it = by_key.find(key);
        return it == by_key.end() ? nullptr : it->second;
    };

    const std::string* meta_text = find(kMetaKey);
    const std::string* shell_text = find(kShellKey);
    if (!meta_text || !shell_text) {
        return fail(std::string("the store has no \"") + (meta_text ? kShellKey : kMetaKey) +
                    "\" record (it was not written by this KeyGrader)");
    }
    StoreMeta meta;
    std::string error;
    if (!parse_meta(*meta_text, meta, error)) return fail(error);

    WorkspaceLoadResult shell = load_workspace_json(*shell_text);
    if (!shell.ok) return fail("store record \"shell\": " + shell.error);
    result.loaded_version = shell.loaded_version;
    result.migrated = shell.migrated;
    Workspace ws = std::move(shell.workspace);
    if (ws.keys.size() != meta.key_texts.size() || ws.references.size() != meta.reference_texts.size() ||
        ws.judges.size() != meta.judge_texts.size() || !ws.reviews.empty()) {
        return fail("store records \"meta\" and \"shell\" disagree on the files they list");
    }

    // A text must be present and match its hash; a file without its text is left out (lost).
    auto text_for = [&](const std::string& hash, std::string& out) {
        const std::string* t = find(kTextPrefix + hash);
        if (!t || content_hash(*t) != hash) return false;
        out = *t;
        return true;
    };
    auto fill = [&](auto& list, const std::vector<std::string>& hashes) {
        std::vector<typename std::decay_t<decltype(list)>::value_type> kept;
        for (size_t i = 0; i < list.size(); ++i) {
            if (text_for(hashes[i], list[i].text)) kept.push_back(std::move(list[i]));
            else result.lost.push_back(list[i].name);
        }
        list = std::move(kept);
    };
    fill(ws.keys, meta.key_texts);
    fill(ws.references, meta.reference_texts);
    fill(ws.judges, meta.judge_texts);

    ws.reviews.reserve(static_cast<size_t>(meta.reviews));
    for (int i = 0; i < meta.reviews; ++i) {
        const std::string key = review_key(static_cast<size_t>(i));
        const std::string* rec = find(key);
        if (!rec) {
            result.lost.push_back("review " + std::to_string(i + 1) + " (no store record)");
            continue;
        }
        WorkspaceLoadResult one = load_workspace_json(*rec);
        if (!one.ok) return fail("store record \"" + key + "\": " + one.error);
        if (one.workspace.reviews.size() != 1) {
            return fail("store record \"" + key + "\" does not hold exactly one review");
        }
        ReviewFile r = std::move(one.workspace.reviews[0]);
        if (!text_for(r.hash, r.text)) {
            result.lost.push_back(r.name);
            continue;
        }
        ws.reviews.push_back(std::move(r));
    }
    if (!result.lost.empty()) {
        // Indices into the lists may have moved: start at the top rather than elsewhere.
        ws.selection = Selection{};
    }
    result.ok = true;
    result.workspace = std::move(ws);
    return result;
}

}  // namespace kg
