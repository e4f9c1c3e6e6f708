// Small text helpers shared by the report writers (reports*.cpp).
#pragma once
#include <string>
#include <string_view>
#include "grading/grading.h"

namespace kg::reports_util {

// Newlines become spaces and runs of spaces collapse: for one-line list items.
std::string one_line(std::string_view text);
// A Markdown table cell: one line, '|' escaped, newlines as <br>.
std::string md_cell(std::string_view text);
// One CSV text field, quoted per RFC 4180 when it holds a comma, quote, CR or LF; a leading
// = + - @ tab or CR is neutralised with an apostrophe (no formula runs on opening).
std::string csv_field(std::string_view text);
// The run number printed as "Run1": the review's own, or its 1-based position among the
// prompt's reviews when the file name carried none.
int run_label(const ReviewScore& rs, int position);
// "v008-baseline: Mean=7.0, SD=0.0\nRun1=7.0(detection 7.0+bonus 0-penalty 0), Run2=...\n"
std::string summary_for(const KeyScores& ks, const PromptStats& st);

}  // namespace kg::reports_util
