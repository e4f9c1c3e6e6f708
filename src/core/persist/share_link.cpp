// Encoding and decoding of the share link (layout in share_link.h). Applying a decoded link
// to a workspace lives in share_link_apply.cpp.
#include "persist/share_link.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "review/review.h"
#include "persist/internal/share_codec.h"
#include "base/text.h"

namespace kg {

namespace {

using share_codec::Reader;
using share_codec::Writer;

constexpr uint8_t kCustomPromptRun = 1;   // review flag: prompt/run not what the name says
constexpr uint8_t kHasHash = 2;           // review/key flag: an 8-byte content hash follows
const char kPrefix[] = "kg";

uint8_t verdict_code(Verdict v) {
    switch (v) {
        case Verdict::Ungraded: return 0;
        case Verdict::Detected: return 1;
        case Verdict::Partial: return 2;
        case Verdict::Missed: return 3;
    }
    return 0;
}

Verdict verdict_from_code(uint8_t code) {
    switch (code & 3) {
        case 1: return Verdict::Detected;
        case 2: return Verdict::Partial;
        case 3: return Verdict::Missed;
        default: return Verdict::Ungraded;
    }
}

uint32_t line_number(int line) { return line > 0 ? static_cast<uint32_t>(line) : 0u; }

// The hash a review is identified by: the stored one, or computed when it is missing.
std::string hash_of(const ReviewFile& r) {
    return r.hash.size() == 16 ? r.hash : content_hash(r.text);
}

// Keys referenced by the shared reviews, with the problem ids graded under each.
struct KeyEntry {
    std::string name;
    std::string hash;                 // "" when the key file is not loaded
    std::vector<std::string> ids;
    std::unordered_map<std::string, int> index;   // id -> position in ids
    int index_of(const std::string& id) const {
        const auto it = index.find(id);
        return it == index.end() ? -1 : it->second;
    }
    void add(const std::string& id) {
        if (index.emplace(id, static_cast<int>(ids.size())).second) ids.push_back(id);
    }
};

void write_hash(Writer& w, const std::string& hash, uint8_t flags_without_hash) {
    // Writes the flags byte, then the hash when it is one.
    Writer probe;
    const bool ok = probe.hex64(hash);
    w.byte(static_cast<uint8_t>(flags_without_hash | (ok ? kHasHash : 0)));
    if (ok) w.raw(probe.bytes());
}

void write_extras(Writer& w, const std::vector<ExtraItem>& items) {
    w.varint(static_cast<uint32_t>(items.size()));
    for (const ExtraItem& x : items) {
        w.string(x.note);
        w.string(x.bonus_id);
        w.varint(line_number(x.line_start));
        w.varint(line_number(x.line_end));
    }
}

void write_review(Writer& w, const ReviewFile& r, int key_index, const KeyEntry& key) {
    w.string(r.name);
    const PromptRun from_name = prompt_run_from_file_name(r.name);
    const bool custom = from_name.prompt != r.prompt || from_name.run != r.run;
    write_hash(w, hash_of(r), custom ? kCustomPromptRun : 0);
    if (custom) {
        w.string(r.prompt);
        w.varint(line_number(r.run));
    }
    w.varint(static_cast<uint32_t>(key_index));

    // Verdicts: two bits per problem id of the key entry, four to a byte.
    std::vector<uint8_t> packed((key.ids.size() + 3) / 4, 0);
    for (const ProblemGrade& g : r.grades) {
        const int i = key.index_of(g.problem_id);
        if (i < 0) continue;
        packed[static_cast<size_t>(i) / 4] |=
            static_cast<uint8_t>(verdict_code(g.verdict) << ((i % 4) * 2));
    }
    for (uint8_t b : packed) w.byte(b);

    std::vector<const ProblemGrade*> noted, evidenced;
    for (const ProblemGrade& g : r.grades) {
        if (key.index_of(g.problem_id) < 0) continue;
        if (!g.note.empty()) noted.push_back(&g);
        if (!g.evidence.empty()) evidenced.push_back(&g);
    }
    w.varint(static_cast<uint32_t>(noted.size()));
    for (const ProblemGrade* g : noted) {
        w.varint(static_cast<uint32_t>(key.index_of(g->problem_id)));
        w.string(g->note);
    }
    uint32_t ranges = 0;
    for (const ProblemGrade* g : evidenced) ranges += static_cast<uint32_t>(g->evidence.size());
    w.varint(ranges);
    for (const ProblemGrade* g : evidenced) {
        for (const Evidence& e : g->evidence) {
            w.varint(static_cast<uint32_t>(key.index_of(g->problem_id)));
            w.varint(line_number(e.line_start));
            w.varint(line_number(e.line_end));
        }
    }
    write_extras(w, r.bonus);
    write_extras(w, r.penalties);
}

// ---- decoding -------------------------------------------------------------------------

bool read_hash(Reader& rd, uint8_t& flags, std::string& hash) {
    if (!rd.byte(flags)) return false;
    if (flags & ~(kCustomPromptRun | kHasHash)) return false;   // unknown bits: not ours
    hash.clear();
    return !(flags & kHasHash) || rd.hex64(hash);
}

bool read_extras(Reader& rd, std::vector<ExtraItem>& items) {
    uint32_t n = 0;
    if (!rd.count(n, 4)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        ExtraItem x;
        uint32_t start = 0, end = 0;
        if (!rd.string(x.note) || !rd.string(x.bonus_id) || !rd.varint(start) || !rd.varint(end)) {
            return false;
        }
        x.line_start = static_cast<int>(start);
        x.line_end = static_cast<int>(end);
        items.push_back(std::move(x));
    }
    return true;
}

bool read_key(Reader& rd, SharedKey& k) {
    uint8_t flags = 0;
    uint32_t n = 0;
    if (!rd.string(k.name) || !read_hash(rd, flags, k.hash) || (flags & kCustomPromptRun) ||
        !rd.count(n, 1)) {
        return false;
    }
    std::unordered_set<std::string> seen;   // the encoder never repeats an id: a forged link does
    for (uint32_t i = 0; i < n; ++i) {
        std::string id;
        if (!rd.string(id) || id.empty() || !seen.insert(id).second) return false;
        k.problem_ids.push_back(std::move(id));
    }
    return true;
}

// The grade of key entry problem p in r, made on first use: slot[p] is its index in r.grades.
ProblemGrade& grade_for(SharedReview& r, std::vector<int>& slot, const std::vector<std::string>& ids,
                        uint32_t p) {
    if (slot[p] < 0) {
        slot[p] = static_cast<int>(r.grades.size());
        r.grades.push_back({});
        r.grades.back().problem_id = ids[p];
    }
    return r.grades[static_cast<size_t>(slot[p])];
}

bool read_review(Reader& rd, const std::vector<SharedKey>& keys, SharedReview& r) {
    uint8_t flags = 0;
    if (!rd.string(r.name) || r.name.empty() || !read_hash(rd, flags, r.hash)) return false;
    if (flags & kCustomPromptRun) {
        uint32_t run = 0;
        if (!rd.string(r.prompt) || !rd.varint(run)) return false;
        r.run = static_cast<int>(run);
    } else {
        const PromptRun pr = prompt_run_from_file_name(r.name);
        r.prompt = pr.prompt;
        r.run = pr.run;
    }
    uint32_t key_index = 0;
    if (!rd.varint(key_index) || key_index >= keys.size()) return false;
    const SharedKey& key = keys[key_index];
    r.key = key.name.empty() ? -1 : static_cast<int>(key_index);
    const std::vector<std::string>& ids = key.problem_ids;

    std::string packed;
    if (!rd.raw((ids.size() + 3) / 4, packed)) return false;
    std::vector<int> slot(ids.size(), -1);
    for (size_t i = 0; i < ids.size(); ++i) {
        const auto code = static_cast<uint8_t>(static_cast<unsigned char>(packed[i / 4]) >> ((i % 4) * 2));
        const Verdict v = verdict_from_code(code);
        if (v != Verdict::Ungraded) grade_for(r, slot, ids, static_cast<uint32_t>(i)).verdict = v;
    }
    uint32_t n = 0;
    if (!rd.count(n, 2)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        uint32_t p = 0;
        std::string note;
        if (!rd.varint(p) || p >= ids.size() || !rd.string(note)) return false;
        grade_for(r, slot, ids, p).note = std::move(note);
    }
    if (!rd.count(n, 3)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        uint32_t p = 0, start = 0, end = 0;
        if (!rd.varint(p) || p >= ids.size() || !rd.varint(start) || !rd.varint(end)) return false;
        Evidence e;
        e.line_start = static_cast<int>(start);
        e.line_end = static_cast<int>(end);
        grade_for(r, slot, ids, p).evidence.push_back(e);
    }
    // Grades come out in the key entry's problem order, whatever order they were read in.
    std::vector<ProblemGrade> ordered;
    ordered.reserve(r.grades.size());
    for (int at : slot) {
        if (at >= 0) ordered.push_back(std::move(r.grades[static_cast<size_t>(at)]));
    }
    r.grades = std::move(ordered);
    for (ProblemGrade& g : r.grades) g.review_hash = r.hash;
    return read_extras(rd, r.bonus) && read_extras(rd, r.penalties);
}

bool read_payload(std::string_view bytes, SharedGrading& g) {
    Reader rd(bytes);
    uint32_t n = 0;
    if (!rd.string(g.baseline_prompt) || !rd.count(n, 3)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        SharedKey k;
        if (!read_key(rd, k)) return false;
        g.keys.push_back(std::move(k));
    }
    if (!rd.count(n, 6)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        SharedReview r;
        if (!read_review(rd, g.keys, r)) return false;
        g.reviews.push_back(std::move(r));
    }
    return rd.left() == 0;
}

ShareDecodeResult fail(std::string error) {
    ShareDecodeResult out;
    out.error = std::move(error);
    return out;
}

}  // namespace

std::string encode_share_link(const Workspace& ws) {
    std::vector<KeyEntry> keys;
    std::vector<std::pair<const ReviewFile*, int>> shared;   // review, key entry index
    std::unordered_map<std::string, size_t> key_slot;          // key name -> keys index
    for (const ReviewFile& r : ws.reviews) {
        if (!review_has_content(r)) continue;
        auto [slot, fresh] = key_slot.try_emplace(r.key_name, keys.size());
        if (fresh) {
            KeyEntry k;
            k.name = r.key_name;
            if (const KeyFile* kf = ws.find_key(r.key_name)) k.hash = content_hash(kf->text);
            keys.push_back(std::move(k));
        }
        const auto it = keys.begin() + static_cast<long>(slot->second);
        for (const ProblemGrade& g : r.grades) {
            if (grade_has_content(g)) it->add(g.problem_id);
        }
        shared.emplace_back(&r, static_cast<int>(it - keys.begin()));
    }

    Writer w;
    w.string(ws.baseline_prompt);
    w.varint(static_cast<uint32_t>(keys.size()));
    for (const KeyEntry& k : keys) {
        w.string(k.name);
        write_hash(w, k.hash, 0);
        w.varint(static_cast<uint32_t>(k.ids.size()));
        for (const std::string& id : k.ids) w.string(id);
    }
    w.varint(static_cast<uint32_t>(shared.size()));
    for (const auto& [r, k] : shared) write_review(w, *r, k, keys[static_cast<size_t>(k)]);

    const uint32_t sum = share_codec::checksum(w.bytes());
    for (int i = 0; i < 4; ++i) w.byte(static_cast<uint8_t>(sum >> (8 * i)));
    return kPrefix + std::to_string(kShareLinkVersion) + "." + share_codec::base64url_encode(w.bytes());
}

bool looks_like_share_link(std::string_view fragment) {
    const size_t hash_at = fragment.find('#');
    if (hash_at != std::string_view::npos) fragment.remove_prefix(hash_at + 1);
    const std::string text = trim(fragment);
    return text.size() >= 3 && starts_with(text, kPrefix) && text[2] >= '0' && text[2] <= '9';
}

ShareDecodeResult decode_share_link(std::string_view fragment) {
    const size_t hash_at = fragment.find('#');
    if (hash_at != std::string_view::npos) fragment.remove_prefix(hash_at + 1);
    if (fragment.size() > ShareLimits::kMaxLinkChars) {
        return fail("link is too long (" + std::to_string(fragment.size()) +
                    " characters; a share link holds at most " +
                    std::to_string(ShareLimits::kMaxLinkChars) + ")");
    }
    const std::string text = trim(fragment);
    if (text.empty()) return fail("no share link (the URL has no fragment)");

    // "kg<version>.<payload>"; at most 9 version digits, so the number always fits.
    size_t i = 2;
    if (!starts_with(text, kPrefix)) return fail("link is corrupt (not a KeyGrader share link)");
    while (i < text.size() && i < 11 && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == 2 || i >= text.size() || text[i] != '.') {
        return fail("link is corrupt (not a KeyGrader share link)");
    }
    const long version = std::strtol(text.substr(2, i - 2).c_str(), nullptr, 10);
    if (version > kShareLinkVersion) {
        return fail("link made by a newer KeyGrader (format " + std::to_string(version) +
                    "; this one reads up to format " + std::to_string(kShareLinkVersion) + ")");
    }
    if (version < 1) return fail("link is corrupt (unknown format " + std::to_string(version) + ")");

    std::string bytes;
    if (!share_codec::base64url_decode(std::string_view(text).substr(i + 1), bytes)) {
        return fail("link is corrupt (characters that cannot be part of a share link)");
    }
    if (bytes.size() < 4) return fail("link is corrupt (cut short)");
    const std::string_view body(bytes.data(), bytes.size() - 4);
    uint32_t stated = 0;
    for (int k = 0; k < 4; ++k) {
        stated |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[body.size() + static_cast<size_t>(k)])) << (8 * k);
    }
    if (stated != share_codec::checksum(body)) {
        return fail("link is corrupt (cut short or changed: checksum mismatch)");
    }
    ShareDecodeResult out;
    if (!read_payload(body, out.grading)) {
        return fail("link is corrupt (its content does not read as KeyGrader grades)");
    }
    out.ok = true;
    return out;
}

}  // namespace kg
