#include "sim/net/network.hpp"

#include "sim/trace/line_facts.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <queue>
#include <stdexcept>

namespace mailsim::net {

using trace::Event;
using trace::Kind;

Network::Network(Scheduler& scheduler, trace::Trace& trace) : scheduler_(scheduler), trace_(trace) {}

void Network::add_host(const std::string& name, const std::string& address, bool up) {
  by_name_.emplace(name, hosts_.size());
  by_address_.emplace(address, hosts_.size());
  hosts_.push_back(Host{name, address, up});
  routes_.clear();
}

void Network::add_link(const std::string& a, const std::string& b, Duration latency) {
  links_.push_back(Link{a, b, latency, true});
  routes_.clear();
}

void Network::add_filter(const std::string& router, FilterRule rule) { filters_[router].push_back(std::move(rule)); }

std::optional<Network::Blocked> Network::filtered(const Route& r, const std::string& from_address,
                                                  const std::string& to_address, std::uint16_t port) const {
  if (filters_.empty()) return std::nullopt;
  // A router filters what it forwards (the hosts between the ends), not what it sends or receives.
  for (std::size_t hop = 1; hop + 1 < r.hosts.size(); ++hop) {
    const auto it = filters_.find(r.hosts[hop]);
    if (it == filters_.end()) continue;
    for (std::size_t k = 0; k < it->second.size(); ++k) {
      const FilterRule& rule = it->second[k];
      if (rule.port != port || !rule.source || !rule.source(from_address)) continue;
      if (std::find(rule.except_to.begin(), rule.except_to.end(), to_address) != rule.except_to.end()) continue;
      return Blocked{hop, k, rule.action};
    }
  }
  return std::nullopt;
}

const Host* Network::host(const std::string& name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &hosts_[it->second];
}

Host* Network::find_host(const std::string& name) {
  return const_cast<Host*>(static_cast<const Network*>(this)->host(name));
}

const Host* Network::host_by_address(const std::string& address) const {
  // The first host with that address, as a scan would find it.
  const auto it = by_address_.find(address);
  return it == by_address_.end() ? nullptr : &hosts_[it->second];
}

Network::Connection* Network::conn(std::uint64_t id) {
  auto it = conns_.find(id);
  return it == conns_.end() || !it->second.alive ? nullptr : &it->second;
}

void Network::set_host_up(const std::string& name, bool up) {
  Host* h = find_host(name);
  if (!h || h->up == up) return;
  h->up = up;
  routes_.clear();
  Event e;
  e.time = now();
  e.host = name;
  e.data = trace::data::HostState{up};
  record(e);
  if (!up) {
    std::vector<std::uint64_t> doomed;
    for (auto& [id, c] : conns_)
      if (c.alive && (c.side[0].host == name || c.side[1].host == name)) doomed.push_back(id);
    for (auto id : doomed) reset(id, "host " + name + " went down");
  }
  for (auto& w : host_watchers_) w(name, up);
}

void Network::set_link_up(const std::string& a, const std::string& b, bool up) {
  for (Link& l : links_) {
    if ((l.a == a && l.b == b) || (l.a == b && l.b == a)) {
      if (l.up == up) return;
      l.up = up;
      routes_.clear();
      Event e;
      e.time = now();
      e.host = l.a;
      e.peer = l.b;
      e.data = trace::data::LinkState{up};
      record(e);
    }
  }
  if (up) return;
  // Connections whose route is gone break now, as their next packet would find no way through.
  std::vector<std::uint64_t> doomed;
  for (auto& [id, c] : conns_)
    if (c.alive && !route(c.side[0].host, c.side[1].host)) doomed.push_back(id);
  for (auto id : doomed) reset(id, "no route to host");
}

Network::RoutePtr Network::route(const std::string& from, const std::string& to) const {
  // Every packet asks; the answer only changes with the topology, which clears the cache.
  const auto key = std::make_pair(from, to);
  if (const auto it = routes_.find(key); it != routes_.end()) return it->second;
  return routes_.emplace(key, compute_route(from, to)).first->second;
}

Network::RoutePtr Network::compute_route(const std::string& from, const std::string& to, bool as_built) const {
  const Host* src = host(from);
  const Host* dst = host(to);
  if (!src || !dst || (!as_built && (!src->up || !dst->up))) return nullptr;
  if (from == to) return std::make_shared<Route>(Route{{from}, {0}});
  // Dijkstra over up links and up hosts; ties broken by host order so routes are deterministic.
  const std::size_t n = hosts_.size();
  auto index = [&](const std::string& name) {
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? n : it->second;
  };
  std::vector<Duration> dist(n, INT64_MAX);
  std::vector<std::size_t> prev(n, n);
  using Item = std::pair<Duration, std::size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> pq;
  const std::size_t s = index(from), t = index(to);
  dist[s] = 0;
  pq.push({0, s});
  while (!pq.empty()) {
    auto [d, u] = pq.top();
    pq.pop();
    if (d != dist[u]) continue;
    if (u == t) break;
    for (const Link& l : links_) {
      if (!l.up && !as_built) continue;
      std::size_t v;
      if (l.a == hosts_[u].name) v = index(l.b);
      else if (l.b == hosts_[u].name) v = index(l.a);
      else continue;
      if (v >= n || (!hosts_[v].up && !as_built)) continue;
      const Duration nd = d + l.latency;
      if (nd < dist[v]) {
        dist[v] = nd;
        prev[v] = u;
        pq.push({nd, v});
      }
    }
  }
  if (dist[t] == INT64_MAX) return nullptr;
  Route r;
  for (std::size_t v = t; v != n; v = prev[v]) {
    r.hosts.push_back(hosts_[v].name);
    r.at.push_back(dist[v]);
  }
  std::reverse(r.hosts.begin(), r.hosts.end());
  std::reverse(r.at.begin(), r.at.end());
  return std::make_shared<Route>(std::move(r));
}

Network::RoutePtr Network::lost_path(const std::string& from, const std::string& to, bool& host_down) const {
  const RoutePtr whole = compute_route(from, to, true);
  if (!whole) return nullptr;
  auto r = std::make_shared<Route>(*whole);
  host_down = false;
  std::size_t end = 1;
  for (; end < r->hosts.size(); ++end) {
    const std::string& a = r->hosts[end - 1];
    const std::string& b = r->hosts[end];
    const bool link_up = std::any_of(links_.begin(), links_.end(), [&](const Link& l) {
      return l.up && ((l.a == a && l.b == b) || (l.a == b && l.b == a));
    });
    if (!link_up) break;  // it stops at a, before the broken link
    if (const Host* h = host(b); h && !h->up) {
      host_down = true;  // it reaches b, which does not answer
      ++end;
      break;
    }
  }
  r->hosts.resize(end);
  r->at.resize(end);
  return r;
}

void Network::record(Event e) {
  const Event& added = trace_.add(std::move(e));
  if (taps_.empty() || added.path.size() < 2) return;
  for (const auto& [id, t] : taps_) {
    for (std::size_t i = 0; i + 1 < added.path.size(); ++i) {
      const std::string& x = added.path[i].host;
      const std::string& y = added.path[i + 1].host;
      if (!((x == t.a && y == t.b) || (x == t.b && y == t.a))) continue;
      // Looked up again when it fires: the tap may be gone by then.
      scheduler_.schedule_at(added.path[i + 1].at, [this, id = id, seen = Tapped{added, x, y}] {
        if (const auto it = taps_.find(id); it != taps_.end()) it->second.handler(seen);
      });
      break;  // a route crosses a link once
    }
  }
}

std::size_t Network::tap(const std::string& a, const std::string& b, TapHandler handler) {
  const bool exists = std::any_of(links_.begin(), links_.end(), [&](const Link& l) {
    return (l.a == a && l.b == b) || (l.a == b && l.b == a);
  });
  if (!exists) throw std::invalid_argument("no link " + a + " <-> " + b + " to tap");
  taps_[next_tap_] = Tap{a, b, std::move(handler)};
  return next_tap_++;
}

void Network::untap(std::size_t id) { taps_.erase(id); }

std::size_t Network::tamper(const std::string& attacker, const std::string& a, const std::string& b,
                            Tamperer tamperer) {
  const bool exists = std::any_of(links_.begin(), links_.end(), [&](const Link& l) {
    return (l.a == a && l.b == b) || (l.a == b && l.b == a);
  });
  if (!exists) throw std::invalid_argument("no link " + a + " <-> " + b + " to tamper with");
  tampers_[next_tamper_] = Tamper{attacker, a, b, std::move(tamperer)};
  return next_tamper_++;
}

void Network::untamper(std::size_t id) { tampers_.erase(id); }

bool Network::send_tampered(Connection& c, int side, std::string_view bytes, trace::Payload payload, const RoutePtr& r,
                            Time arrive) {
  // The first link of the route an attacker sits on, in the order the bytes cross them.
  for (std::size_t i = 0; i + 1 < r->hosts.size(); ++i) {
    const std::string& x = r->hosts[i];
    const std::string& y = r->hosts[i + 1];
    for (const auto& [id, t] : tampers_) {
      if (!((x == t.a && y == t.b) || (x == t.b && y == t.a))) continue;
      const Chunk chunk{c.id, c.protocol, c.side[1].port, side == 0, bytes};
      std::optional<Tampering> done = t.tamperer(chunk);
      if (!done || done->bytes == bytes) return false;
      const std::string attacker = t.attacker;  // the tamperer may not outlive a later call
      // The sender's lines, as sent, travel as far as the attacker's end of the link.
      for (Event& e : line_events(c, side, bytes, payload, r, arrive)) {
        e.path.resize(i + 2);
        e.arrive = e.path.back().at;
        record(std::move(e));
      }
      Event what;
      what.time = now();
      what.host = attacker;
      what.peer = c.side[1 - side].host;
      stamp(what, c, side);
      done->what.original = std::string(bytes);
      done->what.changed = done->bytes;
      what.data = std::move(done->what);
      record(std::move(what));
      // The lines the receiver gets, from there on, when the chunk would have arrived.
      for (Event& e : line_events(c, side, done->bytes, payload, r, arrive)) {
        e.path.erase_front(i + 1);
        e.host = attacker;
        e.as<trace::data::Segment>().tampered = true;
        record(std::move(e));
      }
      if (!done->bytes.empty()) deliver_at(arrive, c.id, side, std::move(done->bytes));
      return true;
    }
  }
  return false;
}

Event Network::packet_event(trace::Data data, const std::string& from, const std::string& to, const RoutePtr& r) const {
  Event e;
  e.time = now();
  e.data = std::move(data);
  e.host = from;
  e.peer = to;
  if (!r) return e;  // a packet with nowhere to go: no path, no arrival
  e.arrive = now() + r->latency();
  e.path = trace::Path(r, now());
  return e;
}

void Network::refuse_connect(const std::shared_ptr<ConnectHandlers>& handlers, const std::string& by,
                             const std::string& from_host, const RoutePtr& back, const std::string& to_address,
                             std::uint16_t port, std::uint16_t client_port, const std::string& protocol) {
  Event e = packet_event(trace::data::Refused{to_address}, by, from_host, back);
  e.port = port;
  e.client_port = client_port;
  e.protocol = protocol;
  record(e);
  const std::string text = "connect to " + to_address + ":" + std::to_string(port) + ": Connection refused";
  scheduler_.schedule(back->latency(), [handlers, text] {
    if (handlers->on_failed) handlers->on_failed(ConnectError::Refused, text);
  });
}

void Network::time_out_connect(std::shared_ptr<ConnectHandlers> handlers, const std::string& from_host,
                               const std::string& to_host, const std::string& to_address, std::uint16_t port,
                               std::uint16_t client_port, const std::string& protocol, Duration after) {
  scheduler_.schedule(std::max<Duration>(0, after), [=, this] {
    Event e = packet_event(trace::data::TimedOut{to_address}, from_host, to_host, nullptr);
    e.port = port;
    e.client_port = client_port;
    e.protocol = protocol;
    record(e);
    if (handlers->on_failed)
      handlers->on_failed(ConnectError::TimedOut,
                          "connect to " + to_address + ":" + std::to_string(port) + ": Connection timed out");
  });
}

std::vector<Network::ListenerInfo> Network::listeners() const {
  std::vector<ListenerInfo> out;
  for (const auto& [key, l] : listeners_) out.push_back({key.first, key.second, l.protocol});
  return out;
}

std::vector<Network::ListenerInfo> Network::datagram_services() const {
  std::vector<ListenerInfo> out;
  for (const auto& [key, b] : bindings_)
    if (key.second < kFirstEphemeral) out.push_back({key.first, key.second, b.protocol});
  return out;
}

void Network::listen(const std::string& host, std::uint16_t port, std::string protocol,
                     std::function<void(Endpoint)> accept) {
  listeners_[{host, port}] = Listener{std::move(protocol), std::move(accept), true};
}

bool Network::service_running(const std::string& host, std::uint16_t port) const {
  auto it = listeners_.find({host, port});
  return it != listeners_.end() && it->second.running;
}

void Network::set_service(const std::string& host, std::uint16_t port, bool running) {
  auto it = listeners_.find({host, port});
  if (it == listeners_.end() || it->second.running == running) return;
  it->second.running = running;
  Event e;
  e.time = now();
  e.host = host;
  e.port = port;
  e.protocol = it->second.protocol;
  e.data = trace::data::ServiceState{running};
  record(e);
  if (running) return;
  std::vector<std::uint64_t> doomed;
  for (auto& [id, c] : conns_)
    if (c.alive && c.side[1].host == host && c.side[1].port == port) doomed.push_back(id);
  for (auto id : doomed) reset(id, "service stopped");
}

std::uint16_t Network::ephemeral_port(const std::string& host) {
  std::uint16_t& p = next_port_[host];
  if (p < kFirstEphemeral) p = kFirstEphemeral;
  const std::uint16_t out = p;
  p = p == 65535 ? kFirstEphemeral : static_cast<std::uint16_t>(p + 1);
  return out;
}

void Network::connect(const std::string& from_host, const std::string& to_address, std::uint16_t port,
                      Duration timeout, ConnectHandlers handlers, Duration reply_timeout) {
  const Host* dst = host_by_address(to_address);
  const std::string to_host = dst ? dst->name : to_address;
  RoutePtr r = dst ? route(from_host, to_host) : nullptr;
  auto listener = listeners_.find({to_host, port});
  const std::string protocol = listener != listeners_.end() ? listener->second.protocol : "tcp";
  const std::uint16_t client_port = ephemeral_port(from_host);  // like a real stack, before the SYN

  const Host* src = host(from_host);
  const auto blocked = r && src ? filtered(*r, src->address, to_address, port) : std::nullopt;
  trace::data::Connect dialled{trace::Name(to_address), {}, 0, {}, timeout, {}, false, reply_timeout};
  if (dst && !r) {
    // Nothing can answer, but the SYN still leaves: it goes as far as the network lets it.
    bool host_down = false;
    if (auto lost = lost_path(from_host, to_host, host_down)) {
      dialled.lost_at = lost->hosts.back();
      dialled.lost_host_down = host_down;
      // Only the path for the map: nothing waits for it (a lost packet does not arrive).
      Event syn = packet_event(std::move(dialled), from_host, to_host, lost->hosts.size() > 1 ? lost : nullptr);
      syn.port = port;
      syn.client_port = client_port;
      syn.protocol = protocol;
      record(syn);
      auto shared = std::make_shared<ConnectHandlers>(std::move(handlers));
      time_out_connect(shared, from_host, to_host, to_address, port, client_port, protocol, timeout);
      return;
    }
  }
  if (blocked) {
    // The SYN goes as far as the router that stops it.
    auto cut = std::make_shared<Route>(*r);
    cut->hosts.resize(blocked->hop + 1);
    cut->at.resize(blocked->hop + 1);
    r = std::move(cut);
    dialled.blocked_by = r->hosts.back();
    dialled.filter_rule = blocked->rule;
    dialled.filter_action = blocked->action == FilterRule::Action::Drop ? "drop" : "reject";
  }
  Event syn = packet_event(std::move(dialled), from_host, to_host, r);
  syn.port = port;
  syn.client_port = client_port;
  syn.protocol = protocol;
  record(syn);

  auto shared = std::make_shared<ConnectHandlers>(std::move(handlers));
  if (!r || (blocked && blocked->action == FilterRule::Action::Drop)) {  // nothing answers: the SYN is lost
    time_out_connect(shared, from_host, to_host, to_address, port, client_port, protocol, timeout);
    return;
  }
  if (blocked) {
    // reject: the router answers for the server, as an RST or an ICMP "administratively
    // prohibited" would, and the client gives up when that arrives.
    const std::string router = r->hosts.back();
    scheduler_.schedule(r->latency(), [=, this] {
      auto back = route(router, from_host);
      if (!back) {
        time_out_connect(shared, from_host, to_host, to_address, port, client_port, protocol, timeout - r->latency());
        return;
      }
      refuse_connect(shared, router, from_host, back, to_address, port, client_port, protocol);
    });
    return;
  }
  const Duration latency = r->latency();
  scheduler_.schedule(latency, [=, this] {
    // The SYN arrives: is the host still there, and is anybody listening?
    auto back = route(to_host, from_host);
    if (!back) {
      time_out_connect(shared, from_host, to_host, to_address, port, client_port, protocol, timeout - latency);
      return;
    }
    auto it = listeners_.find({to_host, port});
    if (it == listeners_.end() || !it->second.running) {
      refuse_connect(shared, to_host, from_host, back, to_address, port, client_port, protocol);
      return;
    }
    const std::uint64_t id = next_conn_++;
    Connection& c = conns_[id];
    c.id = id;
    c.protocol = it->second.protocol;
    c.side[0].host = from_host;
    c.side[0].port = client_port;
    c.side[1].host = to_host;
    c.side[1].port = port;
    Event e = packet_event(trace::data::Accepted{host(from_host)->address + ":" + std::to_string(c.side[0].port),
                                                 to_address + ":" + std::to_string(port)},
                           to_host, from_host, back);
    e.conn = id;
    e.client_port = c.side[0].port;
    e.port = port;
    e.protocol = c.protocol;
    record(e);
    // The client learns of the connection when the SYN-ACK arrives; schedule that before the server
    // may send its greeting, so equal-time events keep this order.
    scheduler_.schedule(back->latency(), [this, shared, id] {
      if (!conn(id)) {
        if (shared->on_failed) shared->on_failed(ConnectError::Refused, "connection reset");
        return;
      }
      if (shared->on_connected) shared->on_connected(Endpoint(this, id, 0));
    });
    auto accept = it->second.accept;
    accept(Endpoint(this, id, 1));
  });
}

void Network::send_on(std::uint64_t id, int side, std::string_view bytes, trace::Payload payload) {
  Connection* c = conn(id);
  if (!c || c->side[side].closed || bytes.empty()) return;
  const std::string from = c->side[side].host, to = c->side[1 - side].host;
  auto r = route(from, to);
  if (!r) {
    reset(id, "no route to host");
    return;
  }
  const Time arrive = arrival(*c, side, r->latency());
  if (!tampers_.empty() && send_tampered(*c, side, bytes, payload, r, arrive)) return;
  // One trace event per line, all sent now; the viewer spaces them along the link.
  for (Event& e : line_events(*c, side, bytes, payload, r, arrive)) record(std::move(e));
  deliver_at(arrive, id, side, std::string(bytes));
}

void Network::stamp(Event& e, const Connection& c, int side) {
  e.conn = c.id;
  e.port = c.side[1].port;
  e.client_port = c.side[0].port;
  e.protocol = c.protocol;
  e.dir = side == 0 ? trace::Direction::ClientToServer : trace::Direction::ServerToClient;
}

Time Network::arrival(Connection& c, int side, Duration latency) {
  Side& dst = c.side[1 - side];
  dst.last_arrival = std::max(now() + latency, dst.last_arrival);
  return dst.last_arrival;
}

void Network::deliver_at(Time arrive, std::uint64_t id, int side, std::string data) {
  scheduler_.schedule_at(arrive, [this, id, side, data = std::move(data)] {
    Connection* c = conn(id);
    if (!c) return;
    auto& h = c->side[1 - side].handlers.on_data;
    if (h) {
      auto copy = h;  // the handler may replace itself
      copy(data);
    }
  });
}

std::vector<Event> Network::line_events(const Connection& c, int side, std::string_view bytes, trace::Payload payload,
                                       const RoutePtr& r, Time arrive) const {
  std::vector<Event> out;
  const std::string& from = c.side[side].host;
  const std::string& to = c.side[1 - side].host;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? bytes.size() : nl + 1;
    std::string_view line = bytes.substr(pos, end - pos);
    Event e = packet_event(trace::data::Segment{}, from, to, r);
    e.arrive = arrive;
    stamp(e, c, side);
    auto& seg = e.as<trace::data::Segment>();
    seg.what = payload;
    // Exactly one ending comes off, so text + ending are the bytes sent (a bare LF stays one).
    if (line.ends_with("\r\n")) line.remove_suffix(2), seg.eol = trace::LineEnd::Crlf;
    else if (line.ends_with('\n')) line.remove_suffix(1), seg.eol = trace::LineEnd::Lf;
    else seg.eol = trace::LineEnd::None;
    seg.text = std::string(line);
    seg.facts = trace::read_line(c.protocol, e.dir, payload, seg.text);
    out.push_back(std::move(e));
    pos = end;
  }
  return out;
}

void Network::send_tls_on(std::uint64_t id, int side, std::vector<trace::data::TlsRecord> records,
                          const trace::Pieces& plaintext) {
  Connection* c = conn(id);
  if (!c || c->side[side].closed || records.empty()) return;
  const std::string from = c->side[side].host, to = c->side[1 - side].host;
  auto r = route(from, to);
  if (!r) {
    reset(id, "no route to host");
    return;
  }
  const Time arrive = arrival(*c, side, r->latency());
  std::string wire;
  for (trace::data::TlsRecord& rec : records) {
    wire += rec.bytes;
    Event e = packet_event(std::move(rec), from, to, r);
    e.arrive = arrive;
    stamp(e, *c, side);
    record(std::move(e));
  }
  // The lines inside: for the endpoints' dialog only. No path, so no tap and no map packet sees them.
  for (const auto& [bytes, payload] : plaintext)
    for (Event& e : line_events(*c, side, bytes, payload, r, arrive)) {
      e.path.clear();
      e.as<trace::data::Segment>().tls = true;
      trace_.add(std::move(e));
    }
  deliver_at(arrive, id, side, std::move(wire));
}

void Network::trace_inside_on(std::uint64_t id, int side, std::string_view plaintext, trace::Payload payload) {
  Connection* c = conn(id);
  if (!c || plaintext.empty()) return;
  const int peer = 1 - side;
  auto r = route(c->side[peer].host, c->side[side].host);
  if (!r) return;
  for (Event& e : line_events(*c, peer, plaintext, payload, r, now())) {
    e.path.clear();
    e.as<trace::data::Segment>().tls = true;
    trace_.add(std::move(e));
  }
}

void Network::close_side(std::uint64_t id, int side) {
  Connection* c = conn(id);
  if (!c || c->side[side].closed) return;
  c->side[side].closed = true;
  const std::string from = c->side[side].host, to = c->side[1 - side].host;
  auto r = route(from, to);
  Event e = packet_event(trace::data::Close{}, from, to, r);
  stamp(e, *c, side);
  const Time arrive = arrival(*c, side, r ? r->latency() : 0);
  if (r) e.arrive = arrive;
  record(e);
  scheduler_.schedule_at(arrive, [this, id, side] {
    Connection* c = conn(id);
    if (!c) return;
    // Over only when both FINs have arrived: bytes sent before a FIN still reach a side that
    // closed its own direction first (a half-close, as real clients do after their last command).
    c->side[side].fin_arrived = true;
    const bool over = c->side[1 - side].fin_arrived;
    if (over) c->alive = false;
    auto h = c->side[1 - side].handlers.on_close;
    if (h) h();
    // Over: no handler can run again, so let go of what they hold (a server's whole session, with
    // its buffers). The connection itself stays, so its endpoints can still name their hosts.
    if (over) {
      conns_.at(id).side[0].handlers = conns_.at(id).side[1].handlers = {};
      ended(id);
    }
  });
}

void Network::ended(std::uint64_t id) {
  // An ended connection stays so that its endpoints can still name their hosts, but not forever: a
  // served world may see a connection a millisecond for as long as a class lasts.
  constexpr std::size_t kKeepEnded = 4096;
  ended_.push_back(id);
  while (ended_.size() > kKeepEnded) {
    conns_.erase(ended_.front());
    ended_.pop_front();
  }
}

void Network::reset(std::uint64_t id, const std::string& why) {
  Connection* c = conn(id);
  if (!c) return;
  c->alive = false;
  Event e;
  e.time = now();
  e.host = c->side[0].host;
  e.peer = c->side[1].host;
  e.conn = id;
  e.port = c->side[1].port;
  e.client_port = c->side[0].port;
  e.protocol = c->protocol;
  e.data = trace::data::Reset{why};
  record(e);
  // Both ends hear of it now; handlers are copied first because they may start new connections.
  auto h0 = c->side[0].handlers.on_reset, h1 = c->side[1].handlers.on_reset;
  c->side[0].handlers = {};
  c->side[1].handlers = {};
  if (h0) h0();
  if (h1) h1();
  ended(id);
}

void Network::bind(const std::string& host, std::uint16_t port, std::string protocol, DatagramHandler handler) {
  bindings_[{host, port}] = Binding{std::move(protocol), std::move(handler)};
}

void Network::unbind(const std::string& host, std::uint16_t port) { bindings_.erase({host, port}); }

void Network::send_datagram(const std::string& from_host, std::uint16_t from_port, const std::string& to_address,
                            std::uint16_t to_port, std::string bytes, const std::string& summary) {
  const Host* src = host(from_host);
  const Host* dst = host_by_address(to_address);
  const std::string to_host = dst ? dst->name : to_address;
  RoutePtr r = dst ? route(from_host, to_host) : nullptr;
  Event e = packet_event(trace::data::Datagram{bytes, summary + (r ? "" : " (lost: no route)")}, from_host, to_host,
                         r);
  e.port = to_port;
  e.client_port = from_port;
  e.protocol = "dns";
  e.dir = to_port == 53 ? trace::Direction::ClientToServer : trace::Direction::ServerToClient;
  record(e);
  if (!r || !src) return;
  scheduler_.schedule(r->latency(), [this, to_host, to_port, from = src->address, from_port, data = std::move(bytes)] {
    const Host* h = host(to_host);
    auto it = bindings_.find({to_host, to_port});
    if (!h || !h->up || it == bindings_.end()) return;  // dropped: nobody there
    auto handler = it->second.handler;
    handler(from, from_port, data);
  });
}

// --- Endpoint ---

void Endpoint::send(std::string_view bytes, trace::Payload payload) const {
  if (net_) net_->send_on(conn_, side_, bytes, payload);
}
void Endpoint::send_tls(std::vector<trace::data::TlsRecord> records, std::string_view plaintext,
                        trace::Payload payload) const {
  send_tls(std::move(records), trace::Pieces{{std::string(plaintext), payload}});
}
void Endpoint::send_tls(std::vector<trace::data::TlsRecord> records, const trace::Pieces& plaintext) const {
  if (net_) net_->send_tls_on(conn_, side_, std::move(records), plaintext);
}
void Endpoint::trace_received_inside(std::string_view plaintext, trace::Payload payload) const {
  if (net_) net_->trace_inside_on(conn_, side_, plaintext, payload);
}
void Endpoint::close() const {
  if (net_) net_->close_side(conn_, side_);
}
void Endpoint::set_handlers(StreamHandlers handlers) const {
  if (auto* c = net_ ? net_->conn(conn_) : nullptr) c->side[side_].handlers = std::move(handlers);
}
bool Endpoint::open() const {
  auto* c = net_ ? net_->conn(conn_) : nullptr;
  return c && !c->side[side_].closed;
}
namespace {
const std::string kEmpty;
}
// Names stay readable after the connection ends (for its last 4096 ended ones), so a closed endpoint
// can still be logged.
const Network::Connection* Network::any_conn(std::uint64_t id) const {
  auto it = conns_.find(id);
  return it == conns_.end() ? nullptr : &it->second;
}
const std::string& Endpoint::local_host() const {
  auto* c = net_ ? net_->any_conn(conn_) : nullptr;
  return c ? c->side[side_].host : kEmpty;
}
const std::string& Endpoint::peer_host() const {
  auto* c = net_ ? net_->any_conn(conn_) : nullptr;
  return c ? c->side[1 - side_].host : kEmpty;
}
const std::string& Endpoint::peer_address() const {
  const Host* h = net_ ? net_->host(peer_host()) : nullptr;
  return h ? h->address : kEmpty;
}
std::uint16_t Endpoint::server_port() const {
  auto* c = net_ ? net_->any_conn(conn_) : nullptr;
  return c ? c->side[1].port : 0;
}
std::uint16_t Endpoint::client_port() const {
  auto* c = net_ ? net_->any_conn(conn_) : nullptr;
  return c ? c->side[0].port : 0;
}
const std::string& Endpoint::protocol() const {
  auto* c = net_ ? net_->any_conn(conn_) : nullptr;
  return c ? c->protocol : kEmpty;
}

}  // namespace mailsim::net
