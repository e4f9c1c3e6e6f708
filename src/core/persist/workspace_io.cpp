// Workspace <-> JSON. Version 2 is written with cereal in this shape (every field always
// present; verdicts as names; numbers as JSON numbers):
//
//   {
//     "format": "keygrader-workspace",
//     "version": 2,
//     "workspace": {
//       "keys":       [ {"name": "...", "text": "..."} ],
//       "reviews":    [ {"name", "text", "hash", "prompt", "run", "key_name",
//                        "grades": [ {"problem_id", "verdict", "note",
//                                     "evidence": [ {"line_start", "line_end", "text"} ],
//                                     "review_hash", "stale",
//                                     "suggestion": {"verdict", "confidence", "evidence"},
//                                     "from_judge"} ],
//                        "bonus":     [ {"note", "bonus_id", "line_start", "line_end",
//                                        "from_judge"} ],
//                        "penalties": [ same as bonus ] } ],
//       "references": [ {"name": "...", "text": "...", "kind", "reason"} ],
//       "judges":     [ {"name", "text", "key_name", "prompt", "round"} ],
//       "baseline_prompt": "",
//       "selection": {"review": -1, "problem": -1, "reference": -1, "review_scroll": 0.0},
//       "theme": "dark"
//     }
//   }
//
// Loading never trusts the file: it is parsed with rapidjson (iteratively, so no nesting can
// exhaust the stack), the header is checked (format, version), the body is checked field by
// field (workspace_schema.cpp), and only then does cereal deserialize it — inside a
// try/catch all the same. Older versions go through their migration (workspace_v1.cpp);
// version 2 lacks only the fields version 3 added (marked v3 above), which take their
// defaults: the cereal loaders ask the archive which version they read.
#include "persist/workspace_io.h"

#include <cmath>
#include <sstream>

#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>

#include "base/json_read.h"
#include "base/text.h"
#include "grading/rubric.h"
#include "persist/internal/workspace_schema.h"
#include "persist/internal/workspace_v1.h"

namespace kg {

namespace {

constexpr const char* kFormatName = "keygrader-workspace";

// NaN and infinities are not JSON; they can only come from a bug, so they are saved as 0.
double finite_or_zero(double v) { return std::isfinite(v) ? v : 0.0; }

Verdict verdict_from_name(const std::string& name) {
    for (Verdict v : {Verdict::Detected, Verdict::Partial, Verdict::Missed}) {
        if (name == verdict_name(v)) return v;
    }
    return Verdict::Ungraded;   // the schema check has already refused unknown names
}

// The version of the document being read, for the loaders below. cereal's way to pass this
// (UserDataAdapter) is marked experimental in 1.3.2, so it is a variable set for the length of
// one deserialize() call (loading is single-threaded, in the page and the CLI).
int g_reading_version = kWorkspaceVersion;

template <class Archive>
int version_read(Archive&) {
    return g_reading_version;
}

}  // namespace

// ---- cereal serialization, one function per type -----------------------------------------

template <class Archive>
void serialize(Archive& ar, Evidence& e) {
    ar(cereal::make_nvp("line_start", e.line_start), cereal::make_nvp("line_end", e.line_end),
       cereal::make_nvp("text", e.text));
}

template <class Archive>
void save(Archive& ar, const Suggestion& s) {
    ar(cereal::make_nvp("verdict", std::string(verdict_name(s.verdict))),
       cereal::make_nvp("confidence", finite_or_zero(s.confidence)),
       cereal::make_nvp("evidence", s.evidence));
}

template <class Archive>
void load(Archive& ar, Suggestion& s) {
    std::string verdict;
    ar(cereal::make_nvp("verdict", verdict), cereal::make_nvp("confidence", s.confidence),
       cereal::make_nvp("evidence", s.evidence));
    s.verdict = verdict_from_name(verdict);
}

template <class Archive>
void save(Archive& ar, const ProblemGrade& g) {
    ar(cereal::make_nvp("problem_id", g.problem_id),
       cereal::make_nvp("verdict", std::string(verdict_name(g.verdict))),
       cereal::make_nvp("note", g.note), cereal::make_nvp("evidence", g.evidence),
       cereal::make_nvp("review_hash", g.review_hash), cereal::make_nvp("stale", g.stale),
       cereal::make_nvp("suggestion", g.suggestion), cereal::make_nvp("from_judge", g.from_judge));
}

template <class Archive>
void load(Archive& ar, ProblemGrade& g) {
    std::string verdict;
    ar(cereal::make_nvp("problem_id", g.problem_id), cereal::make_nvp("verdict", verdict),
       cereal::make_nvp("note", g.note), cereal::make_nvp("evidence", g.evidence),
       cereal::make_nvp("review_hash", g.review_hash), cereal::make_nvp("stale", g.stale),
       cereal::make_nvp("suggestion", g.suggestion));
    if (version_read(ar) >= 3) ar(cereal::make_nvp("from_judge", g.from_judge));
    g.verdict = verdict_from_name(verdict);
}

template <class Archive>
void save(Archive& ar, const ExtraItem& x) {
    ar(cereal::make_nvp("note", x.note), cereal::make_nvp("bonus_id", x.bonus_id),
       cereal::make_nvp("line_start", x.line_start), cereal::make_nvp("line_end", x.line_end),
       cereal::make_nvp("from_judge", x.from_judge));
}

template <class Archive>
void load(Archive& ar, ExtraItem& x) {
    ar(cereal::make_nvp("note", x.note), cereal::make_nvp("bonus_id", x.bonus_id),
       cereal::make_nvp("line_start", x.line_start), cereal::make_nvp("line_end", x.line_end));
    if (version_read(ar) >= 3) ar(cereal::make_nvp("from_judge", x.from_judge));
}

template <class Archive>
void serialize(Archive& ar, KeyFile& k) {
    ar(cereal::make_nvp("name", k.name), cereal::make_nvp("text", k.text));
}

template <class Archive>
void save(Archive& ar, const ReferenceFile& f) {
    ar(cereal::make_nvp("name", f.name), cereal::make_nvp("text", f.text),
       cereal::make_nvp("kind", f.kind), cereal::make_nvp("reason", f.reason));
}

template <class Archive>
void load(Archive& ar, ReferenceFile& f) {
    ar(cereal::make_nvp("name", f.name), cereal::make_nvp("text", f.text));
    if (version_read(ar) >= 3) {
        ar(cereal::make_nvp("kind", f.kind), cereal::make_nvp("reason", f.reason));
    }
}

template <class Archive>
void serialize(Archive& ar, JudgeFile& j) {
    ar(cereal::make_nvp("name", j.name), cereal::make_nvp("text", j.text),
       cereal::make_nvp("key_name", j.key_name), cereal::make_nvp("prompt", j.prompt),
       cereal::make_nvp("round", j.round));
}

template <class Archive>
void serialize(Archive& ar, ReviewFile& r) {
    ar(cereal::make_nvp("name", r.name), cereal::make_nvp("text", r.text),
       cereal::make_nvp("hash", r.hash), cereal::make_nvp("prompt", r.prompt),
       cereal::make_nvp("run", r.run), cereal::make_nvp("key_name", r.key_name),
       cereal::make_nvp("grades", r.grades), cereal::make_nvp("bonus", r.bonus),
       cereal::make_nvp("penalties", r.penalties));
}

template <class Archive>
void save(Archive& ar, const Selection& s) {
    ar(cereal::make_nvp("review", s.review), cereal::make_nvp("problem", s.problem),
       cereal::make_nvp("reference", s.reference),
       cereal::make_nvp("review_scroll", finite_or_zero(s.review_scroll)));
}

template <class Archive>
void load(Archive& ar, Selection& s) {
    double scroll = 0;
    ar(cereal::make_nvp("review", s.review), cereal::make_nvp("problem", s.problem),
       cereal::make_nvp("reference", s.reference), cereal::make_nvp("review_scroll", scroll));
    s.review_scroll = static_cast<float>(scroll);   // range checked by the schema
}

template <class Archive>
void save(Archive& ar, const Workspace& ws) {
    ar(cereal::make_nvp("keys", ws.keys), cereal::make_nvp("reviews", ws.reviews),
       cereal::make_nvp("references", ws.references), cereal::make_nvp("judges", ws.judges),
       cereal::make_nvp("baseline_prompt", ws.baseline_prompt),
       cereal::make_nvp("selection", ws.selection), cereal::make_nvp("theme", ws.theme));
}

template <class Archive>
void load(Archive& ar, Workspace& ws) {
    ar(cereal::make_nvp("keys", ws.keys), cereal::make_nvp("reviews", ws.reviews),
       cereal::make_nvp("references", ws.references));
    if (version_read(ar) >= 3) ar(cereal::make_nvp("judges", ws.judges));
    ar(cereal::make_nvp("baseline_prompt", ws.baseline_prompt),
       cereal::make_nvp("selection", ws.selection), cereal::make_nvp("theme", ws.theme));
}

// ---- saving --------------------------------------------------------------------------------

std::string save_workspace_json(const Workspace& ws, bool indent) {
    std::ostringstream out;
    {
        // Two-space indent keeps exported files readable and diffable; the archive
        // finishes writing when it goes out of scope.
        cereal::JSONOutputArchive ar(
            out, indent ? cereal::JSONOutputArchive::Options(
                              rapidjson::Writer<rapidjson::StringBuffer>::kDefaultMaxDecimalPlaces,
                              cereal::JSONOutputArchive::Options::IndentChar::space, 2)
                        : cereal::JSONOutputArchive::Options::NoIndent());
        const std::string format = kFormatName;
        const int version = kWorkspaceVersion;
        ar(cereal::make_nvp("format", format), cereal::make_nvp("version", version),
           cereal::make_nvp("workspace", ws));
    }
    out << '\n';
    return out.str();
}

// ---- loading -------------------------------------------------------------------------------

namespace {

// "line 3, column 14" for a byte offset; columns count characters, not bytes.
std::string position_of(std::string_view text, size_t offset) {
    int line = 1;
    int column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool deserialize(std::string_view json, int version, Workspace& out, std::string& error) {
    try {
        std::istringstream in{std::string(json)};
        cereal::JSONInputArchive ar(in);
        struct VersionScope {
            explicit VersionScope(int v) { g_reading_version = v; }
            ~VersionScope() { g_reading_version = kWorkspaceVersion; }
        } scope(version);
        Workspace ws;
        ar(cereal::make_nvp("workspace", ws));
        out = std::move(ws);
        return true;
    } catch (const std::exception& e) {
        error = std::string("invalid workspace: ") + e.what();
        return false;
    }
}

}  // namespace

WorkspaceLoadResult load_workspace_json(std::string_view json) {
    WorkspaceLoadResult result;
    auto fail = [&](std::string message) {
        result.ok = false;
        result.error = std::move(message);
        result.workspace = Workspace{};
        return result;
    };

    if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return fail("not JSON (the file is empty)");
    }
    if (const size_t bad = json::find_zero_with_exponent(json); bad != std::string_view::npos) {
        return fail("a number KeyGrader does not write (zero with an exponent, " +
                    position_of(json, bad) + ")");
    }
    rapidjson::Document doc;
    // Iterative: a file of 100 000 nested brackets must not overflow the (small, in wasm) stack.
    constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                                rapidjson::kParseFullPrecisionFlag |  // as cereal reads them
                                rapidjson::kParseNanAndInfFlag |  // what cereal accepts too
                                rapidjson::kParseValidateEncodingFlag;  // strings must be UTF-8
    // Checking the strings' UTF-8 inside the parser costs a third of a large load; a text
    // that is valid UTF-8 throughout needs no such check (same document). Otherwise the
    // checking parse runs, and names the string.
    if (is_valid_utf8(json)) doc.Parse<kFlags & ~rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
    else doc.Parse<kFlags>(json.data(), json.size());
    if (doc.HasParseError()) {
        if (doc.GetParseError() == rapidjson::kParseErrorStringInvalidEncoding) {
            return fail("invalid UTF-8 in a string (" +
                        position_of(json, doc.GetErrorOffset()) + ")");
        }
        return fail("not JSON (" + position_of(json, doc.GetErrorOffset()) + ": " +
                    rapidjson::GetParseError_En(doc.GetParseError()) + ")");
    }
    if (!doc.IsObject()) return fail("not a KeyGrader workspace (the top level is not an object)");
    auto format = doc.FindMember("format");
    if (format == doc.MemberEnd() || !format->value.IsString()) {
        return fail("not a KeyGrader workspace (no \"format\": \"keygrader-workspace\")");
    }
    if (std::string(format->value.GetString()) != kFormatName) {
        return fail("not a KeyGrader workspace (format \"" +
                    std::string(format->value.GetString()) + "\")");
    }
    auto version = doc.FindMember("version");
    if (version == doc.MemberEnd() || !version->value.IsInt()) {
        return fail("invalid workspace: missing or non-integer \"version\"");
    }
    const int v = version->value.GetInt();
    result.loaded_version = v;
    if (v > kWorkspaceVersion) {
        return fail("saved by a newer KeyGrader (version " + std::to_string(v) +
                    "; this one reads up to " + std::to_string(kWorkspaceVersion) + ")");
    }
    if (v < 1) return fail("invalid workspace: unknown version " + std::to_string(v));
    if (!workspace_schema::within_depth(doc)) {
        return fail("invalid workspace: nested deeper than " +
                    std::to_string(workspace_schema::kMaxDepth) + " levels");
    }

    std::string error;
    Workspace ws;
    if (v == 1) {
        if (!migrate_workspace_v1(doc, ws, error)) return fail("invalid workspace: " + error);
        result.migrated = true;
    } else {
        if (!workspace_schema::check(doc, v, error)) {
            return fail("invalid workspace: " + error);
        }
        if (!deserialize(json, v, ws, error)) return fail(error);
        result.migrated = v < kWorkspaceVersion;
    }
    result.ok = true;
    result.workspace = std::move(ws);
    return result;
}

bool load_workspace_into(std::string_view json, Workspace& ws, std::string& error) {
    WorkspaceLoadResult r = load_workspace_json(json);
    if (!r.ok) {
        error = r.error;
        return false;
    }
    ws = std::move(r.workspace);
    return true;
}

}  // namespace kg
