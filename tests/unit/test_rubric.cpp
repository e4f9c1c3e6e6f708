// The rubric of docs/domain.md: verdict scores, bonus cap, uncapped penalties, statistics,
// stability, recommendation and convergence, each branch and each boundary.
#include <catch2/catch.hpp>

#include "grading/rubric.h"

using namespace kg;

TEST_CASE("verdict scores, symbols and names", "[rubric]") {
    CHECK(verdict_score(Verdict::Detected) == 1.0);
    CHECK(verdict_score(Verdict::Partial) == 0.5);
    CHECK(verdict_score(Verdict::Missed) == 0.0);
    CHECK(verdict_score(Verdict::Ungraded) == 0.0);
    CHECK(std::string(verdict_symbol(Verdict::Detected)) == "○");
    CHECK(std::string(verdict_symbol(Verdict::Partial)) == "△");
    CHECK(std::string(verdict_symbol(Verdict::Missed)) == "×");
    CHECK(std::string(verdict_symbol(Verdict::Ungraded)).empty());
    CHECK(std::string(verdict_name(Verdict::Detected)) == "detected");
    CHECK(std::string(verdict_name(Verdict::Partial)) == "partial");
    CHECK(std::string(verdict_name(Verdict::Missed)) == "missed");
    CHECK(std::string(verdict_name(Verdict::Ungraded)) == "ungraded");
}

TEST_CASE("parse_verdict accepts symbols, words and Japanese labels", "[rubric]") {
    struct Case { const char* text; Verdict expected; };
    const Case cases[] = {
        {"○", Verdict::Detected}, {"◯", Verdict::Detected}, {"〇", Verdict::Detected},
        {"✓", Verdict::Detected}, {" Detected ", Verdict::Detected}, {"検出", Verdict::Detected},
        {"△", Verdict::Partial}, {"partial", Verdict::Partial}, {"部分検出", Verdict::Partial},
        {"×", Verdict::Missed}, {"✗", Verdict::Missed}, {"x", Verdict::Missed},
        {"X", Verdict::Missed}, {"MISSED", Verdict::Missed}, {"未検出", Verdict::Missed},
        {"Not Detected", Verdict::Missed}, {"ungraded", Verdict::Ungraded},
    };
    for (const Case& c : cases) {
        Verdict v = Verdict::Ungraded;
        INFO(c.text);
        REQUIRE(parse_verdict(c.text, v));
        CHECK(v == c.expected);
    }
    Verdict untouched = Verdict::Partial;
    CHECK_FALSE(parse_verdict("maybe", untouched));
    CHECK_FALSE(parse_verdict("", untouched));
    CHECK_FALSE(parse_verdict("○ (1.0)", untouched));   // callers cut the token out first
    CHECK(untouched == Verdict::Partial);
}

TEST_CASE("run score: detection + 0.5 per bonus (cap 5) - 0.5 per penalty", "[rubric]") {
    const std::vector<Verdict> v = {Verdict::Detected, Verdict::Detected, Verdict::Partial,
                                    Verdict::Missed, Verdict::Ungraded};
    RunScore s = score_run(v, 2, 1);
    CHECK(s.detection == 2.5);
    CHECK(s.bonus_items == 2);
    CHECK(s.bonus_counted == 2);
    CHECK(s.penalty_items == 1);
    CHECK(s.total == 3.0);

    SECTION("bonus items beyond five do not count") {
        RunScore capped = score_run(v, 7, 0);
        CHECK(capped.bonus_items == 7);
        CHECK(capped.bonus_counted == 5);
        CHECK(capped.total == 2.5 + 2.5);
        CHECK(score_run(v, 5, 0).total == score_run(v, 6, 0).total);
        CHECK(score_run(v, 4, 0).total < score_run(v, 5, 0).total);
    }
    SECTION("penalties have no cap and can take the total below zero") {
        RunScore p = score_run({Verdict::Missed}, 0, 9);
        CHECK(p.penalty_items == 9);
        CHECK(p.total == -4.5);
        CHECK(score_run(v, 0, 20).total == 2.5 - 10.0);
    }
    SECTION("negative counts are treated as none") {
        RunScore n = score_run(v, -3, -1);
        CHECK(n.bonus_counted == 0);
        CHECK(n.penalty_items == 0);
        CHECK(n.total == 2.5);
    }
}

TEST_CASE("worked example: runs 8.0 and 9.0 give mean 8.5, SD 0.5, high", "[rubric]") {
    PromptStats st = prompt_stats("v008-baseline", {8.0, 9.0});
    CHECK(st.prompt == "v008-baseline");
    CHECK(st.mean == Approx(8.5));
    CHECK(st.sd == Approx(0.5));   // population SD, not the sample SD 0.707
    CHECK(st.stability == Stability::High);
    CHECK(st.run_scores == std::vector<double>{8.0, 9.0});
}

TEST_CASE("prompt statistics for other shapes", "[rubric]") {
    CHECK(prompt_stats("p", {7.0, 7.0}).sd == 0.0);
    CHECK(prompt_stats("p", {6.0, 8.0}).sd == Approx(1.0));
    CHECK(prompt_stats("p", {6.0, 8.0}).stability == Stability::Medium);
    CHECK(prompt_stats("p", {5.0, 8.0}).stability == Stability::Low);
    CHECK(prompt_stats("p", {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}).sd == Approx(2.0));
    PromptStats single = prompt_stats("p", {6.5});
    CHECK(single.mean == 6.5);
    CHECK(single.sd == 0.0);
    PromptStats none = prompt_stats("p", {});
    CHECK(none.mean == 0.0);
    CHECK(none.sd == 0.0);
}

TEST_CASE("stability boundaries, with floating point noise", "[rubric]") {
    CHECK(stability_of(0.0) == Stability::High);
    CHECK(stability_of(0.5) == Stability::High);
    CHECK(stability_of(0.5 + 1e-12) == Stability::High);
    CHECK(stability_of(0.51) == Stability::Medium);
    CHECK(stability_of(1.0) == Stability::Medium);
    CHECK(stability_of(1.0 + 1e-12) == Stability::Medium);
    CHECK(stability_of(1.01) == Stability::Low);
    // An SD that is 0.5 on paper but computed from non-representable scores.
    CHECK(prompt_stats("p", {7.1, 8.1}).stability == Stability::High);
    CHECK(std::string(stability_name(Stability::High)) == "high");
    CHECK(std::string(stability_name(Stability::Medium)) == "medium");
    CHECK(std::string(stability_name(Stability::Low)) == "low");
}

TEST_CASE("score formatting is consistent", "[rubric]") {
    CHECK(format_score(7.0) == "7.0");
    CHECK(format_score(8.5) == "8.5");
    CHECK(format_score(8.25) == "8.25");
    CHECK(format_score(0.35355339) == "0.35");
    CHECK(format_score(10.0) == "10.0");
    CHECK(format_score(-1.5) == "-1.5");
    CHECK(format_score(-0.0) == "0.0");
    CHECK(format_score(-1e-12) == "0.0");
    CHECK(format_points(0.0) == "0");
    CHECK(format_points(2.5) == "2.5");
    CHECK(format_points(1.0) == "1.0");
}

namespace {
PromptStats stats(const char* name, double mean, double sd) {
    PromptStats s;
    s.prompt = name;
    s.mean = mean;
    s.sd = sd;
    s.stability = stability_of(sd);
    return s;
}
}  // namespace

TEST_CASE("recommendation: every branch of the rule", "[rubric]") {
    const PromptStats base = stats("v-baseline", 7.0, 0.5);

    SECTION("no variant: the baseline") {
        Recommendation r = recommend(base, {});
        CHECK(r.prompt == "v-baseline");
        CHECK(r.compared_to.empty());
        CHECK_THAT(r.reason, Catch::Contains("Only the baseline"));
    }
    SECTION("d > 1.0: the higher mean") {
        Recommendation r = recommend(base, {stats("v-variant", 8.5, 1.5)});
        CHECK(r.prompt == "v-variant");
        CHECK(r.compared_to == "v-variant");
        CHECK(r.difference == Approx(1.5));
        CHECK_THAT(r.reason, Catch::Contains("more than 1.0"));
    }
    SECTION("d just above 1.0 still counts as more than 1.0") {
        CHECK(recommend(base, {stats("v", 8.25, 2.0)}).prompt == "v");
    }
    SECTION("d = 1.0 exactly is the middle band: smaller SD wins") {
        Recommendation by_sd = recommend(base, {stats("v-steady", 8.0, 0.0)});
        CHECK(by_sd.prompt == "v-steady");
        CHECK_THAT(by_sd.reason, Catch::Contains("between 0.5 and 1.0"));
        CHECK_THAT(by_sd.reason, Catch::Contains("smaller SD"));
        CHECK(recommend(base, {stats("v-shaky", 8.0, 1.0)}).prompt == "v-baseline");
    }
    SECTION("0.5 <= d <= 1.0, baseline steadier: the baseline") {
        Recommendation r = recommend(base, {stats("v-shaky", 7.75, 1.2)});
        CHECK(r.prompt == "v-baseline");
        CHECK(r.compared_to == "v-shaky");
        CHECK_THAT(r.reason, Catch::Contains("the baseline has the smaller SD"));
    }
    SECTION("0.5 <= d <= 1.0, equal SDs: the baseline") {
        Recommendation r = recommend(base, {stats("v-same", 7.5, 0.5)});
        CHECK(r.prompt == "v-baseline");
        CHECK_THAT(r.reason, Catch::Contains("equal"));
    }
    SECTION("d = 0.5 exactly (computed) is in the middle band") {
        PromptStats b = prompt_stats("b-baseline", {7.1, 7.3});
        PromptStats v = prompt_stats("v", {7.6, 7.8});
        v.sd = 0.0;
        CHECK(recommend(b, {v}).prompt == "v");
    }
    SECTION("d < 0.5: the baseline") {
        Recommendation r = recommend(base, {stats("v-close", 7.25, 0.0)});
        CHECK(r.prompt == "v-baseline");
        CHECK(r.compared_to == "v-close");
        CHECK_THAT(r.reason, Catch::Contains("below 0.5"));
    }
    SECTION("negative d: the baseline, even with a much smaller SD") {
        Recommendation r = recommend(base, {stats("v-worse", 4.0, 0.0)});
        CHECK(r.prompt == "v-baseline");
        CHECK(r.difference == Approx(-3.0));
        CHECK_THAT(r.reason, Catch::Contains("No variant beats the baseline"));
    }
    SECTION("several variants above the baseline: the highest mean is compared") {
        Recommendation r = recommend(base, {stats("v-a", 7.75, 0.0), stats("v-b", 9.5, 1.5),
                                            stats("v-c", 8.0, 0.0)});
        CHECK(r.compared_to == "v-b");
        CHECK(r.prompt == "v-b");
        CHECK(r.difference == Approx(2.5));
    }
    SECTION("the highest mean is compared even when a lower variant is steadier") {
        // v-b (d = 0.75, SD 1.5) is compared, not v-a; the baseline is steadier -> baseline.
        Recommendation r = recommend(base, {stats("v-a", 7.6, 0.0), stats("v-b", 7.75, 1.5)});
        CHECK(r.compared_to == "v-b");
        CHECK(r.prompt == "v-baseline");
    }
}

TEST_CASE("convergence across rounds", "[rubric]") {
    CHECK(convergence_of({}) == Convergence::InsufficientData);
    CHECK(convergence_of({7.0}) == Convergence::InsufficientData);
    CHECK(convergence_of({7.0, 7.1}) == Convergence::InsufficientData);
    // Two consecutive improvements below 0.5.
    CHECK(convergence_of({7.0, 7.2, 7.4}) == Convergence::MayHaveConverged);
    CHECK(convergence_of({5.0, 7.0, 7.2, 7.4}) == Convergence::MayHaveConverged);
    // Getting worse is an improvement below 0.5 too.
    CHECK(convergence_of({8.0, 7.5, 7.0}) == Convergence::MayHaveConverged);
    // Only the latest improvement is small: still improving.
    CHECK(convergence_of({5.0, 6.0, 6.2}) == Convergence::Improving);
    // Only the earlier one is small.
    CHECK(convergence_of({5.0, 5.2, 6.0}) == Convergence::Improving);
    // An improvement of exactly 0.5 (computed) is not below 0.5.
    CHECK(convergence_of({7.1, 7.3, 7.8}) == Convergence::Improving);
    CHECK(convergence_of({7.0, 7.5, 7.6}) == Convergence::Improving);
    CHECK(std::string(convergence_name(Convergence::MayHaveConverged)) == "may have converged");
    CHECK(std::string(convergence_name(Convergence::InsufficientData)) == "insufficient data");
    CHECK(std::string(convergence_name(Convergence::Improving)) == "improving");
}
