#pragma once
// Waiting made visible: what a client is waiting for, and where its SYN stopped, when nothing
// comes back. A 30 s connect timeout and a 5 minute retry are most of a retry lesson's time, and a
// map that shows nothing then tells the students the wrong story (that all is well).
//
// Everything here is read from the trace's typed facts: a Connect's path, `blocked_by`, `lost_at`
// and `timeout`; the Accepted, Refused or TimedOut that ends it (matched by the client's host and
// port, as TCP matches a SYN-ACK to its SYN); a move to deferred's `next_attempt`; the hosts' states.
//  - An attempt is one SYN and how it ended: accepted (a connection of the dialog panel), refused,
//    timed out, or still open at the end of the run.
//  - It waits from when its SYN stopped (it reached a host that does not answer, a router dropped
//    it, or it arrived and the answer is on its way back) until that answer or the timeout.
//  - An accepted attempt waits again when the server stays silent: from a second after the
//    connection opened until the server's first bytes (its greeting) or the connection's end, up to
//    the Connect's `reply_timeout`. A greeting takes milliseconds, so only a server that says
//    nothing (an SMTPS server waiting for a ClientHello from a plain client) shows this wait.
//  - A host's retry: the earliest next attempt among its deferred messages, or "paused" while the
//    host itself is down (the MTA tries again when it is back, not at a time).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "viz/model/lang.hpp"
#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

enum class AttemptEnd : std::uint8_t { Open, Accepted, Refused, TimedOut };

// Why a SYN got no answer, as the map marks its stop point.
enum class StopReason : std::uint8_t {
  None,        // it was answered (accepted or refused by the server itself)
  Dropped,     // a router's packet filter dropped it (OP25B): nothing answers
  Rejected,    // a router's packet filter refused it at once
  HostDown,    // it reached a host that is down
  LinkDown,    // it stopped before a link that is down
  NoAnswer,    // it arrived, and the answer never came (the server went down meanwhile)
  Nowhere,     // the address belongs to no host: it never left (no path)
};

inline constexpr std::uint32_t kNoEvent = ~0u;

struct Attempt {
  std::uint32_t connect = kNoEvent;  // the Connect event (index into the model's events)
  std::uint32_t end_event = kNoEvent;
  AttemptEnd end = AttemptEnd::Open;
  StopReason reason = StopReason::None;
  std::string client, server;        // host names (the server: the host dialled, or the address)
  std::uint16_t port = 0;
  std::string protocol;
  std::uint64_t conn = 0;            // accepted: the connection's id
  Time sent = 0;                     // the SYN left
  Time stopped = 0;                  // it reached the end of its path (or `sent`, without one)
  Time ended = 0;                    // the answer or the timeout; the run's last time when Open
  Duration timeout = 0;              // the client's connect timeout (0: unknown)
  std::string stop_host;             // where it stopped: the router, the down host, ...; "" none
  // Accepted: when the connection opened, and when the server first sent something or the
  // connection ended (when neither happened by the run's end, `silent_to_end`).
  Time opened = 0;
  Time silence_ended = 0;
  bool silent_to_end = false;
  Duration reply_timeout = 0;        // the client's wait for those first bytes (0: unknown)
  bool failed() const { return end == AttemptEnd::Refused || end == AttemptEnd::TimedOut; }
  // Accepted, and at t the client is still waiting for the server's first bytes after a silence of
  // a second or more.
  bool silent_at(Time t) const {
    return end == AttemptEnd::Accepted && t >= opened + kSecond && (t < silence_ended || silent_to_end);
  }
};

// What a waiting attempt waits for, since when, and for how long at most (0: unknown), as the map's
// arc and the dialog's bar count it.
struct Wait {
  bool greeting = false;  // the connection is open and the server silent; else the SYN's answer
  Time since = 0;
  Duration limit = 0;
};
inline Wait wait_of(const Attempt& a) {
  return a.end == AttemptEnd::Accepted ? Wait{true, a.opened, a.reply_timeout} : Wait{false, a.sent, a.timeout};
}
// "waiting for an answer — 12 s of 30 s", "connected, waiting for the greeting — 40 s of 1 m 40 s" at `now`;
// `brief`: only the figures, "12 s / 30 s", for a crowded map.
std::string wait_label(const Wait& w, Time now, Lang lang, bool brief = false);

// A host's next retry at a display time.
struct RetryState {
  bool deferred = false;   // it holds deferred mail
  bool paused = false;     // ... and is down itself: nothing is tried until it is back up
  Time next = 0;           // the earliest next attempt among them (deferred and not paused)
};

class Waiting {
 public:
  Waiting() = default;
  explicit Waiting(const TraceModel& m);

  const std::vector<Attempt>& attempts() const { return attempts_; }  // in send order
  // Attempts waiting for an answer at t: their SYN has stopped, nothing has come back yet; or they
  // were accepted and the server has been silent since (Attempt::silent_at).
  std::vector<const Attempt*> waiting_at(Time t) const;
  // Attempts whose stop mark is on the map at t: from the SYN's stop until `linger` after it ended
  // (a failed one; an answered SYN has no mark).
  std::vector<const Attempt*> marks_at(Time t, Duration linger) const;
  // What the dialog shows instead of an old, successful dialog: the latest attempt that failed
  // after `since` (the time of the dialog's current line), or that is waiting at t while no line
  // has been sent for a second (an accepted one with a silent server included: the dialog shows its
  // connection).
  const Attempt* latest_unanswered(Time t, Time since) const;
  // Accepted connections and failed attempts that started by t, in the order they started: the
  // dialog panel's list. Each entry is an attempt; an accepted one stands for its connection.
  std::vector<const Attempt*> listed_until(Time t) const;
  const Attempt* by_connect(std::uint32_t connect_event) const;
  const Attempt* by_conn(std::uint64_t conn) const;  // the accepted attempt of a connection

  RetryState retry_at(const std::string& host, Time t) const;

 private:
  const TraceModel* m_ = nullptr;
  std::vector<Attempt> attempts_;
  std::map<std::uint64_t, std::size_t> by_conn_;  // accepted: connection id -> attempt
  // Per MTA host: after each of its queue moves, the earliest next attempt of its deferred mail
  // (0: none deferred).
  std::map<std::string, Series<Time>> retry_;
};

}  // namespace mailsim::viz
