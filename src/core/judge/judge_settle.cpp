// The decisions after the pass: which verdict table stands for each run (revised tables
// override, unmarked disagreeing ones are ambiguous, list lines are a fallback), where each
// stated total and bonus/penalty item belongs, and which items count.
#include "judge/internal/judge_parser.h"

#include <algorithm>
#include <cmath>

#include "base/sort_util.h"
#include "base/text.h"

namespace kg::judge_parse {

void ReportParser::finish() {
    // 1. Verdicts: first reading per run stands; revised ones override; unmarked
    //    disagreeing ones are ambiguous.
    std::map<RunKey, Reading> settled;
    std::vector<RunKey> order;
    for (const Reading& r : readings_) {
        const RunKey k{r.prompt, r.run};
        auto it = settled.find(k);
        if (it == settled.end()) {
            settled.emplace(k, r);
            order.push_back(k);
            continue;
        }
        Reading& base = it->second;
        std::vector<std::string> differ;
        for (const std::string& id : r.order) {
            auto b = base.verdicts.find(id);
            if (b != base.verdicts.end() && b->second.verdict != r.verdicts.at(id).verdict) {
                differ.push_back(id + " " + verdict_text(b->second.verdict) + " vs " +
                                 verdict_text(r.verdicts.at(id).verdict));
            }
        }
        if (r.revised) {
            report_.notes.push_back(
                {r.line, "revised table for run " + std::to_string(r.run) +
                             " replaces the one at line " + std::to_string(base.line)});
            for (const std::string& id : r.order) {
                if (!base.verdicts.count(id)) base.order.push_back(id);
                base.verdicts[id] = r.verdicts.at(id);
            }
            base.line = r.line;
        } else if (!differ.empty()) {
            std::string detail;
            for (const std::string& d : differ) detail += (detail.empty() ? "" : ", ") + d;
            warn(r.line, "ambiguous: two tables for run " + std::to_string(r.run) +
                             " disagree (lines " + std::to_string(base.line) + " and " +
                             std::to_string(r.line) + "): " + detail + "; keeping the first");
        } else {
            for (const std::string& id : r.order) {
                if (!base.verdicts.count(id)) {
                    base.order.push_back(id);
                    base.verdicts[id] = r.verdicts.at(id);
                }
            }
        }
    }
    // Runs with no table at all: verdicts written as list lines stand in.
    for (const Reading& r : line_readings_) {
        const RunKey k{r.prompt, r.run};
        if (settled.count(k)) continue;
        settled.emplace(k, r);
        order.push_back(k);
        report_.notes.push_back({r.line, "run " + std::to_string(r.run) +
                                             " has no table; its verdicts are read from "
                                             "list lines"});
    }
    // Prompts in report order, runs ascending.
    std::vector<std::string> prompts;
    for (const RunKey& k : order) {
        if (std::find(prompts.begin(), prompts.end(), k.first) == prompts.end()) {
            prompts.push_back(k.first);
        }
    }
    // The keys are unique (one per run), so the stable sort gives what any sort would.
    stable_sort_by(order, [&](const RunKey& a, const RunKey& b) {
        const auto pa = std::find(prompts.begin(), prompts.end(), a.first) - prompts.begin();
        const auto pb = std::find(prompts.begin(), prompts.end(), b.first) - prompts.begin();
        return pa != pb ? pa < pb : a.second < b.second;
    });
    for (const RunKey& k : order) {
        const Reading& r = settled.at(k);
        JudgeRun run;
        run.prompt = k.first;
        run.run = k.second;
        run.table_line = r.line;
        for (const Problem& p : key_.problems) {
            auto it = r.verdicts.find(p.id);
            if (it != r.verdicts.end()) {
                run.problems.push_back(it->second);
            } else {
                JudgeVerdict missing;
                missing.problem_id = p.id;
                run.problems.push_back(missing);
                warn(r.line, "run " + std::to_string(k.second) + ": no verdict for " + p.id);
            }
        }
        report_.runs.push_back(std::move(run));
    }

    // 2. Totals and items go to their run (or the only run when they name none).
    for (const PendingStatement& p : pending_) apply_statement(p);
    settle_items();
}

JudgeRun* ReportParser::find_run(const std::string& prompt, int run) {
    for (JudgeRun& r : report_.runs) {
        if (r.run == run && r.prompt == prompt) return &r;
    }
    // A prompt name stated only in the totals line: match the run of the report's prompt.
    if (!prompt.empty()) {
        for (JudgeRun& r : report_.runs) {
            if (r.run == run && r.prompt.empty()) return &r;
        }
    }
    return nullptr;
}

JudgeRun* ReportParser::only_run() {
    return report_.runs.size() == 1 ? &report_.runs.front() : nullptr;
}

void ReportParser::apply_statement(const PendingStatement& p) {
    const Statement& st = p.st;
    // A number of findings is never a run score or a detection subtotal.
    if ((st.kind == TotalKind::Score || st.kind == TotalKind::Detection) &&
        (st.is_count || st.beside_count)) {
        return;
    }
    JudgeRun* run = st.run > 0 ? find_run(p.prompt, st.run) : only_run();
    if (!run) {
        if (st.run > 0 && (p.prompt == report_.prompt || p.prompt.empty()) &&
            st.kind == TotalKind::Score) {
            warn(p.line, "a score is stated for run " + std::to_string(st.run) +
                             " but the report has no per-problem table for it");
        }
        return;
    }
    StatedValue* slot = nullptr;
    const char* what = "";
    switch (st.kind) {
        case TotalKind::Detection: slot = &run->stated_detection; what = "detection subtotal"; break;
        case TotalKind::Score: slot = &run->stated_score; what = "run score"; break;
        case TotalKind::Bonus:
            slot = st.is_count ? &run->stated_bonus_count : &run->stated_bonus_points;
            what = st.is_count ? "bonus count" : "bonus points";
            break;
        case TotalKind::Penalty:
            slot = st.is_count ? &run->stated_penalty_count : &run->stated_penalty_points;
            what = st.is_count ? "penalty count" : "penalty points";
            break;
        default: return;
    }
    const StatedValue value{true, st.value, st.decimals, p.line};
    if (!slot->present) {
        *slot = value;
    } else if (std::fabs(slot->value - st.value) > 1e-9) {
        if (p.revised) {
            *slot = value;
        } else {
            run->conflicts.push_back(
                {"conflict",
                 std::string("stated ") + what + " for run " + std::to_string(run->run) +
                     " is " + format_number(slot->value) + " at line " +
                     std::to_string(slot->line) + " but " + format_number(st.value) +
                     " at line " + std::to_string(p.line) + "; using the first",
                 p.line});
        }
    }
}

bool ReportParser::declared_empty(const ItemCandidate& c, int run, SectionKind kind) const {
    for (const EmptySection& e : empty_sections_) {
        if (e.section_line == 0 || e.section_line != c.section || e.prompt != c.prompt) continue;
        if (e.run != 0 && e.run != run) continue;
        if (e.kind == kind || e.kind == SectionKind::BonusAndPenalty) return true;
    }
    return false;
}

void ReportParser::settle_items() {
    // Mark runs whose section the judge explicitly left empty.
    for (const EmptySection& e : empty_sections_) {
        JudgeRun* run = e.run > 0 ? find_run(e.prompt, e.run) : only_run();
        if (!run) continue;
        if (e.kind != SectionKind::Penalty) run->bonus_listed = true;
        if (e.kind != SectionKind::Bonus) run->penalty_listed = true;
    }
    // Group candidates by section and run; the items are those at the shallowest depth.
    std::map<std::pair<int, RunKey>, std::vector<const ItemCandidate*>> groups;
    for (const ItemCandidate& c : items_) {
        int run = c.run;
        if (run == 0) {
            if (JudgeRun* only = only_run()) {
                run = only->run;
            } else {
                warn(c.line, std::string(c.kind == SectionKind::Penalty ? "penalty" : "bonus") +
                                 " item not tied to a run; ignored");
                continue;
            }
        }
        groups[{c.section, {c.prompt, run}}].push_back(&c);
    }
    for (const auto& [gk, items] : groups) {
        JudgeRun* run = find_run(gk.second.first, gk.second.second);
        if (!run) continue;
        int min_depth = 1 << 20;
        for (const ItemCandidate* c : items) min_depth = std::min(min_depth, c->depth);
        bool bonus_marked = false;
        bool penalty_marked = false;
        for (const ItemCandidate* c : items) {
            if (c->depth != min_depth) continue;
            bonus_marked = bonus_marked || has_bonus_marker(c->text);
            penalty_marked = penalty_marked || has_penalty_marker(c->text);
        }
        for (const ItemCandidate* c : items) {
            if (c->depth != min_depth) continue;
            const bool marked = has_bonus_marker(c->text) || has_penalty_marker(c->text);
            if (says_not_counted(c->text, c->kind) && !marked) continue;
            SectionKind kind = c->kind;
            if (kind == SectionKind::BonusAndPenalty) {
                if (has_bonus_marker(c->text)) kind = SectionKind::Bonus;
                else if (has_penalty_marker(c->text)) kind = SectionKind::Penalty;
                else {
                    const std::string low = to_lower_ascii(c->text);
                    const bool b = contains(low, "bonus") || contains(low, "ボーナス");
                    const bool p = contains(low, "penalt") || contains(low, "ペナルティ");
                    if (b == p) {
                        warn(c->line, "cannot tell whether this item is a bonus or a penalty");
                        continue;
                    }
                    kind = b ? SectionKind::Bonus : SectionKind::Penalty;
                }
            }
            // Listed under "Penalties (0)" / after "None.": considered, not counted.
            if (!marked && declared_empty(*c, gk.second.second, kind)) continue;
            if (kind == SectionKind::Penalty && says_not_counted(c->text, kind) && !marked) {
                continue;
            }
            if (kind == SectionKind::Bonus) {
                run->bonus_listed = true;
                if (bonus_marked && !has_bonus_marker(c->text)) continue;
                run->bonus_items.push_back({c->text, c->line});
            } else {
                run->penalty_listed = true;
                if (penalty_marked && !has_penalty_marker(c->text)) continue;
                run->penalty_items.push_back({c->text, c->line});
            }
        }
        if (items.front()->kind == SectionKind::Bonus) run->bonus_listed = true;
        if (items.front()->kind == SectionKind::Penalty) run->penalty_listed = true;
    }
}

}  // namespace kg::judge_parse
