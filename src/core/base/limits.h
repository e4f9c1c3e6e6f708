// The input limits of KeyGrader, in one place: the command line, the page and the session
// all refuse the same things for the same reasons (issue 14). Every number is far above any
// real key, review, judge report or workspace (a real review is 10-30 KB, a real key 5-20 KB
// with 5-30 problems, a year of graded rounds a few MB), so only hostile or mistaken input
// (a device, a log file, a generated monster) ever meets them. No I/O here: callers measure
// and ask; the environment overrides of the waits are read by the CLI (src/cli/input_file).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace kg::limits {

// One file (key, review, judge report, reference, workspace, labels): read whole into memory.
constexpr size_t kMaxFileBytes = size_t{64} * 1024 * 1024;          // 64 MiB
// Everything one `keygrader` run reads (a folder, many reviews): 128 MiB. Parsed, a text
// takes about five times its size (a 50 MB review: 270 MB), so this also bounds the memory.
constexpr size_t kMaxRunBytes = size_t{128} * 1024 * 1024;
// Problems in one answer key (real keys: 5-30). A 100,000-problem key (22 MB) parses in
// about 1.5 s; share links are tested with 60,000 (bench/README.md, "Share links").
constexpr size_t kMaxKeyProblems = 100000;
// Problems in a key the machine suggests for: the suggestion engine's index takes about 50 KB
// per problem (500 MB at 10,000), whatever the review.
constexpr size_t kMaxSuggestProblems = 10000;
// Suggestions cost about problems x review bytes (bench/README.md, "Input limits"): a bound
// on that product keeps one review's suggestions within seconds. 2e9 allows a 64 MiB review
// against a 29-problem key and a 10,000-problem key against a 200 KB review.
constexpr double kMaxSuggestWork = 2e9;
// Waiting for a FIFO (or any stream) to deliver: idle seconds without a byte, and in total.
// Overridable for the CLI by KG_INPUT_WAIT_SECONDS and KG_INPUT_TOTAL_SECONDS.
constexpr int kInputWaitSeconds = 10;
constexpr int kInputTotalSeconds = 300;

// "64 MB" style sizes for messages (MiB, rounded; "0.5 MB" below one).
std::string size_text(uint64_t bytes);

// The one message for a file over kMaxFileBytes, without the file's name:
// "over the 64 MB limit for one file (70 MB): not loaded".
std::string file_too_large(uint64_t bytes);

// The same for everything one run reads, over kMaxRunBytes.
std::string run_too_large(uint64_t total_bytes);

// Whether suggestions for a review of `review_bytes` against a key of `problems` problems
// stay within kMaxSuggestProblems and kMaxSuggestWork; false with the reason ("suggestions refused: 10000 problems x
// 50 MB review is over the limit of 2e9 problem-bytes ...") otherwise.
bool suggest_work_allowed(size_t problems, size_t review_bytes, std::string& reason);

// The message for a key with more than kMaxKeyProblems problems.
std::string too_many_problems(size_t problems);

}  // namespace kg::limits
