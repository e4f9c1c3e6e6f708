// Features wired into the page on top of grading (issues 4 and 5): machine suggestions (ghost
// verdicts, key A, agreement), the Compare tab, the share link (copy, open in a fresh profile,
// a link that does not fit) and the LLM-judge audit (import through the file input).
import { readFileSync } from 'node:fs';
import { test, openApp, assert, fixturePath, sleep } from './harness.mjs';

const KEY = fixturePath('keys/answer-key-round-008.md');
const RUN1 = fixturePath('assets/reviews/v008-baseline-run1.md');
const JUDGE = fixturePath('tests/fixtures/judge/scoring-v008-baseline.md');
const MENU_FILE = { x: 22, y: 11 };
const VERDICTS = ['detected', 'partial', 'missed'];

const review = (s, name) => s.reviews.find((r) => r.name === name);
const suggestionsOf = (s, name) => (s.suggestions.find((x) => x.review === name) || { problems: {} }).problems;
const noDemo = () => { try { localStorage.setItem('keygrader:e2e-no-demo', '1'); } catch (e) { /* none */ } };

async function press(app, ...keys) {
  for (const k of keys) {
    await app.page.keyboard.press(k);
    await sleep(60);
  }
}

// Clicks a widget whose rectangle the page reports in query().rects (tabs, menu items).
async function clickRect(app, name) {
  const s = await app.waitFor((st) => st.rects && st.rects[name], `the rectangle of ${name}`);
  const [x, y, w, h] = s.rects[name];
  // Hover first, then press: a tab reacts to a press on the item the mouse is already over.
  await app.page.mouse.move(x + w / 2, y + h / 2);
  await sleep(100);
  await app.page.mouse.down();
  await sleep(80);
  await app.page.mouse.up();
  await sleep(150);
}

async function demoReady(app) {
  return app.waitFor((st) => st.reviews.length === 4 && st.selection.review >= 0 &&
    st.suggestions.length === 4 && st.suggestions.every((x) => Object.keys(x.problems).length === 9),
  'the demo with suggestions for every problem', 20000);
}

async function copyShareLink(app) {
  await app.page.mouse.click(MENU_FILE.x, MENU_FILE.y);
  await sleep(250);
  await clickRect(app, 'menu_copy_share_link');
  const s = await app.waitFor((st) => st.shell && typeof st.shell.lastClipboard === 'string' &&
    st.shell.lastClipboard.includes('#kg1'), 'a share link on the clipboard');
  return s.shell.lastClipboard;
}

test('suggestions: every problem has one; A accepts it as the human verdict; undo', async ({ server }) => {
  const app = await openApp(server);
  let s = await demoReady(app);
  for (const x of s.suggestions) {
    for (const [id, sug] of Object.entries(x.problems)) {
      assert.ok(VERDICTS.includes(sug.verdict), `${x.review} ${id}: a verdict`);
      assert.ok(sug.confidence >= 0 && sug.confidence <= 1, `${x.review} ${id}: a confidence`);
    }
  }
  // The suggestions are not human verdicts.
  assert.deepEqual(review(s, s.selection.review_name).verdicts, {}, 'no human verdict from the machine');
  assert.equal(s.suggestion_agreement.n, 0);
  if (s.selection.problem < 0) await press(app, 'j');
  await press(app, 'j');
  s = await app.query();
  const name = s.selection.review_name;
  const pid = s.selection.problem_id;
  assert.ok(pid, 'a problem is selected');
  const sug = suggestionsOf(s, name)[pid];
  await press(app, 'a');
  s = await app.waitFor((st) => review(st, name).verdicts[pid] === sug.verdict, 'the accepted suggestion');
  assert.equal(s.last_shortcut, 'A');
  assert.equal(s.suggestion_agreement.n, 1, 'agreement counts the accepted verdict');
  assert.equal(s.suggestion_agreement.exact, 1);
  await app.screenshot('wiring-suggestions');
  // A human verdict that differs lowers agreement; the suggestion itself stays.
  const other = VERDICTS.find((v) => v !== sug.verdict);
  await press(app, String(VERDICTS.indexOf(other) + 1));
  s = await app.waitFor((st) => review(st, name).verdicts[pid] === other, 'a different human verdict');
  assert.equal(suggestionsOf(s, name)[pid].verdict, sug.verdict, 'the human verdict never overrides the suggestion');
  assert.equal(s.suggestion_agreement.exact, 0);
  // Undo twice: back to the accepted suggestion, then to ungraded.
  await press(app, 'Control+z');
  s = await app.waitFor((st) => review(st, name).verdicts[pid] === sug.verdict, 'undo to the accepted suggestion');
  await press(app, 'Control+z');
  s = await app.waitFor((st) => review(st, name).verdicts[pid] === undefined, 'undo of the accept');
  assert.equal(suggestionsOf(s, name)[pid].verdict, sug.verdict, 'the suggestion survives the undo');
  // The help lists A.
  await press(app, 'F1');
  await app.waitFor((st) => st.help_open, 'the help overlay');
  await app.screenshot('wiring-help');
});

test('the Compare tab shows the comparison of the round', async ({ server }) => {
  const app = await openApp(server);
  let s = await demoReady(app);
  // Some grades so the charts have something to draw: accept suggestions on the first review.
  for (let i = 0; i < 9; i++) await press(app, 'a', 'j');
  s = await app.waitFor((st) => Object.keys(review(st, st.selection.review_name).verdicts).length >= 8, 'grades');
  await clickRect(app, 'tab_compare');
  s = await app.waitFor((st) => st.view === 'compare', 'the compare view');
  await sleep(300);
  await app.screenshot('wiring-compare');
  await clickRect(app, 'tab_review');
  await app.waitFor((st) => st.view === 'review', 'back to the review');
});

test('share link: copied grades open the same in a fresh profile; a link for other files says so', async ({ server }) => {
  const app = await openApp(server);
  let s = await demoReady(app);
  if (s.selection.problem < 0) await press(app, 'j');
  await press(app, '1', 'j', '3', 'j', '2');
  await press(app, 'n');
  await app.waitFor((st) => st.typing, 'the note field focused');
  await app.page.keyboard.type('shared by link');
  await press(app, 'Escape');
  const name = s.selection.review_name;
  s = await app.waitFor((st) => Object.keys(review(st, name).verdicts).length === 3 &&
    review(st, name).notes[st.selection.problem_id] === 'shared by link', 'three grades and a note');
  const expected = review(s, name);
  const link = await copyShareLink(app);
  assert.ok(link.startsWith(server), `the link opens this page: ${link.slice(0, 80)}`);

  const fresh = await openApp(server, { url: link });
  await fresh.waitFor((st) => st.confirm && st.reviews.length === 4, 'the question before applying the link', 20000);
  await clickRect(fresh, 'confirm_accept');
  let f = await fresh.waitFor((st) => st.reviews.length === 4 && review(st, name) &&
    Object.keys(review(st, name).verdicts).length === 3, 'the shared grades in a fresh profile', 20000);
  assert.deepEqual(review(f, name).verdicts, expected.verdicts, 'same verdicts');
  assert.deepEqual(review(f, name).notes, expected.notes, 'same notes');
  assert.equal(review(f, name).score, expected.score, 'same score');
  assert.ok(f.banners.some((b) => b.text.includes('Share link applied')), 'says it applied the link');
  await fresh.screenshot('wiring-share-opened');
  // Applying was one undoable step.
  await press(fresh, 'Control+z');
  f = await fresh.waitFor((st) => Object.keys(review(st, name).verdicts).length === 0, 'undo of the shared grading');

  // A link made for another set of files: a review the demo does not have.
  const other = await openApp(server, { initScript: noDemo });
  const text = readFileSync(RUN1, 'utf8') + '\n\nA line only this copy has.\n';
  await other.pickFiles([KEY, { name: 'v008-elsewhere-run1.md', content: text }]);
  let o = await other.waitFor((st) => st.reviews.length === 1 && st.selection.review === 0, 'the other file set');
  if (o.selection.problem < 0) await press(other, 'j');
  await press(other, '1');
  await other.waitFor((st) => Object.keys(st.reviews[0].verdicts).length === 1, 'a grade');
  const otherLink = await copyShareLink(other);
  const mismatch = await openApp(server, { url: otherLink });
  const m = await mismatch.waitFor((st) => st.reviews.length === 4 &&
    st.banners.some((b) => b.text.includes('does not fit')), 'the mismatch message', 20000);
  const banner = m.banners.find((b) => b.text.includes('does not fit'));
  assert.ok(banner.text.includes('v008-elsewhere-run1.md'), `names the missing file: ${banner.text}`);
  for (const r of m.reviews) assert.deepEqual(r.verdicts, {}, 'nothing applied');
  await mismatch.screenshot('wiring-share-mismatch');
});

test('judge audit: an imported scoring report is audited and compared with the human', async ({ server }) => {
  const app = await openApp(server);
  let s = await demoReady(app);
  // Grade v008-baseline-run1 (accepting the suggestions) so there is something to compare.
  for (let i = 0; i < 6 && s.selection.review_name !== 'v008-baseline-run1.md'; i++) {
    await press(app, ']');
    s = await app.query();
  }
  assert.equal(s.selection.review_name, 'v008-baseline-run1.md');
  if (s.selection.problem < 0) await press(app, 'j');
  for (let i = 0; i < 9; i++) await press(app, 'a', 'j');
  s = await app.waitFor((st) => Object.keys(review(st, 'v008-baseline-run1.md').verdicts).length === 9, 'run1 graded');

  await app.pickFiles([JUDGE]);
  s = await app.waitFor((st) => st.judge_reports.length === 1, 'the imported judge report');
  assert.equal(s.reviews.length, 4, 'the report did not become a review');
  const j = s.judge_reports[0];
  assert.equal(j.prompt, 'v008-baseline');
  assert.equal(j.runs.length, 2);
  const run2 = j.runs.find((r) => r.run === 2);
  assert.equal(run2.arithmetic_ok, false, 'Run 2 is flagged');
  assert.equal(run2.stated_detection, 6.0);
  assert.equal(run2.recomputed_detection, 5.5);
  assert.ok(run2.issues.includes('detection'), `issues: ${run2.issues}`);
  assert.equal(j.runs.find((r) => r.run === 1).arithmetic_ok, true, 'Run 1 adds up');
  assert.equal(j.agreement.n, 9, 'nine problems graded by both');
  assert.equal(typeof j.agreement.kappa, 'number');
  assert.ok(j.agreement.kappa >= -1 && j.agreement.kappa <= 1);
  assert.equal(j.agreement.confusion.flat().reduce((a, b) => a + b, 0), 9);
  assert.ok(j.score_diff.some((d) => d.run === 1 && d.review === 'v008-baseline-run1.md'));
  await clickRect(app, 'tab_judge');
  await app.waitFor((st) => st.view === 'judge', 'the judge audit view');
  await sleep(300);
  await app.screenshot('wiring-judge-audit');
});
