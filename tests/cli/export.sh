#!/usr/bin/env bash
# `keygrader export`: the workflow's own files from a generated benchmark folder
# (tests/gen/make-benchmark.mjs). With the judge's verdicts adopted as the grades, every exported
# scoring file, read back as a judge report (`keygrader agree`), states the manifest's verdicts,
# bonus and penalty counts, with its arithmetic right; one file per prompt and round; Japanese
# headings for Japanese keys; existing files are never overwritten without --force.
# Usage: bash tests/cli/export.sh /path/to/keygrader   (cwd = repo root)
set -u
KG=${1:?usage: export.sh /path/to/keygrader}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v node >/dev/null || fail "node is needed to run tests/gen/make-benchmark.mjs"
node tests/gen/make-benchmark.mjs "$TMP/bench" --perspectives 2 --rounds 2 >/dev/null || fail "the generator failed"

timeout 120 "$KG" export "$TMP/bench" --adopt-judge --out "$TMP/out" >"$TMP/written" 2>"$TMP/err" ||
  fail "export exit $?: $(cat "$TMP/err")"

python3 - "$KG" "$TMP/bench" "$TMP/out" "$TMP/written" <<'PY' || exit 1
import json, os, subprocess, sys
kg, root, out, written = sys.argv[1:5]
m = json.load(open(os.path.join(root, "manifest.json")))
SYM = {"detected": "○", "partial": "△", "missed": "×"}
errors = []
files = m["files"]
judges = [f for f in files if f["kind"] == "judge"]
keys = {f["path"]: f for f in files if f["kind"] == "key"}
lines = [l for l in open(written).read().splitlines() if l]
# The folder's own name is the first part of every path (the CLI opened "bench").
expect = set()
for j in judges:
    folder = os.path.dirname(os.path.dirname(j["path"]))
    expect.add(os.path.join(out, "bench", folder, "results", os.path.basename(j["path"])))
for k in keys.values():
    expect.add(os.path.join(out, "bench", k["folder"], "reports", "round-%03d-comparison.md" % k["round"]))
if set(lines) != expect:
    errors.append(f"written {sorted(set(lines) ^ expect)[:6]} differ from the expected set")
for j in judges:
    folder = os.path.dirname(os.path.dirname(j["path"]))
    exported = os.path.join(out, "bench", folder, "results", os.path.basename(j["path"]))
    if not os.path.isfile(exported):
        continue
    key = keys[j["key"]]
    text = open(exported, encoding="utf-8").read()
    if key["language"] == "ja" and "## Run 1 採点" not in text:
        errors.append(f"{exported}: Japanese key, no Japanese headings")
    if key["language"] == "en" and "## Run 1 Scoring" not in text:
        errors.append(f"{exported}: English key, no English headings")
    p = subprocess.run([kg, "agree", "--key", os.path.join(root, j["key"]), "--judge", exported, "--json"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        errors.append(f"{exported}: agree exit {p.returncode}: {p.stderr.strip()}")
        continue
    d = json.loads(p.stdout)
    runs = {r["run"]: r for r in d["runs"]}
    for mr in j["runs"]:
        r = runs.get(mr["run"])
        if r is None:
            errors.append(f"{exported}: run {mr['run']} missing")
            continue
        got = {x["id"]: SYM.get(x["verdict"], "?") for x in r["problems"]}
        if got != mr["verdicts"]:
            errors.append(f"{exported}: run {mr['run']} verdicts {got} != manifest {mr['verdicts']}")
        if r["bonus"] != mr["bonus"] or r["penalty"] != mr["penalty"]:
            errors.append(f"{exported}: run {mr['run']} bonus/penalty {r['bonus']}/{r['penalty']} != {mr['bonus']}/{mr['penalty']}")
        if not r["arithmetic_ok"]:
            errors.append(f"{exported}: run {mr['run']}: our own arithmetic flagged: {[i['message'] for i in r['issues']]}")
    if d["warnings"]:
        errors.append(f"{exported}: warnings {[w['message'] for w in d['warnings']][:3]}")
if errors:
    for e in errors[:20]:
        print("FAIL:", e, file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(lines)} files exported and read back")
PY

# Never over the top of existing files without --force; nothing half written.
"$KG" export "$TMP/bench" --out "$TMP/out" >/dev/null 2>"$TMP/err"; rc=$?
[ "$rc" = 2 ] || fail "a second export over the same files: exit $rc, expected 2"
grep -q "exists (use --force to overwrite); nothing written" "$TMP/err" || fail "refusal message: $(cat "$TMP/err")"
"$KG" export "$TMP/bench" --out "$TMP/out" --force >/dev/null 2>&1 || fail "--force should overwrite"
# One key only.
n=$("$KG" export "$TMP/bench" --out "$TMP/one" --key bench/security-design/answer-key-round-009.md | wc -l)
[ "$n" = 4 ] || fail "--key: $n files, expected 3 scoring files and one comparison"
"$KG" export "$TMP/bench" --out "$TMP/none" --key no-such.md >/dev/null 2>&1; [ $? = 2 ] || fail "--key of no key should exit 2"
echo "export.sh: ok"
