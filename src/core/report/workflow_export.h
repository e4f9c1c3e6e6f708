// The benchmark workflow's own files, written from the human's grading (issue 11): per prompt
// "<folder>/results/vNNN-<prompt>-scoring.md" in the shape the workflow's LLM judge writes (a
// matrix per run, bonus and penalty analysis, run totals, Mean / SD / stability, the summary
// lines), and per round "<folder>/reports/round-NNN-comparison.md" (the prompt comparison of
// that round and the perspective's trend up to it). Headings are Japanese when the key is.
// The page offers them as one zip per round or for everything; `keygrader export` writes them
// into a directory. A scoring file reads back through kg::parse_judge_report unchanged.
#pragma once
#include <string>
#include <vector>
#include "grading/comparison.h"
#include "grading/grading.h"
#include "model/workspace.h"

namespace kg {

enum class ReportLanguage { English, Japanese };

// Japanese when the key's own text (title, problem titles and descriptions) is mostly CJK.
ReportLanguage report_language(const AnswerKey& key);

struct ExportFile {
    std::string path;       // relative, '/'-separated: "reliability-design/results/v008-baseline-scoring.md"
    std::string text;
    std::string key_name;   // the key (round) it belongs to
};

// The scoring report of one prompt of one key (every review of the prompt linked to the key).
std::string scoring_markdown(const Workspace& ws, const KeyScores& ks, const std::string& prompt,
                             ReportLanguage lang);
// The comparison report of one round: its prompts and matrix, and the trend of its perspective
// up to this round.
std::string round_comparison_markdown(const Comparison& c, size_t round_index, ReportLanguage lang);

// Every file: per key with linked reviews, its prompts' scoring files and its round's
// comparison. key_name filters to one key (round); "" = all.
std::vector<ExportFile> workflow_files(const Workspace& ws, const WorkspaceScores& scores,
                                       const std::string& key_name = "");

}  // namespace kg
