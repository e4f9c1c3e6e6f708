// Markdown drawn with ImGui: see markdown_view.h. Layout happens once per (document, width,
// font); a frame only draws the blocks whose rectangles meet the visible part of the view.
//
// Index (search for "// ---- <name>"):
//   preparation and layout
//   search
//   selection and jumps
//   drawing
#include "markdown_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include "imgui.h"
#include "base/text.h"
#include "fonts.h"
#include "palette.h"
#include "widgets.h"

namespace kg::app {

namespace {

// Characters that must not start a line (Japanese kinsoku, simplified).
bool no_line_start(uint32_t cp) {
    switch (cp) {
        case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0x300D: case 0x300F:
        case 0xFF09: case 0x3011: case 0xFF01: case 0xFF1F: case 0x30FC: case 0x3005:
        case 0xFF1A: case 0xFF1B: case 0x30FB: case 0x3041: case 0x3043: case 0x3045:
        case 0x3047: case 0x3049: case 0x3063: case 0x3083: case 0x3085: case 0x3087:
        case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7: case 0x30A9: case 0x30C3:
        case 0x30E3: case 0x30E5: case 0x30E7: case ')': case ',': case '.': case ':':
        case ';': case '!': case '?':
            return true;
        default:
            return false;
    }
}

// One face of the page's fonts at the size it is drawn with.
struct Face {
    ImFont* font = nullptr;
    float size = 13;
    float scale = 1;
    float advance(uint32_t cp) const {
        if (cp == '\t') cp = ' ';
        const ImWchar c = cp <= 0xFFFF ? static_cast<ImWchar>(cp) : static_cast<ImWchar>(0xFFFD);
        return font->GetCharAdvance(c) * scale;
    }
    float width(std::string_view s) const {
        float w = 0;
        size_t i = 0;
        while (i < s.size()) w += advance(kg::next_codepoint(s, i));
        return w;
    }
};

Face make_face(ImFont* f) {
    Face face;
    face.font = f ? f : ImGui::GetFont();
    face.size = face.font->FontSize * face.font->Scale * ImGui::GetIO().FontGlobalScale;
    face.scale = face.size / face.font->FontSize;
    return face;
}

struct Metrics {
    Face regular, bold, heading, mono;
    float size = 13;       // body size
    float line_h = 17;     // body line height
    // The face a run is drawn with.
    const Face& face(const kg::Block& b, uint8_t style) const {
        if (b.kind == kg::BlockKind::Heading) return b.level <= 2 ? heading : bold;
        if (b.kind == kg::BlockKind::CodeBlock || b.kind == kg::BlockKind::Html || (style & kg::kCode))
            return mono;
        if (style & kg::kStrong) return bold;
        return regular;
    }
    float line_height(const kg::Block& b) const {
        return b.kind == kg::BlockKind::Heading && b.level <= 2 ? heading.size * 1.45f : line_h;
    }
};

Metrics current_metrics() {
    Metrics m;
    m.regular = make_face(font_regular());
    m.bold = make_face(font_bold());
    m.heading = make_face(font_heading());
    m.mono = make_face(font_mono());
    m.size = m.regular.size;
    m.line_h = m.size * 1.38f;
    return m;
}

const std::vector<kg::Span>& segment_spans(const kg::Block& b, int seg) {
    return b.kind == kg::BlockKind::TableRow ? b.cells[static_cast<size_t>(seg)] : b.spans;
}

int segment_count(const kg::Block& b) {
    return b.kind == kg::BlockKind::TableRow ? static_cast<int>(b.cells.size()) : 1;
}

// Space after a block, in font sizes, given what follows.
float space_after(const kg::Block& b, const kg::Block* next) {
    using K = kg::BlockKind;
    switch (b.kind) {
        case K::Heading: return 0.35f;
        case K::ListItem: return next && next->kind == K::ListItem ? 0.18f : 0.6f;
        case K::TableRow: return next && next->kind == K::TableRow ? 0.0f : 0.7f;
        default: return 0.6f;
    }
}

float space_before(const kg::Block& b, int index) {
    if (index == 0 || b.kind != kg::BlockKind::Heading) return 0;
    return b.level <= 2 ? 0.8f : 0.45f;
}

constexpr float kCellPad = 5;
constexpr float kCodePad = 6;

}  // namespace

// ---- preparation and layout --------------------------------------------------------------

void MarkdownView::prepare(const kg::MarkdownDocument& doc, const std::string& doc_id) {
    if (doc_ == &doc && doc_id_ == doc_id) return;
    const bool same_content = doc_id_ == doc_id;
    doc_ = &doc;
    doc_id_ = doc_id;
    seg_text_.assign(doc.blocks.size(), {});
    span_base_.assign(doc.blocks.size(), {});
    for (size_t b = 0; b < doc.blocks.size(); ++b) {
        const kg::Block& blk = doc.blocks[b];
        const int n = segment_count(blk);
        seg_text_[b].resize(static_cast<size_t>(n));
        span_base_[b].resize(static_cast<size_t>(n));
        for (int s = 0; s < n; ++s) {
            std::string text;
            for (const kg::Span& sp : segment_spans(blk, s)) {
                span_base_[b][static_cast<size_t>(s)].push_back(static_cast<uint32_t>(text.size()));
                text += sp.text;
            }
            seg_text_[b][static_cast<size_t>(s)] = kg::to_lower_ascii(text);
        }
    }
    layout_width_ = -1;
    if (!same_content) {
        sel_first_ = sel_last_ = -1;
        current_match_ = -1;
        scroll_y_ = 0;
    }
    find_matches();
}

float MarkdownView::layout_segment(const kg::Block& blk, const std::vector<kg::Span>& spans,
                                   int seg, float x0, float width, uint8_t extra_style) {
    const Metrics m = current_metrics();
    const float line_h = m.line_height(blk);
    const bool keep_breaks = blk.kind == kg::BlockKind::CodeBlock || blk.kind == kg::BlockKind::Html;
    bool cjk_prev = false;   // the last character placed was CJK
    float x = x0;
    float y = 0;
    auto start_line = [&]() {
        Line l;
        l.first_run = static_cast<uint32_t>(runs_.size());
        l.y = y;
        lines_.push_back(l);
    };
    auto break_line = [&]() {
        y += line_h;
        x = x0;
        start_line();
    };
    start_line();
    const float right = x0 + width;
    for (size_t si = 0; si < spans.size(); ++si) {
        const std::string& t = spans[si].text;
        const uint8_t style = spans[si].style | extra_style;
        const Face& f = m.face(blk, style);
        size_t i = 0;
        while (i < t.size()) {
            // Next token: newline, a run of spaces, one CJK character (+ closing marks), a word.
            const size_t begin = i;
            size_t j = i;
            uint32_t cp = kg::next_codepoint(t, j);
            bool space = false;
            if (cp == '\n') {
                i = j;
                if (keep_breaks) {
                    break_line();
                    continue;
                }
                // A source line break inside a paragraph is a space (as on GitHub), or
                // nothing at all between two CJK characters.
                size_t peek = j;
                const bool cjk_next = j < t.size() && kg::is_cjk(kg::next_codepoint(t, peek));
                if ((cjk_prev && cjk_next) || x == x0) continue;
                const float sw = f.advance(' ');
                if (x + sw <= right) {
                    // Render as a space: extend the current line's position only.
                    x += sw;
                }
                continue;
            }
            if (cp == ' ' || cp == '\t' || cp == 0x3000) {
                space = true;
                size_t k = j;
                while (k < t.size()) {
                    size_t k2 = k;
                    uint32_t c2 = kg::next_codepoint(t, k2);
                    if (c2 != ' ' && c2 != '\t') break;
                    k = k2;
                }
                j = k;
            } else if (kg::is_cjk(cp)) {
                size_t k = j;
                while (k < t.size()) {
                    size_t k2 = k;
                    if (!no_line_start(kg::next_codepoint(t, k2))) break;
                    k = k2;
                }
                j = k;
            } else {
                size_t k = j;
                while (k < t.size()) {
                    size_t k2 = k;
                    uint32_t c2 = kg::next_codepoint(t, k2);
                    if (c2 == ' ' || c2 == '\t' || c2 == '\n' || c2 == 0x3000) break;
                    if (kg::is_cjk(c2) && !no_line_start(c2)) break;
                    k = k2;
                }
                j = k;
            }
            i = j;
            cjk_prev = !space && kg::is_cjk(cp);
            std::string_view tok(t.data() + begin, j - begin);
            float w = f.width(tok);
            if (space && x == x0) continue;   // no spaces at the start of a line
            if (!space && x > x0 && x + w > right) break_line();
            if (space && x + w > right) {
                break_line();
                continue;
            }
            // A token wider than a whole line is cut between characters.
            size_t piece_begin = begin;
            while (!space && w > right - x && x == x0 && piece_begin < j) {
                size_t k = piece_begin;
                float pw = 0;
                while (k < j) {
                    size_t k2 = k;
                    const float a = f.advance(kg::next_codepoint(t, k2));
                    if (pw + a > width && k > piece_begin) break;
                    pw += a;
                    k = k2;
                }
                if (k >= j) break;
                Run r;
                r.seg = seg;
                r.span = static_cast<int>(si);
                r.begin = static_cast<uint32_t>(piece_begin);
                r.end = static_cast<uint32_t>(k);
                r.x = x;
                r.w = pw;
                r.style = style;
                runs_.push_back(r);
                lines_.back().run_count++;
                break_line();
                piece_begin = k;
                w = f.width(std::string_view(t.data() + k, j - k));
            }
            // Extend the previous run when it is the same span and adjacent.
            Line& line = lines_.back();
            if (line.run_count > 0) {
                Run& last = runs_.back();
                if (last.span == static_cast<int>(si) && last.seg == seg && last.end == piece_begin) {
                    last.end = static_cast<uint32_t>(j);
                    last.w += w;
                    x += w;
                    continue;
                }
            }
            Run r;
            r.seg = seg;
            r.span = static_cast<int>(si);
            r.begin = static_cast<uint32_t>(piece_begin);
            r.end = static_cast<uint32_t>(j);
            r.x = x;
            r.w = w;
            r.style = style;
            runs_.push_back(r);
            line.run_count++;
            x += w;
        }
    }
    return y + line_h;
}

void MarkdownView::layout(const kg::MarkdownDocument& doc, float width) {
    const Metrics m = current_metrics();
    blocks_.assign(doc.blocks.size(), BlockLayout{});
    lines_.clear();
    runs_.clear();
    tables_.clear();
    float y = 0;
    const float indent_step = m.size * 1.4f;
    for (size_t b = 0; b < doc.blocks.size(); ++b) {
        const kg::Block& blk = doc.blocks[b];
        BlockLayout& L = blocks_[b];
        y += space_before(blk, static_cast<int>(b)) * m.size;
        L.y = y;
        L.indent = blk.quote_depth * indent_step * 0.8f;
        L.first_line = static_cast<uint32_t>(lines_.size());
        const float avail = std::max(40.0f, width - L.indent);
        using K = kg::BlockKind;
        float h = 0;
        switch (blk.kind) {
            case K::Heading: {
                h = layout_segment(blk, blk.spans, 0, 0, avail, kg::kStrong);
                if (blk.level <= 2) h += 5;   // room for the rule under it
                break;
            }
            case K::ListItem: {
                const float ind = indent_step * std::max(1, blk.level);
                L.indent += ind;
                h = layout_segment(blk, blk.spans, 0, 0, std::max(40.0f, avail - ind), 0);
                break;
            }
            case K::CodeBlock: {
                h = layout_segment(blk, blk.spans, 0, kCodePad, avail - 2 * kCodePad, 0);
                for (uint32_t l = L.first_line; l < lines_.size(); ++l) lines_[l].y += kCodePad;
                h += 2 * kCodePad;
                break;
            }
            case K::Rule: h = m.line_h * 0.6f; break;
            case K::Html:
                h = layout_segment(blk, blk.spans, 0, 0, avail, kg::kCode);
                break;
            case K::TableRow: {
                // A table is the run of consecutive rows; size its columns at its first row.
                if (b == 0 || doc.blocks[b - 1].kind != K::TableRow) {
                    size_t e = b;
                    size_t ncol = 0;
                    while (e < doc.blocks.size() && doc.blocks[e].kind == K::TableRow) {
                        ncol = std::max(ncol, doc.blocks[e].cells.size());
                        ++e;
                    }
                    std::vector<float> natural(ncol, 0);
                    for (size_t r = b; r < e; ++r) {
                        for (size_t c = 0; c < doc.blocks[r].cells.size(); ++c) {
                            float w = 0;
                            for (const kg::Span& sp : doc.blocks[r].cells[c]) w += m.face(doc.blocks[r], sp.style | (doc.blocks[r].header_row ? kg::kStrong : 0)).width(sp.text);
                            natural[c] = std::max(natural[c], w + 2 * kCellPad + 2);
                        }
                    }
                    // Water-fill: narrow columns get what they need, wide ones share the rest.
                    std::vector<size_t> order(ncol);
                    for (size_t c = 0; c < ncol; ++c) order[c] = c;
                    std::sort(order.begin(), order.end(),
                              [&](size_t a, size_t z) { return natural[a] < natural[z]; });
                    std::vector<float> colw(ncol, 0);
                    float remaining = avail - 1;
                    for (size_t k = 0; k < ncol; ++k) {
                        const float share = remaining / static_cast<float>(ncol - k);
                        colw[order[k]] = std::max(std::min(natural[order[k]], share), 36.0f);
                        remaining -= colw[order[k]];
                    }
                    TableLayout t;
                    t.first_block = static_cast<int>(b);
                    t.last_block = static_cast<int>(e) - 1;
                    float cx = 0;
                    for (size_t c = 0; c < ncol; ++c) {
                        t.col_x.push_back(cx);
                        cx += colw[c];
                    }
                    t.col_x.push_back(cx);
                    tables_.push_back(t);
                }
                L.table = static_cast<int>(tables_.size()) - 1;
                const TableLayout& t = tables_.back();
                float row_h = m.line_h;
                for (size_t c = 0; c < blk.cells.size() && c + 1 < t.col_x.size(); ++c) {
                    const float cw = t.col_x[c + 1] - t.col_x[c];
                    const uint32_t before = static_cast<uint32_t>(lines_.size());
                    const float ch = layout_segment(blk, blk.cells[c], static_cast<int>(c),
                                                    t.col_x[c] + kCellPad, cw - 2 * kCellPad,
                                                    blk.header_row ? kg::kStrong : 0);
                    for (uint32_t l = before; l < lines_.size(); ++l) lines_[l].y += kCellPad * 0.6f;
                    row_h = std::max(row_h, ch);
                }
                h = row_h + kCellPad * 1.2f;
                break;
            }
            case K::Paragraph:
            default:
                h = layout_segment(blk, blk.spans, 0, 0, avail, 0);
                break;
        }
        L.line_count = static_cast<uint32_t>(lines_.size()) - L.first_line;
        L.content_h = h;
        const kg::Block* next = b + 1 < doc.blocks.size() ? &doc.blocks[b + 1] : nullptr;
        L.h = h + space_after(blk, next) * m.size;
        y += L.h;
    }
    total_height_ = y + m.line_h * 2;
    layout_width_ = width;
}

// ---- search -----------------------------------------------------------------------------

void MarkdownView::set_query(const std::string& q) {
    if (q == query_) return;
    query_ = q;
    std::snprintf(query_buf_, sizeof query_buf_, "%s", q.c_str());
    find_matches();
    if (!matches_.empty()) {
        current_match_ = 0;
        scroll_to_block(matches_[0].block);
    }
}

void MarkdownView::find_matches() {
    matches_.clear();
    current_match_ = -1;
    const std::string needle = kg::to_lower_ascii(kg::trim(query_));
    if (needle.empty()) return;
    for (size_t b = 0; b < seg_text_.size(); ++b) {
        for (size_t s = 0; s < seg_text_[b].size(); ++s) {
            const std::string& hay = seg_text_[b][s];
            for (size_t pos = hay.find(needle); pos != std::string::npos;
                 pos = hay.find(needle, pos + needle.size())) {
                matches_.push_back(Match{static_cast<int>(b), static_cast<int>(s),
                                         static_cast<uint32_t>(pos),
                                         static_cast<uint32_t>(needle.size())});
                if (matches_.size() >= 20000) return;   // enough to navigate
            }
        }
    }
}

void MarkdownView::next_match(int delta) {
    if (matches_.empty()) return;
    const int n = static_cast<int>(matches_.size());
    current_match_ = ((current_match_ < 0 ? 0 : current_match_ + delta) % n + n) % n;
    scroll_to_block(matches_[static_cast<size_t>(current_match_)].block);
}

void MarkdownView::draw_search_bar(const char* id, bool focus) {
    ImGui::PushID(id);
    if (focus) focus_next_item();
    ImGui::SetNextItemWidth(std::min(260.0f, ImGui::GetContentRegionAvail().x * 0.45f));
    const bool enter = ImGui::InputTextWithHint("##search", "Search (Ctrl+F)", query_buf_,
                                                sizeof query_buf_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    if (query_buf_ != query_) {
        const std::string q = query_buf_;
        set_query(q);
    }
    if (enter) {
        next_match(ImGui::GetIO().KeyShift ? -1 : 1);
        ImGui::SetKeyboardFocusHere(-1);   // keep typing / pressing Enter in the box
    }
    if (!query_.empty()) {
        ImGui::SameLine();
        if (matches_.empty()) ImGui::TextDisabled("no match");
        else ImGui::TextDisabled("%d / %d", current_match_ + 1, static_cast<int>(matches_.size()));
        ImGui::SameLine();
        if (ImGui::ArrowButton("##prev", ImGuiDir_Up)) next_match(-1);
        ImGui::SameLine(0, 2);
        if (ImGui::ArrowButton("##next", ImGuiDir_Down)) next_match(1);
    }
    ImGui::PopID();
}

// ---- selection and jumps -------------------------------------------------------------------

int MarkdownView::block_at_line(int line) const {
    if (!doc_) return -1;
    const auto& bl = doc_->blocks;
    for (size_t b = 0; b < bl.size(); ++b) {
        if (bl[b].line_end >= line) return static_cast<int>(b);
    }
    return bl.empty() ? -1 : static_cast<int>(bl.size()) - 1;
}

void MarkdownView::scroll_to_block(int b) { pending_block_ = b; }

void MarkdownView::jump_to_lines(int line, int line_end) {
    const int first = block_at_line(line);
    if (first < 0) return;
    int last = first;
    if (doc_) {
        while (last + 1 < static_cast<int>(doc_->blocks.size()) &&
               doc_->blocks[static_cast<size_t>(last + 1)].line_start <= line_end)
            ++last;
    }
    sel_first_ = first;
    sel_last_ = last;
    scroll_to_block(first);
}

int MarkdownView::selected_line_start() const {
    if (!doc_ || sel_first_ < 0) return 0;
    return doc_->blocks[static_cast<size_t>(sel_first_)].line_start;
}

int MarkdownView::selected_line_end() const {
    if (!doc_ || sel_last_ < 0) return 0;
    return doc_->blocks[static_cast<size_t>(sel_last_)].line_end;
}

kg::Evidence MarkdownView::selection_evidence() const {
    kg::Evidence e;
    if (!doc_ || sel_first_ < 0) return e;
    e.line_start = selected_line_start();
    e.line_end = selected_line_end();
    std::string text;
    for (int b = sel_first_; b <= sel_last_ && text.size() < 400; ++b) {
        const kg::Block& blk = doc_->blocks[static_cast<size_t>(b)];
        std::string t;
        if (blk.kind == kg::BlockKind::TableRow) {
            for (size_t c = 0; c < blk.cells.size(); ++c) t += (c ? " | " : "") + blk.cell_text(c);
        } else {
            t = blk.text();
        }
        t = kg::trim(t);
        if (t.empty()) continue;
        if (!text.empty()) text += " / ";
        text += t;
    }
    // Shorten at a character boundary.
    if (text.size() > 400) {
        size_t cut = 400;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut) + "…";
    }
    for (char& c : text) {
        if (c == '\n') c = ' ';
    }
    e.text = text;
    return e;
}

// ---- drawing ------------------------------------------------------------------------------

void MarkdownView::draw_block(const kg::MarkdownDocument& doc, int b, float x, float y, float width) {
    const Palette& pal = palette();
    const Metrics m = current_metrics();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const kg::Block& blk = doc.blocks[static_cast<size_t>(b)];
    const BlockLayout& L = blocks_[static_cast<size_t>(b)];
    using K = kg::BlockKind;
    const float left = x + L.indent;
    const float top = y;
    const float bottom = y + L.content_h;

    // Backgrounds: selection, tint, code, table header.
    const bool selected = sel_first_ >= 0 && b >= sel_first_ && b <= sel_last_;
    bool tinted_block = false;
    for (const auto& r : tinted) {
        if (r.first <= blk.line_end && r.second >= blk.line_start) tinted_block = true;
    }
    if (tinted_block) {
        dl->AddRectFilled(ImVec2(x - 6, top - 1), ImVec2(x + width, bottom + 1), pal.tint);
        dl->AddRectFilled(ImVec2(x - 6, top - 1), ImVec2(x - 3, bottom + 1), verdict_color(kg::Verdict::Detected));
    }
    for (const auto& r : outlined) {
        if (r.first <= blk.line_end && r.second >= blk.line_start) {
            dl->AddRectFilled(ImVec2(x - 9, top - 1), ImVec2(x - 7, bottom + 1), pal.link);
            break;
        }
    }
    if (selected) dl->AddRectFilled(ImVec2(x - 6, top - 1), ImVec2(x + width, bottom + 1), pal.selection, 3);
    for (int q = 0; q < blk.quote_depth; ++q) {
        const float qx = x + q * m.size * 1.12f + 2;
        dl->AddRectFilled(ImVec2(qx, top), ImVec2(qx + 3, bottom), pal.quote_bar);
    }
    if (blk.kind == K::CodeBlock) {
        dl->AddRectFilled(ImVec2(left, top), ImVec2(x + width, bottom), pal.code_bg, 4);
    }
    if (blk.kind == K::Rule) {
        const float ry = top + L.content_h * 0.5f;
        dl->AddLine(ImVec2(left, ry), ImVec2(x + width, ry), pal.rule, 1);
    }
    if (blk.kind == K::TableRow && L.table >= 0) {
        const TableLayout& t = tables_[static_cast<size_t>(L.table)];
        const float tx0 = left + t.col_x.front();
        const float tx1 = left + t.col_x.back();
        if (blk.header_row) dl->AddRectFilled(ImVec2(tx0, top), ImVec2(tx1, bottom), pal.table_header_bg);
        if (b == t.first_block) dl->AddLine(ImVec2(tx0, top), ImVec2(tx1, top), pal.table_border);
        dl->AddLine(ImVec2(tx0, bottom), ImVec2(tx1, bottom), pal.table_border);
        for (float cx : t.col_x) dl->AddLine(ImVec2(left + cx, top), ImVec2(left + cx, bottom), pal.table_border);
    }
    if (blk.kind == K::ListItem) {
        const float bx = left - m.size * 1.1f;
        const float ty = top + (m.line_h - m.size) * 0.5f;
        if (blk.ordered) {
            char num[16];
            std::snprintf(num, sizeof num, "%d.", blk.number);
            const float w = m.regular.width(num);
            dl->AddText(m.regular.font, m.size, ImVec2(left - w - m.size * 0.35f, ty), pal.muted, num);
        } else {
            const float r = blk.level <= 1 ? 2.6f : 2.2f;
            const ImVec2 c(bx + m.size * 0.45f, top + m.line_h * 0.5f);
            if (blk.level <= 1) dl->AddCircleFilled(c, r, pal.muted);
            else dl->AddCircle(c, r, pal.muted);
        }
    }

    // Search highlights behind the text.
    auto seg_matches = [&](int seg, uint32_t from, uint32_t to, auto&& fn) {
        // matches_ is sorted by block, then segment, then offset: binary search the block.
        auto it = std::lower_bound(matches_.begin(), matches_.end(), b,
                                   [](const Match& mm, int blockv) { return mm.block < blockv; });
        for (; it != matches_.end() && it->block == b; ++it) {
            if (it->seg != seg) continue;
            if (it->offset + it->length <= from || it->offset >= to) continue;
            fn(*it, static_cast<int>(it - matches_.begin()));
        }
    };

    const float line_h = m.line_height(blk);
    for (uint32_t li = L.first_line; li < L.first_line + L.line_count; ++li) {
        const Line& line = lines_[li];
        const float ly = top + line.y;
        for (uint32_t ri = line.first_run; ri < line.first_run + line.run_count; ++ri) {
            const Run& r = runs_[ri];
            const Face& f = m.face(blk, r.style);
            const float ty = ly + (line_h - f.size) * 0.5f;
            const std::vector<kg::Span>& spans = segment_spans(blk, r.seg);
            const std::string& text = spans[static_cast<size_t>(r.span)].text;
            const char* tb = text.data() + r.begin;
            const char* te = text.data() + r.end;
            const float rx = left + r.x;
            // Search matches within this run.
            const uint32_t base = span_base_[static_cast<size_t>(b)][static_cast<size_t>(r.seg)][static_cast<size_t>(r.span)];
            const uint32_t from = base + r.begin;
            const uint32_t to = base + r.end;
            seg_matches(r.seg, from, to, [&](const Match& mm, int index) {
                const uint32_t a = std::max(mm.offset, from) - base;
                const uint32_t z = std::min(mm.offset + mm.length, to) - base;
                const float x0 = rx + f.width(std::string_view(text.data() + r.begin, a - r.begin));
                const float x1 = x0 + f.width(std::string_view(text.data() + a, z - a));
                dl->AddRectFilled(ImVec2(x0, ly + 1), ImVec2(x1, ly + line_h - 1),
                                  index == current_match_ ? pal.match_current : pal.match, 2);
            });
            ImU32 col = pal.text;
            if (blk.kind == K::Heading) col = pal.heading;
            else if (r.style & kg::kCode || blk.kind == K::CodeBlock) col = pal.code_text;
            else if (r.style & kg::kLink) col = pal.link;
            else if (r.style & kg::kEmphasis) col = pal.emphasis;
            else if (r.style & kg::kStrong) col = pal.strong;
            if (blk.kind == K::Html) col = pal.muted;
            if ((r.style & kg::kCode) && blk.kind != K::CodeBlock) {
                dl->AddRectFilled(ImVec2(rx - 1, ly + 1), ImVec2(rx + r.w + 1, ly + line_h - 1),
                                  pal.code_bg, 3);
            }
            dl->AddText(f.font, f.size, ImVec2(rx, ty), col, tb, te);
            if (r.style & kg::kLink) {
                dl->AddLine(ImVec2(rx, ty + f.size + 1), ImVec2(rx + r.w, ty + f.size + 1), col);
            }
            if (r.style & kg::kStrike) {
                dl->AddLine(ImVec2(rx, ty + f.size * 0.55f), ImVec2(rx + r.w, ty + f.size * 0.55f), col);
            }
        }
    }
    if (blk.kind == K::Heading && blk.level <= 2) {
        dl->AddLine(ImVec2(left, bottom - 2), ImVec2(x + width, bottom - 2), pal.rule, blk.level == 1 ? 2.0f : 1.0f);
    }
}

void MarkdownView::draw(const char* child_id, const kg::MarkdownDocument& doc, const std::string& doc_id) {
    prepare(doc, doc_id);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 10));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().paper);
    ImGui::BeginChild(child_id, ImVec2(0, 0), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_AlwaysVerticalScrollbar);
    const Metrics m = current_metrics();
    const float width = std::floor(ImGui::GetContentRegionAvail().x);
    if (width != layout_width_ || m.regular.font != layout_font_ || m.size != layout_font_size_ ||
        m.regular.font->Glyphs.Size != layout_glyphs_) {
        layout(doc, width);
        layout_font_ = m.regular.font;
        layout_font_size_ = m.size;
        layout_glyphs_ = m.regular.font->Glyphs.Size;
    }
    if (pending_scroll_ >= 0) {
        ImGui::SetScrollY(pending_scroll_);
        pending_scroll_ = -1;
    }
    if (pending_block_ >= 0 && pending_block_ < static_cast<int>(blocks_.size())) {
        ImGui::SetScrollY(std::max(0.0f, blocks_[static_cast<size_t>(pending_block_)].y - m.line_h * 2));
        pending_block_ = -1;
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float view_top = ImGui::GetScrollY();
    const float view_bottom = view_top + ImGui::GetWindowHeight();
    // Binary search the first block on screen; draw until past the bottom.
    auto first = std::upper_bound(blocks_.begin(), blocks_.end(), view_top,
                                  [](float v, const BlockLayout& L) { return v < L.y + L.h; });
    const bool hovered = ImGui::IsWindowHovered();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int clicked = -1;
    for (auto it = first; it != blocks_.end() && it->y < view_bottom; ++it) {
        const int b = static_cast<int>(it - blocks_.begin());
        const float by = origin.y + it->y;
        draw_block(doc, b, origin.x, by, width);
        if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && mouse.y >= by &&
            mouse.y < by + it->h && mouse.x >= origin.x - 8)
            clicked = b;
    }
    if (clicked >= 0) {
        if (ImGui::GetIO().KeyShift && sel_first_ >= 0) {
            sel_first_ = std::min(sel_first_, clicked);
            sel_last_ = std::max(sel_last_, clicked);
        } else if (sel_first_ == clicked && sel_last_ == clicked) {
            sel_first_ = sel_last_ = -1;   // a second click on the selection clears it
        } else {
            sel_first_ = sel_last_ = clicked;
        }
    }
    // Reserve the full height so the scrollbar is right.
    ImGui::Dummy(ImVec2(width, total_height_));
    scroll_y_ = ImGui::GetScrollY();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
}

}  // namespace kg::app
