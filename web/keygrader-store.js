// KeyGrader's durable store in the browser: IndexedDB records, a journal of unsaved edits,
// one editing tab at a time. Runs before keygrader-glue.js (which starts the app once
// KG.store.ready has settled).
//
// Why IndexedDB: localStorage holds ~5 MB per origin, and a whole benchmark (760 reviews,
// 11 MB of text) does not fit; IndexedDB's quota is a share of the disk. The records are the
// app's (src/core/persist/workspace_store.h): "meta", "shell", "review:N", "text:HASH".
//
// - Start: every record is read into memory BEFORE the wasm app runs, so that the app's
//   store_load stays synchronous. A localStorage workspace of an older KeyGrader is handed
//   over once (KG.store.legacy) and removed only after its records are committed.
// - Save: the app hands over the records that changed and their deletions as ONE
//   transaction, fire and forget; it polls the result and says "Saved" only after the
//   transaction's oncomplete. A failed transaction changes nothing (IndexedDB is atomic);
//   its small records go to a journal in localStorage, replayed at the next start, and a
//   line saying what was not saved goes to sessionStorage, so a reload can tell what was lost.
// - Owner: every record carries an owner tag and a seal. The single-file page opened from
//   file:// shares its storage with every other local HTML file: a record without the tag is
//   reported as foreign (not "corrupt") and the app does not write over it until the user
//   chooses.
// - Two tabs: Web Locks. The tab holding the lock "keygrader-editor" edits and saves; a
//   second tab is read-only and says so, with "Take over" (BroadcastChannel asks the editor
//   to save and let go; the new editor reloads to show the latest saved work).
'use strict';

(function () {
  const KG = (window.KG = window.KG || {});
  const DB_NAME = 'keygrader';
  const STORE_NAME = 'records';
  const OWNER = 'keygrader/1';
  const LEGACY_KEY = 'keygrader:workspace';
  const JOURNAL_KEY = 'keygrader:journal';
  const LOST_KEY = 'keygrader:unsaved';
  const COMMIT_BATCH_CHARS = 128 * 1024;   // record text queued per task in a commit
  const JOURNAL_TEXT_BUDGET = 1 << 20;   // texts kept in the journal (localStorage is small)
  const LOCK = 'keygrader-editor';

  const store = (KG.store = {
    fail: null,            // test hook: 'quota' | 'failed' | 'quota-all' (journal too) forces commits to fail
    status: 'opening',     // ok | unavailable | foreign | opening
    message: '',
    records: null,         // [{key, value, journaled}] read at start, until the app takes them
    bootRecords: 0,        // how many there were
    foreign: [],           // keys of records not written by KeyGrader
    damaged: [],           // keys of KeyGrader records whose seal does not match
    legacy: null,          // {text, recovered} of an old localStorage workspace
    journal: null,         // {time, records, missingTexts, summary} replayed at start
    lostSummary: '',       // what a failed save before the last reload did not keep
    role: 'editor',        // editor | follower | releasing | released
    locks: !!(navigator.locks && navigator.locks.request),
    persisted: null,       // navigator.storage.persist(): true | false | null (not offered)
    usage: null,           // {usage, quota} from navigator.storage.estimate()
    commits: new Map(),    // ticket -> {state: pending|ok|quota|failed|unavailable, message}
    staged: { puts: [], deletes: [] },
    seq: 0,
    lastCommitMs: null,
    savedElsewhereMs: null,  // the editing tab saved (seen by a read-only tab)
  });
  let db = null;

  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  }
  // The seal covers the key, the length and (for small records) the text: file texts are
  // checked against their content hash by the app, so 11 MB need not be hashed twice.
  function sealOf(key, text) {
    return fnv1a(key + '\n' + text.length + '\n' + (text.length <= 65536 ? text : ''));
  }
  function wrap(key, text) { return { owner: OWNER, seal: sealOf(key, text), text }; }
  const OUR_KEY = /^(meta|shell|review:\d{1,8}|text:[0-9a-f]{16})$/;

  function isQuota(e) {
    return !!e && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
                   e.code === 22 || e.code === 1014);
  }
  function local() {
    try { return window.localStorage || null; } catch (e) { return null; }
  }
  function session() {
    try { return window.sessionStorage || null; } catch (e) { return null; }
  }

  function openDb() {
    return new Promise((resolve, reject) => {
      if (!window.indexedDB) { reject(new Error('IndexedDB is not available')); return; }
      let req;
      try { req = indexedDB.open(DB_NAME, 1); } catch (e) { reject(e); return; }
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE_NAME)) req.result.createObjectStore(STORE_NAME);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error || new Error('IndexedDB could not be opened'));
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
  }

  function readAll(database) {
    return new Promise((resolve, reject) => {
      const tx = database.transaction(STORE_NAME, 'readonly');
      const os = tx.objectStore(STORE_NAME);
      const keysReq = os.getAllKeys();
      const valsReq = os.getAll();
      tx.oncomplete = () => resolve(keysReq.result.map((k, i) => [k, valsReq.result[i]]));
      tx.onerror = () => reject(tx.error);
    });
  }

  // ---- the old localStorage workspace (two slots, sealed), read for migration only ----
  function unsealLegacy(raw) {
    if (typeof raw !== 'string' || !raw.startsWith('kgstore1 ')) return null;
    const nl = raw.indexOf('\n');
    if (nl < 0) return null;
    const head = raw.slice(0, nl).split(' ');
    const text = raw.slice(nl + 1);
    return head.length === 3 && Number(head[1]) === text.length && head[2] === fnv1a(text) ? text : null;
  }
  function withoutHeader(raw) {
    if (raw.startsWith('kgstore1 ')) {
      const nl = raw.indexOf('\n');
      return nl < 0 ? '' : raw.slice(nl + 1);
    }
    return raw;
  }
  function legacyKeys() { return [LEGACY_KEY, LEGACY_KEY + '#a', LEGACY_KEY + '#b', LEGACY_KEY + '#current']; }
  function readLegacy() {
    const ls = local();
    if (!ls) return null;
    try {
      const current = ls.getItem(LEGACY_KEY + '#current');
      if (current === null) {
        const plain = ls.getItem(LEGACY_KEY);
        return plain === null ? null : { text: withoutHeader(plain), recovered: false };
      }
      const first = current === 'b' ? 'b' : 'a';
      const second = first === 'a' ? 'b' : 'a';
      const latest = ls.getItem(LEGACY_KEY + '#' + first);
      const previous = ls.getItem(LEGACY_KEY + '#' + second);
      const good = unsealLegacy(latest);
      if (good !== null) return { text: good, recovered: false };
      const older = unsealLegacy(previous);
      if (older !== null) return { text: older, recovered: true };
      const raw = latest !== null ? latest : previous;
      return raw === null ? null : { text: withoutHeader(raw), recovered: false };
    } catch (e) {
      return null;
    }
  }

  // ---- the journal: what failed to save, replayed over the records at the next start ----
  function readJournal() {
    const ls = local();
    if (!ls) return null;
    try {
      const raw = ls.getItem(JOURNAL_KEY);
      if (!raw) return null;
      const j = JSON.parse(raw);
      return j && j.owner === OWNER && Array.isArray(j.puts) ? j : null;
    } catch (e) {
      return null;
    }
  }
  function writeJournal(puts, deletes, summary) {
    if (store.fail === 'quota-all') return false;
    const ls = local();
    if (!ls) return false;
    const old = readJournal() || { owner: OWNER, puts: [], deletes: [], missingTexts: [], summaries: [] };
    const byKey = new Map(old.puts);
    const gone = new Set(old.deletes);
    let textBytes = [...byKey].reduce((n, [k, v]) => n + (k.startsWith('text:') ? v.length : 0), 0);
    const missing = new Set(old.missingTexts);
    for (const [k, v] of puts) {
      gone.delete(k);
      if (k.startsWith('text:')) {
        if (textBytes + v.length > JOURNAL_TEXT_BUDGET) { missing.add(k); continue; }
        textBytes += v.length;
        missing.delete(k);
      }
      byKey.set(k, v);
    }
    for (const k of deletes) { byKey.delete(k); gone.add(k); }
    const journal = {
      owner: OWNER, time: new Date().toISOString(), puts: [...byKey], deletes: [...gone],
      missingTexts: [...missing], summaries: [...old.summaries, summary].slice(-20),
    };
    try {
      ls.setItem(JOURNAL_KEY, JSON.stringify(journal));
      return true;
    } catch (e) {
      return false;
    }
  }
  function clearJournal() {
    const ls = local();
    try { if (ls) ls.removeItem(JOURNAL_KEY); } catch (e) { /* nothing to clear */ }
    const ss = session();
    try { if (ss) ss.removeItem(LOST_KEY); } catch (e) { /* nothing to clear */ }
  }

  // ---- start: read everything before the app runs ----
  async function boot() {
    const ss = session();
    try { store.lostSummary = (ss && ss.getItem(LOST_KEY)) || ''; } catch (e) { store.lostSummary = ''; }
    store.legacy = readLegacy();
    let rows = [];
    try {
      db = await openDb();
      rows = await readAll(db);
    } catch (e) {
      db = null;
      store.status = 'unavailable';
      store.message = (e && e.message) || String(e);
    }
    const records = [];
    for (const [key, value] of rows) {
      if (typeof key !== 'string' || !value || value.owner !== OWNER || typeof value.text !== 'string' || !OUR_KEY.test(key)) {
        store.foreign.push(String(key));
        continue;
      }
      if (value.seal !== sealOf(key, value.text)) {
        store.damaged.push(key);
        continue;
      }
      records.push({ key, value: value.text, journaled: false });
    }
    const journal = readJournal();
    if (journal) {
      const at = new Map(records.map((r, i) => [r.key, i]));
      for (const k of journal.deletes) {
        if (at.has(k)) records[at.get(k)] = null;
      }
      for (const [k, v] of journal.puts) {
        const rec = { key: k, value: v, journaled: true };
        if (at.has(k) && records[at.get(k)]) records[at.get(k)] = rec;
        else records.push(rec);
      }
      store.journal = { time: journal.time, records: journal.puts.length,
                        missingTexts: journal.missingTexts.length, summary: journal.summaries.join('; ') };
    }
    store.records = records.filter(Boolean);
    store.bootRecords = store.records.length;
    if (store.status === 'opening') store.status = store.foreign.length ? 'foreign' : 'ok';
    if (store.status === 'foreign') {
      store.message = store.foreign.length + ' record(s) in this browser\'s KeyGrader storage were not written by KeyGrader (' +
                      store.foreign.slice(0, 3).join(', ') + (store.foreign.length > 3 ? ', …' : '') + ')';
    }
    await claimEditor();
    askPersistence();
  }

  function askPersistence() {
    if (!navigator.storage) return;
    const update = () => navigator.storage.estimate && navigator.storage.estimate()
      .then((e) => { store.usage = { usage: e.usage || 0, quota: e.quota || 0 }; }).catch(() => {});
    if (navigator.storage.persisted) {
      navigator.storage.persisted().then((already) => {
        if (already) return true;
        return navigator.storage.persist ? navigator.storage.persist() : false;
      }).then((granted) => { store.persisted = !!granted; }).catch(() => { store.persisted = false; });
    }
    update();
    store.updateUsage = update;
  }

  // ---- two tabs ----
  let channel = null;
  let releaseLock = null;
  function claimEditor() {
    try { channel = new BroadcastChannel('keygrader'); } catch (e) { channel = null; }
    if (channel) {
      channel.onmessage = (e) => {
        const m = e.data || {};
        if (m.type === 'takeover' && store.role === 'editor') store.role = 'releasing';
        if (m.type === 'saved' && store.role !== 'editor') store.savedElsewhereMs = performance.now();
      };
    }
    if (!store.locks) return Promise.resolve();   // no Web Locks: one tab assumed
    return new Promise((resolve) => {
      navigator.locks.request(LOCK, { ifAvailable: true }, (lock) => {
        if (!lock) {
          store.role = 'follower';
          resolve();
          return undefined;
        }
        store.role = 'editor';
        resolve();
        return new Promise((release) => { releaseLock = release; });   // held until the page goes
      }).catch(() => { store.role = 'editor'; resolve(); });
    });
  }

  // The read-only tab asks for the editing role: the editor saves and lets go, then this
  // tab reloads (so it shows what was saved last, and edits from here on).
  store.takeOver = function () {
    if (store.role === 'editor' || !store.locks) return;
    store.role = 'waiting';
    // Granted once the editor let go: give it back at once and reload, so that the reloaded
    // page (a new document) takes it as the editor.
    navigator.locks.request(LOCK, () => { setTimeout(() => location.reload(), 0); });
    if (channel) channel.postMessage({ type: 'takeover' });
  };
  // The app saved everything after a take-over request: let the other tab edit.
  store.release = function () {
    store.role = 'released';
    if (releaseLock) { releaseLock(); releaseLock = null; }
  };

  // ---- commits from the app ----
  store.stagePut = function (key, text) { store.staged.puts.push([key, text]); };
  store.stageDelete = function (key) { store.staged.deletes.push(key); };

  function finish(ticket, state, message) {
    store.commits.set(ticket, { state, message: message || '' });
  }

  // Commits what was staged as one transaction; returns a ticket to poll with result().
  store.commit = function (summary) {
    const ticket = ++store.seq;
    const { puts, deletes } = store.staged;
    const started = performance.now();
    store.staged = { puts: [], deletes: [] };
    store.commits.set(ticket, { state: 'pending', message: '' });
    const failed = (state, message) => {
      const journaled = writeJournal(puts.filter(([k]) => true), deletes, summary);
      const ss = session();
      try { if (ss) ss.setItem(LOST_KEY, (journaled ? 'journaled:' : '') + summary); } catch (e) { /* nothing more to do */ }
      finish(ticket, state, (message || '') + (journaled ? ' [journal kept]' : ' [no journal]'));
    };
    if (store.fail) {
      Promise.resolve().then(() => failed(store.fail === 'failed' ? 'failed' : 'quota', 'forced by KG.store.fail'));
      return ticket;
    }
    if (!db) {
      Promise.resolve().then(() => failed('unavailable', store.message));
      return ticket;
    }
    let tx;
    let queuedMs = 0;      // longest main-thread stretch spent queueing this commit's requests
    let next = 0;
    // The requests go in batches: sealing and cloning the 768 records of a whole benchmark's
    // first save in one task blocked the page ~0.1 s. The next batch is queued from the last
    // request's success event, which keeps the one transaction alive (still all or nothing).
    const queueBatch = (os) => {
      const t0 = performance.now();
      let bytes = 0;
      let last = null;
      while (next < puts.length && bytes < COMMIT_BATCH_CHARS) {
        const [k, v] = puts[next++];
        last = os.put(wrap(k, v), k);
        bytes += v.length + k.length;
      }
      if (next < puts.length) {
        last.onsuccess = () => {
          try { queueBatch(os); } catch (e) { try { tx.abort(); } catch (e2) { /* already over */ } }
        };
      } else {
        for (const k of deletes) os.delete(k);
      }
      queuedMs = Math.max(queuedMs, performance.now() - t0);
    };
    try {
      tx = db.transaction(STORE_NAME, 'readwrite');
      queueBatch(tx.objectStore(STORE_NAME));
    } catch (e) {
      store.lastCommit = null;
      if (tx) { try { tx.abort(); } catch (e2) { /* not started */ } }
      Promise.resolve().then(() => failed(isQuota(e) ? 'quota' : 'failed', e.message));
      return ticket;
    }
    tx.oncomplete = () => {
      finish(ticket, 'ok');
      store.lastCommit = { puts: puts.length, deletes: deletes.length, ms: performance.now() - started,
                           queueMs: queuedMs };
      store.lastCommitMs = performance.now();
      clearJournal();
      if (channel) channel.postMessage({ type: 'saved' });
      if (store.updateUsage) store.updateUsage();
    };
    const onFail = () => {
      if (store.commits.get(ticket).state !== 'pending') return;
      const e = tx.error;
      failed(isQuota(e) ? 'quota' : 'failed', e ? e.name + ': ' + e.message : 'the transaction was aborted');
    };
    tx.onabort = onFail;
    tx.onerror = onFail;
    return ticket;
  };
  // pending | ok | quota | failed | unavailable; a finished result is handed over once.
  store.result = function (ticket) {
    const r = store.commits.get(ticket);
    if (!r) return { state: 'unknown', message: '' };
    if (r.state !== 'pending') store.commits.delete(ticket);
    return r;
  };
  // After a verified migration commit the old localStorage copy goes.
  store.clearLegacy = function () {
    const ls = local();
    if (!ls) return;
    for (const k of legacyKeys()) {
      try { ls.removeItem(k); } catch (e) { /* gone already */ }
    }
    store.legacy = null;
  };
  // Anything an earlier visit left (records, even foreign ones, an old workspace or another
  // "keygrader:" key in localStorage): then the demo is not opened over it.
  store.hadSavedState = function () {
    if ((store.records && store.records.length > 0) || store.bootRecords > 0 || !!store.legacy ||
        store.foreign.length > 0 || store.damaged.length > 0) return true;
    const ls = local();
    try {
      for (let i = 0; ls && i < ls.length; i++) if (ls.key(i).startsWith('keygrader:')) return true;
    } catch (e) { /* no storage: a first visit */ }
    return false;
  };
  // For tests and the bench: the records as they are now in IndexedDB.
  store.dump = async function () {
    if (!db) return [];
    return (await readAll(db)).map(([k, v]) => ({ key: k, owner: v && v.owner, bytes: v && v.text ? v.text.length : 0 }));
  };

  store.ready = boot().catch((e) => {
    store.status = 'unavailable';
    store.message = (e && e.message) || String(e);
    store.records = store.records || [];
  });
})();
