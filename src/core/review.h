// Splits a review into findings with ids, severity tiers and line ranges.
#pragma once
#include <string>
#include <string_view>
#include "markdown.h"
#include "model.h"

namespace kg {

Review parse_review(const MarkdownDocument& doc);
Review parse_review(std::string_view normalized_text);

// "v008-variant-redteam-run2.md" -> prompt "v008-variant-redteam", run 2.
// Run is 0 when the name carries none; prompt is then the stem.
struct PromptRun {
    std::string prompt;
    int run = 0;
};
PromptRun prompt_run_from_file_name(std::string_view file_name);

// Round number from a key title or file name ("Round 008", "round-008", "Round 3"); -1 if none.
int round_from_text(std::string_view text);

}  // namespace kg
