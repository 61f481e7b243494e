#include "sim/export/pcap.hpp"

#include <algorithm>
#include <vector>

namespace mailsim::exporter {

namespace {

using Bytes = std::string;

void put16(Bytes& b, std::uint32_t v) {
  b += static_cast<char>(v >> 8 & 0xff);
  b += static_cast<char>(v & 0xff);
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xffff);
}
void put32le(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b += static_cast<char>(v >> (8 * i) & 0xff);
}

std::uint32_t ipv4(const std::string& s) {
  std::uint32_t out = 0;
  unsigned part = 0;
  for (char c : s + ".") {
    if (c == '.') {
      out = out << 8 | (part & 0xff);
      part = 0;
    } else if (c >= '0' && c <= '9') {
      part = part * 10 + static_cast<unsigned>(c - '0');
    }
  }
  return out;
}

// RFC 1071 one's-complement sum.
std::uint32_t sum16(const Bytes& b, std::uint32_t acc = 0) {
  for (std::size_t i = 0; i + 1 < b.size(); i += 2)
    acc += (static_cast<std::uint8_t>(b[i]) << 8) | static_cast<std::uint8_t>(b[i + 1]);
  if (b.size() % 2) acc += static_cast<std::uint8_t>(b.back()) << 8;
  return acc;
}
std::uint16_t fold(std::uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc & 0xffff);
}

struct Packet {
  Time at;
  std::uint64_t order;  // trace order breaks ties, so a stream's packets stay in sequence
  Bytes frame;
};

// Ethernet + IPv4 around a transport segment; MACs are derived from the addresses (02:00:a.b.c.d).
Bytes frame(std::uint32_t src, std::uint32_t dst, std::uint8_t proto, const Bytes& transport, std::uint16_t ip_id) {
  Bytes f;
  auto mac = [&](std::uint32_t a) {
    f += '\x02';
    f += '\x00';
    put32(f, a);
  };
  mac(dst);
  mac(src);
  put16(f, 0x0800);
  Bytes ip;
  ip += '\x45';
  ip += '\x00';
  put16(ip, static_cast<std::uint32_t>(20 + transport.size()));
  put16(ip, ip_id);
  put16(ip, 0x4000);  // don't fragment
  ip += '\x40';       // TTL 64
  ip += static_cast<char>(proto);
  put16(ip, 0);
  put32(ip, src);
  put32(ip, dst);
  const std::uint16_t ck = fold(sum16(ip));
  ip[10] = static_cast<char>(ck >> 8);
  ip[11] = static_cast<char>(ck & 0xff);
  return f + ip + transport;
}

std::uint32_t pseudo_sum(std::uint32_t src, std::uint32_t dst, std::uint8_t proto, std::size_t len) {
  return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + static_cast<std::uint32_t>(len);
}

enum TcpFlags : std::uint8_t { FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16 };

Bytes tcp(std::uint32_t src, std::uint32_t dst, std::uint16_t sport, std::uint16_t dport, std::uint32_t seq,
          std::uint32_t ack, std::uint8_t flags, const Bytes& payload) {
  Bytes t;
  put16(t, sport);
  put16(t, dport);
  put32(t, seq);
  put32(t, (flags & ACK) ? ack : 0);
  t += static_cast<char>(5 << 4);
  t += static_cast<char>(flags);
  put16(t, 65535);
  put16(t, 0);
  put16(t, 0);
  t += payload;
  const std::uint16_t ck = fold(sum16(t, pseudo_sum(src, dst, 6, t.size())));
  t[16] = static_cast<char>(ck >> 8);
  t[17] = static_cast<char>(ck & 0xff);
  return t;
}

Bytes udp(std::uint32_t src, std::uint32_t dst, std::uint16_t sport, std::uint16_t dport, const Bytes& payload) {
  Bytes u;
  put16(u, sport);
  put16(u, dport);
  put16(u, static_cast<std::uint32_t>(8 + payload.size()));
  put16(u, 0);
  u += payload;
  std::uint16_t ck = fold(sum16(u, pseudo_sum(src, dst, 17, u.size())));
  if (ck == 0) ck = 0xffff;  // RFC 768: zero means "no checksum"
  u[6] = static_cast<char>(ck >> 8);
  u[7] = static_cast<char>(ck & 0xff);
  return u;
}

struct Stream {
  std::uint32_t client = 0, server = 0;
  std::uint16_t cport = 0, sport = 0;
  std::uint32_t next[2] = {0, 0};  // next sequence number: [0] client, [1] server
  Time syn_at = 0;                 // when the first SYN went out
};

// A SYN nobody answers is sent again as Linux does: the retransmission timeout starts at 1 s
// (RFC 6298 §2.1) and doubles, so the copies leave 1 s, 3 s, 7 s, 15 s ... after the first, until
// the client gives up. This is what a retry lesson looks like in Wireshark.
constexpr Duration kInitialRto = 1 * kSecond;

}  // namespace

void write_pcap(const trace::Trace& trace, const std::map<std::string, std::string>& addresses, std::int64_t epoch,
                std::ostream& out) {
  auto addr = [&](const std::string& host) {
    auto it = addresses.find(host);
    // A SYN to an address no host has (a typo in a lesson) still names that address.
    return it == addresses.end() ? ipv4(host) : ipv4(it->second);
  };
  std::vector<Packet> packets;
  std::map<std::pair<std::string, std::uint16_t>, Stream> streams;  // (client host, client port)
  std::uint16_t ip_id = 1;
  auto emit = [&](Time at, std::uint64_t order, std::uint32_t src, std::uint32_t dst, std::uint8_t proto, Bytes t) {
    packets.push_back({at, order, frame(src, dst, proto, t, ip_id++)});
  };
  auto segment = [&](Stream& s, int side, Time at, std::uint64_t order, std::uint8_t flags, const Bytes& payload) {
    const std::uint32_t src = side == 0 ? s.client : s.server, dst = side == 0 ? s.server : s.client;
    const std::uint16_t sp = side == 0 ? s.cport : s.sport, dp = side == 0 ? s.sport : s.cport;
    emit(at, order, src, dst, 6, tcp(src, dst, sp, dp, s.next[side], s.next[1 - side], flags, payload));
    s.next[side] += static_cast<std::uint32_t>(payload.size()) + ((flags & (SYN | FIN)) ? 1 : 0);
  };

  for (const auto& e : trace.events()) {
    using trace::Kind;
    const std::uint64_t order = e.seq * 4;
    switch (e.kind) {
      case Kind::Connect: {
        // Even with no route the SYN leaves the client; it is what a capture there would show.
        Stream s;
        s.client = addr(e.host);
        s.server = addr(e.peer);
        s.cport = e.client_port;
        s.sport = e.port;
        // Initial sequence numbers from the ports: fixed per connection, so captures repeat.
        s.next[0] = 0x10000000u + s.cport * 7919u;
        s.next[1] = 0x20000000u + s.cport * 104729u;
        s.syn_at = e.time;
        segment(s, 0, e.time, order, SYN, {});
        streams[{e.host, e.client_port}] = s;
        break;
      }
      case Kind::TimedOut: {
        auto it = streams.find({e.host, e.client_port});
        if (it == streams.end()) break;
        Stream& s = it->second;
        const std::uint32_t isn = s.next[0] - 1;  // the SYN's own sequence number, sent again
        Duration rto = kInitialRto;
        for (Time at = s.syn_at + rto; at < e.time; rto *= 2, at += rto)
          emit(at, order, s.client, s.server, 6,
               tcp(s.client, s.server, s.cport, s.sport, isn, 0, SYN, {}));
        streams.erase(it);
        break;
      }
      case Kind::Accepted: {
        auto it = streams.find({e.peer, e.client_port});
        if (it == streams.end()) break;
        segment(it->second, 1, e.time, order, SYN | ACK, {});
        segment(it->second, 0, e.arrive, order + 1, ACK, {});
        break;
      }
      case Kind::Refused: {
        auto it = streams.find({e.peer, e.client_port});
        if (it == streams.end()) break;
        segment(it->second, 1, e.time, order, RST | ACK, {});
        streams.erase(it);
        break;
      }
      case Kind::Segment:
      case Kind::TlsRecord:
      case Kind::Close:
      case Kind::Reset: {
        auto it = streams.find({e.dir == trace::Direction::ServerToClient ? e.peer : e.host, e.client_port});
        if (e.kind == Kind::Reset) it = streams.find({e.host, e.client_port});
        if (it == streams.end()) break;
        if (const auto* rec = e.get<trace::data::TlsRecord>()) {
          segment(it->second, e.dir == trace::Direction::ClientToServer ? 0 : 1, e.time, order, PSH | ACK, rec->bytes);
        } else if (const auto* seg = e.get<trace::data::Segment>()) {
          // A served run's summary of lines it left out is no bytes of the stream, and a line inside
          // TLS crossed as the records before it.
          if (seg->what != trace::Payload::Omitted && !seg->tls)
            segment(it->second, e.dir == trace::Direction::ClientToServer ? 0 : 1, e.time, order, PSH | ACK,
                    seg->text + trace::bytes_of(seg->eol));
        }
        else if (e.kind == Kind::Close)
          segment(it->second, e.dir == trace::Direction::ClientToServer ? 0 : 1, e.time, order, FIN | ACK, {});
        else
          segment(it->second, 1, e.time, order, RST | ACK, {});
        break;
      }
      case Kind::Datagram: {
        const std::string& wire = e.as<trace::data::Datagram>().wire;
        if (!wire.empty() && !e.path.empty())
          emit(e.time, order, addr(e.host), addr(e.peer), 17, udp(addr(e.host), addr(e.peer), e.client_port, e.port, wire));
        break;
      }
      // Nothing on the wire: state changes, queue moves, deliveries, captions, notes, machine steps.
      case Kind::HostState:
      case Kind::LinkState:
      case Kind::ServiceState:
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
      case Kind::Tampered:  // the changed bytes are in the Segment events that follow it
        break;
    }
  }
  std::stable_sort(packets.begin(), packets.end(),
                   [](const Packet& a, const Packet& b) { return a.at != b.at ? a.at < b.at : a.order < b.order; });

  Bytes header;
  put32le(header, 0xa1b2c3d4);  // microsecond timestamps
  header += '\x02';
  header += '\x00';  // version 2.4, little-endian fields
  header += '\x04';
  header += '\x00';
  put32le(header, 0);
  put32le(header, 0);
  put32le(header, 262144);
  put32le(header, 1);  // LINKTYPE_ETHERNET
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  for (const auto& p : packets) {
    Bytes rec;
    const std::int64_t us = p.at;
    put32le(rec, static_cast<std::uint32_t>(epoch + us / 1000000));
    put32le(rec, static_cast<std::uint32_t>(us % 1000000));
    put32le(rec, static_cast<std::uint32_t>(p.frame.size()));
    put32le(rec, static_cast<std::uint32_t>(p.frame.size()));
    out.write(rec.data(), static_cast<std::streamsize>(rec.size()));
    out.write(p.frame.data(), static_cast<std::streamsize>(p.frame.size()));
  }
}

}  // namespace mailsim::exporter
