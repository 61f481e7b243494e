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
  const std::uint64_t seq = next_seq_++;
  heap_.push_back({when, seq, std::move(fn)});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return seq;
}

void Scheduler::cancel(EventId id) {
  // Rare (a timer that was not needed): a search is cheaper than an index kept for every event.
  for (auto& e : heap_)
    if (e.seq == id) e.fn = nullptr;
}

void Scheduler::drop_cancelled() const {
  while (!heap_.empty() && !heap_.front().fn) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
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
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Entry e = std::move(heap_.back());
  heap_.pop_back();
  now_ = e.when;
  ++events_run_;
  e.fn();
  return true;
}

void Scheduler::run(Time limit) {
  while (step(limit)) {
  }
  if (limit != kForever && now_ < limit) now_ = limit;
}

}  // namespace mailsim
