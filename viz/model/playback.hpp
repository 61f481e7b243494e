#pragma once
// The display clock: where the lesson is shown, how fast it plays, and quiet-time skipping.
//
// Mail moves in milliseconds and then waits for minutes (a retry in 5 minutes, a poll every minute).
// Played at one speed, either the packets are a blur or the class waits. So the speed applies while
// something is on the wire; a quiet stretch (nothing in flight) is crossed in a second or two of real
// time, longer while a caption is up so it can be read.
#include "sim/kernel/time.hpp"
#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

constexpr double kMinSpeed = 0.01;   // virtual seconds per real second
constexpr double kMaxSpeed = 1000.0;
constexpr double kQuietSeconds = 1.5;          // real time for a quiet stretch
constexpr double kQuietCaptionSeconds = 5.0;   // ... while a caption is shown

struct Playback {
  double t = 0;            // display time in microseconds; a double so slow motion accumulates
  Time end = 0;            // the lesson's end
  bool playing = false;
  double speed = 0.02;
  bool skip_quiet = true;
  Time quiet_until = -1;   // while crossing a quiet stretch: where it ends
  double quiet_speed = 0;  // microseconds per real second to cross it

  Time now() const { return static_cast<Time>(t); }
  void seek(Time to);
  // Moves the clock on by `real_seconds`; `busy` says whether a packet is in flight now.
  void advance(double real_seconds, const TraceModel& m, bool busy);
};

// Whether a caption is on screen at t (Caption events last from their time to `arrive`).
bool caption_active(const TraceModel& m, Time t);

}  // namespace mailsim::viz
