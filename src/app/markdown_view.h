// Draws a kg::MarkdownDocument with Dear ImGui: headings, paragraphs, lists, emphasis,
// inline and block code, tables, quotes, rules. Own line breaking (so CJK text, which has
// no spaces, wraps between characters), a layout cached per width, and drawing limited to
// the blocks on screen, so a 1 MB review scrolls smoothly. Also: search with highlighted,
// jumpable matches; selecting blocks (click, shift-click) to quote as evidence; tinting
// line ranges (evidence of the selected problem).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>
#include "markdown/markdown.h"
#include "model/workspace.h"

struct ImFont;

namespace kg::app {

class MarkdownView {
public:
    // Draws `doc` in a child window filling the remaining space of the current window.
    // `doc_id` identifies the content (e.g. its hash): a new id resets search and selection.
    void draw(const char* child_id, const kg::MarkdownDocument& doc, const std::string& doc_id);

    // ---- search ------------------------------------------------------------------------
    // Draws the search box (+ match count, previous/next). `focus` gives it keyboard focus.
    void draw_search_bar(const char* id, bool focus);
    void set_query(const std::string& q);
    const std::string& query() const { return query_; }
    int match_count() const { return static_cast<int>(matches_.size()); }
    int current_match() const { return current_match_; }
    void next_match(int delta);

    // ---- selection and jumps ------------------------------------------------------------
    bool has_selection() const { return sel_first_ >= 0; }
    void clear_selection() { sel_first_ = sel_last_ = -1; }
    // The selected blocks as evidence: line range and their text (shortened).
    kg::Evidence selection_evidence() const;
    // Scrolls so the block holding `line` is near the top; selects lines [line, line_end].
    void jump_to_lines(int line, int line_end);
    void set_scroll(float y) { pending_scroll_ = y; }
    float scroll() const { return scroll_y_; }
    // Line ranges tinted (evidence of the selected problem).
    std::vector<std::pair<int, int>> tinted;
    // Line ranges outlined (the machine's suggested evidence).
    std::vector<std::pair<int, int>> outlined;
    int selected_line_start() const;
    int selected_line_end() const;

private:
    struct Run {
        int seg = 0;            // segment: 0 for text blocks, the cell for table rows
        int span = 0;
        uint32_t begin = 0;     // byte range in the span text
        uint32_t end = 0;
        uint32_t seg_offset = 0;   // byte offset of `begin` in the segment's plain text
        float x = 0;            // relative to the block's left edge
        float w = 0;
        uint8_t style = 0;
    };
    struct Line {
        uint32_t first_run = 0;
        uint32_t run_count = 0;
        float y = 0;            // relative to the block's top
    };
    struct BlockLayout {
        float y = 0;            // top, relative to the document
        float h = 0;            // including the space after it
        float content_h = 0;    // without the space after it
        float indent = 0;
        uint32_t first_line = 0;
        uint32_t line_count = 0;
        int table = -1;         // index into tables_ for table rows
    };
    struct TableLayout {
        std::vector<float> col_x;   // left edge of each column (+ one past the last)
        int first_block = 0;
        int last_block = 0;
    };
    struct Match {
        int block = 0;
        int seg = 0;
        uint32_t offset = 0;
        uint32_t length = 0;
    };

    void prepare(const kg::MarkdownDocument& doc, const std::string& doc_id);
    void layout(const kg::MarkdownDocument& doc, float width);
    float layout_segment(const kg::Block& blk, const std::vector<kg::Span>& spans, int seg,
                         float x0, float width, uint8_t extra_style);
    void find_matches();
    int block_at_line(int line) const;
    void scroll_to_block(int b);
    void draw_block(const kg::MarkdownDocument& doc, int b, float x, float y, float width);

    const kg::MarkdownDocument* doc_ = nullptr;
    std::string doc_id_;
    // Plain text (lower-cased ASCII) of every segment, for search.
    std::vector<std::vector<std::string>> seg_text_;
    std::vector<std::vector<std::vector<uint32_t>>> span_base_;   // [block][seg][span]

    // Layout cache and what it was computed for.
    float layout_width_ = -1;
    float layout_font_size_ = 0;
    const ImFont* layout_font_ = nullptr;
    int layout_glyphs_ = -1;
    std::vector<BlockLayout> blocks_;
    std::vector<Line> lines_;
    std::vector<Run> runs_;
    std::vector<TableLayout> tables_;
    float total_height_ = 0;

    std::string query_;
    char query_buf_[256] = {};
    std::vector<Match> matches_;
    int current_match_ = -1;

    int sel_first_ = -1;
    int sel_last_ = -1;
    int pending_block_ = -1;       // scroll to this block next frame
    float pending_scroll_ = -1;    // or to this offset
    float scroll_y_ = 0;
};

}  // namespace kg::app
