// The editing session: every change to the workspace, its undo history, caches and the
// autosave bookkeeping. Files (ingest, kinds, links) are in session_files.cpp, judge reports
// and adoption in session_judges.cpp, suggestions in session_suggestion.cpp.
//
// Index (search for "// ---- <name>"):
//   helpers
//   undo machinery
//   files: session_files.cpp
//   metadata
//   grading
//   selection
//   derived
//   autosave
#include "session/session.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <unordered_set>
#include "base/limits.h"
#include "base/sort_util.h"
#include "base/text.h"
#include "suggest/calibrate.h"

namespace kg {

// ---- helpers ------------------------------------------------------------------------

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

namespace {
// Moves the file texts out of a workspace for the guard's lifetime, then back (also when
// the copy in between fails): the snapshot copies everything but the texts.
class TextsHeldApart {
public:
    explicit TextsHeldApart(Workspace& ws) : ws_(ws) {
        held_.reserve(ws.keys.size() + ws.reviews.size() + ws.references.size() + ws.judges.size());
        for_each_text([this](std::string& text) { held_.push_back(std::move(text)); });
    }
    ~TextsHeldApart() {
        size_t next = 0;
        for_each_text([&](std::string& text) { text = std::move(held_[next++]); });
    }
    TextsHeldApart(const TextsHeldApart&) = delete;
    TextsHeldApart& operator=(const TextsHeldApart&) = delete;

private:
    template <class Fn>
    void for_each_text(Fn fn) {
        for (KeyFile& f : ws_.keys) fn(f.text);
        for (ReviewFile& f : ws_.reviews) fn(f.text);
        for (ReferenceFile& f : ws_.references) fn(f.text);
        for (JudgeFile& f : ws_.judges) fn(f.text);
    }
    Workspace& ws_;
    std::vector<std::string> held_;
};
}  // namespace

Session::Snapshot Session::snapshot() {
    // The texts are held in texts_ by hash: leave them out of the copy (copying a whole
    // benchmark's 11 MB of text on every grade, only to drop it, cost more than the grade).
    Snapshot s;
    {
        TextsHeldApart apart(ws_);
        s.ws = ws_;
    }
    for (const ReviewFile& r : s.ws.reviews) s.review_hashes.push_back(r.hash);
    s.key_hashes = key_hashes_;
    s.reference_hashes = reference_hashes_;
    s.judge_hashes = judge_hashes_;
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
    for (size_t i = 0; i < ws_.judges.size() && i < s.judge_hashes.size(); ++i)
        ws_.judges[i].text = text_of(s.judge_hashes[i]);
    key_hashes_ = s.key_hashes;
    reference_hashes_ = s.reference_hashes;
    judge_hashes_ = s.judge_hashes;
    clamp_selection();
}

void Session::checkpoint(const std::string& coalesce) {
    if (!coalesce.empty() && coalesce == last_coalesce_ && !undo_.empty()) return;
    last_coalesce_ = coalesce;
    undo_.push_back(snapshot());
    redo_.clear();
    if (undo_.size() > kMaxUndo + kUndoTrim) {
        undo_.erase(undo_.begin(), undo_.begin() + static_cast<std::ptrdiff_t>(undo_.size() - kMaxUndo));
        collect_texts();
    }
}

void Session::begin_file_batch() {
    ++file_batches_;
    in_file_batch_ = true;
}

void Session::end_file_batch() {
    in_file_batch_ = false;
}

std::string Session::file_checkpoint_key() const {
    return in_file_batch_ ? "files:" + std::to_string(file_batches_) : std::string();
}

void Session::collect_texts() {
    // Views of the hash strings, which outlive this function: no copy of each hash.
    std::unordered_set<std::string_view> live;
    auto add = [&](const std::vector<std::string>& hs) { live.insert(hs.begin(), hs.end()); };
    add(key_hashes_);
    add(reference_hashes_);
    add(judge_hashes_);
    for (const ReviewFile& r : ws_.reviews) live.insert(r.hash);
    for (const auto* stack : {&undo_, &redo_}) {
        for (const Snapshot& s : *stack) {
            add(s.key_hashes);
            add(s.review_hashes);
            add(s.reference_hashes);
            add(s.judge_hashes);
        }
    }
    for (auto it = texts_.begin(); it != texts_.end();) {
        it = live.count(it->first) ? std::next(it) : texts_.erase(it);
    }
    for (auto it = parsed_.begin(); it != parsed_.end();) {
        const std::string_view hash = std::string_view(it->first).substr(0, it->first.find(':'));
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

// ---- files: session_files.cpp -----------------------------------------------------

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
    judge_hashes_.clear();
    for (const KeyFile& k : ws_.keys) key_hashes_.push_back(remember_text(k.text));
    for (ReviewFile& r : ws_.reviews) {
        // The stored hash is what the grades were given to; the text decides the current one.
        r.hash = remember_text(r.text);
        mark_stale_grades(r);
    }
    for (const ReferenceFile& f : ws_.references) reference_hashes_.push_back(remember_text(f.text));
    for (const JudgeFile& j : ws_.judges) judge_hashes_.push_back(remember_text(j.text));
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
    if (existing && existing->verdict == v && !existing->stale && !existing->from_judge) return;
    const ProblemSuggestion* sug = suggestion(review, problem_id);
    checkpoint();
    ProblemGrade& g = ws_.ensure_grade(*r, problem_id);
    g.verdict = v;
    g.review_hash = r->hash;   // the verdict is about this text
    g.stale = false;
    g.from_judge = false;      // the human's own from now on (same verdict = confirmed)
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

std::shared_ptr<const SuggestionSet> Session::raw_suggestions(int review) {
    const ReviewFile* r = review_at(review);
    if (!r) return nullptr;
    size_t k = 0;
    while (k < ws_.keys.size() && ws_.keys[k].name != r->key_name) ++k;
    if (k == ws_.keys.size()) return nullptr;
    const ParsedDocument* kd = key_document(r->key_name);
    if (!kd || !kd->key.is_key) return nullptr;
    const std::string id = key_hashes_[k] + ":" + r->hash;
    auto it = suggestions_.find(id);
    if (it != suggestions_.end()) return it->second;
    std::string refused;
    if (!limits::suggest_work_allowed(kd->key.key.problems.size(), r->text.size(), refused)) return nullptr;
    auto& engine = engines_[key_hashes_[k]];
    if (!engine) engine = std::make_shared<SuggestionEngine>(kd->key.key);
    const ParsedDocument* rd = review_document(review);
    auto set = std::make_shared<SuggestionSet>(engine->suggest(rd->doc, rd->review));
    if (suggestions_.size() > suggestion_cache_bound()) suggestions_.clear();   // bounded; recomputed on demand
    suggestions_[id] = set;
    // The logits outlive the sets: calibration reads them for every graded review of a key.
    auto& logits = raw_logits_[id];
    logits.clear();
    for (const ProblemSuggestion& p : set->problems) logits.emplace_back(p.problem_id, p.logit);
    if (raw_logits_.size() > std::max<size_t>(4096, 4 * ws_.reviews.size())) raw_logits_.clear();
    return set;
}

const std::vector<std::pair<std::string, double>>* Session::raw_logits(int review) {
    const ReviewFile* r = review_at(review);
    if (!r) return nullptr;
    size_t k = 0;
    while (k < ws_.keys.size() && ws_.keys[k].name != r->key_name) ++k;
    if (k == ws_.keys.size()) return nullptr;
    const std::string id = key_hashes_[k] + ":" + r->hash;
    if (raw_logits_.find(id) == raw_logits_.end() && !raw_suggestions(review)) return nullptr;
    const auto it = raw_logits_.find(id);
    return it == raw_logits_.end() ? nullptr : &it->second;
}

// Suggestions are calibrated on the grader's own verdicts on the key's OTHER reviews (never
// on this review's: the suggestion must not echo the verdict it is compared with). Verdicts
// adopted from a judge report and stale ones do not count: they are not the grader's.
const Session::KeyCalibration& Session::key_calibration(const std::string& key_name) {
    KeyCalibration& kc = key_calibrations_[key_name];
    if (kc.revision == revision_ && kc.generation != 0) return kc;
    std::vector<GraderVerdict> verdicts;
    std::vector<int> owners;
    for (size_t j = 0; j < ws_.reviews.size(); ++j) {
        const ReviewFile& other = ws_.reviews[j];
        if (other.key_name != key_name) continue;
        bool any = false;
        for (const ProblemGrade& g : other.grades)
            any = any || (g.verdict != Verdict::Ungraded && !g.from_judge && !g.stale);
        if (!any) continue;
        const auto* logits = raw_logits(static_cast<int>(j));
        if (!logits) continue;
        for (const ProblemGrade& g : ws_.reviews[j].grades) {
            if (g.verdict == Verdict::Ungraded || g.from_judge || g.stale) continue;
            for (const auto& [pid, logit] : *logits) {
                if (pid != g.problem_id) continue;
                verdicts.push_back({pid, logit, g.verdict});
                owners.push_back(static_cast<int>(j));
            }
        }
    }
    // FNV-1a over what the calibration depends on, so an unchanged key keeps its generation.
    uint64_t h = 0xcbf29ce484222325ull;
    const auto mix = [&h](const void* p, size_t n) {
        for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const unsigned char*>(p)[i]) * 0x100000001b3ull;
    };
    for (size_t i = 0; i < verdicts.size(); ++i) {
        mix(&owners[i], sizeof owners[i]);
        mix(verdicts[i].problem_id.data(), verdicts[i].problem_id.size() + 1);
        mix(&verdicts[i].logit, sizeof verdicts[i].logit);
        mix(&verdicts[i].verdict, sizeof verdicts[i].verdict);
    }
    kc.revision = revision_;
    if (kc.generation != 0 && kc.fingerprint == h) return kc;
    kc.fingerprint = h;
    kc.generation = ++calibration_generations_;
    kc.tables = verdicts.empty() ? nullptr
                                 : std::make_shared<const LeaveOneOutCalibration>(std::move(verdicts), std::move(owners));
    return kc;
}

const SuggestionSet* Session::suggestions(int review) {
    std::shared_ptr<const SuggestionSet> raw = raw_suggestions(review);
    if (!raw) return nullptr;
    const ReviewFile* r = review_at(review);
    // The page asks every frame: nothing changed since the last answer, same answer.
    const std::string id = r->hash + "|" + r->key_name;
    if (auto hit = calibrated_.find(id);
        hit != calibrated_.end() && hit->second.revision == revision_ && hit->second.raw == raw &&
        hit->second.review == review)
        return hit->second.set ? hit->second.set.get() : raw.get();
    const KeyCalibration& kc = key_calibration(r->key_name);
    if (calibrated_.size() >= suggestion_cache_bound() && calibrated_.find(id) == calibrated_.end())
        calibrated_.clear();   // bounded; recomputed on demand
    auto& slot = calibrated_[id];
    slot.revision = revision_;
    if (slot.raw == raw && slot.generation == kc.generation && slot.review == review)
        return slot.set ? slot.set.get() : raw.get();
    slot.raw = raw;
    slot.generation = kc.generation;
    slot.review = review;
    const Calibration cal = kc.tables ? kc.tables->without(review) : Calibration{};
    if (cal.verdicts == 0) {
        slot.set.reset();
        return raw.get();
    }
    auto set = std::make_shared<SuggestionSet>(*raw);
    apply_calibration(*set, cal);
    slot.set = set;
    return slot.set.get();
}

std::string Session::suggestions_refused(int review) {
    const ReviewFile* r = review_at(review);
    if (!r) return "";
    const ParsedDocument* kd = key_document(r->key_name);
    if (!kd || !kd->key.is_key) return "";
    std::string refused;
    limits::suggest_work_allowed(kd->key.key.problems.size(), r->text.size(), refused);
    return refused;
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
        scores_ = compute_scores(ws_, [this](const KeyFile& k) -> const KeyParseResult* {
            const ParsedDocument* d = key_document(k.name);
            return d ? &d->key : nullptr;
        });
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
