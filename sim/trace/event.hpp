#pragma once
// The trace: every observable thing that happens in the world, in order, with virtual timestamps.
// It is the single source for the CLI transcript, the GUI and the exporters, so an event carries
// everything those need (who, where, which connection, the exact line, when it arrives).
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/time.hpp"

namespace mailsim::trace {

enum class Kind {
  HostState,        // host up/down (text "up"/"down")
  LinkState,        // link a<->b up/down
  ServiceState,     // host:port started/stopped
  Connect,          // SYN sent: host -> peer:port
  Accepted,         // connection established (at the client's side)
  Refused,          // RST: nothing listening
  TimedOut,         // no answer: host down or unreachable
  Segment,          // one line (or a counted chunk) of a stream, from host to peer
  Close,            // orderly close (FIN) by host
  Reset,            // connection torn down (host went down, route lost)
  Datagram,         // one UDP datagram (DNS): text is the decoded summary
  DnsTimeout,       // a resolver gave up waiting for an answer
  Queue,            // an MTA queue change: queue_id moves to `queue` ("incoming", "active",
                    // "deferred", "hold", "removed"), text says why
  Delivery,         // a message stored in a mailbox (host = server, peer = mailbox address)
  Bounce,           // an MTA created a DSN for queue_id: a bounce, or a delay warning (see `action`)
  Submit,           // a mail client starts sending scenario message `message`
  Fetch,            // a mail client downloaded a message (POP3/IMAP) into its local copy
  Failure,          // an injected failure from the scenario timeline
  Caption,          // a lesson caption becomes visible
  Note,             // anything else worth a line in the transcript
};
const char* to_string(Kind k);

// Which way a segment travels on its connection.
enum class Direction { None, ClientToServer, ServerToClient };

// What a segment carries, so viewers can tell a command from a reply from message content.
// Omitted: not bytes of the stream but a summary of lines left out of a served run's trace (its
// text says how many); see sim/serve/trace_budget.hpp.
enum class Payload { None, Command, Reply, Content, Omitted };
const char* to_string(Payload p);

// How a segment's line ended on the wire, so the trace keeps the exact bytes: text + ending.
// A bare LF matters (SMTP smuggling); None is a piece of a line, as a typing user sends it.
enum class LineEnd : std::uint8_t { Crlf, Lf, None };
const char* to_string(LineEnd e);  // "crlf", "lf", "none"
// The line ending's bytes: "\r\n", "\n" or "".
const char* bytes_of(LineEnd e);

struct Hop {
  std::string host;
  Time at;          // when the packet reaches this host
};

struct Event {
  std::uint64_t seq = 0;          // position in the trace
  Time time = 0;                  // when it happened (for packets: when sent)
  Kind kind = Kind::Note;
  std::string host;               // acting host
  std::string peer;               // the other end (host name), if any
  std::uint16_t port = 0;         // server port of the connection / datagram destination port
  std::uint16_t client_port = 0;  // the connection's ephemeral port / the datagram's source port
  std::uint64_t conn = 0;         // connection id (0 = none)
  std::string protocol;           // "smtp", "submission", "pop3", "imap", "dns"
  Direction dir = Direction::None;
  Payload payload = Payload::None;
  std::string text;               // the line without its ending (see eol), or a summary
  LineEnd eol = LineEnd::Crlf;    // segments: how the line ended; bytes sent = text + bytes_of(eol)
  Time arrive = 0;                // packets: arrival time at `peer`
  std::vector<Hop> path;          // packets: the route, first hop = sender at `time`
  std::string queue_id;           // Queue/Bounce/Delivery
  std::string queue;              // Queue: the queue it is in now
  std::string message_id;         // Message-ID header, when known
  std::string message;            // scenario message id ("m1"), when known
  int code = 0;                   // replies: the SMTP code; Queue: attempts so far
  std::string wire;               // datagrams: the exact bytes sent (not in the JSON lines)
  // Bounce: the RFC 3464 Action of the report, "failed" (a bounce) or "delayed" (a delay warning:
  // the message is still queued). A field, so viewers never tell the two apart by the wording.
  std::string action;
};

class Trace {
 public:
  // Appends; assigns seq. Returns the stored event (or, when `admit` refused it, that event).
  const Event& add(Event e);
  const std::vector<Event>& events() const { return events_; }
  std::size_t size() const { return events_.size(); }

  // A world that runs as long as a class does (sim/serve) must keep its trace within a budget.
  // `admit` sees every event before it is stored and may shorten it, or refuse it (false): the
  // event is then not stored, though its seq is used up, so the gap shows where something was left
  // out. None by default: a lesson's own run keeps everything.
  void set_admit(std::function<bool(Event&)> admit) { admit_ = std::move(admit); }
  // Keeps, from `from_seq` on, only the events `keep` returns true for (it may shorten them);
  // seq numbers stay as they were.
  void thin(std::uint64_t from_seq, const std::function<bool(Event&)>& keep);
  // The stored event with this seq, if it is still there (to update a summary line in place).
  Event* find(std::uint64_t seq);
  // The seq the next event will get.
  std::uint64_t next_seq() const { return next_seq_; }

 private:
  std::vector<Event> events_;
  std::uint64_t next_seq_ = 0;
  std::function<bool(Event&)> admit_;
  Event refused_;
};

}  // namespace mailsim::trace
