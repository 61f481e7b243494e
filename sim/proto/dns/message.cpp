// Message <-> wire bytes (RFC 1035 §4.1). The text forms (summary, zone-file lines) are in text.cpp.
//
// What decode accepts, and why:
// - opcode must be 0 (QUERY): the Message struct has no field for any other, so such a message could
//   not be represented faithfully; it is rejected rather than silently turned into a query.
// - questions must be class IN with a type we model (A, CNAME, PTR, MX, TXT, AAAA): same reason.
// - a resource record of another type or class (OPT from EDNS, SRV, ...) is skipped after its bounds
//   are checked, so a capture of real traffic still decodes; only what we model is kept.
// - TC, RA and the Z/AD/CD bits are ignored; any rcode 0-15 is kept (to_string names the unknown ones).
// - every byte must be accounted for: trailing bytes after the last record are a malformation.
#include <algorithm>

#include "sim/proto/dns/message.hpp"

#include "sim/proto/dns/address.hpp"
#include "sim/proto/dns/wire.hpp"

namespace mailsim::dns {

namespace {

constexpr std::uint16_t kClassIN = 1;
constexpr std::uint16_t kFlagQR = 0x8000;
constexpr std::uint16_t kFlagAA = 0x0400;
constexpr std::uint16_t kFlagRD = 0x0100;
// RDLENGTH is 16 bits: a TXT record's character-strings, length octets included, fit in 65535
// octets. Every text a received TXT record can hold (up to 65279 octets in 256 strings) fits again.
constexpr std::size_t kMaxRdata = 0xFFFF;

bool known_type(std::uint16_t t) {
  return t == 1 || t == 5 || t == 12 || t == 15 || t == 16 || t == 28;
}

void write_rdata(wire::Writer& w, const Record& r) {
  switch (r.type) {
    case Type::A:
    case Type::AAAA: {
      // An unparsable address is a bug in the zone data; all zeros keep the message well formed.
      const auto parsed = r.type == Type::A ? parse_ipv4(r.data) : parse_ipv6(r.data);
      const Address a = parsed.value_or(Address{r.type == Type::A ? Address::Family::V4 : Address::Family::V6, {}});
      for (std::size_t i = 0; i < a.size(); ++i) w.u8(a.octets[i]);
      break;
    }
    case Type::MX:
      w.u16(r.preference);
      w.name(r.data);  // RFC 1035 §4.1.4 lets MX, CNAME and PTR rdata names be compressed
      break;
    case Type::CNAME:
    case Type::PTR:
      w.name(r.data);
      break;
    case Type::TXT: {
      // §3.3.14: one or more <character-string>s of at most 255 octets; the text is cut into them,
      // and what would not fit in RDLENGTH is dropped.
      std::string_view text = r.data;
      std::size_t rdata = 0;
      do {
        const std::string_view chunk = text.substr(0, std::min<std::size_t>(255, kMaxRdata - rdata - 1));
        w.u8(static_cast<std::uint8_t>(chunk.size()));
        w.bytes(chunk);
        text.remove_prefix(chunk.size());
        rdata += 1 + chunk.size();
      } while (!text.empty() && rdata + 1 < kMaxRdata);
      break;
    }
  }
}

void write_record(wire::Writer& w, const Record& r) {
  w.name(r.name);
  w.u16(static_cast<std::uint16_t>(r.type));
  w.u16(kClassIN);
  w.u32(r.ttl);
  const std::size_t rdlength_at = w.size();
  w.u16(0);  // patched once the (possibly compressed) rdata's length is known
  const std::size_t start = w.size();
  write_rdata(w, r);
  w.patch_u16(rdlength_at, static_cast<std::uint16_t>(w.size() - start));
}

std::uint16_t count(std::size_t n) {
  return static_cast<std::uint16_t>(n > 0xFFFF ? 0xFFFF : n);
}

// Reads the rdata of a known type into `r`; the caller checks it used exactly rdlength octets.
bool read_rdata(wire::Reader& rd, Record& r, std::size_t end) {
  switch (r.type) {
    case Type::A:
    case Type::AAAA: {
      Address a{r.type == Type::A ? Address::Family::V4 : Address::Family::V6, {}};
      if (end - rd.pos() != a.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) a.octets[i] = rd.u8();
      r.data = to_string(a);
      return rd.ok();
    }
    case Type::MX: {
      r.preference = rd.u16();
      auto n = rd.name();
      if (!n) return false;
      r.data = std::move(*n);
      return true;
    }
    case Type::CNAME:
    case Type::PTR: {
      auto n = rd.name();
      if (!n) return false;
      r.data = std::move(*n);
      return true;
    }
    case Type::TXT: {
      if (rd.pos() == end) return false;  // §3.3.14: at least one character-string
      while (rd.ok() && rd.pos() < end) {
        const std::uint8_t len = rd.u8();
        r.data += rd.bytes(len);
      }
      return rd.ok();
    }
  }
  return false;
}

enum class Read { Kept, Skipped, Bad };

Read read_record(wire::Reader& rd, Record& r) {
  auto name = rd.name();
  const std::uint16_t type = rd.u16();
  const std::uint16_t cls = rd.u16();
  r.ttl = rd.u32();
  const std::uint16_t rdlength = rd.u16();
  if (!name || !rd.ok() || rdlength > rd.remaining()) return Read::Bad;
  const std::size_t end = rd.pos() + rdlength;
  if (!known_type(type) || cls != kClassIN) {
    rd.bytes(rdlength);
    return Read::Skipped;
  }
  r.name = std::move(*name);
  r.type = static_cast<Type>(type);
  if (!read_rdata(rd, r, end) || rd.pos() != end) return Read::Bad;
  return Read::Kept;
}

}  // namespace

std::string Message::encode() const {
  wire::Writer w;
  w.u16(id);
  std::uint16_t flags = static_cast<std::uint16_t>(rcode) & 0x000F;  // opcode 0, TC 0, RA 0, Z 0
  if (response) flags |= kFlagQR;
  if (authoritative) flags |= kFlagAA;
  if (recursion_desired) flags |= kFlagRD;
  w.u16(flags);
  const std::uint16_t qd = count(questions.size());
  const std::uint16_t an = count(answers.size());
  const std::uint16_t ns = count(authority.size());
  const std::uint16_t ar = count(additional.size());
  for (std::uint16_t c : {qd, an, ns, ar}) w.u16(c);
  for (std::size_t i = 0; i < qd; ++i) {
    w.name(questions[i].name);
    w.u16(static_cast<std::uint16_t>(questions[i].type));
    w.u16(kClassIN);
  }
  for (std::size_t i = 0; i < an; ++i) write_record(w, answers[i]);
  for (std::size_t i = 0; i < ns; ++i) write_record(w, authority[i]);
  for (std::size_t i = 0; i < ar; ++i) write_record(w, additional[i]);
  return w.take();
}

std::optional<Message> Message::decode(std::string_view bytes) {
  wire::Reader rd(bytes);
  Message m;
  m.id = rd.u16();
  const std::uint16_t flags = rd.u16();
  const std::uint16_t qd = rd.u16();
  const std::uint16_t an = rd.u16();
  const std::uint16_t ns = rd.u16();
  const std::uint16_t ar = rd.u16();
  if (!rd.ok() || ((flags >> 11) & 0xF) != 0) return std::nullopt;
  m.response = flags & kFlagQR;
  m.authoritative = flags & kFlagAA;
  m.recursion_desired = flags & kFlagRD;
  m.rcode = static_cast<Rcode>(flags & 0x000F);

  // Counts come from the peer: nothing is reserved from them, each entry must really be there.
  for (std::uint16_t i = 0; i < qd; ++i) {
    auto name = rd.name();
    const std::uint16_t type = rd.u16();
    const std::uint16_t cls = rd.u16();
    if (!name || !rd.ok() || !known_type(type) || cls != kClassIN) return std::nullopt;
    m.questions.push_back(Question{std::move(*name), static_cast<Type>(type)});
  }
  for (auto [n, section] : {std::pair{an, &m.answers}, {ns, &m.authority}, {ar, &m.additional}}) {
    for (std::uint16_t i = 0; i < n; ++i) {
      Record r;
      switch (read_record(rd, r)) {
        case Read::Bad: return std::nullopt;
        case Read::Skipped: break;
        case Read::Kept: section->push_back(std::move(r)); break;
      }
    }
  }
  if (!rd.ok() || rd.remaining() != 0) return std::nullopt;
  return m;
}

}  // namespace mailsim::dns
