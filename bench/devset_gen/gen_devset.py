#!/usr/bin/env python3
"""Deterministic generator of the realistic suggestion dev set (bench/devset_real/).

Real reviews are long (10-60 KB), tiered ("TIER 1: CRITICAL ISSUES", "## 重大な問題"), restate
their findings in summary tables, put several problems in one finding, leave relevant text in
"Recommendations" chapters or **bold leads**, and carry distractor findings that share words
with problems. Most reviews of Japanese keys are in English. Labels follow how real LLM judges
label: ○ whenever the finding addresses the mechanism and its risk even loosely, △ for a related
but generic point, × otherwise (~67/13/21), with some judge noise.

Keys 0-7 are for tuning; keys 8-9 (one English, one Japanese) and the last two reviews of
every tuning key are held back: never look at them while tuning.

    python3 bench/devset_gen/gen_devset.py [OUT_DIR]      (default bench/devset_real)
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from concepts import CONCEPTS  # noqa: E402
from filler import FILLER_EN, FILLER_JA, BONUS_EN, BONUS_JA, SYSTEMS  # noqa: E402

SEED = 20261202

# (key language, perspective, concept indices); the last two are held back.
KEYS = [
    ("en", "reliability", [0, 1, 13, 14, 5, 6]),
    ("en", "performance", [2, 3, 4, 7, 8, 5]),
    ("en", "security", [9, 10, 11, 12, 15, 1]),
    ("en", "architecture", [0, 6, 2, 9, 14, 13]),
    ("en", "operations", [3, 4, 11, 15, 12, 7]),
    ("ja", "performance", [2, 3, 4, 5, 6, 8]),
    ("ja", "security", [9, 10, 11, 12, 15, 0]),
    ("ja", "reliability", [0, 1, 13, 14, 7, 8]),
    ("en", "reliability", [16, 17, 18, 2, 11, 14]),
    ("ja", "reliability", [19, 20, 21, 1, 6, 10]),
]
HELD_KEYS = {8, 9}
REVIEWS_PER_KEY = 8
HELD_REVIEWS = {6, 7}          # of each tuning key

PERSPECTIVE_JA = {"reliability": "信頼性", "performance": "パフォーマンス", "security": "セキュリティ",
                  "architecture": "アーキテクチャ", "operations": "運用性"}
SEVERITY = ["Critical", "Critical", "Significant", "Significant", "Moderate", "Moderate"]
SEVERITY_JA = ["重大", "重大", "重要", "重要", "中", "中"]


def key_markdown(k, lang, perspective, concepts, system):
    c = [CONCEPTS[i][lang]["key"] for i in concepts]
    s = system[lang]
    out = []
    if lang == "en":
        out += ["# Answer Key - Round %03d" % (101 + k), "", "## Execution Conditions",
                "- **Perspective**: %s" % perspective, "- **Target**: design",
                "- **Embedded Problems**: %d" % len(c), "", "## Embedded Problem Details", ""]
        for n, p in enumerate(c):
            out += ["### P%02d: %s" % (n + 1, p["title"].replace("{s}", s)),
                    "- **Category**: %s" % p["cat"], "- **Severity**: %s" % SEVERITY[n],
                    "- **Location**: Section %d" % (3 + n % 4),
                    "- **Problem Description**: %s" % p["desc"].replace("{s}", s),
                    "- **Detection Criteria**:",
                    "  - ○ (Detected): %s" % p["det"], "  - △ (Partial): %s" % p["part"],
                    "  - × (Not Detected): %s" % p["miss"], ""]
        out += ["## Bonus Problem Candidates", "", "| ID | Category | Content | Bonus Criteria |",
                "|----|---------|---------|----------------|"]
        for b, bonus in enumerate(BONUS_EN[k % 3 * 2:k % 3 * 2 + 2]):
            out.append("| B%02d | %s | %s | %s |" % (b + 1, bonus["cat"], bonus["content"], bonus["criteria"]))
    else:
        out += ["# 正解キー - Round %03d" % (101 + k), "", "## 実行条件",
                "- **観点**: %s" % PERSPECTIVE_JA[perspective], "- **対象**: 設計書",
                "- **埋め込み問題数**: %d問" % len(c), "", "## 埋め込み問題一覧", ""]
        for n, p in enumerate(c):
            out += ["### P%02d: %s" % (n + 1, p["title"].replace("{s}", s)),
                    "- **カテゴリ**: %s" % p["cat"], "- **深刻度**: %s" % SEVERITY_JA[n],
                    "- **該当箇所**: 第%d章" % (3 + n % 4),
                    "- **問題の説明**: %s" % p["desc"].replace("{s}", s),
                    "- **検出判定基準**:",
                    "  - ○（検出）: %s" % p["det"], "  - △（部分検出）: %s" % p["part"],
                    "  - ×（未検出）: %s" % p["miss"], ""]
        out += ["## ボーナス問題候補", "", "| ID | カテゴリ | 内容 | ボーナス判定基準 |",
                "|----|---------|------|----------------|"]
        for b, bonus in enumerate(BONUS_JA[k % 3 * 2:k % 3 * 2 + 2]):
            out.append("| B%02d | %s | %s | %s |" % (b + 1, bonus["cat"], bonus["content"], bonus["criteria"]))
    return "\n".join(out) + "\n"


class Review:
    """Builds one review: tiers of findings, summary table, recommendations, filler."""

    def __init__(self, rng, lang, system, shape):
        self.rng, self.lang, self.system, self.shape = rng, lang, system, shape
        self.tiers = [[], [], []]        # findings: (title, [paragraphs])
        self.recommendations = []        # bullets (may carry a problem in a **bold lead**)
        self.positive = []

    def filler(self, n):
        pool = FILLER_EN if self.lang == "en" else FILLER_JA
        return " ".join(self.rng.choice(pool).replace("{s}", self.system) for _ in range(n))

    def add(self, tier, title, paragraphs):
        self.tiers[tier].append((title, paragraphs))

    def render(self, target_bytes, perspective):
        r, en = self.rng, self.lang == "en"
        tier_names_en = [["TIER 1: CRITICAL ISSUES", "TIER 2: SIGNIFICANT ISSUES", "TIER 3: MINOR ISSUES"],
                         ["Critical Issues", "Significant Issues", "Moderate Issues"],
                         ["1. Critical", "2. High", "3. Medium"]]
        tier_names_ja = [["重大な問題", "重要な問題", "軽微な問題"],
                         ["TIER 1: 重大", "TIER 2: 重要", "TIER 3: 改善提案"],
                         ["1. 致命的な指摘", "2. 重要な指摘", "3. その他の指摘"]]
        names = (tier_names_en if en else tier_names_ja)[self.shape % 3]
        prefix = ["C", "S", "M"]
        out = []
        if en:
            out += ["# %s Design Review: %s" % (perspective.title(), self.system), "",
                    "## Executive Summary", "", self.filler(6), ""]
        else:
            out += ["# %s: %s 設計レビュー" % (PERSPECTIVE_JA[perspective], self.system), "",
                    "## 総評", "", self.filler(5), ""]
        # Summary table restating the findings (not findings themselves).
        out += ["| # | Severity | Finding |" if en else "| # | 深刻度 | 指摘 |", "|---|---|---|"]
        for t, tier in enumerate(self.tiers):
            for n, (title, _) in enumerate(tier):
                out.append("| %s%d | %s | %s |" % (prefix[t], n + 1, names[t], title))
        out.append("")
        body = []
        for t, tier in enumerate(self.tiers):
            if not tier:
                continue
            body += ["## " + names[t], ""]
            for n, (title, paras) in enumerate(tier):
                body += ["### %s%d. %s" % (prefix[t], n + 1, title), ""]
                for p in paras:
                    body += [p, ""]
        out += body
        out += ["## Recommendations" if en else "## 推奨事項", ""]
        for b in self.recommendations:
            out += ["- " + b]
        out += ["", "## On-call and Ownership" if en else "## 運用体制", "",
                "| Role | Responsibility |" if en else "| 役割 | 責任 |", "|---|---|"]
        roles = (["SRE on-call", "Primary responder for incidents"], ["Tech lead", "Owns the fixes above"],
                 ["DBA", "Reviews index and schema changes"]) if en else \
                (["SRE当番", "障害の一次対応"], ["テックリード", "上記の修正の責任者"], ["DBA", "スキーマ変更のレビュー"])
        for a, b in roles:
            out.append("| %s | %s |" % (a, b))
        out += ["", "## Positive Aspects" if en else "## 良い点", ""]
        for p in self.positive:
            out += ["- " + p]
        out.append("")
        text = "\n".join(out)
        # Pad to the target size with design commentary in an appendix.
        extra = []
        while len(text.encode()) + sum(len(e.encode()) for e in extra) < target_bytes:
            extra.append(("### " if extra else "## Appendix: Detailed Notes\n\n### ") +
                         ("Note %d" % (len(extra) + 1) if en else "補足 %d" % (len(extra) + 1)) +
                         "\n\n" + self.filler(8) + "\n")
        return text + "\n" + "\n".join(extra)


def para(rng, lang, kind, text):
    labels = {"en": {"problem": "**Problem.** ", "impact": "**Impact.** ", "fix": "**Recommendation.** "},
              "ja": {"problem": "**問題点**: ", "impact": "**影響**: ", "fix": "**推奨対策**: "}}
    return labels[lang][kind] + text


def render_problem(rng, rv, lang, label, concept, review, sysname, other_rv):
    """Puts one problem into the review the way its label says, in one of the real shapes."""
    t = lambda s: s.replace("{s}", sysname)
    pick = rng.choice
    if label == "detected":
        shape = rng.random()
        mech, risk, fix = pick(rv["mech"]), pick(rv["risk"]), pick(rv["fix"])
        tier = rng.choice([0, 0, 1, 1, 2])
        if shape < 0.55:          # its own finding, full
            review.add(tier, t(pick(rv["titles"])), [para(rng, lang, "problem", mech + " " + review.filler(2)),
                                                   para(rng, lang, "impact", risk + " " + review.filler(1)),
                                                   para(rng, lang, "fix", fix)])
        elif shape < 0.70:        # loosely: mechanism only, under a vaguer title, long body
            review.add(tier, t(pick(rv["titles"])), [review.filler(3) + " " + mech + " " + review.filler(3),
                                                   review.filler(4)])
        elif shape < 0.85:        # merged into a finding about another problem
            return ("merge", mech + " " + risk)
        else:                     # in the recommendations chapter, behind a bold lead
            review.recommendations.append("**%s** %s %s" % (t(pick(rv["titles"])), mech, fix))
    elif label == "partial":
        g = pick(rv["generic"])
        if rng.random() < 0.6:
            review.add(2, t(pick(rv["generic"])[:60].rstrip(" .。") ), [g + " " + review.filler(3)])
        else:
            return ("merge", g)
    else:
        r = rng.random()
        if r < 0.35:              # distractor: shares words, says nothing about the problem
            kw = pick(rv["kw"])
            if lang == "en":
                review.positive.append("The %s part of the design is clearly documented and %s." %
                                       (kw, rng.choice(["follows common practice", "looks reasonable",
                                                        "has a helpful diagram"])))
            else:
                review.positive.append("%sに関する記述は明確で、%s。" % (kw, rng.choice(["妥当である", "図も分かりやすい"])))
        elif r < 0.5:             # the other language's vocabulary, unrelated finding words
            review.add(2, review.filler(1)[:50].rstrip(" .。"), [review.filler(4)])
    return None


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "devset_real")
    out_dir = os.path.normpath(out_dir)
    rng = random.Random(SEED)
    os.makedirs(os.path.join(out_dir, "keys"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "reviews"), exist_ok=True)
    entries = []
    for k, (klang, perspective, concepts) in enumerate(KEYS):
        system = SYSTEMS[k]
        key_name = "keys/answer-key-round-%03d-%s%s.md" % (101 + k, perspective, "-ja" if klang == "ja" else "")
        with open(os.path.join(out_dir, key_name), "w", encoding="utf-8") as f:
            f.write(key_markdown(k, klang, perspective, concepts, system))
        for r in range(REVIEWS_PER_KEY):
            # JA keys: ~70% English reviews; EN keys: ~20% Japanese reviews.
            if klang == "ja":
                rlang = "ja" if r in (1, 5) else "en"
            else:
                rlang = "ja" if r == 3 and k % 2 == 0 or r == 6 and k % 2 == 1 else "en"
            review = Review(rng, rlang, system[rlang], shape=rng.randrange(3))
            labels, merges = {}, []
            # Per review, a quality level: strong reviews find more.
            quality = rng.choice([0.55, 0.65, 0.75, 0.85])
            for n, ci in enumerate(concepts):
                x = rng.random()
                label = "detected" if x < quality else ("partial" if x < quality + (1 - quality) * 0.33 else "missed")
                rv = CONCEPTS[ci][rlang]
                res = render_problem(rng, rv, rlang, label, CONCEPTS[ci], review, system[rlang], None)
                if res:
                    merges.append((n, res[1]))
                labels["P%02d" % (n + 1)] = label
            # Merged problems ride in a finding of another topic (bonus-like or a real one).
            for n, text in merges:
                bonus = rng.choice(BONUS_EN if rlang == "en" else BONUS_JA)
                review.add(rng.randrange(3), bonus["title"], [review.filler(2) + " " + bonus["body"],
                                                              text + " " + review.filler(2)])
            # Real bonus findings (not in the key's problems).
            for _ in range(rng.randrange(1, 4)):
                bonus = rng.choice(BONUS_EN if rlang == "en" else BONUS_JA)
                review.add(rng.randrange(1, 3), bonus["title"], [bonus["body"] + " " + review.filler(3)])
            for tier in review.tiers:
                rng.shuffle(tier)
            # Judge noise: real judges disagree with themselves ~13% of the time.
            for pid in labels:
                if rng.random() < 0.08:
                    labels[pid] = {"detected": "partial", "partial": rng.choice(["detected", "missed"]),
                                   "missed": "partial"}[labels[pid]]
            target = rng.choice([10, 14, 18, 24, 30, 40, 55]) * 1000
            text = review.render(target, perspective)
            rname = "reviews/k%03d/r%d-%s.md" % (101 + k, r + 1, rlang)
            os.makedirs(os.path.join(out_dir, os.path.dirname(rname)), exist_ok=True)
            with open(os.path.join(out_dir, rname), "w", encoding="utf-8") as f:
                f.write(text)
            held = k in HELD_KEYS or r in HELD_REVIEWS
            entries.append({"review": rname, "key": key_name, "lang": "%s-%s" % (klang, rlang),
                            "part": "held" if held else "tune", "labels": labels})
    with open(os.path.join(out_dir, "labels.json"), "w", encoding="utf-8") as f:
        json.dump({"reviews": entries}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    counts = {}
    for e in entries:
        for v in e["labels"].values():
            counts[v] = counts.get(v, 0) + 1
    total = sum(counts.values())
    print("%d reviews, %d labels: %s" % (len(entries), total,
          ", ".join("%s %.0f%%" % (k, 100.0 * v / total) for k, v in sorted(counts.items()))))


if __name__ == "__main__":
    main()
