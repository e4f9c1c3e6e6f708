// Workspace state and its JSON file: exact round trip, migration from version 1, and every
// kind of bad file refused with a clear message while the caller's state stays untouched.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <cereal/types/string.hpp>

#include "fixtures.h"
#include "base/json_read.h"
#include "base/text.h"
#include "model/workspace.h"
#include "persist/workspace_io.h"

using namespace kg;

namespace {

// A workspace that uses every field, with Japanese text, odd characters and numbers that
// do not print exactly in decimal.
Workspace rich_workspace() {
    Workspace ws;
    ws.keys.push_back({"answer-key-round-008.md", "# Answer Key - Round 008\n\n### P01: X\n"});
    ws.keys.push_back({"正解キー.md", "# 正解キー - Round 004\n\n### P01: 単一障害点\n"});

    ReviewFile r;
    r.name = "v008-baseline-run1.md";
    r.text = "# レビュー\n\n## C1. サーキットブレーカー不在\n\"quoted\" \\ back\tslash\n";
    r.hash = content_hash(r.text);
    r.prompt = "v008-baseline";
    r.run = 1;
    r.key_name = "answer-key-round-008.md";
    ProblemGrade g;
    g.problem_id = "P01";
    g.verdict = Verdict::Partial;
    g.note = "C1 は WeatherAPI を名指ししていない | pipe, comma";
    g.evidence.push_back({3, 4, "## C1. サーキットブレーカー不在"});
    g.review_hash = r.hash;
    g.stale = true;
    g.suggestion.verdict = Verdict::Detected;
    g.suggestion.confidence = 0.1 + 0.2;   // 0.30000000000000004
    g.suggestion.evidence.push_back({3, 3, "サーキットブレーカー"});
    r.grades.push_back(g);
    ProblemGrade missed;
    missed.problem_id = "P02";
    missed.verdict = Verdict::Missed;
    r.grades.push_back(missed);
    ProblemGrade ungraded;
    ungraded.problem_id = "P03";
    r.grades.push_back(ungraded);
    ProblemGrade detected;
    detected.problem_id = "P04";
    detected.verdict = Verdict::Detected;
    r.grades.push_back(detected);
    r.bonus.push_back({"cross-AZ 障害", "B01", 10, 12});
    r.penalties.push_back({"out of scope", "", 0, 0});
    ws.reviews.push_back(r);

    ReviewFile empty;
    empty.name = "v008-variant-redteam-run2.md";
    empty.prompt = "v008-variant-redteam";
    empty.run = 2;
    ws.reviews.push_back(empty);

    ws.references.push_back({"judge-report.md", "# 採点レポート\n", "reference", "by hand"});
    ws.references.push_back({"prompts/v008-baseline.md", "You are …\n", "prompt", "in prompts/"});
    ws.judges.push_back({"results/v008-baseline-scoring.md", "# Scoring\n",
                         "answer-key-round-008.md", "v008-baseline", 8});
    ws.reviews[0].grades[0].from_judge = true;
    ws.baseline_prompt = "v008-baseline";
    ws.selection.review = 1;
    ws.selection.problem = 3;
    ws.selection.reference = 0;
    ws.selection.review_scroll = 123.456f;
    ws.theme = "light";
    return ws;
}

void check_same_evidence(const std::vector<Evidence>& a, const std::vector<Evidence>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].line_start == b[i].line_start);
        CHECK(a[i].line_end == b[i].line_end);
        CHECK(a[i].text == b[i].text);
    }
}

void check_same_items(const std::vector<ExtraItem>& a, const std::vector<ExtraItem>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].note == b[i].note);
        CHECK(a[i].bonus_id == b[i].bonus_id);
        CHECK(a[i].line_start == b[i].line_start);
        CHECK(a[i].line_end == b[i].line_end);
    }
}

// Field by field, so a field that save or load forgets is caught even if both forget it.
void check_same(const Workspace& a, const Workspace& b) {
    REQUIRE(a.keys.size() == b.keys.size());
    for (size_t i = 0; i < a.keys.size(); ++i) {
        CHECK(a.keys[i].name == b.keys[i].name);
        CHECK(a.keys[i].text == b.keys[i].text);
    }
    REQUIRE(a.reviews.size() == b.reviews.size());
    for (size_t i = 0; i < a.reviews.size(); ++i) {
        const ReviewFile& x = a.reviews[i];
        const ReviewFile& y = b.reviews[i];
        CHECK(x.name == y.name);
        CHECK(x.text == y.text);
        CHECK(x.hash == y.hash);
        CHECK(x.prompt == y.prompt);
        CHECK(x.run == y.run);
        CHECK(x.key_name == y.key_name);
        REQUIRE(x.grades.size() == y.grades.size());
        for (size_t j = 0; j < x.grades.size(); ++j) {
            const ProblemGrade& g = x.grades[j];
            const ProblemGrade& h = y.grades[j];
            CHECK(g.problem_id == h.problem_id);
            CHECK(g.verdict == h.verdict);
            CHECK(g.note == h.note);
            check_same_evidence(g.evidence, h.evidence);
            CHECK(g.review_hash == h.review_hash);
            CHECK(g.stale == h.stale);
            CHECK(g.suggestion.verdict == h.suggestion.verdict);
            CHECK(g.suggestion.confidence == h.suggestion.confidence);   // exact
            check_same_evidence(g.suggestion.evidence, h.suggestion.evidence);
        }
        check_same_items(x.bonus, y.bonus);
        check_same_items(x.penalties, y.penalties);
    }
    REQUIRE(a.references.size() == b.references.size());
    for (size_t i = 0; i < a.references.size(); ++i) {
        CHECK(a.references[i].name == b.references[i].name);
        CHECK(a.references[i].text == b.references[i].text);
    }
    CHECK(a.baseline_prompt == b.baseline_prompt);
    CHECK(a.selection.review == b.selection.review);
    CHECK(a.selection.problem == b.selection.problem);
    CHECK(a.selection.reference == b.selection.reference);
    CHECK(a.selection.review_scroll == b.selection.review_scroll);   // exact
    CHECK(a.theme == b.theme);
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const size_t at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("workspace lookups", "[workspace]") {
    Workspace ws = rich_workspace();
    REQUIRE(ws.find_key("正解キー.md") != nullptr);
    CHECK(ws.find_key("正解キー.md")->text.find("単一障害点") != std::string::npos);
    CHECK(ws.find_key("missing.md") == nullptr);
    CHECK(ws.find_review("v008-variant-redteam-run2.md") == 1);
    CHECK(ws.find_review("nope.md") == -1);
    ReviewFile& r = ws.reviews[0];
    REQUIRE(ws.find_grade(r, "P02") != nullptr);
    CHECK(ws.find_grade(r, "P02")->verdict == Verdict::Missed);
    CHECK(ws.find_grade(r, "P09") == nullptr);
    const Workspace& cws = ws;
    CHECK(cws.find_grade(cws.reviews[0], "P01")->note.find("WeatherAPI") != std::string::npos);

    ProblemGrade& added = ws.ensure_grade(r, "P09");
    CHECK(added.problem_id == "P09");
    CHECK(added.verdict == Verdict::Ungraded);
    CHECK(r.grades.size() == 5);
    ws.ensure_grade(r, "P09").verdict = Verdict::Detected;
    CHECK(r.grades.size() == 5);
    CHECK(ws.find_grade(r, "P09")->verdict == Verdict::Detected);
}

TEST_CASE("stale grades follow the review's content hash", "[workspace]") {
    Workspace ws = rich_workspace();
    ReviewFile& r = ws.reviews[0];
    for (ProblemGrade& g : r.grades) g.review_hash = r.hash;
    CHECK(mark_stale_grades(r) == 0);
    CHECK_FALSE(r.grades[0].stale);

    r.text += "edited\n";
    r.hash = content_hash(r.text);
    // P01 (partial), P02 (missed), P04 (detected) were graded; P03 never was.
    CHECK(mark_stale_grades(r) == 3);
    CHECK(r.grades[0].stale);
    CHECK_FALSE(r.grades[2].stale);

    r.grades[0].review_hash = r.hash;   // the grader confirmed P01
    CHECK(mark_stale_grades(r) == 2);
    CHECK_FALSE(r.grades[0].stale);
}

TEST_CASE("save writes the versioned JSON shape", "[workspace]") {
    const std::string json = save_workspace_json(rich_workspace());
    rapidjson::Document doc;
    doc.Parse(json.c_str());
    REQUIRE_FALSE(doc.HasParseError());
    CHECK(std::string(doc["format"].GetString()) == "keygrader-workspace");
    CHECK(doc["version"].GetInt() == kWorkspaceVersion);
    CHECK(kWorkspaceVersion == 3);
    const rapidjson::Value& ws = doc["workspace"];
    CHECK(ws["theme"].GetString() == std::string("light"));
    const rapidjson::Value& g = ws["reviews"][0]["grades"][0];
    CHECK(g["verdict"].GetString() == std::string("partial"));
    CHECK(g["suggestion"]["verdict"].GetString() == std::string("detected"));
    CHECK(ws["reviews"][0]["grades"][1]["verdict"].GetString() == std::string("missed"));
    CHECK(ws["reviews"][0]["grades"][2]["verdict"].GetString() == std::string("ungraded"));
    CHECK(ws["reviews"][0]["grades"][3]["verdict"].GetString() == std::string("detected"));
    CHECK(ws["selection"]["review"].GetInt() == 1);
    // Japanese is written as UTF-8, not as \u escapes.
    CHECK(json.find("サーキットブレーカー不在") != std::string::npos);
}

TEST_CASE("round trip is exact", "[workspace]") {
    const Workspace original = rich_workspace();
    const std::string json = save_workspace_json(original);
    WorkspaceLoadResult r = load_workspace_json(json);
    REQUIRE(r.ok);
    CHECK(r.error.empty());
    CHECK(r.loaded_version == 3);
    CHECK_FALSE(r.migrated);
    check_same(original, r.workspace);
    CHECK(save_workspace_json(r.workspace) == json);

    SECTION("an empty workspace too") {
        WorkspaceLoadResult e = load_workspace_json(save_workspace_json(Workspace{}));
        REQUIRE(e.ok);
        check_same(Workspace{}, e.workspace);
        CHECK(e.workspace.theme.empty());   // follows the system until the user picks
        CHECK(e.workspace.selection.review == -1);
    }
    SECTION("fields in another order and unknown extra fields still load") {
        std::string reordered = json;
        reordered = replace_once(reordered, "{\n  \"format\"",
                                 "{\n  \"saved_by\": {\"app\": [1, 2]},\n  \"format\"");
        reordered = replace_once(reordered, "\"theme\": \"light\"",
                                 "\"theme\": \"light\", \"future\": null");
        WorkspaceLoadResult o = load_workspace_json(reordered);
        REQUIRE(o.ok);
        check_same(original, o.workspace);
    }
}

TEST_CASE("version 1 files are migrated", "[workspace]") {
    const std::string v1 = read_fixture("tests/fixtures/workspace/v1.json");
    REQUIRE_FALSE(v1.empty());
    WorkspaceLoadResult r = load_workspace_json(v1);
    INFO(r.error);
    REQUIRE(r.ok);
    CHECK(r.loaded_version == 1);
    CHECK(r.migrated);
    const Workspace& ws = r.workspace;
    REQUIRE(ws.keys.size() == 1);
    CHECK(ws.keys[0].name == "mini-key.md");
    CHECK(ws.baseline_prompt == "v001-baseline");
    CHECK(ws.theme.empty());
    CHECK(ws.references.empty());
    REQUIRE(ws.reviews.size() == 2);

    const ReviewFile& base = ws.reviews[0];
    CHECK(base.name == "v001-baseline-run1.md");
    CHECK(base.prompt == "v001-baseline");
    CHECK(base.run == 1);
    CHECK(base.key_name == "mini-key.md");
    CHECK(base.hash == content_hash(base.text));
    REQUIRE(ws.find_grade(base, "P01") != nullptr);
    CHECK(ws.find_grade(base, "P01")->verdict == Verdict::Detected);
    CHECK(ws.find_grade(base, "P01")->note == "C1 names the retry storm");
    CHECK(ws.find_grade(base, "P01")->review_hash == base.hash);
    CHECK_FALSE(ws.find_grade(base, "P01")->stale);
    CHECK(ws.find_grade(base, "P02")->verdict == Verdict::Partial);
    CHECK(ws.find_grade(base, "P02")->note.empty());
    // A note without a verdict survives as an ungraded grade.
    REQUIRE(ws.find_grade(base, "P03") != nullptr);
    CHECK(ws.find_grade(base, "P03")->verdict == Verdict::Ungraded);
    CHECK(ws.find_grade(base, "P03")->note == "note without a verdict");
    REQUIRE(base.bonus.size() == 1);
    CHECK(base.bonus[0].note == "cross-AZ failure scenario");
    REQUIRE(base.penalties.size() == 2);
    CHECK(base.penalties[1].note == "wrong: claims TLS is missing");

    const ReviewFile& ja = ws.reviews[1];
    CHECK(ja.text.find("単一障害点") != std::string::npos);
    CHECK(ws.find_grade(ja, "P01")->verdict == Verdict::Missed);
    CHECK(ws.find_grade(ja, "P02")->verdict == Verdict::Ungraded);
    CHECK(ja.bonus.empty());

    // Saved again, it is a version 2 file that loads without migration.
    WorkspaceLoadResult again = load_workspace_json(save_workspace_json(ws));
    REQUIRE(again.ok);
    CHECK_FALSE(again.migrated);
    check_same(ws, again.workspace);
}

TEST_CASE("bad version 1 files are refused with the field named", "[workspace]") {
    const std::string v1 = read_fixture("tests/fixtures/workspace/v1.json");
    WorkspaceLoadResult bad_symbol = load_workspace_json(
        replace_once(v1, "\"P02\": \"△\"", "\"P02\": \"?\""));
    CHECK_FALSE(bad_symbol.ok);
    CHECK_THAT(bad_symbol.error, Catch::Contains("reviews[0].verdicts.P02"));
    WorkspaceLoadResult no_text = load_workspace_json(
        replace_once(v1, "\"text\": \"# Review", "\"txt\": \"# Review"));
    CHECK_FALSE(no_text.ok);
    CHECK_THAT(no_text.error, Catch::Contains("missing field \"reviews[0].text\""));
    CHECK(no_text.workspace.reviews.empty());
}

TEST_CASE("corrupt, truncated, future and foreign files give one clear line", "[workspace]") {
    struct Case { std::string json; std::string expected; };
    const std::string good = save_workspace_json(rich_workspace());
    Workspace plain_numbers = rich_workspace();
    plain_numbers.reviews[0].grades[0].suggestion.confidence = 0.75;
    plain_numbers.selection.review_scroll = 12.5f;
    const std::string plain = save_workspace_json(plain_numbers);
    const Case cases[] = {
        {"", "not JSON (the file is empty)"},
        {"  \n ", "not JSON (the file is empty)"},
        {"{\"format\": \"keygrader-workspace\",\n \"version\": 2,\n \"workspace\": {,}}",
         "not JSON (line 3, column 16: "},
        {"# レビュー\nnot json", "not JSON (line 1, column 1: "},
        {"{\"a\": 1} trailing", "not JSON (line 1, column 10: "},
        {"[1, 2]", "not a KeyGrader workspace (the top level is not an object)"},
        {"{\"version\": 2}", "not a KeyGrader workspace (no \"format\""},
        {"{\"format\": \"other-app\", \"version\": 2}",
         "not a KeyGrader workspace (format \"other-app\")"},
        // A zero with a large exponent: undefined behaviour in rapidjson's full-precision
        // number reader (found by fuzz_workspace; kept in tests/fuzz/regressions too).
        {"{\"format\": \"keygrader-workspace\", \"version\": 2, \"x\": -0e51}",
         "a number KeyGrader does not write (zero with an exponent, line 1, column "},
        {"{\"format\": \"keygrader-workspace\", \"version\": 2, \"x\": [0.000E+300]}",
         "a number KeyGrader does not write (zero with an exponent, line 1, column "},
        {"{\"format\": \"keygrader-workspace\"}", "missing or non-integer \"version\""},
        {"{\"format\": \"keygrader-workspace\", \"version\": \"2\"}",
         "missing or non-integer \"version\""},
        {"{\"format\": \"keygrader-workspace\", \"version\": 4, \"anything\": []}",
         "saved by a newer KeyGrader (version 4; this one reads up to 3)"},
        {"{\"format\": \"keygrader-workspace\", \"version\": 0}", "unknown version 0"},
        {"{\"format\": \"keygrader-workspace\", \"version\": 2}",
         "invalid workspace: missing field \"workspace\""},
        {replace_once(good, "\"theme\": \"light\"", "\"colour\": \"light\""),
         "missing field \"workspace.theme\""},
        {replace_once(good, "\"run\": 1", "\"run\": \"1\""),
         "field \"workspace.reviews[0].run\" should be an integer"},
        {replace_once(good, "\"run\": 1", "\"run\": 1.5"),
         "field \"workspace.reviews[0].run\" should be an integer"},
        {replace_once(good, "\"verdict\": \"missed\"", "\"verdict\": \"×\""),
         "\"workspace.reviews[0].grades[1].verdict\" has unknown verdict"},
        {replace_once(plain, "\"confidence\": 0.75", "\"confidence\": NaN"),
         "\"workspace.reviews[0].grades[0].suggestion.confidence\" should be a finite number"},
        {replace_once(plain, "\"review_scroll\": 12.5", "\"review_scroll\": 1e300"),
         "should be a finite number"},
        {replace_once(good, "\"stale\": true", "\"stale\": 1"), "should be true or false"},
        {replace_once(good, "\"references\": [", "\"references\": [7, "),
         "field \"workspace.references[0]\" should be an object"},
        // Invalid UTF-8 (a lone continuation byte, a surrogate) inside a string: the text is
        // not valid throughout, so the checking parse runs and names the place.
        {"{\"format\": \"keygrader-workspace\",\n \"version\": 2, \"x\": \"ab\x80\"}",
         "invalid UTF-8 in a string (line 2, column 24)"},
        {replace_once(good, "\"theme\": \"light\"", "\"theme\": \"li\xED\xA0\x80ght\""),
         "invalid UTF-8 in a string (line "},
    };
    for (const Case& c : cases) {
        INFO("input: " << c.json.substr(0, 120));
        WorkspaceLoadResult r = load_workspace_json(c.json);
        CHECK_FALSE(r.ok);
        CHECK_THAT(r.error, Catch::Contains(c.expected));
        CHECK(r.error.find('\n') == std::string::npos);
        CHECK(r.workspace.reviews.empty());
        CHECK(r.workspace.keys.empty());
    }
}

TEST_CASE("every truncation of a saved file is refused, never a crash", "[workspace]") {
    const std::string good = save_workspace_json(rich_workspace());
    for (size_t len = 0; len + 2 < good.size(); len += 7) {   // +2: "}\n" is the full file
        WorkspaceLoadResult r = load_workspace_json(std::string_view(good).substr(0, len));
        INFO("length " << len);
        CHECK_FALSE(r.ok);
        CHECK_FALSE(r.error.empty());
    }
    CHECK(load_workspace_json(std::string_view(good).substr(0, good.size() - 1)).ok);
}

TEST_CASE("deep nesting is refused without exhausting the stack", "[workspace]") {
    const std::string brackets(200000, '[');
    WorkspaceLoadResult r = load_workspace_json(brackets);
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.error, Catch::StartsWith("not JSON"));

    std::string nested = "{\"format\": \"keygrader-workspace\", \"version\": 2, \"x\": ";
    nested += std::string(5000, '[') + std::string(5000, ']') + "}";
    WorkspaceLoadResult deep = load_workspace_json(nested);
    CHECK_FALSE(deep.ok);
    CHECK_THAT(deep.error, Catch::Contains("nested deeper than"));
}

TEST_CASE("a failed load leaves the caller's workspace untouched", "[workspace]") {
    Workspace current = rich_workspace();
    const std::string before = save_workspace_json(current);
    std::string error;

    CHECK_FALSE(load_workspace_into("{\"format\": \"keygrader-workspace\", \"version\": 9}",
                                    current, error));
    CHECK_THAT(error, Catch::Contains("newer KeyGrader"));
    CHECK(save_workspace_json(current) == before);

    CHECK_FALSE(load_workspace_into(before.substr(0, before.size() / 2), current, error));
    CHECK_THAT(error, Catch::StartsWith("not JSON"));
    CHECK(save_workspace_json(current) == before);

    // Damage deep inside: the header and most of the body are fine, one grade is not.
    CHECK_FALSE(load_workspace_into(replace_once(before, "\"verdict\": \"missed\"",
                                                 "\"verdict\": 3"),
                                    current, error));
    CHECK(save_workspace_json(current) == before);

    // And a good load does replace it.
    Workspace other;
    other.theme = "light";
    REQUIRE(load_workspace_into(save_workspace_json(other), current, error));
    CHECK(current.reviews.empty());
    CHECK(current.theme == "light");
}

TEST_CASE("cereal reads through the buffered stream wrapper, and its assertions still throw", "[workspace]") {
    // base/json_read.h puts a wrapper that reads the stream's buffer directly in place of
    // rapidjson 1.1.0's character-by-character one (two thirds of a large load).
    STATIC_REQUIRE(rapidjson::IStreamWrapper::kReadsBufferDirectly);

    // Every kind of character comes through unchanged, up to the end of the stream.
    const std::string text = u8"ascii \"quoted\" \\ tab\t 正解キー 🔴 \u00e9";
    std::string json;
    {
        std::ostringstream os;
        {
            cereal::JSONOutputArchive out(os);
            out(cereal::make_nvp("text", text));
        }
        json = os.str();
    }
    std::istringstream is(json);
    cereal::JSONInputArchive in(is);
    std::string back;
    in(cereal::make_nvp("text", back));
    CHECK(back == text);

    // A value of the wrong type is a rapidjson assertion, which must throw (cereal's
    // contract), not pass silently.
    std::istringstream wrong(R"({"text": 5})");
    cereal::JSONInputArchive bad(wrong);
    std::string s;
    CHECK_THROWS_AS(bad(cereal::make_nvp("text", s)), cereal::RapidJSONException);
}

TEST_CASE("the zero-with-exponent check sees numbers, not strings", "[workspace]") {
    using json::find_zero_with_exponent;
    const auto npos = std::string_view::npos;
    CHECK(find_zero_with_exponent(R"({"x": -0e51})") != npos);
    CHECK(find_zero_with_exponent(R"({"x": [1, 0.000E+300]})") != npos);
    CHECK(find_zero_with_exponent(R"({"x": 1e5, "y": 0.5, "z": -0.0})") == npos);
    CHECK(find_zero_with_exponent(R"({"x": "-0e51"})") == npos);             // text, not a number
    CHECK(find_zero_with_exponent(R"({"x": "say \"-0e51\" twice"})") == npos);   // escaped quotes
    CHECK(find_zero_with_exponent(R"({"x": "ends in a backslash \\", "y": 0e1})") != npos);
    CHECK(find_zero_with_exponent(R"({"x": "\\\"", "y": 0e1})") != npos);
    CHECK(find_zero_with_exponent(R"({"-0e5": true, "false": null})") == npos);   // keys, keywords
    CHECK(find_zero_with_exponent(R"(not json -0e5)") == npos);   // rapidjson stops at "not"
    CHECK(find_zero_with_exponent(R"({"x": "never closed -0e5)") == npos);
}
