// Output of `keygrader agree`: the parsed judge report with its arithmetic audit, and the
// agreement with the human when a workspace is given. JSON for machines, text for people.
#pragma once
#include <string>
#include "judge/judge_audit.h"

namespace kg::cli {

struct AgreeResult {
    std::string judge_file;
    const JudgeReport* report = nullptr;
    const JudgeComparison* comparison = nullptr;   // null without --workspace
};

std::string agree_json(const AgreeResult& r);
std::string agree_text(const AgreeResult& r);

}  // namespace kg::cli
