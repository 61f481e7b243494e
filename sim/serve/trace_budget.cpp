#include "sim/serve/trace_budget.hpp"

#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>

namespace mailsim::serve {

using trace::Event;
using trace::Kind;
using trace::Payload;

namespace {

// libstdc++ keeps up to 15 characters inside the string itself.
std::size_t heap(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

// About what a summary's text takes on the heap.
constexpr std::size_t kSummaryText = 96;

// A line of a dialog as it was sent (not a summary of lines left out).
bool plain_line(const Event& e) {
  const auto* seg = e.get<trace::data::Segment>();
  return seg && seg->what != Payload::Omitted;
}

// A segment's text (the bytes a budget counts); empty for other kinds.
const std::string& line_text(const Event& e) {
  static const std::string kNone;
  const auto* seg = e.get<trace::data::Segment>();
  return seg ? seg->text : kNone;
}

// Whether removing it would falsify the world's state as viewers rebuild it from the trace.
bool state_event(Kind k) {
  switch (k) {
    case Kind::HostState:
    case Kind::LinkState:
    case Kind::ServiceState:
    case Kind::Queue:
    case Kind::Delivery:
    case Kind::Bounce:
    case Kind::Submit:
    case Kind::Fetch:
    case Kind::Failure:
    case Kind::Caption:
    case Kind::Captured:  // few, and what a class watching a served run's eavesdropper wants to see
    case Kind::Tls:       // one per handshake
    case Kind::Tampered:  // what an attacker changed: rare, and the point of its lesson
      return true;
    case Kind::Connect:
    case Kind::Accepted:
    case Kind::Refused:
    case Kind::TimedOut:
    case Kind::Segment:
    case Kind::Close:
    case Kind::Reset:
    case Kind::Datagram:
    case Kind::DnsTimeout:
    case Kind::Note:
    case Kind::Step:
    case Kind::Auth:
    case Kind::TlsRecord:
      return false;
  }
  return true;
}

std::string count(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Turns a line into the summary of `lines` lines left out of its dialog.
void summarise(Event& e, std::uint64_t lines, std::uint64_t text_bytes, const char* why) {
  trace::data::Segment seg;
  seg.what = Payload::Omitted;
  seg.text = "… " + count(lines, "line", "lines") + " (" + count(text_bytes, "byte", "bytes") + ") not shown: " + why;
  seg.text.shrink_to_fit();
  e.data = std::move(seg);
}

// The heap a payload holds: its strings.
std::size_t payload_heap(const Event& e) {
  return std::visit(
      [](const auto& d) -> std::size_t {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, trace::data::Segment>) {
          return heap(d.text) + heap(d.facts.keyword) + heap(d.facts.enhanced) + heap(d.facts.tag);
        } else if constexpr (std::is_same_v<T, trace::data::Datagram>) {
          return heap(d.wire) + heap(d.summary);
        } else if constexpr (std::is_same_v<T, trace::Boxed<trace::data::Queue>>) {
          const trace::data::Queue& q = d.get();
          return sizeof q + heap(q.sender) + heap(q.sasl_method) + heap(q.sasl_username) + heap(q.recipient) +
                 heap(q.relay) + heap(q.status) + heap(q.log);
        } else if constexpr (std::is_same_v<T, trace::data::Note>) {
          return heap(d.text);
        } else if constexpr (std::is_same_v<T, trace::data::Step>) {
          return heap(d.machine) + heap(d.from) + heap(d.input) + heap(d.to);
        } else if constexpr (std::is_same_v<T, trace::data::TlsRecord>) {
          // A served TLS session's records carry its ciphertext, both ways: as much as its lines.
          std::size_t n = heap(d.bytes) + heap(d.type_name) + d.messages.capacity() * sizeof(std::string);
          for (const std::string& m : d.messages) n += heap(m);
          return n;
        } else {
          return 0;  // the rest are small, or never many in a served run
        }
      },
      e.data);
}

}  // namespace

std::size_t footprint(const Event& e) {
  return sizeof(Event) + heap(e.host) + heap(e.peer) + heap(e.protocol) + heap(e.queue_id) + heap(e.message_id) +
         heap(e.message) + payload_heap(e) + e.path.own_heap();
}

TraceBudget::TraceBudget(trace::Trace& t, TraceLimits limits)
    : trace_(t), limits_(limits), first_(t.next_seq()), threshold_(limits.total) {
  trace_.set_admit([this](Event& e) { return admit(e); });
}

TraceBudget::~TraceBudget() {
  flush();
  trace_.set_admit({});
}

void TraceBudget::write_summary(Dialog& d) {
  d.stale = false;
  if (Event* s = trace_.find(d.summary)) {  // gone only if thinned away since
    bytes_ -= std::min(bytes_, footprint(*s));
    summarise(*s, d.lines, d.text_bytes, "this dialog passed its trace budget");
    bytes_ += footprint(*s);
  }
}

void TraceBudget::flush() {
  for (const std::uint64_t conn : stale_)
    if (auto it = dialogs_.find(conn); it != dialogs_.end() && it->second.stale) write_summary(it->second);
  stale_.clear();
}

bool TraceBudget::admit(Event& e) {
  if (plain_line(e) && e.conn != 0) {
    Dialog& d = dialogs_[e.conn];
    const std::size_t cost = footprint(e);
    if (d.lines == 0 && d.cost + cost <= limits_.per_connection) {
      d.cost += cost;
    } else {
      ++d.lines;
      d.text_bytes += line_text(e).size();
      ++hidden_;
      if (d.lines == 1) {
        d.summary = e.seq;  // this line is stored as the summary
        summarise(e, d.lines, d.text_bytes, "this dialog passed its trace budget");
      } else {
        if (!d.stale) {
          d.stale = true;
          stale_.push_back(e.conn);
        }
        return false;
      }
    }
  } else if (e.kind == Kind::Step && e.conn != 0) {
    // A machine's steps go with its dialog: within the dialog's budget, and gone once it is over.
    Dialog& d = dialogs_[e.conn];
    const std::size_t cost = footprint(e);
    if (d.lines != 0 || d.cost + cost > limits_.per_connection) return false;
    d.cost += cost;
  } else if ((e.kind == Kind::Close || e.kind == Kind::Reset) && e.conn != 0) {
    // Both sides closed, or a reset: nothing more is sent on it.
    auto it = dialogs_.find(e.conn);
    if (e.kind == Kind::Reset || (it != dialogs_.end() && ++it->second.closes == 2)) {
      if (it != dialogs_.end()) {
        if (it->second.stale) write_summary(it->second);
        dialogs_.erase(it);
      }
    } else if (it == dialogs_.end()) {
      dialogs_[e.conn].closes = 1;
    }
  }
  const std::size_t cost = footprint(e);
  if (bytes_ + cost > threshold_) thin();  // before it is stored: thinning leaves it alone
  bytes_ += cost;
  return true;
}

void TraceBudget::thin() {
  flush();  // the summaries' sizes count
  const std::size_t target = limits_.total / 2;
  if (bytes_ > target) thin_lines(bytes_ - target);
  if (bytes_ > target) thin_network(bytes_ - target);
  // What is left is the world's own state: let it grow by another half budget before looking again,
  // so a class that really delivered that much mail does not make every event pay for a scan.
  threshold_ = std::max(limits_.total, bytes_ + limits_.total / 2);
}

void TraceBudget::thin_lines(std::size_t need) {
  struct Cut {
    std::uint64_t first = 0, lines = 0, text_bytes = 0;
  };
  std::unordered_map<std::uint64_t, Cut> cuts;  // by conn
  std::uint64_t end = first_;                   // lines before this seq go
  // Signed: a dialog's first line stays, as its summary, whose text may be the longer.
  std::int64_t freed = 0;
  for (const Event& e : trace_.events()) {
    if (e.seq < first_) continue;
    if (freed >= static_cast<std::int64_t>(need)) break;
    end = e.seq + 1;
    if (!plain_line(e)) continue;
    Cut& c = cuts[e.conn];
    if (c.lines++ == 0) {
      c.first = e.seq;
      freed += static_cast<std::int64_t>(heap(line_text(e))) - static_cast<std::int64_t>(kSummaryText);
    } else {
      freed += static_cast<std::int64_t>(footprint(e));
    }
    c.text_bytes += line_text(e).size();
  }
  trace_.thin(first_, [&](Event& e) {
    if (e.seq >= end || !plain_line(e)) return true;
    const Cut& c = cuts[e.conn];
    thinned_ += 1;
    if (e.seq != c.first) return false;
    summarise(e, c.lines, c.text_bytes, "the served trace was thinned");
    thinned_ -= 1;  // still there, as the summary
    return true;
  });
  recount();
}

void TraceBudget::thin_network(std::size_t need) {
  std::uint64_t end = first_, removed = 0;
  std::size_t freed = 0;
  for (const Event& e : trace_.events()) {
    if (e.seq < first_) continue;
    if (freed >= need) break;
    end = e.seq + 1;
    if (state_event(e.kind)) continue;
    freed += footprint(e);
    ++removed;
  }
  bool noted = false;
  const std::uint64_t before = thinned_network_;
  trace_.thin(first_, [&](Event& e) {
    if (e.seq >= end || state_event(e.kind)) return true;
    if (noted) return false;
    // The first one goes too, but its place holds the note; an earlier note is counted in `before`.
    noted = true;
    const Time at = e.time;
    const std::uint64_t seq = e.seq;
    const auto* old = e.get<trace::data::Note>();
    const bool was_note = old && old->omitted;
    e = Event{};
    e.seq = seq;
    e.time = at;
    thinned_network_ = before + removed - (was_note ? 1 : 0);
    e.data = trace::data::Note{"… " + count(thinned_network_, "earlier network event", "earlier network events") +
                                   " of the served run not shown: its trace passed its budget",
                               true};
    e.kind = Kind::Note;
    return true;
  });
  thinned_ += thinned_network_ - before;
  recount();
}

void TraceBudget::recount() {
  bytes_ = 0;
  for (const Event& e : trace_.events())
    if (e.seq >= first_) bytes_ += footprint(e);
}

}  // namespace mailsim::serve
