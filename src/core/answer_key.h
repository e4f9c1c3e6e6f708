// Parses the answer-key Markdown family described in DESIGN.md (English and Japanese,
// heading and table layouts) into an AnswerKey. Tolerant: it keeps what it understands and
// reports what it does not as warnings with line numbers.
#pragma once
#include <string>
#include <string_view>
#include "markdown.h"
#include "model.h"

namespace kg {

struct KeyParseResult {
    bool is_key = false;   // false: unreadable or not an answer key (see error)
    std::string error;     // one clear line when !is_key, e.g. "line 3: invalid UTF-8"
    AnswerKey key;
};

// Raw file bytes in; checks the input (binary, UTF-8, empty), normalizes, parses.
KeyParseResult parse_answer_key(std::string_view bytes);
// Same, from an already parsed document.
KeyParseResult parse_answer_key(const MarkdownDocument& doc);

// Quick content sniffing used to tell keys from reviews when files are dropped in.
bool looks_like_answer_key(std::string_view text);

}  // namespace kg
