// The store at real scale (issue 12): a whole benchmark (760 reviews) survives a reload from
// IndexedDB; a failed save is shown, never reported as saved, and its edits come back from
// the journal (or are named as lost); two tabs never overwrite each other's grades; an old
// localStorage workspace migrates; records another local page wrote (file://) are reported
// as foreign and not overwritten; the theme follows the system until the user picks one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, openApp, assert, fixturePath, webDir, sleep } from './harness.mjs';
import { makeWorkspaceJson } from '../../bench/gen_workspace.mjs';

const KEY = fixturePath('keys/answer-key-round-008.md');
const RUN1 = fixturePath('assets/reviews/v008-baseline-run1.md');
const noDemo = () => { try { localStorage.setItem('keygrader:e2e-no-demo', '1'); } catch (e) { /* none */ } };
const saved = (s) => s.store.status === 'ok' && s.store.saves > 0 && !s.store.dirty && !s.store.saving;
const review = (s, name) => s.reviews.find((r) => r.name === name);

async function press(app, ...keys) {
  for (const k of keys) {
    await app.page.keyboard.press(k);
    await sleep(60);
  }
}

// The old localStorage format (two slots, "kgstore1 <length> <fnv1a>").
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
const sealed = (text) => 'kgstore1 ' + text.length + ' ' + fnv1a(text) + '\n' + text;

test('a whole benchmark (760 reviews, 11 MB of text) is saved in IndexedDB and survives a reload', async ({ server }) => {
  const app = await openApp(server, { initScript: noDemo });
  const json = makeWorkspaceJson({ reviews: 760 });
  await app.pickFiles([{ name: 'benchmark-workspace.json', content: json, mimeType: 'application/json' }]);
  let s = await app.waitFor((st) => st.reviews.length === 760 && saved(st), 'the 760 reviews imported and saved', 90000);
  assert.equal(s.judges ? s.judges.length : 230, 230);
  assert.match(s.store.line, /^Saved \d\d:\d\d:\d\d$/, 'the status shows the time of the last good save');
  const before = s.reviews.map((r) => [r.name, r.verdicts, r.notes]);
  const hashes = s.reviews.map((r) => [r.name, r.hash]);
  assert.equal(new Set(hashes.map((h) => h[1])).size, 760, '760 distinct texts');
  // Nothing of it is in localStorage: it would not fit there.
  const ls = await app.storage();
  assert.ok(JSON.stringify(ls).length < 100000, 'localStorage holds no copy of the workspace');
  const records = await app.idb();
  const keys = Object.keys(records);
  assert.equal(keys.filter((k) => k.startsWith('review:')).length, 760, 'one record per review');
  assert.ok(keys.every((k) => records[k].owner === 'keygrader/1'), 'every record carries the owner tag');

  // A grade is saved (what one grade writes is a unit test, tests/unit/test_workspace_store.cpp:
  // here the machine suggestions, computed a few reviews per frame, ride along with it).
  const saves = s.store.saves;
  await press(app, '3');
  s = await app.waitFor((st) => saved(st) && st.store.saves > saves, 'the grade saved', 30000);
  assert.ok(s.store.lastSaveRecords < 760, `a grade does not rewrite the workspace (${s.store.lastSaveRecords} records)`);
  const changed = s.reviews.map((r) => [r.name, r.verdicts, r.notes]);

  await app.reload();
  s = await app.waitFor((st) => st.reviews.length === 760 && st.shell.pendingFiles === 0, 'the restored benchmark', 90000);
  assert.ok(s.store.restored, 'restored from the store');
  // Every text came back too (the records are read into the wasm heap one by one, and the
  // heap grows while they are: a pointer written through a stale view lost texts here).
  assert.deepEqual(s.reviews.map((r) => [r.name, r.hash]), hashes, 'every review text came back');
  assert.deepEqual(s.banners.filter((b) => b.level === 'error'), [], 'no restore error');
  assert.deepEqual(s.reviews.map((r) => [r.name, r.verdicts, r.notes]), changed, 'every grade and note came back');
  assert.notDeepEqual(changed, before, 'the grade given before the reload is among them');
  assert.equal(s.store.status, 'ok');
});

test('a forced quota failure is shown, nothing is reported as saved, and the journal brings the edits back', async ({ server }) => {
  const app = await openApp(server, { initScript: noDemo });
  await app.pickFiles([KEY, RUN1]);
  let s = await app.waitFor((st) => st.reviews.length === 1 && saved(st), 'the files loaded and saved');
  const lastSaved = s.store.lastSaved;
  assert.ok(lastSaved, 'a save time');
  await app.failStore('quota');
  await press(app, '1');   // P01 detected
  s = await app.waitFor((st) => st.store.status === 'quota', 'the quota failure', 10000);
  assert.equal(s.reviews[0].verdicts.P01, 'detected', 'the work is still in memory');
  assert.equal(s.store.lastSaved, lastSaved, 'no new save time');
  assert.ok(!/^Saved/.test(s.store.line), `the status line does not claim a save: ${s.store.line}`);
  assert.match(s.store.line, /Not saved: quota/);
  const banner = s.banners.find((b) => b.level === 'error' && b.text === s.store.message);
  assert.ok(banner, 'a visible message');
  assert.match(banner.text, /Not saved: grades of v008-baseline-run1\.md/, 'it says what is not saved');
  assert.match(banner.text, /export/i, 'it offers the export');
  assert.match(banner.text, /journal/, 'it says the edits are kept in a journal');
  await app.screenshot('storage-quota-forced');

  // A reload (the forced failure ends with the page): the journal replays the grade, says so,
  // and the grade is then written to the store.
  await app.reload();
  s = await app.waitFor((st) => st.reviews.length === 1 && st.shell.pendingFiles === 0, 'the restored workspace');
  assert.equal(s.reviews[0].verdicts.P01, 'detected', 'the unsaved grade came back from the journal');
  assert.ok(s.banners.some((b) => /journal/.test(b.text)), 'the user is told it came from the journal');
  s = await app.waitFor((st) => saved(st), 'the journal written to the store');
  const ls = await app.storage();
  assert.equal(ls['keygrader:journal'], undefined, 'the journal is cleared once saved');

  // No room for the journal either: a reload says which changes were lost.
  await app.failStore('quota-all');
  await press(app, 'j', '2');   // P02 partial
  s = await app.waitFor((st) => st.store.status === 'quota', 'the second failure', 10000);
  assert.match(s.store.message, /A reload now would lose these changes/);
  await app.reload();
  s = await app.waitFor((st) => st.reviews.length === 1 && st.shell.pendingFiles === 0, 'the restored workspace');
  assert.equal(s.reviews[0].verdicts.P02, undefined, 'the grade was not saved');
  assert.equal(s.reviews[0].verdicts.P01, 'detected', 'what was saved is there');
  assert.ok(s.banners.some((b) => b.level === 'error' && /NOT saved and are lost: grades of v008-baseline-run1\.md/.test(b.text)),
            'the reload names the lost changes');
});

test('two tabs: the second is read-only and says so; taking over loses no grade of either', async ({ server }) => {
  const a = await openApp(server, { initScript: noDemo });
  await a.pickFiles([KEY, RUN1]);
  let s = await a.waitFor((st) => st.reviews.length === 1 && saved(st), 'tab A: files saved');
  assert.equal(s.store.role, 'editor');
  await press(a, '1');
  await a.waitFor((st) => st.reviews[0].verdicts.P01 === 'detected' && saved(st), 'tab A: P01 saved');

  // Tab B: same profile, same origin.
  const pageB = await a.context.newPage();
  const queryB = () => pageB.evaluate(() => window.keygrader.query());
  const waitB = async (pred, what, timeout = 15000) => {
    const end = Date.now() + timeout;
    let last = null;
    while (Date.now() < end) {
      try { last = await queryB(); if (pred(last)) return last; } catch (e) { /* not ready */ }
      await sleep(100);
    }
    throw new Error(`tab B: timed out waiting for ${what}: ${JSON.stringify(last && last.store)}`);
  };
  await pageB.goto(a.target);
  let b = await waitB((st) => st.reviews.length === 1, 'tab B restored');
  assert.equal(b.store.role, 'follower', 'the second tab does not edit');
  assert.ok(b.banners.some((x) => /open in another tab/.test(x.text) && /NOT saved/.test(x.text)), 'and says so');
  assert.match(b.store.line, /Read-only/);
  // A change in B is not saved over A's work.
  await pageB.keyboard.press('j');
  await pageB.keyboard.press('3');
  await sleep(1500);
  b = await queryB();
  assert.equal(b.store.saves, 0, 'the read-only tab never saves');
  await press(a, 'j', '2');   // A: P02 partial
  s = await a.waitFor((st) => st.reviews[0].verdicts.P02 === 'partial' && saved(st), 'tab A: P02 saved');

  // B takes over: A saves and lets go; B reloads with A's grades and edits from then on.
  await pageB.evaluate(() => window.KG.store.takeOver());
  s = await a.waitFor((st) => st.store.role === 'released', 'tab A released');
  assert.ok(s.banners.some((x) => /took over/.test(x.text)), 'tab A is told');
  await pageB.waitForFunction(() => window.keygrader && window.keygrader.ready && window.KG.store.role === 'editor', null, { timeout: 20000 });
  b = await waitB((st) => st.reviews.length === 1 && st.store.role === 'editor', 'tab B editing');
  assert.equal(b.reviews[0].verdicts.P01, 'detected');
  assert.equal(b.reviews[0].verdicts.P02, 'partial', "A's grades are in B");
  assert.equal(b.selection.problem_id, 'P02', "A's selection came back too");
  await pageB.keyboard.press('j');
  await pageB.keyboard.press('3');   // P03 missed
  b = await waitB((st) => st.reviews[0].verdicts.P03 === 'missed' && saved(st), 'tab B: P03 saved');
  await press(a, 'j', 'j', 'j', '1');   // A is read-only now: not saved
  await sleep(1500);
  await pageB.reload();
  b = await waitB((st) => st.reviews.length === 1 && st.store.role === 'editor', 'tab B after a reload');
  assert.deepEqual(b.reviews[0].verdicts, { P01: 'detected', P02: 'partial', P03: 'missed' }, 'no grade of either tab lost');
  await pageB.close();
});

test('an old localStorage workspace migrates to IndexedDB, nothing lost', async ({ server }) => {
  const app = await openApp(server, { initScript: noDemo });
  const sample = readFileSync(fixturePath('tests/fixtures/workspace/sample-v2.json'), 'utf8');
  await app.setStorage({ 'keygrader:workspace#a': sealed(sample), 'keygrader:workspace#current': 'a' });
  await app.reload();
  let s = await app.waitFor((st) => st.reviews.length > 0 && saved(st), 'the old workspace, saved in IndexedDB');
  const expected = s.reviews.map((r) => [r.name, r.verdicts, r.notes]);
  assert.ok(expected.some(([, v]) => Object.keys(v).length > 0), 'it has grades');
  assert.ok(s.banners.some((b) => /moved from local storage/.test(b.text)), 'the user is told');
  const ls = await app.storage();
  assert.equal(ls['keygrader:workspace#a'], undefined, 'the old copy is removed once the new one is written');
  const records = await app.idb();
  assert.ok(records.meta && records.shell, 'the records are in IndexedDB');
  await app.reload();
  s = await app.waitFor((st) => st.reviews.length === expected.length && st.shell.pendingFiles === 0, 'restored from IndexedDB');
  assert.deepEqual(s.reviews.map((r) => [r.name, r.verdicts, r.notes]), expected, 'every grade and note migrated');
  assert.ok(!s.shell.store.legacy, 'no old copy left');
});

test('the single-file page from file://: a record another local page wrote is reported as foreign, never overwritten', async ({ server }) => {
  const url = 'file://' + join(webDir, 'keygrader.html');
  const app = await openApp(server, { url, initScript: noDemo });
  await app.pickFiles([KEY, RUN1]);
  await app.waitFor((st) => st.reviews.length === 1 && saved(st), 'files saved from file://');
  // Another local HTML file writes into the same database (file:// storage is shared).
  await app.idbPut('shell', { hello: 'from another page' });
  await app.idbPut('settings', 'another app');
  await app.reload();
  let s = await app.waitFor((st) => st.store.status !== 'ok', 'the foreign records reported');
  assert.equal(s.store.status, 'foreign', 'foreign, not "corrupt"');
  assert.ok(s.store.holding, 'writes are held back');
  const banner = s.banners.find((b) => b.level === 'error' && /another page/.test(b.text));
  assert.ok(banner, 'a visible message');
  assert.match(banner.text, /file:\/\//, 'it explains file:// storage is shared');
  assert.deepEqual(s.shell.store.foreign.sort(), ['settings', 'shell']);
  await press(app, '1');
  await sleep(1500);
  const records = await app.idb();
  assert.deepEqual(records.shell, { hello: 'from another page' }, 'the foreign record is not overwritten');
  assert.equal(records.settings, 'another app');
  assert.match(readFileSync(join(fixturePath('README.md')), 'utf8'), /file:\/\/[^\n]*shared/i, 'the README says so');
});

test('the theme follows the system until the user picks one, also after a reload', async ({ server }) => {
  const app = await openApp(server, { initScript: noDemo, colorScheme: 'dark' });
  await app.pickFiles([KEY, RUN1]);
  let s = await app.waitFor((st) => st.reviews.length === 1 && saved(st), 'files saved');
  assert.equal(s.shell.theme, 'dark');
  await app.page.emulateMedia({ colorScheme: 'light' });
  await app.reload();
  s = await app.waitFor((st) => st.reviews.length === 1, 'restored');
  assert.equal(s.shell.theme, 'light', 'a reload follows the system: the user never picked');
});
