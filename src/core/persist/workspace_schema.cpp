// Field-by-field check of a version 2 workspace document (see workspace_io.cpp for the shape).
#include "persist/internal/workspace_schema.h"

#include <cfloat>
#include <cmath>

#include "grading/rubric.h"
#include "model/workspace.h"

namespace kg::workspace_schema {

namespace {

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::String: return "a string";
        case Kind::Int: return "an integer";
        case Kind::Number: return "a number";
        case Kind::FiniteFloat: return "a finite number";
        case Kind::Bool: return "true or false";
        case Kind::Array: return "an array";
        case Kind::Object: return "an object";
    }
    return "a value";
}

bool is_kind(const rapidjson::Value& v, Kind k) {
    switch (k) {
        case Kind::String: return v.IsString();
        case Kind::Int: return v.IsInt();
        case Kind::Number: return v.IsNumber();
        case Kind::FiniteFloat:
            // Stored in a float (scroll) or shown as a percentage: no NaN, no overflow.
            return v.IsNumber() && std::isfinite(v.GetDouble()) &&
                   std::fabs(v.GetDouble()) <= static_cast<double>(FLT_MAX);
        case Kind::Bool: return v.IsBool();
        case Kind::Array: return v.IsArray();
        case Kind::Object: return v.IsObject();
    }
    return false;
}

std::string join(const std::string& path, const char* name) {
    return path.empty() ? std::string(name) : path + "." + name;
}

std::string item(const std::string& path, rapidjson::SizeType i) {
    return path + "[" + std::to_string(i) + "]";
}

// Checks that every element of the array at obj[name] is an object accepted by check.
template <class Check>
bool each_object(const rapidjson::Value& obj, const char* name, const std::string& path,
                 std::string& error, Check check) {
    const rapidjson::Value* arr = field(obj, name, Kind::Array, path, error);
    if (!arr) return false;
    const std::string arr_path = join(path, name);
    for (rapidjson::SizeType i = 0; i < arr->Size(); ++i) {
        const rapidjson::Value& el = (*arr)[i];
        if (!el.IsObject()) {
            error = "field \"" + item(arr_path, i) + "\" should be an object";
            return false;
        }
        if (!check(el, item(arr_path, i))) return false;
    }
    return true;
}

bool check_verdict(const rapidjson::Value& obj, const std::string& path, std::string& error) {
    const rapidjson::Value* v = field(obj, "verdict", Kind::String, path, error);
    if (!v) return false;
    const std::string name = v->GetString();
    for (Verdict known : {Verdict::Ungraded, Verdict::Detected, Verdict::Partial,
                          Verdict::Missed}) {
        if (name == verdict_name(known)) return true;
    }
    error = "field \"" + join(path, "verdict") + "\" has unknown verdict \"" + name +
            "\" (expected detected, partial, missed or ungraded)";
    return false;
}

bool check_evidence_list(const rapidjson::Value& obj, const std::string& path,
                         std::string& error) {
    return each_object(obj, "evidence", path, error,
                       [&](const rapidjson::Value& e, const std::string& p) {
                           return field(e, "line_start", Kind::Int, p, error) &&
                                  field(e, "line_end", Kind::Int, p, error) &&
                                  field(e, "text", Kind::String, p, error);
                       });
}

bool check_grade(const rapidjson::Value& g, int version, const std::string& path,
                 std::string& error) {
    if (!field(g, "problem_id", Kind::String, path, error) || !check_verdict(g, path, error) ||
        !field(g, "note", Kind::String, path, error) ||
        !check_evidence_list(g, path, error) ||
        !field(g, "review_hash", Kind::String, path, error) ||
        !field(g, "stale", Kind::Bool, path, error) ||
        (version >= 3 && !field(g, "from_judge", Kind::Bool, path, error))) {
        return false;
    }
    const rapidjson::Value* s = field(g, "suggestion", Kind::Object, path, error);
    if (!s) return false;
    const std::string sp = join(path, "suggestion");
    return check_verdict(*s, sp, error) && field(*s, "confidence", Kind::FiniteFloat, sp, error) &&
           check_evidence_list(*s, sp, error);
}

bool check_extra(const rapidjson::Value& x, int version, const std::string& path,
                 std::string& error) {
    return field(x, "note", Kind::String, path, error) &&
           field(x, "bonus_id", Kind::String, path, error) &&
           field(x, "line_start", Kind::Int, path, error) &&
           field(x, "line_end", Kind::Int, path, error) &&
           (version < 3 || field(x, "from_judge", Kind::Bool, path, error));
}

bool check_review(const rapidjson::Value& r, int version, const std::string& path,
                  std::string& error) {
    for (const char* name : {"name", "text", "hash", "prompt"}) {
        if (!field(r, name, Kind::String, path, error)) return false;
    }
    const rapidjson::Value* run = field(r, "run", Kind::Int, path, error);
    if (!run || !field(r, "key_name", Kind::String, path, error)) return false;
    if (run->GetInt() < 0 || run->GetInt() > kMaxRunNumber) {
        error = "field \"" + join(path, "run") + "\" is " + std::to_string(run->GetInt()) +
                ": not a run number (0 to " + std::to_string(kMaxRunNumber) + ")";
        return false;
    }
    auto grade = [&](const rapidjson::Value& g, const std::string& p) {
        return check_grade(g, version, p, error);
    };
    auto extra = [&](const rapidjson::Value& x, const std::string& p) {
        return check_extra(x, version, p, error);
    };
    return each_object(r, "grades", path, error, grade) &&
           each_object(r, "bonus", path, error, extra) &&
           each_object(r, "penalties", path, error, extra);
}

bool check_named_text(const rapidjson::Value& f, const std::string& path, std::string& error) {
    return field(f, "name", Kind::String, path, error) &&
           field(f, "text", Kind::String, path, error);
}

bool check_reference(const rapidjson::Value& f, int version, const std::string& path,
                     std::string& error) {
    return check_named_text(f, path, error) &&
           (version < 3 || (field(f, "kind", Kind::String, path, error) &&
                            field(f, "reason", Kind::String, path, error)));
}

bool check_judge(const rapidjson::Value& j, const std::string& path, std::string& error) {
    return check_named_text(j, path, error) &&
           field(j, "key_name", Kind::String, path, error) &&
           field(j, "prompt", Kind::String, path, error) &&
           field(j, "round", Kind::Int, path, error);
}

}  // namespace

bool within_depth(const rapidjson::Value& v, int limit) {
    if (limit <= 0) return false;
    if (v.IsArray()) {
        for (const auto& el : v.GetArray()) {
            if (!within_depth(el, limit - 1)) return false;
        }
    } else if (v.IsObject()) {
        for (const auto& m : v.GetObject()) {
            if (!within_depth(m.value, limit - 1)) return false;
        }
    }
    return true;
}

const rapidjson::Value* optional_field(const rapidjson::Value& obj, const char* name, Kind kind,
                                       const std::string& path, std::string& error) {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd()) return nullptr;
    if (!is_kind(it->value, kind)) {
        error = "field \"" + join(path, name) + "\" should be " + kind_name(kind);
        return nullptr;
    }
    return &it->value;
}

const rapidjson::Value* field(const rapidjson::Value& obj, const char* name, Kind kind,
                              const std::string& path, std::string& error) {
    if (!obj.HasMember(name)) {
        error = "missing field \"" + join(path, name) + "\"";
        return nullptr;
    }
    return optional_field(obj, name, kind, path, error);
}

bool check(const rapidjson::Value& root, int version, std::string& error) {
    const rapidjson::Value* ws = field(root, "workspace", Kind::Object, "", error);
    if (!ws) return false;
    const std::string path = "workspace";
    auto named = [&](const rapidjson::Value& f, const std::string& p) {
        return check_named_text(f, p, error);
    };
    auto review = [&](const rapidjson::Value& r, const std::string& p) {
        return check_review(r, version, p, error);
    };
    auto reference = [&](const rapidjson::Value& f, const std::string& p) {
        return check_reference(f, version, p, error);
    };
    auto judge = [&](const rapidjson::Value& j, const std::string& p) {
        return check_judge(j, p, error);
    };
    if (!each_object(*ws, "keys", path, error, named) ||
        !each_object(*ws, "reviews", path, error, review) ||
        !each_object(*ws, "references", path, error, reference) ||
        (version >= 3 && !each_object(*ws, "judges", path, error, judge)) ||
        !field(*ws, "baseline_prompt", Kind::String, path, error) ||
        !field(*ws, "theme", Kind::String, path, error)) {
        return false;
    }
    const rapidjson::Value* sel = field(*ws, "selection", Kind::Object, path, error);
    if (!sel) return false;
    const std::string sp = "workspace.selection";
    return field(*sel, "review", Kind::Int, sp, error) &&
           field(*sel, "problem", Kind::Int, sp, error) &&
           field(*sel, "reference", Kind::Int, sp, error) &&
           field(*sel, "review_scroll", Kind::FiniteFloat, sp, error);
}

}  // namespace kg::workspace_schema
