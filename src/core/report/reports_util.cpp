// Text helpers for the report writers.
#include "report/internal/reports_util.h"

#include "base/text.h"

namespace kg::reports_util {

std::string one_line(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string md_cell(std::string_view text) {
    std::string out;
    const std::string trimmed = trim(text);
    for (size_t i = 0; i < trimmed.size(); ++i) {
        const char c = trimmed[i];
        if (c == '|') {
            out += "\\|";
        } else if (c == '\r') {
            continue;
        } else if (c == '\n') {
            out += "<br>";
        } else {
            out += c;
        }
    }
    return out;
}

std::string csv_field(std::string_view text) {
    // Formula injection: a spreadsheet runs a text cell beginning with = + - @ (or a tab or
    // CR before one) as a formula. OWASP's remedy, which Excel, LibreOffice and Sheets all
    // show as the plain text: a leading apostrophe. Numbers never come through here.
    std::string cell;
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
        cell = "'";
    }
    cell.append(text.data(), text.size());
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

int run_label(const ReviewScore& rs, int position) { return rs.run > 0 ? rs.run : position; }

std::string summary_for(const KeyScores& ks, const PromptStats& st) {
    // Honest totals: Mean and SD over fully graded runs only, and said so when some are not.
    std::string line = st.prompt + ": Mean=" + (st.runs_graded ? format_score(st.mean) : "-") +
                       ", SD=" + (st.runs_graded ? format_score(st.sd) : "-") +
                       (st.complete() ? "" : " (" + std::to_string(st.runs_graded) + " of " +
                                                 std::to_string(st.runs_total) +
                                                 " runs fully graded)") +
                       "\n";
    int position = 0;
    bool first = true;
    for (const ReviewScore& rs : ks.reviews) {
        if (rs.prompt != st.prompt) continue;
        const RunScore& s = rs.score;
        if (!first) line += ", ";
        first = false;
        line += "Run" + std::to_string(run_label(rs, ++position)) + "=" + format_score(s.total) +
                "(detection " + format_score(s.detection) + "+bonus " +
                format_points(kBonusPoints * s.bonus_counted) + "-penalty " +
                format_points(kPenaltyPoints * s.penalty_items) + ")";
    }
    return line + "\n";
}

}  // namespace kg::reports_util
