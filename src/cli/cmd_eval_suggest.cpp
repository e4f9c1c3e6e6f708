// `keygrader eval-suggest LABELS.json [--json] [--verbose]`: runs the suggestion engine on
// every labeled review and measures its agreement with the human labels: exact agreement,
// Cohen's kappa (○/△/×), linear-weighted kappa and the confusion matrix.
// LABELS.json: {"reviews":[{"review":PATH,"key":PATH,"lang":"en","labels":{"P01":"detected",...}}]}
// Paths are taken as given (relative to the working directory) or, failing that, relative
// to the labels file's folder.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "report/agreement_json.h"
#include "command.h"
#include "input_file.h"
#include "base/json_read.h"
#include "base/limits.h"
#include "grading/rubric.h"
#include "suggest/suggest.h"
#include "suggest_inputs.h"

namespace {

struct LabeledReview {
    std::string review;
    std::string key;
    std::string lang;
    std::vector<std::pair<std::string, kg::Verdict>> labels;   // in file order
};

std::string resolve(const std::string& path, const std::string& labels_path) {
    if (kg::cli::path_exists(path) || path.empty() || path[0] == '/') return path;
    const size_t slash = labels_path.find_last_of('/');
    if (slash == std::string::npos) return path;
    const std::string alt = labels_path.substr(0, slash + 1) + path;
    return kg::cli::path_exists(alt) ? alt : path;
}

bool read_labels(const std::string& path, std::vector<LabeledReview>& out, std::string& error) {
    std::string text;
    if (!kg::cli::read_input_file(path, text, error)) return false;
    if (const size_t bad = kg::json::find_zero_with_exponent(text); bad != std::string::npos) {
        error = path + ": a number this reader refuses (zero with an exponent) at byte " +
                std::to_string(bad);
        return false;
    }
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError()) {
        error = path + ": invalid JSON at byte " + std::to_string(doc.GetErrorOffset()) + ": " +
                rapidjson::GetParseError_En(doc.GetParseError());
        return false;
    }
    if (!doc.IsObject() || !doc.HasMember("reviews") || !doc["reviews"].IsArray()) {
        error = path + ": expected {\"reviews\": [...]}";
        return false;
    }
    int index = 0;
    for (const auto& r : doc["reviews"].GetArray()) {
        ++index;
        const std::string where = path + ": reviews[" + std::to_string(index - 1) + "]";
        if (!r.IsObject() || !r.HasMember("review") || !r["review"].IsString() ||
            !r.HasMember("key") || !r["key"].IsString() || !r.HasMember("labels") ||
            !r["labels"].IsObject()) {
            error = where + ": needs \"review\", \"key\" and \"labels\"";
            return false;
        }
        LabeledReview lr;
        lr.review = resolve(r["review"].GetString(), path);
        lr.key = resolve(r["key"].GetString(), path);
        if (r.HasMember("lang") && r["lang"].IsString()) lr.lang = r["lang"].GetString();
        for (const auto& m : r["labels"].GetObject()) {
            kg::Verdict v = kg::Verdict::Ungraded;
            if (!m.value.IsString() || !kg::parse_verdict(m.value.GetString(), v)) {
                error = where + ": label of " + m.name.GetString() + " is not a verdict";
                return false;
            }
            lr.labels.emplace_back(m.name.GetString(), v);
        }
        out.push_back(std::move(lr));
    }
    return true;
}

void print_confusion(const kg::Agreement& a) {
    std::printf("confusion (rows: human, columns: suggestion)\n");
    std::printf("            ○     △     ×\n");
    const char* names[3] = {"○", "△", "×"};
    for (int i = 0; i < 3; ++i)
        std::printf("  %s     %5d %5d %5d\n", names[i], a.confusion[i][0], a.confusion[i][1],
                    a.confusion[i][2]);
}

int run_eval(const std::vector<std::string>& args) {
    std::string labels_path;
    bool json = false, verbose = false;
    for (const auto& a : args) {
        if (a == "--json") json = true;
        else if (a == "--verbose") verbose = true;
        else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "keygrader eval-suggest: unknown option '%s'\n", a.c_str());
            return kg::cli::kExitUsage;
        } else if (labels_path.empty()) labels_path = a;
        else {
            std::fprintf(stderr, "keygrader eval-suggest: one labels file only\n");
            return kg::cli::kExitUsage;
        }
    }
    if (labels_path.empty()) {
        std::fprintf(stderr, "usage: keygrader eval-suggest LABELS.json [--json] [--verbose]\n");
        return kg::cli::kExitUsage;
    }

    std::string error;
    std::vector<LabeledReview> labeled;
    if (!read_labels(labels_path, labeled, error)) {
        std::fprintf(stderr, "keygrader: %s\n", error.c_str());
        return kg::cli::kExitBadInput;
    }

    // One engine per key file, built once.
    std::map<std::string, std::unique_ptr<kg::SuggestionEngine>> engines;
    std::map<std::string, size_t> key_problems;   // by key file, for the work bound
    std::vector<std::pair<kg::Verdict, kg::Verdict>> all;
    std::map<std::string, std::vector<std::pair<kg::Verdict, kg::Verdict>>> by_lang;
    struct Mismatch { std::string review, problem; kg::Verdict human, machine; double topic, core; };
    std::vector<Mismatch> mismatches;
    struct PerReview { std::string review; int n = 0, agree = 0; };
    std::vector<PerReview> per_review;

    for (const auto& lr : labeled) {
        auto& engine = engines[lr.key];
        if (!engine) {
            kg::AnswerKey key;
            if (!kg::cli::load_key_file(lr.key, key, error)) {
                std::fprintf(stderr, "keygrader: %s\n", error.c_str());
                return kg::cli::kExitBadInput;
            }
            // The same bound as `suggest`: no engine for a key past kMaxSuggestProblems.
            std::string refused;
            if (!kg::limits::suggest_work_allowed(key.problems.size(), 0, refused)) {
                std::fprintf(stderr, "keygrader: %s: %s\n", lr.key.c_str(), refused.c_str());
                return kg::cli::kExitBadInput;
            }
            key_problems[lr.key] = key.problems.size();
            engine = std::make_unique<kg::SuggestionEngine>(key);
        }
        kg::cli::LoadedReview review;
        // The same bound as `suggest` (base/limits.h): a huge labeled review is refused with
        // its reason instead of running for minutes.
        if (!kg::cli::load_review_file(lr.review, review, error, key_problems[lr.key])) {
            std::fprintf(stderr, "keygrader: %s\n", error.c_str());
            return kg::cli::kExitBadInput;
        }
        const kg::SuggestionSet set = engine->suggest(review.doc, review.review);
        PerReview pr;
        pr.review = lr.review;
        for (const auto& [id, human] : lr.labels) {
            const kg::ProblemSuggestion* found = nullptr;
            for (const auto& p : set.problems)
                if (p.problem_id == id) found = &p;
            if (!found) {
                std::fprintf(stderr, "warning: %s: problem %s is not in %s; skipped\n",
                             labels_path.c_str(), id.c_str(), lr.key.c_str());
                continue;
            }
            all.emplace_back(human, found->verdict);
            by_lang[lr.lang.empty() ? "?" : lr.lang].emplace_back(human, found->verdict);
            ++pr.n;
            if (human == found->verdict) ++pr.agree;
            else mismatches.push_back({lr.review, id, human, found->verdict, found->topic, found->core});
        }
        per_review.push_back(pr);
    }

    const kg::Agreement total = kg::agreement(all);
    if (json) {
        kg::json::Buffer buffer;
        kg::json::PrettyWriter w(buffer);
        w.SetIndent(' ', 1);
        w.SetMaxDecimalPlaces(4);
        w.StartObject();
        w.Key("reviews");
        w.Int(static_cast<int>(per_review.size()));
        kg::write_agreement_fields(w, total);
        w.Key("by_lang");
        w.StartObject();
        for (const auto& [lang, pairs] : by_lang) {
            w.Key(lang.c_str());
            w.StartObject();
            kg::write_agreement_fields(w, kg::agreement(pairs));
            w.EndObject();
        }
        w.EndObject();
        w.Key("mismatches");
        w.StartArray();
        for (const auto& m : mismatches) {
            w.StartObject();
            w.Key("review");
            w.String(m.review.c_str());
            w.Key("id");
            w.String(m.problem.c_str());
            w.Key("human");
            w.String(kg::verdict_name(m.human));
            w.Key("suggested");
            w.String(kg::verdict_name(m.machine));
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        std::printf("%s\n", buffer.GetString());
        return kg::cli::kExitOk;
    }

    for (const auto& pr : per_review)
        std::printf("%3d/%-3d %s\n", pr.agree, pr.n, pr.review.c_str());
    if (verbose) {
        std::printf("\nmismatches (human -> suggested):\n");
        for (const auto& m : mismatches)
            std::printf("  %-4s %s -> %s  topic %.2f core %.2f  %s\n", m.problem.c_str(),
                        kg::verdict_symbol(m.human), kg::verdict_symbol(m.machine), m.topic, m.core,
                        m.review.c_str());
    }
    std::printf("\nreviews: %zu, labeled problems: %d\n", per_review.size(), total.n);
    std::printf("exact agreement: %.3f\n", total.exact);
    std::printf("Cohen's kappa:   %.3f\n", total.kappa);
    std::printf("weighted kappa:  %.3f (linear)\n", total.weighted_kappa);
    for (const auto& [lang, pairs] : by_lang) {
        const kg::Agreement a = kg::agreement(pairs);
        std::printf("  lang %-6s n=%-4d exact %.3f kappa %.3f\n", lang.c_str(), a.n, a.exact, a.kappa);
    }
    print_confusion(total);
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("eval-suggest", "eval-suggest LABELS.json [--json] [--verbose]",
                                   run_eval);

}  // namespace
