// Benchmark: opening a share link with N graded problem ids (issue 15, item 3: applying one
// was quadratic; N = 20,000 stalled the page for 10 s and 60,000 for over a minute). The claim
// under test: check + apply grows linearly, so the cost per id stays flat from N = 2,000 to
// 60,000. Also: a 13 KB link of 2,000 absurd evidence ranges costs no more than a plain one.
//
//   bench_share_link          timed table, median of 5 repetitions; read the ratios
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "base/text.h"
#include "persist/share_link.h"

namespace {

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

kg::Workspace graded(int n, int evidence_ranges) {
    std::string key = "# Answer Key - Round 001\n\n";
    for (int i = 1; i <= n; ++i) {
        key += "### P" + std::to_string(i) + ": problem " + std::to_string(i) + "\n- ○: found\n- ×: missed\n\n";
    }
    kg::Workspace ws;
    ws.keys.push_back({"k.md", kg::normalize_text(key)});
    kg::ReviewFile r;
    r.name = "v001-baseline-run1.md";
    for (int i = 0; i < 300; ++i) r.text += "Line " + std::to_string(i) + " of the review.\n";
    r.hash = kg::content_hash(r.text);
    r.prompt = "v001-baseline";
    r.run = 1;
    r.key_name = "k.md";
    for (int i = 1; i <= n; ++i) {
        kg::ProblemGrade g;
        g.problem_id = "P" + std::to_string(i);
        g.verdict = i % 3 ? kg::Verdict::Detected : kg::Verdict::Missed;
        r.grades.push_back(g);
    }
    for (int i = 0; i < evidence_ranges; ++i) r.grades[0].evidence.push_back({1, 100000 + i, ""});
    ws.reviews.push_back(r);
    return ws;
}

// Median time of: check the link against the workspace (what the page shows first), then apply.
double open_link_ms(const kg::Workspace& sender) {
    const std::string link = kg::encode_share_link(sender);
    std::vector<double> times;
    for (int rep = 0; rep < 5; ++rep) {
        kg::Workspace ws = sender;
        ws.reviews[0].grades.clear();
        const double t0 = now_ms();
        const kg::ShareApplyResult check = kg::check_share_link(link, ws);
        const kg::ShareApplyResult applied = kg::apply_share_link(link, ws);
        times.push_back(now_ms() - t0);
        if (!check.ok || applied.applied.size() != 1) std::fprintf(stderr, "link did not apply\n");
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main() {
    std::printf("| problem ids | link chars | open (check + apply) ms | µs per id | per-id ratio vs 2,000 |\n");
    std::printf("|--:|--:|--:|--:|--:|\n");
    double base = 0;
    for (int n : {2000, 20000, 60000}) {
        const kg::Workspace ws = graded(n, 0);
        const double ms = open_link_ms(ws);
        const double per_id = ms * 1000.0 / n;
        if (base == 0) base = per_id;
        std::printf("| %d | %zu | %.1f | %.2f | %.2f |\n", n, kg::encode_share_link(ws).size(), ms, per_id,
                    per_id / base);
    }
    const kg::Workspace plain = graded(9, 0), ranges = graded(9, 2000);
    const double plain_ms = open_link_ms(plain), ranges_ms = open_link_ms(ranges);
    std::printf("\n2,000 absurd evidence ranges: link %zu chars, open %.2f ms vs %.2f ms for the plain link (%.1fx)\n",
                kg::encode_share_link(ranges).size(), ranges_ms, plain_ms, ranges_ms / std::max(plain_ms, 1e-3));
    return 0;
}
