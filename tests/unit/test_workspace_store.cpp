// The workspace as store records (persist/workspace_store.h): exact round trip, texts stored
// once, one grade writes one record, lost texts reported by name, damaged records refused.
#include <catch2/catch.hpp>

#include <algorithm>

#include "demo_workspace.h"
#include "base/text.h"
#include "persist/workspace_io.h"
#include "persist/workspace_store.h"

using namespace kg;

namespace {

Workspace store_workspace() {
    Workspace ws = demo::graded_round_008();
    ws.references.push_back({"perspective.md", "# 観点\n同じ本文\n", "reference", "by hand"});
    ws.references.push_back({"copy/perspective.md", "# 観点\n同じ本文\n", "reference", "by hand"});
    ws.judges.push_back({"results/v008-baseline-scoring.md", "# Scoring\n", demo::kKeyName,
                         "v008-baseline", 8});
    ws.reviews[0].grades[0].note = "C1 は WeatherAPI を名指ししていない";
    ws.reviews[0].grades[0].evidence.push_back({3, 4, "## C1. サーキットブレーカー不在"});
    ws.reviews[1].bonus.push_back({"cross-AZ", "B01", 10, 12, true});
    ws.selection.review = 2;
    ws.selection.problem = 1;
    ws.theme = "light";
    return ws;
}

// Applies a delta to a simulated store.
void apply_delta(std::vector<StoreRecord>& store, const StoreDelta& d) {
    for (const std::string& key : d.deletes) {
        store.erase(std::remove_if(store.begin(), store.end(),
                                   [&](const StoreRecord& r) { return r.key == key; }),
                    store.end());
    }
    for (const StoreRecord& put : d.puts) {
        auto it = std::find_if(store.begin(), store.end(), [&](const StoreRecord& r) { return r.key == put.key; });
        if (it == store.end()) store.push_back(put);
        else it->value = put.value;
    }
}

std::vector<std::string> put_keys(const StoreDelta& d) {
    std::vector<std::string> keys;
    for (const StoreRecord& r : d.puts) keys.push_back(r.key);
    return keys;
}

size_t count_prefix(const std::vector<StoreRecord>& store, const std::string& prefix) {
    return static_cast<size_t>(std::count_if(store.begin(), store.end(), [&](const StoreRecord& r) {
        return r.key.rfind(prefix, 0) == 0;
    }));
}

StoreRecord* record(std::vector<StoreRecord>& store, const std::string& key) {
    for (StoreRecord& r : store) if (r.key == key) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("store records: a workspace comes back exactly, texts stored once by hash") {
    const Workspace ws = store_workspace();
    StoreWriter writer;
    StoreDelta d = writer.diff(ws);
    CHECK(d.deletes.empty());
    CHECK(d.reviews_written == 4);
    std::vector<StoreRecord> store;
    apply_delta(store, d);
    // 1 key + 4 reviews + 1 shared perspective text + 1 judge report: 7 texts for 8 files.
    CHECK(count_prefix(store, "text:") == 7);
    CHECK(count_prefix(store, "review:") == 4);
    CHECK(record(store, "meta"));
    CHECK(record(store, "shell"));
    // Texts live only in text records: the shell and review records hold none.
    CHECK(record(store, "shell")->value.find("同じ本文") == std::string::npos);
    CHECK(record(store, "review:0")->value.find("サーキットブレーカー不在\\n") == std::string::npos);

    const StoreLoadResult r = load_workspace_records(store);
    REQUIRE(r.ok);
    CHECK(!r.empty);
    CHECK(r.lost.empty());
    CHECK(save_workspace_json(r.workspace) == save_workspace_json(ws));
}

TEST_CASE("store records: one grade writes one review record, a selection only the shell") {
    Workspace ws = store_workspace();
    StoreWriter writer;
    std::vector<StoreRecord> store;
    StoreDelta first = writer.diff(ws);
    apply_delta(store, first);
    writer.committed(std::move(first));
    CHECK(writer.diff(ws).empty());

    ws.reviews[2].grades[3].verdict = Verdict::Missed;
    StoreDelta grade = writer.diff(ws);
    CHECK(put_keys(grade) == std::vector<std::string>{"review:2"});
    CHECK(grade.deletes.empty());
    CHECK(grade.text_bytes == 0);
    apply_delta(store, grade);
    writer.committed(std::move(grade));

    ws.reviews[3].grades[0].note = "メモ";
    CHECK(put_keys(writer.diff(ws)) == std::vector<std::string>{"review:3"});
    ws.reviews[3].grades[0].note.clear();

    ws.selection.problem = 5;
    StoreDelta sel = writer.diff(ws);
    CHECK(put_keys(sel) == std::vector<std::string>{"shell"});
    apply_delta(store, sel);
    writer.committed(std::move(sel));

    const StoreLoadResult r = load_workspace_records(store);
    REQUIRE(r.ok);
    CHECK(save_workspace_json(r.workspace) == save_workspace_json(ws));
}

TEST_CASE("store records: a failed commit is not learned, the next diff writes it again") {
    Workspace ws = store_workspace();
    StoreWriter writer;
    StoreDelta first = writer.diff(ws);
    writer.committed(std::move(first));
    ws.reviews[1].grades[0].verdict = Verdict::Partial;
    const StoreDelta failed = writer.diff(ws);   // never committed
    CHECK(put_keys(failed) == std::vector<std::string>{"review:1"});
    CHECK(put_keys(writer.diff(ws)) == std::vector<std::string>{"review:1"});
}

TEST_CASE("store records: removing files deletes their records and unreferenced texts") {
    Workspace ws = store_workspace();
    StoreWriter writer;
    std::vector<StoreRecord> store;
    StoreDelta first = writer.diff(ws);
    apply_delta(store, first);
    writer.committed(std::move(first));
    const std::string gone_hash = ws.reviews[3].hash;
    ws.reviews.pop_back();
    ws.references.pop_back();   // the other copy of the same text stays: its text stays
    StoreDelta d = writer.diff(ws);
    CHECK(std::count(d.deletes.begin(), d.deletes.end(), "review:3") == 1);
    CHECK(std::count(d.deletes.begin(), d.deletes.end(), "text:" + gone_hash) == 1);
    CHECK(d.deletes.size() == 2);
    apply_delta(store, d);
    writer.committed(std::move(d));
    const StoreLoadResult r = load_workspace_records(store);
    REQUIRE(r.ok);
    CHECK(save_workspace_json(r.workspace) == save_workspace_json(ws));
}

TEST_CASE("store records: after loading, nothing is rewritten until something changes") {
    const Workspace ws = store_workspace();
    std::vector<StoreRecord> store;
    apply_delta(store, StoreWriter().diff(ws));
    store.push_back({"review:9", "left over"});   // a record no state refers to
    StoreLoadResult r = load_workspace_records(store);
    REQUIRE(r.ok);
    StoreWriter writer;
    writer.loaded(store, r);
    const StoreDelta d = writer.diff(r.workspace);
    CHECK(d.puts.empty());
    // Review records 4..9 are beyond the 4 reviews: deleted (9 was never meant to be there).
    CHECK(d.deletes == std::vector<std::string>{"review:4", "review:5", "review:6", "review:7",
                                                "review:8", "review:9"});
}

TEST_CASE("store records: a missing text loses that file only, and says which") {
    const Workspace ws = store_workspace();
    std::vector<StoreRecord> store;
    apply_delta(store, StoreWriter().diff(ws));
    store.erase(std::remove_if(store.begin(), store.end(),
                               [&](const StoreRecord& r) { return r.key == "text:" + ws.reviews[1].hash; }),
                store.end());
    // A damaged text (not matching its hash) is lost too, never shown as that file.
    record(store, "text:" + content_hash(ws.judges[0].text))->value = "# changed\n";
    const StoreLoadResult r = load_workspace_records(store);
    REQUIRE(r.ok);
    CHECK(r.lost == std::vector<std::string>{ws.judges[0].name, ws.reviews[1].name});
    CHECK(r.workspace.reviews.size() == 3);
    CHECK(r.workspace.judges.empty());
    CHECK(r.workspace.reviews[1].name == ws.reviews[2].name);
}

TEST_CASE("store records: damaged or foreign records are refused with the record named") {
    const Workspace ws = store_workspace();
    std::vector<StoreRecord> good;
    apply_delta(good, StoreWriter().diff(ws));

    std::vector<StoreRecord> store = good;
    record(store, "review:2")->value = "{\"format\": \"keygrader-workspace\", \"version\": 3";
    StoreLoadResult r = load_workspace_records(store);
    CHECK(!r.ok);
    CHECK(r.error.find("store record \"review:2\"") != std::string::npos);
    CHECK(r.error.find("not JSON") != std::string::npos);

    store = good;
    record(store, "meta")->value = "{\"store\": {\"format\": \"keygrader-store\", \"version\": 9, "
                                   "\"reviews\": 0, \"key_texts\": [], \"reference_texts\": [], "
                                   "\"judge_texts\": []}}";
    r = load_workspace_records(store);
    CHECK(!r.ok);
    CHECK(r.error.find("newer KeyGrader") != std::string::npos);

    store = good;
    store.erase(store.begin());   // meta
    r = load_workspace_records(store);
    CHECK(!r.ok);
    CHECK(r.error.find("\"meta\"") != std::string::npos);

    store = good;
    record(store, "meta")->value = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]";
    r = load_workspace_records(store);
    CHECK(!r.ok);
    CHECK(r.error.find("meta") != std::string::npos);

    r = load_workspace_records({});
    CHECK(r.ok);
    CHECK(r.empty);
}

TEST_CASE("store records: the fingerprint sees every saved field of a review") {
    const ReviewFile base = store_workspace().reviews[0];
    const uint64_t fp = review_fingerprint(base);
    CHECK(review_fingerprint(base) == fp);
    auto changed = [&](auto edit) {
        ReviewFile r = base;
        edit(r);
        return review_fingerprint(r) != fp;
    };
    CHECK(changed([](ReviewFile& r) { r.name += "x"; }));
    CHECK(changed([](ReviewFile& r) { r.hash = "0000000000000000"; }));
    CHECK(changed([](ReviewFile& r) { r.prompt += "x"; }));
    CHECK(changed([](ReviewFile& r) { r.run += 1; }));
    CHECK(changed([](ReviewFile& r) { r.key_name += "x"; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].verdict = Verdict::Missed; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].note += "."; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].evidence[0].line_end += 1; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].evidence[0].text += "."; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].review_hash += "0"; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].stale = !r.grades[0].stale; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].from_judge = !r.grades[0].from_judge; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].suggestion.confidence += 0.01; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].suggestion.verdict = Verdict::Partial; }));
    CHECK(changed([](ReviewFile& r) { r.grades[0].problem_id = "P99"; }));
    CHECK(changed([](ReviewFile& r) { r.bonus.push_back({"b", "", 0, 0}); }));
    CHECK(changed([](ReviewFile& r) { r.penalties.push_back({"p", "", 0, 0}); }));
    // The note moving to the next field must not look the same.
    CHECK(changed([](ReviewFile& r) { r.grades[0].note = ""; r.grades[0].evidence[0].text = "C1 は WeatherAPI を名指ししていない" + r.grades[0].evidence[0].text; }));
}

TEST_CASE("store records: records replayed from a journal are not taken as stored") {
    Workspace ws = store_workspace();
    std::vector<StoreRecord> stored;
    apply_delta(stored, StoreWriter().diff(ws));
    // The journal holds a newer review:1 that never reached the store.
    ws.reviews[1].grades[0].verdict = Verdict::Missed;
    std::vector<StoreRecord> all = stored;
    std::vector<StoreRecord> only_stored;
    for (const StoreRecord& r : stored) {
        if (r.key != "review:1") only_stored.push_back(r);
    }
    StoreDelta newer = StoreWriter().diff(ws);
    for (StoreRecord& r : all) {
        if (r.key == "review:1") {
            for (const StoreRecord& p : newer.puts) if (p.key == "review:1") r.value = p.value;
        }
    }
    const StoreLoadResult loaded = load_workspace_records(all);
    REQUIRE(loaded.ok);
    CHECK(loaded.workspace.reviews[1].grades[0].verdict == Verdict::Missed);
    StoreWriter writer;
    writer.loaded(only_stored, loaded);
    CHECK(put_keys(writer.diff(loaded.workspace)) == std::vector<std::string>{"review:1"});
}

TEST_CASE("store records: a big save goes in text slices first, then the records") {
    const Workspace ws = store_workspace();
    StoreWriter writer;
    std::vector<StoreRecord> store;
    int slices = 0;
    for (;;) {
        StoreDelta slice = writer.text_slice(ws, {}, 40);   // about one text per slice
        if (slice.empty()) break;
        for (const StoreRecord& r : slice.puts) CHECK(r.key.rfind("text:", 0) == 0);
        apply_delta(store, slice);
        writer.committed_texts(slice);
        ++slices;
    }
    CHECK(slices >= 3);
    StoreDelta rest = writer.diff(ws);
    CHECK(rest.text_bytes == 0);   // every text is already stored
    CHECK(rest.reviews_written == 4);
    apply_delta(store, rest);
    writer.committed(std::move(rest));
    const StoreLoadResult r = load_workspace_records(store);
    REQUIRE(r.ok);
    CHECK(save_workspace_json(r.workspace) == save_workspace_json(ws));
    CHECK(writer.diff(ws).empty());
}

TEST_CASE("store records: review records made ahead a few per frame; an edit between frames is not lost") {
    Workspace ws = store_workspace();
    StoreWriter writer;
    PreparedReviews prepared;
    // Two records per "frame": 4 reviews take two frames.
    CHECK_FALSE(writer.prepare_reviews(ws, prepared, 2));
    CHECK(prepared.records.size() == 2);
    // Between frames the user grades review 0, already made: its record is stale now.
    ws.reviews[0].grades[1].verdict = Verdict::Missed;
    ws.reviews[0].grades[1].note = "edited between frames";
    CHECK(writer.prepare_reviews(ws, prepared, 2));
    CHECK(prepared.records.size() == 4);
    // A made record is the one the diff would make, and the diff takes it only while current.
    const uint64_t fp1 = review_fingerprint(ws.reviews[1]);
    REQUIRE(prepared.record_for(1, fp1));
    CHECK(prepared.record_for(0, review_fingerprint(ws.reviews[0])) == nullptr);   // stale
    StoreDelta with = writer.diff(ws, {}, &prepared);
    StoreDelta without = writer.diff(ws);
    REQUIRE(with.puts.size() == without.puts.size());
    for (size_t i = 0; i < with.puts.size(); ++i) {
        CHECK(with.puts[i].key == without.puts[i].key);
        CHECK(with.puts[i].value == without.puts[i].value);
    }
    // The stored workspace holds the edit made between the frames.
    std::vector<StoreRecord> store;
    apply_delta(store, with);
    writer.committed(std::move(with));
    const StoreLoadResult r = load_workspace_records(store);
    REQUIRE(r.ok);
    CHECK(r.workspace.reviews[0].grades[1].note == "edited between frames");
    CHECK(save_workspace_json(r.workspace) == save_workspace_json(ws));
    // Once stored, nothing is made again: one grade makes one record.
    prepared.clear();
    ws.reviews[3].grades[0].verdict = Verdict::Partial;
    CHECK(writer.prepare_reviews(ws, prepared, 16));
    CHECK(prepared.records.size() == 1);
    CHECK(prepared.records.count(3) == 1);
}

TEST_CASE("store records: a diff given made-ahead records uses them (not serialized again)") {
    const Workspace ws = store_workspace();
    StoreWriter writer;
    PreparedReviews prepared;
    REQUIRE(writer.prepare_reviews(ws, prepared, 16));
    // A marker in a made record shows up in the diff: the diff took it as made.
    const uint64_t fp = review_fingerprint(ws.reviews[2]);
    prepared.records[2] = {fp, "{\"made ahead\":true}"};
    const StoreDelta d = writer.diff(ws, {}, &prepared);
    bool found = false;
    for (const StoreRecord& r : d.puts) found = found || (r.key == "review:2" && r.value == "{\"made ahead\":true}");
    CHECK(found);
}
