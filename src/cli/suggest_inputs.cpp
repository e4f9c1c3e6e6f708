// See suggest_inputs.h.
#include "suggest_inputs.h"

#include "key/answer_key.h"
#include "command.h"
#include "input_file.h"
#include "review/review.h"
#include "base/limits.h"
#include "base/text.h"

namespace kg::cli {

bool load_key_file(const std::string& path, AnswerKey& key, std::string& error) {
    std::string bytes;
    if (!read_input_file(path, bytes, error)) return false;
    KeyParseResult parsed = parse_answer_key(bytes);
    // The key parser is tolerant (it finds "problems" in many documents); a key must also
    // look like one, so that a review passed as --key is refused instead of graded against.
    if (parsed.is_key && !looks_like_answer_key(normalize_text(bytes))) {
        error = path + ": not an answer key (no answer-key title or problem/bonus section)";
        return false;
    }
    if (!parsed.is_key) {
        error = path + ": " + (parsed.error.empty() ? "not an answer key" : parsed.error);
        return false;
    }
    if (parsed.key.problems.empty()) {
        error = path + ": no problems found in the answer key";
        return false;
    }
    key = std::move(parsed.key);
    return true;
}

bool load_review_file(const std::string& path, LoadedReview& out, std::string& error,
                      size_t key_problems) {
    std::string bytes;
    if (!read_input_file(path, bytes, error)) return false;
    std::string refused;
    if (key_problems > 0 && !limits::suggest_work_allowed(key_problems, bytes.size(), refused)) {
        error = path + ": " + refused;
        return false;
    }
    const InputCheck check = check_text_input(bytes);
    if (!check.ok) {
        error = path + ": " + check.error;
        return false;
    }
    out.text = normalize_text(bytes);
    if (looks_like_answer_key(out.text)) {
        error = path + ": this is an answer key, not a review";
        return false;
    }
    out.doc = parse_markdown(out.text);
    out.review = parse_review(out.doc);
    return true;
}

}  // namespace kg::cli
