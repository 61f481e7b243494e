#include "sim/export/ladder.hpp"

#include <map>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

#include "sim/kernel/time.hpp"

namespace mailsim::exporter {

namespace {

struct Arrow {
  std::string from, to, style, text;
};

// The transcript's stamp to the millisecond ("00:00:10.006"): the microseconds only blur a ladder.
std::string when(Time t) {
  std::string stamp = format_time(t);
  return stamp.size() > 3 ? stamp.substr(0, stamp.size() - 3) : stamp;
}

// An address no host has (a dial into nowhere) gets a column of its own.
std::string or_address(const std::string& host, const std::string& address) { return host.empty() ? address : host; }

class Ladder {
 public:
  void arrow(const trace::Event& e, const std::string& from, const std::string& to, const std::string& style,
             const std::string& text) {
    flush_content();
    add(from, to, style, mermaid_text(when(e.time) + " " + text));
  }

  // The lines of a multi-line SMTP reply ("250-", ..., "250 ") are one arrow, a line each.
  void reply_line(const trace::Event& e, const std::string& text, bool more) {
    flush_content();
    std::string& lines = replies_[e.conn];
    lines += (lines.empty() ? mermaid_text(when(e.time) + " " + text) : "<br/>" + mermaid_text(text));
    if (more) return;
    add(e.host, e.peer, "-->>", lines);
    replies_.erase(e.conn);
  }

  // Lines of message data on one connection in one direction become one arrow when they end.
  void content(const trace::Event& e) {
    if (content_ && (content_->conn != e.conn || content_->from != e.host)) flush_content();
    if (!content_) content_ = Pending{e.conn, e.host, e.peer, e.time, 0};
    ++content_->lines;
  }

  void write(const std::string& title, std::ostream& out) {
    flush_content();
    out << "# " << title << "\n\n```mermaid\nsequenceDiagram\n";
    for (std::size_t i = 0; i < hosts_.size(); ++i) out << "  participant H" << i << " as " << hosts_[i] << "\n";
    for (const Arrow& a : arrows_)
      out << "  H" << index_.at(a.from) << a.style << "H" << index_.at(a.to) << ": " << a.text << "\n";
    out << "```\n";
  }

 private:
  struct Pending {
    std::uint64_t conn;
    std::string from, to;
    Time time;
    std::size_t lines;
  };

  void add(const std::string& from, const std::string& to, const std::string& style, const std::string& text) {
    for (const std::string& h : {from, to})
      if (index_.emplace(h, hosts_.size()).second) hosts_.push_back(h);
    arrows_.push_back({from, to, style, text});
  }

  void flush_content() {
    if (!content_) return;
    const Pending p = *content_;
    content_.reset();
    add(p.from, p.to, "->>", mermaid_text(when(p.time) + " (message data, " + std::to_string(p.lines) +
                                          (p.lines == 1 ? " line)" : " lines)")));
  }

  std::vector<std::string> hosts_;  // in the order they first appear
  std::map<std::string, std::size_t> index_;
  std::vector<Arrow> arrows_;
  std::optional<Pending> content_;
  std::map<std::uint64_t, std::string> replies_;  // by connection: a reply's lines so far
};

}  // namespace

std::string mermaid_text(const std::string& text, std::size_t limit) {
  std::string out;
  std::size_t n = 0;
  for (const char c : text) {
    if (n++ == limit) return out + "...";
    switch (c) {
      case ';': out += "#59;"; break;
      case '#': out += "#35;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      default: out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
  }
  return out;
}

void write_ladder(const trace::Trace& trace, const std::string& title, std::ostream& out) {
  Ladder ladder;
  for (const trace::Event& e : trace.events()) {
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, trace::data::Segment>) {
            if (d.what == trace::Payload::Content) return ladder.content(e);
            if (d.what == trace::Payload::Reply) return ladder.reply_line(e, d.text, d.facts.more);
            ladder.arrow(e, e.host, e.peer, "->>", d.text);
          } else if constexpr (std::is_same_v<T, trace::data::Datagram>) {
            ladder.arrow(e, e.host, e.peer, "-)", d.summary);
          } else if constexpr (std::is_same_v<T, trace::data::Connect>) {
            ladder.arrow(e, e.host, or_address(e.peer, d.address), "->>", "connect to port " + std::to_string(e.port) + " (SYN)");
          } else if constexpr (std::is_same_v<T, trace::data::Refused>) {
            ladder.arrow(e, e.host, or_address(e.peer, d.address), "--x",
                         "refused: nothing on port " + std::to_string(e.port) + " (RST)");
          } else if constexpr (std::is_same_v<T, trace::data::TimedOut>) {
            ladder.arrow(e, e.host, or_address(e.peer, d.address), "-x",
                         "no answer from port " + std::to_string(e.port) + ": timed out");
          }
        },
        e.data);
  }
  ladder.write(title, out);
}

}  // namespace mailsim::exporter
