// Benchmark: saving and loading a workspace (kg::save_workspace_json / load_workspace_json)
// with 1, 10, 100 and 1000 graded reviews. The claim under test (issue 6, item 5) is that
// both grow linearly with the number of reviews, so the per-review cost must stay flat.
//
//   bench_workspace [REPO_ROOT] [--max N]      timed table, median of several repetitions
//   bench_workspace [REPO_ROOT] --one N         one save and one load of N reviews, for
//                                              instruction counts under callgrind, e.g.
//     valgrind --tool=callgrind --toggle-collect='kg::save_workspace_json*'
//              bench_workspace . --one 100      (scripts/bench.sh does this for each N)
//
// Each review is a real sample review (assets/reviews/*.md, cycled, made unique by a
// trailing line) fully graded against the shipped key: one verdict, a note and an evidence
// quote per problem, plus bonus and penalty items, as a grader would leave it. Times are the
// median of several repetitions; machines are noisy, so read the ratios, not the seconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "key/answer_key.h"
#include "base/text.h"
#include "persist/workspace_io.h"

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// A workspace holding `n` graded reviews of the shipped key.
kg::Workspace make_workspace(int n, const std::string& key_name, const std::string& key_text,
                             const kg::AnswerKey& key, const std::vector<std::string>& samples) {
    kg::Workspace ws;
    ws.keys.push_back({key_name, key_text});
    const kg::Verdict cycle[] = {kg::Verdict::Detected, kg::Verdict::Partial, kg::Verdict::Missed};
    for (int i = 0; i < n; ++i) {
        kg::ReviewFile r;
        r.prompt = "v008-prompt-" + std::to_string(i / 2);
        r.run = i % 2 + 1;
        r.name = r.prompt + "-run" + std::to_string(r.run) + ".md";
        r.text = samples[i % samples.size()] + "\n<!-- copy " + std::to_string(i) + " -->\n";
        r.hash = kg::content_hash(r.text);
        r.key_name = key_name;
        const std::vector<std::string> lines = kg::split_lines(r.text);
        int p = 0;
        for (const kg::Problem& problem : key.problems) {
            kg::ProblemGrade g;
            g.problem_id = problem.id;
            g.verdict = cycle[(i + p) % 3];
            g.note = "Finding " + std::to_string(p + 1) + " names the failure mode and its fix.";
            const int line = 1 + (p * 7) % static_cast<int>(lines.size());
            g.evidence.push_back({line, line, lines[line - 1]});
            g.review_hash = r.hash;
            g.suggestion.verdict = g.verdict;
            g.suggestion.confidence = 0.75;
            r.grades.push_back(std::move(g));
            ++p;
        }
        r.bonus.push_back({"Retry storm on reconnect, not in the key", "B01", 12, 14});
        r.bonus.push_back({"Missing idempotency key on the payment call", "", 30, 31});
        r.penalties.push_back({"Claims TLS is absent; section 4 states it", "", 40, 40});
        ws.reviews.push_back(std::move(r));
    }
    ws.selection.review = 0;
    ws.selection.problem = 0;
    return ws;
}

template <class F>
double median_ms(int reps, F&& f) {
    std::vector<double> t;
    for (int i = 0; i < reps; ++i) {
        const double a = now_ms();
        f();
        t.push_back(now_ms() - a);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    fs::path root = ".";
    int max_n = 1000;
    int one_n = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--max" && i + 1 < argc) {
            max_n = std::atoi(argv[++i]);
        } else if (a == "--one" && i + 1 < argc) {
            one_n = std::atoi(argv[++i]);
        } else {
            root = a;
        }
    }
    const fs::path key_path = root / "keys" / "answer-key-round-008.md";
    const std::string key_bytes = read_file(key_path);
    const kg::KeyParseResult parsed = kg::parse_answer_key(key_bytes);
    if (!parsed.is_key || parsed.key.problems.empty()) {
        std::fprintf(stderr, "bench_workspace: %s: cannot parse the shipped key (%s)\n",
                     key_path.string().c_str(), parsed.error.c_str());
        return 2;
    }
    std::vector<std::string> samples;
    for (const auto& e : fs::directory_iterator(root / "assets" / "reviews")) {
        const std::string name = e.path().filename().string();
        if (name.rfind("v0", 0) == 0 && e.path().extension() == ".md") {
            samples.push_back(kg::normalize_text(read_file(e.path())));
        }
    }
    if (samples.empty()) {
        std::fprintf(stderr, "bench_workspace: no sample reviews in %s\n",
                     (root / "assets" / "reviews").string().c_str());
        return 2;
    }
    std::sort(samples.begin(), samples.end());

    if (one_n > 0) {
        const kg::Workspace ws = make_workspace(one_n, "answer-key-round-008.md",
                                                kg::normalize_text(key_bytes), parsed.key, samples);
        const std::string json = kg::save_workspace_json(ws);
        const kg::WorkspaceLoadResult r = kg::load_workspace_json(json);
        std::printf("%d reviews: %zu JSON bytes, loaded %s\n", one_n, json.size(),
                    r.ok ? "ok" : r.error.c_str());
        return r.ok ? 0 : 1;
    }

    std::printf("workspace save/load, %zu-problem key, %zu sample reviews cycled\n",
                parsed.key.problems.size(), samples.size());
    std::printf("%7s %12s %10s %10s %14s %14s\n", "reviews", "json bytes", "save ms", "load ms",
                "save us/review", "load us/review");
    double first_save = 0, first_load = 0, last_save = 0, last_load = 0;
    int first_n = 0, last_n = 0;
    for (int n : {1, 10, 100, 1000}) {
        if (n > max_n) break;
        const kg::Workspace ws = make_workspace(n, "answer-key-round-008.md",
                                                kg::normalize_text(key_bytes), parsed.key, samples);
        std::string json;
        const int reps = n >= 1000 ? 5 : n >= 100 ? 11 : 51;
        const double save = median_ms(reps, [&] { json = kg::save_workspace_json(ws); });
        bool ok = true;
        const double load = median_ms(reps, [&] {
            const kg::WorkspaceLoadResult r = kg::load_workspace_json(json);
            ok = ok && r.ok && r.workspace.reviews.size() == ws.reviews.size();
        });
        if (!ok) {
            std::fprintf(stderr, "bench_workspace: the saved workspace (%d reviews) did not load\n",
                         n);
            return 1;
        }
        std::printf("%7d %12zu %10.3f %10.3f %14.1f %14.1f\n", n, json.size(), save, load,
                    1000.0 * save / n, 1000.0 * load / n);
        if (first_n == 0 || n == 10) {   // compare per-review cost from 10 up (1 is all overhead)
            first_n = n;
            first_save = save;
            first_load = load;
        }
        last_n = n;
        last_save = save;
        last_load = load;
    }
    if (last_n > first_n) {
        const double growth = static_cast<double>(last_n) / first_n;
        std::printf("growth %d -> %d reviews (x%.0f): save x%.1f, load x%.1f "
                    "(linear = x%.0f; per-review cost ratio save %.2f, load %.2f)\n",
                    first_n, last_n, growth, last_save / first_save, last_load / first_load, growth,
                    (last_save / first_save) / growth, (last_load / first_load) / growth);
    }
    return 0;
}
