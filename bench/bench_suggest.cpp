// bench_suggest [--key KEY.md] [--iterations N] [--only parse|suggest] [REVIEW.md...]
// Cost of suggestions for all problems of a ~30 KB review, relative to the md4c parse of
// the same review (issue 4: at most 3x). Both are timed in this one run; the ratio is what
// counts (absolute times on shared machines are noise).
//   parse    = kg::parse_markdown(text)
//   suggest  = SuggestionEngine::suggest(text): parse_markdown + parse_review
//              + indexing + scoring of every problem + evidence + unmatched findings.
//              The key is compiled once, as the CLI and the page do for a folder of reviews;
//              "suggest+key" also rebuilds the key index every iteration.
// Without review arguments, the round-008 sample reviews are concatenated to >= 30 KB.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "key/answer_key.h"
#include "markdown/markdown.h"
#include "suggest/suggest.h"
#include "base/text.h"

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench_suggest: cannot open %s\n", path.c_str());
        std::exit(2);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

using Clock = std::chrono::steady_clock;

// Best (minimum) time per iteration over several rounds: the least disturbed measurement.
template <class F>
double best_seconds(F&& f, int iterations) {
    const auto start = Clock::now();
    for (int i = 0; i < iterations; ++i) f();
    return std::chrono::duration<double>(Clock::now() - start).count() / iterations;
}

volatile size_t g_sink = 0;   // keeps results alive so nothing is optimized away

}  // namespace

int main(int argc, char** argv) {
    std::string key_path = std::string(KG_SOURCE_DIR) + "/keys/answer-key-round-008.md";
    int iterations = 200;
    std::string only;   // "parse" or "suggest": run just that side (for callgrind counts)
    std::vector<std::string> reviews;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--key" && i + 1 < argc) key_path = argv[++i];
        else if (a == "--iterations" && i + 1 < argc) iterations = std::max(1, std::atoi(argv[++i]));
        else if (a == "--only" && i + 1 < argc) only = argv[++i];
        else reviews.push_back(a);
    }
    if (reviews.empty()) {
        for (const char* name : {"v008-baseline-run1.md", "v008-baseline-run2.md",
                                 "v008-variant-redteam-run1.md", "v008-variant-redteam-run2.md"})
            reviews.push_back(std::string(KG_SOURCE_DIR) + "/assets/reviews/" + name);
    }
    std::string raw;
    for (const auto& r : reviews) {
        if (raw.size() >= 30 * 1024) break;
        raw += read(r);
        raw += "\n";
    }
    // About 30 KB: cut at the first line end past 30 KiB.
    const size_t cut = raw.find('\n', 30 * 1024);
    if (cut != std::string::npos) raw.resize(cut + 1);
    const kg::KeyParseResult key = kg::parse_answer_key(read(key_path));
    if (!key.is_key) {
        std::fprintf(stderr, "bench_suggest: %s: %s\n", key_path.c_str(), key.error.c_str());
        return 2;
    }
    const std::string text = kg::normalize_text(raw);
    const kg::SuggestionEngine engine(key.key);

    auto parse_once = [&] { g_sink = g_sink + kg::parse_markdown(text).blocks.size(); };
    auto suggest_once = [&] { g_sink = g_sink + engine.suggest(std::string_view(text)).problems.size(); };
    auto suggest_key_once = [&] {
        const kg::SuggestionEngine fresh(key.key);
        g_sink = g_sink + fresh.suggest(std::string_view(text)).problems.size();
    };

    // --only: one warm-up call then N calls of one side, nothing else, so an instruction
    // counter (valgrind --tool=callgrind) sees exactly N+1 calls of it.
    if (only == "parse" || only == "suggest") {
        for (int i = 0; i <= iterations; ++i) {
            if (only == "parse") parse_once();
            else suggest_once();
        }
        std::printf("review: %zu bytes, %d+1 calls of %s\n", raw.size(), iterations, only.c_str());
        return 0;
    }

    // Warm up, then interleave rounds so both sides see the same machine conditions.
    parse_once();
    suggest_once();
    double parse_best = 1e9, suggest_best = 1e9, suggest_key_best = 1e9;
    const int rounds = 5;
    const int per_round = std::max(1, iterations / rounds);
    for (int r = 0; r < rounds; ++r) {
        parse_best = std::min(parse_best, best_seconds(parse_once, per_round));
        suggest_best = std::min(suggest_best, best_seconds(suggest_once, per_round));
        suggest_key_best = std::min(suggest_key_best, best_seconds(suggest_key_once, per_round));
    }
    std::printf("review: %zu bytes, %zu problems, %d iterations\n", raw.size(),
                key.key.problems.size(), per_round * rounds);
    std::printf("parse_markdown:   %9.1f us\n", parse_best * 1e6);
    std::printf("suggest:          %9.1f us\n", suggest_best * 1e6);
    std::printf("suggest+key:      %9.1f us\n", suggest_key_best * 1e6);
    std::printf("ratio suggest/parse:     %.2fx (target <= 3x)\n", suggest_best / parse_best);
    std::printf("ratio suggest+key/parse: %.2fx\n", suggest_key_best / parse_best);
    return 0;
}
