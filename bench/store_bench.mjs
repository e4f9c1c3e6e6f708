// Storage and speed at real scale (issue 12), in headless Chromium against build/web:
//   ingest   ingest of a generated 760-review corpus (bench/gen_workspace.mjs as folder files):
//            time, and the longest frame during it
//   typing   the longest frame while typing an 84-character note, 760 reviews vs the demo  <= 1.5x
//   save     one grade's save (main-thread prepare + IndexedDB commit), 760 vs 4 reviews    <= 2x
//   reload   time to first frame with the workspace restored, 760 reviews vs the demo
//   quota    the largest workspace that fits under a (CDP-overridden) origin quota, and what
//            happens past it; and the quota this profile really has
//
//   node bench/store_bench.mjs [--web DIR] [--only ingest,typing,save,reload,quota] [--grades N]
// One line per figure, a JSON summary last. Every comparison is a ratio taken in one run.
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
const webDir = resolve(opt('web', process.env.KG_WEB_DIR || join(repoRoot, 'build/web')));
const only = opt('only', 'ingest,typing,save,reload,quota').split(',');
const GRADES = Number(opt('grades', 7));
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 1) => Number(x).toFixed(d);
const summary = {};

const server = await startServer(webDir, 0);
const url = `http://127.0.0.1:${server.address().port}/index.html`;
const NO_DEMO = () => { try { localStorage.setItem('keygrader:bench', '1'); } catch (e) { /* none */ } };
// The longest gap between animation frames (a frame blocked by work) since the last reset.
const FRAME_WATCH = () => {
  window.__gap = { last: 0, max: 0, frames: 0 };
  const tick = (t) => {
    const g = window.__gap;
    if (g.last) g.max = Math.max(g.max, t - g.last);
    g.last = t;
    g.frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function open({ demo = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kg-store-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.KG_CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1,
  });
  await context.addInitScript(FRAME_WATCH);
  if (!demo) await context.addInitScript(NO_DEMO);
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.keygrader && window.keygrader.ready, null, { timeout: 120000 });
  const query = () => page.evaluate(() => window.keygrader.query());
  const waitFor = async (pred, what, timeout = 180000) => {
    const end = Date.now() + timeout;
    let last = null;
    while (Date.now() < end) {
      try { last = await query(); if (pred(last)) return last; } catch (e) { /* starting */ }
      await sleep(50);
    }
    throw new Error(`store_bench: timed out waiting for ${what}: ${JSON.stringify(last && last.store)}`);
  };
  const resetGap = () => page.evaluate(() => { window.__gap.max = 0; window.__gap.last = 0; });
  const gap = () => page.evaluate(() => window.__gap.max);
  const close = async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); };
  return { context, page, errors, query, waitFor, resetGap, gap, close };
}
const saved = (s) => s.store.status === 'ok' && s.store.saves > 0 && !s.store.dirty && !s.store.saving;
// Quiet: saved, and no save for a second (the suggestions of new reviews are kept in the grades).
async function settle(app) {
  let saves = -1;
  for (let i = 0; i < 240; i++) {
    const s = await app.query();
    if (saved(s) && s.store.saves === saves && !s.ingest.active) return s;
    saves = saved(s) ? s.store.saves : -1;
    await sleep(1000);
  }
  throw new Error('store_bench: the page never became quiet');
}

async function importWorkspace(app, reviews) {
  const json = makeWorkspaceJson({ reviews });
  await app.page.evaluate((text) => {
    window.KG.acceptFiles([{ file: new File([text], 'bench-workspace.json', { type: 'application/json' }), path: 'bench-workspace.json' }], 'picker');
  }, json);
  await app.waitFor((s) => s.reviews.length === reviews && saved(s), `${reviews} reviews imported and saved`);
  return json.length;
}

// ---- 1. ingest ----------------------------------------------------------------------------
async function benchIngest() {
  const app = await open();
  const files = makeFolderFiles({ reviews: 760 });
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  await app.page.evaluate((list) => { window.__files = list; }, files);
  await sleep(500);
  await app.resetGap();
  const t0 = await app.page.evaluate(() => {
    const list = window.__files.map((f) => ({ file: new File([f.text], f.path.split('/').pop()), path: f.path }));
    window.__ingestStart = performance.now();
    window.KG.acceptFiles(list, 'folder');
    return window.__ingestStart;
  });
  const s = await app.waitFor((st) => st.reviews.length === 760 && !st.ingest.active && st.shell.pendingFiles === 0, 'the ingest');
  const t1 = await app.page.evaluate(() => performance.now());
  const during = await app.gap();
  const slice = s.ingest.longestSliceMs;
  await app.resetGap();
  await settle(app);
  const afterSave = await app.gap();
  console.log(`ingest: ${files.length} files (${fmt(bytes / 1048576)} MB, 760 reviews) in ${fmt((t1 - t0) / 1000, 2)} s; ` +
              `longest frame during it ${fmt(during)} ms (longest ingest slice ${fmt(slice)} ms); ` +
              `longest frame while the first save and the suggestions ran ${fmt(afterSave)} ms`);
  summary.ingest = { files: files.length, mb: bytes / 1048576, seconds: (t1 - t0) / 1000, longest_frame_ms: during,
                     longest_slice_ms: slice, longest_frame_after_ms: afterSave };
  await app.close();
}

// ---- typing, save, reload: 760 reviews vs the demo ------------------------------------------
async function typingFrame(app) {
  await settle(app);
  await app.page.keyboard.press('n');
  await sleep(200);
  await app.resetGap();
  const text = 'The review names the missing circuit breaker and the retry storm; 根拠は C1 と C3 にある。';
  await app.page.keyboard.type(text.slice(0, 84), { delay: 40 });
  await sleep(1500);   // the save that follows
  const g = await app.gap();
  await app.page.keyboard.press('Escape');
  return g;
}

async function saveCost(app) {
  await settle(app);
  const costs = [];
  for (let i = 0; i < GRADES; i++) {
    const st = await app.query();
    const before = st.store.saves;
    // A verdict the selected problem does not have yet (the generated workspace is graded):
    // pressing the one it has changes nothing and saves nothing.
    const rv = st.reviews[st.selection.review];
    const has = rv && rv.verdicts ? rv.verdicts[st.selection.problem_id] : undefined;
    const keys = [['1', 'detected'], ['2', 'partial'], ['3', 'missed']].filter(([, v]) => v !== has);
    await app.page.keyboard.press(keys[i % keys.length][0]);
    const s = await app.waitFor((st) => saved(st) && st.store.saves > before, 'the grade saved');
    const c = s.shell.store.lastCommit;
    costs.push({ prepare: s.store.lastPrepareMs, commit: c ? c.ms : NaN, queue: c ? c.queueMs : NaN, records: s.store.lastSaveRecords });
    await app.page.keyboard.press('j');
    await sleep(400);
    await settle(app);
  }
  return costs;
}

async function reloadFirstFrame(app, count) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    await app.page.reload();
    await app.page.waitForFunction(() => window.keygrader && window.keygrader.ready, null, { timeout: 120000 });
    const s = await app.waitFor((st) => st.reviews.length === count, 'restored');
    times.push(s.shell.firstFrameMs);
  }
  return median(times);
}

async function benchScale() {
  const big = await open();
  await importWorkspace(big, 760);
  // The machine suggestions of 760 new reviews are computed a few per frame and ride along with
  // the next save: let them finish first, so that the figures are about the edit alone.
  const t0 = Date.now();
  const waitS = Number(opt('suggestions-wait', 120));
  const done = await big.waitFor((s) => !s.ingest.suggestionsPending, 'the suggestions of 760 reviews', waitS * 1000)
    .then(() => true, () => false);
  console.log(done ? `scale: machine suggestions for 760 reviews finished ${fmt((Date.now() - t0) / 1000, 0)} s after the import was saved`
                   : `scale: machine suggestions for 760 reviews still running after ${waitS} s: the figures below include them`);
  await settle(big);
  const demo = await open({ demo: true });
  await demo.waitFor((s) => s.reviews.length === 4 && s.shell.pendingFiles === 0 && saved(s), 'the demo saved');

  if (only.includes('typing')) {
    const gBig = await typingFrame(big);
    const gDemo = await typingFrame(demo);
    console.log(`typing: longest frame typing an 84-character note: ${fmt(gBig)} ms with 760 reviews, ${fmt(gDemo)} ms with the demo: ` +
                `${fmt(gBig / gDemo, 2)}x (target <= 1.5x)`);
    summary.typing = { big_ms: gBig, demo_ms: gDemo, ratio: gBig / gDemo };
  }
  if (only.includes('save')) {
    const cBig = await saveCost(big);
    const cDemo = await saveCost(demo);
    const tot = (cs) => median(cs.map((c) => c.prepare + c.commit));
    const main = (cs) => median(cs.map((c) => c.prepare + c.queue));
    console.log(`save: one grade: ${fmt(tot(cBig), 2)} ms (main thread ${fmt(main(cBig), 2)} ms, ${median(cBig.map((c) => c.records))} record) ` +
                `with 760 reviews vs ${fmt(tot(cDemo), 2)} ms (main thread ${fmt(main(cDemo), 2)} ms) with 4: ` +
                `${fmt(tot(cBig) / tot(cDemo), 2)}x (target <= 2x); main thread ${fmt(main(cBig) / main(cDemo), 2)}x`);
    summary.save = { big: cBig, demo: cDemo, ratio: tot(cBig) / tot(cDemo), main_thread_ratio: main(cBig) / main(cDemo) };
  }
  if (only.includes('reload')) {
    const rBig = await reloadFirstFrame(big, 760);
    const rDemo = await reloadFirstFrame(demo, 4);
    console.log(`reload: time to first frame with the workspace restored: ${fmt(rBig)} ms with 760 reviews, ${fmt(rDemo)} ms with the demo: ` +
                `${fmt(rBig / rDemo, 2)}x`);
    summary.reload = { big_ms: rBig, demo_ms: rDemo, ratio: rBig / rDemo };
  }
  for (const a of [big, demo]) if (a.errors.length) throw new Error('store_bench: page error: ' + a.errors[0]);
  await big.close();
  await demo.close();
}

// ---- 4. quota ---------------------------------------------------------------------------------
async function benchQuota() {
  const probe = await open();
  const real = await probe.page.evaluate(() => navigator.storage.estimate());
  await probe.close();
  // Each size in a fresh profile whose origin quota is overridden (CDP): the largest workspace
  // that fits in an empty store of that quota, and what happens with the next size.
  const QUOTA = Number(opt('quota-mb', 48)) * 1048576;
  let lastGood = null;
  let failure = null;
  for (const reviews of [760, 1520, 2280, 3040]) {
    const app = await open();
    const cdp = await app.context.newCDPSession(app.page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(url).origin, quotaSize: QUOTA });
    const json = makeWorkspaceJson({ reviews });
    await app.page.evaluate((text) => {
      window.KG.acceptFiles([{ file: new File([text], 'bench-workspace.json', { type: 'application/json' }), path: 'bench-workspace.json' }], 'picker');
    }, json);
    const s = await app.waitFor((st) => st.reviews.length === reviews && (saved(st) || st.store.status !== 'ok'), `${reviews} reviews`, 600000);
    const used = await app.page.evaluate(() => navigator.storage.estimate());
    if (s.store.status === 'ok') {
      lastGood = { reviews, json_mb: json.length / 1048576, stored_mb: used.usage / 1048576 };
      console.log(`quota: ${reviews} reviews (${fmt(json.length / 1048576)} MB as a workspace file) saved: ${fmt(used.usage / 1048576)} MB used of ${QUOTA / 1048576} MB`);
      await app.close();
      continue;
    }
    const banner = s.banners.find((b) => b.level === 'error' && b.text === s.store.message);
    console.log(`quota: past it (${reviews} reviews, ${fmt(json.length / 1048576)} MB): status "${s.store.status}", status line "${s.store.line}", ` +
                `banner on screen: ${banner ? 'yes' : 'no'}, reviews kept in memory: ${s.reviews.length}; message: "${s.store.message}"`);
    await app.page.reload();
    await app.page.waitForFunction(() => window.keygrader && window.keygrader.ready, null, { timeout: 120000 });
    const back = await app.waitFor((st) => st.shell.pendingFiles === 0, 'restarted after the failure');
    console.log(`quota: after a reload: ${back.reviews.length} reviews restored; banners: ` +
                JSON.stringify(back.banners.map((b) => b.text.slice(0, 160))));
    failure = { reviews, status: s.store.status, line: s.store.line, banner: !!banner, kept_in_memory: s.reviews.length,
                message: s.store.message, restored_after_reload: back.reviews.length };
    await app.close();
    break;
  }
  console.log(`quota: this profile's real quota: ${fmt(real.quota / 1048576, 0)} MB (a share of the disk)` +
              (lastGood ? `: room for about ${Math.floor(real.quota / (lastGood.stored_mb / lastGood.reviews * 760 * 1048576))} benchmarks of 760 reviews` : ''));
  summary.quota = { real_quota_mb: real.quota / 1048576, override_mb: QUOTA / 1048576, largest_saved: lastGood, past_it: failure };
}

if (only.includes('ingest')) await benchIngest();
if (only.some((o) => ['typing', 'save', 'reload'].includes(o))) await benchScale();
if (only.includes('quota')) await benchQuota();
server.close();
console.log(JSON.stringify(summary));
process.exit(0);
