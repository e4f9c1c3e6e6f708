#!/usr/bin/env bash
# keygrader scan on generated benchmark folders of the real shape (tests/gen/make-benchmark.mjs:
# two perspectives with colliding file names, Japanese keys titled only "# 正解キー", scoring
# reports, prompts/, reports/, knowledge.md): every file gets the manifest's kind, every review
# and judge report links to its own folder's round key; score FOLDER --adopt-judge grades from
# the judge reports; a missing folder is exit 2 naming it.
set -uo pipefail
KG=${1:?usage: scan.sh path/to/keygrader}
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
node tests/gen/make-benchmark.mjs "$TMP/bench" >/dev/null || { echo "FAIL: generator"; exit 1; }
timeout 120 "$KG" scan "$TMP/bench/reliability-design" "$TMP/bench/security-design" --json >"$TMP/scan.json" 2>"$TMP/scan.err"
rc=$?
if [ $rc != 0 ]; then echo "FAIL: scan exit $rc: $(head -3 "$TMP/scan.err")"; exit 1; fi
node --input-type=module - "$TMP/bench/manifest.json" "$TMP/scan.json" <<'JS' || fail=1
import { readFileSync } from 'node:fs';
const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const scan = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const byPath = new Map(scan.files.map((f) => [f.path, f]));
let bad = 0;
const complain = (m) => { if (bad++ < 20) console.log('FAIL: ' + m); };
for (const f of manifest.files) {
  const s = byPath.get(f.path);
  if (!s) { complain(`${f.path}: not in the scan`); continue; }
  if (s.kind !== f.kind) complain(`${f.path}: kind ${s.kind} (${s.reason}), expected ${f.kind}`);
  if ((f.kind === 'review' || f.kind === 'judge') && s.key !== f.key) {
    complain(`${f.path}: linked to '${s.key}', expected '${f.key}'`);
  }
  if (f.kind === 'review' && (s.run !== f.run || s.prompt !== f.prompt)) {
    complain(`${f.path}: prompt/run ${s.prompt}/${s.run}, expected ${f.prompt}/${f.run}`);
  }
  if (s.folder !== f.folder) complain(`${f.path}: folder ${s.folder}, expected ${f.folder}`);
}
if (scan.files.length !== manifest.files.length) {
  complain(`scan lists ${scan.files.length} files, the manifest ${manifest.files.length}`);
}
console.log(bad ? `scan.sh: ${bad} mismatches` : `scan.sh: ${manifest.files.length} files: kinds and links as generated`);
process.exit(bad ? 1 : 0);
JS
# Score a folder from its judge reports: every judged run is fully graded from the judge.
timeout 120 "$KG" score "$TMP/bench/reliability-design" --json --adopt-judge >"$TMP/score.json" 2>"$TMP/score.err"
rc=$?
if [ $rc != 0 ]; then echo "FAIL: score --adopt-judge exit $rc"; fail=1; fi
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const keys = s.keys || [];
if (!keys.length) { console.log("FAIL: no keys scored"); process.exit(1); }
let prompts = 0;
for (const k of keys) for (const p of k.prompts || []) prompts += p.runs_graded;
if (!prompts) { console.log("FAIL: no fully graded run from the adopted verdicts"); process.exit(1); }
' "$TMP/score.json" || fail=1
# Without adopting, nothing is graded: no statistics are made up.
timeout 120 "$KG" score "$TMP/bench/reliability-design" --json >"$TMP/ungraded.json" 2>/dev/null
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const k of s.keys || []) for (const p of k.prompts || []) {
  if (p.runs_graded !== 0) { console.log("FAIL: statistics from ungraded runs"); process.exit(1); }
}
' "$TMP/ungraded.json" || fail=1
"$KG" scan "$TMP/no-such-folder" >/dev/null 2>"$TMP/err"
[ $? = 2 ] && grep -q "no-such-folder" "$TMP/err" || { echo "FAIL: missing folder"; fail=1; }
exit $fail
