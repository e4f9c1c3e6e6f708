// See limits.h. Only the messages live here: the numbers are constants in the header so
// every caller (and the tests) see the same ones.
#include "base/limits.h"

#include <cstdio>

namespace kg::limits {

std::string size_text(uint64_t bytes) {
    const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
    char buf[32];
    if (mb < 1.0) std::snprintf(buf, sizeof buf, "%.1f MB", mb);
    else std::snprintf(buf, sizeof buf, "%.0f MB", mb);
    return buf;
}

std::string file_too_large(uint64_t bytes) {
    // Just past the cap the rounded size would read as the cap itself: give the bytes.
    const std::string actual = bytes <= kMaxFileBytes                        ? "more"
                               : size_text(bytes) != size_text(kMaxFileBytes) ? size_text(bytes)
                                                                              : std::to_string(bytes) + " bytes";
    return "over the " + size_text(kMaxFileBytes) + " limit for one file (" + actual + "): not loaded";
}

std::string run_too_large(uint64_t total_bytes) {
    return "over the " + size_text(kMaxRunBytes) + " limit for all files of one run (" +
           size_text(total_bytes) + " read so far): not loaded";
}

bool suggest_work_allowed(size_t problems, size_t review_bytes, std::string& reason) {
    if (problems > kMaxSuggestProblems) {
        reason = "suggestions refused: the key has " + std::to_string(problems) +
                 " problems, over the limit of " + std::to_string(kMaxSuggestProblems) +
                 " problems for suggestions (grade it by hand)";
        return false;
    }
    const double work = static_cast<double>(problems) * static_cast<double>(review_bytes);
    if (work <= kMaxSuggestWork) return true;
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "suggestions refused: %zu problems x %s of review is %.2g problem-bytes, over the "
                  "limit of %.0e (grade it by hand, or split the review)",
                  problems, size_text(review_bytes).c_str(), work, kMaxSuggestWork);
    reason = buf;
    return false;
}

std::string too_many_problems(size_t problems) {
    return std::to_string(problems) + " problems, over the limit of " +
           std::to_string(kMaxKeyProblems) + " problems per answer key";
}

}  // namespace kg::limits
