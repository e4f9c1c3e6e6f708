// Start-up browser tests: what makes the first frame come early (bench/README.md, "time to
// first frame") and the frames cheap ("frame time"), checked so that losing it fails a test:
// the wasm is requested before keygrader.js arrives, the demo files and the Japanese font
// are taken only after the first frame, a host that serves .wasm with another MIME type or
// not at all is handled, and drawing a frame asks the browser for no GL state that needs a
// round trip to the GPU process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, openApp, assert, webDir, sleep } from './harness.mjs';

const demoLoaded = (s) => s.shell.pendingFiles === 0 && s.keys.length === 1 && s.reviews.length === 4;

test('the wasm is requested first; the demo and the Japanese font come after the first frame', async ({ server }) => {
  const app = await openApp(server);
  await app.waitFor((s) => demoLoaded(s) && s.shell.cjkFont === 'taken', 'the demo and its Japanese font');
  const t = await app.page.evaluate(() => {
    const at = (suffix) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(suffix));
    const wasm = at('/keygrader.wasm'), js = at('/keygrader.js'), review = at('/v008-baseline-run1.md'), cjk = at('/fonts/cjk.ttf');
    return { wasm: wasm && wasm.startTime, jsStart: js && js.startTime, jsEnd: js && js.responseEnd,
             review: review && review.startTime, cjk: cjk && cjk.startTime,
             firstFrame: KG.firstFrameMs, taken: KG.filesTakenMs };
  });
  assert.ok(t.wasm !== undefined && t.jsStart !== undefined, `both requested: ${JSON.stringify(t)}`);
  assert.ok(t.wasm <= t.jsStart, `keygrader.wasm requested before keygrader.js (${JSON.stringify(t)})`);
  assert.ok(t.wasm < t.jsEnd, 'the wasm download does not wait for keygrader.js to arrive');
  assert.ok(t.taken >= t.firstFrame, `demo files taken after the first frame (${JSON.stringify(t)})`);
  assert.ok(t.cjk > t.firstFrame, `the Japanese font is asked for after the first frame (${JSON.stringify(t)})`);
});

test('a host serving keygrader.wasm as application/octet-stream still works', async ({ server }) => {
  const wasm = readFileSync(join(webDir, 'keygrader.wasm'));
  let served = 0;
  const app = await openApp(server, {
    beforeLoad: (context) => context.route('**/keygrader.wasm', (route) => {
      served++;
      return route.fulfill({ status: 200, contentType: 'application/octet-stream', body: wasm });
    }),
  });
  const s = await app.waitFor(demoLoaded, 'the demo');
  assert.equal(served, 1, 'the wasm was fetched once, with the wrong MIME type');
  assert.equal(s.keys.length, 1);
  assert.deepEqual(app.pageErrors, []);
});

test('a missing keygrader.wasm is reported in the page, not a blank screen', async ({ server }) => {
  const app = await openApp(server, {
    waitReady: false,
    beforeLoad: (context) => context.route('**/keygrader.wasm', (route) => route.fulfill({ status: 404, body: 'no' })),
  });
  await app.page.waitForFunction(() => !document.getElementById('kg-fallback').hidden, null, { timeout: 15000 });
  const text = await app.page.evaluate(() => document.getElementById('kg-fallback').textContent);
  assert.match(text, /keygrader\.wasm could not be loaded \(not found \(404\)\)/);
  assert.ok(await app.page.evaluate(() => document.getElementById('kg-loading').hidden), 'the spinner is gone');
});

test('drawing a frame asks the browser for no GL state that needs a GPU round trip', async ({ server }) => {
  const app = await openApp(server);
  await app.waitFor(demoLoaded, 'the demo');
  // Chromium answers these from the GPU process (synchronously), not from its own cache.
  const calls = await app.page.evaluate(async () => {
    const gl = GL.currentContext.GLctx;
    const slow = new Set([gl.VIEWPORT, gl.SCISSOR_BOX, gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA,
                          gl.BLEND_DST_ALPHA, gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA]);
    const original = gl.getParameter;
    const seen = { slow: 0, all: 0 };
    gl.getParameter = function (name) {
      seen.all++;
      if (slow.has(name)) seen.slow++;
      return original.call(this, name);
    };
    const before = Module._kg_shell_state ? JSON.parse(UTF8ToString(Module._kg_shell_state())).frames : 0;
    await new Promise((ok) => setTimeout(ok, 1500));
    gl.getParameter = original;
    const after = JSON.parse(UTF8ToString(Module._kg_shell_state())).frames;
    return { ...seen, frames: after - before };
  });
  assert.ok(calls.frames >= 5, `frames were drawn meanwhile (${JSON.stringify(calls)})`);
  assert.equal(calls.slow, 0, `no viewport/scissor/blend queries (${JSON.stringify(calls)})`);
  // ... and what the page draws is still right: the cached state restores what it set.
  await sleep(200);
  const shot = await app.page.screenshot();
  assert.ok(shot.length > 20000, 'a rendered page, not a blank canvas');
  await app.screenshot('startup-state-cache');
});

// How many frames the pacer draws per second is a matter of timing on a loaded machine, so it
// is not asserted here (the pacer's rule is unit-tested in frame_pacer.h's terms): this checks
// only what holds on any machine: a still page skips frames, and input is still acted on.
test('a still page skips frames; input is still acted on', async ({ server }) => {
  const app = await openApp(server);
  await app.waitFor((s) => demoLoaded(s) && s.shell.cjkFont === 'taken', 'the demo and its font');
  await app.waitFor((st) => st.shell.framesSkipped > 0, 'frames skipped while still', 10000);
  const s = await app.query();
  const selected = s.selection.review;
  await app.page.keyboard.press(']');
  await app.waitFor((st) => st.selection.review !== selected, 'the next review to be selected', 3000);
});

test('Latin Extended-A letters are baked once a review uses them (not before the first frame)', async ({ server }) => {
  const app = await openApp(server);
  let s = await app.waitFor((st) => demoLoaded(st) && st.shell.fonts.missing === 0, 'the demo');
  const rebuildsBefore = s.shell.fonts.rebuilds;
  assert.equal(s.shell.fonts.missing, 0);
  const text = '# Recenzja: Łódź, Dvořák, Őrség\n\n## C1. Źle obsłużone wyjątki\n\nŻaden błąd nie jest zgłaszany; ' +
               'ścieżka „retry” się nie kończy. Œuvre, ĳ, ŀ, ſ.\n';
  await app.dropFiles([{ name: 'v008-latin-ext-run1.md', content: text }]);
  s = await app.waitFor((st) => st.reviews.length === 5 && st.shell.pendingFiles === 0, 'the dropped review');
  for (let i = 0; i < 8 && (await app.query()).selection.review_name !== 'v008-latin-ext-run1.md'; i++) {
    await app.page.keyboard.press(']');
    await app.page.waitForTimeout(150);
  }
  s = await app.waitFor((st) => st.selection.review_name === 'v008-latin-ext-run1.md' && st.shell.fonts.missing === 0,
                        'the review on screen with every glyph baked');
  assert.ok(s.shell.fonts.rebuilds > rebuildsBefore, 'the atlas was rebuilt for the new letters');
  assert.equal(s.shell.fonts.cjkRequested, true, 'the demo asked for the Japanese font (unrelated), fine');
  await app.screenshot('startup-latin-extended');
});
