// What file names and titles say: the prompt and run of a review, the round of a key.
#include "base/internal/parse_util.h"
#include "review/review.h"
#include "base/text.h"

namespace kg {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_separator(char c) { return c == '-' || c == '_' || c == '.' || c == ' '; }

}  // namespace

PromptRun prompt_run_from_file_name(std::string_view file_name) {
    // Base name without folders (either slash) and without its extension.
    const size_t slash = file_name.find_last_of("/\\");
    if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
    const size_t dot = file_name.find_last_of('.');
    if (dot != std::string_view::npos && dot > 0) file_name = file_name.substr(0, dot);

    PromptRun out;
    out.prompt = std::string(file_name);
    // The last "run<digits>" that starts the name or follows a separator:
    // "v008-variant-redteam-run2", "v008_baseline_Run1", "v008-baseline-run1-review".
    const std::string lower = to_lower_ascii(file_name);
    size_t at = lower.rfind("run");
    while (at != std::string::npos) {
        const bool boundary = at == 0 || is_separator(lower[at - 1]);
        size_t k = at + 3;
        if (k < lower.size() && (lower[k] == '-' || lower[k] == '_')) ++k;   // "run-2", "run_2"
        const size_t digits = k;
        while (k < lower.size() && is_digit(lower[k])) ++k;
        const bool ends_word = k == lower.size() || !((lower[k] >= 'a' && lower[k] <= 'z') || is_digit(lower[k]));
        if (boundary && k > digits && k - digits <= 6 && ends_word) {
            out.run = static_cast<int>(parse::first_integer(lower.substr(digits, k - digits)));
            size_t end = at;
            while (end > 0 && is_separator(file_name[end - 1])) --end;
            if (end > 0) out.prompt = std::string(file_name.substr(0, end));
            return out;
        }
        if (at == 0) break;
        at = lower.rfind("run", at - 1);
    }
    return out;
}

int round_from_text(std::string_view text) {
    const std::string lower = to_lower_ascii(text);
    for (const std::string_view word : {std::string_view("round"), std::string_view("\xE3\x83\xA9\xE3\x82\xA6\xE3\x83\xB3\xE3\x83\x89")}) {
        size_t at = lower.find(word);
        while (at != std::string::npos) {
            size_t k = at + word.size();
            // "Round 008", "round-008", "Round_3", "Round: 3", "round #3", "ラウンド３"
            for (;;) {
                if (k < lower.size() && (lower[k] == ' ' || lower[k] == '-' || lower[k] == '_' ||
                                         lower[k] == ':' || lower[k] == '#')) {
                    ++k;
                } else if (const size_t w = parse::match_any(lower, k, {"\xEF\xBC\x9A", "\xE3\x80\x80"})) {
                    k += w;   // '：' or an ideographic space
                } else {
                    break;
                }
            }
            const std::string_view rest = std::string_view(lower).substr(k);
            // The number must start right there (no words in between); full-width digits too.
            const bool digit_here = !rest.empty() && (is_digit(rest[0]) ||
                (rest.size() >= 3 && rest.compare(0, 2, "\xEF\xBC") == 0 &&
                 static_cast<unsigned char>(rest[2]) >= 0x90 && static_cast<unsigned char>(rest[2]) <= 0x99));
            const long n = digit_here ? parse::first_integer(rest) : -1;
            if (n >= 0 && n <= 1000000) return static_cast<int>(n);
            at = lower.find(word, at + 1);
        }
    }
    return -1;
}

}  // namespace kg
