#pragma once
// Packets in flight: where each one is at time t, and which ones are in the air at all.
//
// A packet travels its route hop by hop; the trace gives the time it reaches each host, and the
// position between two hosts is interpolated linearly in time. Lines written at one instant
// (a multi-line reply, a pipelined MAIL/RCPT/DATA, the message text) travel as a train: the same
// speed, a little apart, the head waiting at the destination for the tail, which arrives exactly at
// the traced arrival time.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "viz/model/geometry.hpp"
#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

// Position at `t` along `hops` (host positions from `pos`, indexed by PathHop::host). Before the first
// hop's time it is the first host, after the last the last host.
Vec2 interpolate_path(std::span<const PathHop> hops, Time t, std::span<const Vec2> pos);

// How far car `index` of a train of `size` has come, 0..1, when the whole train's time has run the
// fraction `progress` (0 = sent, 1 = arrival).
float train_progress(float progress, int index, int size);

// Where packet `p` is at time t, or nullopt when it is not in flight (in flight: sent <= t < arrive).
std::optional<Vec2> packet_position(const TraceModel& m, const Packet& p, Time t, std::span<const Vec2> pos);

// The packets in flight at a time, kept by a sweep over the packets sorted by send time: moving
// forward only looks at packets sent since the last call and drops those that arrived; moving back
// (or far ahead) starts again from a binary search, which is bounded by the longest flight.
class FlightIndex {
 public:
  explicit FlightIndex(const TraceModel* m = nullptr) { reset(m); }
  void reset(const TraceModel* m);
  void seek(Time t);
  // Indices into TraceModel::packets(), in send order.
  const std::vector<std::uint32_t>& in_flight() const { return active_; }
  Time time() const { return t_; }

 private:
  void rebuild(Time t);
  const TraceModel* m_ = nullptr;
  Time t_ = 0;
  bool valid_ = false;
  std::size_t next_ = 0;  // first packet sent after t_
  std::vector<std::uint32_t> active_;
};

}  // namespace mailsim::viz
