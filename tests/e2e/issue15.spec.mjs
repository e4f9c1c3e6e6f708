// Share links, imports and exports that cannot destroy or forge work (issue 15): a link applies
// once and only after the user accepts what it changes; forged fields are refused and said;
// paths cannot escape the demo folder; a huge workspace is refused by size; a wasm failure
// says so; CSV cells cannot run formulas; file names keep their NULs visible; a folder is not
// an "empty file"; importing over graded work asks first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, openSync, closeSync, ftruncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test, openApp, assert, artifactsDir, repoRoot, sleep } from './harness.mjs';

const MENU_FILE = { x: 22, y: 11 };
const review = (s, name) => s.reviews.find((r) => r.name === name);

async function press(app, ...keys) {
  for (const k of keys) {
    await app.page.keyboard.press(k);
    await sleep(60);
  }
}

async function clickRect(app, name) {
  const s = await app.waitFor((st) => st.rects && st.rects[name], `the rectangle of ${name}`);
  const [x, y, w, h] = s.rects[name];
  await app.page.mouse.move(x + w / 2, y + h / 2);
  await sleep(100);
  await app.page.mouse.down();
  await sleep(80);
  await app.page.mouse.up();
  await sleep(150);
}

async function demoReady(app) {
  return app.waitFor((st) => st.reviews.length === 4 && st.selection.review >= 0, 'the demo', 20000);
}

async function copyShareLink(app) {
  await app.page.mouse.click(MENU_FILE.x, MENU_FILE.y);
  await sleep(250);
  await clickRect(app, 'menu_copy_share_link');
  const s = await app.waitFor((st) => st.shell && typeof st.shell.lastClipboard === 'string' &&
    st.shell.lastClipboard.includes('#kg1'), 'a share link on the clipboard');
  return s.shell.lastClipboard;
}

function keygraderBinary() {
  const p = join(repoRoot, 'build/native/keygrader');
  if (!existsSync(p)) throw new Error('no native keygrader binary (build/native/keygrader): run scripts/build.sh');
  return p;
}

async function gradeThree(app) {
  let s = await demoReady(app);
  if (s.selection.problem < 0) await press(app, 'j');
  await press(app, '1', 'j', '3', 'j', '2');
  const name = s.selection.review_name;
  s = await app.waitFor((st) => Object.keys(review(st, name).verdicts).length === 3, 'three grades');
  return { s, name };
}

const hashOf = (app) => app.page.evaluate(() => location.hash);

test('a share link asks first, applies once, and is gone from the address; a reload keeps later work', async ({ server }) => {
  const sender = await openApp(server);
  const { s: sent, name } = await gradeThree(sender);
  const link = await copyShareLink(sender);
  await sender.close();

  const app = await openApp(server, { url: link });
  let s = await app.waitFor((st) => st.confirm && st.reviews.length === 4, 'the question before applying', 20000);
  assert.match(s.confirm.title, /Apply this share link to 1 review\?/);
  assert.ok(s.confirm.lines.some((l) => l.startsWith(name + ': 3 verdicts')), `what it changes: ${s.confirm.lines}`);
  assert.deepEqual(review(s, name).verdicts, {}, 'nothing applied before the answer');
  await app.screenshot('issue15-share-confirm');
  await clickRect(app, 'confirm_accept');
  s = await app.waitFor((st) => !st.confirm && Object.keys(review(st, name).verdicts).length === 3, 'the link applied');
  assert.deepEqual(review(s, name).verdicts, review(sent, name).verdicts);
  assert.equal(await hashOf(app), '', 'the fragment is removed once applied');

  // Later work, then a reload: the link does not come back over it.
  await press(app, 'j', 'j', 'j', '3');
  s = await app.waitFor((st) => Object.keys(review(st, name).verdicts).length === 4, 'a fourth grade');
  const after = review(s, name).verdicts;
  await app.waitFor((st) => !st.store.dirty && st.store.saves > 0, 'saved');
  await app.reload();
  s = await app.waitFor((st) => st.reviews.length === 4 && st.store.restored, 'restored after reload', 20000);
  await sleep(600);
  s = await app.query();
  assert.equal(s.confirm, null, 'no second question');
  assert.deepEqual(review(s, name).verdicts, after, 'later grades kept');
});

test('a link over existing grades says what it replaces; Cancel keeps them', async ({ server }) => {
  const sender = await openApp(server);
  const { name } = await gradeThree(sender);
  const link = await copyShareLink(sender);
  await sender.close();

  const app = await openApp(server);
  let s = await demoReady(app);
  if (s.selection.problem < 0) await press(app, 'j');
  await press(app, '3', 'j', '3', 'j', '3');   // other verdicts on the same three problems
  s = await app.waitFor((st) => Object.keys(review(st, name).verdicts).length === 3 && !st.store.dirty, 'own grades saved');
  const mine = review(s, name).verdicts;
  await app.page.goto(link);
  await app.page.reload();
  s = await app.waitFor((st) => st.confirm, 'the question', 20000);
  assert.ok(s.confirm.lines.some((l) => /2 of your verdicts are replaced or removed/.test(l)),
    `says how many of the user's verdicts are replaced: ${s.confirm.lines}`);
  await clickRect(app, 'confirm_cancel');
  s = await app.waitFor((st) => !st.confirm && st.banners.some((b) => b.text.includes('Share link not applied')), 'cancelled');
  assert.deepEqual(review(s, name).verdicts, mine, 'own grades unchanged');
  assert.equal(await hashOf(app), '', 'the fragment is removed when cancelled too');
});

test('a forged link: unknown problems, markup in a prompt, absurd evidence are refused and said', async ({ server }) => {
  // A real workspace of the demo's files, exported by the page, then forged.
  const app = await openApp(server);
  const { name } = await gradeThree(app);
  const download = app.page.waitForEvent('download', { timeout: 10000 });
  await app.page.mouse.click(MENU_FILE.x, MENU_FILE.y);
  await sleep(250);
  await clickRect(app, "menu_export_workspace");
  const file = await download;
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, 'issue15-forged-workspace.json');
  await file.saveAs(path);
  await app.close();
  const doc = JSON.parse(readFileSync(path, 'utf8'));
  const r = doc.workspace.reviews.find((x) => x.name === name);
  const template = r.grades.find((g) => g.verdict !== 'ungraded');
  for (const id of ['P99', '../../etc/passwd', '<b>x</b>']) r.grades.push({ ...template, problem_id: id, verdict: 'detected' });
  template.evidence = Array.from({ length: 2000 }, (_, i) => ({ line_start: 1, line_end: 100000 + i, text: '' }));
  r.prompt = '<img src=x onerror=alert(1)>';
  writeFileSync(path, JSON.stringify(doc));
  const link = execFileSync(keygraderBinary(), ['share-link', path, '--url', new URL('index.html', server.endsWith('/') ? server : server + '/').href], { encoding: 'utf8' }).trim();
  assert.ok(link.length < 40000, `a small link: ${link.length}`);

  const fresh = await openApp(server, { url: link });
  let s = await fresh.waitFor((st) => st.confirm && st.reviews.length === 4, 'the question', 20000);
  const lines = s.confirm.lines.join('\n');
  assert.match(lines, /3 graded problem id\(s\) ignored: the key does not have them \(P99, \.\.\/\.\.\/etc\/passwd, <b>x<\/b>\)/);
  assert.match(lines, /is not a prompt name/);
  assert.match(lines, /2000 evidence line range\(s\) ignored/);
  await fresh.screenshot('issue15-forged-confirm');
  await press(fresh, 'Enter');
  s = await fresh.waitFor((st) => !st.confirm && Object.keys(review(st, name).verdicts).length === 3, 'applied without the forged parts');
  assert.ok(!('P99' in review(s, name).verdicts));
  assert.ok(!review(s, name).prompt.includes('<'), `prompt kept: ${review(s, name).prompt}`);
});

test('double-encoded dots in ?key= cannot leave the demo folder', async ({ server }) => {
  const requested = [];
  const app = await openApp(server, {
    query: 'key=%252e%252e/index.html&review=%252e%252e%252fkeygrader.js&review=..%2fkeys%2fx.md',
    beforeLoad: async (context) => context.on('request', (req) => requested.push(req.url())),
  });
  const s = await app.waitFor((st) => st.shell.notices.length >= 3, 'a notice per refused path', 15000);
  assert.equal(s.keys.length + s.reviews.length, 0, 'nothing loaded');
  for (const n of s.shell.notices) assert.match(n, /not a path inside the demo folder/);
  // requested[0] is the page itself, whose query holds the paths.
  const outside = requested.slice(1).filter((u) => /%2e|\/keys\/x\.md|\/index\.html/i.test(u));
  assert.deepEqual(outside, [], 'no request for a path outside demo/');
});

test('a 100 MB workspace is refused by size; the work stays', async ({ server }) => {
  const app = await openApp(server);
  const { name } = await gradeThree(app);
  mkdirSync(artifactsDir, { recursive: true });
  const big = join(artifactsDir, 'issue15-100mb-workspace.json');
  const fd = openSync(big, 'w');
  writeSync(fd, '{"version":3,"keys":[');
  ftruncateSync(fd, 100 * 1024 * 1024);
  closeSync(fd);
  await app.page.setInputFiles('#kg-file-input', big);   // a path: too big to pass as a buffer
  const s = await app.waitFor((st) => st.shell.notices.some((n) => /over the 64 MB limit/.test(n)), 'the size refusal');
  assert.equal(Object.keys(review(s, name).verdicts).length, 3, 'grades still there');
  assert.equal(s.confirm, null);
});

test('a failure inside the wasm is said, not a frozen page', async ({ server }) => {
  const app = await openApp(server);
  await demoReady(app);
  await app.page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('memory access out of bounds'); }, 0));
  await app.page.waitForSelector('#kg-fallback:not([hidden])', { timeout: 5000 });
  const text = await app.page.textContent('#kg-fallback');
  assert.match(text, /KeyGrader stopped because of an internal error \(memory access out of bounds\)/);
  assert.match(text, /reload the page/);
  app.pageErrors.length = 0;   // the thrown error is the point of this test
});

test('CSV export: a note starting with = is text, not a formula', async ({ server }) => {
  const app = await openApp(server);
  let s = await demoReady(app);
  if (s.selection.problem < 0) await press(app, 'j');
  await press(app, '1', 'n');
  await app.waitFor((st) => st.typing, 'the note field');
  await app.page.keyboard.type('=HYPERLINK("http://example.invalid","x")');
  await press(app, 'Escape');
  s = await app.waitFor((st) => Object.values(review(st, st.selection.review_name).notes).some((n) => n.startsWith('=')), 'the note');
  const download = app.page.waitForEvent('download', { timeout: 10000 });
  await app.page.mouse.click(MENU_FILE.x, MENU_FILE.y);
  await sleep(250);
  await clickRect(app, 'menu_download_csv');
  const file = await download;
  const path = join(artifactsDir, 'issue15-verdicts.csv');
  await file.saveAs(path);
  const csv = readFileSync(path, 'utf8');
  assert.ok(csv.includes(`,"'=HYPERLINK(""http://example.invalid"",""x"")"\r\n`), 'neutralised with an apostrophe');
  assert.ok(!/,"?=/.test(csv), 'no cell starts with =');
});

test('file names: a NUL stays visible; a folder given as a file is called a folder', async ({ server }) => {
  const app = await openApp(server);
  await demoReady(app);
  const review1 = readFileSync(join(repoRoot, 'assets/reviews/v008-baseline-run1.md'), 'utf8');
  await app.page.evaluate((text) => {
    const named = new File([text + '\nA copy.\n'], 'v008-nul\u0000trick-run1.md', { type: 'text/markdown' });
    const folder = { size: 4096, type: '', arrayBuffer: () => Promise.reject(new DOMException('A requested file or directory could not be found', 'NotFoundError')) };
    return window.KG.acceptFiles([named, { file: folder, path: 'results' }], 'drop');
  }, review1);
  const s = await app.waitFor((st) => st.reviews.length === 5 && st.shell.notices.some((n) => n.includes('results is a folder')), 'the file and the folder notice');
  assert.ok(s.reviews.some((r) => r.name === 'v008-nul\ufffdtrick-run1.md'), `the whole name: ${s.reviews.map((r) => r.name)}`);
  assert.ok(!s.shell.notices.some((n) => /empty file/.test(n)));
});

test('importing a workspace over graded work asks first', async ({ server }) => {
  const app = await openApp(server);
  const { name } = await gradeThree(app);
  const ws = readFileSync(join(repoRoot, 'tests/fixtures/workspace/v1.json'));
  await app.pickFiles([{ name: 'other-workspace.json', content: ws, mimeType: 'application/json' }]);
  let s = await app.waitFor((st) => st.confirm, 'the question');
  assert.match(s.confirm.title, /Replace your current work with other-workspace\.json\?/);
  await press(app, 'Escape');
  s = await app.waitFor((st) => !st.confirm && st.banners.some((b) => b.text.includes('not imported')), 'cancelled');
  assert.equal(Object.keys(review(s, name).verdicts).length, 3, 'work unchanged');
  await app.pickFiles([{ name: 'other-workspace.json', content: ws, mimeType: 'application/json' }]);
  s = await app.waitFor((st) => st.confirm, 'asked again');
  await press(app, 'Enter');
  s = await app.waitFor((st) => !st.confirm && !review(st, name), 'imported');
  await press(app, 'Control+z');
  s = await app.waitFor((st) => review(st, name) && Object.keys(review(st, name).verdicts).length === 3, 'undo brings the work back');
});
