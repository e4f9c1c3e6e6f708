// The KeyGrader interface (Dear ImGui). main.cpp owns the window, GL, fonts and the loop;
// this module owns what is drawn each frame and the editing session behind it.
#pragma once
#include <string>

namespace kg::app {

// Called once after the ImGui context and the base fonts exist.
void init();
// Builds one frame of UI (between ImGui::NewFrame and ImGui::Render).
void frame();
// True while work is spread over frames (suggestions for a folder of new reviews): the page
// keeps drawing at full rate until it is done (FramePacer).
bool has_pending_work();
// Read-only JSON view of the state for tests and automation (window.keygrader.query()):
// {"reviews":[...],"selection":{...},"scores":<scores_json>,"store":{"status","message"},...}
std::string query_state_json();

}  // namespace kg::app
