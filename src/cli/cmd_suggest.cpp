// `keygrader suggest --key KEY.md --review REVIEW.md [--json]`
// `keygrader suggest --key KEY.md REVIEW1.md REVIEW2.md ... [--json]`
// Prints the machine's suggested verdicts with their evidence (see src/core/suggest.h).
// One review with --json prints {"problems":[...],"unmatched":[...]}; several reviews
// print {"reviews":[{"review":PATH,"problems":[...],"unmatched":[...]}, ...]}.
#include <cstdio>
#include <string>
#include <vector>

#include "key/answer_key.h"
#include "command.h"
#include "base/json_write.h"
#include "base/limits.h"
#include "grading/rubric.h"
#include "suggest/suggest.h"
#include "suggest_inputs.h"
#include "base/text.h"

namespace {

using JsonWriter = kg::json::PrettyWriter;
using kg::json::string;

void write_terms(JsonWriter& w, const std::vector<std::string>& terms) {
    w.StartArray();
    for (const auto& t : terms) string(w, t);
    w.EndArray();
}

void write_suggestions(JsonWriter& w, const kg::Review& review, const kg::SuggestionSet& set) {
    w.Key("lang_pair");
    w.String(kg::lang_pair_name(set.pair));
    w.Key("problems");
    w.StartArray();
    for (const auto& p : set.problems) {
        w.StartObject();
        w.Key("id");
        string(w, p.problem_id);
        w.Key("verdict");
        w.String(kg::verdict_name(p.verdict));
        w.Key("confidence");
        w.Double(p.confidence);
        w.Key("topic");
        w.Double(p.topic);
        w.Key("core");
        w.Double(p.core);
        w.Key("probability");
        w.Double(p.probability);
        w.Key("logit");
        w.Double(p.logit);
        w.Key("calibrated_on");
        w.Int(p.calibrated_on);
        w.Key("features");
        w.StartObject();
        for (int i = 0; i < kg::kSuggestFeatures; ++i) {
            w.Key(kg::suggest_feature_name(i));
            w.Double(p.features[static_cast<size_t>(i)]);
        }
        w.EndObject();
        w.Key("deciding");
        w.StartArray();
        for (const auto& c : p.deciding) {
            w.StartObject();
            w.Key("feature");
            w.String(c.name);
            w.Key("value");
            w.Double(c.value);
            w.Key("contribution");
            w.Double(c.contribution);
            w.EndObject();
        }
        w.EndArray();
        if (p.finding >= 0) {
            const kg::Finding& f = review.findings[static_cast<size_t>(p.finding)];
            w.Key("finding");
            w.StartObject();
            w.Key("id");
            string(w, f.id);
            w.Key("title");
            string(w, f.title);
            w.Key("line_start");
            w.Int(f.line_start);
            w.Key("line_end");
            w.Int(f.line_end);
            w.EndObject();
        }
        w.Key("core_found");
        write_terms(w, p.core_found);
        w.Key("core_missing");
        write_terms(w, p.core_missing);
        w.Key("evidence");
        w.StartArray();
        for (const auto& e : p.evidence) {
            w.StartObject();
            w.Key("line_start");
            w.Int(e.line_start);
            w.Key("line_end");
            w.Int(e.line_end);
            w.Key("text");
            string(w, e.text);
            w.Key("score");
            w.Double(e.score);
            w.Key("terms");
            write_terms(w, e.terms);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
    w.Key("unmatched");
    w.StartArray();
    for (const auto& u : set.unmatched) {
        w.StartObject();
        w.Key("line_start");
        w.Int(u.line_start);
        w.Key("line_end");
        w.Int(u.line_end);
        w.Key("finding_id");
        string(w, u.finding_id);
        w.Key("title");
        string(w, u.title);
        w.Key("bonus_id");
        if (u.bonus_id.empty()) w.Null();
        else string(w, u.bonus_id);
        w.Key("bonus_score");
        w.Double(u.bonus_score);
        w.Key("terms");
        write_terms(w, u.terms);
        w.EndObject();
    }
    w.EndArray();
}

void print_text(const std::string& path, const kg::Review& review, const kg::SuggestionSet& set) {
    std::printf("%s\n", path.c_str());
    for (const auto& p : set.problems) {
        std::printf("  %-4s %s %.2f  p %.2f topic %.2f core %.2f", p.problem_id.c_str(),
                    kg::verdict_symbol(p.verdict), p.confidence, p.probability, p.topic, p.core);
        if (p.finding >= 0) {
            const kg::Finding& f = review.findings[static_cast<size_t>(p.finding)];
            std::printf("  [%s] %s (lines %d-%d)", f.id.c_str(), f.title.c_str(), f.line_start,
                        f.line_end);
        } else if (p.section_line_start > 0) {
            std::printf("  (lines %d-%d)", p.section_line_start, p.section_line_end);
        }
        std::printf("\n");
        if (!p.deciding.empty()) {
            std::printf("       decided by:");
            for (const auto& c : p.deciding) std::printf(" %s %+.2f", c.name, c.contribution);
            std::printf("\n");
        }
        if (!p.core_missing.empty() && p.verdict == kg::Verdict::Partial) {
            std::printf("       missing:");
            for (size_t i = 0; i < p.core_missing.size() && i < 8; ++i)
                std::printf(" %s", p.core_missing[i].c_str());
            std::printf("\n");
        }
    }
    for (const auto& u : set.unmatched) {
        std::printf("  unmatched [%s] %s (lines %d-%d)%s%s\n", u.finding_id.c_str(), u.title.c_str(),
                    u.line_start, u.line_end, u.bonus_id.empty() ? "" : " -> bonus ",
                    u.bonus_id.c_str());
    }
}

int run_suggest(const std::vector<std::string>& args) {
    std::string key_path;
    std::vector<std::string> reviews;
    bool json = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") {
            json = true;
        } else if (a == "--key" || a == "--review") {
            if (i + 1 >= args.size()) {
                std::fprintf(stderr, "keygrader suggest: %s needs a file\n", a.c_str());
                return kg::cli::kExitUsage;
            }
            if (a == "--key") key_path = args[++i];
            else reviews.push_back(args[++i]);
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "keygrader suggest: unknown option '%s'\n", a.c_str());
            return kg::cli::kExitUsage;
        } else {
            reviews.push_back(a);
        }
    }
    if (key_path.empty() || reviews.empty()) {
        std::fprintf(stderr,
                     "usage: keygrader suggest --key KEY.md --review REVIEW.md [--json]\n"
                     "       keygrader suggest --key KEY.md REVIEW.md... [--json]\n");
        return kg::cli::kExitUsage;
    }

    std::string error;
    kg::AnswerKey key;
    if (!kg::cli::load_key_file(key_path, key, error)) {
        std::fprintf(stderr, "keygrader: %s\n", error.c_str());
        return kg::cli::kExitBadInput;
    }
    // A key past the problem bound for suggestions is refused before any review is read.
    if (!kg::limits::suggest_work_allowed(key.problems.size(), 0, error)) {
        std::fprintf(stderr, "keygrader: %s: %s\n", key_path.c_str(), error.c_str());
        return kg::cli::kExitBadInput;
    }
    // Read and check every review before printing anything: no half-written output.
    std::vector<kg::cli::LoadedReview> loaded(reviews.size());
    for (size_t i = 0; i < reviews.size(); ++i) {
        // Suggesting costs about problems x review bytes (bench/README.md, "Input limits"):
        // past the bound of base/limits.h the review is refused, before parsing it, with the
        // reason.
        if (!kg::cli::load_review_file(reviews[i], loaded[i], error, key.problems.size())) {
            std::fprintf(stderr, "keygrader: %s\n", error.c_str());
            return kg::cli::kExitBadInput;
        }
    }
    const kg::SuggestionEngine engine(key);

    kg::json::Buffer buffer;
    JsonWriter writer(buffer);
    writer.SetIndent(' ', 1);
    writer.SetMaxDecimalPlaces(3);
    const bool batch = reviews.size() > 1;
    if (json) {
        writer.StartObject();
        if (batch) {
            writer.Key("key");
            string(writer, key_path);
            writer.Key("reviews");
            writer.StartArray();
        }
    }
    for (size_t i = 0; i < loaded.size(); ++i) {
        const kg::SuggestionSet set = engine.suggest(loaded[i].doc, loaded[i].review);
        if (!json) {
            print_text(reviews[i], loaded[i].review, set);
            continue;
        }
        if (batch) {
            writer.StartObject();
            writer.Key("review");
            string(writer, reviews[i]);
        }
        write_suggestions(writer, loaded[i].review, set);
        if (batch) writer.EndObject();
    }
    if (json) {
        if (batch) writer.EndArray();
        writer.EndObject();
        std::fwrite(buffer.GetString(), 1, buffer.GetSize(), stdout);
        std::fputc('\n', stdout);
    }
    return kg::cli::kExitOk;
}

const kg::cli::RegisterCommand reg("suggest",
                                   "suggest --key KEY.md (--review REVIEW.md | REVIEW.md...) [--json]",
                                   run_suggest);

}  // namespace
