// Applying a decoded share link to a workspace: match files by name and content hash, check
// every field against the loaded files, say clearly what does not fit or may not be set, and
// restore the grading of what does. Linear in the size of the link and the workspace: ids are
// looked up in hash maps, never searched.
#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "key/answer_key.h"
#include "persist/share_link.h"
#include "base/text.h"

namespace kg {

namespace {

std::string short_hash(const std::string& h) { return h.empty() ? "none" : h.substr(0, 8) + "…"; }

std::string differs(const std::string& loaded, const std::string& shared) {
    return "content differs from the shared grading (loaded " + short_hash(loaded) + ", link " +
           short_hash(shared) + ")";
}

std::string review_hash(const ReviewFile& r) {
    return r.hash.size() == 16 ? r.hash : content_hash(r.text);
}

std::string reviews_word(int n) {
    return std::to_string(n) + (n == 1 ? " review" : " reviews");
}

// The ids a link may name for reviews of one loaded key.
struct KeyIds {
    bool parsed = false;
    std::unordered_set<std::string> problems;
    std::unordered_set<std::string> bonus;
};

const KeyIds& ids_of(const Workspace& ws, const std::string& key_name, const ParsedKeyLookup& parsed_key,
                     std::map<std::string, KeyIds>& cache) {
    auto [it, fresh] = cache.try_emplace(key_name);
    if (!fresh) return it->second;
    if (const KeyFile* kf = ws.find_key(key_name)) {
        KeyParseResult own;
        const KeyParseResult* parsed = parsed_key ? parsed_key(*kf) : nullptr;
        if (!parsed) {
            own = parse_answer_key(kf->text);
            parsed = &own;
        }
        if (parsed->is_key) {
            it->second.parsed = true;
            for (const Problem& p : parsed->key.problems) it->second.problems.insert(p.id);
            for (const BonusRow& b : parsed->key.bonus) it->second.bonus.insert(b.id);
        }
    }
    return it->second;
}

// "3 problem ids the key does not have are ignored (P99, ../../etc/passwd, <b>)".
std::string listed(const std::vector<std::string>& samples, size_t total) {
    std::string out = " (";
    for (size_t i = 0; i < samples.size(); ++i) out += (i ? ", " : "") + printable_excerpt(samples[i], 24);
    if (total > samples.size()) out += ", …";
    return out + ")";
}

// What a key's parser gives as an id: "P01", "S1", "D2", "P02#2" (a repeated id).
bool looks_like_problem_id(const std::string& id) {
    if (id.empty() || id.size() > 16 || !std::isalnum(static_cast<unsigned char>(id[0]))) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '#';
    });
}

bool range_ok(int start, int end, int line_count) {
    return start >= 1 && end >= start && end <= line_count &&
           end - start + 1 <= ShareLimits::kMaxEvidenceLines;
}

std::string cut_note(std::string note, int& cut) {
    if (note.size() <= ShareLimits::kMaxNoteBytes) return note;
    ++cut;
    return std::string(utf8_prefix(note, ShareLimits::kMaxNoteBytes));
}

// The shared review with everything the loaded files do not allow taken out; one line per kind
// of thing taken out goes to dropped.
SharedReview sanitize(const SharedGrading& g, const SharedReview& in, const ReviewFile& loaded,
                      const Workspace& ws, const ParsedKeyLookup& parsed_key,
                      std::map<std::string, KeyIds>& key_cache,
                      std::vector<std::string>& dropped) {
    SharedReview r = in;
    const std::string who = loaded.name + ": ";
    const int line_count = LineIndex(loaded.text).line_count();

    if (r.run < 0 || r.run > kMaxRunNumber) {
        dropped.push_back(who + "run " + std::to_string(r.run) + " is not a run number (0 to " +
                          std::to_string(kMaxRunNumber) + "); kept " + std::to_string(loaded.run));
        r.run = loaded.run;
    }
    if (!r.prompt.empty() && !is_valid_prompt_name(r.prompt, ShareLimits::kMaxPromptBytes)) {
        dropped.push_back(who + "prompt name \"" + printable_excerpt(r.prompt) +
                          "\" is not a prompt name; kept \"" + loaded.prompt + "\"");
        r.prompt = loaded.prompt;
    }

    const KeyIds* ids = nullptr;
    if (r.key >= 0) ids = &ids_of(ws, g.keys[static_cast<size_t>(r.key)].name, parsed_key, key_cache);
    std::vector<std::string> unknown;
    size_t unknown_count = 0;
    int notes_cut = 0, ranges_dropped = 0;
    std::vector<ProblemGrade> kept;
    kept.reserve(r.grades.size());
    for (ProblemGrade& pg : r.grades) {
        // Linked: the key's own ids only. Unlinked (graded, then unlinked): nothing to check
        // against but the shape of an id.
        const bool known = ids ? ids->parsed && ids->problems.count(pg.problem_id) > 0
                               : looks_like_problem_id(pg.problem_id);
        if (!known) {
            if (unknown.size() < 3) unknown.push_back(pg.problem_id);
            ++unknown_count;
            continue;
        }
        pg.note = cut_note(std::move(pg.note), notes_cut);
        std::vector<Evidence> ranges;
        for (const Evidence& e : pg.evidence) {
            if (ranges.size() < ShareLimits::kMaxEvidencePerGrade &&
                range_ok(e.line_start, e.line_end, line_count)) {
                ranges.push_back(e);
            } else {
                ++ranges_dropped;
            }
        }
        pg.evidence = std::move(ranges);
        kept.push_back(std::move(pg));
    }
    r.grades = std::move(kept);
    if (unknown_count) {
        const std::string what = !ids ? "not problem ids"
                                      : !ids->parsed ? "its answer key is not loaded or unreadable"
                                                     : "the key does not have them";
        dropped.push_back(who + std::to_string(unknown_count) + " graded problem id(s) ignored: " +
                          what + listed(unknown, unknown_count));
    }

    int extras_dropped = 0, bonus_ids_cleared = 0;
    auto clean_extras = [&](std::vector<ExtraItem>& items) {
        if (items.size() > ShareLimits::kMaxExtrasPerReview) {
            extras_dropped += static_cast<int>(items.size() - ShareLimits::kMaxExtrasPerReview);
            items.resize(ShareLimits::kMaxExtrasPerReview);
        }
        for (ExtraItem& x : items) {
            x.note = cut_note(std::move(x.note), notes_cut);
            const bool known = ids ? ids->bonus.count(x.bonus_id) > 0 : looks_like_problem_id(x.bonus_id);
            if (!x.bonus_id.empty() && !known) {
                x.bonus_id.clear();
                ++bonus_ids_cleared;
            }
            if ((x.line_start || x.line_end) && !range_ok(x.line_start, x.line_end, line_count)) {
                x.line_start = x.line_end = 0;
                ++ranges_dropped;
            }
        }
    };
    clean_extras(r.bonus);
    clean_extras(r.penalties);

    if (notes_cut) {
        dropped.push_back(who + std::to_string(notes_cut) + " note(s) cut to " +
                          std::to_string(ShareLimits::kMaxNoteBytes) + " bytes");
    }
    if (ranges_dropped) {
        dropped.push_back(who + std::to_string(ranges_dropped) +
                          " evidence line range(s) ignored (outside the review's " +
                          std::to_string(line_count) + " lines, longer than " +
                          std::to_string(ShareLimits::kMaxEvidenceLines) + " lines, or more than " +
                          std::to_string(ShareLimits::kMaxEvidencePerGrade) + " per problem)");
    }
    if (extras_dropped) {
        dropped.push_back(who + std::to_string(extras_dropped) + " bonus/penalty item(s) ignored (at most " +
                          std::to_string(ShareLimits::kMaxExtrasPerReview) + " of each)");
    }
    if (bonus_ids_cleared) {
        dropped.push_back(who + std::to_string(bonus_ids_cleared) +
                          " bonus row id(s) the key does not have were cleared");
    }
    return r;
}

ShareChange change_of(const SharedReview& r, const ReviewFile& loaded) {
    ShareChange c;
    c.review = loaded.name;
    std::unordered_map<std::string, Verdict> before;
    for (const ProblemGrade& pg : loaded.grades) {
        if (pg.verdict != Verdict::Ungraded) before.emplace(pg.problem_id, pg.verdict);
    }
    std::unordered_set<std::string> in_link;
    for (const ProblemGrade& pg : r.grades) {
        c.notes += !pg.note.empty();
        c.evidence += static_cast<int>(pg.evidence.size());
        if (pg.verdict == Verdict::Ungraded) continue;
        in_link.insert(pg.problem_id);
        ++c.verdicts;
        const auto it = before.find(pg.problem_id);
        c.replaced += it != before.end() && it->second != pg.verdict;
    }
    for (const auto& [id, v] : before) c.cleared += !in_link.count(id);
    c.extras = static_cast<int>(r.bonus.size() + r.penalties.size());
    return c;
}

// The plan: which shared review goes to which workspace review, cleaned.
struct Plan {
    std::vector<std::pair<SharedReview, int>> matches;   // cleaned shared review, ws review index
    bool set_baseline = false;
    std::string baseline;
    ShareApplyResult result;
};

Plan make_plan(const SharedGrading& g, const Workspace& ws, const ParsedKeyLookup& parsed_key) {
    Plan plan;
    plan.result.ok = true;
    // Keys first: a review graded against a key that is absent or different cannot be
    // restored, because its verdicts name that key's problems.
    std::vector<unsigned char> key_ok(g.keys.size(), 1);   // not vector<bool>: download size
    std::vector<int> users(g.keys.size(), 0);
    for (const SharedReview& r : g.reviews) {
        if (r.key >= 0) ++users[static_cast<size_t>(r.key)];
    }
    for (size_t k = 0; k < g.keys.size(); ++k) {
        const SharedKey& key = g.keys[k];
        if (key.name.empty()) continue;
        const KeyFile* kf = ws.find_key(key.name);
        std::string problem;
        if (!kf) {
            problem = "not loaded";
        } else if (!key.hash.empty() && content_hash(kf->text) != key.hash) {
            problem = differs(content_hash(kf->text), key.hash);
        }
        if (problem.empty()) continue;
        key_ok[k] = 0;
        plan.result.mismatches.push_back(printable_excerpt(key.name, 200) + ": " + problem + "; the " +
                                         reviews_word(users[k]) + " graded against it cannot be restored");
    }
    std::map<std::string, KeyIds> key_cache;
    std::unordered_set<int> taken;   // a forged link naming one review twice applies it once
    for (const SharedReview& r : g.reviews) {
        const int at = ws.find_review(r.name);
        if (at < 0) {
            plan.result.mismatches.push_back(printable_excerpt(r.name, 200) + ": not loaded");
            continue;
        }
        const ReviewFile& loaded = ws.reviews[static_cast<size_t>(at)];
        const std::string hash = review_hash(loaded);
        if (!r.hash.empty() && hash != r.hash) {
            plan.result.mismatches.push_back(r.name + ": " + differs(hash, r.hash));
            continue;
        }
        if (r.key >= 0 && !key_ok[static_cast<size_t>(r.key)]) {
            plan.result.mismatches.push_back(r.name + ": not restored, its answer key " +
                                             printable_excerpt(g.keys[static_cast<size_t>(r.key)].name, 200) +
                                             " does not match");
            continue;
        }
        if (!taken.insert(at).second) {
            plan.result.dropped.push_back(r.name + ": named twice in the link; the first is used");
            continue;
        }
        SharedReview clean = sanitize(g, r, loaded, ws, parsed_key, key_cache, plan.result.dropped);
        plan.result.changes.push_back(change_of(clean, loaded));
        plan.result.applied.push_back(r.name);
        plan.matches.emplace_back(std::move(clean), at);
    }
    // The baseline choice travels only when it names a prompt the reviews will have.
    if (!plan.matches.empty() && g.baseline_prompt != ws.baseline_prompt) {
        std::unordered_set<std::string> prompts;
        for (const ReviewFile& r : ws.reviews) prompts.insert(r.prompt);
        for (const auto& [clean, at] : plan.matches) prompts.insert(clean.prompt);
        if (g.baseline_prompt.empty() || prompts.count(g.baseline_prompt)) {
            plan.set_baseline = true;
            plan.baseline = g.baseline_prompt;
        } else {
            plan.result.dropped.push_back("baseline prompt \"" + printable_excerpt(g.baseline_prompt) +
                                          "\" is not a prompt of the loaded reviews; kept");
        }
    }
    return plan;
}

// The quoted passage of evidence: the review's own lines, so the link never carries them.
std::string lines_of(const std::string& text, const LineIndex& index, int start, int end) {
    if (start < 1 || start > index.line_count()) return "";
    end = std::min(std::max(end, start), index.line_count());
    const size_t from = index.line_start(start);
    const size_t to = end < index.line_count() ? index.line_start(end + 1) : text.size();
    std::string s = text.substr(from, to - from);
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

void restore(const SharedGrading& g, SharedReview shared, ReviewFile& r) {
    std::vector<ProblemGrade> grades = std::move(shared.grades);
    const LineIndex index(r.text);
    std::unordered_map<std::string, size_t> at;
    for (size_t i = 0; i < grades.size(); ++i) {
        ProblemGrade& pg = grades[i];
        pg.review_hash = r.hash;
        pg.stale = false;
        for (Evidence& e : pg.evidence) e.text = lines_of(r.text, index, e.line_start, e.line_end);
        at.emplace(pg.problem_id, i);
    }
    // Machine suggestions are not part of the link: keep the ones already computed.
    for (const ProblemGrade& old : r.grades) {
        if (old.suggestion.verdict == Verdict::Ungraded && old.suggestion.evidence.empty()) continue;
        const auto it = at.find(old.problem_id);
        if (it == at.end()) {
            ProblemGrade kept;
            kept.problem_id = old.problem_id;
            kept.review_hash = r.hash;
            kept.suggestion = old.suggestion;
            at.emplace(old.problem_id, grades.size());
            grades.push_back(std::move(kept));
        } else {
            grades[it->second].suggestion = old.suggestion;
        }
    }
    r.grades = std::move(grades);
    r.bonus = std::move(shared.bonus);
    r.penalties = std::move(shared.penalties);
    r.prompt = std::move(shared.prompt);
    r.run = shared.run;
    r.key_name = shared.key >= 0 ? g.keys[static_cast<size_t>(shared.key)].name : "";
}

ShareApplyResult unreadable(const std::string& error) {
    ShareApplyResult out;
    out.error = error;
    return out;
}

}  // namespace

ShareApplyResult check_share_link(const SharedGrading& g, const Workspace& ws, const ParsedKeyLookup& parsed_key) {
    return make_plan(g, ws, parsed_key).result;
}

ShareApplyResult check_share_link(std::string_view fragment, const Workspace& ws, const ParsedKeyLookup& parsed_key) {
    const ShareDecodeResult decoded = decode_share_link(fragment);
    if (!decoded.ok) return unreadable(decoded.error);
    return check_share_link(decoded.grading, ws, parsed_key);
}

ShareApplyResult apply_share_link(std::string_view fragment, Workspace& ws, const ParsedKeyLookup& parsed_key) {
    const ShareDecodeResult decoded = decode_share_link(fragment);
    if (!decoded.ok) return unreadable(decoded.error);
    Plan plan = make_plan(decoded.grading, ws, parsed_key);
    for (auto& [clean, at] : plan.matches) {
        restore(decoded.grading, std::move(clean), ws.reviews[static_cast<size_t>(at)]);
    }
    if (plan.set_baseline) ws.baseline_prompt = plan.baseline;
    return plan.result;
}

}  // namespace kg
