// Include this instead of <rapidjson/...> anywhere in the core. cereal's JSON archive
// configures rapidjson (assertions throw, full-precision and NaN parsing) through macros
// defined before rapidjson is included; every translation unit must see the same settings,
// or the linker mixes two different instantiations of the same rapidjson templates.
#pragma once
#include <cereal/archives/json.hpp>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
