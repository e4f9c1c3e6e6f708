// Fuzz target: Markdown parsing and the review model on arbitrary (checked, normalized) input.
#include <cstdint>
#include <string_view>
#include "markdown/markdown.h"
#include "review/review.h"
#include "base/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (!kg::check_text_input(bytes).ok) return 0;
    const std::string text = kg::normalize_text(bytes);
    const kg::MarkdownDocument doc = kg::parse_markdown(text);
    const kg::Review review = kg::parse_review(doc);
    for (const auto& f : review.findings) {
        if (f.line_start < 1 || f.line_end < f.line_start) __builtin_trap();
    }
    return 0;
}
