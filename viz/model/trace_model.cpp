#include "viz/model/trace_model.hpp"

#include <algorithm>

#include "viz/model/tls_view.hpp"

namespace mailsim::viz {

using trace::Kind;

unsigned category_of(const trace::Event& e) {
  switch (e.kind) {
    case Kind::Queue:
    case Kind::Delivery:
    case Kind::Bounce:
    case Kind::Submit:
    case Kind::Fetch:
      return kQueue;
    case Kind::Datagram:
    case Kind::DnsTimeout:
      return kDns;
    case Kind::Connect:
    case Kind::Accepted:
    case Kind::Refused:
    case Kind::TimedOut:
    case Kind::Segment:
    case Kind::Close:
    case Kind::Reset:
    case Kind::TlsRecord:
    case Kind::Tls:
    case Kind::Tampered:
      if (e.protocol == "smtp" || e.protocol == "submission") return kSmtp;
      if (e.protocol == "pop3") return kPop3;
      if (e.protocol == "imap") return kImap;
      if (e.protocol == "dns") return kDns;
      return kOther;
    case Kind::HostState:
    case Kind::LinkState:
    case Kind::ServiceState:
    case Kind::Failure:
    case Kind::Caption:
    case Kind::Note:
    case Kind::Auth:
    case Kind::Captured:
      return kOther;
    // A machine's own steps belong to its state diagram, not to the event list or the timeline.
    case Kind::Step:
      return 0;
  }
  return kOther;
}

Proto proto_of(const std::string& protocol) {
  if (protocol == "smtp" || protocol == "submission") return Proto::Smtp;
  if (protocol == "pop3") return Proto::Pop3;
  if (protocol == "imap") return Proto::Imap;
  if (protocol == "dns") return Proto::Dns;
  return Proto::Other;
}

TraceModel::TraceModel(std::vector<trace::Event> events, std::vector<std::string> hosts, std::vector<bool> initially_up)
    : events_(std::move(events)), hosts_(std::move(hosts)), initially_up_(std::move(initially_up)) {
  // Hand-made traces (tests, benchmarks) name their kind by their payload too, as Trace::add does.
  for (auto& e : events_) e.kind = trace::kind_of(e.data);
  // The kernel appends events in time order; keep it so even for hand-made traces.
  std::stable_sort(events_.begin(), events_.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
  for (std::size_t i = 0; i < hosts_.size(); ++i) host_index_.emplace(hosts_[i], static_cast<std::uint16_t>(i));
  initially_up_.resize(hosts_.size(), true);
  host_state_.resize(hosts_.size());
  categories_.resize(events_.size());
  line_index_.assign(events_.size(), 0);
  for (std::uint32_t i = 0; i < events_.size(); ++i) {
    const auto& e = events_[i];
    categories_[i] = category_of(e);
    last_time_ = std::max({last_time_, e.time, e.arrive});
    index_packet(i);
    index_connection(i);
    index_state(i);
  }
  // Steps after the connection is known (a machine may report before the first line is indexed).
  for (std::uint32_t i = 0; i < events_.size(); ++i)
    if (events_[i].kind == Kind::Step && events_[i].conn != 0)
      if (auto it = connection_index_.find(events_[i].conn); it != connection_index_.end())
        connections_[it->second].steps.push_back(i);
  queued_.clear();
  accepted_ids_.clear();
  null_sender_.clear();
  index_open_ports();
  // Lines written at the same instant on the same connection and in the same direction form a train.
  for (std::size_t begin = 0; begin < packets_.size();) {
    std::size_t end = begin + 1;
    const auto& first = events_[packets_[begin].event];
    while (end < packets_.size() && first.kind == Kind::Segment) {
      const auto& e = events_[packets_[end].event];
      if (e.kind != Kind::Segment || e.conn != first.conn || e.time != first.time || e.dir != first.dir) break;
      ++end;
    }
    for (std::size_t k = begin; k < end; ++k) {
      packets_[k].train_index = static_cast<std::uint16_t>(std::min<std::size_t>(k - begin, 0xffff));
      packets_[k].train_size = static_cast<std::uint16_t>(std::min<std::size_t>(end - begin, 0xffff));
    }
    begin = end;
  }
}

// A connection is open from its Accepted to its last Close or Reset (one without either stays open).
void TraceModel::index_open_ports() {
  std::map<std::pair<std::string, std::uint16_t>, std::vector<std::pair<Time, int>>> changes;
  for (const Connection& c : connections_) {
    auto& v = changes[{c.server, c.port}];
    v.push_back({c.opened, +1});
    std::optional<Time> end;
    for (std::uint32_t i : c.control)
      if (events_[i].kind == Kind::Close || events_[i].kind == Kind::Reset) end = events_[i].time;
    if (end) v.push_back({*end, -1});
  }
  for (auto& [key, v] : changes) {
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    auto& series = open_series_[key];
    int n = 0;
    for (const auto& [t, d] : v) change_at(series, t, n += d);
  }
}

int TraceModel::connections_open(const std::string& host, std::uint16_t port, Time t) const {
  auto it = open_series_.find({host, port});
  return it == open_series_.end() ? 0 : value_at(it->second, t, 0);
}

std::optional<std::uint16_t> TraceModel::host_index(const std::string& name) const {
  auto it = host_index_.find(name);
  if (it == host_index_.end()) return std::nullopt;
  return it->second;
}

void TraceModel::index_packet(std::uint32_t i) {
  const auto& e = events_[i];
  PacketShape shape = PacketShape::Line;
  switch (e.kind) {
    case Kind::Segment: {
      const auto& seg = e.as<trace::data::Segment>();
      // A transaction begins at MAIL (with its sender, null for a DSN) and RSET abandons it.
      if (seg.what == trace::Payload::Command && e.dir == trace::Direction::ClientToServer) {
        if (seg.facts.keyword == "MAIL") null_sender_[e.conn] = seg.facts.null_sender;
        else if (seg.facts.keyword == "RSET") null_sender_.erase(e.conn);
      }
      shape = seg.what != trace::Payload::Content ? PacketShape::Line
              : null_sender_.contains(e.conn) && null_sender_[e.conn] ? PacketShape::Bounce
                                                                     : PacketShape::Envelope;
      break;
    }
    case Kind::Datagram:
      shape = PacketShape::Line;
      break;
    case Kind::TlsRecord:  // the wire bytes of a connection inside TLS (its lines have no path)
      shape = PacketShape::Record;
      break;
    case Kind::Connect:
    case Kind::Accepted:
    case Kind::Refused:
    case Kind::Close:
      shape = PacketShape::Control;
      break;
    // Nothing travels for these (a timeout or reset is drawn where it happens, not as a packet).
    case Kind::HostState:
    case Kind::LinkState:
    case Kind::ServiceState:
    case Kind::TimedOut:
    case Kind::Reset:
    case Kind::DnsTimeout:
    case Kind::Queue:
    case Kind::Delivery:
    case Kind::Bounce:
    case Kind::Submit:
    case Kind::Fetch:
    case Kind::Failure:
    case Kind::Caption:
    case Kind::Note:
    case Kind::Step:
    case Kind::Auth:
    case Kind::Captured:
    case Kind::Tls:
    case Kind::Tampered:  // a note; the lines before and after it are the packets
      return;
  }
  if (e.path.size() < 2 || e.arrive <= e.time) return;  // lost, or nowhere to travel
  Packet p{};
  p.event = i;
  p.sent = e.time;
  p.arrive = e.arrive;
  p.hop_begin = static_cast<std::uint32_t>(hops_.size());
  for (const auto& h : e.path) {
    auto idx = host_index(h.host);
    if (!idx) {  // a host the map does not know: do not animate half a route
      hops_.resize(p.hop_begin);
      return;
    }
    hops_.push_back({*idx, h.at});
  }
  p.hop_count = static_cast<std::uint16_t>(e.path.size());
  p.train_index = 0;
  p.train_size = 1;
  p.shape = shape;
  p.proto = proto_of(e.protocol);
  longest_flight_ = std::max(longest_flight_, p.arrive - p.sent);
  packets_.push_back(p);
}

void TraceModel::index_connection(std::uint32_t i) {
  const auto& e = events_[i];
  // A sender check (Auth) is a note of the server's dialog: it ran between two of its lines. So are
  // the TLS handshake's records and its summary (Tls: the version, the certificate, why it was
  // refused; the records that carry lines are those lines) and what a man in the middle changed
  // (Tampered).
  const bool note = e.kind == Kind::Auth || e.kind == Kind::Tls || e.kind == Kind::Tampered ||
                    (e.kind == Kind::TlsRecord && dialog_record(e.as<trace::data::TlsRecord>()));
  if (e.conn == 0 || (e.kind != Kind::Accepted && e.kind != Kind::Segment && e.kind != Kind::Close &&
                      e.kind != Kind::Reset && !note))
    return;
  if (note && !connection_index_.contains(e.conn)) return;
  auto [it, fresh] = connection_index_.emplace(e.conn, connections_.size());
  if (fresh) {
    Connection c;
    c.id = e.conn;
    c.protocol = e.protocol;
    c.port = e.port;
    c.client_port = e.client_port;
    c.opened = e.time;
    // Accepted is sent by the server; a segment says which way it goes.
    const bool from_server = e.kind == Kind::Accepted || e.dir == trace::Direction::ServerToClient;
    c.server = from_server ? e.host : e.peer;
    c.client = from_server ? e.peer : e.host;
    connections_.push_back(std::move(c));
    last_line_.push_back({-1, -1});
  }
  Connection& c = connections_[it->second];
  if (e.kind != Kind::Segment) {
    c.control.push_back(i);
    return;
  }
  // The previous line each way on this connection (-1: none yet) tells where a line stands.
  auto& last = last_line_[it->second];
  const bool from_server = e.dir == trace::Direction::ServerToClient;
  const std::int64_t prev_same = last[from_server ? 1 : 0];
  LineContext ctx;
  ctx.first_server_line = from_server && last[1] < 0;
  // "250-PIPELINING" follows "250-mail.example": a reply goes on while its lines have '-' after the code.
  if (from_server && prev_same >= 0) {
    const auto& p = events_[static_cast<std::size_t>(prev_same)].as<trace::data::Segment>();
    ctx.continuation = p.what == trace::Payload::Reply && p.facts.more;
  }
  last[from_server ? 1 : 0] = i;
  line_index_[i] = static_cast<std::uint32_t>(c.lines.size());
  c.lines.push_back({i, explain_line(e.protocol, e.dir, e.as<trace::data::Segment>(), ctx)});
  lines_.push_back(i);
}

void TraceModel::index_state(std::uint32_t i) {
  const auto& e = events_[i];
  if (trace::takes_in_message(e) && accepted_ids_[e.host].insert(e.queue_id).second)
    change_at(accepted_series_[e.host], e.time, static_cast<int>(accepted_ids_[e.host].size()));
  switch (e.kind) {
    case Kind::HostState:
      if (auto h = host_index(e.host)) host_state_[*h].push_back({e.time, e.as<trace::data::HostState>().up});
      break;
    case Kind::LinkState: {
      auto key = std::minmax(e.host, e.peer);
      link_state_[{key.first, key.second}].push_back({e.time, e.as<trace::data::LinkState>().up});
      break;
    }
    case Kind::ServiceState:
      service_state_[{e.host, e.port}].push_back({e.time, e.as<trace::data::ServiceState>().running});
      break;
    case Kind::Queue: {
      auto& ids = queued_[e.host];
      if (e.as<trace::data::Queue>().to == trace::QueueName::Removed) ids.erase(e.queue_id);
      else ids[e.queue_id] = true;
      change_at(queue_series_[e.host], e.time, static_cast<int>(ids.size()));
      break;
    }
    case Kind::Failure:
      failures_.push_back(i);
      break;
    case Kind::Caption:
      captions_.push_back(i);
      break;
    // The rest changes nothing the map shows over time.
    case Kind::Connect:
    case Kind::Accepted:
    case Kind::Refused:
    case Kind::TimedOut:
    case Kind::Segment:
    case Kind::Close:
    case Kind::Reset:
    case Kind::Datagram:
    case Kind::DnsTimeout:
    case Kind::Delivery:
    case Kind::Bounce:
    case Kind::Submit:
    case Kind::Fetch:
    case Kind::Note:
    case Kind::Step:
    case Kind::Auth:
    case Kind::Captured:
    case Kind::TlsRecord:
    case Kind::Tls:
    case Kind::Tampered:
      break;
  }
}

const Connection* TraceModel::connection(std::uint64_t id) const {
  auto it = connection_index_.find(id);
  return it == connection_index_.end() ? nullptr : &connections_[it->second];
}

std::optional<std::uint32_t> TraceModel::current_line(Time t) const {
  auto it = std::upper_bound(lines_.begin(), lines_.end(), t,
                             [this](Time v, std::uint32_t i) { return v < events_[i].time; });
  if (it == lines_.begin()) return std::nullopt;
  return *std::prev(it);
}

std::size_t TraceModel::line_index(std::uint32_t event) const { return line_index_[event]; }

std::size_t TraceModel::count_until(Time t) const {
  auto it = std::upper_bound(events_.begin(), events_.end(), t,
                             [](Time v, const trace::Event& e) { return v < e.time; });
  return static_cast<std::size_t>(it - events_.begin());
}

bool TraceModel::host_up(std::uint16_t host, Time t) const {
  if (host >= host_state_.size()) return true;
  return value_at(host_state_[host], t, static_cast<bool>(initially_up_[host]));
}

bool TraceModel::link_up(const std::string& a, const std::string& b, Time t) const {
  auto key = std::minmax(a, b);
  auto it = link_state_.find({key.first, key.second});
  return it == link_state_.end() ? true : value_at(it->second, t, true);
}

bool TraceModel::service_running(const std::string& host, std::uint16_t port, Time t) const {
  auto it = service_state_.find({host, port});
  return it == service_state_.end() ? true : value_at(it->second, t, true);
}

int TraceModel::queue_length(const std::string& host, Time t) const {
  auto it = queue_series_.find(host);
  return it == queue_series_.end() ? 0 : value_at(it->second, t, 0);
}

int TraceModel::accepted(const std::string& host, Time t) const {
  auto it = accepted_series_.find(host);
  return it == accepted_series_.end() ? 0 : value_at(it->second, t, 0);
}

const Series<int>* TraceModel::accepted_series(const std::string& host) const {
  auto it = accepted_series_.find(host);
  return it == accepted_series_.end() ? nullptr : &it->second;
}

const Series<int>* TraceModel::queue_series(const std::string& host) const {
  auto it = queue_series_.find(host);
  return it == queue_series_.end() ? nullptr : &it->second;
}

}  // namespace mailsim::viz
