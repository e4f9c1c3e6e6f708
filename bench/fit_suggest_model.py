#!/usr/bin/env python3
"""Fits the suggestion model and writes src/core/suggest/model_weights.inc.

    python3 bench/fit_suggest_model.py [--keygrader build/native/keygrader]
                                       [--labels bench/devset_real/labels.json] [--check]

1. Runs `keygrader eval-suggest LABELS --features` to get each (review, problem)'s features.
2. On the "tune" part only: a logistic regression of "the judge says ○ or △" (on topic), first
   pooled over all language pairs, then one per pair (key-review) pulled toward the pooled
   weights (so a pair with few rows stays close to it). Newton's method, no randomness:
   the same data give the same table, bit for bit.
3. The band: ○ at p >= high, × below low, △ between ("uncertain"), chosen on the tune part to
   maximize Cohen's kappa while every predicted class share stays within 10 points of the
   labels' share, with the band at most 0.2 wide.
--check: fit, but only compare with the committed table (exit 1 when it differs).
Python 3 standard library only.
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PAIRS = ["en-en", "en-ja", "ja-en", "ja-ja"]
POOLED_L2 = 0.5     # penalty on the pooled weights (intercept free)
PAIR_L2 = 4.0       # penalty on a pair's distance from the pooled weights
CLASSES = ["detected", "partial", "missed"]


def solve(a, b):
    """Gaussian elimination with partial pivoting (small dense systems)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: (abs(m[r][c]), -r))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def sigmoid(z):
    if z < -40:
        return 0.0
    if z > 40:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def fit_logistic(xs, ys, prior, l2, iters=50):
    """Penalized logistic regression: minimizes log-loss + l2/2 |w - prior|^2 (the intercept,
    last, is not penalized). Newton steps from the prior."""
    d = len(prior)
    w = prior[:]
    for _ in range(iters):
        g = [0.0] * d
        h = [[0.0] * d for _ in range(d)]
        for x, y in zip(xs, ys):
            z = sum(wi * xi for wi, xi in zip(w, x))
            p = sigmoid(z)
            r = p - y
            s = p * (1 - p)
            for i in range(d):
                g[i] += r * x[i]
                xi_s = x[i] * s
                for j in range(i, d):
                    h[i][j] += xi_s * x[j]
        for i in range(d):
            for j in range(i):
                h[i][j] = h[j][i]
        for i in range(d - 1):
            g[i] += l2 * (w[i] - prior[i])
            h[i][i] += l2
        h[d - 1][d - 1] += 1e-6
        step = solve(h, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(si) for si in step) < 1e-10:
            break
    return w


def kappa(pairs):
    n = len(pairs)
    if n == 0:
        return 0.0, 0.0
    idx = {c: i for i, c in enumerate(CLASSES)}
    conf = [[0] * 3 for _ in range(3)]
    for a, b in pairs:
        conf[idx[a]][idx[b]] += 1
    po = sum(conf[i][i] for i in range(3)) / n
    pe = sum(sum(conf[i]) * sum(conf[j][i] for j in range(3)) for i in range(3)) / (n * n)
    return po, (po - pe) / (1 - pe) if pe < 1 else 1.0


def decide(p, low, high):
    return "detected" if p >= high else ("missed" if p < low else "partial")


def shares(labels):
    n = max(1, len(labels))
    return [sum(1 for l in labels if l == c) / n for c in CLASSES]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keygrader", default=os.path.join(ROOT, "build/native/keygrader"))
    ap.add_argument("--labels", default=os.path.join(ROOT, "bench/devset_real/labels.json"))
    ap.add_argument("--out", default=os.path.join(ROOT, "src/core/suggest/model_weights.inc"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tsv = os.path.join(tmp, "features.tsv")
        subprocess.run([args.keygrader, "eval-suggest", args.labels, "--features", tsv],
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        with open(tsv, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    names = header[7:]
    tune = [r for r in rows if r[3] == "tune"]
    if not tune:
        sys.exit("fit_suggest_model: no rows of part 'tune' in " + args.labels)

    def x_of(r):
        return [float(v) for v in r[7:]] + [1.0]

    xs = [x_of(r) for r in tune]
    ys = [0 if r[6] == "missed" else 1 for r in tune]
    d = len(names) + 1
    pooled = fit_logistic(xs, ys, [0.0] * d, POOLED_L2)
    weights = {}
    for pair in PAIRS:
        sel = [i for i, r in enumerate(tune) if r[2] == pair]
        weights[pair] = fit_logistic([xs[i] for i in sel], [ys[i] for i in sel], pooled, PAIR_L2) if sel else pooled

    probs = [sigmoid(sum(w * x for w, x in zip(weights[r[2]], xs[i]))) for i, r in enumerate(tune)]
    labels = [r[6] for r in tune]
    target = shares(labels)
    best = None
    grid = [i / 100 for i in range(5, 96)]
    for low in grid:
        for high in grid:
            if high < low or high - low > 0.2 + 1e-9:
                continue
            pred = [decide(p, low, high) for p in probs]
            s = shares(pred)
            if any(abs(a - b) > 0.10 for a, b in zip(s, target)):
                continue
            po, k = kappa(list(zip(labels, pred)))
            key = (round(k, 9), round(po, 9), -(high - low))
            if best is None or key > best[0]:
                best = (key, low, high)
    if best is None:
        sys.exit("fit_suggest_model: no band keeps the class shares within 10 points")
    _, low, high = best
    pred = [decide(p, low, high) for p in probs]
    po, k = kappa(list(zip(labels, pred)))

    def fmt(v):
        return "%.6f" % v

    lines = ["// Generated by bench/fit_suggest_model.py from %s (part \"tune\", %d rows): do not edit."
             % (os.path.relpath(args.labels, ROOT), len(tune)),
             "// Logistic model of P(a judge says ○ or △) per language pair (key-review), weights in the",
             "// order of kModelFeatureNames, intercept last. Tune part: exact %.3f, kappa %.3f." % (po, k),
             "constexpr const char* kModelFeatureNames[] = {%s};" % ", ".join('"%s"' % n for n in names),
             "constexpr double kModelWeights[%d][%d] = {" % (len(PAIRS), d)]
    for pair in PAIRS:
        lines.append("    {%s},   // %s" % (", ".join(fmt(v) for v in weights[pair]), pair))
    lines += ["};", "constexpr double kModelBandLow = %.2f;" % low, "constexpr double kModelBandHigh = %.2f;" % high, ""]
    text = "\n".join(lines)
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            same = f.read() == text
        print("model table %s the fit" % ("matches" if same else "DIFFERS from"))
        sys.exit(0 if same else 1)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print("tune: %d rows, exact %.3f, kappa %.3f, band [%.2f, %.2f)" % (len(tune), po, k, low, high))
    for pair in PAIRS:
        print("  %s: %s" % (pair, " ".join("%s=%+.2f" % (n, w) for n, w in zip(names + ["bias"], weights[pair]))))


if __name__ == "__main__":
    main()
