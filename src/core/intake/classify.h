// What an incoming file is, decided once for every front end (the page, `keygrader scan`):
// by content first, by its path second. Paths are relative to what the user opened
// ("reliability-design/results/v008-baseline-run1.md"), so two folders' same-named files
// stay apart: the path is a file's identity in the workspace.
//
// Precedence (the first that holds):
//   1. not text (binary, invalid UTF-8, empty)          -> ignored, with the reason
//   2. JSON: a KeyGrader workspace                      -> workspace (other JSON: ignored)
//   3. content looks like an answer key                 -> key
//   4. the name says reference material (test-document, perspective, knowledge, scope,
//      design, spec, reference, 観点, 設計, 仕様) and carries no run number -> reference;
//      before the judge rule because knowledge logs hold verdict tables too
//   5. content is a judge scoring matrix (verdict symbols per problem, run markers or
//      totals), or the name says "-scoring" with some of that        -> judge report
//   6. content or name says comparison report ("round-008-comparison") -> comparison
//   7. content reads as a prompt ("You are …", instructions) or it sits in prompts/ -> prompt
//   8. the name carries a run number, or the content has findings     -> review
//   9. otherwise                                        -> ignored, with the reason
// The grader can change any file's kind afterwards (Session::set_kind).
#pragma once
#include <string>
#include <string_view>

namespace kg {

enum class FileKind { Auto, Key, Review, Judge, Comparison, Prompt, Reference, Workspace, Ignored };
// "auto" "key" "review" "judge" "comparison" "prompt" "reference" "workspace" "ignored"
const char* file_kind_name(FileKind k);
FileKind file_kind_from_name(std::string_view name);   // Auto when unknown

// Where a file sits. folder: its perspective folder, the directory of the path with a
// trailing results/ prompts/ reports/ removed ("reliability-design"; "" for a lone file).
struct FilePlace {
    std::string path;     // normalised: '/' separators, no "./", no empty parts
    std::string folder;
    std::string base;     // "v008-baseline-run1.md"
};
FilePlace place_of(std::string_view path);
// Normalises a path from the browser or the command line; "" when it is not acceptable
// (absolute, "..", NUL or control characters): the file then keeps only its base name.
std::string normalize_path(std::string_view path);

// What the file name and title say about the benchmark: round ("v008-", "round-008",
// "Round 008" in the title), prompt and run ("v008-variant-redteam-run2": prompt
// "v008-variant-redteam", run 2; a judge report "v008-baseline-scoring": prompt
// "v008-baseline", run 0). -1 / "" / 0 when absent.
struct BenchmarkName {
    int round = -1;
    std::string prompt;
    int run = 0;
};
BenchmarkName benchmark_name(std::string_view path, std::string_view text);

struct Classification {
    FileKind kind = FileKind::Ignored;
    std::string reason;   // why this kind, in a few words ("answer-key title", "run number in
                          // the name", "verdict matrix") or why nothing fits
};
Classification classify_file(std::string_view path, std::string_view bytes);

// The content tests behind classify_file, for callers that only need one.
bool looks_like_workspace_json(std::string_view text);
bool looks_like_judge_report(std::string_view text);

}  // namespace kg
