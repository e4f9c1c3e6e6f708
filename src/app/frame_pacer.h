// Decides, at each animation frame the browser offers, whether the page draws.
//
// Why: a grading page stays open for hours, mostly still. Drawing 60 frames a second of an
// unchanged screen keeps a CPU core and the GPU busy for nothing (on battery too). So the page
// draws every offered frame while something is going on (input, files arriving, a resize,
// work spread over frames) and for a short while after, so that hover effects, tooltips and
// popups settle; when all is still it draws a few frames a second, which keeps timers
// (autosave, banners that expire) and the text caret going.
#pragma once

namespace kg::app {

class FramePacer {
public:
    // Full rate for this long after the last sign of activity...
    static constexpr double kActiveMs = 1000.0;
    // ...then one frame per this interval.
    static constexpr double kIdleIntervalMs = 250.0;

    // `busy`: something happened since the last frame or work is pending. Returns true when
    // this frame is to be drawn.
    bool should_draw(double now_ms, bool busy) {
        if (busy || !started_) last_activity_ms_ = now_ms;
        started_ = true;
        if (now_ms - last_activity_ms_ < kActiveMs || now_ms - last_draw_ms_ >= kIdleIntervalMs) {
            last_draw_ms_ = now_ms;
            ++drawn_;
            return true;
        }
        ++skipped_;
        return false;
    }

    long drawn() const { return drawn_; }
    long skipped() const { return skipped_; }

private:
    bool started_ = false;
    double last_activity_ms_ = 0.0;
    double last_draw_ms_ = 0.0;
    long drawn_ = 0;
    long skipped_ = 0;
};

}  // namespace kg::app
