// platform.h and web_shell.h in the browser: thin EM_JS calls into web/keygrader-glue.js
// (the global KG object), which owns the DOM side. Bytes cross the boundary as
// (pointer, length) pairs; text the JS side hands back is malloc'd here and freed here.
#include "platform.h"
#include "web_shell.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <string>

namespace {

// ---- JS side -------------------------------------------------------------------------
// Each returns data by allocating with _malloc; the caller frees with std::free.

// Moves the oldest incoming file into three malloc'd buffers; 0 when none is waiting.
EM_JS(int, js_take_incoming, (char** name, char** bytes, int* bytes_len, char** origin), {
    if (KG.firstFrameMs === null) return 0;   // files wait until the page has shown (glue)
    const f = KG.incoming.shift();
    if (!f) return 0;
    if (!KG.incoming.length && !KG.filesPending) KG.filesTakenMs = performance.now();
    const put = (u8) => {
        const p = _malloc(u8.length + 1);
        HEAPU8.set(u8, p);
        HEAPU8[p + u8.length] = 0;
        return p;
    };
    const enc = new TextEncoder();
    const n = put(enc.encode(f.name));
    const b = put(f.bytes);
    const o = put(enc.encode(f.origin));
    HEAP32[name >> 2] = n;
    HEAP32[bytes >> 2] = b;
    HEAP32[bytes_len >> 2] = f.bytes.length;
    HEAP32[origin >> 2] = o;
    return 1;
});

EM_JS(int, js_incoming_pending, (), {
    if (KG.firstFrameMs === null) return 0;
    return KG.incoming.length + (KG.filesPending ? 1 : 0);
});

EM_JS(void, js_open_picker, (), { KG.openPicker(); });
EM_JS(void, js_set_max_file_bytes, (double bytes), { KG.maxFileBytes = bytes; });
EM_JS(void, js_open_folder_picker, (), { KG.openFolderPicker(); });

// ---- the store (web/keygrader-store.js) ----
// Strings cross as malloc'd UTF-8.
EM_JS(char*, js_store_boot_string, (int which), {
    const st = KG.store;
    const j = st.journal;
    const s = [st.status, st.message, j ? j.time : "", j ? j.summary : "", st.lostSummary,
               st.foreign.join("\n"), st.damaged.join("\n")][which] || "";
    const u8 = new TextEncoder().encode(s);
    const p = _malloc(u8.length + 1);
    HEAPU8.set(u8, p);
    HEAPU8[p + u8.length] = 0;
    return p;
});
EM_JS(int, js_store_boot_int, (int which), {
    const st = KG.store;
    if (which === 0) return st.records ? st.records.length : 0;
    if (which === 1) return st.journal ? st.journal.missingTexts : 0;
    return st.legacy ? 1 : 0;
});
// Record i: key and value (malloc'd), *len bytes of value; returns journaled (0/1).
EM_JS(int, js_store_boot_record, (int i, char** key, char** value, int* len), {
    const r = KG.store.records[i];
    const enc = new TextEncoder();
    const put = (u8) => {
        const p = _malloc(u8.length + 1);
        HEAPU8.set(u8, p);
        HEAPU8[p + u8.length] = 0;
        return p;
    };
    const v = enc.encode(r.value);
    // Both mallocs before any HEAP32 write: `HEAP32[x] = _malloc(..)` reads HEAP32 first, and
    // a malloc that grows the wasm memory detaches that view, so the pointer was written
    // nowhere and a big workspace lost its texts on reload.
    const keyPtr = put(enc.encode(r.key));
    const valuePtr = put(v);
    HEAP32[key >> 2] = keyPtr;
    HEAP32[value >> 2] = valuePtr;
    HEAP32[len >> 2] = v.length;
    return r.journaled ? 1 : 0;
});
EM_JS(void, js_store_boot_done, (), { KG.store.records = null; });
EM_JS(char*, js_store_take_legacy, (int* len, int* recovered), {
    const l = KG.store.legacy;
    if (!l) return 0;
    const u8 = new TextEncoder().encode(l.text);
    const p = _malloc(u8.length + 1);
    HEAPU8.set(u8, p);
    HEAPU8[p + u8.length] = 0;
    HEAP32[len >> 2] = u8.length;
    HEAP32[recovered >> 2] = l.recovered ? 1 : 0;
    return p;
});
EM_JS(void, js_store_clear_legacy, (), { KG.store.clearLegacy(); });
// 0 staged, 1 not UTF-8.
EM_JS(int, js_store_stage_put, (const char* key, const char* data, int len), {
    let text;
    try {
        // One decoder for every record (a first save stages 768 of them in a frame).
        const decoder = KG.store.utf8 || (KG.store.utf8 = new TextDecoder("utf-8", {fatal: true}));
        text = decoder.decode(HEAPU8.subarray(data, data + len));
    } catch (e) {
        return 1;
    }
    KG.store.stagePut(UTF8ToString(key), text);
    return 0;
});
EM_JS(void, js_store_stage_delete, (const char* key), { KG.store.stageDelete(UTF8ToString(key)); });
EM_JS(void, js_store_drop_staged, (), { KG.store.staged = {puts: [], deletes: []}; });
EM_JS(int, js_store_commit, (const char* summary), { return KG.store.commit(UTF8ToString(summary)); });
// 0 ok, 1 quota, 2 unavailable, 3 failed, 5 pending; the message into *message (malloc'd).
EM_JS(int, js_store_result, (int ticket, char** message), {
    const r = KG.store.result(ticket);
    const u8 = new TextEncoder().encode(r.message || "");
    const p = _malloc(u8.length + 1);
    HEAPU8.set(u8, p);
    HEAPU8[p + u8.length] = 0;
    HEAP32[message >> 2] = p;
    return {ok: 0, quota: 1, unavailable: 2, failed: 3, pending: 5}[r.state] ?? 3;
});
EM_JS(int, js_store_role, (), {
    return {editor: 0, follower: 1, waiting: 2, releasing: 3, released: 4}[KG.store.role] ?? 0;
});
EM_JS(void, js_store_take_over, (), { KG.store.takeOver(); });
EM_JS(void, js_store_release, (), { KG.store.release(); });
EM_JS(int, js_store_persisted, (), {
    const p = KG.store.persisted;
    return p === null || p === undefined ? -1 : (p ? 1 : 0);
});
EM_JS(double, js_store_usage, (int which), {
    const u = KG.store.usage;
    if (!u) return -1;
    return which === 0 ? u.usage : u.quota;
});

EM_JS(void, js_download, (const char* name, const char* mime, const char* data, int len), {
    KG.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + len));
});

// files: for each file "<path bytes>:<path><text bytes>:<text>" (lengths in decimal).
EM_JS(void, js_download_zip, (const char* name, const char* data, int len), {
    const bytes = HEAPU8.slice(data, data + len);
    const dec = new TextDecoder();
    const entries = [];
    let at = 0;
    const field = () => {
        let colon = at;
        while (bytes[colon] !== 58) colon++;
        const n = Number(dec.decode(bytes.subarray(at, colon)));
        const value = bytes.subarray(colon + 1, colon + 1 + n);
        at = colon + 1 + n;
        return value;
    };
    while (at < bytes.length) {
        const path = dec.decode(field());
        entries.push([path, field()]);
    }
    KG.downloadZip(UTF8ToString(name), entries);
});

EM_JS(void, js_copy, (const char* data, int len), {
    KG.copyText(new TextDecoder().decode(HEAPU8.subarray(data, data + len)));
});

// Small strings from JS: malloc'd UTF-8, freed by the caller.
EM_JS(char*, js_url_part, (int which, const char* param), {
    let s = "";
    if (which === 0) s = new URLSearchParams(location.search).get(UTF8ToString(param)) || "";
    else if (which === 1) s = location.hash.length > 1 ? location.hash.slice(1) : "";
    else s = location.href.split("#")[0];
    const u8 = new TextEncoder().encode(s);
    const p = _malloc(u8.length + 1);
    HEAPU8.set(u8, p);
    HEAPU8[p + u8.length] = 0;
    return p;
});

EM_JS(void, js_clear_url_fragment, (), {
    if (location.hash) history.replaceState(history.state, "", location.href.split("#")[0]);
});

EM_JS(char*, js_clock_text, (), {
    const d = new Date();
    const two = (n) => String(n).padStart(2, "0");
    const s = two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
    const u8 = new TextEncoder().encode(s);
    const p = _malloc(u8.length + 1);
    HEAPU8.set(u8, p);
    HEAPU8[p + u8.length] = 0;
    return p;
});

EM_JS(void, js_request_cjk, (), { KG.requestCjk(); });

// Hands over a font's bytes once: "cjk" = the Japanese font, else a bundled font by name.
EM_JS(char*, js_take_font, (const char* name, int* len), {
    const n = UTF8ToString(name);
    let bytes = null;
    if (n === "cjk") {
        bytes = KG.cjk;
        if (bytes) { KG.cjk = null; KG.cjkState = "taken"; }
    } else {
        bytes = KG.fonts[n] || null;
        delete KG.fonts[n];
    }
    if (!bytes) return 0;
    const p = _malloc(bytes.length);
    HEAPU8.set(bytes, p);
    HEAP32[len >> 2] = bytes.length;
    return p;
});

EM_JS(void, js_first_frame, (), { KG.firstFrame(); });

EM_JS(int, js_has_pending_events, (), {
    return (KG.firstFrameMs !== null && KG.incoming.length > 0) || KG.notices.length > 0 ||
           KG.pasted.length > 0 || KG.cjkState === "ready" ? 1 : 0;
});

EM_JS(void, js_frame_drawn, (), { KG.framesDrawn++; });

// Oldest notice (malloc'd) or 0.
EM_JS(char*, js_take_notice, (), {
    const s = KG.notices.shift();
    if (s === undefined) return 0;
    const u8 = new TextEncoder().encode(s);
    const p = _malloc(u8.length + 1);
    HEAPU8.set(u8, p);
    HEAPU8[p + u8.length] = 0;
    return p;
});

EM_JS(int, js_prefers_dark, (), {
    return (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches) ? 1 : 0;
});

EM_JS(void, js_set_background, (float r, float g, float b), { KG.setBackground(r, g, b); });

EM_JS(char*, js_take_pasted, (), {
    if (!KG.pasted) return 0;
    const u8 = new TextEncoder().encode(KG.pasted);
    KG.pasted = "";
    const p = _malloc(u8.length + 1);
    HEAPU8.set(u8, p);
    HEAPU8[p + u8.length] = 0;
    return p;
});

EM_JS(void, js_fatal, (const char* message), { KG.fatal(UTF8ToString(message)); });

// ---- helpers ---------------------------------------------------------------------------

// Takes ownership of a malloc'd NUL-terminated string.
std::string adopt(char* p) {
    if (!p) return {};
    std::string s(p);
    std::free(p);
    return s;
}

std::string adopt(char* p, int len) {
    if (!p) return {};
    std::string s(p, static_cast<size_t>(len));
    std::free(p);
    return s;
}

}  // namespace

namespace kg::platform {

bool take_incoming_file(IncomingFile& f) {
    char* name = nullptr;
    char* bytes = nullptr;
    char* origin = nullptr;
    int len = 0;
    if (!js_take_incoming(&name, &bytes, &len, &origin)) return false;
    f.name = adopt(name);
    f.bytes = adopt(bytes, len);
    f.origin = adopt(origin);
    return true;
}

int incoming_pending() { return js_incoming_pending(); }

std::vector<IncomingFile> take_incoming_files() {
    std::vector<IncomingFile> files;
    char* name = nullptr;
    char* bytes = nullptr;
    char* origin = nullptr;
    int len = 0;
    while (js_take_incoming(&name, &bytes, &len, &origin)) {
        IncomingFile f;
        f.name = adopt(name);
        f.bytes = adopt(bytes, len);
        f.origin = adopt(origin);
        files.push_back(std::move(f));
    }
    return files;
}

void set_max_file_bytes(double bytes) { js_set_max_file_bytes(bytes); }
void open_file_picker() { js_open_picker(); }
void open_folder_picker() { js_open_folder_picker(); }

StoreBoot store_boot() {
    StoreBoot b;
    b.status = adopt(js_store_boot_string(0));
    b.message = adopt(js_store_boot_string(1));
    b.journal_time = adopt(js_store_boot_string(2));
    b.journal_summary = adopt(js_store_boot_string(3));
    b.lost_summary = adopt(js_store_boot_string(4));
    auto lines = [](const std::string& s) {
        std::vector<std::string> out;
        size_t start = 0;
        while (start < s.size()) {
            size_t nl = s.find('\n', start);
            if (nl == std::string::npos) nl = s.size();
            out.push_back(s.substr(start, nl - start));
            start = nl + 1;
        }
        return out;
    };
    b.foreign = lines(adopt(js_store_boot_string(5)));
    b.damaged = lines(adopt(js_store_boot_string(6)));
    b.journal_missing_texts = js_store_boot_int(1);
    b.has_legacy = js_store_boot_int(2) != 0;
    const int n = js_store_boot_int(0);
    b.records.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        char* key = nullptr;
        char* value = nullptr;
        int len = 0;
        StoredRecord r;
        r.journaled = js_store_boot_record(i, &key, &value, &len) != 0;
        r.key = adopt(key);
        r.value = adopt(value, len);
        b.records.push_back(std::move(r));
    }
    js_store_boot_done();
    return b;
}

bool store_take_legacy(std::string& value, bool& recovered) {
    int len = 0;
    int rec = 0;
    char* p = js_store_take_legacy(&len, &rec);
    if (!p) return false;
    value = adopt(p, len);
    recovered = rec != 0;
    return true;
}

void store_clear_legacy() { js_store_clear_legacy(); }

int store_commit(const std::vector<std::pair<std::string, const std::string*>>& puts,
                 const std::vector<std::string>& deletes, const std::string& summary) {
    for (const auto& [key, value] : puts) {
        if (js_store_stage_put(key.c_str(), value->data(), static_cast<int>(value->size())) != 0) {
            js_store_drop_staged();
            return -1;   // not UTF-8: nothing is written
        }
    }
    for (const std::string& key : deletes) js_store_stage_delete(key.c_str());
    return js_store_commit(summary.c_str());
}

StoreResult store_commit_result(int ticket) {
    StoreResult r;
    if (ticket < 0) {
        r.status = StoreStatus::Failed;
        r.message = "The workspace was not saved: it holds text that is not valid UTF-8.";
        return r;
    }
    char* message = nullptr;
    const int code = js_store_result(ticket, &message);
    const std::string detail = adopt(message);
    switch (code) {
        case 0: break;
        case 5: r.status = StoreStatus::Pending; break;
        case 1:
            r.status = StoreStatus::QuotaExceeded;
            r.message = "The browser's storage for this page is full (" + detail + ").";
            break;
        case 2:
            r.status = StoreStatus::Unavailable;
            r.message = "Storage is not available in this browser (private mode or blocked: " +
                        detail + "): changes will not survive a reload.";
            break;
        default:
            r.status = StoreStatus::Failed;
            r.message = "The browser refused to save (" + detail + ").";
            break;
    }
    return r;
}

std::string store_role() {
    switch (js_store_role()) {
        case 1: return "follower";
        case 2: return "waiting";
        case 3: return "releasing";
        case 4: return "released";
        default: return "editor";
    }
}
void store_take_over() { js_store_take_over(); }
void store_release() { js_store_release(); }
int store_persisted() { return js_store_persisted(); }
bool store_usage(double& used, double& quota) {
    used = js_store_usage(0);
    quota = js_store_usage(1);
    return used >= 0 && quota > 0;
}

void download(const std::string& file_name, const std::string& mime, const std::string& content) {
    js_download(file_name.c_str(), mime.c_str(), content.data(), static_cast<int>(content.size()));
}

void download_zip(const std::string& archive_name,
                  const std::vector<std::pair<std::string, std::string>>& files) {
    std::string framed;
    for (const auto& [path, text] : files) {
        framed += std::to_string(path.size()) + ":" + path + std::to_string(text.size()) + ":" + text;
    }
    js_download_zip(archive_name.c_str(), framed.data(), static_cast<int>(framed.size()));
}

void copy_to_clipboard(const std::string& text) {
    js_copy(text.data(), static_cast<int>(text.size()));
}

std::string url_param(const std::string& name) { return adopt(js_url_part(0, name.c_str())); }
std::string url_fragment() { return adopt(js_url_part(1, "")); }
std::string page_url_without_fragment() { return adopt(js_url_part(2, "")); }
void clear_url_fragment() { js_clear_url_fragment(); }

double now_ms() { return emscripten_get_now(); }
std::string clock_text() { return adopt(js_clock_text()); }

void request_cjk_font() { js_request_cjk(); }

std::string take_cjk_font() {
    int len = 0;
    char* p = js_take_font("cjk", &len);
    return adopt(p, len);
}

// ---- web_shell.h ----

std::string take_bundled_font(const char* name) {
    int len = 0;
    char* p = js_take_font(name, &len);
    return adopt(p, len);
}

void notify_first_frame() { js_first_frame(); }

bool has_pending_events() { return js_has_pending_events() != 0; }

void notify_frame_drawn() { js_frame_drawn(); }

std::vector<std::string> take_notices() {
    std::vector<std::string> out;
    while (char* p = js_take_notice()) out.push_back(adopt(p));
    return out;
}

bool system_prefers_dark() { return js_prefers_dark() != 0; }

void set_page_background(float r, float g, float b) { js_set_background(r, g, b); }

std::string take_pasted_text() { return adopt(js_take_pasted()); }

void show_fatal(const std::string& message) { js_fatal(message.c_str()); }

}  // namespace kg::platform
