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

EM_JS(void, js_open_picker, (), { KG.openPicker(); });
EM_JS(void, js_set_max_file_bytes, (double bytes), { KG.maxFileBytes = bytes; });
EM_JS(void, js_open_folder_picker, (), { KG.openFolderPicker(); });

// 0 ok, 1 quota, 2 unavailable, 3 failed, 4 not UTF-8.
EM_JS(int, js_store_save, (const char* key, const char* data, int len), {
    let text;
    try {
        text = new TextDecoder("utf-8", {fatal: true}).decode(HEAPU8.subarray(data, data + len));
    } catch (e) {
        return KG.STORE.NOT_TEXT;
    }
    return KG.storeSave(UTF8ToString(key), text);
});

// The saved text (malloc'd, *len bytes) or 0 when nothing is saved.
EM_JS(char*, js_store_load, (const char* key, int* len, int* recovered), {
    const r = KG.storeLoad(UTF8ToString(key));
    if (!r) return 0;
    const u8 = new TextEncoder().encode(r.text);
    const p = _malloc(u8.length + 1);
    HEAPU8.set(u8, p);
    HEAPU8[p + u8.length] = 0;
    HEAP32[len >> 2] = u8.length;
    HEAP32[recovered >> 2] = r.recovered ? 1 : 0;
    return p;
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

std::string human_size(size_t bytes) {
    char buf[32];
    if (bytes >= 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    else
        std::snprintf(buf, sizeof buf, "%.0f KB", static_cast<double>(bytes) / 1024.0);
    return buf;
}

}  // namespace

namespace kg::platform {

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

StoreResult store_save(const std::string& key, const std::string& value) {
    StoreResult r;
    switch (js_store_save(key.c_str(), value.data(), static_cast<int>(value.size()))) {
        case 0:
            break;
        case 1:
            r.status = StoreStatus::QuotaExceeded;
            r.message = "Local storage is full: the workspace (" + human_size(value.size()) +
                        ") was not saved. Your work is still here: export it to keep it.";
            break;
        case 2:
            r.status = StoreStatus::Unavailable;
            r.message = "Local storage is not available in this browser (private mode or "
                        "blocked): changes will not survive a reload. Export the workspace to "
                        "keep your work.";
            break;
        case 4:
            r.status = StoreStatus::Failed;
            r.message = "The workspace was not saved: it holds text that is not valid UTF-8.";
            break;
        default:
            r.status = StoreStatus::Failed;
            r.message = "The browser refused to save the workspace to local storage. Your work "
                        "is still here: export the workspace to keep it.";
            break;
    }
    return r;
}

bool store_load(const std::string& key, std::string& value, bool& recovered) {
    int len = 0;
    int rec = 0;
    char* p = js_store_load(key.c_str(), &len, &rec);
    if (!p) return false;
    value = adopt(p, len);
    recovered = rec != 0;
    return true;
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
