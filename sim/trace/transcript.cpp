#include "sim/trace/transcript.hpp"

namespace mailsim::trace {

namespace {
std::string conn_tag(const Event& e) { return "#" + std::to_string(e.conn); }

// A line as a person can read it on a terminal: control characters are named, not sent (a bare CR
// would move the cursor back over the line), and a line that ended in a bare LF says so, which is
// what an SMTP smuggling lesson is about. Tabs and 8-bit text (UTF-8) stay as they are.
std::string visible_line(const Event& e) {
  std::string out;
  out.reserve(e.text.size());
  for (const char c : e.text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r') out += "<CR>";
    else if (u == 0) out += "<NUL>";
    else if ((u < 0x20 && c != '\t') || u == 0x7f) {
      static const char* hex = "0123456789ABCDEF";
      out += "<0x";
      out += hex[u >> 4];
      out += hex[u & 0xf];
      out += '>';
    } else {
      out += c;
    }
  }
  if (e.eol == LineEnd::Lf) out += "<LF>";
  return out;
}
}  // namespace

std::string transcript_line(const Event& e) {
  const std::string t = format_time(e.time) + "  ";
  switch (e.kind) {
    case Kind::Segment: {
      const char* side = e.dir == Direction::ClientToServer ? "C: " : "S: ";
      return t + conn_tag(e) + " " + side + visible_line(e);
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
