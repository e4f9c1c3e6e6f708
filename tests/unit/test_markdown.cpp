#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "markdown/markdown.h"

using namespace kg;

namespace {

const Block* find_block(const MarkdownDocument& doc, BlockKind kind, const std::string& text) {
    for (const Block& b : doc.blocks) {
        if (b.kind == kind && b.text() == text) return &b;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("headings, paragraphs and their lines", "[markdown]") {
    const MarkdownDocument doc = parse_markdown("# Title\n\nFirst line\nsecond line\n\n### Sub\n");
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.line_count == 6);
    CHECK(doc.blocks[0].kind == BlockKind::Heading);
    CHECK(doc.blocks[0].level == 1);
    CHECK(doc.blocks[0].text() == "Title");
    CHECK(doc.blocks[0].line_start == 1);
    CHECK(doc.blocks[1].kind == BlockKind::Paragraph);
    CHECK(doc.blocks[1].text() == "First line\nsecond line");   // soft break kept as '\n'
    CHECK(doc.blocks[1].line_start == 3);
    CHECK(doc.blocks[1].line_end == 4);
    CHECK(doc.blocks[2].level == 3);
    CHECK(doc.blocks[2].line_start == 6);
}

TEST_CASE("spans carry styles", "[markdown]") {
    const MarkdownDocument doc = parse_markdown("- **Category**: Fault `code` *em* ~~old~~ [link](http://x)\n");
    REQUIRE(doc.blocks.size() == 1);
    const Block& b = doc.blocks[0];
    CHECK(b.text() == "Category: Fault code em old link");
    REQUIRE(b.spans.size() >= 2);
    CHECK(b.spans[0].text == "Category");
    CHECK(b.spans[0].style == kStrong);
    bool code = false, em = false, strike = false, link = false;
    for (const Span& s : b.spans) {
        code |= s.text == "code" && (s.style & kCode);
        em |= s.text == "em" && (s.style & kEmphasis);
        strike |= s.text == "old" && (s.style & kStrike);
        link |= s.text == "link" && (s.style & kLink);
    }
    CHECK(code);
    CHECK(em);
    CHECK(strike);
    CHECK(link);
}

TEST_CASE("nested lists are flattened with depth, ordered numbers kept", "[markdown]") {
    const MarkdownDocument doc = parse_markdown(
        "- **Detection Criteria**:\n"
        "  - ○ (Detected): a\n"
        "    - deeper\n"
        "  - △ (Partial): b\n"
        "- next\n"
        "\n"
        "3. three\n"
        "4. four\n");
    REQUIRE(doc.blocks.size() == 7);
    CHECK(doc.blocks[0].level == 1);
    CHECK(doc.blocks[1].level == 2);
    CHECK(doc.blocks[1].text() == "○ (Detected): a");
    CHECK(doc.blocks[1].line_start == 2);
    CHECK(doc.blocks[2].level == 3);
    CHECK(doc.blocks[3].level == 2);
    CHECK(doc.blocks[3].line_start == 4);
    CHECK(doc.blocks[4].level == 1);
    CHECK(doc.blocks[5].ordered);
    CHECK(doc.blocks[5].number == 3);
    CHECK(doc.blocks[6].number == 4);
    CHECK(doc.blocks[6].line_start == 8);
}

TEST_CASE("a loose list item keeps its first paragraph as its text", "[markdown]") {
    const MarkdownDocument doc = parse_markdown("- item one\n\n  more about one\n\n- item two\n");
    REQUIRE(doc.blocks.size() == 3);
    CHECK(doc.blocks[0].kind == BlockKind::ListItem);
    CHECK(doc.blocks[0].text() == "item one");
    CHECK(doc.blocks[1].kind == BlockKind::Paragraph);
    CHECK(doc.blocks[1].level == 1);   // inside the list
    CHECK(doc.blocks[1].line_start == 3);
    CHECK(doc.blocks[2].text() == "item two");
    CHECK(doc.blocks[2].line_start == 5);
}

TEST_CASE("block quotes carry their depth", "[markdown]") {
    const MarkdownDocument doc = parse_markdown("> outer\n>\n> > inner\n");
    const Block* outer = find_block(doc, BlockKind::Paragraph, "outer");
    const Block* inner = find_block(doc, BlockKind::Paragraph, "inner");
    REQUIRE(outer);
    REQUIRE(inner);
    CHECK(outer->quote_depth == 1);
    CHECK(inner->quote_depth == 2);
    CHECK(inner->line_start == 3);
}

TEST_CASE("tables become rows of cells with lines", "[markdown]") {
    const MarkdownDocument doc = parse_markdown(
        "text\n\n| ID | Content |\n|----|---------|\n| B01 | a &amp; b |\n|  |  |\n| B03 | `x` |\n");
    std::vector<const Block*> rows;
    for (const Block& b : doc.blocks) {
        if (b.kind == BlockKind::TableRow) rows.push_back(&b);
    }
    REQUIRE(rows.size() == 4);
    CHECK(rows[0]->header_row);
    CHECK(rows[0]->cell_text(0) == "ID");
    CHECK(rows[0]->line_start == 3);
    CHECK_FALSE(rows[1]->header_row);
    CHECK(rows[1]->cell_text(1) == "a & b");   // entities decoded
    CHECK(rows[1]->line_start == 5);
    CHECK(rows[2]->line_start == 6);          // an empty row still gets its line
    CHECK(rows[3]->cell_text(1) == "x");
    CHECK(rows[3]->line_start == 7);
    CHECK(rows[3]->cell_text(9).empty());
}

TEST_CASE("code blocks, rules and empty headings get lines too", "[markdown]") {
    const MarkdownDocument doc = parse_markdown("# T\n\n---\n\n```cpp\nint x;\n```\n\n#\n\nafter\n");
    REQUIRE(doc.blocks.size() == 5);
    CHECK(doc.blocks[1].kind == BlockKind::Rule);
    CHECK(doc.blocks[1].line_start == 3);
    CHECK(doc.blocks[2].kind == BlockKind::CodeBlock);
    CHECK(doc.blocks[2].text() == "int x;\n");
    CHECK(doc.blocks[2].line_start == 5);   // the fences belong to the block
    CHECK(doc.blocks[2].line_end == 7);
    CHECK(doc.blocks[3].kind == BlockKind::Heading);
    CHECK(doc.blocks[3].text().empty());
    CHECK(doc.blocks[3].line_start == 9);
    CHECK(doc.blocks[4].line_start == 11);
}

TEST_CASE("Japanese text keeps its bytes", "[markdown]") {
    const MarkdownDocument doc = parse_markdown("### P01：認証トークン\n- **カテゴリ**：認証\n");
    REQUIRE(doc.blocks.size() == 2);
    CHECK(doc.blocks[0].text() == "P01：認証トークン");
    CHECK(doc.blocks[1].text() == "カテゴリ：認証");
}

TEST_CASE("empty and odd input never fails", "[markdown]") {
    CHECK(parse_markdown("").blocks.empty());
    CHECK(parse_markdown("").line_count == 0);
    const MarkdownDocument nul = parse_markdown(std::string("a\0b", 3));
    REQUIRE(nul.blocks.size() == 1);
    CHECK(nul.blocks[0].text() == "a\xEF\xBF\xBD" "b");
    const MarkdownDocument bad = parse_markdown("\xFF\xFE garbage \x80\n");
    CHECK(bad.blocks.size() == 1);
}

TEST_CASE("pathological nesting and size finish quickly", "[markdown][slow]") {
    const auto t0 = std::chrono::steady_clock::now();
    std::string quotes(20000, '>');
    quotes += " deep\n";
    CHECK_FALSE(parse_markdown(quotes).blocks.empty());

    std::string lists;
    for (int i = 0; i < 2000; ++i) lists += std::string(static_cast<size_t>(i) * 2, ' ') + "- x\n";
    CHECK(parse_markdown(lists).blocks.size() >= 1);

    std::string brackets(100000, '[');
    brackets += std::string(100000, '*') + std::string(50000, '`');
    CHECK(parse_markdown(brackets).blocks.size() == 1);

    std::string table = "| a | b |\n|---|---|\n";
    for (int i = 0; i < 20000; ++i) table += "| " + std::to_string(i) + " | x |\n";
    const MarkdownDocument t = parse_markdown(table);
    REQUIRE(t.blocks.size() == 20001);
    CHECK(t.blocks.back().line_start == 20002);

    // ~8 MB of a real-looking document: lines stay exact at the end.
    std::string big;
    const std::string unit = "### C1. Heading\n- **Severity**: Critical\n\nSome paragraph text, 日本語も。\n\n";
    while (big.size() < 8u * 1024 * 1024) big += unit;
    const MarkdownDocument doc = parse_markdown(big);
    REQUIRE(!doc.blocks.empty());
    CHECK(doc.blocks.back().line_start == doc.line_count - 1);   // the text ends in a blank line
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(seconds < 30.0);
}
