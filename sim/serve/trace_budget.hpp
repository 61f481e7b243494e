#pragma once
// Keeps a served world's trace within a memory budget, so that serving goes on for a whole lesson
// whatever real clients send: every line on every connection is a trace event, and a client can
// send lines far faster than anyone can read them.
//
// Theory of operation (installed on the trace when serving starts; the events before that, the
// lesson's own run up to then, are never touched):
//  - An event costs about its footprint(): the Event itself, its strings, its route.
//  - Per dialog (connection): once its lines have cost `per_connection`, its further lines are not
//    stored. The first line left out is stored instead as a summary, payload Omitted, with the text
//    "… N lines (M bytes) not shown: this dialog passed its trace budget" (M: bytes of text, line
//    ends not counted), kept up to date as more are left out. Opens, closes and resets are stored.
//  - Whole served run: when its events cost more than `total`, the oldest are thinned until they
//    cost half of it. First the lines of the oldest dialogs go; each dialog that lost lines keeps a
//    summary ("… N lines (M bytes) not shown: the served trace was thinned") where they were, so its
//    recent lines, its opening and its close stay true. If that is not enough, the oldest network
//    events (connects, closes, DNS datagrams, summaries, notes) go too, replaced by one note at the
//    start of the served run that counts them. Events that are the world's state (hosts, links and
//    services up or down, queue moves, deliveries, bounces, submissions, fetches, failures,
//    captions) are never removed: the classroom app draws queues and mailboxes from them.
//  - Seq numbers are not reused, so a gap shows where events were left out.
// The GUI therefore always shows the recent dialogs whole (up to their own budget) and the older
// ones as summaries; memory stays near `total` plus the world's own state.
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/trace/event.hpp"

namespace mailsim::serve {

struct TraceLimits {
  std::size_t per_connection = 512 << 10;  // bytes of events one dialog's lines may cost
  std::size_t total = 16 << 20;            // bytes of events the served run may cost
};

// About how many bytes an event occupies in memory.
std::size_t footprint(const trace::Event& e);

class TraceBudget {
 public:
  // From now on, every event added to `t` goes through this budget; `t` must outlive it.
  TraceBudget(trace::Trace& t, TraceLimits limits);
  ~TraceBudget();  // the trace keeps what it holds, and keeps everything from then on
  TraceBudget(const TraceBudget&) = delete;
  TraceBudget& operator=(const TraceBudget&) = delete;

  // Brings the summaries of lines left out up to date. Admitting a line only counts it (rewriting
  // the summary for each was a tenth of a served run's time); the bridge calls this at the end of
  // each round, before anyone reads the trace, and a dialog's close and the destructor do too.
  void flush();

  std::size_t bytes() const { return bytes_; }              // what the served events cost now
  std::uint64_t lines_not_stored() const { return hidden_; }  // over their dialog's budget
  std::uint64_t events_thinned() const { return thinned_; }   // removed later, to keep `total`

 private:
  struct Dialog {
    std::size_t cost = 0;         // of its stored lines
    std::uint64_t summary = 0;    // seq of its summary line, once it has one
    std::uint64_t lines = 0, text_bytes = 0;  // left out
    int closes = 0;
    bool stale = false;           // lines left out since its summary was last written
  };
  bool admit(trace::Event& e);
  void thin();
  void thin_lines(std::size_t need);
  void thin_network(std::size_t need);
  void recount();
  void write_summary(Dialog& d);

  trace::Trace& trace_;
  TraceLimits limits_;
  std::uint64_t first_;                            // seq of the first served event
  std::size_t bytes_ = 0;
  std::size_t threshold_;                          // thin when bytes_ passes it
  std::unordered_map<std::uint64_t, Dialog> dialogs_;  // open connections, by conn id
  std::vector<std::uint64_t> stale_;               // conn ids of dialogs whose summary is behind
  std::uint64_t hidden_ = 0, thinned_ = 0, thinned_network_ = 0;
};

}  // namespace mailsim::serve
