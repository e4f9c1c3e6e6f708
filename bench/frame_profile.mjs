// Where a frame's time goes with a big workspace loaded: imports a generated workspace
// (bench/gen_workspace.mjs) into the page, then takes a CPU profile of the idle page (or of
// typing a note) with Chromium's profiler and prints the functions with the most self time.
// Function names need a page linked with --profiling-funcs:
//
//   emcmake cmake -S . -B build/wasm-prof -G Ninja -DCMAKE_BUILD_TYPE=Release -DKG_WASM_LTO=OFF \
//     -DCMAKE_EXE_LINKER_FLAGS=--profiling-funcs -DKG_WEB_OUT=$PWD/build/web-prof
//   cmake --build build/wasm-prof --target keygrader_web
//   node bench/frame_profile.mjs --web build/web-prof [--reviews 760] [--seconds 5] [--wait 0] [--typing]
//   node bench/frame_profile.mjs --web build/web-prof --first-save   # the import and its first full save
//   node bench/frame_profile.mjs --web build/web-prof --ingest [--reviews 760]   # a folder ingest (store_bench's corpus)
//
// --wait N waits up to N seconds for the machine suggestions to finish before profiling.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';
import { makeFolderFiles, makeWorkspaceJson } from './gen_workspace.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const webDir = resolve(opt('web', join(repoRoot, 'build/web-prof')));
const REVIEWS = Number(opt('reviews', 760));
const SECONDS = Number(opt('seconds', 5));
const WAIT = Number(opt('wait', 0));
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const server = await startServer(webDir, 0);
const url = `http://127.0.0.1:${server.address().port}/index.html`;
const dir = mkdtempSync(join(tmpdir(), 'kg-frame-profile-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.KG_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1,
});
await context.addInitScript(() => { try { localStorage.setItem('keygrader:bench', '1'); } catch (e) { /* none */ } });
await context.addInitScript(() => {
  window.__frames = [];
  const tick = (t) => { window.__frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
const page = context.pages()[0] || (await context.newPage());
await page.goto(url);
await page.waitForFunction(() => window.keygrader && window.keygrader.ready, null, { timeout: 120000 });
const query = () => page.evaluate(() => window.keygrader.query());
const FIRST_SAVE = args.includes('--first-save');
const INGEST = args.includes('--ingest');
// An ingest runs for minutes: sample it more coarsely.
const SAMPLE_US = INGEST ? 1000 : 200;
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_US });
if (FIRST_SAVE) await cdp.send('Profiler.start');
if (INGEST) {
  // The same corpus as store_bench's ingest, given as a folder; profiled until it is all in.
  const files = makeFolderFiles({ reviews: REVIEWS });
  await page.evaluate((list) => { window.__files = list; }, files);
  await sleep(500);
  await page.evaluate(() => { window.__frames = []; });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  const handOver = await page.evaluate(() => {
    const list = window.__files.map((f) => ({ file: new File([f.text], f.path.split('/').pop()), path: f.path }));
    const t = performance.now();
    window.__ingestStart = t;
    window.KG.acceptFiles(list, 'folder');
    return performance.now() - t;
  });
  console.log(`acceptFiles (the page's share of the hand-over) took ${handOver.toFixed(1)} ms`);
  for (;;) {
    const s = await query();
    if (s.reviews.length === REVIEWS && !s.ingest.active && s.shell.pendingFiles === 0) {
      console.log(`ingest: ${files.length} files in ${((Date.now() - t0) / 1000).toFixed(1)} s, longest slice ${s.ingest.longestSliceMs.toFixed(1)} ms`);
      break;
    }
    await sleep(500);
  }
} else if (REVIEWS > 0) {
  const json = makeWorkspaceJson({ reviews: REVIEWS });
  await page.evaluate((text) => {
    window.KG.acceptFiles([{ file: new File([text], 'bench-workspace.json', { type: 'application/json' }), path: 'bench-workspace.json' }], 'picker');
  }, json);
  for (;;) {
    const s = await query();
    if (s.reviews.length === REVIEWS && s.store.saves > 0 && !s.store.saving) break;
    await sleep(200);
  }
}
const end = Date.now() + WAIT * 1000;
let s = await query();
while (s.ingest.suggestionsPending && Date.now() < end) { await sleep(1000); s = await query(); }
console.log(`profile: ${s.reviews.length} reviews, suggestions pending: ${s.ingest.suggestionsPending}`);
if (INGEST) {
  // profiled from the start of the ingest
} else if (FIRST_SAVE) {
  console.log(`first save: ${s.store.saves} commits, longest preparation ${s.store.maxPrepareMs.toFixed(1)} ms`);
} else {
  await page.evaluate(() => { window.__frames = []; });
  await cdp.send('Profiler.start');
}
if (FIRST_SAVE || INGEST) {
  // profiled from before the import or the ingest: nothing more to do
} else if (args.includes('--typing')) {
  await page.keyboard.press('n');
  await page.keyboard.type('The review names the missing circuit breaker and the retry storm.', { delay: 40 });
  await page.keyboard.press('Escape');
} else {
  await sleep(SECONDS * 1000);
}
const { profile } = await cdp.send('Profiler.stop');
const frames = await page.evaluate(() => window.__frames);
const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
if (INGEST) {
  // When the longest gaps came, from the start of the ingest (to tell the hand-over, the
  // slices and the end of the batch apart).
  const start = await page.evaluate(() => window.__ingestStart);
  const longest = frames.slice(1).map((t, i) => [t - frames[i], frames[i] - start]).sort((a, b) => b[0] - a[0]).slice(0, 5);
  console.log('longest gaps (ms, at ms from the ingest start): ' + longest.map(([g, at]) => `${g.toFixed(0)} at ${at.toFixed(0)}`).join(', '));
}
console.log(`frames: ${frames.length}, median gap ${gaps[gaps.length >> 1]?.toFixed(1)} ms, longest ${gaps[gaps.length - 1]?.toFixed(1)} ms`);

// Self time per function, and inclusive time (a node's samples plus its descendants').
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) || 0) + 1);
const total = profile.samples.length;
const self = new Map();
const incl = new Map();
const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'program'})`;
function walk(n, onStack) {
  let sum = selfSamples.get(n.id) || 0;
  const nm = name(n);
  self.set(nm, (self.get(nm) || 0) + (selfSamples.get(n.id) || 0));
  const fresh = !onStack.has(nm);
  if (fresh) onStack.add(nm);
  for (const c of n.children || []) sum += walk(byId.get(c), onStack);
  if (fresh) { onStack.delete(nm); incl.set(nm, (incl.get(nm) || 0) + sum); }
  return sum;
}
walk(profile.nodes[0], new Set());
// --gaps N: what ran in the N longest frame gaps (the functions with the most samples in each,
// counted once a stack), from the profile's sample times (microseconds, performance.now()-based).
const GAPS = Number(opt('gaps', 0));
if (GAPS > 0) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const times = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) { t += d; times.push(t / 1000); }
  const gapsAt = frames.slice(1).map((f, i) => [f - frames[i], frames[i], f]).sort((a, b) => b[0] - a[0]).slice(0, GAPS);
  // Profile timestamps are monotonic-clock microseconds; rAF times are page-relative: align by the profile's end.
  const shift = (await page.evaluate(() => performance.now())) - times[times.length - 1];
  for (const [g, from, to] of gapsAt) {
    const counts = new Map();
    let inGap = 0;
    profile.samples.forEach((id, i) => {
      const at = times[i] + shift;
      if (at < from || at > to) return;
      ++inGap;
      const seen = new Set();
      for (let n = id; n !== undefined; n = parent.get(n)) {
        const nm = name(byId.get(n)).slice(0, 120);
        if (!seen.has(nm)) { seen.add(nm); counts.set(nm, (counts.get(nm) || 0) + 1); }
      }
    });
    console.log(`\ngap of ${g.toFixed(0)} ms (${inGap} samples):\n` + [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18)
      .map(([n, c]) => `${String(c).padStart(6)}  ${n}`).join('\n'));
  }
}
const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k)
  .map(([n, c]) => `${(100 * c / total).toFixed(1).padStart(5)}%  ${n}`).join('\n');
console.log(`self time (${total} samples):\n${top(self, 30)}\n\ninclusive:\n${top(incl, 40)}`);
// --match REGEX: the inclusive time of every function whose name matches (e.g. 'persistence|store').
const match = opt('match', '');
if (match) {
  const re = new RegExp(match);
  const sel = new Map([...incl.entries()].filter(([n]) => re.test(n)));
  console.log(`\nmatching /${match}/ (inclusive, ms at ${SAMPLE_US} us a sample):\n` + [...sel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)
    .map(([n, c]) => `${(c * SAMPLE_US / 1000).toFixed(0).padStart(7)} ms  ${n.slice(0, 160)}`).join('\n'));
}
await context.close();
rmSync(dir, { recursive: true, force: true });
server.close();
process.exit(0);
