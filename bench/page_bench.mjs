// Page benchmarks (issue 6, items 2-5), in headless Chromium (Debian's, swiftshader WebGL):
//   ttff     time to first frame of the page vs a minimal Dear ImGui + GLFW + WebGL2 page
//            built with the same flags (bench/minimal_page), fresh profile per load     <= 1.5x
//   size     gzipped JS + wasm vs the minimal page; eager and lazy fonts separately        <= 3x
//   frame    frame time with a 1 MB review open vs an empty workspace                      <= 2x
//   (storage at real scale, IndexedDB: bench/store_bench.mjs)
//
//   node bench/page_bench.mjs [--web DIR] [--minimal DIR] [--runs N] [--only ttff,size,...]
//     --web      the built page (default $KG_WEB_DIR or build/web)
//     --minimal  the built minimal page (default build/wasm/web-bench/minimal)
// Prints one line per figure and a JSON summary on the last line. Machines are noisy: every
// comparison is a ratio of two figures taken in the same run, the two pages alternating.
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const webDir = resolve(opt('web', process.env.KG_WEB_DIR || join(repoRoot, 'build/web')));
const minimalDir = resolve(opt('minimal', join(repoRoot, 'build/wasm/web-bench/minimal')));
const runs = Number(opt('runs', 7));
const only = opt('only', 'ttff,size,frame').split(',');
const FRAME_MS = Number(opt('frame-seconds', 8)) * 1000;

// The flags TOOLCHAIN.md gives for headless Chromium as root, with WebGL on swiftshader.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

for (const [dir, file] of [[webDir, 'keygrader.wasm'], [minimalDir, 'minimal.wasm']]) {
  if (!existsSync(join(dir, file))) {
    console.error(`page_bench: ${join(dir, file)} is missing: build it first (scripts/bench.sh does)`);
    process.exit(1);
  }
}

const summary = {};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
// Mean of the middle 80%: robust to the long outliers of a loaded machine (like the median)
// while still averaging many frames.
const trimmedMean = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(s.length * 0.1);
  return mean(s.slice(cut, s.length - cut));
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const fmt = (x, d = 1) => Number(x).toFixed(d);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Both pages are served as a plain static host serves them (time to first frame, size,
// storage). The frame-time bench uses a cross-origin isolated server instead: that gives
// performance.now() a 5 µs resolution instead of 100 µs, which frame times under a
// millisecond need.
const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
const realServer = await startServer(webDir, 0);
const minimalServer = await startServer(minimalDir, 0);
const isolatedServer = await startServer(webDir, 0, ISOLATED);
const realUrl = `http://127.0.0.1:${realServer.address().port}/index.html`;
const minimalUrl = `http://127.0.0.1:${minimalServer.address().port}/index.html`;
const isolatedUrl = `http://127.0.0.1:${isolatedServer.address().port}/index.html`;
const browser = await chromium.launch({
  executablePath: process.env.KG_CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
});
// A fresh context is a fresh profile: empty HTTP cache and empty local storage.
// In every page: the time of the first animation frame after the first frame was recorded
// (window.__shownMs): the browser starts a new frame once the GPU has taken the previous
// one, so this includes drawing the first frame, which the first-frame time itself (the CPU
// end of frame 2, in both pages) does not.
const SHOWN_WATCH = () => {
  const tick = (t) => {
    const ff = (window.keygrader && window.keygrader.firstFrameMs) || window.benchFirstFrameMs;
    if (ff > 0 && t > ff) { window.__shownMs = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};
async function freshPage(initScript) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await context.addInitScript(SHOWN_WATCH);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}
// Keeps the real page from preloading its demo: any saved key counts as "not a first visit".
const EMPTY_WORKSPACE = () => { try { localStorage.setItem('keygrader:bench', '1'); } catch (e) { /* none */ } };

// ---- 2. time to first frame --------------------------------------------------------------
async function firstFrameMs(url, expr, initScript, withFiles = false) {
  const { context, page, errors } = await freshPage(initScript);
  await page.goto(url);
  await page.waitForFunction(`(${expr}) > 0`, null, { timeout: 60000 });
  const ms = await page.evaluate(expr);
  await page.waitForFunction(() => window.__shownMs > 0, null, { timeout: 60000 });
  const shownMs = await page.evaluate(() => window.__shownMs);
  // The real page fetches the demo after its first frame: also when the app had taken it.
  let filesMs = 0;
  if (withFiles) {
    await page.waitForFunction(() => window.KG && KG.filesTakenMs > 0, null, { timeout: 60000 });
    filesMs = await page.evaluate(() => KG.filesTakenMs);
  }
  // When the wasm had arrived: what is left is compiling, starting and the first two frames.
  const { wasmMs, before } = await page.evaluate((ff) => {
    const entries = performance.getEntriesByType('resource');
    const e = entries.find((r) => r.name.endsWith('.wasm'));
    return { wasmMs: e ? e.responseEnd : 0,
             before: entries.filter((r) => r.startTime <= ff).map((r) => r.name.replace(/^http:\/\/[^/]+\//, '')) };
  }, ms);
  if (errors.length) throw new Error(`${url}: ${errors[0]}`);
  await context.close();
  return { ms, shownMs, wasmMs, filesMs, before };
}

async function benchTtff() {
  const real = [], realEmpty = [], minimal = [], demoTaken = [];
  const wasm = { real: [], realEmpty: [], minimal: [] };
  const shown = { real: [], realEmpty: [], minimal: [] };
  let lastRealRequests = [];
  await firstFrameMs(minimalUrl, 'window.benchFirstFrameMs');   // warm the OS file cache
  await firstFrameMs(realUrl, 'window.keygrader.firstFrameMs');
  // The three kinds of load take turns, in a rotating order (a load can be slowed by the
  // previous one's teardown in the browser: no kind always follows the same one), with a
  // pause after each load for the browser to settle.
  const kinds = [
    async () => {
      const m = await firstFrameMs(minimalUrl, 'window.benchFirstFrameMs');
      minimal.push(m.ms);
      wasm.minimal.push(m.wasmMs);
      shown.minimal.push(m.shownMs);
    },
    async () => {
      const r = await firstFrameMs(realUrl, 'window.keygrader.firstFrameMs', undefined, true);
      real.push(r.ms);
      shown.real.push(r.shownMs);
      demoTaken.push(r.filesMs);
      wasm.real.push(r.wasmMs);
      lastRealRequests = r.before;
    },
    async () => {
      const e = await firstFrameMs(realUrl, 'window.keygrader.firstFrameMs', EMPTY_WORKSPACE);
      realEmpty.push(e.ms);
      shown.realEmpty.push(e.shownMs);
      wasm.realEmpty.push(e.wasmMs);
    },
  ];
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < kinds.length; k++) {
      await kinds[(i + k) % kinds.length]();
      await sleep(400);
    }
  }
  const after = (ff, w) => median(ff.map((x, i) => x - w[i]));
  const ratio = median(real) / median(minimal);
  const ratioEmpty = median(realEmpty) / median(minimal);
  console.log(`ttff: minimal page median ${fmt(median(minimal))} ms [${minimal.map((x) => fmt(x, 0)).join(' ')}]`);
  console.log(`ttff: KeyGrader, first visit (demo preloading) median ${fmt(median(real))} ms [${real.map((x) => fmt(x, 0)).join(' ')}] -> ratio ${fmt(ratio, 2)} (target <= 1.5)`);
  console.log(`ttff: KeyGrader, empty workspace median ${fmt(median(realEmpty))} ms [${realEmpty.map((x) => fmt(x, 0)).join(' ')}] -> ratio ${fmt(ratioEmpty, 2)}`);
  console.log(`ttff: wasm downloaded at (median) minimal ${fmt(median(wasm.minimal))} ms, KeyGrader ${fmt(median(wasm.real))} ms ` +
              `(empty workspace ${fmt(median(wasm.realEmpty))} ms); from then to the first frame: minimal ` +
              `${fmt(after(minimal, wasm.minimal))} ms, KeyGrader ${fmt(after(real, wasm.real))} ms (empty workspace ` +
              `${fmt(after(realEmpty, wasm.realEmpty))} ms)`);
  const shownMin = median(shown.minimal);
  console.log(`ttff: first frame shown (next animation frame, after the GPU drew it): minimal ${fmt(shownMin)} ms, ` +
              `KeyGrader first visit ${fmt(median(shown.real))} ms (${fmt(median(shown.real) / shownMin, 2)}x), ` +
              `empty workspace ${fmt(median(shown.realEmpty))} ms (${fmt(median(shown.realEmpty) / shownMin, 2)}x)`);
  console.log(`ttff: KeyGrader, first visit: demo files taken by the app at median ${fmt(median(demoTaken))} ms ` +
              `[${demoTaken.map((x) => fmt(x, 0)).join(' ')}] (${fmt(median(demoTaken) / median(minimal), 2)}x the minimal page's first frame)`);
  console.log(`ttff: requested by KeyGrader before its first frame: ${lastRealRequests.join(', ')}`);
  summary.ttff = { runs, minimal_ms: median(minimal), real_ms: median(real), real_empty_ms: median(realEmpty),
                   ratio, ratio_empty: ratioEmpty,
                   shown_ms: { minimal: shownMin, real: median(shown.real), real_empty: median(shown.realEmpty) },
                   demo_taken_ms: median(demoTaken), requested_before_first_frame: lastRealRequests,
                   wasm_arrived_ms: { minimal: median(wasm.minimal), real: median(wasm.real), real_empty: median(wasm.realEmpty) },
                   wasm_to_first_frame_ms: { minimal: after(minimal, wasm.minimal), real: after(real, wasm.real),
                                             real_empty: after(realEmpty, wasm.realEmpty) } };
}

// ---- 3. download size --------------------------------------------------------------------
function gz(dir, file) {
  const path = join(dir, file);
  if (!existsSync(path)) return { file, raw: 0, gzip: 0, missing: true };
  const bytes = readFileSync(path);
  return { file, raw: statSync(path).size, gzip: gzipSync(bytes, { level: 9 }).length };
}
function benchSize() {
  const total = (xs) => xs.reduce((a, x) => a + x.gzip, 0);
  const realCode = [gz(webDir, 'keygrader.js'), gz(webDir, 'keygrader.wasm')];
  const realShell = [gz(webDir, 'index.html'), gz(webDir, 'keygrader-glue.js')];
  const realFonts = ['base', 'bold', 'mono'].map((f) => gz(webDir, `fonts/${f}.ttf`));
  const lazyFonts = [gz(webDir, 'fonts/cjk.ttf')];
  const minCode = [gz(minimalDir, 'minimal.js'), gz(minimalDir, 'minimal.wasm')];
  const minShell = [gz(minimalDir, 'index.html')];
  const ratio = total(realCode) / total(minCode);
  const line = (xs) => xs.map((x) => `${x.file} ${kb(x.raw)} -> ${kb(x.gzip)}`).join(', ');
  console.log(`size: minimal page JS + wasm gzipped ${kb(total(minCode))} (${line(minCode)}); html ${kb(total(minShell))}`);
  console.log(`size: KeyGrader JS + wasm gzipped ${kb(total(realCode))} (${line(realCode)}) -> ratio ${fmt(ratio, 2)} (target <= 3)`);
  console.log(`size: KeyGrader shell (html + glue) ${kb(total(realShell))}; fonts loaded before the first frame ${kb(total(realFonts))} (${line(realFonts)})`);
  console.log(`size: lazily loaded (only when Japanese text shows up): ${line(lazyFonts)}`);
  const everything = total(realCode) + total(realShell) + total(realFonts);
  console.log(`size: everything KeyGrader loads before its first frame ${kb(everything)} vs minimal ${kb(total(minCode) + total(minShell))} -> ratio ${fmt(everything / (total(minCode) + total(minShell)), 2)}`);
  summary.size = { minimal_gzip: total(minCode), real_gzip: total(realCode), ratio,
                   real_shell_gzip: total(realShell), eager_fonts_gzip: total(realFonts),
                   lazy_cjk_font_gzip: total(lazyFonts), lazy_cjk_font_raw: lazyFonts[0].raw,
                   first_load_gzip: everything };
}

// ---- 4. frame time -----------------------------------------------------------------------
// A 1 MB review made of the sample reviews, finding ids renumbered so every heading is new.
function megabyteReview() {
  const samples = ['v008-baseline-run1.md', 'v008-baseline-run2.md', 'v008-variant-redteam-run1.md',
                   'v008-variant-redteam-run2.md'].map((f) => readFileSync(join(repoRoot, 'assets/reviews', f), 'utf8'));
  let out = '# Reliability review, 1 MB benchmark copy\n\n';
  let n = 0;
  while (Buffer.byteLength(out) < 1024 * 1024) {
    const s = samples[n % samples.length].replace(/^(#+ *)([A-Z])(\d+)\b/gm, (_, h, l, d) => `${h}${l}${d}-${n}`);
    out += `\n\n## Part ${++n}\n\n` + s.replace(/^# /m, '### ');
  }
  return out;
}

// CPU time of each frame (Emscripten calls Module.preMainLoop / postMainLoop around every
// iteration of the main loop) and the requestAnimationFrame intervals, over `ms`.
async function sampleFrames(page, ms, scroll) {
  await page.evaluate(() => {
    window.__bench = { cpu: [], raf: [], on: true };
    // Only frames the page drew count: when nothing changes it skips most animation frames
    // (src/app/frame_pacer.h), and a skipped one costs next to nothing.
    let start = 0, drawnBefore = 0;
    window.__bench.skipped = 0;
    Module.preMainLoop = () => { start = performance.now(); drawnBefore = KG.framesDrawn; };
    Module.postMainLoop = () => {
      if (!window.__bench.on) return;
      if (KG.framesDrawn !== drawnBefore) window.__bench.cpu.push(performance.now() - start);
      else window.__bench.skipped++;
    };
    let last = 0;
    const tick = (t) => {
      if (!window.__bench.on) return;
      if (last) window.__bench.raf.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const end = Date.now() + ms;
  await page.mouse.move(640, 430);
  let dir = 1;
  while (Date.now() < end) {
    if (scroll) {
      await page.mouse.wheel(0, 400 * dir);
      if (Math.random() < 0.05) dir = -dir;
    }
    await sleep(30);
  }
  return page.evaluate(() => {
    window.__bench.on = false;
    Module.preMainLoop = undefined;
    Module.postMainLoop = undefined;
    return window.__bench;
  });
}

function frameLine(label, s) {
  return `${label}: ${s.cpu.length} frames drawn (${s.skipped} skipped), CPU per frame median ${fmt(median(s.cpu), 3)} ms, ` +
         `trimmed mean ${fmt(trimmedMean(s.cpu), 3)} ms, mean ${fmt(mean(s.cpu), 2)} ms, ` +
         `p95 ${fmt(pct(s.cpu, 0.95), 2)} ms; rAF interval median ${fmt(median(s.raf), 1)} ms, mean ${fmt(mean(s.raf), 1)} ms`;
}

async function benchFrame() {
  const review = megabyteReview();
  const { context, page, errors } = await freshPage(EMPTY_WORKSPACE);
  await page.goto(isolatedUrl);
  await page.waitForFunction(() => window.keygrader && window.keygrader.ready, null, { timeout: 60000 });
  await sleep(1000);
  const query = () => page.evaluate(() => window.keygrader.query());
  const s0 = await query();
  if (s0.reviews.length || s0.keys.length) throw new Error('frame bench: the workspace is not empty');
  const emptyIdle = await sampleFrames(page, FRAME_MS, false);
  const emptyScroll = await sampleFrames(page, FRAME_MS, true);

  // A review of the usual size first (the shipped sample, 15 KB) with the key, then the 1 MB
  // one: the first ratio below is the (1 MB vs nothing open), the second shows what
  // the review's size itself costs (1 MB vs 15 KB, same panels on screen).
  const openReview = async (name, buffer, count, files) => {
    await page.setInputFiles('#kg-file-input', files || [{ name, mimeType: 'text/markdown', buffer }]);
    const deadline = Date.now() + 60000;
    let st = await query();
    while (!(st.reviews.length === count && st.shell.pendingFiles === 0) && Date.now() < deadline) {
      await sleep(200);
      st = await query();
    }
    for (let tries = 0; st.selection.review_name !== name && tries < count; tries++) {
      await page.keyboard.press(']');   // next review
      await sleep(300);
      st = await query();
    }
    if (st.selection.review_name !== name) throw new Error(`frame bench: ${name} is not shown: ` + JSON.stringify(st.banners));
    await page.mouse.move(640, 430);
    await sleep(1500);
    return st;
  };
  const sampleName = 'v008-baseline-run1.md';
  const sample = readFileSync(join(repoRoot, 'assets/reviews', sampleName));
  await openReview(sampleName, sample, 1, [
    { name: 'answer-key-round-008.md', mimeType: 'text/markdown', buffer: readFileSync(join(repoRoot, 'keys/answer-key-round-008.md')) },
    { name: sampleName, mimeType: 'text/markdown', buffer: sample },
  ]);
  const smallIdle = await sampleFrames(page, FRAME_MS, false);
  const smallScroll = await sampleFrames(page, FRAME_MS, true);
  await openReview('v008-megabyte-run1.md', Buffer.from(review), 2);
  await page.screenshot({ path: join(repoRoot, 'build', 'bench-frame-1mb.png') }).catch(() => {});
  const bigIdle = await sampleFrames(page, FRAME_MS, false);
  const bigScroll = await sampleFrames(page, FRAME_MS, true);
  await page.screenshot({ path: join(repoRoot, 'build', 'bench-frame-1mb-scrolled.png') }).catch(() => {});
  const after = await query();
  if (errors.length) throw new Error('frame bench: ' + errors[0]);
  await context.close();

  const big = after.reviews.find((r) => r.name === 'v008-megabyte-run1.md');
  console.log(`frame: 1 MB review = ${kb(Buffer.byteLength(review))}, ${big.findings} findings, ` +
              `${big.blocks} blocks; selected: ${after.selection.review_name}; scroll ${fmt(after.selection.review_scroll, 0)}`);
  console.log(frameLine('frame: empty workspace, idle', emptyIdle));
  console.log(frameLine('frame: empty workspace, wheel', emptyScroll));
  console.log(frameLine(`frame: ${sampleName} (${kb(sample.length)}), idle`, smallIdle));
  console.log(frameLine(`frame: ${sampleName} (${kb(sample.length)}), scrolling`, smallScroll));
  console.log(frameLine('frame: 1 MB review, idle', bigIdle));
  console.log(frameLine('frame: 1 MB review, scrolling', bigScroll));
  // Trimmed means (middle 80% of the drawn frames): a loaded machine adds long outliers.
  const r = (a, b) => trimmedMean(a.cpu) / trimmedMean(b.cpu);
  const ratioIdle = r(bigIdle, emptyIdle);
  const ratioScroll = r(bigScroll, emptyScroll);
  const ratioRaf = median(bigScroll.raf) / median(emptyScroll.raf);
  console.log(`frame: CPU per frame, 1 MB / empty: idle ${fmt(ratioIdle, 2)}, scrolling ${fmt(ratioScroll, 2)} (target <= 2); ` +
              `1 MB / 15 KB review: idle ${fmt(r(bigIdle, smallIdle), 2)}, scrolling ${fmt(r(bigScroll, smallScroll), 2)}; ` +
              `15 KB / empty: idle ${fmt(r(smallIdle, emptyIdle), 2)}, scrolling ${fmt(r(smallScroll, emptyScroll), 2)}; ` +
              `rAF interval scrolling 1 MB / empty ${fmt(ratioRaf, 2)}`);
  summary.frame = {
    review_bytes: Buffer.byteLength(review), findings: big.findings,
    small_idle_ms: trimmedMean(smallIdle.cpu), small_scroll_ms: trimmedMean(smallScroll.cpu),
    ratio_big_small_idle: r(bigIdle, smallIdle), ratio_big_small_scroll: r(bigScroll, smallScroll),
    empty_idle_ms: trimmedMean(emptyIdle.cpu), empty_scroll_ms: trimmedMean(emptyScroll.cpu),
    big_idle_ms: trimmedMean(bigIdle.cpu), big_scroll_ms: trimmedMean(bigScroll.cpu),
    empty_raf_ms: median(emptyScroll.raf), big_raf_ms: median(bigScroll.raf),
    ratio_idle: ratioIdle, ratio_scroll: ratioScroll, ratio_raf: ratioRaf,
    review_scroll: after.selection.review_scroll,
  };
}

// ---- 5. storage: see bench/store_bench.mjs (IndexedDB, issue 12) -------------------------

try {
  if (only.includes('size')) benchSize();
  if (only.includes('ttff')) await benchTtff();
  if (only.includes('frame')) await benchFrame();
} finally {
  await browser.close();
  realServer.close();
  minimalServer.close();
  isolatedServer.close();
}
console.log(JSON.stringify(summary));
