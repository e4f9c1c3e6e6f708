// A flat, line-numbered view of a Markdown document built with md4c. Every consumer
// (key parser, review model, suggestions, the page's renderer) reads this one structure,
// so Markdown is parsed once and in one way.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

enum SpanStyle : uint8_t {
    kPlain = 0,
    kStrong = 1 << 0,
    kEmphasis = 1 << 1,
    kCode = 1 << 2,
    kLink = 1 << 3,
    kStrike = 1 << 4,
};

// A run of inline text with one style. Line breaks inside a paragraph (soft or hard) are
// kept as '\n' so consumers can recover the source lines; HTML entities are decoded.
struct Span {
    std::string text;
    uint8_t style = kPlain;
};

enum class BlockKind { Heading, Paragraph, ListItem, CodeBlock, TableRow, Rule, Html };

struct Block {
    BlockKind kind = BlockKind::Paragraph;
    int level = 0;          // heading level 1-6; list nesting depth (1 = top) for list items;
                            // for paragraphs, the depth of the list they sit in (0 = none)
    int quote_depth = 0;    // >0 inside block quotes
    bool ordered = false;   // ordered list item
    int number = 0;         // ordered list item number
    bool header_row = false;          // table header row
    std::vector<Span> spans;          // inline content (not used by TableRow)
    std::vector<std::vector<Span>> cells;  // TableRow only
    int line_start = 0;     // 1-based, inclusive
    int line_end = 0;

    std::string text() const;                 // spans joined, styles dropped
    std::string cell_text(size_t i) const;    // TableRow cell as plain text ("" if absent)
};

struct MarkdownDocument {
    std::vector<Block> blocks;
    int line_count = 0;
};

// Parses Markdown (already normalized: LF line ends, no BOM). Never throws; any input
// yields some document. Nesting is flattened: list items carry their depth.
MarkdownDocument parse_markdown(std::string_view text);

}  // namespace kg
