#include "viz/model/flight.hpp"

#include <algorithm>

namespace mailsim::viz {

Vec2 interpolate_path(std::span<const PathHop> hops, Time t, std::span<const Vec2> pos) {
  if (hops.empty()) return {};
  if (t <= hops.front().at) return pos[hops.front().host];
  for (std::size_t i = 1; i < hops.size(); ++i) {
    const PathHop& a = hops[i - 1];
    const PathHop& b = hops[i];
    if (t >= b.at) continue;
    const float f = b.at > a.at ? static_cast<float>(static_cast<double>(t - a.at) / static_cast<double>(b.at - a.at)) : 1.0f;
    return lerp(pos[a.host], pos[b.host], f);
  }
  return pos[hops.back().host];
}

float train_progress(float progress, int index, int size) {
  if (size <= 1) return std::clamp(progress, 0.0f, 1.0f);
  // Gap between cars as a fraction of the route: at most an eighth, and a long train (a message of
  // many lines) never longer than half the route.
  const float gap = std::min(0.125f, 0.5f / static_cast<float>(size - 1));
  const float spread = gap * static_cast<float>(size - 1);
  return std::clamp(progress * (1.0f + spread) - gap * static_cast<float>(index), 0.0f, 1.0f);
}

std::optional<Vec2> packet_position(const TraceModel& m, const Packet& p, Time t, std::span<const Vec2> pos) {
  if (t < p.sent || t >= p.arrive) return std::nullopt;
  const std::span<const PathHop> hops(m.hops().data() + p.hop_begin, p.hop_count);
  const double progress = static_cast<double>(t - p.sent) / static_cast<double>(p.arrive - p.sent);
  const double q = train_progress(static_cast<float>(progress), p.train_index, p.train_size);
  // The route's own times may end before the arrival (a line queued behind earlier ones on the same
  // connection); stretch them over the whole flight so the packet moves all the time.
  const Time start = hops.front().at, end = hops.back().at;
  const Time at = start + static_cast<Time>(q * static_cast<double>(end - start) + 0.5);
  return interpolate_path(hops, at, pos);
}

void FlightIndex::reset(const TraceModel* m) {
  m_ = m;
  valid_ = false;
  next_ = 0;
  active_.clear();
}

void FlightIndex::rebuild(Time t) {
  active_.clear();
  const auto& packets = m_->packets();
  // Nothing sent before t - longest_flight can still be in the air.
  const Time from = t - m_->longest_flight();
  auto it = std::lower_bound(packets.begin(), packets.end(), from,
                             [](const Packet& p, Time v) { return p.sent < v; });
  std::size_t i = static_cast<std::size_t>(it - packets.begin());
  for (; i < packets.size() && packets[i].sent <= t; ++i)
    if (packets[i].arrive > t) active_.push_back(static_cast<std::uint32_t>(i));
  next_ = i;
  t_ = t;
  valid_ = true;
}

void FlightIndex::seek(Time t) {
  if (!m_) return;
  if (!valid_ || t < t_ || t - t_ > m_->longest_flight()) {
    rebuild(t);
    return;
  }
  const auto& packets = m_->packets();
  std::erase_if(active_, [&](std::uint32_t i) { return packets[i].arrive <= t; });
  for (; next_ < packets.size() && packets[next_].sent <= t; ++next_)
    if (packets[next_].arrive > t) active_.push_back(static_cast<std::uint32_t>(next_));
  t_ = t;
}

}  // namespace mailsim::viz
