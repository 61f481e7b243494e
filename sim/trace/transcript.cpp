#include "sim/trace/transcript.hpp"

namespace mailsim::trace {

namespace {
std::string conn_tag(const Event& e) { return "#" + std::to_string(e.conn); }
}  // namespace

std::string transcript_line(const Event& e) {
  const std::string t = format_time(e.time) + "  ";
  switch (e.kind) {
    case Kind::Segment: {
      const char* side = e.dir == Direction::ClientToServer ? "C: " : "S: ";
      return t + conn_tag(e) + " " + side + e.text;
    }
    case Kind::Connect:
      return t + "connect " + e.host + " -> " + e.peer + ":" + std::to_string(e.port) +
             (e.protocol.empty() ? "" : " (" + e.protocol + ")");
    case Kind::Accepted: return t + conn_tag(e) + " " + e.text + " (" + e.protocol + ")";
    case Kind::Refused:
    case Kind::TimedOut: return t + e.host + ": " + e.text;
    case Kind::Close: return t + conn_tag(e) + " " + e.host + " closes";
    case Kind::Reset: return t + conn_tag(e) + " reset: " + e.text;
    case Kind::Datagram: return t + "DNS " + e.host + " -> " + e.peer + ": " + e.text;
    case Kind::DnsTimeout: return t + "DNS " + e.host + ": " + e.text;
    case Kind::Queue: return t + "QUEUE " + e.host + " " + e.queue_id + ": " + e.text;
    case Kind::Delivery: return t + "MAILBOX " + e.host + ": " + e.text + " " + e.message_id;
    case Kind::Bounce:
      // A delay warning is no bounce: the message stays queued, and the line must not say otherwise.
      if (e.action == "delayed") return t + "DELAY " + e.host + " " + e.queue_id + ": " + e.text + " (still trying)";
      return t + "BOUNCE " + e.host + " " + e.queue_id + ": " + e.text;
    case Kind::Submit: return t + "CLIENT " + e.host + ": " + e.text;
    case Kind::Fetch: return t + "CLIENT " + e.host + ": " + e.text;
    case Kind::Failure: return t + "FAILURE " + e.host + (e.peer.empty() ? "" : " <-> " + e.peer) +
                               (e.port ? ":" + std::to_string(e.port) : "") + ": " + e.text;
    case Kind::Caption: return t + "CAPTION " + e.text;
    case Kind::HostState: return t + "HOST " + e.host + " is " + e.text;
    case Kind::LinkState: return t + "LINK " + e.host + " <-> " + e.peer + " is " + e.text;
    case Kind::ServiceState: return t + "SERVICE " + e.host + ":" + std::to_string(e.port) + " " + e.text;
    case Kind::Note: return t + e.host + ": " + e.text;
  }
  return {};
}

void write_transcript(const Trace& trace, std::ostream& out) {
  for (const Event& e : trace.events()) {
    const std::string line = transcript_line(e);
    if (!line.empty()) out << line << '\n';
  }
}

}  // namespace mailsim::trace
