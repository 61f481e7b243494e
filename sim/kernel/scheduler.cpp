#include "sim/kernel/scheduler.hpp"

#include <stdexcept>

namespace mailsim {

Scheduler::EventId Scheduler::schedule(Duration delay, Callback fn) {
  if (delay < 0) throw std::logic_error("Scheduler::schedule: negative delay");
  return schedule_at(now_ + delay, std::move(fn));
}

Scheduler::EventId Scheduler::schedule_at(Time when, Callback fn) {
  if (when < now_) throw std::logic_error("Scheduler::schedule_at: time in the past");
  const std::uint64_t seq = next_seq_++;
  callbacks_.push_back(std::move(fn));
  queue_.push({when, seq});
  return seq;
}

void Scheduler::cancel(EventId id) {
  if (id < callbacks_.size()) callbacks_[id] = nullptr;
}

void Scheduler::drop_cancelled() const {
  while (!queue_.empty() && !callbacks_[queue_.top().seq]) queue_.pop();
}

bool Scheduler::empty() const {
  drop_cancelled();
  return queue_.empty();
}

Time Scheduler::next_time() const {
  drop_cancelled();
  return queue_.empty() ? kForever : queue_.top().when;
}

bool Scheduler::step(Time limit) {
  drop_cancelled();
  if (queue_.empty() || queue_.top().when > limit) return false;
  const Entry e = queue_.top();
  queue_.pop();
  now_ = e.when;
  Callback fn = std::move(callbacks_[e.seq]);
  callbacks_[e.seq] = nullptr;
  ++events_run_;
  fn();
  return true;
}

void Scheduler::run(Time limit) {
  while (step(limit)) {
  }
  if (limit != kForever && now_ < limit) now_ = limit;
}

}  // namespace mailsim
