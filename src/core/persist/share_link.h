// "Copy share link" (issue 5): the grades and notes of a workspace — never the file texts —
// packed into a URL fragment, and applied back to a workspace whose files match.
//
// Fragment: "kg1." + base64url(payload), where 1 is the format version (a link made by a newer
// KeyGrader says so instead of reading as garbage). Payload, all integers as LEB128 varints,
// strings as varint length + UTF-8 bytes:
//   baseline prompt (string)
//   keys:    count, then per key: name, flags (bit 1: an 8-byte content hash follows), hash,
//            problem id count + ids (the ids graded in any shared review of that key: the
//            verdicts below index into this list). A key entry named "" holds unlinked reviews.
//   reviews: count, then per review:
//            name, flags (bit 0: prompt + run follow because they differ from what the file
//            name says; bit 1: an 8-byte content hash follows), hash, [prompt, run],
//            key entry index,
//            verdicts: 2 bits per key problem id (0 ungraded, 1 ○, 2 △, 3 ×), packed 4 a byte,
//            notes: count, then (problem index, text),
//            evidence: count, then (problem index, line_start, line_end),
//            bonus items, penalty items: count, then (note, bonus id, line_start, line_end)
//   checksum: FNV-1a 32 of everything above (4 bytes), so a truncated or mangled link is
//             reported as corrupt rather than half applied.
// Hand packed, not deflated: zlib is not available in the wasm build. Measured on the round
// 008 demo (4 reviews × 9 problems, 16 bonus/penalty items): 824 characters with short notes;
// 8.5 K characters with every justification of assets/reviews/LABELS.md as notes (the notes
// are almost all of it). tests/unit/test_share_link.cpp measures and bounds both.
#pragma once
#include <string>
#include <string_view>
#include <vector>
#include "grading/grading.h"   // ParsedKeyLookup
#include "model/workspace.h"

namespace kg {

constexpr int kShareLinkVersion = 1;

// The fragment (without '#') for every review of the workspace that has any grade, note,
// bonus or penalty. Evidence keeps only its line ranges (its text is the review's own lines).
std::string encode_share_link(const Workspace& ws);

// What a link holds, decoded but not yet applied.
struct SharedKey {
    std::string name;
    std::string hash;                      // 16 hex digits, as content_hash writes them
    std::vector<std::string> problem_ids;
};
struct SharedReview {
    std::string name;
    std::string hash;
    std::string prompt;
    int run = 0;
    int key = -1;                          // index into SharedGrading::keys, -1 = not linked
    std::vector<ProblemGrade> grades;      // verdict, note, evidence line ranges
    std::vector<ExtraItem> bonus;
    std::vector<ExtraItem> penalties;
};
struct SharedGrading {
    std::string baseline_prompt;
    std::vector<SharedKey> keys;
    std::vector<SharedReview> reviews;
};

struct ShareDecodeResult {
    bool ok = false;
    std::string error;     // "link is corrupt (...)", "link made by a newer KeyGrader (...)", ...
    SharedGrading grading;
};
// Whether a URL fragment (with or without '#', or a whole URL) is meant as a share link
// ("kg" + digit): the page then reports on it even when it is corrupt, and leaves any other
// fragment alone.
bool looks_like_share_link(std::string_view fragment);

// Accepts the fragment with or without its '#', or a whole URL (the part after '#' is used).
// Never throws, never reads past its input, never allocates more than the input allows.
ShareDecodeResult decode_share_link(std::string_view fragment);

// Caps on what a link may carry: a 13 KB link must not grow the workspace by megabytes or
// stall the page. A longer fragment is refused unread; past the other caps the item is dropped
// and said, the rest of the link still applies.
struct ShareLimits {
    static constexpr size_t kMaxLinkChars = 2 * 1024 * 1024;   // Chromium's URL limit; a round is ~10 K
    static constexpr size_t kMaxNoteBytes = 4000;         // per note (cut at a UTF-8 boundary)
    static constexpr size_t kMaxEvidencePerGrade = 8;
    static constexpr int kMaxEvidenceLines = 80;           // lines one evidence range may span
    static constexpr size_t kMaxExtrasPerReview = 20;      // bonus items, and penalty items
    static constexpr size_t kMaxPromptBytes = 64;
};

// What applying a link would do to one review (shown before the user accepts it).
struct ShareChange {
    std::string review;        // the review's name (path)
    int verdicts = 0;          // verdicts the link sets
    int replaced = 0;          // ...of which replace a different verdict already given
    int cleared = 0;           // verdicts already given that the link does not have (removed)
    int notes = 0;
    int evidence = 0;
    int extras = 0;            // bonus and penalty items
};

struct ShareApplyResult {
    bool ok = false;                       // the link was readable (even if nothing matched)
    std::string error;                     // when !ok: why the link cannot be read
    std::vector<std::string> applied;      // review names whose grading was restored
    std::vector<ShareChange> changes;      // one per applied review, in the same order
    std::vector<std::string> dropped;      // parts of matching reviews the link may not set:
        // "v008-baseline-run1.md: 2 problem ids the key does not have are ignored (P99, …)"
        // "v008-baseline-run1.md: run 2147483647 is not a run number (0 to 999); kept 1"
    std::vector<std::string> mismatches;   // one clear line each, e.g.
        // "v008-baseline-run1.md: not loaded"
        // "v008-baseline-run2.md: content differs from the shared grading (loaded 1a2b3c4d…, link 5e6f7a8b…)"
        // "answer-key-round-008.md: content differs from the shared grading (...); its 2 reviews are not applied"
};
// Checks a decoded link against a workspace without changing it (the page shows this
// before applying): what matches, what it would change, what it may not set.
// parsed_key: the caller's cache of parsed keys (the page passes the Session's), so checking
// a link never parses a loaded key again; empty: parsed here.
ShareApplyResult check_share_link(const SharedGrading& g, const Workspace& ws,
                                  const ParsedKeyLookup& parsed_key = {});
ShareApplyResult check_share_link(std::string_view fragment, const Workspace& ws,
                                  const ParsedKeyLookup& parsed_key = {});
// Restores the shared grading of every review whose file (and key file) match by name and
// content hash, validated against the loaded files (problem ids of the key, bonus ids, run
// numbers, prompt names, evidence line ranges inside the review, the caps above): its verdicts, notes, evidence, bonus and penalty items, prompt, run and key
// link are replaced by the link's, and so is the baseline choice (when anything applies);
// machine suggestions already in the workspace are kept.
// Reviews of the workspace that the link does not mention are left alone. On an unreadable
// link the workspace is not touched.
ShareApplyResult apply_share_link(std::string_view fragment, Workspace& ws,
                                  const ParsedKeyLookup& parsed_key = {});

}  // namespace kg
