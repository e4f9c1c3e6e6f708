#!/usr/bin/env bash
# Generated benchmark folders (tests/gen/make-benchmark.mjs) read back as the manifest says:
# every key parses with the manifest's problem count, and every judge report, read against
# its key with `keygrader agree`, states the manifest's verdicts, bonus and penalty counts,
# and passes or fails the arithmetic audit exactly where the manifest says it should (the
# tricky statements of the manifest's "tricky" lists are no slips; its "slips" are).
# Usage: bash tests/cli/generated_folders.sh /path/to/keygrader   (cwd = repo root)
# GEN_ARGS="--perspectives 10 --rounds 13" runs it at real scale (slow).
set -u
KG=${1:?usage: generated_folders.sh /path/to/keygrader}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v node >/dev/null || fail "node is needed to run tests/gen/make-benchmark.mjs"
# shellcheck disable=SC2086
node tests/gen/make-benchmark.mjs "$TMP/bench" ${GEN_ARGS:-} >/dev/null || fail "the generator failed"
node tests/gen/make-benchmark.mjs "$TMP/again" ${GEN_ARGS:-} >/dev/null || fail "the generator failed (second run)"
diff -r "$TMP/bench" "$TMP/again" >/dev/null || fail "the generator is not deterministic (two runs differ)"

python3 - "$KG" "$TMP/bench" <<'EOF' || exit 1
import json, os, subprocess, sys
kg, root = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(root, "manifest.json")))
SYM = {"detected": "○", "partial": "△", "missed": "×"}
errors = []
def err(msg):
    errors.append(msg)

def run(args):
    p = subprocess.run([kg] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

files = m["files"]
paths = {f["path"] for f in files}
for f in files:
    if not os.path.isfile(os.path.join(root, f["path"])):
        err(f"{f['path']}: listed in the manifest but not written")
    if f["kind"] not in m["kinds"]:
        err(f"{f['path']}: unknown kind {f['kind']}")
    if f["kind"] in ("review", "judge") and f["key"] not in paths:
        err(f"{f['path']}: links to {f['key']}, which is not in the manifest")

keys = [f for f in files if f["kind"] == "key"]
judges = [f for f in files if f["kind"] == "judge"]
if not keys or not judges:
    err("no keys or no judge reports generated")
if sum(1 for k in keys if k["language"] == "ja") * 3 < len(keys):
    err("fewer than a third of the keys are Japanese")

for k in keys:
    rc, out, errtext = run(["parse-key", os.path.join(root, k["path"]), "--json"])
    if rc != 0:
        err(f"{k['path']}: parse-key exit {rc}: {errtext.strip()}")
        continue
    d = json.loads(out)
    ids = [p["id"] for p in d["problems"]]
    if ids != k["problem_ids"]:
        err(f"{k['path']}: problems {ids}, manifest {k['problem_ids']}")
    if len(d["problems"]) != k["problems"]:
        err(f"{k['path']}: {len(d['problems'])} problems, manifest {k['problems']}")
    if [b["id"] for b in d.get("bonus", [])] != k["bonus_ids"]:
        err(f"{k['path']}: bonus {[b['id'] for b in d.get('bonus', [])]}, manifest {k['bonus_ids']}")
    if d.get("warnings"):
        err(f"{k['path']}: warnings {d['warnings'][:2]}")

for j in judges:
    rc, out, errtext = run(["agree", "--key", os.path.join(root, j["key"]),
                            "--judge", os.path.join(root, j["path"]), "--json"])
    where = f"{j['path']} ({j['shape']})"
    if rc != 0:
        err(f"{where}: agree exit {rc}: {errtext.strip()}")
        continue
    d = json.loads(out)
    runs = {r["run"]: r for r in d["runs"]}
    if sorted(runs) != [r["run"] for r in j["runs"]]:
        err(f"{where}: runs {sorted(runs)}, manifest {[r['run'] for r in j['runs']]}")
        continue
    for mr in j["runs"]:
        r = runs[mr["run"]]
        got = {p["id"]: SYM.get(p["verdict"], "?") for p in r["problems"]}
        if got != mr["verdicts"]:
            diff = {i: (got.get(i), v) for i, v in mr["verdicts"].items() if got.get(i) != v}
            err(f"{where}: run {mr['run']} verdicts differ (read, manifest): {diff}")
        if r["bonus"] != mr["bonus"] or r["penalty"] != mr["penalty"]:
            err(f"{where}: run {mr['run']} bonus/penalty {r['bonus']}/{r['penalty']}, manifest {mr['bonus']}/{mr['penalty']}")
        if r["arithmetic_ok"] != mr["arithmetic_ok"]:
            err(f"{where}: run {mr['run']} arithmetic_ok {r['arithmetic_ok']}, manifest {mr['arithmetic_ok']}: {[i['message'] for i in r['issues']]}")
        if r.get("stated_score") != mr["stated"]["score"]:
            err(f"{where}: run {mr['run']} stated score {r.get('stated_score')}, manifest {mr['stated']['score']}")
    ok_prompt = all(r["arithmetic_ok"] for r in j["runs"])
    for p in d["prompts"]:
        if ok_prompt and not p["arithmetic_ok"]:
            err(f"{where}: prompt flagged: {[i['message'] for i in p['issues']]}")
        if not ok_prompt and p["arithmetic_ok"]:
            err(f"{where}: the slip in the manifest is not flagged at the prompt level")
    if d["warnings"]:
        err(f"{where}: warnings {[w['message'] for w in d['warnings']][:3]}")

if errors:
    for e in errors[:40]:
        print("FAIL:", e, file=sys.stderr)
    print(f"FAIL: {len(errors)} problem(s) over {len(keys)} keys and {len(judges)} judge reports", file=sys.stderr)
    sys.exit(1)
print(f"ok: {len(keys)} keys, {len(judges)} judge reports, {len(files)} files")
EOF
