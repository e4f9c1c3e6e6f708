// Headings that are the structure of a review, not findings: tier and severity labels
// ("TIER 1: CRITICAL ISSUES", "## 重大な問題"), chapter names (Summary, Recommendations,
// 総評 ...) and on-call roles ("Incident Commander", "SRE on-call"). A review parser may
// still take one for a finding (a tier heading with prose under it and no sub-headings);
// the suggestion engine never offers such a "finding" as a bonus candidate.
#pragma once
#include <string_view>

namespace kg {

bool is_structural_title(std::string_view title);

}  // namespace kg
