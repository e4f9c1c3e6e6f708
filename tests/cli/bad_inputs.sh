#!/usr/bin/env bash
# The bad-input catalog for the `keygrader` command line (issue 6, "Faults and bad input").
#   bash tests/cli/bad_inputs.sh /path/to/keygrader        (CTest runs it from the repo root)
#
# Every input is generated into a temporary folder at test time (the 50 MB file is never
# committed). Each case states the exit code it expects and, for refusals, that stderr is ONE
# line naming the file (and the line where that applies). For every case: no crash (an exit
# code >= 128 is a signal) and no hang (each run is wrapped in `timeout 60`, exit 124).
# Inputs that must still parse are checked by content too (problem counts, same output as the
# clean file), so a parser that "survives" by dropping everything fails here.
set -u
KG=${1:?usage: bad_inputs.sh /path/to/keygrader}
KG=$(cd "$(dirname "$KG")" && pwd)/$(basename "$KG")
ROOT=$(pwd)
KEY=$ROOT/keys/answer-key-round-008.md
REVIEW=$ROOT/assets/reviews/v008-baseline-run1.md
WS_V1=$ROOT/tests/fixtures/workspace/v1.json
for f in "$KEY" "$REVIEW" "$WS_V1"; do
    [ -f "$f" ] || { echo "bad_inputs: missing $f (run from the repo root)" >&2; exit 1; }
done

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0
cases=0

fail() {
    echo "FAIL [$CASE]: $*" >&2
    failures=$((failures + 1))
}

# run CASE_NAME CMD ARGS... : runs under `timeout $RUN_TIMEOUT` (60 s, 20 s for the issue 14
# cases, whose every answer is immediate or after a 1-2 s wait); sets RC, OUT, ERR (files).
RUN_TIMEOUT=60
run() {
    CASE=$1
    shift
    cases=$((cases + 1))
    OUT=$T/out.$cases
    ERR=$T/err.$cases
    timeout "$RUN_TIMEOUT" "$@" >"$OUT" 2>"$ERR"
    RC=$?
    if [ "$RC" -eq 124 ]; then
        fail "hung: no answer within $RUN_TIMEOUT s ($*)"
    elif [ "$RC" -ge 128 ]; then
        fail "crashed with signal $((RC - 128)) ($*): $(head -c 300 "$ERR")"
    fi
}

expect_rc() {
    [ "$RC" -eq "$1" ] || fail "exit $RC, expected $1; stderr: $(head -c 300 "$ERR")"
}

# refused FILE [ERE...]: exit 2, exactly one stderr line naming FILE and matching every ERE.
refused() {
    local file=$1
    shift
    expect_rc 2
    local lines
    lines=$(grep -c '' "$ERR")
    [ "$lines" -eq 1 ] || fail "stderr has $lines lines, expected one: $(head -c 300 "$ERR")"
    grep -qF "$(basename "$file")" "$ERR" || fail "message does not name $(basename "$file"): $(cat "$ERR")"
    # Match the message without the file's name in it ("empty.md" must not pass for "empty").
    local re message
    message=$(grep -v '^$' "$ERR" | sed "s|$file||g; s|$(basename "$file")||g")
    for re in "$@"; do
        grep -qiE "$re" <<<"$message" || fail "message lacks /$re/: $(cat "$ERR")"
    done
}

# json_check PYTHON_EXPRESSION: evaluates it with `d` = the JSON on stdout; must be true.
json_check() {
    python3 - "$OUT" "$1" <<'EOF' || fail "stdout check failed: $1"
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception as e:
    print("not JSON:", e, file=sys.stderr); sys.exit(1)
ok = eval(sys.argv[2])
if not ok:
    print("false:", sys.argv[2], "on", json.dumps(d, ensure_ascii=False)[:400], file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}

has_command() { "$KG" --help 2>&1 | grep -qE "keygrader $1( |$)"; }

# ---- generate the inputs -------------------------------------------------------------------
python3 - "$T" "$KEY" "$REVIEW" "$WS_V1" <<'EOF'
import json, os, sys
t, key_path, review_path, ws_path = sys.argv[1:5]
key = open(key_path, "rb").read()
review = open(review_path, "rb").read()
ws_v1 = open(ws_path, "rb").read()
def w(name, data):
    with open(os.path.join(t, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

# Binary: a PNG signature and header, NUL bytes early.
w("diagram.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64)
w("archive.json", b"\x1f\x8b\x08\x00" + bytes(range(256)) * 64)   # a gzip header
# A review saved as UTF-16 (Windows Notepad's "Unicode"): NUL bytes all over.
w("utf16-review.md", "\ufeff# Review\n\n### C1. Retry storm\n".encode("utf-16-le"))
# Invalid UTF-8 on line 5 of an otherwise valid key / review (a lone 0xFF, a cut sequence).
lines = key.split(b"\n")
lines[4] = lines[4] + b" \xff\xfe broken"
w("invalid-utf8-key.md", b"\n".join(lines))
lines = review.split(b"\n")
lines[6] = lines[6] + b" \xe3\x81"      # a truncated 3-byte sequence
w("invalid-utf8-review.md", b"\n".join(lines))
# BOM, CRLF, and both.
w("bom-key.md", b"\xef\xbb\xbf" + key)
w("crlf-key.md", key.replace(b"\n", b"\r\n"))
w("bom-crlf-key.md", b"\xef\xbb\xbf" + key.replace(b"\n", b"\r\n"))
# Reviews keep their file name (prompt and run come from it) in folders of their own.
review_name = os.path.basename(review_path)
for sub, data in (("bom", b"\xef\xbb\xbf" + review), ("crlf", review.replace(b"\n", b"\r\n"))):
    os.makedirs(os.path.join(t, sub), exist_ok=True)
    w(os.path.join(sub, review_name), data)
# Empty and whitespace-only.
w("empty.md", b"")
w("blank.md", b"\n  \r\n\t\n")
w("empty.json", b"")

# 50 MB: a real review repeated (findings keep their ids), and the real key followed by a
# 50 MB appendix of notes (its problems must still be found).
reps = 50 * 1024 * 1024 // len(review) + 1
w("big-review.md", b"\n\n".join([review] * reps))
para = (b"Appendix note: the grader compared every retry path with the runbook, "
        b"line by line, and found nothing new to add here.\n\n")
w("big-key.md", key + b"\n\n## Appendix\n\n" + para * (50 * 1024 * 1024 // len(para) + 1))

# 10,000 problems, declared as such, numbered P1 ... P10000.
out = ["# Answer Key - Round 010", "", "## Execution Conditions",
       "- **Perspective**: reliability", "- **Target**: design",
       "- **Embedded Problems**: 10000", "", "## Embedded Problem Details", ""]
for i in range(1, 10001):
    out += [f"### P{i}: Problem number {i}",
            "- **Category**: Fault Recovery Design", "- **Severity**: Critical",
            f"- **Location**: Section {i % 12 + 1}",
            f"- **Problem Description**: Planted problem {i}.",
            "- **Detection Criteria**:",
            f"  - ○ (Detected): names problem {i} and its cause",
            f"  - △ (Partial): mentions problem {i} vaguely",
            f"  - × (Not Detected): does not mention problem {i}", ""]
w("key-10000.md", "\n".join(out))

# Duplicate problem ids: the P04 heading renamed to P03 (line recorded for the check).
text = key.decode("utf-8")
klines = text.split("\n")
dup_line = next(i for i, l in enumerate(klines) if l.startswith("### P04:")) + 1
klines[dup_line - 1] = klines[dup_line - 1].replace("### P04:", "### P03:")
w("dup-ids-key.md", "\n".join(klines))
w("dup-ids-line.txt", str(dup_line))

# Deeply nested Markdown: 10,000 block quotes, 10,000 one-line nested lists, 10,000 emphasis
# and bracket openers, 2,000 indented list levels; alone and appended to the real key.
deep = ("> " * 10000 + "deep quote\n\n" +
        "- " * 10000 + "deep list\n\n" +
        "1. " * 5000 + "deep ordered list\n\n" +
        "*" * 10000 + "emphasis" + "*" * 10000 + "\n\n" +
        "[" * 10000 + "link" + "]" * 10000 + "(x)\n\n" +
        "".join("  " * i + "- level %d\n" % i for i in range(2000)) + "\n" +
        "<div>" * 10000 + "\n\n" +
        "| a |\n|---|\n" + "| " + "`" * 10000 + " |\n")
w("deep.md", deep)
w("deep-key.md", text + "\n\n## Appendix\n\n" + deep)

# Reviews in languages the tool does not expect (Russian, Arabic; Arabic is right-to-left).
# Section names are not understood, but findings with their own ids (C1, S2) must be.
w("russian-review.md", """# Обзор надёжности проекта

## Сводка
Проект не защищён от каскадных отказов.

## Критические проблемы

### C1. Нет автоматического выключателя для WeatherAPI
**Ссылка**: Раздел 6
Повторные попытки без ограничения перегружают внешний сервис.

### C2. Нет идемпотентности вебхуков
**Ссылка**: Раздел 5
Повторная доставка события создаёт дубликаты команд.

## Существенные проблемы

### S1. Единственный экземпляр PostgreSQL
**Ссылка**: Раздел 3
Отказ основной базы останавливает систему.
""")
w("arabic-review.md", """# مراجعة موثوقية التصميم

## الملخص
التصميم لا يحمي من الأعطال المتتالية.

### C1. لا يوجد قاطع دائرة لاستدعاءات WeatherAPI
**المرجع**: القسم 6
إعادة المحاولة دون حدود تزيد الحمل على الخدمة الخارجية.

### C2. غياب التكرار الآمن في معالجة الأحداث
**المرجع**: القسم 5
إعادة إرسال الحدث تنشئ أوامر مكررة.
""")

# Workspaces: the v1 fixture (valid, migrates) and broken variants of it.
w("ws-ok.json", ws_v1)
w("ws-truncated.json", ws_v1[: len(ws_v1) * 2 // 3])
doc = json.loads(ws_v1)
doc["version"] = 99
w("ws-newer.json", json.dumps(doc, ensure_ascii=False, indent=2))
doc = json.loads(ws_v1)
doc["reviews"] = "not a list"
w("ws-wrong-type.json", json.dumps(doc, ensure_ascii=False, indent=2))
w("ws-not-workspace.json", json.dumps({"hello": "world"}))
w("ws-deep.json", "[" * 200000 + "]" * 200000)
w("ws-bom.json", b"\xef\xbb\xbf" + ws_v1)
w("ws-crlf.json", ws_v1.replace(b"\n", b"\r\n"))
w("ws-invalid-utf8.json", ws_v1.replace("レビュー".encode(), b"\xff\xfe"))
w("ws-trailing-garbage.json", ws_v1 + b"\n}}} junk")
# 50 MB of workspace: the fixture's first review copied with unique names.
doc = json.loads(ws_v1)
first = doc["reviews"][0]
first["text"] = review.decode("utf-8")
copies = 50 * 1024 * 1024 // len(review) + 1
doc["reviews"] = [dict(first, name=f"v001-p{i}-run1.md", prompt=f"v001-p{i}") for i in range(copies)]
w("ws-big.json", json.dumps(doc, ensure_ascii=False))
w("ws-big-count.txt", str(copies))
EOF
[ $? -eq 0 ] || { echo "bad_inputs: could not generate the inputs" >&2; exit 1; }
DUP_LINE=$(cat "$T/dup-ids-line.txt")
BIG_WS_REVIEWS=$(cat "$T/ws-big-count.txt")

# ---- parse-key -------------------------------------------------------------------------------
run "parse-key clean" "$KG" parse-key "$KEY" --json
expect_rc 0
cp "$OUT" "$T/clean-key.json"
json_check "len(d['problems']) == 9 and len(d['bonus']) == 7"

run "parse-key binary" "$KG" parse-key "$T/diagram.md" --json
refused "$T/diagram.md" "binary"
run "parse-key invalid UTF-8" "$KG" parse-key "$T/invalid-utf8-key.md" --json
refused "$T/invalid-utf8-key.md" "UTF-8" "line 5([^0-9]|$)"
run "parse-key empty" "$KG" parse-key "$T/empty.md" --json
refused "$T/empty.md" "empty"
run "parse-key whitespace only" "$KG" parse-key "$T/blank.md" --json
refused "$T/blank.md" "empty"
for f in bom-key crlf-key bom-crlf-key; do
    run "parse-key $f" "$KG" parse-key "$T/$f.md" --json
    expect_rc 0
    # Same key, same line numbers: the output must not change at all.
    cmp -s "$OUT" "$T/clean-key.json" || fail "output differs from the clean key's"
done
run "parse-key missing file" "$KG" parse-key "$T/no-such-file.md" --json
refused "$T/no-such-file.md" "cannot open|no such|not found"
run "parse-key 50 MB" "$KG" parse-key "$T/big-key.md" --json
expect_rc 0
json_check "len(d['problems']) == 9 and len(d['bonus']) == 7"
run "parse-key 10,000 problems" "$KG" parse-key "$T/key-10000.md" --json
expect_rc 0
json_check "len(d['problems']) == 10000 and d['declared_problems'] == 10000 and d['problems'][9999]['id'] == 'P10000' and d['problems'][9999]['criteria']['partial'] != '' and d['warnings'] == []"
run "parse-key duplicate ids" "$KG" parse-key "$T/dup-ids-key.md" --json
expect_rc 0
# The duplicate is reported as a warning at its own line, naming the id.
json_check "any(w['line'] == $DUP_LINE and 'P03' in w['message'] for w in d['warnings'])"
run "parse-key deep nesting (not a key)" "$KG" parse-key "$T/deep.md" --json
refused "$T/deep.md" "not .*answer key|no .*problem|answer key"
run "parse-key deep nesting after a real key" "$KG" parse-key "$T/deep-key.md" --json
expect_rc 0
json_check "len(d['problems']) == 9 and len(d['bonus']) == 7"
run "parse-key a review is not a key" "$KG" parse-key "$REVIEW" --json
refused "$REVIEW" "not .*answer key|no .*problem|answer key"
run "parse-key Russian review" "$KG" parse-key "$T/russian-review.md" --json
refused "$T/russian-review.md" "not .*answer key|no .*problem|answer key"

# ---- parse-review ----------------------------------------------------------------------------
run "parse-review clean" "$KG" parse-review "$REVIEW" --json
expect_rc 0
cp "$OUT" "$T/clean-review.json"
CLEAN_FINDINGS=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['findings']))" "$OUT" 2>/dev/null || echo 0)
[ "${CLEAN_FINDINGS:-0}" -ge 3 ] || fail "the sample review gave ${CLEAN_FINDINGS:-0} findings"

run "parse-review binary" "$KG" parse-review "$T/diagram.md" --json
refused "$T/diagram.md" "binary"
run "parse-review invalid UTF-8" "$KG" parse-review "$T/invalid-utf8-review.md" --json
refused "$T/invalid-utf8-review.md" "UTF-8" "line 7([^0-9]|$)"
run "parse-review UTF-16" "$KG" parse-review "$T/utf16-review.md" --json
refused "$T/utf16-review.md" "UTF-16|binary|UTF-8"
run "parse-review empty" "$KG" parse-review "$T/empty.md" --json
refused "$T/empty.md" "empty"
for f in bom crlf; do
    run "parse-review $f" "$KG" parse-review "$T/$f/$(basename "$REVIEW")" --json
    expect_rc 0
    cmp -s "$OUT" "$T/clean-review.json" || fail "output differs from the clean review's"
done
run "parse-review 50 MB" "$KG" parse-review "$T/big-review.md" --json
expect_rc 0
BIG_REPS=$(python3 -c "import os,sys; print(50*1024*1024 // os.path.getsize(sys.argv[1]) + 1)" "$REVIEW")
json_check "len(d['findings']) >= $BIG_REPS * $CLEAN_FINDINGS"
run "parse-review deep nesting" "$KG" parse-review "$T/deep.md" --json
expect_rc 0
json_check "isinstance(d['findings'], list)"
run "parse-review Russian" "$KG" parse-review "$T/russian-review.md" --json
expect_rc 0
json_check "[f['id'] for f in d['findings']] == ['C1', 'C2', 'S1'] and d['findings'][2]['line_start'] == 18"
run "parse-review Arabic" "$KG" parse-review "$T/arabic-review.md" --json
expect_rc 0
json_check "[f['id'] for f in d['findings']] == ['C1', 'C2'] and d['findings'][1]['line_start'] == 10"

# ---- score (workspace files) -----------------------------------------------------------------
run "score valid v1 workspace" "$KG" score "$T/ws-ok.json" --json
expect_rc 0
cp "$OUT" "$T/clean-scores.json"
run "score truncated JSON" "$KG" score "$T/ws-truncated.json"
refused "$T/ws-truncated.json" "line [0-9]+"
run "score newer version" "$KG" score "$T/ws-newer.json"
refused "$T/ws-newer.json" "newer" "99"
run "score wrong field type" "$KG" score "$T/ws-wrong-type.json"
refused "$T/ws-wrong-type.json" "reviews"
run "score not a workspace" "$KG" score "$T/ws-not-workspace.json"
refused "$T/ws-not-workspace.json" "workspace|format"
run "score 200,000 nested arrays" "$KG" score "$T/ws-deep.json"
refused "$T/ws-deep.json"
run "score binary" "$KG" score "$T/archive.json"
refused "$T/archive.json"
run "score empty" "$KG" score "$T/empty.json"
refused "$T/empty.json" "empty"
run "score invalid UTF-8 inside a string" "$KG" score "$T/ws-invalid-utf8.json"
refused "$T/ws-invalid-utf8.json" "UTF-8"
run "score trailing garbage" "$KG" score "$T/ws-trailing-garbage.json"
refused "$T/ws-trailing-garbage.json" "line [0-9]+"
for f in ws-bom ws-crlf; do
    # A BOM (Windows editors add one) and CRLF line ends change nothing in JSON.
    run "score $f" "$KG" score "$T/$f.json" --json
    expect_rc 0
    cmp -s "$OUT" "$T/clean-scores.json" || fail "scores differ from the clean workspace's"
done
run "score 50 MB workspace" "$KG" score "$T/ws-big.json" --summary
expect_rc 0
SUMMARY_LINES=$(grep -c 'Mean=' "$OUT")
[ "$SUMMARY_LINES" -eq "$BIG_WS_REVIEWS" ] ||
    fail "summary has $SUMMARY_LINES prompts, expected $BIG_WS_REVIEWS"

# ---- suggest and agree, when this build has them ---------------------------------------------
if has_command suggest; then
    run "suggest binary key" "$KG" suggest --key "$T/diagram.md" --review "$REVIEW" --json
    refused "$T/diagram.md" "binary"
    run "suggest empty review" "$KG" suggest --key "$KEY" --review "$T/empty.md" --json
    refused "$T/empty.md" "empty"
    run "suggest invalid UTF-8 review" "$KG" suggest --key "$KEY" --review "$T/invalid-utf8-review.md" --json
    refused "$T/invalid-utf8-review.md" "UTF-8" "line 7([^0-9]|$)"
    run "suggest a review as the key" "$KG" suggest --key "$REVIEW" --review "$REVIEW" --json
    refused "$REVIEW" "answer key|problem"
    run "suggest Russian review" "$KG" suggest --key "$KEY" --review "$T/russian-review.md" --json
    expect_rc 0
    run "suggest deep nesting" "$KG" suggest --key "$KEY" --review "$T/deep.md" --json
    expect_rc 0
    run "suggest 50 MB review" "$KG" suggest --key "$KEY" --review "$T/big-review.md" --json
    expect_rc 0
    run "suggest 10,000-problem key" "$KG" suggest --key "$T/key-10000.md" --review "$REVIEW" --json
    expect_rc 0
fi
if has_command agree; then
    run "agree binary judge report" "$KG" agree --key "$KEY" --judge "$T/diagram.md" --json
    refused "$T/diagram.md" "binary"
    run "agree empty judge report" "$KG" agree --key "$KEY" --judge "$T/empty.md" --json
    refused "$T/empty.md" "empty"
    run "agree invalid UTF-8 judge report" "$KG" agree --key "$KEY" --judge "$T/invalid-utf8-review.md" --json
    refused "$T/invalid-utf8-review.md" "UTF-8" "line 7([^0-9]|$)"
    run "agree empty key" "$KG" agree --key "$T/empty.md" --judge "$REVIEW" --json
    refused "$T/empty.md" "empty"
    run "agree deep nesting" "$KG" agree --key "$KEY" --judge "$T/deep.md" --json
    [ "$RC" -eq 0 ] || refused "$T/deep.md"
    run "agree corrupt workspace" "$KG" agree --key "$KEY" \
        --judge "$ROOT/tests/fixtures/judge/scoring-v008-baseline.md" \
        --workspace "$T/ws-truncated.json" --json
    refused "$T/ws-truncated.json" "line [0-9]+"
    run "agree newer workspace" "$KG" agree --key "$KEY" \
        --judge "$ROOT/tests/fixtures/judge/scoring-v008-baseline.md" \
        --workspace "$T/ws-newer.json" --json
    refused "$T/ws-newer.json" "newer"
fi

# ---- issue 14: devices, FIFOs, directories, size caps and bounded work ---------------------
# The limits are base/limits.h's: 64 MiB per file, 128 MiB per run, 100,000 problems per key,
# 10,000 problems and problems x review bytes <= 2e9 for suggestions, a FIFO idle wait of KG_INPUT_WAIT_SECONDS
# (1 s here, so the test is quick) and a total wait of KG_INPUT_TOTAL_SECONDS. Every case runs
# under `timeout` (run() above): a read that never ends fails the case as "hung" (exit 124).
export KG_INPUT_WAIT_SECONDS=1
RUN_TIMEOUT=20
WRITERS=()
stop_writers() {
    local p
    for p in "${WRITERS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    WRITERS=()
}
trap 'stop_writers; rm -rf "$T"' EXIT

python3 - "$T" <<'EOF2'
import os, sys
t = sys.argv[1]
out = ["# Answer Key - Round 010", "", "## Execution Conditions",
       "- **Perspective**: reliability", "- **Target**: design", "",
       "## Embedded Problem Details", ""]
for i in range(1, 100002):
    out += [f"### P{i}: Problem number {i}", "- **Severity**: Critical",
            "- **Detection Criteria**:", f"  - ○ (Detected): names problem {i}",
            f"  - △ (Partial): mentions problem {i} vaguely",
            f"  - × (Not Detected): does not mention problem {i}", ""]
    if i == 10001:
        open(os.path.join(t, "key-10001.md"), "w", encoding="utf-8").write("\n".join(out))
open(os.path.join(t, "key-100001.md"), "w", encoding="utf-8").write("\n".join(out))
EOF2
[ $? -eq 0 ] || { echo "bad_inputs: could not generate the issue 14 inputs" >&2; exit 1; }

# Devices: refused before any read (they never end: /dev/zero filled 7-9 GB before).
run "parse-review /dev/zero" "$KG" parse-review /dev/zero --json
refused /dev/zero "device" "refused"
run "score /dev/zero" "$KG" score /dev/zero
refused /dev/zero "device"
run "agree --judge /dev/zero" "$KG" agree --key "$KEY" --judge /dev/zero --json
refused /dev/zero "device"
run "parse-key /dev/urandom" "$KG" parse-key /dev/urandom --json
refused /dev/urandom "device"
run "suggest --review /dev/zero" "$KG" suggest --key "$KEY" --review /dev/zero --json
refused /dev/zero "device"
run "suggest --key /dev/urandom" "$KG" suggest --key /dev/urandom --review "$REVIEW" --json
refused /dev/urandom "device"

# Directories where a file is wanted.
mkdir -p "$T/a-folder"
run "parse-review a directory" "$KG" parse-review "$T/a-folder"
refused "$T/a-folder" "is a directory"
run "parse-key a directory" "$KG" parse-key "$T/a-folder"
refused "$T/a-folder" "is a directory"
run "agree --judge a directory" "$KG" agree --key "$KEY" --judge "$T/a-folder"
refused "$T/a-folder" "is a directory"

# FIFOs: nobody writes; a writer that never closes; a writer that closes (must work).
mkfifo "$T/no-writer.md"
run "parse-review FIFO without a writer" "$KG" parse-review "$T/no-writer.md"
refused "$T/no-writer.md" "KG_INPUT_WAIT_SECONDS" "1 s"
mkfifo "$T/open-writer.md"
{ printf '# Review\n\n### C1. Retry storm\n'; sleep 30; } >"$T/open-writer.md" &
WRITERS+=($!)
run "parse-review FIFO writer that never closes" "$KG" parse-review "$T/open-writer.md"
refused "$T/open-writer.md" "KG_INPUT_WAIT_SECONDS" "without closing"
stop_writers
mkfifo "$T/trickle.md"
# A byte every 0.3 s never lets the idle wait run out: the total wait ends it.
{ for _ in $(seq 1 40); do printf '#'; sleep 0.3; done; } >"$T/trickle.md" &
WRITERS+=($!)
run "parse-review FIFO that trickles past the total wait" env KG_INPUT_TOTAL_SECONDS=2 "$KG" parse-review "$T/trickle.md"
refused "$T/trickle.md" "KG_INPUT_TOTAL_SECONDS" "2 s"
stop_writers
mkdir -p "$T/fifo"
FIFO_REVIEW=$T/fifo/$(basename "$REVIEW")     # same name: same prompt and run as the file
mkfifo "$FIFO_REVIEW"
cat "$REVIEW" >"$FIFO_REVIEW" &
WRITERS+=($!)
run "parse-review FIFO that delivers and closes" "$KG" parse-review "$FIFO_REVIEW" --json
expect_rc 0
cmp -s "$OUT" "$T/clean-review.json" || fail "output differs from the clean review's"
stop_writers
cat "$KEY" >"$T/fifo-key.md.tmp"
mkfifo "$T/fifo-key.md"
cat "$T/fifo-key.md.tmp" >"$T/fifo-key.md" &
WRITERS+=($!)
run "suggest with the key through a FIFO (process substitution style)" "$KG" suggest --key "$T/fifo-key.md" --review "$REVIEW" --json
expect_rc 0
json_check "len(d['problems']) == 9"
stop_writers
run "parse-review process substitution" "$KG" parse-review <(cat "$REVIEW") --json
expect_rc 0
json_check "len(d['findings']) == $CLEAN_FINDINGS"
mkfifo "$T/endless.md"
head -c 100000000 /dev/zero | tr '\0' 'a' >"$T/endless.md" 2>/dev/null &
WRITERS+=($!)
run "parse-review FIFO delivering 100 MB" "$KG" parse-review "$T/endless.md"
refused "$T/endless.md" "64 MB limit"
stop_writers

# Size caps: one file over 64 MiB (sparse: no disk used), and the total of one run.
truncate -s 65M "$T/huge-review.md"
run "parse-review 65 MB file" "$KG" parse-review "$T/huge-review.md"
refused "$T/huge-review.md" "64 MB limit"
run "score 65 MB file" "$KG" score "$T/huge-review.md"
refused "$T/huge-review.md" "64 MB limit"
run "agree --judge 65 MB file" "$KG" agree --key "$KEY" --judge "$T/huge-review.md"
refused "$T/huge-review.md" "64 MB limit"
run "suggest three 50 MB reviews (over 128 MB for the run)" "$KG" suggest --key "$KEY" \
    "$T/big-review.md" "$T/big-review.md" "$T/big-review.md" --json
refused "$T/big-review.md" "128 MB limit for all files"

# Bounded work: a key over 100,000 problems; suggestions for a key over 10,000 problems;
# 10,000 problems against a 50 MB review.
run "parse-key 100,001 problems" "$KG" parse-key "$T/key-100001.md" --json
refused "$T/key-100001.md" "100001 problems" "limit of 100000"
run "parse-key 10,001 problems (parses)" "$KG" parse-key "$T/key-10001.md" --json
expect_rc 0
json_check "len(d['problems']) == 10001"
run "suggest with a 10,001-problem key" "$KG" suggest --key "$T/key-10001.md" --review "$REVIEW" --json
refused "$T/key-10001.md" "10001 problems" "limit of 10000 problems for suggestions"
cat >"$T/labels-10001.json" <<EOF2
{"reviews":[{"review":"$REVIEW","key":"$T/key-10001.md","labels":{"P1":"detected"}}]}
EOF2
run "eval-suggest with a 10,001-problem key" "$KG" eval-suggest "$T/labels-10001.json"
refused "$T/key-10001.md" "10001 problems" "limit of 10000 problems for suggestions"
run "suggest 10,000-problem key against a 50 MB review" "$KG" suggest --key "$T/key-10000.md" --review "$T/big-review.md" --json
refused "$T/big-review.md" "10000 problems" "limit"
cat >"$T/labels-big.json" <<EOF2
{"reviews":[{"review":"$T/big-review.md","key":"$T/key-10000.md","labels":{"P1":"detected"}}]}
EOF2
run "eval-suggest 10,000-problem key against a 50 MB review" "$KG" eval-suggest "$T/labels-big.json"
refused "$T/big-review.md" "10000 problems" "limit"

# A folder with a FIFO and a device link in it: listed as not read, the rest still loaded.
mkdir -p "$T/bench-folder/results"
cp "$KEY" "$T/bench-folder/"
cp "$REVIEW" "$T/bench-folder/results/"
mkfifo "$T/bench-folder/results/v008-pipe-run1.md"
ln -s /dev/zero "$T/bench-folder/results/v008-zero-run1.md"
truncate -s 65M "$T/bench-folder/results/v008-huge-run1.md"
run "scan a folder with a FIFO, /dev/zero and a 65 MB file in it" "$KG" scan "$T/bench-folder" --json
expect_rc 0
json_check "sorted(f['path'].split('/')[-1] for f in d['files'] if not f['loaded']) == ['v008-huge-run1.md', 'v008-pipe-run1.md', 'v008-zero-run1.md'] and all('not a regular file' in f['message'] for f in d['files'] if not f['loaded'] and 'huge' not in f['path']) and ['64 MB limit' in f['message'] for f in d['files'] if 'huge' in f['path']] == [True] and sum(f['loaded'] for f in d['files']) == 2"
run "score a folder with a FIFO in it" "$KG" score "$T/bench-folder" --summary
expect_rc 0
unset KG_INPUT_WAIT_SECONDS

echo "bad_inputs: $cases cases, $failures failures"
[ "$failures" -eq 0 ]
