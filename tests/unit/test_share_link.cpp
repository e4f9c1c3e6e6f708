// The share link (share_link.h): round trips of real gradings (notes in Japanese, evidence,
// bonus/penalty items, edited prompt/run), what a link that does not fit the loaded files
// says, and corrupt, truncated, forged and future links that must fail cleanly.
#include <catch2/catch.hpp>

#include <random>

#include "demo_workspace.h"
#include "grading/grading.h"
#include "persist/internal/share_codec.h"
#include "persist/share_link.h"
#include "persist/workspace_io.h"

using namespace kg;

namespace {

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

// The same files, nothing graded: what a colleague has loaded before opening the link.
Workspace ungraded_copy(const Workspace& ws) {
    Workspace fresh;
    fresh.keys = ws.keys;
    for (const ReviewFile& r : ws.reviews) {
        ReviewFile copy;
        copy.name = r.name;
        copy.text = r.text;
        copy.hash = r.hash;
        const PromptRun pr = prompt_run_from_file_name(r.name);
        copy.prompt = pr.prompt;
        copy.run = pr.run;
        fresh.reviews.push_back(copy);
    }
    return fresh;
}

// The grading part of a review, comparable: verdict/note/evidence per graded problem.
std::string grading_of(const ReviewFile& r) {
    std::string s = r.prompt + "|" + std::to_string(r.run) + "|" + r.key_name + "\n";
    for (const ProblemGrade& g : r.grades) {
        if (g.verdict == Verdict::Ungraded && g.note.empty() && g.evidence.empty()) continue;
        s += g.problem_id + " " + verdict_name(g.verdict) + " [" + g.note + "]";
        for (const Evidence& e : g.evidence) {
            s += " " + std::to_string(e.line_start) + "-" + std::to_string(e.line_end);
        }
        s += "\n";
    }
    for (const ExtraItem& x : r.bonus) {
        s += "+ " + x.bonus_id + " " + x.note + " " + std::to_string(x.line_start) + "-" +
             std::to_string(x.line_end) + "\n";
    }
    for (const ExtraItem& x : r.penalties) {
        s += "- " + x.bonus_id + " " + x.note + " " + std::to_string(x.line_start) + "-" +
             std::to_string(x.line_end) + "\n";
    }
    return s;
}

Workspace sample_workspace() {
    const WorkspaceLoadResult loaded =
        load_workspace_json(read_fixture("tests/fixtures/workspace/sample-v2.json"));
    REQUIRE(loaded.ok);
    return loaded.workspace;
}

// A payload with a correct checksum, for forged links.
std::string link_for_payload(const std::string& payload, int version = 1) {
    std::string bytes = payload;
    const uint32_t sum = share_codec::checksum(bytes);
    for (int i = 0; i < 4; ++i) bytes += static_cast<char>((sum >> (8 * i)) & 0xFF);
    return "kg" + std::to_string(version) + "." + share_codec::base64url_encode(bytes);
}

}  // namespace

TEST_CASE("share codec: base64url and varints", "[share]") {
    for (const std::string& s : {std::string(""), std::string("f"), std::string("fo"),
                                std::string("foo"), std::string("foob"), std::string("\xff\x00\xfe", 3)}) {
        std::string back;
        REQUIRE(share_codec::base64url_decode(share_codec::base64url_encode(s), back));
        CHECK(back == s);
    }
    CHECK(share_codec::base64url_encode("foobar") == "Zm9vYmFy");
    CHECK(share_codec::base64url_encode("\xfb\xff") == "-_8");
    std::string out;
    CHECK_FALSE(share_codec::base64url_decode("Zm9v+mFy", out));   // '+' is not base64url
    CHECK_FALSE(share_codec::base64url_decode("Z", out));          // impossible length
    CHECK(share_codec::base64url_decode("Zm8=", out));              // padding tolerated
    CHECK(out == "fo");

    share_codec::Writer w;
    for (uint32_t v : {0u, 127u, 128u, 300u, 0x7FFFFFFFu}) w.varint(v);
    share_codec::Reader r(w.bytes());
    for (uint32_t v : {0u, 127u, 128u, 300u, 0x7FFFFFFFu}) {
        uint32_t got = 1;
        REQUIRE(r.varint(got));
        CHECK(got == v);
    }
    CHECK(r.left() == 0);
    const std::string five_bytes("\xff\xff\xff\xff\x7f", 5);   // 35 bits: too big
    share_codec::Reader too_big(five_bytes);
    uint32_t v = 0;
    CHECK_FALSE(too_big.varint(v));
    CHECK(share_codec::valid_utf8("日本語 ○△×"));
    CHECK_FALSE(share_codec::valid_utf8("\xe6\x97"));
    CHECK_FALSE(share_codec::valid_utf8("\xc0\xaf"));
}

TEST_CASE("share link round trip of the graded demo (notes, evidence, Japanese)", "[share]") {
    const Workspace original = sample_workspace();
    REQUIRE(original.reviews.size() == 4);
    const std::string link = encode_share_link(original);
    CHECK(starts_with(link, "kg1."));
    for (const char c : link) {
        const bool url_safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        REQUIRE(url_safe);
    }
    // Size of the 4-review demo with every note of LABELS.md (long English and Japanese
    // justifications, evidence ranges, 16 bonus/penalty notes): about 8.5 K characters,
    // almost all of it the notes. Without notes the grades alone are far smaller (next test).
    INFO("fragment size with full notes: " << link.size());
    CHECK(link.size() < 9000);

    Workspace target = ungraded_copy(original);
    const ShareApplyResult result = apply_share_link("#" + link, target);
    REQUIRE(result.ok);
    CHECK(result.mismatches.empty());
    CHECK(result.applied.size() == 4);
    for (size_t i = 0; i < original.reviews.size(); ++i) {
        CHECK(grading_of(target.reviews[i]) == grading_of(original.reviews[i]));
    }
    // Japanese notes survive byte for byte.
    const ProblemGrade* p05 = target.find_grade(target.reviews[3], "P05");
    REQUIRE(p05);
    CHECK(has(p05->note, "タイムアウト"));
    // Evidence text is rebuilt from the review's own lines, never carried by the link.
    const ProblemGrade* p01 = target.find_grade(target.reviews[0], "P01");
    REQUIRE(p01);
    REQUIRE(p01->evidence.size() == 1);
    CHECK(p01->evidence[0].line_start == 17);
    CHECK(has(p01->evidence[0].text, "C1. No circuit breaker for WeatherAPI.com calls"));
    CHECK(p01->review_hash == target.reviews[0].hash);
    CHECK_FALSE(p01->stale);
    CHECK_FALSE(has(link, share_codec::base64url_encode("C1. No circuit breaker")));

    // Same scores after the trip.
    const WorkspaceScores a = compute_scores(original);
    const WorkspaceScores b = compute_scores(target);
    REQUIRE(b.keys.size() == 1);
    for (size_t p = 0; p < a.keys[0].prompts.size(); ++p) {
        CHECK(b.keys[0].prompts[p].mean == a.keys[0].prompts[p].mean);
        CHECK(b.keys[0].prompts[p].sd == a.keys[0].prompts[p].sd);
    }
    CHECK(b.keys[0].recommendation.prompt == "v008-variant-redteam");
}

TEST_CASE("share link size for the 4-review demo with short notes", "[share]") {
    const Workspace ws = demo::graded_round_008();
    const std::string link = encode_share_link(ws);
    // Measured: 4 reviews × 9 verdicts, 12 bonus and 4 penalty items with short notes.
    // Names and hashes dominate (≈ 40 bytes a review); the verdicts take 3 bytes a review.
    INFO("fragment size: " << link.size());
    CHECK(link.size() < 900);
    Workspace target = ungraded_copy(ws);
    const ShareApplyResult r = apply_share_link(link, target);
    REQUIRE(r.ok);
    CHECK(r.applied.size() == 4);
    for (size_t i = 0; i < ws.reviews.size(); ++i) {
        CHECK(grading_of(target.reviews[i]) == grading_of(ws.reviews[i]));
    }
}

TEST_CASE("share link carries edited prompt/run, baseline, extras with lines", "[share]") {
    Workspace ws = demo::graded_round_008();
    ws.reviews[0].prompt = "基準プロンプト";
    ws.reviews[0].run = 7;
    ws.baseline_prompt = "基準プロンプト";
    ws.reviews[1].bonus[0].line_start = 12;
    ws.reviews[1].bonus[0].line_end = 30;
    ws.reviews[1].penalties[0].note = "セキュリティの観点で範囲外 | 署名検証";
    ws.reviews[2].grades[4].note = "";
    ws.reviews[2].grades[4].verdict = Verdict::Ungraded;   // an ungraded problem stays ungraded
    const std::string link = encode_share_link(ws);
    Workspace target = ungraded_copy(ws);
    REQUIRE(apply_share_link(link, target).ok);
    CHECK(target.reviews[0].prompt == "基準プロンプト");
    CHECK(target.reviews[0].run == 7);
    CHECK(target.baseline_prompt == "基準プロンプト");
    CHECK(target.reviews[1].bonus[0].line_start == 12);
    CHECK(target.reviews[1].bonus[0].line_end == 30);
    CHECK(target.reviews[1].bonus[0].bonus_id == "B02");
    CHECK(target.reviews[1].penalties[0].note == "セキュリティの観点で範囲外 | 署名検証");
    CHECK(target.find_grade(target.reviews[2], "P05") == nullptr);
    for (size_t i = 0; i < ws.reviews.size(); ++i) {
        CHECK(grading_of(target.reviews[i]) == grading_of(ws.reviews[i]));
    }
}

TEST_CASE("share link keeps suggestions and leaves other reviews alone", "[share]") {
    const Workspace ws = demo::graded_round_008();
    const std::string link = encode_share_link(ws);
    Workspace target = ungraded_copy(ws);
    ProblemGrade& s = target.ensure_grade(target.reviews[0], "P03");
    s.suggestion.verdict = Verdict::Detected;
    s.suggestion.confidence = 0.8;
    ReviewFile extra = target.reviews[0];
    extra.name = "v008-other-run1.md";
    extra.grades.clear();
    extra.grades.push_back({});
    extra.grades[0].problem_id = "P01";
    extra.grades[0].verdict = Verdict::Missed;
    target.reviews.push_back(extra);

    REQUIRE(apply_share_link(link, target).ok);
    const ProblemGrade* g = target.find_grade(target.reviews[0], "P03");
    REQUIRE(g);
    CHECK(g->verdict == Verdict::Partial);                // the shared human verdict
    CHECK(g->suggestion.verdict == Verdict::Detected);    // the local machine suggestion
    CHECK(g->suggestion.confidence == 0.8);
    CHECK(target.reviews[4].grades.size() == 1);
    CHECK(target.reviews[4].grades[0].verdict == Verdict::Missed);
}

TEST_CASE("share link that does not fit the loaded files says so", "[share]") {
    const Workspace ws = demo::graded_round_008();
    const std::string link = encode_share_link(ws);

    SECTION("a review is not loaded") {
        Workspace target = ungraded_copy(ws);
        target.reviews.erase(target.reviews.begin());
        const ShareApplyResult r = apply_share_link(link, target);
        REQUIRE(r.ok);
        CHECK(r.applied.size() == 3);
        REQUIRE(r.mismatches.size() == 1);
        CHECK(r.mismatches[0] == "v008-baseline-run1.md: not loaded");
    }
    SECTION("a review's content differs") {
        Workspace target = ungraded_copy(ws);
        ReviewFile& changed = target.reviews[1];
        changed.text += "\nOne more line.\n";
        changed.hash = content_hash(changed.text);
        const ShareApplyResult r = apply_share_link(link, target);
        REQUIRE(r.ok);
        CHECK(r.applied.size() == 3);
        REQUIRE(r.mismatches.size() == 1);
        CHECK(r.mismatches[0] == "v008-baseline-run2.md: content differs from the shared grading "
                                 "(loaded " + changed.hash.substr(0, 8) + "…, link " +
                                 ws.reviews[1].hash.substr(0, 8) + "…)");
        CHECK(target.reviews[1].grades.empty());   // not applied
    }
    SECTION("the key is not loaded") {
        Workspace target = ungraded_copy(ws);
        target.keys.clear();
        const ShareApplyResult r = apply_share_link(link, target);
        REQUIRE(r.ok);
        CHECK(r.applied.empty());
        REQUIRE(r.mismatches.size() == 5);
        CHECK(r.mismatches[0] == "answer-key-round-008.md: not loaded; the 4 reviews graded "
                                 "against it cannot be restored");
        CHECK(r.mismatches[1] == "v008-baseline-run1.md: not restored, its answer key "
                                 "answer-key-round-008.md does not match");
        for (const ReviewFile& rf : target.reviews) CHECK(rf.grades.empty());
    }
    SECTION("the key's content differs") {
        Workspace target = ungraded_copy(ws);
        target.keys[0].text += "\n### P10: One more\n";
        const ShareApplyResult r = check_share_link(decode_share_link(link).grading, target);
        CHECK(r.applied.empty());
        REQUIRE_FALSE(r.mismatches.empty());
        CHECK(has(r.mismatches[0], "answer-key-round-008.md: content differs from the shared grading (loaded "));
    }
    SECTION("check does not change the workspace") {
        Workspace target = ungraded_copy(ws);
        const ShareApplyResult r = check_share_link(decode_share_link(link).grading, target);
        CHECK(r.applied.size() == 4);
        for (const ReviewFile& rf : target.reviews) CHECK(rf.grades.empty());
    }
}

TEST_CASE("corrupt, truncated, foreign and future links fail cleanly", "[share]") {
    const Workspace ws = demo::graded_round_008();
    const std::string link = encode_share_link(ws);
    Workspace target = ungraded_copy(ws);
    const std::string before = save_workspace_json(target);

    auto error_of = [&](const std::string& fragment) {
        const ShareApplyResult r = apply_share_link(fragment, target);
        CHECK_FALSE(r.ok);
        CHECK(r.applied.empty());
        return r.error;
    };
    CHECK(error_of("") == "no share link (the URL has no fragment)");
    CHECK(error_of("https://example.org/keygrader/#") == "no share link (the URL has no fragment)");
    CHECK(has(error_of("#section-2"), "link is corrupt (not a KeyGrader share link)"));
    CHECK(has(error_of("kg1"), "link is corrupt"));
    CHECK(has(error_of("kg1.@@@@"), "link is corrupt (characters"));
    CHECK(has(error_of("kg1.AA"), "link is corrupt (cut short)"));
    CHECK(has(error_of("kg0." + link.substr(4)), "link is corrupt (unknown format 0)"));
    CHECK(error_of("kg2." + link.substr(4)) ==
          "link made by a newer KeyGrader (format 2; this one reads up to format 1)");
    CHECK(has(error_of("kg12." + link.substr(4)), "newer KeyGrader (format 12;"));
    CHECK(has(error_of("kg99999999999." + link.substr(4)), "link is corrupt"));   // absurd
    CHECK(has(error_of(link.substr(0, link.size() - 5)), "link is corrupt"));
    // Every truncation and many one-character changes are rejected, never half applied.
    for (size_t n = 0; n < link.size(); ++n) CHECK_FALSE(decode_share_link(link.substr(0, n)).ok);
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int rejected = 0;
    for (size_t at = 4; at < link.size(); ++at) {
        std::string bad = link;
        bad[at] = alphabet[(alphabet.find(bad[at]) + 17) % alphabet.size()];
        rejected += !decode_share_link(bad).ok;
    }
    CHECK(rejected == static_cast<int>(link.size() - 4));
    CHECK(save_workspace_json(target) == before);   // nothing was touched

    // Only "kg<digit>…" fragments are taken for share links; others belong to someone else.
    CHECK(looks_like_share_link(link));
    CHECK(looks_like_share_link("https://example.org/#kg2.AAAA"));
    CHECK(looks_like_share_link("#kg1.@@"));   // meant as a link, so reported as corrupt
    CHECK_FALSE(looks_like_share_link("#section-2"));
    CHECK_FALSE(looks_like_share_link(""));
    CHECK_FALSE(looks_like_share_link("#kgx"));
    // A whole URL works: the fragment is taken from it.
    CHECK(apply_share_link("https://example.org/keygrader/?key=keys/a.md#" + link, target).ok);
}

TEST_CASE("forged payloads with a valid checksum never crash", "[share]") {
    // Lies about counts and lengths: the decoder must refuse them without allocating.
    share_codec::Writer huge;
    huge.string("");
    huge.varint(0x7FFFFFFF);   // a key count the input cannot hold
    CHECK(has(decode_share_link(link_for_payload(huge.bytes())).error, "link is corrupt"));

    share_codec::Writer bad_index;
    bad_index.string("");
    bad_index.varint(1);            // one key
    bad_index.string("k.md");
    bad_index.byte(0);              // no hash
    bad_index.varint(1);
    bad_index.string("P01");
    bad_index.varint(1);            // one review
    bad_index.string("r-run1.md");
    bad_index.byte(0);
    bad_index.varint(5);            // key index out of range
    CHECK_FALSE(decode_share_link(link_for_payload(bad_index.bytes())).ok);

    share_codec::Writer bad_utf8;
    bad_utf8.string("\xe6\x97");
    bad_utf8.varint(0);
    bad_utf8.varint(0);
    CHECK_FALSE(decode_share_link(link_for_payload(bad_utf8.bytes())).ok);

    share_codec::Writer trailing;
    trailing.string("");
    trailing.varint(0);
    trailing.varint(0);
    CHECK(decode_share_link(link_for_payload(trailing.bytes())).ok);   // the empty grading
    trailing.byte(0);
    CHECK_FALSE(decode_share_link(link_for_payload(trailing.bytes())).ok);

    // Random payloads: whatever they say, decoding returns (ok or not) without crashing.
    std::mt19937 rng(20240508);
    const std::string real = [] {
        std::string bytes;
        const std::string link = encode_share_link(demo::graded_round_008());
        share_codec::base64url_decode(link.substr(4), bytes);
        return bytes.substr(0, bytes.size() - 4);
    }();
    for (int i = 0; i < 2000; ++i) {
        std::string p = real;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            p[rng() % p.size()] = static_cast<char>(rng() & 0xFF);
        }
        if (rng() % 3 == 0) p.resize(rng() % p.size());
        const ShareDecodeResult r = decode_share_link(link_for_payload(p));
        if (!r.ok) CHECK(has(r.error, "link is corrupt"));
    }
}

TEST_CASE("share link of a workspace with nothing graded", "[share]") {
    Workspace ws = ungraded_copy(demo::graded_round_008());
    const std::string link = encode_share_link(ws);
    const ShareDecodeResult d = decode_share_link(link);
    REQUIRE(d.ok);
    CHECK(d.grading.reviews.empty());
    const ShareApplyResult r = apply_share_link(link, ws);
    CHECK(r.ok);
    CHECK(r.applied.empty());
    CHECK(r.mismatches.empty());
}

TEST_CASE("share link: unlinked reviews and a key the sender had not loaded", "[share]") {
    Workspace ws = demo::graded_round_008();
    ws.reviews[0].key_name = "";                  // graded, then unlinked
    ws.reviews[1].key_name = "other-key.md";      // linked to a key that is not loaded here
    const std::string link = encode_share_link(ws);
    const ShareDecodeResult d = decode_share_link(link);
    REQUIRE(d.ok);
    REQUIRE(d.grading.keys.size() == 3);
    CHECK(d.grading.reviews[0].key == -1);
    const SharedKey& other = d.grading.keys[static_cast<size_t>(d.grading.reviews[1].key)];
    CHECK(other.name == "other-key.md");
    CHECK(other.hash.empty());                    // nothing to compare: matched by name only

    Workspace target = ungraded_copy(ws);
    target.keys.push_back({"other-key.md", "# Answer Key - Round 008\n"});
    const ShareApplyResult r = apply_share_link(link, target);
    REQUIRE(r.ok);
    CHECK(r.mismatches.empty());
    CHECK(r.applied.size() == 4);
    CHECK(target.reviews[0].key_name.empty());
    CHECK(target.reviews[1].key_name == "other-key.md");
    // Unlinked: ids of the right shape travel. Linked to a key without problems: its verdicts
    // name nothing the loaded key has, so they are dropped (and said); the link still applies.
    CHECK(grading_of(target.reviews[0]) == grading_of(ws.reviews[0]));
    CHECK(target.reviews[1].key_name == "other-key.md");
    CHECK(target.reviews[1].grades.empty());
    CHECK(target.reviews[1].bonus.size() == ws.reviews[1].bonus.size());
    REQUIRE(r.dropped.size() >= 1);
    CHECK_THAT(r.dropped[0], Catch::Contains("v008-baseline-run2.md: ") && Catch::Contains("graded problem id(s) ignored") &&
                                 Catch::Contains("the key does not have them"));
}
