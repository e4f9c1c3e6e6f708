// The page's entry point: WebGL2 through GLFW (Emscripten's own library), Dear ImGui's GLFW
// and OpenGL3 backends, the fonts, and the frame loop that calls kg::app::frame().
//
// Pixels: Dear ImGui works in CSS pixels (what the app's layout numbers mean); the canvas's
// backing store is CSS size x devicePixelRatio and the fonts are baked at that ratio, so the
// page is crisp at any ratio. GLFW reports the mouse in backing-store pixels: the cursor
// callback below divides by the ratio before Dear ImGui sees it.
//
// This is the one app file that talks to Emscripten directly (the loop, canvas size);
// everything else about the browser goes through src/platform.
#include <emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app.h"
#include "base/json_write.h"
#include "fonts.h"
#include "frame_pacer.h"
#include "imgui.h"
#include "imgui_internal.h"   // ImGuiContext::InputEventsQueue: input waiting for the next frame
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform.h"
#include "theme.h"
#include "web_shell.h"

namespace {

constexpr const char* kCanvas = "#canvas";

struct Shell {
    GLFWwindow* window = nullptr;
    float dpr = 1.0f;
    int backing_w = 0, backing_h = 0;  // canvas pixels
    double css_w = 0.0, css_h = 0.0;   // canvas CSS pixels
    long frames = 0;                 // frames drawn
    kg::app::FramePacer pacer;
    bool size_dirty = true;          // a resize event came: measure the canvas again
    double size_checked_ms = 0.0;
    ImVec4 page_bg{-1.0f, 0.0f, 0.0f, 0.0f};
    std::vector<std::string> notices;       // shown until dismissed
    std::vector<std::string> notice_log;    // the last 200, for query()
    size_t notices_shown = 0;               // notices listed at the last frame (scroll to new ones)
    size_t notices_drawn = 0;               // ... and how many rows were drawn (for query())
};
Shell g;

float device_pixel_ratio() {
    const double r = emscripten_get_device_pixel_ratio();
    return (r > 0.25 && r < 8.0) ? static_cast<float>(r) : 1.0f;
}

// Keeps the canvas's backing store at its CSS size x devicePixelRatio (window resizes,
// browser zoom, moving to another screen). Returns true when it changed.
bool sync_canvas_size() {
    g.dpr = device_pixel_ratio();
    emscripten_get_element_css_size(kCanvas, &g.css_w, &g.css_h);
    if (g.css_w < 1.0) g.css_w = 1.0;
    if (g.css_h < 1.0) g.css_h = 1.0;
    const int w = static_cast<int>(std::lround(g.css_w * g.dpr));
    const int h = static_cast<int>(std::lround(g.css_h * g.dpr));
    if (w != g.backing_w || h != g.backing_h) {
        // Not glfwSetWindowSize: Emscripten's GLFW turns a screen-sized window into a
        // fullscreen request.
        emscripten_set_canvas_element_size(kCanvas, w, h);
        g.backing_w = w;
        g.backing_h = h;
        return true;
    }
    return false;
}

// Measuring the canvas (getBoundingClientRect) every frame can force a style and layout pass:
// measure after a resize event, and twice a second for what sends none (a move to a screen
// with another pixel ratio).
bool canvas_size_changed(double now) {
    if (!g.size_dirty && now - g.size_checked_ms < 500.0) return false;
    g.size_dirty = false;
    g.size_checked_ms = now;
    return sync_canvas_size();
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    g.size_dirty = true;
    return EM_FALSE;
}

// Something the next frame must show: input queued by the GLFW callbacks, files or fonts from
// the glue, a caret to blink, work spread over frames.
bool page_busy(bool resized) {
    return resized || g.frames < 3 || !ImGui::GetCurrentContext()->InputEventsQueue.empty() ||
           ImGui::GetIO().WantTextInput || kg::platform::has_pending_events() || kg::app::has_pending_work();
}

void on_cursor_pos(GLFWwindow* window, double x, double y) {
    ImGui_ImplGlfw_CursorPosCallback(window, x / g.dpr, y / g.dpr);
}

// Leaving the canvas must not hand Dear ImGui's GLFW backend back to polling the cursor
// (which would report backing-store pixels): report "no mouse" ourselves instead.
void on_cursor_enter(GLFWwindow* window, int entered) {
    if (entered)
        ImGui_ImplGlfw_CursorEnterCallback(window, entered);
    else
        ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
}

// Copy goes to the system clipboard; paste arrives as the browser's paste event (the only
// way a page may read the clipboard), so Dear ImGui's own paste sees nothing.
void set_clipboard(void*, const char* text) { kg::platform::copy_to_clipboard(text ? text : ""); }
const char* get_clipboard(void*) { return ""; }

void take_notices() {
    for (std::string& n : kg::platform::take_notices()) {
        g.notice_log.push_back(n);
        if (g.notice_log.size() > 200) g.notice_log.erase(g.notice_log.begin());
        g.notices.push_back(std::move(n));
    }
}

// Messages from the page glue that no panel owns (a linked file that could not be fetched,
// a font that failed to load): a small box at the bottom right until dismissed.
void draw_notices() {
    g.notices_drawn = 0;
    if (g.notices.empty()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 12.0f, vp->WorkPos.y + vp->WorkSize.y - 12.0f),
                            ImGuiCond_Always, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(280.0f, 0.0f), ImVec2(std::min(560.0f, vp->WorkSize.x - 24.0f), FLT_MAX));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("##kg-notices", nullptr, flags)) {
        // Every notice stays listed until dismissed (a folder can skip many files, one notice
        // each): past a third of the window the list scrolls, newest at the bottom.
        ImGui::SetNextWindowSizeConstraints(ImVec2(0.0f, 0.0f), ImVec2(FLT_MAX, std::max(80.0f, vp->WorkSize.y * 0.33f)));
        if (ImGui::BeginChild("##kg-notice-list", ImVec2(530.0f, 0.0f), ImGuiChildFlags_AutoResizeY)) {
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 510.0f);
            for (size_t i = 0; i < g.notices.size(); ++i) {
                ImGui::TextColored(kg::app::theme_colors().warning, "%s", "\xE2\x9A\xA0");  // ⚠
                ImGui::SameLine();
                ImGui::TextUnformatted(g.notices[i].c_str());
                ++g.notices_drawn;
            }
            ImGui::PopTextWrapPos();
            if (g.notices.size() != g.notices_shown) {
                g.notices_shown = g.notices.size();
                ImGui::SetScrollHereY(1.0f);   // a new notice: bring it into view
            }
        }
        ImGui::EndChild();
        ImGui::Text("%d notice%s", static_cast<int>(g.notices.size()), g.notices.size() == 1 ? "" : "s");
        ImGui::SameLine();
        if (ImGui::SmallButton("Dismiss")) g.notices.clear();
    }
    ImGui::End();
}

void sync_page_background() {
    const ImVec4 bg = kg::app::theme_colors().background;
    if (bg.x != g.page_bg.x || bg.y != g.page_bg.y || bg.z != g.page_bg.z) {
        g.page_bg = bg;
        kg::platform::set_page_background(bg.x, bg.y, bg.z);
    }
}

void frame() {
    const double now = kg::platform::now_ms();
    const bool resized = canvas_size_changed(now);
    if (!g.pacer.should_draw(now, page_busy(resized))) return;
    kg::app::fonts_update(g.dpr);
    take_notices();

    ImGuiIO& io = ImGui::GetIO();
    const std::string pasted = kg::platform::take_pasted_text();
    if (!pasted.empty() && io.WantTextInput) io.AddInputCharactersUTF8(pasted.c_str());

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // The GLFW backend measured the backing store; Dear ImGui lays out in CSS pixels.
    io.DisplaySize = ImVec2(static_cast<float>(g.backing_w) / g.dpr, static_cast<float>(g.backing_h) / g.dpr);
    io.DisplayFramebufferScale = ImVec2(g.dpr, g.dpr);

    ImGui::NewFrame();
    kg::app::frame();
    draw_notices();
    ImGui::Render();

    sync_page_background();
    const ImVec4 bg = kg::app::theme_colors().background;
    glViewport(0, 0, g.backing_w, g.backing_h);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    // The first frame is laid out but not drawn: Dear ImGui sizes tables, auto-fitting child
    // windows and popups during their first frame and shows them on the second, so drawing it
    // would flash a half-laid-out screen. The canvas shows the theme's background until the
    // second frame, which is complete (and the GPU's first-draw setup is not paid twice).
    if (g.frames > 0) ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    // Dear ImGui sizes auto-fitting windows during their first frame and shows them on the
    // second: the page counts as painted after that one.
    if (++g.frames == 2) kg::platform::notify_first_frame();
    kg::platform::notify_frame_drawn();
}

std::string shell_state_json() {
    using kg::json::put_int;
    using kg::json::put_printed;
    const ImGuiIO& io = ImGui::GetIO();
    kg::json::Buffer buf;
    kg::json::Writer w(buf);
    w.StartObject();
    put_int(w, "frames", g.frames);
    put_int(w, "framesSkipped", g.pacer.skipped());
    put_printed(w, "dpr", g.dpr, "%.3g");
    w.Key("canvas");
    w.StartObject();
    put_int(w, "width", g.backing_w);
    put_int(w, "height", g.backing_h);
    put_printed(w, "cssWidth", g.css_w, "%.1f");
    put_printed(w, "cssHeight", g.css_h, "%.1f");
    w.EndObject();
    w.Key("display");
    w.StartArray();
    kg::json::number_printed(w, io.DisplaySize.x, "%.1f");
    kg::json::number_printed(w, io.DisplaySize.y, "%.1f");
    w.EndArray();
    kg::json::put(w, "theme", kg::app::theme_is_dark() ? "dark" : "light");
    kg::json::put_strings(w, "notices", g.notice_log);
    put_int(w, "noticesListed", static_cast<int64_t>(g.notices_drawn));
    w.Key("fonts");
    const std::string fonts = kg::app::fonts_state_json();
    w.RawValue(fonts.c_str(), fonts.size(), rapidjson::kObjectType);
    w.EndObject();
    return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

// ---- called by web/keygrader-glue.js (window.keygrader.query) ----
extern "C" {
// The glue reads the returned text (UTF8ToString) after the call returns, so each buffer must
// outlive it: a function-local static, kept here with the shell rather than in AppState since
// it belongs to the call, not to the page's state, and is overwritten by the next call.
EMSCRIPTEN_KEEPALIVE const char* kg_query_state() {
    static std::string json;
    json = kg::app::query_state_json();
    return json.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* kg_shell_state() {
    static std::string json;
    json = shell_state_json();
    return json.c_str();
}
}

int main() {
    glfwSetErrorCallback([](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
    if (!glfwInit()) {
        kg::platform::show_fatal("KeyGrader could not start its window system (GLFW).");
        return 1;
    }
    sync_canvas_size();
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g.window = glfwCreateWindow(g.backing_w, g.backing_h, "KeyGrader", nullptr, nullptr);
    if (!g.window) {
        kg::platform::show_fatal("KeyGrader needs WebGL 2, and the browser could not create a WebGL 2 context. "
                                 "Enable hardware acceleration or try another browser.");
        return 1;
    }
    glfwMakeContextCurrent(g.window);
    emscripten_set_canvas_element_size(kCanvas, g.backing_w, g.backing_h);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout lives in the workspace, not in an imgui.ini
    io.SetClipboardTextFn = set_clipboard;
    io.GetClipboardTextFn = get_clipboard;

    kg::app::theme_set(kg::platform::system_prefers_dark());
    ImGui_ImplGlfw_InitForOpenGL(g.window, true);
    glfwSetCursorPosCallback(g.window, on_cursor_pos);
    glfwSetCursorEnterCallback(g.window, on_cursor_enter);
    ImGui_ImplGlfw_CursorEnterCallback(g.window, 1);  // the canvas fills the window
    ImGui_ImplOpenGL3_Init("#version 300 es");

    kg::app::fonts_init(g.dpr);
    ImGui_ImplOpenGL3_CreateDeviceObjects();  // shaders and the font texture, now
    kg::app::fonts_gpu_ready();

    kg::app::init();
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_resize);
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
