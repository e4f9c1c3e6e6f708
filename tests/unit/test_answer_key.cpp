#include <catch2/catch.hpp>

#include <string>

#include "key/answer_key.h"
#include "fixtures.h"

using namespace kg;

namespace {

KeyParseResult parse_fixture(const std::string& name) {
    return parse_answer_key(read_fixture("tests/fixtures/keys/" + name));
}

bool has_all_criteria(const Problem& p) {
    return !p.criteria.detected.empty() && !p.criteria.partial.empty() && !p.criteria.missed.empty();
}

bool has_warning(const AnswerKey& key, int line, const std::string& part) {
    for (const Diagnostic& d : key.warnings) {
        if (d.line == line && d.message.find(part) != std::string::npos) return true;
    }
    return false;
}

std::string warnings_of(const AnswerKey& key) {
    std::string out;
    for (const Diagnostic& d : key.warnings) out += std::to_string(d.line) + ": " + d.message + "\n";
    return out;
}

// A one-problem key to vary a single part of the format.
std::string small_key(const std::string& criteria_block, const std::string& bonus_heading,
                      const std::string& bonus_header) {
    return "# Answer Key - Round 008\n\n"
           "## Execution Conditions\n- **Perspective**: reliability\n- **Target**: design\n"
           "- **Embedded Problems**: 1\n\n"
           "## Embedded Problem Details\n\n"
           "### P01: Title\n- **Category**: Cat\n- **Severity**: Critical\n- **Location**: Sec 1\n"
           "- **Problem Description**: Desc.\n- **Detection Criteria**:\n" +
           criteria_block + "\n" + bonus_heading + "\n\n" + bonus_header +
           "\n|---|---|---|---|\n| B01 | Cat | Something | When mentioned |\n";
}

const std::string kStandardCriteria =
    "  - ○ (Detected): det\n  - △ (Partial): part\n  - × (Not Detected): miss\n";

}  // namespace

TEST_CASE("the real round 008 key: 9 problems, all criteria, 7 bonus rows, no warnings", "[key]") {
    const KeyParseResult r = parse_answer_key(read_fixture("keys/answer-key-round-008.md"));
    REQUIRE(r.is_key);
    const AnswerKey& k = r.key;
    INFO(warnings_of(k));
    CHECK(k.warnings.empty());
    CHECK(k.title == "Answer Key - Round 008");
    CHECK(k.round == 8);
    CHECK(k.perspective == "reliability");
    CHECK(k.target == "design");
    CHECK(k.declared_problems == 9);
    REQUIRE(k.problems.size() == 9);
    for (size_t i = 0; i < k.problems.size(); ++i) {
        const Problem& p = k.problems[i];
        CHECK(p.id == "P0" + std::to_string(i + 1));
        CHECK(has_all_criteria(p));
        CHECK_FALSE(p.category.empty());
        CHECK_FALSE(p.severity.empty());
        CHECK_FALSE(p.location.empty());
        CHECK_FALSE(p.description.empty());
        CHECK(p.line == 10 + 10 * static_cast<int>(i));
    }
    const Problem& p1 = k.problems[0];
    CHECK(p1.title == "No circuit breaker for WeatherAPI calls");
    CHECK(p1.category == "Fault Recovery Design");
    CHECK(p1.severity == "Critical");
    CHECK(p1.location == "Section 6 - Implementation Details, Error Handling");
    CHECK(p1.criteria.detected.rfind("Explicitly identifies the absence of circuit breaker", 0) == 0);
    CHECK(p1.criteria.missed == "No mention of circuit breaker, fault recovery for external API calls, or retry storm risks");
    CHECK(k.problems[8].severity == "Moderate");
    REQUIRE(k.bonus.size() == 7);
    CHECK(k.bonus[0].id == "B01");
    CHECK(k.bonus[0].category == "Availability & Redundancy");
    CHECK(k.bonus[0].content.rfind("Multi-AZ deployment", 0) == 0);
    CHECK(k.bonus[0].criteria.rfind("Identifies need for cross-AZ", 0) == 0);
    CHECK(k.bonus[0].line == 104);
    CHECK(k.bonus[6].id == "B07");
}

TEST_CASE("Japanese layout with full-width parentheses and colons", "[key][ja]") {
    const KeyParseResult r = parse_fixture("ja-layout.md");
    REQUIRE(r.is_key);
    const AnswerKey& k = r.key;
    INFO(warnings_of(k));
    CHECK(k.warnings.empty());
    CHECK(k.round == 4);
    CHECK(k.perspective == "セキュリティ");
    CHECK(k.target == "設計書");
    CHECK(k.declared_problems == 3);   // "3問"
    REQUIRE(k.problems.size() == 3);
    const Problem& p = k.problems[0];
    CHECK(p.id == "P01");                                   // "P01：" full-width colon
    CHECK(p.title == "認証トークンの有効期限が定義されていない");
    CHECK(p.category == "認証・認可");
    CHECK(p.severity == "重大");
    CHECK(p.location == "第4章 API設計");
    // Two source lines of Japanese join without a space.
    CHECK(p.description == "アクセストークンの有効期限とリフレッシュ方式が記載されておらず、漏えいしたトークンが無期限に使える。");
    CHECK(p.criteria.detected == "トークンの有効期限の欠如を指摘し、漏えい時のリスクを説明している");
    CHECK(p.criteria.partial == "認証の強化を一般的に述べるが、有効期限には触れていない");
    CHECK(p.criteria.missed == "トークンの有効期限に関する言及がない");
    for (const Problem& q : k.problems) CHECK(has_all_criteria(q));
    REQUIRE(k.bonus.size() == 2);   // table after a sentence, カテゴリ/内容/ボーナス条件
    CHECK(k.bonus[1].id == "B02");
    CHECK(k.bonus[1].category == "可用性");
    CHECK(k.bonus[1].content == "認証サーバが単一構成");
    CHECK(k.bonus[1].criteria == "認証サーバのSPOFを指摘");
}

TEST_CASE("Japanese title forms give the round", "[key][ja]") {
    const KeyParseResult colon = parse_fixture("ja-title-colon.md");
    REQUIRE(colon.is_key);
    CHECK(colon.key.round == 3);
    CHECK(colon.key.perspective == "信頼性");   // "**観点**：信頼性"
    CHECK(colon.key.declared_problems == 2);
    INFO(warnings_of(colon.key));
    CHECK(colon.key.warnings.empty());
    REQUIRE(colon.key.problems.size() == 2);
    CHECK(colon.key.problems[0].criteria.detected == "リトライ上限の欠如を指摘");   // bare "○:"
    CHECK(colon.key.problems[1].criteria.partial == "バックアップに触れるが復元に触れない");   // "△ 部分検出:"

    const KeyParseResult plain = parse_fixture("ja-plain-title.md");
    REQUIRE(plain.is_key);
    CHECK(plain.key.title == "正解キー");
    CHECK(plain.key.round == -1);
    CHECK(plain.key.warnings.empty());
    CHECK(plain.key.declared_problems == 1);
}

TEST_CASE("every criteria label form", "[key]") {
    struct Form {
        const char* name;
        std::string block;
    };
    const Form forms[] = {
        {"(Detected)", kStandardCriteria},
        {"full-width", "  - ○（検出）: det\n  - △（部分検出）: part\n  - ×（未検出）: miss\n"},
        {"full-width colons", "  - ○（検出）：det\n  - △（部分検出）：part\n  - ×（未検出）：miss\n"},
        {"Full/Partial/No Detection", "  - ○ (Full Detection): det\n  - △ (Partial Detection): part\n  - × (No Detection): miss\n"},
        {"Undetected", "  - ○ (Detected): det\n  - △ (Partial): part\n  - × (Undetected): miss\n"},
        {"Missed", "  - ○ (Detected): det\n  - △ (Partial): part\n  - × (Missed): miss\n"},
        {"bare symbols", "  - ○: det\n  - △: part\n  - ×: miss\n"},
        {"bold labels", "  - **○ (Detected)**: det\n  - **△ (Partial)**: part\n  - **× (Not Detected)**: miss\n"},
        {"words only", "  - Detected: det\n  - Partial: part\n  - Not Detected: miss\n"},
    };
    for (const Form& f : forms) {
        INFO(f.name);
        const KeyParseResult r = parse_answer_key(small_key(f.block, "## Bonus Problem Candidates",
                                                            "| ID | Category | Content | Bonus Criteria |"));
        REQUIRE(r.is_key);
        INFO(warnings_of(r.key));
        CHECK(r.key.warnings.empty());
        REQUIRE(r.key.problems.size() == 1);
        CHECK(r.key.problems[0].criteria.detected == "det");
        CHECK(r.key.problems[0].criteria.partial == "part");
        CHECK(r.key.problems[0].criteria.missed == "miss");
    }
}

TEST_CASE("every bonus heading name and column naming", "[key]") {
    const char* headings[] = {"## Bonus Problem Candidates", "## Bonus Problems", "## Bonus Problem List",
                              "## Bonus Issues", "## Bonus Issue List", "## ボーナス問題リスト"};
    const char* headers[] = {"| ID | Category | Content | Bonus Criteria |",
                             "| ID | Category | Description | Bonus Condition |",
                             "| ID | カテゴリ | 内容 | ボーナス条件 |"};
    for (const char* h : headings) {
        for (const char* cols : headers) {
            INFO(h << " / " << cols);
            const KeyParseResult r = parse_answer_key(small_key(kStandardCriteria, h, cols));
            REQUIRE(r.is_key);
            INFO(warnings_of(r.key));
            CHECK(r.key.warnings.empty());
            REQUIRE(r.key.bonus.size() == 1);
            CHECK(r.key.bonus[0].id == "B01");
            CHECK(r.key.bonus[0].category == "Cat");
            CHECK(r.key.bonus[0].content == "Something");
            CHECK(r.key.bonus[0].criteria == "When mentioned");
        }
    }
}

TEST_CASE("English fixture variants parse cleanly", "[key]") {
    struct Case {
        const char* file;
        int round;
        size_t problems;
        size_t bonus;
    };
    const Case cases[] = {
        {"en-full-detection.md", 5, 2, 1},   // Execution Context, Embedded Problems, Description/Bonus Condition
        {"en-undetected.md", 6, 2, 2},       // Embedded Issues, Bonus Problem List after a sentence
        {"en-missed-bare.md", 7, 2, 1},      // Embedded Problem List, "○:", "(Missed)", Bonus Issues
        {"en-bonus-issue-list.md", 9, 1, 2}, // Bonus Issue List
        {"en-no-bonus.md", 10, 1, 0},        // no bonus section at all
    };
    for (const Case& c : cases) {
        INFO(c.file);
        const KeyParseResult r = parse_fixture(c.file);
        REQUIRE(r.is_key);
        INFO(warnings_of(r.key));
        CHECK(r.key.warnings.empty());
        CHECK(r.key.round == c.round);
        CHECK(r.key.declared_problems == static_cast<int>(c.problems));
        REQUIRE(r.key.problems.size() == c.problems);
        for (const Problem& p : r.key.problems) CHECK(has_all_criteria(p));
        CHECK(r.key.bonus.size() == c.bonus);
    }
    const KeyParseResult full = parse_fixture("en-full-detection.md");
    CHECK(full.key.problems[0].criteria.missed == "No mention of result-set size");
    CHECK(full.key.bonus[0].criteria == "Suggests caching catalogue reads");
}

TEST_CASE("table layout: groups, ids S/D/L, total line as declared count", "[key][ja]") {
    const KeyParseResult r = parse_fixture("table-layout.md");
    REQUIRE(r.is_key);
    const AnswerKey& k = r.key;
    INFO(warnings_of(k));
    CHECK(k.warnings.empty());   // no criteria expected in this layout
    CHECK(k.round == 6);
    CHECK(k.declared_problems == 10);
    REQUIRE(k.problems.size() == 10);
    CHECK(k.problems[0].id == "S1");
    CHECK(k.problems[0].title == "タイムアウト値が未定義");
    CHECK(k.problems[0].location == "3.2 外部API");
    CHECK(k.problems[0].category == "障害回復");
    CHECK(k.problems[0].group == "Surface (S)");
    CHECK(k.problems[0].line == 13);
    CHECK(k.problems[4].id == "D2");
    CHECK(k.problems[4].group == "Deep (D)");
    CHECK(k.problems[9].id == "L4");
    CHECK(k.problems[9].group == "Latent (L)");
    CHECK(k.problems[9].criteria.detected.empty());
}

TEST_CASE("table layout: a wrong total or group count is reported", "[key]") {
    std::string text = read_fixture("tests/fixtures/keys/table-layout.md");
    const size_t at = text.find("(S:3, D:3, L:4)");
    REQUIRE(at != std::string::npos);
    text.replace(at, 15, "(S:3, D:2, L:4)");
    const KeyParseResult r = parse_answer_key(text);
    REQUIRE(r.is_key);
    CHECK(r.key.warnings.size() == 1);
    CHECK(has_warning(r.key, 34, "counts 2 D problems but 3 were found"));
}

TEST_CASE("declared count disagreeing with the problems found", "[key]") {
    const KeyParseResult r = parse_fixture("count-mismatch.md");
    REQUIRE(r.is_key);
    CHECK(r.key.declared_problems == 3);
    CHECK(r.key.problems.size() == 2);
    REQUIRE(r.key.warnings.size() == 1);
    CHECK(has_warning(r.key, 6, "declares 3 problems but 2 were found"));
}

TEST_CASE("duplicate ids are kept under a marked id with a warning", "[key]") {
    const KeyParseResult r = parse_fixture("duplicate-ids.md");
    REQUIRE(r.is_key);
    REQUIRE(r.key.problems.size() == 3);
    CHECK(r.key.problems[1].id == "P02");
    CHECK(r.key.problems[1].category == "B");
    CHECK(r.key.problems[2].id == "P02#2");
    CHECK(r.key.problems[2].criteria.detected == "third detected");
    CHECK(has_warning(r.key, 29, "duplicate problem id P02 (first at line 19)"));
    REQUIRE(r.key.bonus.size() == 2);
    CHECK(r.key.bonus[1].id == "B01#2");
    CHECK(has_warning(r.key, 44, "duplicate bonus id B01"));
    CHECK(r.key.warnings.size() == 2);
}

TEST_CASE("grouping headings, unknown bullets and sections are warned with lines", "[key]") {
    const KeyParseResult r = parse_fixture("extra-grouping.md");
    REQUIRE(r.is_key);
    const AnswerKey& k = r.key;
    REQUIRE(k.problems.size() == 2);
    CHECK(k.problems[0].group == "Critical");
    CHECK(k.problems[1].group == "Moderate");
    CHECK(has_all_criteria(k.problems[0]));
    CHECK(k.problems[1].criteria.missed.empty());
    INFO(warnings_of(k));
    CHECK(has_warning(k, 7, "unknown condition 'reviewer model'"));
    CHECK(has_warning(k, 18, "unknown field 'impact' in problem P01"));
    CHECK(has_warning(k, 26, "problem P02 has no × (missed) criterion"));
    CHECK(has_warning(k, 37, "section 'Reviewer Notes' not understood"));
    CHECK(k.warnings.size() == 4);
}

TEST_CASE("a problem without any criteria is warned", "[key]") {
    const KeyParseResult r = parse_answer_key(
        "# Answer Key\n\n## Embedded Problems\n\n### P01: Lonely\n- **Category**: X\n");
    REQUIRE(r.is_key);
    CHECK(has_warning(r.key, 5, "problem P01 has no detection criteria"));
}

TEST_CASE("a summary table and detailed headings of the same ids merge", "[key]") {
    const KeyParseResult r = parse_answer_key(
        "# Answer Key\n\n## Embedded Problems\n\n| ID | Title | Severity |\n|---|---|---|\n"
        "| P01 | Short | Critical |\n\n### P01: Long title\n- **Category**: C\n"
        "- **Detection Criteria**:\n  - ○: d\n  - △: p\n  - ×: m\n");
    REQUIRE(r.is_key);
    INFO(warnings_of(r.key));
    CHECK(r.key.warnings.empty());
    REQUIRE(r.key.problems.size() == 1);
    CHECK(r.key.problems[0].title == "Long title");
    CHECK(r.key.problems[0].severity == "Critical");
    CHECK(r.key.problems[0].category == "C");
    CHECK(r.key.problems[0].line == 9);
}

TEST_CASE("input that is not a key", "[key]") {
    const KeyParseResult garbage = parse_fixture("garbage.md");
    CHECK_FALSE(garbage.is_key);
    CHECK(garbage.error == "not an answer key (no problems found)");

    const KeyParseResult empty = parse_fixture("empty.md");
    CHECK_FALSE(empty.is_key);
    CHECK(empty.error == "empty file");
    CHECK_FALSE(parse_fixture("whitespace.md").is_key);

    const KeyParseResult binary = parse_fixture("binary.bin");
    CHECK_FALSE(binary.is_key);
    CHECK(binary.error == "line 3: binary file (NUL byte)");

    const KeyParseResult utf8 = parse_fixture("invalid-utf8.md");
    CHECK_FALSE(utf8.is_key);
    CHECK(utf8.error == "line 4: invalid UTF-8");

    // A review is not a key either.
    CHECK_FALSE(parse_answer_key(read_fixture("tests/fixtures/reviews/en-severity-sections.md")).is_key);
}

TEST_CASE("a key title alone is a key, with a warning", "[key]") {
    const KeyParseResult r = parse_answer_key("# 正解キー - Round 2\n\nTBD\n");
    REQUIRE(r.is_key);
    CHECK(r.key.round == 2);
    CHECK(r.key.problems.empty());
    CHECK(has_warning(r.key, 0, "no problems found"));
}

TEST_CASE("BOM and CRLF files parse like the plain one", "[key]") {
    const KeyParseResult plain = parse_fixture("en-no-bonus.md");
    for (const char* name : {"bom.md", "crlf.md"}) {
        INFO(name);
        const KeyParseResult r = parse_fixture(name);
        REQUIRE(r.is_key);
        CHECK(r.key.warnings.empty());
        CHECK(r.key.title == plain.key.title);
        REQUIRE(r.key.problems.size() == 1);
        CHECK(r.key.problems[0].line == plain.key.problems[0].line);
        CHECK(r.key.problems[0].criteria.missed == plain.key.problems[0].criteria.missed);
        CHECK(r.key.problems[0].description == plain.key.problems[0].description);
    }
}

TEST_CASE("looks_like_answer_key tells keys from reviews", "[key]") {
    CHECK(looks_like_answer_key(read_fixture("keys/answer-key-round-008.md")));
    CHECK(looks_like_answer_key(read_fixture("tests/fixtures/keys/ja-layout.md")));
    CHECK(looks_like_answer_key(read_fixture("tests/fixtures/keys/table-layout.md")));
    CHECK(looks_like_answer_key("## Embedded Problems\n### P01: x\n- **Detection Criteria**:\n## Bonus Problems\n"));
    CHECK_FALSE(looks_like_answer_key(read_fixture("tests/fixtures/reviews/en-severity-sections.md")));
    CHECK_FALSE(looks_like_answer_key(read_fixture("tests/fixtures/reviews/ja-sections.md")));
    CHECK_FALSE(looks_like_answer_key(""));
}

TEST_CASE("the key parser survives hostile input", "[key][slow]") {
    std::string nested = "# Answer Key\n## Embedded Problems\n### P01: x\n";
    for (int i = 0; i < 300; ++i) nested += std::string(static_cast<size_t>(i) * 2, ' ') + "- ○ (Detected): deep\n";
    CHECK(parse_answer_key(nested).is_key);

    std::string many = "# Answer Key\n## Embedded Problems\n";
    for (int i = 0; i < 5000; ++i) many += "### P1: same id\n- **Unknown**: x\n";
    const KeyParseResult r = parse_answer_key(many);
    REQUIRE(r.is_key);
    CHECK(r.key.problems.size() == 5000);

    std::string noise;
    uint32_t seed = 12345;
    const std::string alphabet = "#-*|:○△×（）()[]`>\n 0123456789PBabc　：";
    for (int i = 0; i < 200000; ++i) {
        seed = seed * 1103515245u + 12345u;
        noise += alphabet[(seed >> 16) % alphabet.size()];
    }
    (void)parse_answer_key(parse_markdown(noise));   // any result, no crash
    SUCCEED();
}

TEST_CASE("reviews and judge reports with problem-like ids are not keys", "[key]") {
    // A review with letter ids under "## Critical Issues", one with a P-1 summary table and
    // a bonus heading, and an LLM judge report with "| P01 | ... | ○ |" tables.
    for (const char* path : {"tests/fixtures/reviews/en-severity-sections.md",
                             "tests/fixtures/reviews/tagged-tiers.md",
                             "bench/devset/reviews/round-004/v004-variant-deep-run1.md",
                             "bench/devset/reviews/round-004/v004-variant-terse-run1.md",
                             "tests/fixtures/judge/scoring-v008-baseline.md"}) {
        INFO(path);
        const std::string text = read_fixture(path);
        CHECK_FALSE(parse_answer_key(text).is_key);
        CHECK_FALSE(looks_like_answer_key(text));
    }
    const std::string judge_like =
        "# Scoring Report: v008-baseline\n\n## Run 1 Scoring\n\n| ID | Problem | Detection | Score |\n"
        "|---|---|---|---|\n| P01 | No circuit breaker | ○ | 1.0 |\n\n## Bonus Analysis\n\n1. B01 +0.5\n";
    CHECK_FALSE(parse_answer_key(judge_like).is_key);
}
