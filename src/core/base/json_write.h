// The one way KeyGrader writes JSON: the CLI's --json output, the report writers and the
// page's window.keygrader.query() all include this header instead of rapidjson's, so the
// same rapidjson configuration holds in every file and the small "key + string" helpers
// exist once. It pulls in no cereal (which configures rapidjson assertions to throw): the
// page's UI files are built without exceptions and must still be able to include it.
// Files that also *read* JSON include base/json_read.h (cereal + rapidjson's DOM), which
// includes this one.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

// The same defaults cereal's JSON archive sets, so both readings of a rapidjson template
// agree in every translation unit.
#ifndef RAPIDJSON_WRITE_DEFAULT_FLAGS
#define RAPIDJSON_WRITE_DEFAULT_FLAGS kWriteNanAndInfFlag
#endif
#ifndef RAPIDJSON_PARSE_DEFAULT_FLAGS
#define RAPIDJSON_PARSE_DEFAULT_FLAGS kParseFullPrecisionFlag | kParseNanAndInfFlag
#endif
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace kg::json {

using Buffer = rapidjson::StringBuffer;
using Writer = rapidjson::Writer<Buffer>;              // compact: reports, query()
using PrettyWriter = rapidjson::PrettyWriter<Buffer>;  // indented: the CLI's --json

// The helpers are templates on the writer because PrettyWriter hides (does not override)
// Writer's methods: through a Writer& its output would lose its indentation.

template <class W>
void string(W& w, std::string_view s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// put(w, key, value): a string, or a score/rate (double). Integers go through put_int, so a
// count is never written as 3.0.
template <class W>
void put(W& w, const char* key, std::string_view s) {
    w.Key(key);
    string(w, s);
}

template <class W>
void put_int(W& w, const char* key, int64_t v) {
    w.Key(key);
    w.Int64(v);
}

// A non-negative count or index where -1 means "not stated": null then.
template <class W>
void put_optional_int(W& w, const char* key, int64_t v) {
    w.Key(key);
    if (v < 0) w.Null();
    else w.Int64(v);
}

// A score or rate; float noise around zero (1e-17) and -0 are written as 0.
template <class W>
void number(W& w, double v) {
    w.Double(std::fabs(v) < 1e-12 ? 0.0 : v);
}

template <class W>
void put(W& w, const char* key, double v) {
    w.Key(key);
    number(w, v);
}

// A number as a printf format rounds it ("%.1f", "%.3g"): the page's diagnostics keep sizes
// and timings to a few digits. Written as the value that text reads back as.
template <class W>
void number_printed(W& w, double v, const char* format) {
    char text[64];
    std::snprintf(text, sizeof text, format, v);
    w.Double(std::strtod(text, nullptr));
}

template <class W>
void put_printed(W& w, const char* key, double v, const char* format) {
    w.Key(key);
    number_printed(w, v, format);
}

template <class W>
void put_bool(W& w, const char* key, bool v) {
    w.Key(key);
    w.Bool(v);
}

template <class W>
void put_strings(W& w, const char* key, const std::vector<std::string>& items) {
    w.Key(key);
    w.StartArray();
    for (const std::string& s : items) string(w, s);
    w.EndArray();
}

// A JSON string literal with its quotes, for the few places that assemble JSON by hand.
inline std::string quoted(std::string_view s) {
    Buffer buffer;
    Writer w(buffer);
    string(w, s);
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace kg::json
