#pragma once
// Virtual time as the classroom reads it.
#include <string>

#include "sim/kernel/time.hpp"
#include "viz/model/lang.hpp"

namespace mailsim::viz {

// A point in virtual time, to the millisecond: "0:10.020", "1:05:00.000", "2d 03:00:00.000".
std::string format_clock(Time t);
// A span for countdowns and latencies, two units at most: "350 ms", "2.5 s", "4 m 32 s", "1 h 05 m",
// "3 d 4 h"; Japanese "350ミリ秒", "4分32秒", ...
std::string format_span(Duration d, Lang lang);
// Seconds for the scenario file: "10.02s", "300s", "0.000001s".
std::string seconds_text(Time t);
// A lesson's title as the window and the menu bar show it: led by the student's number when it is
// a per-student variant (student > 0), so a cut title still says whose it is.
std::string lesson_title(const std::string& title, unsigned student, Lang lang);

}  // namespace mailsim::viz
