#pragma once
// The discrete-event kernel, in the spirit of ns-3's Simulator: schedule a callback at a virtual time,
// run until the queue is empty or a time limit. Events at the same time run in the order they were
// scheduled (a sequence number breaks ties), which is what makes runs reproducible.
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/kernel/time.hpp"

namespace mailsim {

class Scheduler {
 public:
  using Callback = std::function<void()>;
  using EventId = std::uint64_t;

  Time now() const { return now_; }

  // Runs `fn` at now() + delay (delay >= 0). Returns an id that cancel() accepts; never 0, so 0
  // can mean "no event".
  EventId schedule(Duration delay, Callback fn);
  EventId schedule_at(Time when, Callback fn);
  // Drops a pending event (its callback is freed now); an id that already ran, or 0, is ignored.
  // Constant time: a burst of mail cancels a timeout for every DNS answer.
  void cancel(EventId id);

  // Runs the next event; false when there is none (or it lies beyond `limit`).
  bool step(Time limit = kForever);
  // Runs events until none is left or the next lies beyond `limit`; the clock ends at min(limit, last).
  void run(Time limit = kForever);

  bool empty() const;
  // Time of the next pending event, or kForever.
  Time next_time() const;
  std::uint64_t events_run() const { return events_run_; }
  // Events waiting, cancelled ones included until they come up.
  std::size_t pending() const { return heap_.size(); }

  static constexpr Time kForever = INT64_MAX;

 private:
  struct Entry {
    Time when;
    std::uint64_t seq;
    std::uint32_t slot;  // where its callback is
  };
  // A pending event's callback, empty once cancelled; `generation` tells a slot's events apart
  // (an id is generation << 32 | slot), so a stale id cancels nothing.
  struct Slot {
    Callback fn;
    std::uint32_t generation = 0;
  };
  // Orders the heap so that its front is the earliest (when, then seq).
  static bool later(const Entry& a, const Entry& b) { return a.when != b.when ? a.when > b.when : a.seq > b.seq; }
  void drop_cancelled() const;
  // Takes the front entry off the heap and frees its slot; returns its callback.
  Callback pop_front() const;

  Time now_ = 0;
  std::uint64_t next_seq_ = 0;
  std::uint64_t events_run_ = 0;
  // A binary heap of the pending events with their callbacks: memory follows what is pending, not
  // everything ever scheduled (a served world schedules events for as long as a class lasts).
  mutable std::vector<Entry> heap_;
  mutable std::vector<Slot> slots_;
  mutable std::vector<std::uint32_t> free_slots_;
};

}  // namespace mailsim
