// Browser test harness for KeyGrader: Playwright (playwright-core) driving Debian's Chromium
// headless against the built page in build/web (served by scripts/serve.mjs).
//
// Writing a spec: a file tests/e2e/NAME.spec.mjs that registers tests; run-all.mjs runs every
// spec in sequence (or: node tests/e2e/run-all.mjs NAME-substring).
//
//   import { test, openApp, assert, fixturePath } from './harness.mjs';
//
//   test('grading with the keyboard updates the score', async ({ server }) => {
//     const app = await openApp(server, { query: '', dpr: 1, width: 1280, height: 800 });
//     await app.waitFor((s) => s.reviews.length === 4, 'the demo reviews');
//     await app.page.keyboard.press('1');                 // real keyboard input
//     const s = await app.query();                         // window.keygrader.query()
//     assert.equal(s.scores.something, 1);
//     await app.screenshot('grading');                     // tests/e2e/artifacts/grading.png
//   });
//
// openApp(server, options) -> App   (a fresh Chromium profile each time: empty local storage)
//   options: query      URL query string without '?', e.g. 'key=keys/x.md&review=assets/reviews/y.md'
//            page       page inside build/web (default 'index.html')
//            url        a full URL instead (e.g. file:///.../keygrader.html)
//            dpr        devicePixelRatio (default 1); width/height: viewport in CSS px (1280x800)
//            colorScheme 'light' | 'dark' (default 'light')
//            waitReady  false: do not wait for the first frame (e.g. to test the fallback)
//            initScript function run in the page before any of its scripts (context.addInitScript)
//            offline    true: every request that is not file: or data: is aborted and recorded
//            beforeLoad async (context) => {...} run before the page is opened (e.g. context.route)
//   App:
//     page, context                      Playwright objects (keyboard, mouse, evaluate, ...)
//     query()                            window.keygrader.query(): app state + .shell
//     waitFor(pred, what, timeoutMs=10s) polls query() until pred(state) is truthy; on timeout
//                                        throws naming `what` with a summary of the last state
//     waitReady()                        waits for the first painted frame
//     screenshot(name)                   PNG into tests/e2e/artifacts/NAME.png; returns the path
//     pickFiles(files)                   through the real hidden <input type=file multiple>;
//                                        files: paths, or {name, content: string|Buffer}
//     dropFiles(files)                   drag and drop onto the canvas (same file forms)
//     reload()                           reloads and waits for the first frame
//     storage()                          {key: value} of local storage (keygrader:* keys)
//     idb()                              {key: {owner, text}} of the IndexedDB store (keygrader-store.js)
//     idbPut(key, value)                 writes a raw value into that store (as another page could)
//     failStore(mode)                    KG.store.fail = mode ('quota', 'failed', 'quota-all', null)
//     setStorage(obj), clearStorage()    write / clear local storage (then reload() to use it)
//     fillStorageWithJunk()              fills local storage until the browser refuses more;
//                                        returns the number of junk bytes written
//     pageErrors, consoleErrors          uncaught page errors / console.error lines (a test
//                                        fails when pageErrors is not empty at its end)
//     blockedRequests                    with offline: the URLs that were attempted
//     close()                            (run-all also closes what a test left open)
//   Also exported: assert (node:assert/strict), repoRoot, webDir, artifactsDir,
//   fixturePath(rel) (path inside the repo), sleep(ms), press(app, ...keys),
//   clickRect(app, rectName, button) (a widget named in query().rects), MENU_FILE,
//   copyShareLink(app), keygraderBinary().
import { chromium } from 'playwright-core';
import assertModule from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const assert = assertModule;
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = resolve(process.env.KG_WEB_DIR || join(repoRoot, 'build/web'));
export const artifactsDir = join(repoRoot, 'tests/e2e/artifacts');
export const fixturePath = (rel) => join(repoRoot, rel);
export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// Real key presses, a frame or two apart, like a person.
export async function press(app, ...keys) {
  for (const k of keys) {
    await app.page.keyboard.press(k);
    await sleep(60);
  }
}

// The File menu opened by a real click on its title, then "Copy share link": the link the
// page put on the clipboard.
export const MENU_FILE = { x: 22, y: 11 };
export async function copyShareLink(app) {
  await app.page.mouse.click(MENU_FILE.x, MENU_FILE.y);
  await sleep(250);
  await clickRect(app, 'menu_copy_share_link');
  const s = await app.waitFor((st) => st.shell && typeof st.shell.lastClipboard === 'string' &&
    st.shell.lastClipboard.includes('#kg1'), 'a share link on the clipboard');
  return s.shell.lastClipboard;
}

// The native command line built beside the page (scripts/build.sh), for tests that check the
// page's exports with it.
export function keygraderBinary() {
  const p = join(repoRoot, 'build/native/keygrader');
  if (!existsSync(p)) throw new Error('no native keygrader binary (build/native/keygrader): run scripts/build.sh');
  return p;
}

// Clicks a widget whose rectangle the page reports in query().rects (tabs, menu items, rows):
// hover first, then press, as ImGui reacts to a press on the item already hovered.
export async function clickRect(app, name, button = 'left') {
  const s = await app.waitFor((st) => st.rects && st.rects[name], `the rectangle of ${name}`);
  const [x, y, w, h] = s.rects[name];
  await app.page.mouse.move(x + w / 2, y + h / 2);
  await sleep(100);
  await app.page.mouse.down({ button });
  await sleep(80);
  await app.page.mouse.up({ button });
  await sleep(150);
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

// ---- test registry (run-all.mjs reads it) ----
export const registry = [];
export function test(name, fn) {
  registry.push({ name, fn });
}

// Apps opened by the running test, closed by run-all when the test ends.
export const openApps = new Set();

function asFileSpec(f) {
  if (typeof f === 'string') return { name: basename(f), buffer: readFileSync(f) };
  const buffer = Buffer.isBuffer(f.content) ? f.content : Buffer.from(String(f.content), 'utf8');
  return { name: f.name, buffer, mimeType: f.mimeType || 'text/markdown' };
}

function summarize(state) {
  if (!state) return 'no state';
  const text = JSON.stringify(state);
  return text.length > 1200 ? text.slice(0, 1200) + '…' : text;
}

export async function openApp(server, options = {}) {
  const {
    query = '', page: pageName = 'index.html', url, dpr = 1, width = 1280, height = 800,
    colorScheme = 'light', offline = false, waitReady = true, initScript = null,
    beforeLoad = null,   // async (context) => {...}: e.g. routes that change what the server sends
  } = options;
  const userDataDir = mkdtempSync(join(tmpdir(), 'kg-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.KG_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    deviceScaleFactor: dpr,
    colorScheme,
    acceptDownloads: true,
  });
  const page = context.pages()[0] || (await context.newPage());
  const app = {
    page, context, userDataDir,
    pageErrors: [], consoleErrors: [], blockedRequests: [],
    target: url || `${server}/${pageName}${query ? '?' + query : ''}`,
  };
  page.on('pageerror', (e) => app.pageErrors.push(String(e && e.stack ? e.stack : e)));
  page.on('console', (m) => { if (m.type() === 'error') app.consoleErrors.push(m.text()); });
  if (initScript) await context.addInitScript(initScript);
  if (offline) {
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
      app.blockedRequests.push(u);
      return route.abort();
    });
  }

  app.query = () => page.evaluate(() => window.keygrader.query());
  app.waitReady = async (timeout = 30000) => {
    await page.waitForFunction(() => window.keygrader && window.keygrader.ready === true, null, { timeout })
      .catch(async (e) => {
        const fallback = await page.evaluate(() => {
          const el = document.getElementById('kg-fallback');
          return el && !el.hidden ? el.textContent : '';
        }).catch(() => '');
        throw new Error(`the page did not paint its first frame within ${timeout} ms` +
          (fallback ? ` (page says: ${fallback})` : '') +
          (app.pageErrors.length ? ` (page errors: ${app.pageErrors.join(' | ')})` : '') + `: ${e.message}`);
      });
  };
  app.waitFor = async (pred, what = 'the expected state', timeout = 10000) => {
    const end = Date.now() + timeout;
    let last = null;
    let lastError = null;
    while (Date.now() < end) {
      try {
        last = await app.query();
        if (pred(last)) return last;
      } catch (e) {
        lastError = e;
      }
      await sleep(100);
    }
    throw new Error(`timed out after ${timeout} ms waiting for ${what}; last state: ${summarize(last)}` +
      (lastError ? `; last error: ${lastError.message}` : ''));
  };
  app.screenshot = async (name) => {
    mkdirSync(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${name}.png`);
    await page.screenshot({ path });
    return path;
  };
  app.pickFiles = async (files) => {
    await page.waitForSelector('#kg-file-input', { state: 'attached' });
    await page.setInputFiles('#kg-file-input', files.map(asFileSpec));
  };
  app.dropFiles = async (files) => {
    const payload = files.map(asFileSpec).map((f) => ({ name: f.name, type: f.mimeType || 'text/markdown', b64: f.buffer.toString('base64') }));
    await page.evaluate((list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bin = atob(f.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name, { type: f.type }));
      }
      const canvas = document.getElementById('canvas');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        canvas.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    }, payload);
  };
  app.reload = async () => {
    await page.reload();
    if (waitReady) await app.waitReady();
  };
  app.storage = () => page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k.startsWith('keygrader:')) out[k] = localStorage.getItem(k);
    }
    return out;
  });
  app.idb = () => page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('keygrader', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('records');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const tx = req.result.transaction('records', 'readonly');
      const os = tx.objectStore('records');
      const keys = os.getAllKeys();
      const vals = os.getAll();
      tx.oncomplete = () => {
        const out = {};
        keys.result.forEach((k, i) => { out[k] = vals.result[i]; });
        req.result.close();
        resolve(out);
      };
    };
  }));
  app.idbPut = (key, value) => page.evaluate(([k, v]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('keygrader', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('records');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const tx = req.result.transaction('records', 'readwrite');
      tx.objectStore('records').put(v, k);
      tx.oncomplete = () => { req.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [key, value]);
  app.failStore = (mode) => page.evaluate((m) => { window.KG.store.fail = m; }, mode);
  app.setStorage = (obj) => page.evaluate((o) => { for (const [k, v] of Object.entries(o)) localStorage.setItem(k, v); }, obj);
  app.clearStorage = () => page.evaluate(() => localStorage.clear());
  app.fillStorageWithJunk = () => page.evaluate(() => {
    let written = 0;
    let chunk = 'x'.repeat(256 * 1024);
    for (let i = 0; chunk.length >= 16; i++) {
      try {
        localStorage.setItem('junk-' + i, chunk);
        written += chunk.length;
      } catch (e) {
        chunk = chunk.slice(0, chunk.length / 2);
      }
    }
    return written;
  });
  app.close = async () => {
    openApps.delete(app);
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };

  openApps.add(app);
  if (beforeLoad) await beforeLoad(context);
  await page.goto(app.target);
  if (waitReady) await app.waitReady();
  return app;
}
