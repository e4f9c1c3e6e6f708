// A Workspace as many small store records, so that a save writes only what changed.
//
// The page keeps its work in IndexedDB, where a whole benchmark (760 reviews, 11 MB of text)
// must fit and one grade must not rewrite it all. The workspace is split into:
//   "meta"          what the store holds: format, version, the number of review records and
//                   the content hash of every key, reference and judge text;
//   "shell"         the workspace without reviews and with every text emptied (a version 3
//                   workspace document: file names, kinds, links, selection, theme);
//   "review:N"      review N's grades, notes, evidence, bonus/penalty items and suggestion
//                   snapshots (a workspace document holding that one review, text emptied);
//   "text:HASH"     a file text, stored ONCE by content hash (two same texts: one record).
// Every record is written with cereal (the workspace format of workspace_io.h), and read back
// through the same checks as an imported workspace file.
//
// StoreWriter remembers what the store holds and hands out only the records that differ (a
// grade: one review record; a selection change: the shell), to be committed as ONE store
// transaction; it learns the new state only when the store confirms the commit.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>
#include "model/workspace.h"

namespace kg {

constexpr int kStoreVersion = 1;

struct StoreRecord {
    std::string key;
    std::string value;
};

// Content hashes of the key, reference and judge texts, parallel to the workspace lists
// (Session keeps them). Empty lists: computed here (content_hash).
struct StoreTextHashes {
    std::vector<std::string> keys, references, judges;
};

// What one save must write: records to put, keys to delete, and what the store will hold
// once they are committed (handed back to StoreWriter::committed).
struct StoreDelta {
    std::vector<StoreRecord> puts;
    std::vector<std::string> deletes;
    size_t text_bytes = 0;          // bytes of file text among the puts
    int reviews_written = 0;        // review records among the puts
    bool empty() const { return puts.empty() && deletes.empty(); }

    // The state after the commit.
    std::string meta, shell;
    std::vector<uint64_t> review_fingerprints;
    std::set<std::string> texts;
};

// A summary of a review record's content: every field saved in it. Equal fingerprints mean
// the record need not be written again. (A new ReviewFile field must be added here.)
uint64_t review_fingerprint(const ReviewFile& r);

struct StoreLoadResult;

// Review records made ahead of a save, a few per frame: the first save of a whole benchmark
// writes 760 review records, and serializing them in one go blocked the page 0.4 s. A record
// is used by diff() only while its review's fingerprint is still the one it was made from,
// so edits made between the frames are never lost (the review is serialized again).
struct PreparedReviews {
    size_t next = 0;   // the next review to look at
    std::map<size_t, std::pair<uint64_t, std::string>> records;   // index -> (fingerprint, record)
    void clear() {
        next = 0;
        records.clear();
    }
    // Review i's record if it was made from this fingerprint, else null.
    const std::string* record_for(size_t i, uint64_t fingerprint) const {
        auto it = records.find(i);
        return it != records.end() && it->second.first == fingerprint ? &it->second.second : nullptr;
    }
    std::string* record_for(size_t i, uint64_t fingerprint) {
        return const_cast<std::string*>(std::as_const(*this).record_for(i, fingerprint));
    }
};

class StoreWriter {
public:
    // The records that bring the store from what it holds to ws (everything when nothing is
    // known to be stored). Reads ws only; moves the made-ahead records it uses out of
    // `prepared` (the caller clears it next).
    StoreDelta diff(const Workspace& ws, const StoreTextHashes& hashes = {},
                    PreparedReviews* prepared = nullptr) const;
    // Makes up to max_records of the review records the next diff will write, looking at the
    // reviews from p.next on; true once every review has been looked at (then diff, given p,
    // serializes only what changed since).
    bool prepare_reviews(const Workspace& ws, PreparedReviews& p, size_t max_records) const;
    // The store confirmed the delta's commit.
    void committed(StoreDelta&& d);
    // Text records not yet stored, up to about max_bytes: a big first save (a whole folder)
    // goes in slices over several frames. Texts are stored by content hash, so writing them
    // ahead of the records that refer to them is safe; committed_texts() records them.
    StoreDelta text_slice(const Workspace& ws, const StoreTextHashes& hashes, size_t max_bytes) const;
    void committed_texts(const StoreDelta& d);
    // What the store holds is unknown (a failed commit may or may not have landed): the next
    // diff rewrites every record and deletes nothing it does not know of.
    void forget();
    // After loading: the records the store held and what was made of them (so that the next
    // diff writes only changes and deletes records no longer referenced).
    void loaded(const std::vector<StoreRecord>& records, const StoreLoadResult& r);
    bool knows_store() const { return known_; }

private:
    // Review i as stored has this fingerprint: nothing to write for it.
    bool stored(size_t i, uint64_t fingerprint) const {
        return known_ && i < review_fps_.size() && review_fps_[i] == fingerprint;
    }
    bool known_ = false;
    std::string meta_, shell_;
    std::vector<uint64_t> review_fps_;
    std::set<std::string> texts_;
    std::set<std::string> other_keys_;   // records found at load that no state refers to
};

struct StoreLoadResult {
    bool ok = false;           // false: nothing usable (error says why); true: workspace set
    bool empty = false;        // no records at all (nothing saved yet)
    std::string error;         // "store record \"review:3\": invalid workspace: ..."
    int loaded_version = 0;
    bool migrated = false;
    // Files that could not be restored (their text record is missing or damaged), by path:
    // the rest of the workspace loads without them and the user is told.
    std::vector<std::string> lost;
    Workspace workspace;
};
// Builds the workspace from the store's records (any order). Never trusts them: each goes
// through the workspace file checks; a text must match its hash.
StoreLoadResult load_workspace_records(const std::vector<StoreRecord>& records);

}  // namespace kg
