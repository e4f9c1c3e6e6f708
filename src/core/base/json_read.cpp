// See json_read.h.
#include "base/json_read.h"

#include <cstddef>
#include <cstring>

namespace kg::json {

void rapidjson_assertion_failed(const char* what) { throw ::cereal::RapidJSONException(what); }

namespace {

// A number's text has an exponent and no digit 1-9 before it: "-0e51", "0.000E+300".
bool zero_with_exponent(std::string_view number) {
    for (const char c : number) {
        if (c >= '1' && c <= '9') return false;
        if (c == 'e' || c == 'E') return true;
    }
    return false;
}

// rapidjson's full-precision number reader (which cereal uses, and which a suggestion's
// confidence needs to round-trip exactly) normalises a zero significand with clz(0), undefined
// behaviour, when a zero carries an exponent too large for its fast path ("-0e51"). Such a
// number is never written by KeyGrader; it is found in a first pass that reads numbers as
// text and refused before any full-precision parse sees it.
struct ZeroWithExponentFinder
    : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ZeroWithExponentFinder> {
    bool found = false;
    bool RawNumber(const char* s, rapidjson::SizeType length, bool) {
        found = zero_with_exponent(std::string_view(s, length));
        return !found;   // stop at the first one
    }
    bool Default() { return true; }
};

// A quick pass that can only say "there is none": true when some number-like run outside
// strings (starting with '-' or a digit, of - + . digits e E) has an exponent and no digit
// 1-9 before it. Up to rapidjson's first syntax error it agrees with rapidjson on what is inside a
// string (a quote is escaped exactly when an odd number of backslashes precedes it), and
// rapidjson reports nothing after that error, so "no candidate" means the finder would
// find nothing. Strings, most of a workspace, are skipped with memchr.
bool may_have_zero_with_exponent(std::string_view json) {
    const char* p = json.data();
    const char* const end = p + json.size();
    while (p < end) {
        const char c = *p;
        if (c == '"') {
            const char* q = p + 1;
            for (;;) {
                q = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
                if (!q) return false;   // an unclosed string: nothing after it is a number
                size_t backslashes = 0;
                while (q - backslashes > p + 1 && q[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\') ++backslashes;
                if (backslashes % 2 == 0) break;
                ++q;
            }
            p = q + 1;
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            const char* const run = p;
            while (p < end && (*p == '-' || *p == '+' || *p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9'))) ++p;
            if (zero_with_exponent(std::string_view(run, static_cast<size_t>(p - run)))) return true;
            continue;
        }
        ++p;
    }
    return false;
}

}  // namespace

size_t find_zero_with_exponent(std::string_view json) {
    if (!may_have_zero_with_exponent(json)) return std::string_view::npos;
    ZeroWithExponentFinder finder;
    rapidjson::Reader reader;
    rapidjson::MemoryStream stream(json.data(), json.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in(stream);
    constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                                rapidjson::kParseNumbersAsStringsFlag |
                                rapidjson::kParseNanAndInfFlag;
    reader.Parse<kFlags>(in, finder);
    return finder.found ? reader.GetErrorOffset() : std::string_view::npos;
}

}  // namespace kg::json
