// See json_read.h.
#include "base/json_read.h"

namespace kg::json {

void rapidjson_assertion_failed(const char* what) { throw ::cereal::RapidJSONException(what); }

namespace {

// rapidjson's full-precision number reader (which cereal uses, and which a suggestion's
// confidence needs to round-trip exactly) normalises a zero significand with clz(0), undefined
// behaviour, when a zero carries an exponent too large for its fast path ("-0e51"). Such a
// number is never written by KeyGrader; it is found in a first pass that reads numbers as
// text and refused before any full-precision parse sees it.
struct ZeroWithExponentFinder
    : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ZeroWithExponentFinder> {
    bool found = false;
    bool RawNumber(const char* s, rapidjson::SizeType length, bool) {
        bool nonzero = false, exponent = false;
        for (rapidjson::SizeType i = 0; i < length && !exponent; ++i) {
            if (s[i] >= '1' && s[i] <= '9') nonzero = true;
            if (s[i] == 'e' || s[i] == 'E') exponent = true;
        }
        found = exponent && !nonzero;
        return !found;   // stop at the first one
    }
    bool Default() { return true; }
};

}  // namespace

size_t find_zero_with_exponent(std::string_view json) {
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
