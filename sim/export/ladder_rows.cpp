#include "sim/export/ladder_rows.hpp"

#include <map>
#include <optional>
#include <set>
#include <type_traits>
#include <variant>

namespace mailsim::exporter {

namespace {

// An address no host has (a dial into nowhere) gets a column of its own.
std::string or_address(const std::string& host, const std::string& address) { return host.empty() ? address : host; }

class Builder {
 public:
  void arrow(std::uint32_t i, const trace::Event& e, ArrowKind kind, const std::string& to, std::string text) {
    flush_content();
    LadderArrow a = start(i, e, kind, e.host, to);
    a.lines.push_back(std::move(text));
    add(std::move(a));
  }

  // The lines of a multi-line SMTP reply ("250-", ..., "250 ") are one arrow, a line each.
  void reply_line(std::uint32_t i, const trace::Event& e, const trace::data::Segment& s) {
    flush_content();
    auto it = replies_.find(e.conn);
    if (it == replies_.end()) it = replies_.emplace(e.conn, start(i, e, ArrowKind::Reply, e.host, e.peer)).first;
    it->second.lines.push_back(s.text);
    it->second.last_event = i;
    if (s.facts.code) it->second.code = s.facts.code;
    if (s.facts.more) return;
    add(std::move(it->second));
    replies_.erase(it);
  }

  // Lines of message data on one connection in one direction become one arrow when they end.
  void content(std::uint32_t i, const trace::Event& e) {
    if (content_ && (content_->conn != e.conn || content_->from != e.host)) flush_content();
    if (!content_) content_ = start(i, e, ArrowKind::Data, e.host, e.peer);
    content_->last_event = i;
    ++content_->data_lines;
  }

  Ladder finish() {
    flush_content();
    return std::move(ladder_);
  }

 private:
  static LadderArrow start(std::uint32_t i, const trace::Event& e, ArrowKind kind, const std::string& from,
                           const std::string& to) {
    LadderArrow a;
    a.kind = kind;
    a.event = a.last_event = i;
    a.time = e.time;
    a.from = from;
    a.to = to;
    a.protocol = e.protocol;
    a.conn = e.conn;
    return a;
  }

  void add(LadderArrow a) {
    for (const std::string& h : {a.from, a.to})
      if (seen_.insert(h).second) ladder_.hosts.push_back(h);
    ladder_.arrows.push_back(std::move(a));
  }

  void flush_content() {
    if (!content_) return;
    LadderArrow a = std::move(*content_);
    content_.reset();
    a.lines.push_back("(message data, " + std::to_string(a.data_lines) + (a.data_lines == 1 ? " line)" : " lines)"));
    add(std::move(a));
  }

  Ladder ladder_;
  std::set<std::string> seen_;
  std::optional<LadderArrow> content_;
  std::map<std::uint64_t, LadderArrow> replies_;  // by connection: a reply's lines so far
};

}  // namespace

Ladder ladder_of(const std::vector<trace::Event>& events) {
  Builder b;
  for (std::uint32_t i = 0; i < events.size(); ++i) {
    const trace::Event& e = events[i];
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, trace::data::Segment>) {
            if (d.what == trace::Payload::Content) return b.content(i, e);
            if (d.what == trace::Payload::Reply) return b.reply_line(i, e, d);
            b.arrow(i, e, ArrowKind::Command, e.peer, d.text);
          } else if constexpr (std::is_same_v<T, trace::data::Datagram>) {
            b.arrow(i, e, ArrowKind::Datagram, e.peer, d.summary);
          } else if constexpr (std::is_same_v<T, trace::data::Connect>) {
            b.arrow(i, e, ArrowKind::Connect, or_address(e.peer, d.address),
                    "connect to port " + std::to_string(e.port) + " (SYN)");
          } else if constexpr (std::is_same_v<T, trace::data::Refused>) {
            b.arrow(i, e, ArrowKind::Refused, or_address(e.peer, d.address),
                    "refused: nothing on port " + std::to_string(e.port) + " (RST)");
          } else if constexpr (std::is_same_v<T, trace::data::TimedOut>) {
            b.arrow(i, e, ArrowKind::TimedOut, or_address(e.peer, d.address),
                    "no answer from port " + std::to_string(e.port) + ": timed out");
          }
        },
        e.data);
  }
  return b.finish();
}

}  // namespace mailsim::exporter
