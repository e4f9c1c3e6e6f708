#include <catch2/catch.hpp>

#include <string>

#include "fixtures.h"
#include "review/review.h"

using namespace kg;

namespace {

Review parse_fixture(const std::string& name) {
    return parse_review(read_fixture("tests/fixtures/reviews/" + name));
}

std::string dump(const Review& r) {
    std::string out;
    for (const Finding& f : r.findings) {
        out += "[" + f.id + "] " + f.title + " | " + f.severity + " | L" + std::to_string(f.level) + " " +
               std::to_string(f.line_start) + "-" + std::to_string(f.line_end) + "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("findings under severity sections, with sub-headings and a stated severity", "[review]") {
    const Review r = parse_fixture("en-severity-sections.md");
    INFO(dump(r));
    CHECK(r.title == "Reliability Review: Payments Platform");
    CHECK(r.line_count == 40);
    REQUIRE(r.findings.size() == 4);
    const Finding& c1 = r.findings[0];
    CHECK(c1.id == "C1");
    CHECK(c1.title == "No circuit breaker on the card network client");
    CHECK(c1.severity == "Critical");
    CHECK(c1.level == 4);
    CHECK(c1.line_start == 9);
    CHECK(c1.line_end == 18);   // "##### Impact" and "##### Countermeasures" belong to it
    const Finding& c2 = r.findings[1];
    CHECK(c2.id == "C2");
    CHECK(c2.severity == "Moderate");   // "**Severity**: Moderate" beats the section
    CHECK(c2.line_start == 20);
    CHECK(c2.line_end == 25);           // the rule before the next section is not content
    // Headings without ids under "## Minor Issues" are findings too.
    CHECK(r.findings[2].id.empty());
    CHECK(r.findings[2].title == "Missing dashboard for queue depth");
    CHECK(r.findings[2].severity == "Minor");
    CHECK(r.findings[2].line_start == 31);
    CHECK(r.findings[2].line_end == 32);
    CHECK(r.findings[3].title == "Log retention undefined");
    // "### 1. Clear sequence diagrams" under "Positive Aspects" is not a finding.
}

TEST_CASE("numbered sections: numbers count only inside the findings section", "[review]") {
    const Review r = parse_fixture("en-numbered.md");
    INFO(dump(r));
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].id == "2.1");
    CHECK(r.findings[0].title == "Database is a single point of failure");
    CHECK(r.findings[0].severity == "Significant");   // "Severity: High"
    CHECK(r.findings[0].line_start == 9);
    CHECK(r.findings[0].line_end == 13);
    CHECK(r.findings[1].id == "2.2");
    CHECK(r.findings[1].severity == "Minor");          // "(Low)" in the heading
    CHECK(r.findings[2].id == "3");                    // "Issue #3:"
    CHECK(r.findings[2].title == "Cache stampede on cold start");
}

TEST_CASE("bracketed, dashed and decorated ids", "[review]") {
    const Review r = parse_fixture("en-brackets.md");
    INFO(dump(r));
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].id == "SEC-1");
    CHECK(r.findings[0].title == "Tokens never expire");
    CHECK(r.findings[1].id == "C-2");
    CHECK(r.findings[1].severity == "Critical");
    CHECK(r.findings[2].id == "S3");
    CHECK(r.findings[2].title == "Audit log can be edited");
    CHECK(r.findings[3].id == "R4");
    CHECK(r.findings[3].title == "Secrets in environment variables");
}

TEST_CASE("Japanese review: 指摘1, 問題 2, 【L-3】, tiers from 重大/軽微, 深刻度 line", "[review][ja]") {
    const Review r = parse_fixture("ja-sections.md");
    INFO(dump(r));
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].id == "1");
    CHECK(r.findings[0].title == "在庫引当が冪等でない");
    CHECK(r.findings[0].severity == "Critical");
    CHECK(r.findings[0].line_start == 9);
    CHECK(r.findings[0].line_end == 12);
    CHECK(r.findings[1].id == "2");
    CHECK(r.findings[1].title == "単一DB構成");
    CHECK(r.findings[1].severity == "Moderate");   // "**深刻度**: 中"
    CHECK(r.findings[2].id.empty());
    CHECK(r.findings[2].severity == "Minor");
    CHECK(r.findings[3].id == "L-3");
    CHECK(r.findings[3].title == "監視ダッシュボードがない");
}

TEST_CASE("findings listed only in a table", "[review]") {
    const Review r = parse_fixture("table-findings.md");
    INFO(dump(r));
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].id == "1");
    CHECK(r.findings[0].title == "N+1 queries on the order list");
    CHECK(r.findings[0].severity == "Significant");
    CHECK(r.findings[0].level == 0);
    CHECK(r.findings[0].line_start == 9);
    CHECK(r.findings[0].line_end == 9);
    CHECK(r.findings[1].severity == "Critical");
    CHECK(r.findings[2].severity == "Minor");
}

TEST_CASE("a summary table does not duplicate heading findings but lends its severity", "[review]") {
    const Review r = parse_review(
        "# R\n\n## Findings Summary\n\n| ID | Severity | Finding |\n|---|---|---|\n| S1 | Critical | A |\n"
        "| S2 | Minor | B |\n\n## Findings\n\n### S1: A long\ntext\n\n### S2: B long\ntext\n");
    INFO(dump(r));
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].id == "S1");
    CHECK(r.findings[0].title == "A long");
    CHECK(r.findings[0].severity == "Critical");
    CHECK(r.findings[1].severity == "Minor");
    CHECK(r.findings[1].line_end == 16);
}

TEST_CASE("the shipped sample reviews split into their findings", "[review]") {
    const Review en = parse_review(read_fixture("assets/reviews/v008-baseline-run1.md"));
    INFO(dump(en));
    REQUIRE(en.findings.size() >= 8);
    for (const Finding& f : en.findings) {
        CHECK_FALSE(f.id.empty());
        CHECK_FALSE(f.severity.empty());
        CHECK(f.line_end >= f.line_start);
    }
    const Review ja = parse_review(read_fixture("assets/reviews/v008-variant-redteam-run2.md"));
    INFO(dump(ja));
    REQUIRE(ja.findings.size() >= 8);
    CHECK(ja.findings[0].id == "C1");
    CHECK(ja.findings[0].severity == "Critical");
    // Ranges never overlap and follow the document order.
    for (size_t i = 1; i < ja.findings.size(); ++i) CHECK(ja.findings[i].line_start > ja.findings[i - 1].line_end);
}

TEST_CASE("reviews without structure or with garbage", "[review]") {
    CHECK(parse_review("").findings.empty());
    const Review plain = parse_review("Just a paragraph.\n\nAnother one.\n");
    CHECK(plain.findings.empty());
    CHECK(plain.line_count == 3);
    const Review chapters = parse_review("# Doc\n## 1. Introduction\n## 2. Architecture\n### 2.1 Storage\n");
    CHECK(chapters.findings.empty());   // numbered chapters are not findings
    std::string noise;
    uint32_t seed = 7;
    const std::string alphabet = "#-*|:[]()【】1234567890CSM.\n 重大軽微 Critical";
    for (int i = 0; i < 100000; ++i) {
        seed = seed * 1103515245u + 12345u;
        noise += alphabet[(seed >> 16) % alphabet.size()];
    }
    (void)parse_review(noise);
    SUCCEED();
}

TEST_CASE("prompt and run from file names", "[review]") {
    const auto pr = [](const char* name) { return prompt_run_from_file_name(name); };
    CHECK(pr("v008-variant-redteam-run2.md").prompt == "v008-variant-redteam");
    CHECK(pr("v008-variant-redteam-run2.md").run == 2);
    CHECK(pr("reviews/v008-baseline-run1.md").prompt == "v008-baseline");
    CHECK(pr("C:\\x\\v008-baseline_run12.md").run == 12);
    CHECK(pr("C:\\x\\v008-baseline_run12.md").prompt == "v008-baseline");
    CHECK(pr("v008-baseline-Run3").run == 3);
    CHECK(pr("v008-baseline-run-4.md").run == 4);
    CHECK(pr("v008-baseline-run1-review.md").run == 1);
    CHECK(pr("v008-baseline-run1-review.md").prompt == "v008-baseline");
    CHECK(pr("v008-rerun-baseline.md").run == 0);   // "rerun" is not "run N"
    CHECK(pr("v008-rerun-baseline.md").prompt == "v008-rerun-baseline");
    CHECK(pr("notes.md").prompt == "notes");
    CHECK(pr("notes.md").run == 0);
    CHECK(pr("run2.md").prompt == "run2");   // nothing before it: keep the stem
    CHECK(pr("run2.md").run == 2);
}

TEST_CASE("round from titles and file names", "[review]") {
    CHECK(round_from_text("# Answer Key - Round 008") == 8);
    CHECK(round_from_text("正解キー: Round 3") == 3);
    CHECK(round_from_text("answer-key-round-008.md") == 8);
    CHECK(round_from_text("Round_12 notes") == 12);
    CHECK(round_from_text("ラウンド５") == 5);
    CHECK(round_from_text("正解キー") == -1);
    CHECK(round_from_text("Around the world in 80 days") == -1);
    CHECK(round_from_text("round robin 4") == -1);
}

TEST_CASE("tier tags before or after the id make a finding and give its severity", "[review]") {
    const Review r = parse_fixture("tagged-tiers.md");
    INFO(dump(r));
    REQUIRE(r.findings.size() == 6);
    // Letter ids count under "## Summary"; the summary table only lends severities.
    CHECK(r.findings[0].id == "F-01");
    CHECK(r.findings[0].title == "Tokens never expire");   // trailing "[Critical]" removed
    CHECK(r.findings[0].severity == "Critical");
    CHECK(r.findings[0].level == 3);
    CHECK(r.findings[1].severity == "Significant");         // "[High]"
    CHECK(r.findings[2].id == "1");                         // "## 1. [High] ..."
    CHECK(r.findings[2].title == "SQL injection in search");
    CHECK(r.findings[2].severity == "Significant");
    CHECK(r.findings[3].severity == "Minor");               // "[Low]"
    CHECK(r.findings[4].id == "3");                         // "## 【重大】3. ..."
    CHECK(r.findings[4].title == "監査ログがない");
    CHECK(r.findings[4].severity == "Critical");
    CHECK(r.findings[4].line_end == 23);                    // ends where the nested P-4 starts
    CHECK(r.findings[5].id == "P-4");                       // "### 【重要】P-4 ..."
    CHECK(r.findings[5].severity == "Significant");
    // "### S1." under "## Strengths" is not a finding.
}

TEST_CASE("numbered findings under a numbered issues chapter; issue words in titles", "[review][ja]") {
    const Review r = parse_fixture("ja-numbered.md");
    INFO(dump(r));
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].id == "1");
    CHECK(r.findings[0].title == "注文履歴取得時のN+1問題");   // "問題" in a title is not a section
    CHECK(r.findings[0].line_start == 9);
    CHECK(r.findings[0].line_end == 12);
    CHECK(r.findings[1].severity == "Significant");          // "**重要度**: 高"
}

TEST_CASE("numbered level-3 headings under an unmarked section are findings", "[review]") {
    const Review r = parse_fixture("plain-numbered.md");
    INFO(dump(r));
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].id == "1");
    CHECK(r.findings[0].title == "Walking through every tenant's documents by ID");
    CHECK(r.findings[1].line_end == 11);
}

TEST_CASE("findings written as bold paragraphs or bold list items", "[review]") {
    const Review r = parse_review(
        "# Review\n"                                               // 1
        "\n"
        "## Findings\n"                                            // 3
        "\n"
        "**C1. No retry budget**\n"                                // 5
        "\n"
        "The client retries forever. **Impact**: outages.\n"       // 7
        "\n"
        "**Severity**: Critical\n"                                 // 9
        "\n"
        "**C2.** Session token logged in plain text\n"            // 11
        "\n"
        "## Critical Issues\n"                                     // 13
        "\n"
        "- **Missing circuit breaker**: the weather API has none\n"  // 15
        "- **No timeout on the export job**\n"                     // 16
        "\n"
        "### C4. Heading finding\n"                                // 18
        "\n"
        "**Impact**: stays part of C4.\n"                          // 20
        "\n"
        "## Strengths\n"                                           // 22
        "\n"
        "**S1. Clear diagrams**\n");                               // 24
    INFO(dump(r));
    REQUIRE(r.findings.size() == 5);
    CHECK(r.findings[0].id == "C1");
    CHECK(r.findings[0].title == "No retry budget");
    CHECK(r.findings[0].line_start == 5);
    CHECK(r.findings[0].line_end == 9);          // its paragraphs, up to the next finding
    CHECK(r.findings[0].severity == "Critical"); // the stated severity inside it
    CHECK(r.findings[1].id == "C2");
    CHECK(r.findings[1].title == "Session token logged in plain text");   // the text after "**C2.**"
    CHECK(r.findings[1].line_end == 11);
    // Bold list items without ids count in an issues/tier section.
    CHECK(r.findings[2].id.empty());
    CHECK(r.findings[2].title == "Missing circuit breaker");
    CHECK(r.findings[2].severity == "Critical");
    CHECK(r.findings[3].title == "No timeout on the export job");
    // A bold label inside a heading finding is its content, and strengths are no findings.
    CHECK(r.findings[4].id == "C4");
    CHECK(r.findings[4].line_end == 20);
}
