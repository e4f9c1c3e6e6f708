// The editing session: every change to the workspace, its undo history, caches and the
// autosave bookkeeping. See session.h for the classification and linking rules.
#include "session/session.h"

#include <algorithm>
#include <cctype>
#include <set>
#include "base/sort_util.h"
#include "base/text.h"

namespace kg {

const char* file_kind_name(FileKind k) {
    switch (k) {
        case FileKind::Key: return "key";
        case FileKind::Review: return "review";
        case FileKind::Reference: return "reference";
        case FileKind::Auto: break;
    }
    return "auto";
}

// ---- helpers ------------------------------------------------------------------------

int review_round(const std::string& file_name, std::string_view text) {
    int r = round_from_text(file_name);
    if (r >= 0) return r;
    // Prompt names carry the round as "v008-…".
    std::string lower = to_lower_ascii(file_name);
    if (lower.size() >= 2 && lower[0] == 'v' && std::isdigit(static_cast<unsigned char>(lower[1]))) {
        int n = 0;
        size_t i = 1;
        while (i < lower.size() && std::isdigit(static_cast<unsigned char>(lower[i])) && i < 7) {
            n = n * 10 + (lower[i] - '0');
            ++i;
        }
        if (i == lower.size() || lower[i] == '-' || lower[i] == '_' || lower[i] == '.') return n;
    }
    // Else the title (first line that is a heading).
    size_t end = text.find('\n');
    std::string_view first = text.substr(0, end == std::string_view::npos ? text.size() : end);
    if (starts_with(first, "#")) return round_from_text(first);
    return -1;
}

bool name_suggests_reference(const std::string& file_name) {
    if (prompt_run_from_file_name(file_name).run > 0) return false;
    const std::string lower = to_lower_ascii(file_name);
    static const char* const words[] = {"scope", "perspective", "design", "document", "spec",
                                        "reference", "観点", "設計", "仕様"};
    for (const char* w : words) {
        if (contains(lower, w)) return true;
    }
    return false;
}

Session::Session() = default;

ReviewFile* Session::review_at(int i) {
    if (i < 0 || i >= static_cast<int>(ws_.reviews.size())) return nullptr;
    return &ws_.reviews[static_cast<size_t>(i)];
}

void Session::changed() {
    ++revision_;
}

std::string Session::remember_text(const std::string& text) {
    std::string h = content_hash(text);
    texts_.emplace(h, text);
    return h;
}

// ---- undo machinery -------------------------------------------------------------------

Session::Snapshot Session::snapshot() const {
    Snapshot s;
    s.ws = ws_;   // copies texts once, then drops them: texts live in texts_ by hash
    for (KeyFile& k : s.ws.keys) std::string().swap(k.text);
    for (ReviewFile& r : s.ws.reviews) {
        s.review_hashes.push_back(r.hash);
        std::string().swap(r.text);
    }
    for (ReferenceFile& f : s.ws.references) std::string().swap(f.text);
    s.key_hashes = key_hashes_;
    s.reference_hashes = reference_hashes_;
    return s;
}

void Session::restore(const Snapshot& s) {
    ws_ = s.ws;
    auto text_of = [&](const std::string& h) -> std::string {
        auto it = texts_.find(h);
        return it == texts_.end() ? std::string() : it->second;
    };
    for (size_t i = 0; i < ws_.keys.size() && i < s.key_hashes.size(); ++i)
        ws_.keys[i].text = text_of(s.key_hashes[i]);
    for (size_t i = 0; i < ws_.reviews.size() && i < s.review_hashes.size(); ++i)
        ws_.reviews[i].text = text_of(s.review_hashes[i]);
    for (size_t i = 0; i < ws_.references.size() && i < s.reference_hashes.size(); ++i)
        ws_.references[i].text = text_of(s.reference_hashes[i]);
    key_hashes_ = s.key_hashes;
    reference_hashes_ = s.reference_hashes;
    clamp_selection();
}

void Session::checkpoint(const std::string& coalesce) {
    if (!coalesce.empty() && coalesce == last_coalesce_ && !undo_.empty()) return;
    last_coalesce_ = coalesce;
    undo_.push_back(snapshot());
    redo_.clear();
    if (undo_.size() > kMaxUndo) {
        undo_.erase(undo_.begin());
        collect_texts();
    }
}

void Session::collect_texts() {
    std::set<std::string> live;
    auto add = [&](const std::vector<std::string>& hs) { live.insert(hs.begin(), hs.end()); };
    add(key_hashes_);
    add(reference_hashes_);
    for (const ReviewFile& r : ws_.reviews) live.insert(r.hash);
    for (const auto* stack : {&undo_, &redo_}) {
        for (const Snapshot& s : *stack) {
            add(s.key_hashes);
            add(s.review_hashes);
            add(s.reference_hashes);
        }
    }
    for (auto it = texts_.begin(); it != texts_.end();) {
        it = live.count(it->first) ? std::next(it) : texts_.erase(it);
    }
    for (auto it = parsed_.begin(); it != parsed_.end();) {
        const std::string hash = it->first.substr(0, it->first.find(':'));
        it = live.count(hash) ? std::next(it) : parsed_.erase(it);
    }
}

bool Session::undo() {
    if (undo_.empty()) return false;
    redo_.push_back(snapshot());
    restore(undo_.back());
    undo_.pop_back();
    last_coalesce_.clear();
    changed();
    return true;
}

bool Session::redo() {
    if (redo_.empty()) return false;
    undo_.push_back(snapshot());
    restore(redo_.back());
    redo_.pop_back();
    last_coalesce_.clear();
    changed();
    return true;
}

// ---- files --------------------------------------------------------------------------

void Session::auto_link(ReviewFile& r) {
    if (ws_.keys.empty()) return;
    const int round = review_round(r.name, r.text);
    if (round >= 0) {
        for (size_t i = 0; i < ws_.keys.size(); ++i) {
            const ParsedDocument* p = key_document(ws_.keys[i].name);
            int key_round = p ? p->key.key.round : -1;
            if (key_round < 0) key_round = round_from_text(ws_.keys[i].name);
            if (key_round == round) {
                r.key_name = ws_.keys[i].name;
                return;
            }
        }
    }
    if (ws_.keys.size() == 1) r.key_name = ws_.keys[0].name;
}

void Session::link_unlinked_reviews() {
    for (ReviewFile& r : ws_.reviews) {
        if (r.key_name.empty() || !ws_.find_key(r.key_name)) auto_link(r);
    }
}

IngestResult Session::ingest(const std::string& name, std::string_view bytes, FileKind kind) {
    IngestResult res;
    res.name = name;
    const InputCheck check = check_text_input(bytes);
    if (!check.ok) {
        res.message = name + ": " + check.error;
        return res;
    }
    const std::string text = normalize_text(bytes);
    const std::string hash = content_hash(text);

    // 1. Same name: replace in place, keeping the kind.
    for (size_t i = 0; i < ws_.keys.size(); ++i) {
        if (ws_.keys[i].name != name) continue;
        res.ok = res.replaced = true;
        res.kind = FileKind::Key;
        res.index = static_cast<int>(i);
        res.changed = key_hashes_[i] != hash;
        if (res.changed) {
            checkpoint();
            texts_.emplace(hash, text);
            ws_.keys[i].text = text;
            key_hashes_[i] = hash;
            changed();
        }
        res.message = name + (res.changed ? ": key replaced" : ": already loaded");
        return res;
    }
    if (int ri = ws_.find_review(name); ri >= 0) {
        ReviewFile& r = ws_.reviews[static_cast<size_t>(ri)];
        res.ok = res.replaced = true;
        res.kind = FileKind::Review;
        res.index = ri;
        res.changed = r.hash != hash;
        if (res.changed) {
            checkpoint();
            texts_.emplace(hash, text);
            r.text = text;
            r.hash = hash;
            res.stale_grades = mark_stale_grades(r);
            changed();
        }
        res.message = name + (!res.changed ? ": already loaded"
                              : res.stale_grades ? ": replaced; " + std::to_string(res.stale_grades) +
                                                       " grade(s) kept but flagged stale"
                                                 : ": replaced");
        return res;
    }
    for (size_t i = 0; i < ws_.references.size(); ++i) {
        if (ws_.references[i].name != name) continue;
        res.ok = res.replaced = true;
        res.kind = FileKind::Reference;
        res.index = static_cast<int>(i);
        res.changed = reference_hashes_[i] != hash;
        if (res.changed) {
            checkpoint();
            texts_.emplace(hash, text);
            ws_.references[i].text = text;
            reference_hashes_[i] = hash;
            changed();
        }
        res.message = name + (res.changed ? ": reference replaced" : ": already loaded");
        return res;
    }

    // 2-4. A new file: classify.
    if (kind == FileKind::Auto) {
        if (looks_like_answer_key(text)) kind = FileKind::Key;
        else if (name_suggests_reference(name)) kind = FileKind::Reference;
        else kind = FileKind::Review;
    }
    checkpoint();
    texts_.emplace(hash, text);
    res.ok = true;
    res.kind = kind;
    if (kind == FileKind::Key) {
        ws_.keys.push_back(KeyFile{name, text});
        key_hashes_.push_back(hash);
        res.index = static_cast<int>(ws_.keys.size()) - 1;
        link_unlinked_reviews();
        const ParsedDocument* p = key_document(name);
        res.message = name + ": answer key";
        if (p && p->key.is_key) {
            const AnswerKey& k = p->key.key;
            res.message += " (" + std::to_string(k.problems.size()) + " problems)";
            res.warnings = static_cast<int>(k.warnings.size());
            if (res.warnings > 0) {
                // The first warning in full; the key panel lists them all.
                const Diagnostic& d = k.warnings.front();
                res.message += " with " + std::to_string(res.warnings) +
                               (res.warnings == 1 ? " warning: " : " warnings, first: ") +
                               (d.line > 0 ? "line " + std::to_string(d.line) + ": " : "") + d.message;
            }
        } else if (p) {
            res.message += " that could not be read: " + p->key.error;
            res.warnings = 1;
        }
    } else if (kind == FileKind::Reference) {
        ws_.references.push_back(ReferenceFile{name, text});
        reference_hashes_.push_back(hash);
        res.index = static_cast<int>(ws_.references.size()) - 1;
        if (ws_.selection.reference < 0) ws_.selection.reference = res.index;
        res.message = name + ": reference";
    } else {
        ReviewFile r;
        r.name = name;
        r.text = text;
        r.hash = hash;
        const PromptRun pr = prompt_run_from_file_name(name);
        r.prompt = pr.prompt;
        r.run = pr.run;
        auto_link(r);
        ws_.reviews.push_back(std::move(r));
        res.index = static_cast<int>(ws_.reviews.size()) - 1;
        if (ws_.selection.review < 0) {
            ws_.selection.review = res.index;
            ws_.selection.problem = 0;
        }
        const ReviewFile& added = ws_.reviews.back();
        res.message = name + ": review (" + added.prompt + ", run " + std::to_string(added.run) +
                      (added.key_name.empty() ? ", no key yet)" : ", key " + added.key_name + ")");
    }
    clamp_selection();
    changed();
    return res;
}

bool Session::set_kind(FileKind from, int index, FileKind to) {
    if (from == to) return false;
    if (from == FileKind::Review && to == FileKind::Reference) {
        if (!review_at(index)) return false;
        checkpoint();
        ReviewFile r = ws_.reviews[static_cast<size_t>(index)];
        ws_.reviews.erase(ws_.reviews.begin() + index);
        ws_.references.push_back(ReferenceFile{r.name, r.text});
        reference_hashes_.push_back(r.hash);
        if (ws_.selection.review == index) ws_.selection.review = -1;
        else if (ws_.selection.review > index) --ws_.selection.review;
        ws_.selection.reference = static_cast<int>(ws_.references.size()) - 1;
    } else if (from == FileKind::Reference && to == FileKind::Review) {
        if (index < 0 || index >= static_cast<int>(ws_.references.size())) return false;
        checkpoint();
        ReferenceFile f = ws_.references[static_cast<size_t>(index)];
        ws_.references.erase(ws_.references.begin() + index);
        reference_hashes_.erase(reference_hashes_.begin() + index);
        ReviewFile r;
        r.name = f.name;
        r.text = f.text;
        r.hash = content_hash(f.text);
        const PromptRun pr = prompt_run_from_file_name(r.name);
        r.prompt = pr.prompt;
        r.run = pr.run;
        auto_link(r);
        ws_.reviews.push_back(std::move(r));
        ws_.selection.review = static_cast<int>(ws_.reviews.size()) - 1;
        if (ws_.selection.reference == index) ws_.selection.reference = -1;
        else if (ws_.selection.reference > index) --ws_.selection.reference;
    } else {
        return false;   // keys are recognised by content; nothing else converts
    }
    clamp_selection();
    changed();
    return true;
}

bool Session::remove_file(FileKind kind, int index) {
    auto in = [&](size_t n) { return index >= 0 && index < static_cast<int>(n); };
    if (kind == FileKind::Key && in(ws_.keys.size())) {
        checkpoint();
        const std::string name = ws_.keys[static_cast<size_t>(index)].name;
        ws_.keys.erase(ws_.keys.begin() + index);
        key_hashes_.erase(key_hashes_.begin() + index);
        for (ReviewFile& r : ws_.reviews) {
            if (r.key_name == name) r.key_name.clear();
        }
        link_unlinked_reviews();
    } else if (kind == FileKind::Review && in(ws_.reviews.size())) {
        checkpoint();
        ws_.reviews.erase(ws_.reviews.begin() + index);
        if (ws_.selection.review == index) ws_.selection.review = ws_.reviews.empty() ? -1 : 0;
        else if (ws_.selection.review > index) --ws_.selection.review;
    } else if (kind == FileKind::Reference && in(ws_.references.size())) {
        checkpoint();
        ws_.references.erase(ws_.references.begin() + index);
        reference_hashes_.erase(reference_hashes_.begin() + index);
        if (ws_.selection.reference == index) ws_.selection.reference = ws_.references.empty() ? -1 : 0;
        else if (ws_.selection.reference > index) --ws_.selection.reference;
    } else {
        return false;
    }
    clamp_selection();
    changed();
    return true;
}

void Session::replace_workspace(Workspace ws) {
    checkpoint();
    adopt(std::move(ws));
    changed();
}

void Session::load(Workspace ws) {
    undo_.clear();
    redo_.clear();
    last_coalesce_.clear();
    adopt(std::move(ws));
    changed();
    collect_texts();
    mark_clean();
}

void Session::adopt(Workspace ws) {
    ws_ = std::move(ws);
    key_hashes_.clear();
    reference_hashes_.clear();
    for (const KeyFile& k : ws_.keys) key_hashes_.push_back(remember_text(k.text));
    for (ReviewFile& r : ws_.reviews) {
        // The stored hash is what the grades were given to; the text decides the current one.
        r.hash = remember_text(r.text);
        mark_stale_grades(r);
    }
    for (const ReferenceFile& f : ws_.references) reference_hashes_.push_back(remember_text(f.text));
    clamp_selection();
}

// ---- metadata -------------------------------------------------------------------------

void Session::set_prompt(int review, const std::string& prompt) {
    ReviewFile* r = review_at(review);
    if (!r || r->prompt == prompt) return;
    checkpoint("prompt:" + std::to_string(review));
    r->prompt = prompt;
    changed();
}

void Session::set_run(int review, int run) {
    ReviewFile* r = review_at(review);
    if (!r || r->run == run || run < 0) return;
    checkpoint("run:" + std::to_string(review));
    r->run = run;
    changed();
}

void Session::set_key(int review, const std::string& key_name) {
    ReviewFile* r = review_at(review);
    if (!r || r->key_name == key_name) return;
    if (!key_name.empty() && !ws_.find_key(key_name)) return;
    checkpoint();
    r->key_name = key_name;
    if (review == ws_.selection.review) ws_.selection.problem = 0;
    clamp_selection();
    changed();
}

void Session::set_baseline(const std::string& prompt) {
    if (ws_.baseline_prompt == prompt) return;
    checkpoint();
    ws_.baseline_prompt = prompt;
    changed();
}

void Session::set_theme(const std::string& theme) {
    if (ws_.theme == theme) return;
    ws_.theme = theme;
    changed();
}

// ---- grading --------------------------------------------------------------------------

void Session::set_verdict(int review, const std::string& problem_id, Verdict v) {
    ReviewFile* r = review_at(review);
    if (!r || problem_id.empty()) return;
    const ProblemGrade* existing = ws_.find_grade(*r, problem_id);
    if (existing && existing->verdict == v && !existing->stale) return;
    const ProblemSuggestion* sug = suggestion(review, problem_id);
    checkpoint();
    ProblemGrade& g = ws_.ensure_grade(*r, problem_id);
    g.verdict = v;
    g.review_hash = r->hash;   // the verdict is about this text
    g.stale = false;
    if (sug) {
        // What the machine proposed when the human decided (kept apart from the verdict).
        g.suggestion.verdict = sug->verdict;
        g.suggestion.confidence = sug->confidence;
        g.suggestion.evidence.clear();
        for (const EvidencePassage& e : sug->evidence)
            g.suggestion.evidence.push_back(Evidence{e.line_start, e.line_end, e.text});
    }
    changed();
}

const SuggestionSet* Session::suggestions(int review) {
    const ReviewFile* r = review_at(review);
    if (!r) return nullptr;
    size_t k = 0;
    while (k < ws_.keys.size() && ws_.keys[k].name != r->key_name) ++k;
    if (k == ws_.keys.size()) return nullptr;
    const ParsedDocument* kd = key_document(r->key_name);
    if (!kd || !kd->key.is_key) return nullptr;
    const std::string id = key_hashes_[k] + ":" + r->hash;
    auto it = suggestions_.find(id);
    if (it != suggestions_.end()) return it->second.get();
    auto& engine = engines_[key_hashes_[k]];
    if (!engine) engine = std::make_shared<SuggestionEngine>(kd->key.key);
    const ParsedDocument* rd = review_document(review);
    auto set = std::make_shared<SuggestionSet>(engine->suggest(rd->doc, rd->review));
    if (suggestions_.size() > 64) suggestions_.clear();   // bounded; recomputed on demand
    suggestions_[id] = set;
    return set.get();
}

const ProblemSuggestion* Session::suggestion(int review, const std::string& problem_id) {
    const SuggestionSet* set = suggestions(review);
    if (!set) return nullptr;
    for (const ProblemSuggestion& p : set->problems) {
        if (p.problem_id == problem_id) return &p;
    }
    return nullptr;
}

void Session::set_note(int review, const std::string& problem_id, const std::string& note) {
    ReviewFile* r = review_at(review);
    if (!r || problem_id.empty()) return;
    const ProblemGrade* existing = ws_.find_grade(*r, problem_id);
    if ((existing ? existing->note : std::string()) == note) return;
    checkpoint("note:" + std::to_string(review) + ":" + problem_id);
    ProblemGrade& g = ws_.ensure_grade(*r, problem_id);
    g.note = note;
    if (g.review_hash.empty()) g.review_hash = r->hash;
    changed();
}

void Session::add_evidence(int review, const std::string& problem_id, const Evidence& e) {
    ReviewFile* r = review_at(review);
    if (!r || problem_id.empty()) return;
    checkpoint();
    ProblemGrade& g = ws_.ensure_grade(*r, problem_id);
    for (const Evidence& have : g.evidence) {
        if (have.line_start == e.line_start && have.line_end == e.line_end) {
            undo_.pop_back();   // nothing changes: drop the checkpoint again
            return;
        }
    }
    g.evidence.push_back(e);
    if (g.review_hash.empty()) g.review_hash = r->hash;
    changed();
}

void Session::remove_evidence(int review, const std::string& problem_id, int index) {
    ReviewFile* r = review_at(review);
    if (!r) return;
    ProblemGrade* g = ws_.find_grade(*r, problem_id);
    if (!g || index < 0 || index >= static_cast<int>(g->evidence.size())) return;
    checkpoint();
    g = ws_.find_grade(*r, problem_id);
    g->evidence.erase(g->evidence.begin() + index);
    changed();
}

void Session::confirm_stale(int review, const std::string& problem_id) {
    ReviewFile* r = review_at(review);
    if (!r) return;
    ProblemGrade* g = ws_.find_grade(*r, problem_id);
    if (!g || !g->stale) return;
    checkpoint();
    g = ws_.find_grade(*r, problem_id);
    g->stale = false;
    g->review_hash = r->hash;
    changed();
}

void Session::confirm_all_stale(int review) {
    if (stale_count(review) == 0) return;
    checkpoint();
    ReviewFile* r = review_at(review);
    for (ProblemGrade& g : r->grades) {
        if (!g.stale) continue;
        g.stale = false;
        g.review_hash = r->hash;
    }
    changed();
}

static std::vector<ExtraItem>& extras(ReviewFile& r, ExtraKind k) {
    return k == ExtraKind::Bonus ? r.bonus : r.penalties;
}

int Session::add_extra(int review, ExtraKind kind, const ExtraItem& item) {
    ReviewFile* r = review_at(review);
    if (!r) return -1;
    checkpoint();
    r = review_at(review);
    extras(*r, kind).push_back(item);
    changed();
    return static_cast<int>(extras(*r, kind).size()) - 1;
}

void Session::update_extra(int review, ExtraKind kind, int index, const ExtraItem& item) {
    ReviewFile* r = review_at(review);
    if (!r || index < 0 || index >= static_cast<int>(extras(*r, kind).size())) return;
    const ExtraItem& cur = extras(*r, kind)[static_cast<size_t>(index)];
    if (cur.note == item.note && cur.bonus_id == item.bonus_id &&
        cur.line_start == item.line_start && cur.line_end == item.line_end)
        return;
    checkpoint(std::string(kind == ExtraKind::Bonus ? "bonus:" : "penalty:") +
               std::to_string(review) + ":" + std::to_string(index));
    r = review_at(review);
    extras(*r, kind)[static_cast<size_t>(index)] = item;
    changed();
}

void Session::remove_extra(int review, ExtraKind kind, int index) {
    ReviewFile* r = review_at(review);
    if (!r || index < 0 || index >= static_cast<int>(extras(*r, kind).size())) return;
    checkpoint();
    r = review_at(review);
    extras(*r, kind).erase(extras(*r, kind).begin() + index);
    changed();
}

// ---- selection ------------------------------------------------------------------------

void Session::clamp_selection() {
    Selection& s = ws_.selection;
    const int nr = static_cast<int>(ws_.reviews.size());
    if (s.review >= nr) s.review = nr - 1;
    if (s.review < -1) s.review = -1;
    if (nr > 0 && s.review < 0) s.review = 0;
    const int nref = static_cast<int>(ws_.references.size());
    if (s.reference >= nref) s.reference = nref - 1;
    if (s.reference < -1) s.reference = -1;
    int np = 0;
    if (s.review >= 0) {
        const ReviewFile& r = ws_.reviews[static_cast<size_t>(s.review)];
        if (const ParsedDocument* p = key_document(r.key_name)) {
            np = static_cast<int>(p->key.key.problems.size());
        }
    }
    if (np == 0) s.problem = -1;
    else if (s.problem < 0) s.problem = 0;
    else if (s.problem >= np) s.problem = np - 1;
}

void Session::select_review(int review) {
    if (review < 0 || review >= static_cast<int>(ws_.reviews.size()) ||
        review == ws_.selection.review)
        return;
    ws_.selection.review = review;
    ws_.selection.review_scroll = 0;
    clamp_selection();
    last_coalesce_.clear();
    changed();
}

void Session::select_problem(int problem) {
    if (problem == ws_.selection.problem) return;
    ws_.selection.problem = problem;
    clamp_selection();
    last_coalesce_.clear();
    changed();
}

void Session::select_reference(int reference) {
    if (reference == ws_.selection.reference) return;
    if (reference < -1 || reference >= static_cast<int>(ws_.references.size())) return;
    ws_.selection.reference = reference;
    changed();
}

void Session::set_review_scroll(float y) {
    // Scrolling is saved but does not count as a change worth an immediate save on its own:
    // it rides along with the next save.
    ws_.selection.review_scroll = y;
}

void Session::next_problem(int delta) {
    const AnswerKey* k = key_of(ws_.selection.review);
    if (!k || k->problems.empty()) return;
    const int n = static_cast<int>(k->problems.size());
    int p = ws_.selection.problem + delta;
    p = std::max(0, std::min(n - 1, p));
    select_problem(p);
}

std::vector<int> Session::review_order() const {
    std::vector<int> order(ws_.reviews.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    stable_sort_by(order, [&](int a, int b) {
        const ReviewFile& x = ws_.reviews[static_cast<size_t>(a)];
        const ReviewFile& y = ws_.reviews[static_cast<size_t>(b)];
        // Reviews without a key go last.
        if (x.key_name.empty() != y.key_name.empty()) return y.key_name.empty();
        if (x.key_name != y.key_name) return x.key_name < y.key_name;
        if (x.prompt != y.prompt) return x.prompt < y.prompt;
        if (x.run != y.run) return x.run < y.run;
        return x.name < y.name;
    });
    return order;
}

void Session::next_review(int delta) {
    const std::vector<int> order = review_order();
    if (order.empty()) return;
    auto it = std::find(order.begin(), order.end(), ws_.selection.review);
    int pos = it == order.end() ? 0 : static_cast<int>(it - order.begin()) + delta;
    pos = std::max(0, std::min(static_cast<int>(order.size()) - 1, pos));
    const int keep_problem = ws_.selection.problem;
    select_review(order[static_cast<size_t>(pos)]);
    // Moving between runs of the same key keeps the problem in view: compare run by run.
    if (keep_problem >= 0) select_problem(keep_problem);
}

// ---- derived --------------------------------------------------------------------------

const ParsedDocument* Session::parsed(const std::string& text, const std::string& hash, bool key) {
    const std::string id = hash + (key ? ":k" : ":d");
    auto it = parsed_.find(id);
    if (it != parsed_.end()) return it->second.get();
    auto p = std::make_shared<ParsedDocument>();
    p->doc = parse_markdown(text);
    if (key) p->key = parse_answer_key(p->doc);
    else p->review = parse_review(p->doc);
    parsed_[id] = p;
    return p.get();
}

const ParsedDocument* Session::key_document(const std::string& key_name) {
    if (key_name.empty()) return nullptr;
    for (size_t i = 0; i < ws_.keys.size(); ++i) {
        if (ws_.keys[i].name == key_name) return parsed(ws_.keys[i].text, key_hashes_[i], true);
    }
    return nullptr;
}

const AnswerKey* Session::key_of(int review) {
    const ReviewFile* r = review_at(review);
    if (!r) return nullptr;
    const ParsedDocument* p = key_document(r->key_name);
    return p && p->key.is_key ? &p->key.key : nullptr;
}

const ParsedDocument* Session::review_document(int review) {
    const ReviewFile* r = review_at(review);
    return r ? parsed(r->text, r->hash, false) : nullptr;
}

const ParsedDocument* Session::reference_document(int reference) {
    if (reference < 0 || reference >= static_cast<int>(ws_.references.size())) return nullptr;
    return parsed(ws_.references[static_cast<size_t>(reference)].text,
                  reference_hashes_[static_cast<size_t>(reference)], false);
}

const WorkspaceScores& Session::scores() {
    if (scores_revision_ != revision_) {
        scores_ = compute_scores(ws_);
        scores_revision_ = revision_;
    }
    return scores_;
}

int Session::stale_count(int review) const {
    if (review < 0 || review >= static_cast<int>(ws_.reviews.size())) return 0;
    int n = 0;
    for (const ProblemGrade& g : ws_.reviews[static_cast<size_t>(review)].grades) n += g.stale;
    return n;
}

const Problem* Session::selected_problem() {
    const AnswerKey* k = key_of(ws_.selection.review);
    const int p = ws_.selection.problem;
    if (!k || p < 0 || p >= static_cast<int>(k->problems.size())) return nullptr;
    return &k->problems[static_cast<size_t>(p)];
}

// ---- autosave -------------------------------------------------------------------------

void Session::note_change_time(double now_ms) {
    if (revision_ == seen_revision_) return;
    seen_revision_ = revision_;
    last_change_ms_ = now_ms;
    if (first_dirty_ms_ < 0) first_dirty_ms_ = now_ms;
}

bool Session::should_save(double now_ms) const {
    if (!dirty() || first_dirty_ms_ < 0) return false;
    return now_ms - last_change_ms_ >= kSaveDelayMs || now_ms - first_dirty_ms_ >= kSaveMaxDelayMs;
}

void Session::mark_saved(uint64_t revision) {
    saved_revision_ = revision;
    // Changes after the save started keep the clock running from their own time.
    first_dirty_ms_ = dirty() ? last_change_ms_ : -1;
}

void Session::mark_clean() {
    saved_revision_ = revision_;
    seen_revision_ = revision_;
    first_dirty_ms_ = -1;
}

}  // namespace kg
