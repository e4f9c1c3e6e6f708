// Checks a parsed workspace document field by field before anything is deserialized, so a
// damaged file is refused with a message that names the field, and cereal (which throws on
// the first surprise) only ever sees documents of the right shape.
#pragma once
#include <string>
#include "base/json_read.h"

namespace kg::workspace_schema {

// Deepest nesting any workspace version needs is about 10; anything deeper is refused
// before a recursive reader (cereal's) could run out of stack on it.
constexpr int kMaxDepth = 32;
bool within_depth(const rapidjson::Value& v, int limit = kMaxDepth);

// The body of a version 2 file ({"format","version","workspace":{...}}).
// On failure, error is one line such as: missing field "workspace.reviews[0].run".
// Version 2 and 3 documents (3 adds judges, reference kinds and from_judge flags).
bool check(const rapidjson::Value& root, int version, std::string& error);

// Field checks shared with the version 1 reader.
enum class Kind { String, Int, Number, FiniteFloat, Bool, Array, Object };
const rapidjson::Value* field(const rapidjson::Value& obj, const char* name, Kind kind,
                              const std::string& path, std::string& error);
// Like field(), but an absent member is fine (returns nullptr with error left empty).
const rapidjson::Value* optional_field(const rapidjson::Value& obj, const char* name, Kind kind,
                                       const std::string& path, std::string& error);

}  // namespace kg::workspace_schema
