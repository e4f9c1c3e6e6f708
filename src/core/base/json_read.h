// For code that READS JSON (workspaces, the dev-set labels): cereal's JSON archive and
// rapidjson's DOM, configured once. cereal configures rapidjson (assertions throw, NaN
// parsing) through macros defined before rapidjson is included; every translation unit must
// see the same settings, or the linker mixes two instantiations of the same templates.
// Needs exceptions (cereal throws). Writing only? Include base/json_write.h.
#pragma once
#include <istream>
#include <streambuf>

// cereal's JSON archive throws cereal::RapidJSONException when a rapidjson assertion fails
// (its own RAPIDJSON_ASSERT, defined unless one is). The same is set up here, before any
// rapidjson header, so that the stream wrapper below can be declared ahead of cereal.
#ifndef RAPIDJSON_ASSERT_THROWS
#define RAPIDJSON_ASSERT_THROWS
#endif
#ifndef RAPIDJSON_ASSERT
namespace kg::json {
[[noreturn]] void rapidjson_assertion_failed(const char* what);   // throws cereal::RapidJSONException
}
#define RAPIDJSON_ASSERT(x) \
    if (!(x)) { ::kg::json::rapidjson_assertion_failed("rapidjson internal assertion failure: " #x); }
#endif
#include "base/json_write.h"   // the parse and write flags cereal sets
#include <rapidjson/istreamwrapper.h>

namespace rapidjson {

// cereal's JSONInputArchive reads its text through IStreamWrapper, which in rapidjson 1.1.0
// (Debian's) calls std::istream::peek() and get() for every character: a sentry each time,
// two thirds of a workspace load. This specialization, seen before cereal uses the wrapper,
// reads the stream's buffer directly: the same characters in the same order.
template <>
class BasicIStreamWrapper<std::istream> {
public:
    typedef char Ch;
    static constexpr bool kReadsBufferDirectly = true;   // tests check that this one is in use
    explicit BasicIStreamWrapper(std::istream& stream) : buf_(stream.rdbuf()) {}
    BasicIStreamWrapper(const BasicIStreamWrapper&) = delete;
    BasicIStreamWrapper& operator=(const BasicIStreamWrapper&) = delete;

    Ch Peek() const {
        const int c = buf_ ? buf_->sgetc() : std::char_traits<char>::eof();
        return c != std::char_traits<char>::eof() ? static_cast<Ch>(c) : '\0';
    }
    Ch Take() {
        const int c = buf_ ? buf_->sbumpc() : std::char_traits<char>::eof();
        if (c == std::char_traits<char>::eof()) return '\0';
        ++count_;
        return static_cast<Ch>(c);
    }
    size_t Tell() const { return count_; }

    // Writing, and the encoding sniffing of AutoUTFInputStream, are never asked of it.
    Ch* PutBegin() { RAPIDJSON_ASSERT(false); return 0; }
    void Put(Ch) { RAPIDJSON_ASSERT(false); }
    void Flush() { RAPIDJSON_ASSERT(false); }
    size_t PutEnd(Ch*) { RAPIDJSON_ASSERT(false); return 0; }
    const Ch* Peek4() const { RAPIDJSON_ASSERT(false); return 0; }

private:
    std::streambuf* buf_;
    size_t count_ = 0;
};

}  // namespace rapidjson

#include <cereal/archives/json.hpp>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <string_view>

namespace kg::json {

// rapidjson's full-precision number reader (cereal's, and the precision a suggestion's
// confidence needs to round-trip exactly) has undefined behaviour on a zero with a large
// exponent ("-0e51"). Call this before any full-precision parse of untrusted text: the
// offset of the first such number, or npos (also when the text is not JSON at all).
size_t find_zero_with_exponent(std::string_view json);

}  // namespace kg::json
