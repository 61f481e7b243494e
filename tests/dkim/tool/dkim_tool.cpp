// A small command line over the DKIM library for the interop test (dkimpy_interop.py):
//
//   dkim_tool sign KEY --domain D --selector S [--canon H/B] [--length] [--t T] [--x X]
//             [--headers a:b:c] [--oversign a:b] MESSAGE      signed message to stdout
//   dkim_tool record KEY                                       the key record text
//   dkim_tool verify --record NAME=TEXT ... [--now T] MESSAGE  one line per signature
//
// KEY is --pem FILE, --ed25519-b64 FILE (32 octets in base64, dkimpy's key format) or
// --seed TEXT --type rsa|ed25519 [--bits N]. MESSAGE lines may end in LF; they are sent as CRLF.
// verify answers key queries from the given records through the DNS wire format, as a node would
// see them, and prints "RESULT d=D s=S reason" per signature.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/proto/dkim/crypto.hpp"
#include "sim/proto/dkim/sign.hpp"
#include "sim/proto/dkim/verify.hpp"
#include "sim/proto/dns/zone.hpp"
#include "sim/proto/message/message.hpp"

using namespace mailsim;

namespace {

[[noreturn]] void die(const std::string& why) {
  std::cerr << "dkim_tool: " << why << "\n";
  std::exit(2);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) out.push_back(part);
  return out;
}

struct Args {
  std::map<std::string, std::vector<std::string>> options;
  std::vector<std::string> positional;
  bool has(const std::string& k) const { return options.count(k) != 0; }
  std::string get(const std::string& k) const {
    auto it = options.find(k);
    if (it == options.end()) die("missing --" + k);
    return it->second.back();
  }
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      const std::string key = s.substr(2);
      if (key == "length") {
        a.options[key].push_back("");
        continue;
      }
      if (i + 1 >= argc) die("--" + key + " needs a value");
      a.options[key].push_back(argv[++i]);
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

dkim::PrivateKey load_key(const Args& a) {
  if (a.has("pem")) {
    auto k = dkim::PrivateKey::from_pem(slurp(a.get("pem")));
    if (!k) die(k.error);
    return *k;
  }
  if (a.has("ed25519-b64")) {
    auto raw = dkim::base64_decode(slurp(a.get("ed25519-b64")));
    if (!raw) die("the Ed25519 key file is not base64");
    auto k = dkim::PrivateKey::ed25519(*raw);
    if (!k) die(k.error);
    return *k;
  }
  const std::string type = a.get("type");
  const unsigned bits = a.has("bits") ? static_cast<unsigned>(std::stoul(a.get("bits"))) : 2048;
  auto k = dkim::PrivateKey::from_seed(type == "rsa" ? dkim::KeyType::Rsa : dkim::KeyType::Ed25519, a.get("seed"), bits);
  if (!k) die(k.error);
  return *k;
}

std::string message_arg(const Args& a) {
  if (a.positional.size() != 1) die("give one message file");
  return message::to_crlf(slurp(a.positional[0]));
}

int sign(const Args& a) {
  dkim::SignerConfig c;
  c.domain = a.get("domain");
  c.selector = a.get("selector");
  if (a.has("canon")) {
    auto canon = dkim::parse_canonicalization(a.get("canon"));
    if (!canon) die("bad --canon");
    c.canon = *canon;
  }
  if (a.has("length")) c.body_length = dkim::kWholeBody;
  if (a.has("t")) c.timestamp = std::stoll(a.get("t"));
  if (a.has("x")) c.expiration = std::stoll(a.get("x"));
  if (a.has("headers")) c.headers = split(a.get("headers"), ':');
  if (a.has("oversign")) c.oversign = split(a.get("oversign"), ':');
  if (a.has("identity")) c.identity = a.get("identity");
  const std::string m = message_arg(a);
  auto field = dkim::sign(c, load_key(a), m);
  if (!field) die(field.error);
  std::cout << *field << m;
  return 0;
}

int verify(const Args& a) {
  dns::ZoneSet zone;
  if (a.has("record")) {
    for (const std::string& r : a.options.at("record")) {
      const std::size_t eq = r.find('=');
      if (eq == std::string::npos) die("--record NAME=TEXT");
      dns::Record rec;
      rec.name = r.substr(0, eq);
      rec.type = dns::Type::TXT;
      rec.data = r.substr(eq + 1);
      zone.add(rec);
    }
  }
  const std::int64_t now = a.has("now") ? std::stoll(a.get("now")) : 0;
  dkim::Verifier v(message_arg(a), now, 1);
  for (int guard = 0; guard < 64; ++guard) {
    auto q = v.next_query();
    if (!q) break;
    auto query = dns::Message::decode(q->encode());
    auto answer = query ? dns::Message::decode(zone.answer(*query).encode()) : std::nullopt;
    if (answer) v.on_response(*answer);
    else v.on_timeout();
  }
  if (v.results().empty()) std::cout << "none\n";
  for (const dkim::SignatureCheck& c : v.results()) {
    std::cout << dkim::to_string(c.result);
    if (c.signature) std::cout << " d=" << c.signature->domain << " s=" << c.signature->selector;
    std::cout << " " << c.detail << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("usage: dkim_tool sign|record|verify ...");
  const std::string command = argv[1];
  const Args a = parse(argc, argv);
  if (command == "sign") return sign(a);
  if (command == "record") {
    std::cout << dkim::key_record_text(load_key(a)) << "\n";
    return 0;
  }
  if (command == "verify") return verify(a);
  die("unknown command " + command);
}
