// Fuzz target: reading an LLM judge's scoring report and auditing its arithmetic must accept
// any bytes without crashing or hanging, and keep the documented shape of its result.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include "judge/judge_report.h"

namespace {

// A key like the shipped one (P01..P09) plus table-layout ids (S1, D1, L1), so reports
// written for either layout find ids to match.
const kg::AnswerKey& fuzz_key() {
    static const kg::AnswerKey key = [] {
        kg::AnswerKey k;
        k.title = "Answer Key - Round 008";
        k.round = 8;
        for (int i = 1; i <= 9; ++i) {
            kg::Problem p;
            p.id = "P0" + std::to_string(i);
            p.title = "Problem " + std::to_string(i);
            p.line = 10 * i;
            k.problems.push_back(p);
        }
        for (const char* id : {"S1", "D1", "L1"}) {
            kg::Problem p;
            p.id = id;
            k.problems.push_back(p);
        }
        k.declared_problems = static_cast<int>(k.problems.size());
        return k;
    }();
    return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const kg::AnswerKey& key = fuzz_key();
    const kg::JudgeParseResult result = kg::parse_judge_report(bytes, key);
    if (!result.ok) {
        if (result.error.empty()) __builtin_trap();   // a refusal always says why
        return 0;
    }
    for (const kg::JudgeRun& run : result.report.runs) {
        // "in key order, one per key problem"
        if (run.problems.size() != key.problems.size()) __builtin_trap();
        for (size_t i = 0; i < run.problems.size(); ++i) {
            if (run.problems[i].problem_id != key.problems[i].id) __builtin_trap();
        }
        const kg::JudgeRunAudit audit = kg::audit_run(run);
        if (!std::isfinite(audit.recomputed.total)) __builtin_trap();
        if (audit.recomputed.bonus_counted > kg::kBonusCap) __builtin_trap();
    }
    for (const kg::JudgePromptAudit& p : kg::audit_prompts(result.report)) {
        if (!std::isfinite(p.recomputed.mean) || !std::isfinite(p.recomputed.sd) ||
            p.recomputed.sd < 0) {
            __builtin_trap();
        }
    }
    return 0;
}
