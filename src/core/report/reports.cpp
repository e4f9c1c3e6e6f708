// The one-line summaries and the CSV of all verdicts (the Markdown report is in
// reports_markdown.cpp, the JSON in reports_json.cpp).
#include "report/reports.h"

#include "report/internal/reports_util.h"

namespace kg {

std::string summary_lines(const WorkspaceScores& scores) {
    std::string out;
    for (size_t k = 0; k < scores.keys.size(); ++k) {
        if (k > 0) out += "\n";   // a blank line between keys
        for (const PromptStats& st : scores.keys[k].prompts) {
            out += reports_util::summary_for(scores.keys[k], st);
        }
    }
    return out;
}

std::string verdicts_csv(const Workspace& ws, const WorkspaceScores& scores) {
    using reports_util::csv_field;
    // RFC 4180: CRLF after every record, the header included.
    std::string out = "key,review,prompt,run,problem_id,verdict,score,note\r\n";
    for (const KeyScores& ks : scores.keys) {
        for (const ReviewScore& rs : ks.reviews) {
            const ReviewFile& r = ws.reviews[static_cast<size_t>(rs.review_index)];
            for (size_t i = 0; i < ks.key.problems.size(); ++i) {
                const Problem& p = ks.key.problems[i];
                const ProblemGrade* g = ws.find_grade(r, p.id);
                out += csv_field(ks.key_name) + "," + csv_field(r.name) + "," +
                       csv_field(rs.prompt) + "," + std::to_string(rs.run) + "," +
                       csv_field(p.id) + "," + verdict_name(rs.verdicts[i]) + "," +
                       format_score(verdict_score(rs.verdicts[i])) + "," +
                       csv_field(g ? g->note : "") + "\r\n";
            }
        }
    }
    return out;
}

}  // namespace kg
