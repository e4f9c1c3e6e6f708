// Golden values for agreement(): computed by hand in the comments.
#include <catch2/catch.hpp>
#include "grading/agreement.h"

using kg::Verdict;
using Pairs = std::vector<std::pair<Verdict, Verdict>>;

static void add(Pairs& p, Verdict a, Verdict b, int count) {
    for (int i = 0; i < count; ++i) p.emplace_back(a, b);
}

TEST_CASE("agreement: hand-computed kappa on a mixed 10-pair set", "[agreement]") {
    // human \ machine   ○  △  ×
    //   ○               4  1  0   (5)
    //   △               1  2  0   (3)
    //   ×               0  0  2   (2)
    // p_o = 8/10 = 0.8 ; p_e = .5*.5 + .3*.3 + .2*.2 = 0.38 ; kappa = .42/.62 = 0.677419...
    // weighted: obs = .8 + .5*(2/10) = .9 ; exp = .38 + .5*(.15+.15+.06+.06) = .59
    //           kappa_w = .31/.41 = 0.756097...
    Pairs p;
    add(p, Verdict::Detected, Verdict::Detected, 4);
    add(p, Verdict::Detected, Verdict::Partial, 1);
    add(p, Verdict::Partial, Verdict::Detected, 1);
    add(p, Verdict::Partial, Verdict::Partial, 2);
    add(p, Verdict::Missed, Verdict::Missed, 2);
    const auto a = kg::agreement(p);
    CHECK(a.n == 10);
    CHECK(a.skipped == 0);
    CHECK(a.exact == Approx(0.8));
    CHECK(a.expected == Approx(0.38));
    CHECK(a.kappa == Approx(0.42 / 0.62));
    CHECK(a.weighted_kappa == Approx(0.31 / 0.41));
    CHECK(a.confusion[0][0] == 4);
    CHECK(a.confusion[0][1] == 1);
    CHECK(a.confusion[1][0] == 1);
    CHECK(a.confusion[1][1] == 2);
    CHECK(a.confusion[2][2] == 2);
    CHECK(a.confusion[0][2] == 0);
}

TEST_CASE("agreement: total disagreement gives kappa -1", "[agreement]") {
    // p_o = 0 ; marginals .5/.5 on ○ and × for both ; p_e = .5 ; kappa = -0.5/0.5 = -1
    Pairs p;
    add(p, Verdict::Detected, Verdict::Missed, 2);
    add(p, Verdict::Missed, Verdict::Detected, 2);
    const auto a = kg::agreement(p);
    CHECK(a.exact == Approx(0.0));
    CHECK(a.kappa == Approx(-1.0));
    // ○ vs × is the worst disagreement: weighted obs 0, weighted exp .5 -> -1 too.
    CHECK(a.weighted_kappa == Approx(-1.0));
}

TEST_CASE("agreement: chance-level agreement gives kappa 0", "[agreement]") {
    // Each side 50/50 ○/△, independent: cells 1,1,1,1 -> p_o = .5, p_e = .5, kappa = 0.
    Pairs p;
    add(p, Verdict::Detected, Verdict::Detected, 1);
    add(p, Verdict::Detected, Verdict::Partial, 1);
    add(p, Verdict::Partial, Verdict::Detected, 1);
    add(p, Verdict::Partial, Verdict::Partial, 1);
    const auto a = kg::agreement(p);
    CHECK(a.exact == Approx(0.5));
    CHECK(a.kappa == Approx(0.0).margin(1e-12));
}

TEST_CASE("agreement: skips ungraded pairs and handles degenerate sets", "[agreement]") {
    Pairs p;
    add(p, Verdict::Missed, Verdict::Missed, 3);
    add(p, Verdict::Ungraded, Verdict::Detected, 2);
    add(p, Verdict::Partial, Verdict::Ungraded, 1);
    auto a = kg::agreement(p);
    CHECK(a.n == 3);
    CHECK(a.skipped == 3);
    CHECK(a.exact == Approx(1.0));
    CHECK(a.kappa == Approx(1.0));   // p_e = 1: one class on both sides, perfect agreement

    a = kg::agreement({});
    CHECK(a.n == 0);
    CHECK(a.exact == 0.0);
    CHECK(a.kappa == 0.0);
}

TEST_CASE("agreement: class indices round-trip", "[agreement]") {
    for (int c = 0; c < 3; ++c) CHECK(kg::verdict_class(kg::verdict_of_class(c)) == c);
    CHECK(kg::verdict_class(Verdict::Ungraded) == -1);
    CHECK(kg::verdict_of_class(7) == Verdict::Ungraded);
}
