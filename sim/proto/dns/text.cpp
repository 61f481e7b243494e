// The text forms of DNS data: type and rcode mnemonics, zone-file lines (RFC 1035 §5.1) and the
// one-line transcript summary. Kept apart from the wire code so each file has one job.
#include <algorithm>
#include <cstdio>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/dns/message.hpp"

namespace mailsim::dns {

namespace {

// Zone-file quoting (§5.1): '"' and '\' are escaped, unprintable octets become \DDD, so a TXT
// value shows on one line whatever bytes it holds.
std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(u));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Zone files write absolute names with the trailing dot; the root is ".".
std::string absolute(const std::string& name) {
  return name.empty() ? "." : name + ".";
}

// The transcript shows names as people write them in mail: no trailing dot, but the root as ".".
std::string shown(const std::string& name) {
  return name.empty() ? "." : name;
}

// One answer in a summary: what the record says, without owner, TTL or class.
std::string summary_entry(const Record& r) {
  switch (r.type) {
    case Type::A:
    case Type::AAAA: return r.data;
    case Type::MX: return std::to_string(r.preference) + " " + shown(r.data);
    case Type::CNAME: return "CNAME " + shown(r.data);
    case Type::PTR: return shown(r.data);
    case Type::TXT: return quote(r.data);
  }
  return to_string(r.type);
}

}  // namespace

std::string to_string(Type t) {
  switch (t) {
    case Type::A: return "A";
    case Type::CNAME: return "CNAME";
    case Type::PTR: return "PTR";
    case Type::MX: return "MX";
    case Type::TXT: return "TXT";
    case Type::AAAA: return "AAAA";
  }
  return "TYPE" + std::to_string(static_cast<unsigned>(t));  // RFC 3597 §5 spelling
}

std::string to_string(Rcode r) {
  switch (r) {
    case Rcode::NoError: return "NOERROR";
    case Rcode::FormErr: return "FORMERR";
    case Rcode::ServFail: return "SERVFAIL";
    case Rcode::NXDomain: return "NXDOMAIN";
    case Rcode::NotImp: return "NOTIMP";
    case Rcode::Refused: return "REFUSED";
  }
  // decode keeps rcodes 6-15 (RFC 2136, 2845, ...) that the enum does not name.
  return "RCODE" + std::to_string(static_cast<unsigned>(r));
}

std::optional<Type> type_from_string(std::string_view s) {
  for (Type t : {Type::A, Type::CNAME, Type::PTR, Type::MX, Type::TXT, Type::AAAA}) {
    if (proto::iequals(s, to_string(t))) return t;
  }
  return std::nullopt;
}

std::string Record::to_string() const {
  std::string rdata;
  switch (type) {
    case Type::A:
    case Type::AAAA: rdata = data; break;
    case Type::MX: rdata = std::to_string(preference) + " " + absolute(data); break;
    case Type::CNAME:
    case Type::PTR: rdata = absolute(data); break;
    case Type::TXT: {
      // The same 255-octet character-strings the wire carries, so the line loads back into a zone.
      std::string_view text = data;
      do {
        if (!rdata.empty()) rdata += ' ';
        rdata += quote(text.substr(0, 255));
        text.remove_prefix(std::min<std::size_t>(255, text.size()));
      } while (!text.empty());
      break;
    }
  }
  return absolute(name) + " " + std::to_string(ttl) + " IN " + dns::to_string(type) + " " + rdata;
}

std::string Message::summary() const {
  std::string out = response ? "response" : "query";
  out += " id=" + std::to_string(id);
  if (response) out += " " + to_string(rcode);
  for (std::size_t i = 0; i < questions.size(); ++i) {
    out += i ? ", " : " ";
    out += to_string(questions[i].type) + " " + shown(questions[i].name);
  }
  if (!response) return out;
  if (!answers.empty()) {
    for (std::size_t i = 0; i < answers.size(); ++i) out += (i ? ", " : ": ") + summary_entry(answers[i]);
  } else if (rcode == Rcode::NoError) {
    out += ": (no records)";  // NODATA: the name exists, but not with this type (RFC 2308 §2.2)
  }
  return out;
}

}  // namespace mailsim::dns
