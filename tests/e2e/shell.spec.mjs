// Shell-level browser tests: the page loads and paints with the demo preloaded, files come in
// through the real file input, URL parameters and drag and drop, Japanese renders with the
// lazily loaded font, storage problems (full, corrupt, a record changed outside KeyGrader) are
// reported without losing work, state survives a reload, the canvas is crisp at
// devicePixelRatio 2 and follows the window, and keygrader.html works from file:// offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, openApp, assert, fixturePath, webDir } from './harness.mjs';

const KEY = 'answer-key-round-008.md';
const DEMO_REVIEWS = ['v008-baseline-run1.md', 'v008-baseline-run2.md',
                      'v008-variant-redteam-run1.md', 'v008-variant-redteam-run2.md'];
const JA_REVIEW = fixturePath('tests/e2e/fixtures/v008-variant-ja-run1.md');

const names = (s) => s.reviews.map((r) => r.name).sort();
const demoLoaded = (s) => s.shell.pendingFiles === 0 && s.keys.length === 1 &&
                          DEMO_REVIEWS.every((n) => s.reviews.some((r) => r.name === n));
const saved = (s) => s.store.status === 'ok' && s.store.saves > 0 && !s.store.dirty;

test('page loads, paints a first frame and preloads the demo key and reviews', async ({ server }) => {
  const app = await openApp(server);
  // One demo review quotes Japanese: wait for its font too, so that nothing shows as '?'.
  const s = await app.waitFor((st) => demoLoaded(st) && st.shell.fonts.missing === 0,
                              'the demo key, its 4 reviews and every glyph they use');
  assert.equal(s.keys[0].name, KEY);
  assert.ok(s.keys[0].readable, 'the demo key parses');
  assert.deepEqual(names(s), DEMO_REVIEWS, 'exactly the 4 sample reviews (no folder notes)');
  assert.ok(s.shell.demoPreloaded);
  assert.ok(s.shell.frames >= 2, 'frames are being drawn');
  assert.ok(s.shell.firstFrameMs > 0, 'time to first frame recorded');
  assert.equal(s.shell.notices.length, 0, `no notices: ${s.shell.notices}`);
  const loadingHidden = await app.page.evaluate(() => document.getElementById('kg-loading').hidden);
  assert.ok(loadingHidden, 'the loading indicator is gone');
  assert.equal(await app.page.evaluate(() => document.documentElement.lang), 'en');
  await app.screenshot('shell-demo-dpr1');
});

test('canvas is crisp at devicePixelRatio 2 and follows window resizes', async ({ server }) => {
  const app = await openApp(server, { dpr: 2, width: 1100, height: 700 });
  let s = await app.waitFor(demoLoaded, 'the demo');
  assert.equal(s.shell.dpr, 2);
  assert.equal(s.shell.fonts.dpr, 2, 'fonts baked at the pixel ratio');
  assert.equal(s.shell.canvas.width, 2200, 'backing store = CSS width x 2');
  assert.equal(s.shell.canvas.height, 1400);
  assert.deepEqual(s.shell.display, [1100, 700], 'the UI lays out in CSS pixels');
  await app.screenshot('shell-demo-dpr2');
  await app.page.setViewportSize({ width: 800, height: 560 });
  s = await app.waitFor((st) => st.shell.canvas.width === 1600 && st.shell.canvas.height === 1120, 'the canvas to follow the resize');
  assert.deepEqual(s.shell.display, [800, 560]);
  await app.screenshot('shell-resized-dpr2');
});

test('a browser that prefers dark gets the dark theme, page background included', async ({ server }) => {
  const app = await openApp(server, { colorScheme: 'dark' });
  const s = await app.waitFor(demoLoaded, 'the demo');
  assert.equal(s.shell.theme, 'dark');
  const bg = await app.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `dark page background behind the canvas (${bg})`);
  await app.screenshot('shell-dark-theme');
});

test('URL parameters open the named demo files (and report one that is missing)', async ({ server }) => {
  const q = `key=keys/${KEY}&review=assets/reviews/${DEMO_REVIEWS[0]}&review=assets/reviews/no-such-run1.md`;
  const app = await openApp(server, { query: q });
  const s = await app.waitFor((st) => st.shell.pendingFiles === 0 && st.keys.length === 1 && st.reviews.length === 1 &&
                                      st.shell.notices.length === 1, 'the linked key, one review and one notice');
  assert.deepEqual(names(s), [DEMO_REVIEWS[0]]);
  assert.equal(s.shell.demoPreloaded, false, 'no demo preload when the URL names files');
  assert.match(s.shell.notices[0], /no-such-run1\.md.*not found/);
  assert.equal(s.shell.cjkFont, 'idle', 'English documents only: the Japanese font is never fetched');
  await app.screenshot('shell-url-params');
});

test('the file input takes several files at once', async ({ server }) => {
  const app = await openApp(server, { query: `key=keys/${KEY}` });
  await app.waitFor((st) => st.keys.length === 1 && st.reviews.length === 0, 'the linked key alone');
  await app.pickFiles([fixturePath(`assets/reviews/${DEMO_REVIEWS[2]}`), fixturePath(`assets/reviews/${DEMO_REVIEWS[3]}`),
                       { name: 'notes-run1.md', content: '# Notes\n\nA third file, made up in the test.\n' }]);
  const s = await app.waitFor((st) => st.reviews.length === 3, 'three picked reviews');
  assert.deepEqual(names(s), ['notes-run1.md', DEMO_REVIEWS[2], DEMO_REVIEWS[3]].sort());
  assert.ok(s.reviews.every((r) => r.key === KEY), 'linked to the key');
  // Picking the same file again must come through again (the input is reset after each pick).
  await app.pickFiles([{ name: 'notes-run1.md', content: '# Notes\n\nChanged.\n' }]);
  await app.waitFor((st) => st.reviews.find((r) => r.name === 'notes-run1.md').hash !== s.reviews.find((r) => r.name === 'notes-run1.md').hash,
                    'the re-picked file to replace the first');
  await app.screenshot('shell-picked-files');
});

test('a dropped Japanese review renders with the lazily loaded Japanese font (no tofu)', async ({ server }) => {
  const app = await openApp(server);
  await app.waitFor(demoLoaded, 'the demo');
  await app.dropFiles([JA_REVIEW, { name: 'v008-variant-ja-run2.md', content: '# 第二回\n\n検出：○　部分：△　未検出：×\n' }]);
  const s = await app.waitFor((st) => st.reviews.length === 6 && st.shell.fonts.cjkLoaded && st.shell.fonts.missing === 0,
                              'two dropped reviews and their glyphs in the atlas');
  assert.equal(s.shell.cjkFont, 'taken', 'the font was fetched and handed to the atlas');
  assert.ok(s.shell.cjkFontBytes > 100000, 'a real font arrived');
  assert.ok(s.shell.fonts.extraGlyphs > 100, 'the kanji and kana of the review were baked');
  assert.ok(s.shell.fonts.atlas[1] <= 8192, `atlas within WebGL limits: ${s.shell.fonts.atlas}`);
  // Show the Japanese review (']' = next review) and look at it.
  for (let i = 0; i < 8 && (await app.query()).selection.review_name !== 'v008-variant-ja-run1.md'; i++) {
    await app.page.keyboard.press(']');
    await app.page.waitForTimeout(150);
  }
  assert.equal((await app.query()).selection.review_name, 'v008-variant-ja-run1.md');
  await app.page.waitForTimeout(300);
  assert.equal((await app.query()).shell.fonts.missing, 0, 'still no missing glyph once it is on screen');
  await app.screenshot('shell-japanese-review');
});

// The seal keygrader-store.js puts on a record (so a test can write one "as KeyGrader").
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
const ownRecord = (key, text) => ({ owner: 'keygrader/1', seal: fnv1a(key + '\n' + text.length + '\n' + (text.length <= 65536 ? text : '')), text });

test('a full store: a visible message, and the work stays in memory', async ({ server }) => {
  const app = await openApp(server);
  await app.waitFor((st) => demoLoaded(st) && saved(st), 'the demo, saved');
  await app.failStore('quota');   // the browser refuses writes as over quota
  await app.dropFiles([JA_REVIEW]);
  const s = await app.waitFor((st) => st.store.status === 'quota', 'the quota error to be reported', 15000);
  assert.match(s.store.message, /full/i);
  assert.match(s.store.message, /export/i, 'the message says how to keep the work');
  assert.ok(s.banners.some((b) => /full/i.test(b.text)), 'a banner shows it on screen');
  assert.ok(s.reviews.some((r) => r.name === 'v008-variant-ja-run1.md'), 'the new review is still in memory');
  await app.screenshot('shell-storage-full');
  // The stored copy is the last good one (the demo).
  const records = await app.idb();
  assert.equal(Object.keys(records).filter((k) => k.startsWith('review:')).length, 4, 'the last good copy is still stored');
  // Room again: the next change saves again.
  await app.failStore(null);
  await app.dropFiles([{ name: 'v008-variant-ja-run2.md', content: '# 第二回\n\n本文。\n' }]);
  await app.waitFor((x) => x.store.status === 'ok' && x.reviews.length === 6, 'saving to resume once space is free', 15000);
});

test('corrupt saved state: a message, nothing lost, the app stays usable', async ({ server }) => {
  const app = await openApp(server);
  await app.waitFor((st) => demoLoaded(st) && saved(st), 'the demo, saved');
  const junk = '{"store": {"format": "keygrader-store", "version": 1, "reviews": [tru';
  await app.idbPut('meta', ownRecord('meta', junk));
  await app.reload();
  let s = await app.waitFor((st) => st.store.status === 'corrupt', 'the corrupt store to be reported');
  assert.ok(s.store.message.length > 20, 'a clear message');
  assert.ok(s.banners.some((b) => b.level === 'error'), 'shown on screen');
  assert.equal(s.reviews.length, 0, 'starts empty');
  await app.screenshot('shell-corrupt-store');
  // Still usable: files can be opened and graded state appears.
  await app.dropFiles([fixturePath(`keys/${KEY}`), fixturePath(`assets/reviews/${DEMO_REVIEWS[0]}`)]);
  s = await app.waitFor((st) => st.keys.length === 1 && st.reviews.length === 1, 'files opened after the corrupt store');
  await app.page.waitForTimeout(1500);
  // The unreadable copy is not overwritten behind the user's back.
  const records = await app.idb();
  assert.equal(records.meta.text, junk, 'the unreadable copy is kept');
});

test('a record changed outside KeyGrader is reported; the rest of the work is restored', async ({ server }) => {
  const app = await openApp(server);
  await app.waitFor((st) => demoLoaded(st) && saved(st), 'the demo, saved');
  const records = await app.idb();
  const rec = records['review:0'];
  await app.idbPut('review:0', { ...rec, text: rec.text + ' ' });   // still JSON, but the seal no longer matches
  await app.reload();
  const s = await app.waitFor((x) => x.store.status !== 'ok' && x.shell.pendingFiles === 0, 'the damaged record reported');
  assert.equal(s.store.status, 'corrupt');
  assert.ok(s.store.holding, 'writes are held back');
  assert.ok(s.banners.some((b) => /seal/.test(b.text)), 'the message says the record was changed outside KeyGrader');
  assert.equal(s.reviews.length, 3, 'the other reviews are restored');
  assert.ok(s.banners.some((b) => /could not be restored/.test(b.text)), 'the missing review is named as lost');
  await app.screenshot('shell-recovered-store');
});

test('a reload restores the workspace and selection', async ({ server }) => {
  const app = await openApp(server);
  await app.waitFor((st) => demoLoaded(st) && saved(st), 'the demo, saved');
  const before = await app.query();
  await app.reload();
  const after = await app.waitFor((st) => st.reviews.length === before.reviews.length, 'the restored reviews');
  assert.equal(after.shell.demoPreloaded, false, 'no second demo preload');
  assert.deepEqual(after.reviews.map((r) => [r.name, r.hash, r.key]), before.reviews.map((r) => [r.name, r.hash, r.key]));
  assert.deepEqual(after.selection, before.selection);
  assert.deepEqual(after.references, before.references);
});

test('without WebGL 2 the page says so in an accessible message', async ({ server }) => {
  const app = await openApp(server, { waitReady: false, initScript: () => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : original.call(this, type, ...rest);
    };
  } });
  await app.page.waitForSelector('#kg-fallback:not([hidden])');
  const box = await app.page.evaluate(() => {
    const el = document.getElementById('kg-fallback');
    return { role: el.getAttribute('role'), text: el.textContent, loading: document.getElementById('kg-loading').hidden };
  });
  assert.equal(box.role, 'alert');
  assert.match(box.text, /WebGL 2/);
  assert.ok(box.loading, 'the loading indicator is gone');
  await app.screenshot('shell-no-webgl2');
});

test('keygrader.html works opened from file:// with no network', async () => {
  const file = join(webDir, 'keygrader.html');
  const html = readFileSync(file, 'utf8');
  assert.ok(!/<script[^>]+src=/.test(html), 'no external scripts');
  const app = await openApp(null, { url: `file://${file}`, offline: true });
  await app.waitFor(demoLoaded, 'the embedded demo');
  let s = await app.query();
  assert.ok(s.shell.singleFile);
  await app.dropFiles([JA_REVIEW]);
  s = await app.waitFor((st) => st.shell.fonts.cjkLoaded && st.reviews.length === 5 && st.shell.fonts.missing === 0,
                        'the embedded Japanese font with every glyph in use');
  await app.waitFor(saved, 'a save to local storage from file://');
  assert.deepEqual(app.blockedRequests, [], 'no network request was attempted');
  await app.screenshot('shell-single-file-offline');
  await app.reload();
  await app.waitFor((st) => st.reviews.length === 5, 'the state restored from local storage under file://');
});
