// The baseline for the page benchmarks (bench/README.md, "Page"): the smallest honest Dear
// ImGui + GLFW + WebGL2 page, built with the same Emscripten flags as the real page
// (src/app/CMakeLists.txt). It draws one window of text and records its time to first frame
// the way the real page does: at the end of the second frame (Dear ImGui sizes auto-fitting
// windows on the first and shows them on the second), as performance.now() in
// window.benchFirstFrameMs.
#include <emscripten.h>
#include <emscripten/html5.h>
#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace {

GLFWwindow* window = nullptr;
long frames = 0;

void frame() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const int w = static_cast<int>(css_w), h = static_cast<int>(css_h);
    emscripten_set_canvas_element_size("#canvas", w, h);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    ImGui::NewFrame();
    ImGui::Begin("Hello");
    ImGui::Text("Hello from Dear ImGui %s in WebAssembly.", IMGUI_VERSION);
    ImGui::Text("Frame %ld", frames);
    ImGui::End();
    ImGui::Render();

    glViewport(0, 0, w, h);
    glClearColor(0.11f, 0.11f, 0.13f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (++frames == 2) {
        emscripten_run_script("window.benchFirstFrameMs = performance.now()");
    }
}

}  // namespace

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    window = glfwCreateWindow(1280, 800, "minimal", nullptr, nullptr);
    if (!window) return 1;
    glfwMakeContextCurrent(window);

    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
