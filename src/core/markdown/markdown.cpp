// Builds the flat, line-numbered block list of markdown.h from md4c's callbacks.
//
// md4c reports no source positions, but for ordinary text it hands out pointers into the
// input buffer. So each block remembers the first and last in-buffer byte it received and
// LineIndex turns those into lines. Blocks that receive no in-buffer text (rules, empty
// headings, empty table rows) are placed on the first non-blank line after the previous
// block, which is where Markdown puts them.
#include "markdown/markdown.h"

#include <md4c.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "base/text.h"

namespace kg {

std::string Block::text() const {
    size_t total = 0;
    for (const Span& s : spans) total += s.text.size();
    std::string out;
    out.reserve(total);
    for (const Span& s : spans) out += s.text;
    return out;
}

std::string Block::cell_text(size_t i) const {
    if (i >= cells.size()) return {};
    std::string out;
    for (const Span& s : cells[i]) out += s.text;
    return out;
}

namespace {

constexpr size_t kNoOffset = std::numeric_limits<size_t>::max();

void append_utf8(std::string& out, uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// The few entities reviews and keys actually use; anything else stays verbatim.
std::string decode_entity(std::string_view e) {
    if (e == "&amp;") return "&";
    if (e == "&lt;") return "<";
    if (e == "&gt;") return ">";
    if (e == "&quot;") return "\"";
    if (e == "&apos;") return "'";
    if (e == "&nbsp;") return " ";
    if (e.size() >= 4 && e[1] == '#' && e.back() == ';') {
        const bool hex = e[2] == 'x' || e[2] == 'X';
        uint32_t cp = 0;
        bool any = false;
        for (size_t i = hex ? 3 : 2; i + 1 < e.size(); ++i) {
            const char c = e[i];
            uint32_t d;
            if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
            else if (hex && c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
            else return std::string(e);
            cp = cp * (hex ? 16 : 10) + d;
            if (cp > 0x10FFFF) return std::string(e);
            any = true;
        }
        if (!any) return std::string(e);
        std::string out;
        append_utf8(out, cp);
        return out;
    }
    return std::string(e);
}

bool is_blank(std::string_view line) {
    for (const char c : line) {
        if (c != ' ' && c != '\t') return false;
    }
    return true;
}

bool is_fence_line(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    return line.substr(i).rfind("```", 0) == 0 || line.substr(i).rfind("~~~", 0) == 0;
}

struct ListState {
    bool ordered = false;
    int next_number = 1;
};

class Builder {
public:
    explicit Builder(std::string_view text) : text_(text), lines_(text) {
        doc_.line_count = text.empty() ? 0 : lines_.line_count();
        doc_.blocks.reserve(text.size() / 60 + 8);
        offsets_.reserve(text.size() / 60 + 8);
    }

    MarkdownDocument take() {
        finish_current();
        return std::move(doc_);
    }

    int enter_block(MD_BLOCKTYPE type, void* detail) {
        switch (type) {
            case MD_BLOCK_QUOTE: ++quote_depth_; break;
            case MD_BLOCK_UL: lists_.push_back({false, 1}); break;
            case MD_BLOCK_OL:
                lists_.push_back({true, static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)});
                break;
            case MD_BLOCK_LI: {
                Block& b = start_block(BlockKind::ListItem);
                b.level = static_cast<int>(lists_.size());
                if (!lists_.empty()) {
                    b.ordered = lists_.back().ordered;
                    if (b.ordered) b.number = lists_.back().next_number++;
                }
                fresh_item_ = current_;
                break;
            }
            case MD_BLOCK_HR: start_block(BlockKind::Rule); finish_current(); break;
            case MD_BLOCK_H:
                start_block(BlockKind::Heading).level =
                    static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
                break;
            case MD_BLOCK_CODE:
                start_block(BlockKind::CodeBlock);
                fenced_ = static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->fence_char != 0;
                break;
            case MD_BLOCK_HTML: start_block(BlockKind::Html); break;
            case MD_BLOCK_P:
                // A list item's first paragraph is the item's own text (loose lists wrap it
                // in <p>); later paragraphs become Paragraph blocks at the item's depth.
                if (fresh_item_ >= 0 && fresh_item_ == current_) {
                    fresh_item_ = -1;
                } else {
                    start_block(BlockKind::Paragraph).level = static_cast<int>(lists_.size());
                }
                break;
            case MD_BLOCK_THEAD: in_header_ = true; break;
            case MD_BLOCK_TR: start_block(BlockKind::TableRow).header_row = in_header_; break;
            case MD_BLOCK_TH:
            case MD_BLOCK_TD:
                if (current_ < 0 || doc_.blocks[static_cast<size_t>(current_)].kind != BlockKind::TableRow) {
                    start_block(BlockKind::TableRow).header_row = in_header_;
                }
                doc_.blocks[static_cast<size_t>(current_)].cells.emplace_back();
                break;
            default: break;   // DOC, TABLE, TBODY: structure only
        }
        return 0;
    }

    int leave_block(MD_BLOCKTYPE type) {
        switch (type) {
            case MD_BLOCK_QUOTE: if (quote_depth_ > 0) --quote_depth_; break;
            case MD_BLOCK_UL:
            case MD_BLOCK_OL: if (!lists_.empty()) lists_.pop_back(); break;
            case MD_BLOCK_LI: fresh_item_ = -1; finish_current(); break;
            case MD_BLOCK_H:
            case MD_BLOCK_HTML:
            case MD_BLOCK_P:
            case MD_BLOCK_TR: finish_current(); break;
            case MD_BLOCK_CODE: finish_current(); fenced_ = false; break;
            case MD_BLOCK_THEAD: in_header_ = false; break;
            default: break;
        }
        return 0;
    }

    int enter_span(MD_SPANTYPE type) {
        styles_.push_back(style_of(type));
        recompute_style();
        return 0;
    }

    int leave_span() {
        if (!styles_.empty()) styles_.pop_back();
        recompute_style();
        return 0;
    }

    int on_text(MD_TEXTTYPE type, const MD_CHAR* p, MD_SIZE n) {
        switch (type) {
            case MD_TEXT_NULLCHAR: append("\xEF\xBF\xBD", nullptr, 0); break;
            case MD_TEXT_BR:
            case MD_TEXT_SOFTBR: append("\n", nullptr, 0); break;   // keep source lines
            case MD_TEXT_ENTITY: append(decode_entity(std::string_view(p, n)), p, n); break;
            case MD_TEXT_CODE:
            case MD_TEXT_LATEXMATH:
                append(std::string_view(p, n), p, n, static_cast<uint8_t>(style_ | kCode));
                break;
            default: append(std::string_view(p, n), p, n); break;
        }
        return 0;
    }

private:
    struct Offsets {
        size_t first = kNoOffset;
        size_t last = 0;   // offset of the last in-buffer byte seen
    };

    static uint8_t style_of(MD_SPANTYPE type) {
        switch (type) {
            case MD_SPAN_STRONG: return kStrong;
            case MD_SPAN_EM:
            case MD_SPAN_U: return kEmphasis;
            case MD_SPAN_CODE: return kCode;
            case MD_SPAN_A:
            case MD_SPAN_WIKILINK: return kLink;
            case MD_SPAN_DEL: return kStrike;
            default: return kPlain;
        }
    }

    void recompute_style() {
        style_ = kPlain;
        for (const uint8_t s : styles_) style_ = static_cast<uint8_t>(style_ | s);
    }

    Block& start_block(BlockKind kind) {
        finish_current();
        Block b;
        b.kind = kind;
        b.quote_depth = quote_depth_;
        doc_.blocks.push_back(std::move(b));
        offsets_.emplace_back();
        current_ = static_cast<int>(doc_.blocks.size()) - 1;
        return doc_.blocks.back();
    }

    // Assigns the current block its lines and makes it no longer receive text.
    void finish_current() {
        if (current_ < 0) return;
        Block& b = doc_.blocks[static_cast<size_t>(current_)];
        const Offsets& o = offsets_[static_cast<size_t>(current_)];
        if (o.first != kNoOffset) {
            b.line_start = lines_.line_of(o.first);
            b.line_end = lines_.line_of(o.last);
            if (b.kind == BlockKind::CodeBlock && fenced_) {
                if (b.line_start > 1) --b.line_start;   // opening fence
                if (b.line_end < lines_.line_count() &&
                    is_fence_line(lines_.line_text(text_, b.line_end + 1))) {
                    ++b.line_end;                        // closing fence
                }
            }
        } else if (b.kind == BlockKind::TableRow && last_line_ > 0) {
            // An all-empty row sits right below the previous row (or the delimiter row).
            const bool after_header = current_ > 0 &&
                doc_.blocks[static_cast<size_t>(current_ - 1)].header_row;
            b.line_start = b.line_end =
                std::min(last_line_ + (after_header ? 2 : 1), std::max(lines_.line_count(), 1));
        } else {
            b.line_start = b.line_end = next_nonblank_line();
            if (b.kind == BlockKind::CodeBlock && fenced_ && b.line_end < lines_.line_count() &&
                is_fence_line(lines_.line_text(text_, b.line_end + 1))) {
                ++b.line_end;
            }
        }
        last_line_ = std::max(last_line_, b.line_end);
        current_ = -1;
    }

    int next_nonblank_line() const {
        const int count = std::max(lines_.line_count(), 1);
        int line = std::min(last_line_ + 1, count);
        while (line < count && is_blank(lines_.line_text(text_, line))) ++line;
        return line;
    }

    bool in_buffer(const char* p, size_t n) const {
        const auto begin = reinterpret_cast<uintptr_t>(text_.data());
        const auto at = reinterpret_cast<uintptr_t>(p);
        return p != nullptr && n > 0 && at >= begin && at - begin + n <= text_.size();
    }

    void append(std::string_view s, const char* src, size_t src_len) { append(s, src, src_len, style_); }

    void append(std::string_view s, const char* src, size_t src_len, uint8_t style) {
        if (current_ < 0) {
            // Text outside any block we opened (e.g. a tight list item's text after its
            // nested list): keep it as a paragraph at the current depth.
            start_block(BlockKind::Paragraph).level = static_cast<int>(lists_.size());
        }
        const size_t index = static_cast<size_t>(current_);
        Block& b = doc_.blocks[index];
        std::vector<Span>* spans = &b.spans;
        if (b.kind == BlockKind::TableRow) {
            if (b.cells.empty()) b.cells.emplace_back();
            spans = &b.cells.back();
        }
        if (!spans->empty() && spans->back().style == style) {
            spans->back().text.append(s.data(), s.size());
        } else {
            spans->push_back(Span{std::string(s), style});
        }
        if (in_buffer(src, src_len)) {
            Offsets& o = offsets_[index];
            const size_t at = static_cast<size_t>(src - text_.data());
            if (o.first == kNoOffset) o.first = at;
            o.last = std::max(o.last, at + src_len - 1);
        }
    }

    std::string_view text_;
    LineIndex lines_;
    MarkdownDocument doc_;
    std::vector<Offsets> offsets_;      // parallel to doc_.blocks
    std::vector<ListState> lists_;
    std::vector<uint8_t> styles_;
    uint8_t style_ = kPlain;
    int quote_depth_ = 0;
    int current_ = -1;                  // block receiving text, -1 none
    int fresh_item_ = -1;               // list item whose first paragraph has not started
    int last_line_ = 0;                 // last line used by a finished block
    bool in_header_ = false;
    bool fenced_ = false;
};

Builder& self(void* userdata) { return *static_cast<Builder*>(userdata); }

}  // namespace

MarkdownDocument parse_markdown(std::string_view text) {
    // md4c takes a 32-bit size; anything larger is cut (far beyond any real document).
    if (text.size() > std::numeric_limits<MD_SIZE>::max()) {
        text = text.substr(0, std::numeric_limits<MD_SIZE>::max());
    }
    Builder builder(text);
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS |
                   MD_FLAG_TASKLISTS | MD_FLAG_NOHTMLSPANS;
    parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) { return self(u).enter_block(t, d); };
    parser.leave_block = [](MD_BLOCKTYPE t, void*, void* u) { return self(u).leave_block(t); };
    parser.enter_span = [](MD_SPANTYPE t, void*, void* u) { return self(u).enter_span(t); };
    parser.leave_span = [](MD_SPANTYPE, void*, void* u) { return self(u).leave_span(); };
    parser.text = [](MD_TEXTTYPE t, const MD_CHAR* p, MD_SIZE n, void* u) {
        return self(u).on_text(t, p, n);
    };
    // A -1 (out of memory) still leaves the blocks seen so far: keep them.
    md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &builder);
    return builder.take();
}

}  // namespace kg
