#!/usr/bin/env bash
# `keygrader share-link`: the page's share link from a workspace file (fragment or whole link),
# one clear line and exit 2 for a file that is not a workspace.
set -u
KG=${1:?usage: share_link.sh /path/to/keygrader}
WS=tests/fixtures/workspace/v1.json
fail=0
out=$("$KG" share-link "$WS") || { echo "FAIL: exit $?"; fail=1; }
case "$out" in kg1.*) ;; *) echo "FAIL: fragment should start kg1.: ${out:0:40}"; fail=1 ;; esac
url=$("$KG" share-link "$WS" --url 'http://127.0.0.1:8080/index.html#stale')
[ "$url" = "http://127.0.0.1:8080/index.html#$out" ] || { echo "FAIL: --url link: ${url:0:80}"; fail=1; }
err=$("$KG" share-link keys/answer-key-round-008.md 2>&1 >/dev/null); rc=$?
[ "$rc" = 2 ] || { echo "FAIL: a key as workspace: exit $rc"; fail=1; }
case "$err" in *answer-key-round-008.md*) ;; *) echo "FAIL: message should name the file: $err"; fail=1 ;; esac
"$KG" share-link >/dev/null 2>&1; [ $? = 1 ] || { echo "FAIL: no argument should be a usage error"; fail=1; }
[ $fail = 0 ] && echo "share_link.sh: ok"
exit $fail
