// KeyGrader page glue: the little JavaScript the WebAssembly page needs around it.
//
// It runs before keygrader.js and owns everything that must exist outside the wasm module:
//   - the WebGL2 check and its accessible fallback, the loading indicator, fatal errors;
//   - the bundled fonts (fetched in parallel with the wasm, before main() runs) and the lazy
//     Japanese font (fetched only when the app asks for it);
//   - files coming in: the hidden multi-file <input>, drag and drop of several files, the
//     demo preloaded on a first visit, and files named in the URL (?key=...&review=...);
//     they wait in KG.incoming until the app takes them (platform_web.cpp);
//   - durable local storage: keygrader-store.js (IndexedDB, journal, one editing tab);
//   - downloads, clipboard, pasted text;
//   - window.keygrader.query(): a read-only JSON view of the state for tests and automation.
// In the single-file build (keygrader.html) window.KG_EMBEDDED carries the module code, the
// fonts and the demo files, so nothing is fetched and the page works from file://.
'use strict';

(function () {
  const embedded = window.KG_EMBEDDED || null;

  const KG = (window.KG = {
    incoming: [],          // files waiting for the app: {name, bytes: Uint8Array, origin}
    notices: [],           // messages for the user, shown by the shell
    fonts: {},             // bundled fonts by name: Uint8Array
    cjk: null,             // the Japanese font's bytes until the app takes them
    cjkState: 'idle',      // idle | loading | ready | taken | failed
    pasted: '',
    lastClipboard: null,
    lastDownload: null,
    firstFrameMs: null,
    framesDrawn: 0,        // frames the page drew (it skips some when nothing changes)
    demoPreloaded: false,
    filesPending: false,   // the demo or linked files are being fetched (after the first frame)
    filesTakenMs: null,    // when the app took the last queued file (platform_web.cpp)
  });

  // ---- fetching: from the embedded bundle when there is one, else relative to the page ----
  function base64ToBytes(b64) {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  KG.fetchBytes = async function (path) {
    if (embedded && embedded.files) {
      const entry = embedded.files[path];
      if (!entry) throw new Error('not in this file');
      return entry.b64 !== undefined ? base64ToBytes(entry.b64) : new TextEncoder().encode(entry.text);
    }
    const response = await fetch(path, { cache: 'no-cache' });
    if (!response.ok) throw new Error(response.status === 404 ? 'not found (404)' : 'HTTP ' + response.status);
    return new Uint8Array(await response.arrayBuffer());
  };

  KG.notice = function (text) {
    KG.notices.push(String(text));
    console.warn('KeyGrader:', text);
  };

  // ---- page chrome: loading indicator, fallback, fatal errors ----
  function element(id) { return document.getElementById(id); }

  KG.fatal = function (message) {
    const box = element('kg-fallback');
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
    const loading = element('kg-loading');
    if (loading) loading.hidden = true;
    console.error('KeyGrader:', message);
  };

  // A trap inside the wasm (out of memory, out of bounds) escapes as a JS error from the frame
  // loop and would leave a frozen canvas: say so instead, and where the work is.
  function isWasmFailure(err) {
    return !!err && ((typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError) ||
                     /out of memory|memory access out of bounds|unreachable|Aborted\(/.test(String(err.message || err)));
  }
  function wasmFailed(err) {
    KG.fatal('KeyGrader stopped because of an internal error (' + String(err.message || err).slice(0, 200) +
             '). Your work up to the last save is kept in this browser: reload the page. ' +
             'If it happens again with the same file, that file is too large or damaged.');
  }
  window.addEventListener('error', (e) => { if (isWasmFailure(e.error)) wasmFailed(e.error); });
  window.addEventListener('unhandledrejection', (e) => { if (isWasmFailure(e.reason)) wasmFailed(e.reason); });

  KG.firstFrame = function () {
    if (KG.firstFrameMs !== null) return;
    KG.firstFrameMs = performance.now();
    const loading = element('kg-loading');
    if (loading) loading.hidden = true;
    window.keygrader.ready = true;
    window.keygrader.firstFrameMs = KG.firstFrameMs;
  };

  // Fetches the demo or linked files (once). Started when the code has arrived, so that they
  // do not compete with it for the connection; the app takes them only after its first frame
  // (js_take_incoming in platform_web.cpp), so their parsing (and the Japanese font they may
  // ask for) stays off the first paint.
  KG.startFileLoad = function () {
    const load = KG.filesToLoad;
    KG.filesToLoad = null;
    if (!load) return;
    KG.filesPending = true;
    Promise.resolve().then(load).finally(() => { KG.filesPending = false; });
  };

  KG.setBackground = function (r, g, b) {
    const css = 'rgb(' + Math.round(r * 255) + ',' + Math.round(g * 255) + ',' + Math.round(b * 255) + ')';
    document.documentElement.style.backgroundColor = css;
    document.body.style.backgroundColor = css;
  };

  function hasWebGL2() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      return false;
    }
  }

  // ---- fonts ----
  const BUNDLED_FONTS = ['base', 'bold', 'mono'];
  function loadBundledFonts() {
    return Promise.all(BUNDLED_FONTS.map((name) =>
      KG.fetchBytes('fonts/' + name + '.ttf')
        .then((bytes) => { KG.fonts[name] = bytes; })
        .catch((e) => { KG.notice('Font fonts/' + name + '.ttf could not be loaded (' + e.message + '): using the built-in font.'); })));
  }

  KG.requestCjk = function () {
    if (KG.cjkState !== 'idle') return;
    KG.cjkState = 'loading';
    const started = performance.now();
    KG.fetchBytes('fonts/cjk.ttf').then((bytes) => {
      KG.cjk = bytes;
      KG.cjkState = 'ready';
      KG.cjkLoadMs = performance.now() - started;
      KG.cjkBytes = bytes.length;
    }).catch((e) => {
      KG.cjkState = 'failed';
      KG.notice('The Japanese font (fonts/cjk.ttf) could not be loaded (' + e.message + '): Japanese text cannot be shown.');
    });
  };

  // ---- files coming in ----
  function baseName(path) {
    const parts = String(path).split(/[\\/]/);
    return parts[parts.length - 1] || String(path);
  }

  // Files of an opened or dropped folder: hidden parts (.git/, .DS_Store) are skipped, and so
  // is anything larger than any key, review or workspace could be (read into memory whole),
  // with one notice per file. The cap is the core's (src/core/base/limits.h kMaxFileBytes):
  // the app sets KG.maxFileBytes at start; 64 MiB (the same) until then.
  const kFallbackMaxFileBytes = 64 * 1024 * 1024;
  const maxFileBytes = () => KG.maxFileBytes || kFallbackMaxFileBytes;
  const mb = (bytes) => Math.round(bytes / 1048576) + ' MB';
  const isHiddenPath = (path) => String(path).split('/').some((seg) => seg.startsWith('.'));

  // Reads several files ({file, path} or File objects) and queues them in the order given.
  // path: relative to what was opened ("reliability-design/results/v008-baseline-run1.md"),
  // so two folders' same-named files stay apart; a lone file's path is its name.
  // File names travel to the core as C strings: a NUL (or any control character) would cut
  // the name or hide part of it, so each becomes U+FFFD and the name stays whole.
  function cleanName(name) { return String(name).replace(/[\u0000-\u001f\u007f]/g, '\ufffd'); }
  function shownName(name) { return cleanName(name).slice(0, 200); }
  // A folder dropped where the browser gives no directory entry arrives as a File that cannot
  // be read (or reads as nothing): say it is a folder, not an "empty file".
  function looksLikeFolder(file, path) {
    return file.type === '' && !/\.[A-Za-z0-9]{1,8}$/.test(path) && (file.size === 0 || file.size % 4096 === 0);
  }

  async function acceptFiles(fileList, origin) {
    const entries = Array.from(fileList || []).map((f) =>
      f instanceof File ? { file: f, path: f.webkitRelativePath || f.name } : f);
    let hidden = 0;
    const wanted = [];
    for (const e of entries) {
      if (isHiddenPath(e.path) && e.path.includes('/')) { hidden++; continue; }
      const cap = maxFileBytes();
      if (e.file.size > cap) {
        // The same words as the core's limits::file_too_large (the CLI's message).
        const size = mb(e.file.size) !== mb(cap) ? mb(e.file.size) : e.file.size + ' bytes';
        KG.notice(shownName(e.path) + ': over the ' + mb(cap) + ' limit for one file (' + size + '): not loaded.');
        continue;
      }
      wanted.push(e);
    }
    if (hidden) KG.notice(hidden + ' hidden file(s) (names starting with a dot) skipped.');
    const results = await Promise.all(wanted.map((e) =>
      e.file.arrayBuffer().then((buffer) => ({ ...e, bytes: new Uint8Array(buffer) }))
        .catch((err) => ({ ...e, error: err }))));
    for (const r of results) {
      const folder = looksLikeFolder(r.file, r.path) && (r.error || r.bytes.length === 0);
      if (folder) KG.notice(shownName(r.path) + ' is a folder: use File > Open folder… (or drop it on the page) to open what it holds.');
      else if (r.error) KG.notice('Could not read ' + shownName(r.path) + ': ' + (r.error.message || r.error) + '.');
      else KG.incoming.push({ name: cleanName(r.path), bytes: r.bytes, origin });
    }
  }
  KG.acceptFiles = acceptFiles;

  // A dropped folder arrives as a directory entry: walk it (readEntries returns batches).
  async function entriesOf(entry, out) {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail)).catch(() => null);
      if (file) out.push({ file, path: entry.fullPath.replace(/^\/+/, '') });
      return;
    }
    if (!entry.isDirectory || entry.name.startsWith('.')) return;
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail)).catch(() => []);
      if (!batch.length) break;
      for (const child of batch) await entriesOf(child, out);
    }
  }
  async function acceptDrop(dataTransfer) {
    const items = Array.from(dataTransfer.items || []);
    const roots = items.map((it) => (it.webkitGetAsEntry ? it.webkitGetAsEntry() : null));
    if (!roots.length || roots.some((r) => !r)) return acceptFiles(dataTransfer.files, 'drop');
    const files = [];
    for (const root of roots) await entriesOf(root, files);
    return acceptFiles(files, 'drop');
  }

  // The hidden <input type=file multiple> behind "Open files…" (created at start so tests and
  // assistive tools can find it as #kg-file-input).
  let picker = null;
  function ensurePicker() {
    if (!picker) {
      picker = document.createElement('input');
      picker.type = 'file';
      picker.multiple = true;
      picker.accept = '.md,.markdown,.txt,.json,text/markdown,text/plain,application/json';
      picker.id = 'kg-file-input';
      picker.hidden = true;
      picker.setAttribute('aria-label', 'Open answer keys, reviews, reference documents or a workspace file');
      picker.addEventListener('change', () => {
        const files = picker.files;
        acceptFiles(files, 'picker').finally(() => { picker.value = ''; });
      });
      document.body.appendChild(picker);
    }
    return picker;
  }
  KG.openPicker = function () { ensurePicker().click(); };

  // The hidden <input type=file webkitdirectory> behind "Open folder…" (#kg-folder-input):
  // every file below the chosen folder, with its path relative to the folder's parent.
  let folderPicker = null;
  function ensureFolderPicker() {
    if (!folderPicker) {
      folderPicker = document.createElement('input');
      folderPicker.type = 'file';
      folderPicker.webkitdirectory = true;
      folderPicker.multiple = true;
      folderPicker.id = 'kg-folder-input';
      folderPicker.hidden = true;
      folderPicker.setAttribute('aria-label', 'Open a benchmark folder (all its files, recursively)');
      folderPicker.addEventListener('change', () => {
        acceptFiles(folderPicker.files, 'folder').finally(() => { folderPicker.value = ''; });
      });
      document.body.appendChild(folderPicker);
    }
    return folderPicker;
  }
  KG.openFolderPicker = function () { ensureFolderPicker().click(); };

  function installDragAndDrop() {
    const overlay = element('kg-drop');
    let depth = 0;
    const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
    window.addEventListener('dragenter', (e) => {
      if (!hasFiles(e)) return;
      depth++;
      if (overlay) overlay.hidden = false;
    });
    window.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && overlay) overlay.hidden = true;
    });
    window.addEventListener('dragover', (e) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    });
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      depth = 0;
      if (overlay) overlay.hidden = true;
      if (e.dataTransfer && ((e.dataTransfer.items && e.dataTransfer.items.length) ||
                             (e.dataTransfer.files && e.dataTransfer.files.length))) {
        acceptDrop(e.dataTransfer);
      }
    });
  }

  // A path from the URL or the manifest, relative to the demo folder: no way out of it.
  // URLSearchParams has decoded it once; a '%' left after that is a second encoding
  // ('%252e%252e' -> '%2e%2e', which fetch() would turn into '..'): refused, never decoded again.
  // The fetch then encodes each segment, so nothing in a name can act as URL syntax.
  function safeDemoPath(path) {
    if (typeof path !== 'string' || !path || path.length > 300) return null;
    if (/^[\\/]|:|\\|%|[\u0000-\u001f\u007f]/.test(path)) return null;
    if (path.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) return null;
    return path;
  }
  function demoUrl(safe) { return 'demo/' + safe.split('/').map(encodeURIComponent).join('/'); }

  async function fetchInto(paths, origin, what) {
    const results = await Promise.all(paths.map((p) => {
      const safe = safeDemoPath(p);
      if (!safe) return Promise.resolve({ p, error: new Error('not a path inside the demo folder') });
      return KG.fetchBytes(demoUrl(safe)).then((bytes) => ({ p, bytes })).catch((error) => ({ p, error }));
    }));
    for (const r of results) {
      if (r.error) KG.notice('Could not open ' + shownName(r.p) + ' ' + what + ': ' + r.error.message + '.');
      else KG.incoming.push({ name: cleanName(baseName(r.p)), bytes: r.bytes, origin });
    }
  }

  function urlFiles() {
    const params = new URLSearchParams(location.search);
    return [...params.getAll('key'), ...params.getAll('ref'), ...params.getAll('reference'), ...params.getAll('review')];
  }

  // Something from an earlier visit (IndexedDB records, an old localStorage workspace, even
  // records of another page): then the demo is not opened over it. keygrader-store.js.
  function hasSavedState() {
    return !!(KG.store && KG.store.hadSavedState());
  }

  // First visit (nothing saved, no files in the URL): open the demo key, references and reviews.
  async function preloadDemo() {
    let manifest;
    try {
      manifest = JSON.parse(new TextDecoder().decode(await KG.fetchBytes('demo/manifest.json')));
    } catch (e) {
      KG.notice('The demo files could not be loaded (demo/manifest.json: ' + e.message + ').');
      return;
    }
    const list = (k) => (Array.isArray(manifest[k]) ? manifest[k] : []);
    await fetchInto([...list('keys'), ...list('reference'), ...list('reviews')], 'demo', 'from the demo');
    KG.demoPreloaded = true;
  }

  // What to open once the page shows: the files named in the URL, else the demo on a first
  // visit (nothing saved, no files in the URL), else nothing. Returns the function that
  // fetches them.
  function filesToLoad() {
    const fromUrl = urlFiles();
    if (fromUrl.length) return () => fetchInto(fromUrl, 'url', 'from the link');
    if (!hasSavedState()) return preloadDemo;
    return null;
  }

  // ---- downloads and clipboard ----
  KG.download = function (name, mime, bytes) {
    const blob = new Blob([bytes], { type: mime });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 30000);
    KG.lastDownload = { name, mime, size: bytes.length };
  };

  // Zip archives (File > Export workflow files): fflate, from npm, loaded on first use: from
  // the served page's fflate.js, or from the text embedded in the single-file page.
  let fflateLoading = null;
  function loadFflate() {
    if (window.fflate) return Promise.resolve(window.fflate);
    if (!fflateLoading) {
      fflateLoading = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        const done = () => (window.fflate ? resolve(window.fflate) : reject(new Error('fflate did not load')));
        if (embedded && embedded.files && embedded.files['fflate.js']) {
          script.text = embedded.files['fflate.js'].text;
          document.head.appendChild(script);
          done();
          return;
        }
        script.src = 'fflate.js';
        script.onload = done;
        script.onerror = () => reject(new Error('fflate.js could not be loaded'));
        document.head.appendChild(script);
      }).catch((e) => { fflateLoading = null; throw e; });
    }
    return fflateLoading;
  }
  // entries: [[path, Uint8Array]]; a fixed date so the same grading gives the same archive.
  KG.downloadZip = function (name, entries) {
    loadFflate().then((fflate) => {
      const tree = {};
      for (const [path, bytes] of entries) tree[path] = [bytes, { mtime: new Date(2026, 0, 1) }];
      const zipped = fflate.zipSync(tree, { level: 6 });
      KG.download(name, 'application/zip', zipped);
      KG.lastDownload.entries = entries.map(([path]) => path);
    }).catch((e) => KG.notice('The archive ' + name + ' could not be made: ' + (e.message || e) + '.'));
  };

  function copyWithTextarea(text) {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }
  KG.copyText = function (text) {
    KG.lastClipboard = text;
    const fallback = () => {
      if (!copyWithTextarea(text)) KG.notice('The browser did not allow copying to the clipboard.');
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).catch(fallback);
    else fallback();
  };

  function installKeyboardAndPaste() {
    // Keep the browser's own shortcuts (save page, print, find, ...) away from the app;
    // copy, paste, cut, reload, zoom and tab/window shortcuts keep working.
    const keepForBrowser = new Set(['c', 'v', 'x', 'r', 't', 'w', 'n', 'q', 'l', '+', '-', '=', '0']);
    window.addEventListener('keydown', (e) => {
      const key = (e.key || '').toLowerCase();
      if ((e.ctrlKey || e.metaKey) && key.length === 1 && !keepForBrowser.has(key)) e.preventDefault();
      if (key === 'f1' || key === 'f3') e.preventDefault();
    }, true);
    window.addEventListener('paste', (e) => {
      const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
      if (text) {
        KG.pasted += text;
        e.preventDefault();
      }
    });
  }

  // ---- the read-only query API ----
  window.keygrader = {
    ready: false,
    firstFrameMs: null,
    // The app's state (kg::app::query_state_json) plus a "shell" object (fonts, canvas,
    // notices) and what the glue knows (downloads, clipboard, files not yet taken).
    query() {
      if (!window.keygrader.ready || !window.Module || !Module._kg_query_state) throw new Error('KeyGrader is not running yet');
      const app = JSON.parse(Module.UTF8ToString(Module._kg_query_state()));
      const shell = JSON.parse(Module.UTF8ToString(Module._kg_shell_state()));
      shell.cjkFont = KG.cjkState;
      shell.cjkFontBytes = KG.cjkBytes || 0;
      shell.firstFrameMs = KG.firstFrameMs;
      // Files being fetched count as pending too: tests wait for 0 before looking at them.
      shell.pendingFiles = KG.incoming.length + (KG.filesPending ? 1 : 0);
      shell.filesTakenMs = KG.filesTakenMs;
      shell.demoPreloaded = KG.demoPreloaded;
      shell.filesPending = KG.filesPending;
      shell.lastDownload = KG.lastDownload;
      shell.lastClipboard = KG.lastClipboard;
      shell.singleFile = !!embedded;
      if (KG.store) {
        shell.store = { status: KG.store.status, role: KG.store.role, locks: KG.store.locks,
                        persisted: KG.store.persisted, usage: KG.store.usage,
                        foreign: KG.store.foreign.slice(), damaged: KG.store.damaged.slice(),
                        journal: KG.store.journal, lostSummary: KG.store.lostSummary,
                        legacy: !!KG.store.legacy, savedElsewhereMs: KG.store.savedElsewhereMs,
                        lastCommit: KG.store.lastCommit || null };
      }
      app.shell = shell;
      return app;
    },
  };

  // ---- start ----
  // Order matters for the time to first frame (bench/README.md): the wasm is requested first,
  // before keygrader.js has even arrived (instantiateWasm below takes the response already
  // under way), the fonts next (main() waits for them), and the demo or linked files once
  // the code is in (KG.startFileLoad).
  function startWasmDownload() {
    if (embedded) return null;   // the single-file build carries the wasm inside its module code
    return fetch('keygrader.wasm', { credentials: 'same-origin' });
  }

  // Emscripten's hook for instantiating the module ourselves: streaming compilation of the
  // response requested at start, or (a host serving .wasm with another MIME type) compiling
  // from the bytes.
  function instantiateFrom(wasmResponse) {
    return function (imports, receiveInstance) {
      (async () => {
        const response = await wasmResponse;
        if (!response.ok) throw new Error(response.status === 404 ? 'not found (404)' : 'HTTP ' + response.status);
        let result;
        try {
          result = await WebAssembly.instantiateStreaming(response.clone(), imports);
        } catch (e) {
          result = await WebAssembly.instantiate(await response.arrayBuffer(), imports);
        }
        receiveInstance(result.instance, result.module);
      })().catch((e) => KG.fatal('keygrader.wasm could not be loaded (' + (e.message || e) + '): check the connection and reload.'));
      return {};   // exports arrive through receiveInstance
    };
  }

  function start() {
    if (!hasWebGL2()) {
      KG.fatal('KeyGrader needs WebGL 2, which this browser does not offer (or has turned off). ' +
               'Try a current Firefox, Chrome, Edge or Safari with hardware acceleration enabled.');
      return;
    }
    const wasmResponse = startWasmDownload();
    const fontsReady = loadBundledFonts();
    // The store's records are read before main() runs (keygrader-store.js), so that the
    // app loads them synchronously; what to open is decided then, from what an earlier visit
    // left (the app may save before the files are fetched).
    const storeReady = KG.store ? KG.store.ready : Promise.resolve();
    window.Module = {
      canvas: element('canvas'),
      preRun: [function () {
        Module.addRunDependency('kg-fonts');
        fontsReady.then(() => Module.removeRunDependency('kg-fonts'));
        Module.addRunDependency('kg-store');
        storeReady.finally(() => Module.removeRunDependency('kg-store'));
      }],
      onRuntimeInitialized: () => {
        KG.filesToLoad = filesToLoad();
        KG.startFileLoad();
      },
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
      onAbort: (what) => KG.fatal('KeyGrader stopped because of an internal error (' + what + '). ' +
                                  'Your last saved work is in this browser\'s storage: reload the page.'),
    };
    if (wasmResponse) Module.instantiateWasm = instantiateFrom(wasmResponse);
    const script = document.createElement('script');
    if (embedded && embedded.moduleScriptId) {
      script.text = element(embedded.moduleScriptId).textContent;
    } else {
      script.src = 'keygrader.js';
      script.onerror = () => KG.fatal('keygrader.js could not be loaded: check the connection and reload.');
    }
    document.body.appendChild(script);
    ensurePicker();
    ensureFolderPicker();
    installDragAndDrop();
    installKeyboardAndPaste();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
