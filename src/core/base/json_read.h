// For code that READS JSON (workspaces, the dev-set labels): cereal's JSON archive and
// rapidjson's DOM, configured once. cereal configures rapidjson (assertions throw, NaN
// parsing) through macros defined before rapidjson is included; every translation unit must
// see the same settings, or the linker mixes two instantiations of the same templates.
// Needs exceptions (cereal throws). Writing only? Include base/json_write.h.
#pragma once
#include <cereal/archives/json.hpp>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include "base/json_write.h"

#include <string_view>

namespace kg::json {

// rapidjson's full-precision number reader (cereal's, and the precision a suggestion's
// confidence needs to round-trip exactly) has undefined behaviour on a zero with a large
// exponent ("-0e51"). Call this before any full-precision parse of untrusted text: the
// offset of the first such number, or npos (also when the text is not JSON at all).
size_t find_zero_with_exponent(std::string_view json);

}  // namespace kg::json
