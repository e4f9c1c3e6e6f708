// Agreement between two graders over the same problems (human vs suggestion, human vs
// LLM judge): exact agreement, Cohen's kappa over the three classes ○/△/× and the
// confusion matrix. Pure arithmetic; shared by `eval-suggest` and the judge comparison.
#pragma once
#include <utility>
#include <vector>
#include "model/model.h"

namespace kg {

// Class index used by the confusion matrix: 0 = ○ detected, 1 = △ partial, 2 = × missed.
// Returns -1 for Verdict::Ungraded.
int verdict_class(Verdict v);
Verdict verdict_of_class(int c);   // inverse of verdict_class (Ungraded for bad index)

struct Agreement {
    int n = 0;               // pairs counted (both sides graded)
    int skipped = 0;         // pairs left out because one side is Ungraded
    double exact = 0;        // observed agreement p_o in [0, 1]; 0 when n == 0
    double expected = 0;     // chance agreement p_e from the two marginals
    double kappa = 0;        // Cohen's kappa (p_o - p_e) / (1 - p_e); see agreement()
    double weighted_kappa = 0;  // linear-weighted kappa (○/△/× are ordered: ○-× is worse than ○-△)
    int confusion[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};  // [first][second]
};

// pairs: (reference, other), e.g. (human, suggestion). Pairs with an Ungraded side are
// skipped. Degenerate cases: n == 0 gives all zeros; when chance agreement is 1 (both
// graders used one and the same class throughout) kappa is 1, as agreement is perfect.
Agreement agreement(const std::vector<std::pair<Verdict, Verdict>>& pairs);

}  // namespace kg
