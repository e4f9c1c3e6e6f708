// Fuzz target: the answer-key parser must accept any bytes without crashing or hanging.
#include <cstdint>
#include <string_view>
#include "key/answer_key.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const kg::KeyParseResult result = kg::parse_answer_key(bytes);
    // Touch the result so the parse cannot be optimized away.
    volatile size_t n = result.key.problems.size() + result.key.bonus.size();
    (void)n;
    (void)kg::looks_like_answer_key(bytes);
    return 0;
}
