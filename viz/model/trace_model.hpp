#pragma once
// Indexes over one trace, built once, so that a frame never scans the whole trace: packets sorted by
// send time with their routes as host indices, connections with their dialog lines, per-event
// categories for the filters, and the state changes (hosts, links, services, queue lengths) as sorted
// series that answer "what was it at time t" by binary search.
#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/trace/event.hpp"
#include "viz/model/explain.hpp"

namespace mailsim::viz {

// Event categories, for the timeline's filters (a bit mask).
enum Category : unsigned {
  kSmtp = 1u << 0,
  kPop3 = 1u << 1,
  kImap = 1u << 2,
  kDns = 1u << 3,
  kQueue = 1u << 4,   // queue changes, deliveries, bounces, submissions, fetches
  kOther = 1u << 5,   // host/link/service state, failures, captions, notes
  kAllCategories = (1u << 6) - 1,
};
unsigned category_of(const trace::Event& e);

// Colour family of a packet on the map.
enum class Proto : std::uint8_t { Smtp, Pop3, Imap, Dns, Other };
Proto proto_of(const std::string& protocol);

enum class PacketShape : std::uint8_t {
  Line,      // a command or reply line: a dot
  Envelope,  // message content (the text after DATA, a RETR or FETCH body)
  Bounce,    // the content of a bounce or other DSN: SMTP data after MAIL FROM:<> (the null sender)
  Control,   // TCP SYN, SYN-ACK, RST, FIN: a ring
  Record,    // a TLS record: a padlock, since no one on the way can read what it carries
};

struct PathHop {
  std::uint16_t host;  // index into TraceModel::hosts()
  Time at;             // when the packet reaches it
};

struct Packet {
  std::uint32_t event;       // index into events()
  Time sent, arrive;         // in flight while sent <= t < arrive
  std::uint32_t hop_begin;   // into hops()
  std::uint16_t hop_count;
  // Lines written together leave at the same instant; they travel as a train (see flight.hpp).
  std::uint16_t train_index, train_size;
  PacketShape shape;
  Proto proto;
};

// One dialog line and what the dialog panel says about it.
struct DialogLine {
  std::uint32_t event;
  LineExplanation explanation;
};

struct Connection {
  std::uint64_t id = 0;
  std::string protocol;          // "smtp", "submission", "pop3", "imap"
  std::string client, server;    // host names
  std::uint16_t port = 0, client_port = 0;
  Time opened = 0;               // the server accepted
  std::vector<std::uint32_t> control;  // Accepted, Close, Reset events, and the server's sender checks (Auth)
  std::vector<DialogLine> lines;       // Segment events, in order
  std::vector<std::uint32_t> steps;    // Step events of both ends' machines, in order
};

// A step function over time: the value after each change.
template <class T>
using Series = std::vector<std::pair<Time, T>>;

template <class T>
T value_at(const Series<T>& s, Time t, T initial) {
  // The last change at or before t.
  auto it = std::upper_bound(s.begin(), s.end(), t, [](Time v, const auto& p) { return v < p.first; });
  return it == s.begin() ? initial : std::prev(it)->second;
}

// Records that the value is `v` from time `t` on (times come in order): a second change at the
// same time replaces the first, and a value that did not change adds nothing.
template <class T>
void change_at(Series<T>& s, Time t, T v) {
  if (!s.empty() && s.back().first == t) s.back().second = v;
  else if (s.empty() || s.back().second != v) s.push_back({t, v});
}

class TraceModel {
 public:
  TraceModel() = default;
  // `hosts`: the scenario's host names in order (packets refer to them by index); `initially_up`
  // the hosts' state at time 0 (same order; missing = up).
  TraceModel(std::vector<trace::Event> events, std::vector<std::string> hosts, std::vector<bool> initially_up = {});

  const std::vector<trace::Event>& events() const { return events_; }
  const std::vector<std::string>& hosts() const { return hosts_; }
  std::optional<std::uint16_t> host_index(const std::string& name) const;
  unsigned category(std::uint32_t event) const { return categories_[event]; }

  const std::vector<Packet>& packets() const { return packets_; }  // sorted by send time
  const std::vector<PathHop>& hops() const { return hops_; }
  Duration longest_flight() const { return longest_flight_; }

  const std::vector<Connection>& connections() const { return connections_; }
  const Connection* connection(std::uint64_t id) const;
  // Segment events (every dialog line of every connection), in time order.
  const std::vector<std::uint32_t>& lines() const { return lines_; }
  // The dialog line sent last at or before t: the one the panel highlights.
  std::optional<std::uint32_t> current_line(Time t) const;
  // Position of a Segment event within its connection's lines.
  std::size_t line_index(std::uint32_t event) const;

  // Number of events with time <= t (so the last one shown is that minus one).
  std::size_t count_until(Time t) const;
  // The latest time anything happens (event times and packet arrivals).
  Time last_time() const { return last_time_; }

  bool host_up(std::uint16_t host, Time t) const;
  bool link_up(const std::string& a, const std::string& b, Time t) const;
  bool service_running(const std::string& host, std::uint16_t port, Time t) const;
  // Messages in an MTA's queue at time t, and the whole series (for the plot).
  int queue_length(const std::string& host, Time t) const;
  const Series<int>* queue_series(const std::string& host) const;
  // Connections open to a server's port at time t (accepted, not yet closed or reset by both
  // ends): the map lights the port while it is in use.
  int connections_open(const std::string& host, std::uint16_t port, Time t) const;
  // Messages a mail server has taken in by time t (trace::takes_in_message, once per queue id), and
  // the whole series: its share of the load.
  int accepted(const std::string& host, Time t) const;
  const Series<int>* accepted_series(const std::string& host) const;
  // Failure and Caption events, in order.
  const std::vector<std::uint32_t>& failures() const { return failures_; }
  const std::vector<std::uint32_t>& captions() const { return captions_; }

 private:
  void index_packet(std::uint32_t i);
  void index_connection(std::uint32_t i);
  void index_state(std::uint32_t i);
  void index_open_ports();

  std::vector<trace::Event> events_;
  std::vector<std::string> hosts_;
  std::unordered_map<std::string, std::uint16_t> host_index_;
  std::vector<bool> initially_up_;
  std::vector<unsigned> categories_;
  std::vector<Packet> packets_;
  std::vector<PathHop> hops_;
  Duration longest_flight_ = 0;
  std::vector<Connection> connections_;
  std::unordered_map<std::uint64_t, std::size_t> connection_index_;
  std::vector<std::array<std::int64_t, 2>> last_line_;  // while indexing: per connection, last line c2s/s2c
  std::vector<std::uint32_t> lines_;
  std::vector<std::uint32_t> line_index_;  // per event; only meaningful for Segment events
  Time last_time_ = 0;
  std::vector<Series<bool>> host_state_;
  std::map<std::pair<std::string, std::string>, Series<bool>> link_state_;
  std::map<std::pair<std::string, std::uint16_t>, Series<bool>> service_state_;
  std::map<std::string, Series<int>> queue_series_;
  std::map<std::pair<std::string, std::uint16_t>, Series<int>> open_series_;  // (server, port) -> open connections
  std::map<std::string, Series<int>> accepted_series_;
  std::map<std::string, std::set<std::string>> accepted_ids_;  // while building: host -> queue ids taken in
  std::map<std::string, std::map<std::string, bool>> queued_;  // while building: host -> queue ids
  std::unordered_map<std::uint64_t, bool> null_sender_;  // while building: the transaction on a connection is a DSN's
  std::vector<std::uint32_t> failures_, captions_;
};

}  // namespace mailsim::viz
