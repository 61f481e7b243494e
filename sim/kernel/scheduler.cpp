#include "sim/kernel/scheduler.hpp"

#include <algorithm>
#include <stdexcept>

namespace mailsim {

Scheduler::EventId Scheduler::schedule(Duration delay, Callback fn) {
  if (delay < 0) throw std::logic_error("Scheduler::schedule: negative delay");
  return schedule_at(now_ + delay, std::move(fn));
}

Scheduler::EventId Scheduler::schedule_at(Time when, Callback fn) {
  if (when < now_) throw std::logic_error("Scheduler::schedule_at: time in the past");
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  ++s.generation;  // from 1: no id is 0
  s.fn = std::move(fn);
  heap_.push_back({when, next_seq_++, slot});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return static_cast<EventId>(s.generation) << 32 | slot;
}

void Scheduler::cancel(EventId id) {
  const auto slot = static_cast<std::uint32_t>(id & 0xffffffffu);
  if (slot < slots_.size() && slots_[slot].generation == static_cast<std::uint32_t>(id >> 32)) slots_[slot].fn = nullptr;
}

Scheduler::Callback Scheduler::pop_front() const {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  const std::uint32_t slot = heap_.back().slot;
  heap_.pop_back();
  Callback fn = std::move(slots_[slot].fn);
  slots_[slot].fn = nullptr;
  ++slots_[slot].generation;  // its id is spent: a late cancel() finds nothing
  free_slots_.push_back(slot);
  return fn;
}

void Scheduler::drop_cancelled() const {
  while (!heap_.empty() && !slots_[heap_.front().slot].fn) pop_front();
}

bool Scheduler::empty() const {
  drop_cancelled();
  return heap_.empty();
}

Time Scheduler::next_time() const {
  drop_cancelled();
  return heap_.empty() ? kForever : heap_.front().when;
}

bool Scheduler::step(Time limit) {
  drop_cancelled();
  if (heap_.empty() || heap_.front().when > limit) return false;
  now_ = heap_.front().when;
  Callback fn = pop_front();
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
