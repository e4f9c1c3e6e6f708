// Real benchmark folders in the page (issue 11), on generated folders of the real shape
// (tests/gen/make-benchmark.mjs: two perspectives with colliding names, Japanese keys, scoring
// reports, prompts/, reports/, knowledge.md): every file gets the manifest's kind, every review
// and judge report links to its own folder's round key, one summary for the whole folder;
// adopted verdicts, edits and judge reports survive a reload and no grade moves to another
// key's problem; the judge's verdicts show per run; any file's kind can be changed; the
// workflow's own files download as one zip.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { test, openApp, assert, repoRoot, artifactsDir, sleep, clickRect, MENU_FILE } from './harness.mjs';

const noDemo = () => { try { localStorage.setItem('keygrader:e2e-no-demo', '1'); } catch (e) { /* none */ } };

function generate(args = ['--perspectives', '2', '--rounds', '2']) {
  const dir = mkdtempSync(join(tmpdir(), 'kg-folders-'));
  const root = join(dir, 'bench');
  execFileSync('node', [join(repoRoot, 'tests/gen/make-benchmark.mjs'), root, ...args], { stdio: 'ignore' });
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  // The page keeps each path relative to the folder opened, its own name first.
  manifest.files = manifest.files.map((f) => ({ ...f, path: 'bench/' + f.path, key: f.key && 'bench/' + f.key }));
  return { root, manifest };
}

async function openFolder(app, root, manifest) {
  await app.page.setInputFiles('#kg-folder-input', root);
  const files = manifest.files.length + 1;   // manifest.json itself is a file of the folder too
  return app.waitFor((st) => st.shell.pendingFiles === 0 &&
    st.keys.length + st.reviews.length + st.judges.length + st.files.length >= files - 1 &&
    st.banners.some((b) => b.text.startsWith('Loaded ')), 'the whole folder', 60000);
}

test('a folder: every file gets its kind and its own round key; one summary banner', async ({ server }) => {
  const { root, manifest } = generate();
  const app = await openApp(server, { initScript: noDemo, width: 1400, height: 900 });
  const s = await openFolder(app, root, manifest);
  const kindOf = new Map();
  for (const k of s.keys) kindOf.set(k.path, 'key');
  for (const r of s.reviews) kindOf.set(r.path, 'review');
  for (const j of s.judges) kindOf.set(j.path, 'judge');
  for (const f of s.files) kindOf.set(f.path, f.kind);
  const wrong = manifest.files.filter((f) => kindOf.get(f.path) !== f.kind).map((f) => `${f.path}: ${kindOf.get(f.path)} (manifest ${f.kind})`);
  assert.deepEqual(wrong, [], 'every file has the manifest kind');
  const byPath = new Map(manifest.files.map((f) => [f.path, f]));
  for (const r of s.reviews) assert.equal(r.key, byPath.get(r.path).key, `${r.path} links to its own round key`);
  for (const j of s.judges) assert.equal(j.key, byPath.get(j.path).key, `${j.path} links to its own round key`);
  // Same-named files of the two perspectives are both there.
  assert.ok(s.keys.some((k) => k.path === 'bench/reliability-design/answer-key-round-008.md'));
  assert.ok(s.keys.some((k) => k.path === 'bench/security-design/answer-key-round-008.md'));
  const loaded = s.banners.filter((b) => b.text.startsWith('Loaded '));
  assert.equal(loaded.length, 1, 'one summary banner');
  assert.match(loaded[0].text, /4 keys, 24 reviews, 12 judge reports, 4 comparison reports, 12 prompts, 8 references, 1 ignored/);
  assert.ok(!s.banners.some((b) => b.text.startsWith('Judge report ')), 'no banner per judge report');
  await app.screenshot('folders-loaded');
});

test('adopted verdicts, edits and judge reports survive a reload; grades stay on their key', async ({ server }) => {
  const { root, manifest } = generate();
  const app = await openApp(server, { initScript: noDemo, width: 1400, height: 900 });
  let s = await openFolder(app, root, manifest);
  // Adopt the judge's verdicts of the first judge report (Judge audit tab).
  await clickRect(app, 'tab_judge');
  await clickRect(app, 'judge_adopt_all_0');
  await clickRect(app, 'tab_review');
  const judge = s.judges[0];
  const m = manifest.files.find((f) => f.path === judge.path);
  s = await app.waitFor((st) => m.reviews.every((p) => Object.keys(st.reviews.find((r) => r.path === 'bench/' + p).verdicts).length > 0),
    'verdicts adopted on both runs');
  const SYM = { detected: '○', partial: '△', missed: '×' };
  for (const mr of m.runs) {
    const r = s.reviews.find((x) => x.path === 'bench/' + m.reviews[mr.run - 1]);
    const got = Object.fromEntries(Object.entries(r.verdicts).map(([id, v]) => [id, SYM[v]]));
    assert.deepEqual(got, mr.verdicts, `run ${mr.run} has the judge's verdicts`);
    assert.ok(Object.values(r.origins).every((o) => o === 'judge'), 'marked as from the judge');
    assert.equal(r.judge_verdicts.length, 1, 'the judge report shows for this run');
  }
  // The human changes one of them: select the first run of that prompt, first problem, press 3.
  const target = s.reviews.find((x) => x.path === 'bench/' + m.reviews[0]);
  for (let i = 0; i < s.reviews.length && (await app.query()).selection.review_name !== target.name; i++) {
    await app.page.keyboard.press(']');
    await sleep(40);
  }
  s = await app.query();
  assert.equal(s.selection.review_name, target.name);
  if (s.selection.problem < 0) await app.page.keyboard.press('j');
  await sleep(60);
  s = await app.query();
  const pid = s.selection.problem_id;
  const other = target.verdicts[pid] === 'missed' ? '1' : '3';
  await app.page.keyboard.press(other);
  s = await app.waitFor((st) => st.reviews.find((r) => r.name === target.name).origins[pid] === 'human', 'the human verdict');
  const before = s.reviews.find((r) => r.name === target.name);
  await app.waitFor((st) => !st.store.dirty && st.store.saves > 0, 'saved');
  await app.reload();
  s = await app.waitFor((st) => st.reviews.length === 24 && st.judges.length === 12, 'restored after reload', 30000);
  const after = s.reviews.find((r) => r.name === target.name);
  assert.deepEqual(after.verdicts, before.verdicts, 'verdicts survive');
  assert.deepEqual(after.origins, before.origins, 'origins survive');
  // No grade sits on a problem its own key does not have.
  const problemsOf = new Map(s.keys.map((k) => [k.path, new Set(k.problems)]));
  for (const r of s.reviews) {
    for (const id of Object.keys(r.verdicts)) assert.ok(problemsOf.get(r.key).has(id), `${r.path}: ${id} is a problem of ${r.key}`);
  }
  // Opening the same folder again changes no grade.
  await app.page.setInputFiles('#kg-folder-input', root);
  await sleep(1500);
  s = await app.waitFor((st) => st.shell.pendingFiles === 0, 'the folder again', 30000);
  assert.deepEqual(s.reviews.find((r) => r.name === target.name).verdicts, before.verdicts, 'unchanged by a second load');
});

test('a file\'s kind and a judge report\'s key link are changed from their menus; Undo', async ({ server }) => {
  const { root, manifest } = generate(['--perspectives', '1', '--rounds', '1']);
  const app = await openApp(server, { initScript: noDemo, width: 1400, height: 900 });
  const judge = manifest.files.find((f) => f.kind === 'judge');
  const knowledge = join(root, 'reliability-design/knowledge.md');
  await app.pickFiles([knowledge, join(root, judge.key.slice('bench/'.length)), join(root, judge.path.slice('bench/'.length))]);
  let s = await app.waitFor((st) => st.files.length === 1 && st.files[0].kind === 'reference' &&
    st.judges.length === 1 && st.judges[0].key !== '', 'knowledge.md as a reference, a linked judge report');
  // Unlink the judge report from its key, then undo.
  await clickRect(app, 'judge_row_0', 'right');
  await clickRect(app, 'judge_menu_link');
  await clickRect(app, 'judge_link_none');
  s = await app.waitFor((st) => st.judges[0].key === '', 'the judge report unlinked');
  await app.page.keyboard.press('Escape');
  await app.page.keyboard.press('Control+z');
  s = await app.waitFor((st) => st.judges[0].key !== '', 'linked again by undo');
  await clickRect(app, 'ref_row_0', 'right');
  await clickRect(app, 'kind_menu');
  await clickRect(app, 'kind_ignored');
  s = await app.waitFor((st) => st.files.length === 1 && st.files[0].kind === 'ignored', 'now ignored');
  await app.screenshot('folders-kind-changed');
  await app.page.keyboard.press('Control+z');
  s = await app.waitFor((st) => st.files.length === 1 && st.files[0].kind === 'reference', 'undone');
});

test('the workflow\'s own files download as one zip, Japanese headings for Japanese keys', async ({ server }) => {
  const { root, manifest } = generate();
  const app = await openApp(server, { initScript: noDemo, width: 1400, height: 900 });
  await openFolder(app, root, manifest);
  const download = app.page.waitForEvent('download', { timeout: 20000 });
  await app.page.mouse.click(MENU_FILE.x, MENU_FILE.y);
  await sleep(250);
  await clickRect(app, 'menu_export_all_zip');
  const file = await download;
  assert.equal(file.suggestedFilename(), 'keygrader-workflow-files.zip');
  const path = join(artifactsDir, 'folders-workflow-files.zip');
  await file.saveAs(path);
  const entries = unzipSync(new Uint8Array(readFileSync(path)));
  const names = Object.keys(entries).sort();
  const judges = manifest.files.filter((f) => f.kind === 'judge');
  const keys = manifest.files.filter((f) => f.kind === 'key');
  assert.equal(names.length, judges.length + keys.length, `one scoring file per prompt, one comparison per round: ${names}`);
  for (const j of judges) {
    const name = 'keygrader-export/' + j.path;   // results/vNNN-<prompt>-scoring.md of its folder
    assert.ok(entries[name], `${name} in the archive`);
    const key = keys.find((k) => k.path === j.key);
    const text = strFromU8(entries[name]);
    assert.ok(text.includes(key.language === 'ja' ? '## Run 1 採点' : '## Run 1 Scoring'), `${name}: headings in the key's language`);
  }
});
