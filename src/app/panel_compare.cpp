// The Compare tab: see panel_compare.h. Charts are drawn with ImGui's draw list; every number
// comes from the core comparison model, so the page, the CLI and the export agree.
#include "panel_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app_state.h"
#include "grading/comparison.h"
#include "fonts.h"
#include "imgui.h"
#include "palette.h"
#include "platform.h"
#include "grading/rubric.h"
#include "base/text.h"
#include "theme.h"
#include "widgets.h"

namespace kg::app {

namespace {

// ---- cache ------------------------------------------------------------------------------

// What the comparison depends on, hashed: keys, review identity and links, verdicts, bonus
// and penalty counts, the baseline choice. Notes and evidence do not change the numbers.
std::string fingerprint(const Workspace& ws) {
    std::string s = ws.baseline_prompt + "\x1f";
    for (const KeyFile& k : ws.keys) s += k.name + "\x1f" + content_hash(k.text) + "\x1e";
    for (const ReviewFile& r : ws.reviews) {
        s += r.name + "\x1f" + r.hash + "\x1f" + r.prompt + "\x1f" + std::to_string(r.run) + "\x1f" +
             r.key_name + "\x1f" + std::to_string(r.bonus.size()) + "/" +
             std::to_string(r.penalties.size()) + "\x1f";
        for (const ProblemGrade& g : r.grades) {
            s += g.problem_id + "=" + verdict_name(g.verdict) + (g.stale ? "!" : "") + ",";
        }
        s += "\x1e";
    }
    return content_hash(s);
}

CompareState& compare_state() { return state().compare; }

void adopt(CompareState& st, Comparison c, const std::string& print) {
    st.comparison = std::move(c);
    st.fingerprint = print;
    // New prompt or key names may hold glyphs the atlas lacks (Japanese prompt names).
    std::string labels;
    for (const RoundComparison& rc : st.comparison.rounds) {
        labels += rc.key_name + rc.perspective;
        for (const PromptEntry& pe : rc.prompts) labels += pe.prompt;
        for (const MatrixRow& row : rc.matrix) labels += row.title;
    }
    fonts_need_text(labels);
}

// ---- small helpers ----------------------------------------------------------------------

ImU32 with_alpha(ImU32 c, float alpha) {
    ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
    v.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(v);
}

// Heat-map color for a detection rate: × red at 0, △ amber at 0.5, ○ green at 1.
ImU32 rate_color(double rate) {
    if (rate < 0) return with_alpha(verdict_color(Verdict::Ungraded), 0.35f);
    const ImVec4 lo = ImGui::ColorConvertU32ToFloat4(verdict_color(Verdict::Missed));
    const ImVec4 mid = ImGui::ColorConvertU32ToFloat4(verdict_color(Verdict::Partial));
    const ImVec4 hi = ImGui::ColorConvertU32ToFloat4(verdict_color(Verdict::Detected));
    const float t = static_cast<float>(std::clamp(rate, 0.0, 1.0));
    const ImVec4& a = t < 0.5f ? lo : mid;
    const ImVec4& b = t < 0.5f ? mid : hi;
    const float u = t < 0.5f ? t * 2 : (t - 0.5f) * 2;
    return ImGui::ColorConvertFloat4ToU32(ImVec4(a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u,
                                                 a.z + (b.z - a.z) * u, 0.85f));
}

std::string percent(double rate) {
    if (rate < 0) return "—";
    return std::to_string(static_cast<long>(std::lround(rate * 100))) + "%";
}

void text_centered(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color, const std::string& t) {
    const ImVec2 size = ImGui::CalcTextSize(t.c_str());
    dl->AddText(ImVec2(min.x + (max.x - min.x - size.x) * 0.5f, min.y + (max.y - min.y - size.y) * 0.5f),
                color, t.c_str());
}

// ---- the prompts table --------------------------------------------------------------------

void draw_prompts_table(const RoundComparison& rc) {
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("compare_prompts", 7, flags)) return;
    ImGui::TableSetupColumn("Prompt", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Runs", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("Mean", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("SD", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("Stability", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Bonus", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("Penalty", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableHeadersRow();
    for (const PromptEntry& pe : rc.prompts) {
        std::string runs, bonus, penalty;
        for (size_t i = 0; i < pe.runs.size(); ++i) {
            const char* sep = i ? " / " : "";
            runs += sep + format_score(pe.runs[i].score.total);
            bonus += sep + std::to_string(pe.runs[i].score.bonus_items);
            penalty += sep + std::to_string(pe.runs[i].score.penalty_items);
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const bool recommended = rc.has_recommendation && rc.recommendation.prompt == pe.prompt;
        if (recommended) ImGui::PushFont(font_bold());
        ImGui::TextUnformatted(pe.prompt.c_str());
        if (recommended) ImGui::PopFont();
        if (pe.is_baseline) {
            ImGui::SameLine();
            ImGui::TextDisabled("baseline");
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(runs.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_score(pe.stats.mean).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_score(pe.stats.sd).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(stability_name(pe.stats.stability));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(bonus.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(penalty.c_str());
    }
    ImGui::EndTable();
}

// ---- bars: mean per prompt with SD whiskers -------------------------------------------------

void draw_bars(const RoundComparison& rc) {
    const float line = ImGui::GetTextLineHeight();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = std::max(180.0f, line * 15);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("compare_bars", ImVec2(std::max(width, 100.0f), height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& pal = palette();

    const float axis_w = ImGui::CalcTextSize("00.0").x + 8;
    const ImVec2 plot_min(origin.x + axis_w, origin.y + line);
    const ImVec2 plot_max(origin.x + width - 4, origin.y + height - line * 1.6f);
    double top = rc.scale_max;
    for (const BarDatum& b : rc.bars) top = std::max(top, b.high);
    top = std::max(1.0, std::ceil(top));
    double low = 0;
    for (const BarDatum& b : rc.bars) low = std::min(low, std::floor(b.low));   // penalties can go below 0
    auto y_of = [&](double v) {
        return plot_max.y - static_cast<float>((v - low) / (top - low)) * (plot_max.y - plot_min.y);
    };

    // Grid: 1, 2 or 5 points apart, whichever keeps the labels from touching.
    const float px_per_point = (plot_max.y - plot_min.y) / static_cast<float>(top - low);
    double step = 1.0;
    for (const double s : {1.0, 2.0, 5.0, 10.0}) {
        step = s;
        if (static_cast<float>(s) * px_per_point >= line * 1.4f) break;
    }
    for (double v = low; v <= top + 1e-9; v += step) {
        const float y = y_of(v);
        dl->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), with_alpha(pal.rule, 0.6f));
        char buf[16];
        std::snprintf(buf, sizeof buf, "%g", v);
        const ImVec2 ts = ImGui::CalcTextSize(buf);
        dl->AddText(ImVec2(plot_min.x - ts.x - 6, y - ts.y * 0.5f), pal.muted, buf);
    }

    const size_t n = rc.bars.size();
    if (n == 0) return;
    const float slot = (plot_max.x - plot_min.x) / static_cast<float>(n);
    const float bar_w = std::min(slot * 0.55f, line * 5);
    const ImU32 accent = ImGui::ColorConvertFloat4ToU32(theme_colors().accent);
    for (size_t i = 0; i < n; ++i) {
        const BarDatum& b = rc.bars[i];
        const float cx = plot_min.x + slot * (static_cast<float>(i) + 0.5f);
        const ImVec2 bmin(cx - bar_w * 0.5f, std::min(y_of(b.mean), y_of(0)));
        const ImVec2 bmax(cx + bar_w * 0.5f, std::max(y_of(b.mean), y_of(0)));
        const ImU32 fill = b.recommended ? accent : with_alpha(pal.muted, 0.55f);
        dl->AddRectFilled(bmin, bmax, with_alpha(fill, 0.75f), 2.0f);
        dl->AddRect(bmin, bmax, fill, 2.0f);

        // SD whisker with caps.
        const float wy0 = y_of(b.low), wy1 = y_of(b.high), cap = bar_w * 0.22f;
        const ImU32 wc = pal.strong;
        dl->AddLine(ImVec2(cx, wy0), ImVec2(cx, wy1), wc, 1.5f);
        dl->AddLine(ImVec2(cx - cap, wy0), ImVec2(cx + cap, wy0), wc, 1.5f);
        dl->AddLine(ImVec2(cx - cap, wy1), ImVec2(cx + cap, wy1), wc, 1.5f);
        // Each run as a dot, so two runs far apart are visible even when the SD is read wrong.
        for (const PromptEntry& pe : rc.prompts) {
            if (pe.prompt != b.label) continue;
            for (const RunEntry& re : pe.runs) {
                dl->AddCircleFilled(ImVec2(cx + bar_w * 0.32f, y_of(re.score.total)), 2.5f, pal.text);
            }
        }

        const std::string value = format_score(b.mean) + " ± " + format_score(b.sd);
        const ImVec2 vs = ImGui::CalcTextSize(value.c_str());
        dl->AddText(ImVec2(cx - vs.x * 0.5f, std::min(wy1, bmin.y) - vs.y - 2), pal.text, value.c_str());
        const std::string label = fit_with_ellipsis(b.label, slot - 6);
        const ImVec2 ls = ImGui::CalcTextSize(label.c_str());
        dl->AddText(ImVec2(cx - ls.x * 0.5f, plot_max.y + line * 0.3f),
                    b.recommended ? accent : pal.text, label.c_str());

        if (ImGui::IsMouseHoveringRect(ImVec2(cx - slot * 0.5f, plot_min.y), ImVec2(cx + slot * 0.5f, plot_max.y))) {
            ImGui::SetTooltip("%s\nmean %s, SD %s (runs %s to %s)%s", b.label.c_str(),
                              format_score(b.mean).c_str(), format_score(b.sd).c_str(),
                              format_score(b.min_score).c_str(), format_score(b.max_score).c_str(),
                              b.recommended ? "\nrecommended" : "");
        }
    }
}

// ---- heat map: problems × runs, plus the rate per prompt -----------------------------------

void draw_heat_map(const RoundComparison& rc) {
    const float line = ImGui::GetTextLineHeight();
    const float cell_h = line * 1.45f;
    const float cell_w = std::max(line * 1.9f, ImGui::CalcTextSize("100%").x + 8);
    const float gap = line * 0.5f;                   // between prompts
    float id_w = 0;
    for (const MatrixRow& row : rc.matrix) id_w = std::max(id_w, ImGui::CalcTextSize(row.problem_id.c_str()).x);
    id_w += 12;

    // Each prompt's columns share the width its name needs (up to a limit), so names stay legible.
    std::vector<float> col_w;
    float grid_w = id_w;
    for (const PromptEntry& pe : rc.prompts) {
        const float cols = static_cast<float>(pe.runs.size() + 1);
        const float name_w = std::min(ImGui::CalcTextSize(pe.prompt.c_str()).x + 4, line * 16);
        col_w.push_back(std::max(cell_w, name_w / cols));
        grid_w += col_w.back() * cols + gap;
    }
    const float header_h = line * 2.6f;
    const float height = header_h + cell_h * static_cast<float>(rc.matrix.size()) + 4;

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float avail = std::max(ImGui::GetContentRegionAvail().x, grid_w);
    ImGui::InvisibleButton("compare_heat", ImVec2(std::max(avail, 10.0f), std::max(height, 10.0f)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& pal = palette();

    // Headers: prompt name over its columns, then Run1 Run2 … Rate.
    float x = origin.x + id_w;
    for (size_t p = 0; p < rc.prompts.size(); ++p) {
        const PromptEntry& pe = rc.prompts[p];
        const float cw = col_w[p];
        const float group_w = cw * static_cast<float>(pe.runs.size() + 1);
        const std::string name = fit_with_ellipsis(pe.prompt, group_w - 4);
        dl->AddText(ImVec2(x + 2, origin.y), pal.text, name.c_str());
        for (size_t r = 0; r <= pe.runs.size(); ++r) {
            const std::string h = r < pe.runs.size() ? "R" + std::to_string(pe.runs[r].run) : "Rate";
            const ImVec2 hmin(x + cw * static_cast<float>(r), origin.y + line * 1.2f);
            text_centered(dl, hmin, ImVec2(hmin.x + cw, hmin.y + line * 1.3f), pal.muted, h);
        }
        x += group_w + gap;
    }

    for (size_t i = 0; i < rc.matrix.size(); ++i) {
        const MatrixRow& row = rc.matrix[i];
        const float y = origin.y + header_h + cell_h * static_cast<float>(i);
        dl->AddText(ImVec2(origin.x, y + (cell_h - line) * 0.5f), pal.text, row.problem_id.c_str());
        x = origin.x + id_w;
        for (size_t p = 0; p < row.cells.size() && p < rc.prompts.size(); ++p) {
            const MatrixCell& cell = row.cells[p];
            const float cw = col_w[p];
            for (size_t r = 0; r <= cell.verdicts.size(); ++r) {
                const ImVec2 cmin(x + cw * static_cast<float>(r) + 1, y + 1);
                const ImVec2 cmax(cmin.x + cw - 2, cmin.y + cell_h - 2);
                if (r < cell.verdicts.size()) {
                    const Verdict v = cell.verdicts[r];
                    dl->AddRectFilled(cmin, cmax, with_alpha(verdict_color(v), v == Verdict::Ungraded ? 0.18f : 0.30f), 3.0f);
                    ImGui::PushFont(font_bold());
                    text_centered(dl, cmin, cmax, verdict_color(v), verdict_glyph(v));
                    ImGui::PopFont();
                } else {
                    dl->AddRectFilled(cmin, cmax, rate_color(cell.detection_rate), 3.0f);
                    text_centered(dl, cmin, cmax, pal.strong, percent(cell.detection_rate));
                }
            }
            if (ImGui::IsMouseHoveringRect(ImVec2(x, y), ImVec2(x + cw * static_cast<float>(cell.verdicts.size() + 1), y + cell_h))) {
                ImGui::SetTooltip("%s %s\n%s: %s (detection rate %s)", row.problem_id.c_str(),
                                  row.title.c_str(), rc.prompts[p].prompt.c_str(), cell.text.c_str(),
                                  percent(cell.detection_rate).c_str());
            }
            x += cw * static_cast<float>(cell.verdicts.size() + 1) + gap;
        }
        // The problem's title in the room left on the right, muted; the full text on hover.
        const float room = origin.x + avail - x;
        if (room > line * 4 && !row.title.empty()) {
            dl->AddText(ImVec2(x, y + (cell_h - line) * 0.5f), pal.muted, fit_with_ellipsis(row.title, room - 4).c_str());
        }
    }
}

// ---- across rounds ------------------------------------------------------------------------

void draw_trends(const Comparison& c) {
    for (const PerspectiveTrend& t : c.trends) {
        ImGui::PushID(&t);
        section_title(("Across rounds — " + t.perspective).c_str());
        if (ImGui::BeginTable("trend", 4, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                                              ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("Round", ImGuiTableColumnFlags_WidthStretch, 0.7f);
            ImGui::TableSetupColumn("Best prompt", ImGuiTableColumnFlags_WidthStretch, 3.0f);
            ImGui::TableSetupColumn("Best mean", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableHeadersRow();
            for (const TrendPoint& pt : t.points) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%d", pt.round);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(pt.best_prompt.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_score(pt.best_mean).c_str());
                ImGui::TableNextColumn();
                if (pt.has_change) {
                    const std::string ch = (pt.change >= 0 ? "+" : "") + format_score(pt.change);
                    ImGui::TextUnformatted(ch.c_str());
                } else {
                    ImGui::TextDisabled("—");
                }
            }
            ImGui::EndTable();
        }
        const bool converged = t.convergence == Convergence::MayHaveConverged;
        if (converged) ImGui::PushStyleColor(ImGuiCol_Text, theme_colors().warning);
        ImGui::TextWrapped("%s", t.convergence_text.c_str());
        if (converged) ImGui::PopStyleColor();
        ImGui::PopID();
    }
}

void draw_round(const RoundComparison& rc) {
    if (rc.prompts.empty()) {
        ImGui::TextDisabled("No review is graded against %s yet.", rc.key_name.c_str());
        return;
    }
    section_title("Prompts");
    draw_prompts_table(rc);
    if (rc.has_recommendation) {
        ImGui::PushFont(font_bold());
        ImGui::Text("Recommended: %s", rc.recommendation.prompt.c_str());
        ImGui::PopFont();
        ImGui::TextWrapped("%s", rc.recommendation.reason.c_str());
    } else {
        ImGui::TextDisabled(rc.prompts.size() == 1 ? "One prompt only: nothing to recommend."
                                                   : "No baseline prompt: choose one to get a recommendation.");
    }
    section_title("Mean ± SD per prompt");
    draw_bars(rc);
    section_title("Verdict matrix");
    draw_heat_map(rc);
}

void draw(CompareState& st) {
    const Comparison& c = st.comparison;
    if (c.rounds.empty()) {
        ImGui::TextDisabled("Grade reviews against an answer key to compare prompts.");
        return;
    }
    st.round = std::clamp(st.round, 0, static_cast<int>(c.rounds.size()) - 1);
    auto round_label = [](const RoundComparison& rc) {
        return (rc.round >= 0 ? "Round " + std::to_string(rc.round) + " — " : std::string()) + rc.key_name;
    };
    if (c.rounds.size() > 1) {
        ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x * 0.6f, 420.0f));
        if (ImGui::BeginCombo("Round", round_label(c.rounds[static_cast<size_t>(st.round)]).c_str())) {
            for (size_t i = 0; i < c.rounds.size(); ++i) {
                if (ImGui::Selectable(round_label(c.rounds[i]).c_str(), static_cast<int>(i) == st.round)) {
                    st.round = static_cast<int>(i);
                }
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
    } else {
        ImGui::TextUnformatted(round_label(c.rounds.front()).c_str());
        ImGui::SameLine();
    }
    if (ImGui::Button("Export comparison (.md)")) {
        platform::download("keygrader-comparison.md", "text/markdown", comparison_markdown(c));
    }
    hover_tip("Every round, the trend across rounds and the convergence judgment, as Markdown.");

    draw_round(c.rounds[static_cast<size_t>(st.round)]);
    draw_trends(c);
    if (!c.warnings.empty()) {
        section_title("Warnings");
        ImGui::PushStyleColor(ImGuiCol_Text, theme_colors().warning);
        for (const Diagnostic& d : c.warnings) ImGui::TextWrapped("%s", d.message.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace

void draw_compare_panel(const Workspace& ws) {
    CompareState& st = compare_state();
    const std::string print = fingerprint(ws);
    if (print != st.fingerprint) adopt(st, build_comparison(ws), print);
    draw(st);
}

void draw_compare_panel(const Workspace& ws, const WorkspaceScores& scores) {
    CompareState& st = compare_state();
    const std::string print = fingerprint(ws);
    if (print != st.fingerprint) adopt(st, build_comparison(scores), print);
    draw(st);
}

}  // namespace kg::app
