// Reading the files `suggest` and `eval-suggest` work on, with one clear error line that
// names the file when it is unreadable, binary, not UTF-8, or the wrong kind of document.
#pragma once
#include <string>
#include "markdown/markdown.h"
#include "model/model.h"

namespace kg::cli {

// A key file parsed into an AnswerKey with at least one problem.
bool load_key_file(const std::string& path, AnswerKey& key, std::string& error);

struct LoadedReview {
    std::string text;          // normalized
    MarkdownDocument doc;
    Review review;
};
// A review file: checked, normalized and parsed (Markdown + findings). With key_problems > 0
// it is first held against the suggestion work bound (base/limits.h: problems x review bytes)
// and refused with the reason before any parsing.
bool load_review_file(const std::string& path, LoadedReview& out, std::string& error,
                      size_t key_problems = 0);

}  // namespace kg::cli
