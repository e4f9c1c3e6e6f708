// `keygrader eval-suggest LABELS.json [--part P] [--json] [--verbose] [--features OUT.tsv]
//  [--calibration]`: runs the suggestion engine on every labeled review and measures its
// agreement with the labels: exact agreement, Cohen's kappa (○/△/×), linear-weighted kappa,
// the confusion matrix, class shares, per language pair ("lang") and per part.
//   --part P        only the reviews whose "part" is P (e.g. tune / held)
//   --features F    writes each (review, problem)'s model features and label as TSV (the
//                   input of bench/fit_suggest_model.py)
//   --calibration   agreement as the grader's verdicts accumulate: per key, the first N
//                   reviews' labels (any part) calibrate the key, the key's reviews from the
//                   5th on are measured, N = 0..4
//   --bias X        adds X to every model logit first: simulates a model that is off for
//                   these judges (the real set's engine under-called ○), to measure how far
//                   calibration brings it back
// LABELS.json: {"reviews":[{"review":PATH,"key":PATH,"lang":"en-ja","part":"tune",
//               "labels":{"P01":"detected",...}}]}
// Paths are taken as given (relative to the working directory) or, failing that, relative
// to the labels file's folder.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
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
#include "suggest/calibrate.h"
#include "suggest/suggest.h"
#include "suggest_inputs.h"

namespace {

struct LabeledReview {
    std::string review;
    std::string key;
    std::string lang;
    std::string part;
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
        if (r.HasMember("part") && r["part"].IsString()) lr.part = r["part"].GetString();
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

void print_shares(const char* who, const kg::Agreement& a, bool human) {
    int n[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) n[human ? i : j] += a.confusion[i][j];
    const double total = std::max(1, n[0] + n[1] + n[2]);
    std::printf("  %-10s ○ %4.1f%%  △ %4.1f%%  × %4.1f%%\n", who, 100 * n[0] / total, 100 * n[1] / total,
                100 * n[2] / total);
}

using Pairs = std::vector<std::pair<kg::Verdict, kg::Verdict>>;

// One labeled review with its suggestions (computed once; calibration re-decides copies).
struct Evaluated {
    const LabeledReview* labeled = nullptr;
    kg::SuggestionSet set;
    int index_in_key = 0;   // position among the reviews of its key, in file order
};

const kg::ProblemSuggestion* find_problem(const kg::SuggestionSet& set, const std::string& id) {
    for (const auto& p : set.problems)
        if (p.problem_id == id) return &p;
    return nullptr;
}

bool write_features(const std::string& path, const std::vector<Evaluated>& all, std::string& error) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) {
        error = path + ": cannot write";
        return false;
    }
    std::fprintf(f, "review\tkey\tpair\tpart\tindex\tproblem\tlabel");
    for (int i = 0; i < kg::kSuggestFeatures; ++i) std::fprintf(f, "\t%s", kg::suggest_feature_name(i));
    std::fprintf(f, "\n");
    for (const auto& e : all) {
        for (const auto& [id, human] : e.labeled->labels) {
            const kg::ProblemSuggestion* p = find_problem(e.set, id);
            if (!p) continue;
            std::fprintf(f, "%s\t%s\t%s\t%s\t%d\t%s\t%s", e.labeled->review.c_str(), e.labeled->key.c_str(),
                         kg::lang_pair_name(e.set.pair), e.labeled->part.c_str(), e.index_in_key, id.c_str(),
                         kg::verdict_name(human));
            for (double v : p->features) std::fprintf(f, "\t%.6f", v);
            std::fprintf(f, "\n");
        }
    }
    const bool ok = std::fclose(f) == 0;
    if (!ok) error = path + ": write failed";
    return ok;
}

// Agreement vs the number of grader verdicts a key's suggestions are calibrated on.
void calibration_curve(const std::vector<Evaluated>& all, const std::string& part, bool json,
                       kg::json::PrettyWriter* w) {
    constexpr int kFirstMeasured = 4;
    if (json) {
        w->Key("calibration");
        w->StartArray();
    } else {
        std::printf("\ncalibration (per key: first N reviews' labels calibrate, reviews %d+ measured)\n",
                    kFirstMeasured + 1);
    }
    for (int n = 0; n <= kFirstMeasured; ++n) {
        Pairs pairs;
        int verdicts = 0, keys = 0;
        std::map<std::string, std::vector<kg::GraderVerdict>> by_key;
        for (const auto& e : all) {
            if (e.index_in_key >= n) continue;
            for (const auto& [id, human] : e.labeled->labels)
                if (const auto* p = find_problem(e.set, id)) by_key[e.labeled->key].push_back({id, p->logit, human});
        }
        std::map<std::string, kg::Calibration> cal;
        for (const auto& [key, v] : by_key) {
            cal[key] = kg::fit_calibration(v);
            verdicts += cal[key].verdicts;
            ++keys;
        }
        for (const auto& e : all) {
            if (e.index_in_key < kFirstMeasured || (!part.empty() && e.labeled->part != part)) continue;
            kg::SuggestionSet set = e.set;
            const auto it = cal.find(e.labeled->key);
            if (it != cal.end()) kg::apply_calibration(set, it->second);
            for (const auto& [id, human] : e.labeled->labels)
                if (const auto* p = find_problem(set, id)) pairs.emplace_back(human, p->verdict);
        }
        const kg::Agreement a = kg::agreement(pairs);
        const double per_key = keys ? static_cast<double>(verdicts) / keys : 0;
        if (json) {
            w->StartObject();
            w->Key("reviews_per_key");
            w->Int(n);
            w->Key("verdicts_per_key");
            w->Double(per_key);
            kg::write_agreement_fields(*w, a);
            w->EndObject();
        } else {
            std::printf("  N=%d reviews (%4.1f verdicts/key)  n=%-4d exact %.3f kappa %.3f weighted %.3f\n", n,
                        per_key, a.n, a.exact, a.kappa, a.weighted_kappa);
        }
    }
    if (json) w->EndArray();
}

int run_eval(const std::vector<std::string>& args) {
    std::string labels_path, part, features_path;
    double bias = 0;
    bool json = false, verbose = false, curve = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") json = true;
        else if (a == "--verbose") verbose = true;
        else if (a == "--calibration") curve = true;
        else if (a == "--bias" && i + 1 < args.size()) {
            char* end = nullptr;
            bias = std::strtod(args[++i].c_str(), &end);
            if (!end || *end) {
                std::fprintf(stderr, "keygrader eval-suggest: --bias needs a number\n");
                return kg::cli::kExitUsage;
            }
        }
        else if ((a == "--part" || a == "--features") && i + 1 < args.size()) (a == "--part" ? part : features_path) = args[++i];
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
        std::fprintf(stderr,
                     "usage: keygrader eval-suggest LABELS.json [--part P] [--json] [--verbose] "
                     "[--features OUT.tsv] [--calibration] [--bias X]\n");
        return kg::cli::kExitUsage;
    }

    std::string error;
    std::vector<LabeledReview> labeled;
    if (!read_labels(labels_path, labeled, error)) {
        std::fprintf(stderr, "keygrader: %s\n", error.c_str());
        return kg::cli::kExitBadInput;
    }

    // One engine per key file, built once. Every review is suggested (calibration learns
    // from other parts' verdicts); only the selected part is measured.
    std::map<std::string, std::unique_ptr<kg::SuggestionEngine>> engines;
    std::map<std::string, int> reviews_of_key;
    std::map<std::string, size_t> key_problems;   // by key file, for the work bound
    std::vector<Evaluated> evaluated;
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
        Evaluated e;
        e.labeled = &lr;
        e.set = engine->suggest(review.doc, review.review);
        e.index_in_key = reviews_of_key[lr.key]++;
        if (bias != 0) {
            for (auto& p : e.set.problems) {
                p.logit += bias;
                p.probability = kg::sigmoid(p.logit);
                p.verdict = kg::model_verdict(p.probability);
                p.confidence = kg::model_confidence(p.verdict, p.probability);
            }
        }
        for (const auto& [id, human] : lr.labels)
            if (!find_problem(e.set, id))
                std::fprintf(stderr, "warning: %s: problem %s is not in %s; skipped\n", labels_path.c_str(),
                             id.c_str(), lr.key.c_str());
        evaluated.push_back(std::move(e));
    }
    if (!features_path.empty() && !write_features(features_path, evaluated, error)) {
        std::fprintf(stderr, "keygrader: %s\n", error.c_str());
        return kg::cli::kExitBadInput;
    }

    Pairs all;
    std::map<std::string, Pairs> by_lang, by_part;
    struct Mismatch { std::string review, problem; kg::Verdict human, machine; double topic, core, p; };
    std::vector<Mismatch> mismatches;
    struct PerReview { std::string review; int n = 0, agree = 0; };
    std::vector<PerReview> per_review;
    for (const auto& e : evaluated) {
        const LabeledReview& lr = *e.labeled;
        if (!part.empty() && lr.part != part) continue;
        PerReview pr;
        pr.review = lr.review;
        for (const auto& [id, human] : lr.labels) {
            const kg::ProblemSuggestion* found = find_problem(e.set, id);
            if (!found) continue;
            all.emplace_back(human, found->verdict);
            by_lang[lr.lang.empty() ? "?" : lr.lang].emplace_back(human, found->verdict);
            by_part[lr.part.empty() ? "?" : lr.part].emplace_back(human, found->verdict);
            ++pr.n;
            if (human == found->verdict) ++pr.agree;
            else mismatches.push_back({lr.review, id, human, found->verdict, found->topic, found->core, found->probability});
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
        for (const auto* group : {&by_lang, &by_part}) {
            w.Key(group == &by_lang ? "by_lang" : "by_part");
            w.StartObject();
            for (const auto& [name, pairs] : *group) {
                w.Key(name.c_str());
                w.StartObject();
                kg::write_agreement_fields(w, kg::agreement(pairs));
                w.EndObject();
            }
            w.EndObject();
        }
        if (curve) calibration_curve(evaluated, part, true, &w);
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
            std::printf("  %-4s %s -> %s  topic %.2f core %.2f p %.2f  %s\n", m.problem.c_str(),
                        kg::verdict_symbol(m.human), kg::verdict_symbol(m.machine), m.topic, m.core, m.p,
                        m.review.c_str());
    }
    std::printf("\nreviews: %zu, labeled problems: %d\n", per_review.size(), total.n);
    std::printf("exact agreement: %.3f\n", total.exact);
    std::printf("Cohen's kappa:   %.3f\n", total.kappa);
    std::printf("weighted kappa:  %.3f (linear)\n", total.weighted_kappa);
    for (const auto* group : {&by_lang, &by_part}) {
        for (const auto& [name, pairs] : *group) {
            const kg::Agreement a = kg::agreement(pairs);
            std::printf("  %s %-6s n=%-4d exact %.3f kappa %.3f weighted %.3f\n",
                        group == &by_lang ? "lang" : "part", name.c_str(), a.n, a.exact, a.kappa,
                        a.weighted_kappa);
        }
    }
    std::printf("class shares\n");
    print_shares("labels", total, true);
    print_shares("suggested", total, false);
    print_confusion(total);
    if (curve) calibration_curve(evaluated, part, false, nullptr);
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("eval-suggest", "eval-suggest LABELS.json [--part P] [--json] [--verbose] [--features OUT.tsv] [--calibration] [--bias X]",
                                   run_eval);

}  // namespace
