#include "sim/trace/transcript.hpp"

namespace mailsim::trace {

namespace {
std::string conn_tag(const Event& e) { return "#" + std::to_string(e.conn); }

// A line as a person can read it on a terminal: control characters are named, not sent (a bare CR
// would move the cursor back over the line), and a line that ended in a bare LF says so, which is
// what an SMTP smuggling lesson is about. Tabs and 8-bit text (UTF-8) stay as they are.
std::string visible_line(const data::Segment& s) {
  std::string out;
  out.reserve(s.text.size());
  for (const char c : s.text) {
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
  if (s.eol == LineEnd::Lf) out += "<LF>";
  return out;
}
}  // namespace

std::string transcript_line(const Event& e) {
  const std::string t = format_time(e.time) + "  ";
  const std::string port = ":" + std::to_string(e.port);
  switch (e.kind) {
    case Kind::Segment: {
      const char* side = e.dir == Direction::ClientToServer ? "C: " : "S: ";
      const auto& s = e.as<data::Segment>();
      // A line inside TLS is what the endpoints read; its wire bytes are the TLS lines around it.
      // A line a man in the middle passed on: what the receiver read, after the sender's own line.
      return t + conn_tag(e) + (s.tls ? " [tls] " : s.tampered ? " [via " + e.host + "] " : " ") + side +
             visible_line(s);
    }
    case Kind::Connect: {
      const auto& c = e.as<data::Connect>();
      return t + "connect " + e.host + " -> " + e.peer + port + (e.protocol.empty() ? "" : " (" + e.protocol + ")") +
             (c.blocked_by.empty() ? "" : ": " + c.filter_action + " at " + c.blocked_by + " (packet_filter rule " +
                                              std::to_string(c.filter_rule) + ")");
    }
    case Kind::Accepted: {
      const auto& a = e.as<data::Accepted>();
      return t + conn_tag(e) + " connected " + a.client + " -> " + a.server + " (" + e.protocol + ")";
    }
    case Kind::Refused:
      return t + e.host + ": connect to " + e.as<data::Refused>().address + port + ": Connection refused";
    case Kind::TimedOut:
      return t + e.host + ": connect to " + e.as<data::TimedOut>().address + port + ": Connection timed out";
    case Kind::Close: return t + conn_tag(e) + " " + e.host + " closes";
    case Kind::Reset: return t + conn_tag(e) + " reset: " + e.as<data::Reset>().reason;
    case Kind::Datagram: return t + "DNS " + e.host + " -> " + e.peer + ": " + e.as<data::Datagram>().summary;
    case Kind::DnsTimeout: {
      const auto& d = e.as<data::DnsTimeout>();
      return t + "DNS " + e.host + ": no answer for " + d.type + " " + d.name;
    }
    case Kind::Queue: return t + "QUEUE " + e.host + " " + e.queue_id + ": " + e.as<data::Queue>().log;
    case Kind::Delivery: {
      const auto& d = e.as<data::Delivery>();
      const std::string where = d.folder == "INBOX" ? "mailbox" : "folder " + d.folder;
      return t + "MAILBOX " + e.host + ": delivered to " + where + " of " + d.user + " <" + e.peer + "> " + e.message_id;
    }
    case Kind::Bounce: {
      const auto& b = e.as<data::Bounce>();
      // A delay warning is no bounce: the message stays queued, and the line must not say otherwise.
      if (b.action == BounceAction::Delayed)
        return t + "DELAY " + e.host + " " + e.queue_id + ": delay warning to <" + e.peer + "> as " + b.report_queue_id +
               " (still trying)";
      return t + "BOUNCE " + e.host + " " + e.queue_id + ": bounce to <" + e.peer + "> as " + b.report_queue_id;
    }
    case Kind::Submit: return t + "CLIENT " + e.host + ": " + e.as<data::Submit>().summary;
    case Kind::Fetch: {
      const auto& f = e.as<data::Fetch>();
      return t + "CLIENT " + e.host + ": downloaded " + f.id + " into the local copy (" +
             std::to_string(f.local_count) + " message(s))";
    }
    case Kind::Failure: return t + "FAILURE " + e.host + (e.peer.empty() ? "" : " <-> " + e.peer) +
                               (e.port ? port : "") + ": " + e.as<data::Failure>().summary;
    case Kind::Caption: return t + "CAPTION " + e.as<data::Caption>().text;
    case Kind::HostState: return t + "HOST " + e.host + " is " + (e.as<data::HostState>().up ? "up" : "down");
    case Kind::LinkState:
      return t + "LINK " + e.host + " <-> " + e.peer + " is " + (e.as<data::LinkState>().up ? "up" : "down");
    case Kind::ServiceState:
      return t + "SERVICE " + e.host + port + " " + (e.as<data::ServiceState>().running ? "started" : "stopped");
    case Kind::Note: return t + e.host + ": " + e.as<data::Note>().text;
    case Kind::Step: return {};  // the machines' own moves are for the diagram panel, not the transcript
    case Kind::Auth: {
      const auto& a = e.as<data::Auth>();
      return t + "AUTH " + e.host + ": " + a.text + (a.action == "none" ? "" : " -> " + a.action);
    }
    case Kind::Captured: return t + "CAPTURED " + e.host + " " + conn_tag(e) + ": " + e.as<data::Captured>().text;
    case Kind::TlsRecord: {
      const auto& r = e.as<data::TlsRecord>();
      std::string what;
      for (const std::string& m : r.messages) what += (what.empty() ? ": " : ", ") + m;
      return t + conn_tag(e) + " TLS " + (e.dir == Direction::ClientToServer ? "C>S " : "S>C ") + r.type_name + " " +
             std::to_string(r.bytes.size()) + " bytes" + (r.encrypted ? " encrypted" : "") + what;
    }
    case Kind::Tls: return t + conn_tag(e) + " TLS " + e.host + ": " + e.as<data::Tls>().text;
    case Kind::Tampered:
      return t + "TAMPERED " + e.host + " " + conn_tag(e) + (e.dir == Direction::ClientToServer ? " C>S: " : " S>C: ") +
             e.as<data::Tampered>().text;
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
