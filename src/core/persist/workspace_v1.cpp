// Version 1 of the workspace file, the first format KeyGrader saved, read only for migration.
// It was flat (no "workspace" wrapper), graded each problem with a bare ○/△/× symbol, and kept
// no evidence, no content hashes, no suggestions, no references, selection or theme:
//
//   {
//     "format": "keygrader-workspace",
//     "version": 1,
//     "keys":    [ {"name": "answer-key-round-008.md", "text": "# Answer Key ..."} ],
//     "reviews": [ {"name": "v008-baseline-run1.md", "text": "...",
//                   "prompt": "v008-baseline", "run": 1,
//                   "key": "answer-key-round-008.md",            // "" = not linked
//                   "verdicts": {"P01": "○", "P02": "△", "P03": "×"},  // "" = ungraded
//                   "notes":    {"P01": "names the circuit breaker"},  // optional
//                   "bonus":     ["cross-AZ failure"],                  // optional, notes
//                   "penalties": ["out of scope: pricing"] } ],         // optional, notes
//     "baseline": "v008-baseline"                                     // optional
//   }
//
// Upgrade rules: each review gets hash = content_hash(text), and every grade it carries is
// taken to have been given to that very text (review_hash = hash, not stale). A problem with
// a note but no verdict becomes an ungraded grade with its note. Everything else takes the
// version 2 defaults. The fixture tests/fixtures/workspace/v1.json is a file of this shape.
#include "persist/internal/workspace_v1.h"

#include "grading/rubric.h"
#include "base/text.h"
#include "persist/internal/workspace_schema.h"

namespace kg {

namespace {

using workspace_schema::Kind;
using workspace_schema::field;
using workspace_schema::optional_field;

bool read_string_list(const rapidjson::Value& review, const char* name, const std::string& path,
                      std::vector<ExtraItem>& out, std::string& error) {
    const rapidjson::Value* list = optional_field(review, name, Kind::Array, path, error);
    if (!list) return error.empty();
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        if (!(*list)[i].IsString()) {
            error = "field \"" + path + "." + name + "[" + std::to_string(i) +
                    "]\" should be a string";
            return false;
        }
        ExtraItem x;
        x.note = (*list)[i].GetString();
        out.push_back(x);
    }
    return true;
}

bool read_review(const rapidjson::Value& r, const std::string& path, ReviewFile& out,
                 std::string& error) {
    const rapidjson::Value* name = field(r, "name", Kind::String, path, error);
    const rapidjson::Value* text = name ? field(r, "text", Kind::String, path, error) : nullptr;
    const rapidjson::Value* prompt = text ? field(r, "prompt", Kind::String, path, error) : nullptr;
    const rapidjson::Value* run = prompt ? field(r, "run", Kind::Int, path, error) : nullptr;
    const rapidjson::Value* key = run ? field(r, "key", Kind::String, path, error) : nullptr;
    const rapidjson::Value* verdicts =
        key ? field(r, "verdicts", Kind::Object, path, error) : nullptr;
    if (!verdicts) return false;
    const rapidjson::Value* notes = optional_field(r, "notes", Kind::Object, path, error);
    if (!error.empty()) return false;

    out.name = name->GetString();
    out.text = text->GetString();
    out.hash = content_hash(out.text);
    out.prompt = prompt->GetString();
    out.run = run->GetInt();
    out.key_name = key->GetString();

    for (const auto& m : verdicts->GetObject()) {
        const std::string id = m.name.GetString();
        const std::string where = path + ".verdicts." + id;
        if (!m.value.IsString()) {
            error = "field \"" + where + "\" should be a string";
            return false;
        }
        Verdict v = Verdict::Ungraded;
        const std::string symbol = m.value.GetString();
        if (!trim(symbol).empty() && !parse_verdict(symbol, v)) {
            error = "field \"" + where + "\" has unknown verdict \"" + symbol +
                    "\" (expected ○, △, × or empty)";
            return false;
        }
        ProblemGrade g;
        g.problem_id = id;
        g.verdict = v;
        g.review_hash = out.hash;
        out.grades.push_back(g);
    }
    if (notes) {
        for (const auto& m : notes->GetObject()) {
            const std::string id = m.name.GetString();
            if (!m.value.IsString()) {
                error = "field \"" + path + ".notes." + id + "\" should be a string";
                return false;
            }
            ProblemGrade* g = nullptr;
            for (ProblemGrade& existing : out.grades) {
                if (existing.problem_id == id) g = &existing;
            }
            if (!g) {
                ProblemGrade fresh;
                fresh.problem_id = id;
                fresh.review_hash = out.hash;
                out.grades.push_back(fresh);
                g = &out.grades.back();
            }
            g->note = m.value.GetString();
        }
    }
    return read_string_list(r, "bonus", path, out.bonus, error) &&
           read_string_list(r, "penalties", path, out.penalties, error);
}

}  // namespace

bool migrate_workspace_v1(const rapidjson::Value& root, Workspace& out, std::string& error) {
    error.clear();
    const rapidjson::Value* keys = field(root, "keys", Kind::Array, "", error);
    const rapidjson::Value* reviews = keys ? field(root, "reviews", Kind::Array, "", error)
                                           : nullptr;
    if (!reviews) return false;
    const rapidjson::Value* baseline = optional_field(root, "baseline", Kind::String, "", error);
    if (!error.empty()) return false;

    Workspace ws;
    for (rapidjson::SizeType i = 0; i < keys->Size(); ++i) {
        const std::string path = "keys[" + std::to_string(i) + "]";
        const rapidjson::Value& k = (*keys)[i];
        if (!k.IsObject()) {
            error = "field \"" + path + "\" should be an object";
            return false;
        }
        const rapidjson::Value* name = field(k, "name", Kind::String, path, error);
        const rapidjson::Value* text = name ? field(k, "text", Kind::String, path, error)
                                            : nullptr;
        if (!text) return false;
        ws.keys.push_back({name->GetString(), text->GetString()});
    }
    for (rapidjson::SizeType i = 0; i < reviews->Size(); ++i) {
        const std::string path = "reviews[" + std::to_string(i) + "]";
        const rapidjson::Value& r = (*reviews)[i];
        if (!r.IsObject()) {
            error = "field \"" + path + "\" should be an object";
            return false;
        }
        ReviewFile review;
        if (!read_review(r, path, review, error)) return false;
        ws.reviews.push_back(std::move(review));
    }
    if (baseline) ws.baseline_prompt = baseline->GetString();
    out = std::move(ws);
    return true;
}

}  // namespace kg
