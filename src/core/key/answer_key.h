// Parses the answer-key Markdown family described in docs/domain.md (English and Japanese,
// heading and table layouts) into an AnswerKey. Tolerant: it keeps what it understands and
// reports what it does not as warnings with line numbers.
#pragma once
#include <string>
#include <string_view>
#include "markdown/markdown.h"
#include "model/model.h"

namespace kg {

// A text is a key when it has problems plus some key evidence (a key title, criteria,
// an "Embedded ..."/"埋め込み" or bonus section, or stated conditions), or a key title
// alone (then with a "no problems found" warning). Reviews with "### C1." headings are not.
// Repeated problem ids are kept as "P02#2" with a warning; a summary-table row and a
// heading with the same id are merged into one problem.
struct KeyParseResult {
    bool is_key = false;   // false: unreadable or not an answer key (see error)
    std::string error;     // one clear line when !is_key: "line 3: invalid UTF-8",
                           // "empty file", "not an answer key (no problems found)"
    AnswerKey key;
};

// Raw file bytes in; checks the input (binary, UTF-8, empty), normalizes, parses.
KeyParseResult parse_answer_key(std::string_view bytes);
// Same, from an already parsed document.
KeyParseResult parse_answer_key(const MarkdownDocument& doc);

// Quick content sniffing used to tell keys from reviews when files are dropped in.
bool looks_like_answer_key(std::string_view text);

}  // namespace kg
