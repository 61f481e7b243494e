#pragma once
// The virtual network: hosts, links with latency, listening ports, stream connections and datagrams.
// Packets travel along the least-latency route over links and hosts that are up; every packet is a
// trace event carrying its route and arrival time, so the map can animate it hop by hop.
//
// Simplifications, chosen for the classroom and documented in docs/architecture.md: a stream is
// established in one round trip (SYN, SYN-ACK); a chunk sent on a stream arrives whole, in order,
// after the route's latency (no loss, no windows); when a host goes down or the route breaks, both
// ends of its connections see a reset at once.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/scheduler.hpp"
#include "sim/trace/event.hpp"

namespace mailsim::net {

class Network;

struct Host {
  std::string name;
  std::string address;
  bool up = true;
};

struct Link {
  std::string a, b;
  Duration latency = 0;
  bool up = true;
};

struct StreamHandlers {
  std::function<void(std::string_view bytes)> on_data;
  std::function<void()> on_close;   // the peer closed (FIN)
  std::function<void()> on_reset;   // the connection is gone (host down, route lost, service stop)
};

// One side of a stream connection: a small handle, cheap to copy.
class Endpoint {
 public:
  Endpoint() = default;
  // Sends bytes to the peer; the trace gets one Segment event per line. No-op once closed.
  void send(std::string_view bytes, trace::Payload payload) const;
  // Sends TLS records, cut by the caller (the network knows no TLS): one tls_record event per record,
  // a packet the taps see, and the peer gets their bytes as one chunk. `plaintext` is what they
  // carry, as the endpoints read it: Segment lines marked tls, without a path (not on the wire),
  // arriving with the records.
  void send_tls(std::vector<trace::data::TlsRecord> records, std::string_view plaintext, trace::Payload payload) const;
  // The same, with the plaintext in parts of different kinds (the message inside a RETR reply).
  void send_tls(std::vector<trace::data::TlsRecord> records, const trace::Pieces& plaintext) const;
  // The peer's lines that arrived inside TLS, as this side decrypted them, for a peer that cannot
  // tell them itself (a real client of `mailsim serve`, whose TLS the bridge only sees as records):
  // Segment lines from the peer marked tls, without a path, arriving now.
  void trace_received_inside(std::string_view plaintext, trace::Payload payload) const;
  // Orderly close: the peer's on_close runs when the FIN arrives.
  void close() const;
  void set_handlers(StreamHandlers handlers) const;
  bool open() const;
  std::uint64_t id() const { return conn_; }
  bool is_client() const { return side_ == 0; }
  const std::string& local_host() const;
  const std::string& peer_host() const;
  const std::string& peer_address() const;
  std::uint16_t server_port() const;
  std::uint16_t client_port() const;
  const std::string& protocol() const;
  explicit operator bool() const { return net_ != nullptr; }

 private:
  friend class Network;
  Endpoint(Network* net, std::uint64_t conn, int side) : net_(net), conn_(conn), side_(side) {}
  Network* net_ = nullptr;
  std::uint64_t conn_ = 0;
  int side_ = 0;  // 0 = client, 1 = server
};

enum class ConnectError { Refused, TimedOut };

struct ConnectHandlers {
  std::function<void(Endpoint)> on_connected;
  std::function<void(ConnectError, const std::string& why)> on_failed;
};

// What a tap on a link sees: a packet crossing it, as the trace records it (a line of a stream with
// its exact bytes, a datagram's wire bytes, a SYN, FIN or RST), in the direction it travels.
struct Tapped {
  trace::Event packet;
  std::string from, to;  // the link's ends, in the order the packet crosses it
};
using TapHandler = std::function<void(const Tapped&)>;

// A chunk of a stream's plain bytes crossing a tampering link (Network::tamper), as it was sent.
struct Chunk {
  std::uint64_t conn = 0;
  std::string protocol;        // "smtp", "submission", ...
  std::uint16_t port = 0;      // the server's
  bool from_client = false;
  std::string_view bytes;
};
// What a man in the middle makes of it: the bytes it passes on and the trace's account of the
// change (the network fills in `original` and `changed`). nullopt: passed on untouched.
struct Tampering {
  std::string bytes;
  trace::data::Tampered what;
};
using Tamperer = std::function<std::optional<Tampering>(const Chunk&)>;

// A router's packet filter rule (an ISP's Outbound Port 25 Blocking): a SYN the router forwards,
// from a source the rule's network holds, to `port`, is stopped there unless it is dialled to one of
// `except_to`. Only SYNs are looked at: a connection the filter let through is never cut.
struct FilterRule {
  enum class Action { Drop, Reject };
  std::function<bool(const std::string& address)> source;  // the source network holds this address
  std::uint16_t port = 25;
  std::vector<std::string> except_to;                      // destination addresses let through
  Action action = Action::Drop;
};

// A UDP receiver: (source address, source port, bytes).
using DatagramHandler = std::function<void(const std::string& from_address, std::uint16_t from_port,
                                           std::string_view bytes)>;

class Network {
 public:
  Network(Scheduler& scheduler, trace::Trace& trace);
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  Scheduler& scheduler() { return scheduler_; }
  trace::Trace& trace() { return trace_; }
  Time now() const { return scheduler_.now(); }

  void add_host(const std::string& name, const std::string& address, bool up = true);
  void add_link(const std::string& a, const std::string& b, Duration latency);
  const Host* host(const std::string& name) const;
  const Host* host_by_address(const std::string& address) const;
  const std::vector<Host>& hosts() const { return hosts_; }
  const std::vector<Link>& links() const { return links_; }

  // A rule of `router`'s packet filter, after those it has; the first rule that matches a SYN applies.
  void add_filter(const std::string& router, FilterRule rule);

  // Failure injection. Each traces its change; taking a host down resets its connections.
  void set_host_up(const std::string& name, bool up);
  void set_link_up(const std::string& a, const std::string& b, bool up);
  // Called after a host changes state (nodes restart their work when their host comes back).
  void on_host_state(std::function<void(const std::string& host, bool up)> fn) { host_watchers_.push_back(std::move(fn)); }

  // Least-latency route, endpoints included; null when unreachable. Computed once per pair and
  // topology, and shared by every packet that takes it (their events point to it). Made as a
  // Route, not a const one, so that a path that ends up its only owner may change it.
  using Route = trace::Route;
  using RoutePtr = std::shared_ptr<const Route>;
  RoutePtr route(const std::string& from, const std::string& to) const;

  // Streams. A listener is called with the server-side endpoint when a connection arrives.
  void listen(const std::string& host, std::uint16_t port, std::string protocol, std::function<void(Endpoint)> accept);
  // Service stop/start: a stopped port refuses connections; stopping resets its open connections.
  void set_service(const std::string& host, std::uint16_t port, bool running);
  // Every stream listener, by host and port (ascending), with the protocol it was opened with: what
  // `mailsim serve` maps to real ports.
  struct ListenerInfo {
    std::string host;
    std::uint16_t port = 0;
    std::string protocol;
  };
  std::vector<ListenerInfo> listeners() const;
  // Every datagram receiver that is a service (DNS's port 53), by host and port: those outside the
  // ephemeral range, which holds the clients' own sockets (a resolver waiting for its answer).
  std::vector<ListenerInfo> datagram_services() const;
  static constexpr std::uint16_t kFirstEphemeral = 49152;  // RFC 6335's dynamic ports
  bool service_running(const std::string& host, std::uint16_t port) const;
  // `timeout`: the connect timeout. `reply_timeout` (0: none) is the client's own wait for the server's
  // first bytes once connected; the client enforces it, the trace's Connect event says it.
  void connect(const std::string& from_host, const std::string& to_address, std::uint16_t port,
               Duration timeout, ConnectHandlers handlers, Duration reply_timeout = 0);

  // Datagrams (DNS). bind() receives on host:port; send_datagram() traces `summary` as the text.
  void bind(const std::string& host, std::uint16_t port, std::string protocol, DatagramHandler handler);
  void unbind(const std::string& host, std::uint16_t port);
  void send_datagram(const std::string& from_host, std::uint16_t from_port, const std::string& to_address,
                     std::uint16_t to_port, std::string bytes, const std::string& summary);
  // Taps (an eavesdropper on a wire): `handler` runs for every packet whose route crosses the link
  // a<->b, either way, when the packet reaches the link's far end. It sees; it changes nothing.
  // Throws std::invalid_argument when there is no such link.
  std::size_t tap(const std::string& a, const std::string& b, TapHandler handler);
  void untap(std::size_t id);
  // An active man in the middle, `attacker`, on the link a<->b: it sees each chunk of plain stream
  // bytes (lines; never TLS records) whose route crosses the link, when it is sent, and may change
  // it. A changed chunk is traced as the sender's lines up to the link's far end, one `tampered`
  // event (host = attacker), and the changed lines from there on (host = attacker, tampered), which
  // arrive when the chunk would have; taps past the link see those. The first tampering link on a
  // route acts. Throws std::invalid_argument when there is no such link.
  std::size_t tamper(const std::string& attacker, const std::string& a, const std::string& b, Tamperer tamperer);
  void untamper(std::size_t id);

  // A fresh ephemeral port on host (deterministic counter from 49152).
  std::uint16_t ephemeral_port(const std::string& host);
  // Drops every connection and its handlers, telling nobody: for the world's destructor, so that
  // the sessions the handlers hold (a POP3 session's mailbox lock) go while their nodes are there.
  void forget_connections() { conns_.clear(); }

 private:
  friend class Endpoint;
  struct Side {
    std::string host;
    std::uint16_t port = 0;
    StreamHandlers handlers;
    bool closed = false;     // this side sent FIN
    bool fin_arrived = false;  // ... and it reached the other side
    Time last_arrival = 0;   // keeps chunks in order
  };
  struct Connection {
    std::uint64_t id = 0;
    std::string protocol;
    Side side[2];
    bool alive = true;
  };
  struct Listener {
    std::string protocol;
    std::function<void(Endpoint)> accept;
    bool running = true;
  };
  struct Binding {
    std::string protocol;
    DatagramHandler handler;
  };

  Host* find_host(const std::string& name);
  Connection* conn(std::uint64_t id);
  const Connection* any_conn(std::uint64_t id) const;
  void send_on(std::uint64_t id, int side, std::string_view bytes, trace::Payload payload);
  void send_tls_on(std::uint64_t id, int side, std::vector<trace::data::TlsRecord> records,
                   const trace::Pieces& plaintext);
  void trace_inside_on(std::uint64_t id, int side, std::string_view plaintext, trace::Payload payload);
  // Sends `bytes` through the first tampering link on route `r` when its attacker changes them;
  // false when none does (the caller sends them as they are).
  bool send_tampered(Connection& c, int side, std::string_view bytes, trace::Payload payload, const RoutePtr& r,
                     Time arrive);
  // The Segment events for `bytes`, one per line, sent now on connection `c` by `side`.
  std::vector<trace::Event> line_events(const Connection& c, int side, std::string_view bytes, trace::Payload payload,
                                        const RoutePtr& r, Time arrive) const;
  // What every event sent on connection `c` by `side` carries: the connection, its ports, the
  // protocol and the direction.
  static void stamp(trace::Event& e, const Connection& c, int side);
  // When bytes sent now by `side` reach the other side: after `latency`, and never before what
  // was sent earlier, so chunks keep their order.
  Time arrival(Connection& c, int side, Duration latency);
  // Hands `data` to the other side's on_data at `arrive`.
  void deliver_at(Time arrive, std::uint64_t id, int side, std::string data);
  void close_side(std::uint64_t id, int side);
  void reset(std::uint64_t id, const std::string& why);
  void ended(std::uint64_t id);
  // Adds `e` to the trace and shows it to the taps whose link its route crosses.
  void record(trace::Event e);
  // `as_built`: over every link and host whatever their state (the way a packet would go if
  // nothing were broken), for lost_path.
  RoutePtr compute_route(const std::string& from, const std::string& to, bool as_built = false) const;
  // How far a SYN from `from` to `to` gets when no working route leads there: the route as built,
  // up to the first down host (included: the SYN reaches it, and nobody answers) or the host before
  // the first down link. nullopt when not even the built network joins them. `host_down` says which.
  RoutePtr lost_path(const std::string& from, const std::string& to, bool& host_down) const;
  trace::Event packet_event(trace::Data data, const std::string& from, const std::string& to,
                            const RoutePtr& r) const;
  struct Blocked {
    std::size_t hop = 0;   // where on the route the SYN stops
    std::size_t rule = 0;  // the router's rule that stops it
    FilterRule::Action action = FilterRule::Action::Drop;
  };
  std::optional<Blocked> filtered(const Route& r, const std::string& from_address, const std::string& to_address,
                                  std::uint16_t port) const;
  // The RST `by` (the listener's host, or a router whose filter rejects) sends back along `back`.
  void refuse_connect(const std::shared_ptr<ConnectHandlers>& handlers, const std::string& by,
                      const std::string& from_host, const RoutePtr& back, const std::string& to_address,
                      std::uint16_t port, std::uint16_t client_port, const std::string& protocol);
  void time_out_connect(std::shared_ptr<ConnectHandlers> handlers, const std::string& from_host,
                        const std::string& to_host, const std::string& to_address, std::uint16_t port,
                        std::uint16_t client_port, const std::string& protocol, Duration after);

  Scheduler& scheduler_;
  trace::Trace& trace_;
  std::vector<Host> hosts_;
  std::map<std::string, std::size_t> by_name_, by_address_;  // into hosts_
  std::vector<Link> links_;
  // route()'s answers by (from, to), until the topology changes (a host or link added, up or down).
  mutable std::map<std::pair<std::string, std::string>, RoutePtr> routes_;
  std::map<std::pair<std::string, std::uint16_t>, Listener> listeners_;
  std::map<std::pair<std::string, std::uint16_t>, Binding> bindings_;
  std::map<std::uint64_t, Connection> conns_;
  std::map<std::string, std::uint16_t> next_port_;
  std::map<std::string, std::vector<FilterRule>> filters_;  // by router
  std::vector<std::function<void(const std::string&, bool)>> host_watchers_;
  std::uint64_t next_conn_ = 1;
  struct Tap {
    std::string a, b;
    TapHandler handler;
  };
  std::map<std::size_t, Tap> taps_;
  std::size_t next_tap_ = 1;
  struct Tamper {
    std::string attacker, a, b;
    Tamperer tamperer;
  };
  std::map<std::size_t, Tamper> tampers_;
  std::size_t next_tamper_ = 1;
  std::deque<std::uint64_t> ended_;  // connections that are over, oldest first (see ended())
};

}  // namespace mailsim::net
