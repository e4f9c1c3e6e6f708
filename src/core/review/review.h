// Splits a review into findings with ids, severity tiers and line ranges.
#pragma once
#include <string>
#include <string_view>
#include "markdown/markdown.h"
#include "model/model.h"

namespace kg {

// Findings are headings with ids ("#### C1.", "### S2:", "### [C-1]", "### 指摘1:"), headings
// without ids under an issues/severity section, and rows of finding tables; the exact
// rule is documented at the top of review.cpp. Finding::severity is canonical English:
// "Critical", "Significant", "Moderate" or "Minor" ("" when the review states none), read
// from a "Severity:"/"深刻度:" line in the finding, a bracketed tier in its heading, or the
// enclosing section ("Critical Issues", "重大な問題", "Minor", "軽微" ...).
Review parse_review(const MarkdownDocument& doc);
Review parse_review(std::string_view normalized_text);

// "v008-variant-redteam-run2.md" -> prompt "v008-variant-redteam", run 2.
// Also "_run2", "-Run2", "-run-2", "-run2-review.md" (the last "run<N>" after a separator).
// Run is 0 when the name carries none; prompt is then the stem.
struct PromptRun {
    std::string prompt;
    int run = 0;
};
PromptRun prompt_run_from_file_name(std::string_view file_name);

// Round number from a key title or file name ("Round 008", "round-008", "Round 3"); -1 if none.
int round_from_text(std::string_view text);

}  // namespace kg
