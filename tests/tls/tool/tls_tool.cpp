// A small command line over the TLS engine for the interop test with OpenSSL's own s_client and
// s_server (openssl_interop.py). It speaks TLS over a real loopback socket through tls::Engine, as
// `mailsim serve` will, with the system's entropy (a served peer is real) unless --seed is given.
//
//   tls_tool pki --seed N --epoch T --host H --out DIR
//       DIR/ca.pem, and DIR/<flaw>.pem + DIR/<flaw>.key for H, one pair per flaw
//   tls_tool serve --seed N --epoch T --host H [--flaw F] [--min V] [--max V] [--keylog FILE]
//       listens on 127.0.0.1, prints "port P", serves one connection: each line received is
//       printed ("line: ...") and answered "echo: ...\r\n"; the line "QUIT" is answered, then
//       close_notify. Prints "established VERSION CIPHER sni=NAME" and "closed" or "failed: REASON".
//   tls_tool corpus --out DIR
//       the seed corpus of tests/fuzz/tls_engine.cpp: what a client and a server send in real
//       handshakes (both versions), after that target's option byte, as files flight-N
//   tls_tool connect --port P --ca FILE --name H --now T [--require] [--max V] [--send TEXT]
//       connects, prints "established VERSION CIPHER", "peer SUBJECT / ISSUER", "verify TEXT";
//       sends TEXT and CRLF, prints the first line that comes back ("received: ..."), closes.
//       On a failed handshake prints "failed: TEXT" and exits 1.
// Every wait is bounded (10 s); a stalled peer exits 3.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "sim/proto/crypto/library.hpp"
#include "sim/proto/tls/authority.hpp"
#include "sim/proto/tls/engine.hpp"
#include "sim/proto/tls/records.hpp"

using namespace mailsim;
using namespace mailsim::tls;

namespace {

[[noreturn]] void die(const std::string& why, int code = 2) {
  std::cout << "tls_tool: " << why << std::endl;
  std::exit(code);
}

struct Args {
  std::map<std::string, std::string> values;
  std::string get(const std::string& key, const std::string& fallback = "") const {
    auto it = values.find(key);
    return it == values.end() ? fallback : it->second;
  }
  bool has(const std::string& key) const { return values.count(key) > 0; }
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 2; i < argc; ++i) {
    std::string key = argv[i];
    if (!key.starts_with("--")) die("unexpected " + key);
    key = key.substr(2);
    if (key == "require") {
      a.values[key] = "1";
    } else {
      if (i + 1 >= argc) die("--" + key + " needs a value");
      a.values[key] = argv[++i];
    }
  }
  return a;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Version version(const std::string& name, Version fallback) {
  if (name.empty()) return fallback;
  auto v = version_from_string(name);
  if (!v) die("unknown version " + name);
  return *v;
}

std::shared_ptr<const crypto::Library> library(const Args& a) {
  return a.has("library-seed") ? crypto::Library::seeded(a.get("library-seed")) : crypto::Library::system();
}

// Reads what the socket has within 10 s; empty at the end of the stream.
std::string read_some(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, 10000) != 1) die("peer stalled", 3);
  char buf[16384];
  const ssize_t n = read(fd, buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

int cmd_pki(const Args& a) {
  const LessonPki pki(std::stoull(a.get("seed", "42")), std::stoll(a.get("epoch")));
  const std::filesystem::path dir = a.get("out");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ca.pem") << pki.ca_pem();
  for (const Flaw f : all_flaws()) {
    const Credentials c = pki.server(a.get("host"), f);
    std::ofstream(dir / (std::string(to_string(f)) + ".pem")) << c.leaf().pem();
    std::ofstream(dir / (std::string(to_string(f)) + ".key")) << c.key.pem();
  }
  return 0;
}

int cmd_serve(const Args& a) {
  const LessonPki pki(std::stoull(a.get("seed", "42")), std::stoll(a.get("epoch")));
  auto flaw = flaw_from_string(a.get("flaw", "ok"));
  if (!flaw) die("unknown flaw");
  ContextConfig config;
  config.role = Role::Server;
  config.min_version = version(a.get("min"), Version::Tls12);
  config.max_version = version(a.get("max"), Version::Tls13);
  config.credentials = pki.server(a.get("host"), *flaw);
  auto ctx = Context::make(library(a), config);
  if (!ctx) die(ctx.error);

  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener, 1) != 0) die("bind");
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::cout << "port " << ntohs(addr.sin_port) << std::endl;
  pollfd p{listener, POLLIN, 0};
  if (poll(&p, 1, 10000) != 1) die("nobody connected", 3);
  const int fd = accept(listener, nullptr, nullptr);

  std::ofstream keylog;
  if (a.has("keylog")) keylog.open(a.get("keylog"));
  EngineOptions options;
  options.keylog = [&](std::string_view line) { keylog << line << "\n" << std::flush; };
  Engine engine(*ctx.value, options);
  std::string lines;
  bool reported = false;
  for (;;) {
    const std::string bytes = read_some(fd);
    if (bytes.empty()) break;
    Received r = engine.feed_ciphertext(bytes);
    write_all(fd, r.to_peer);
    if (engine.handshake_done() && !reported) {
      reported = true;
      const SessionInfo& s = engine.session();
      std::cout << "established " << to_string(s.version) << " " << s.cipher << " sni=" << s.server_name << std::endl;
    }
    if (engine.state() == Engine::State::Failed) {
      std::cout << "failed: " << engine.failure().text() << " alert=" << engine.failure().alert << std::endl;
      return 1;
    }
    lines += r.plaintext;
    for (std::size_t nl; (nl = lines.find('\n')) != std::string::npos;) {
      std::string line = lines.substr(0, nl);
      lines.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::cout << "line: " << line << std::endl;
      write_all(fd, engine.write_plaintext("echo: " + line + "\r\n"));
      if (line == "QUIT") {
        write_all(fd, engine.close());
        std::cout << "closed" << std::endl;
        close(fd);
        return 0;
      }
    }
    if (engine.peer_closed()) {
      write_all(fd, engine.close());
      std::cout << "closed by peer" << std::endl;
      break;
    }
  }
  close(fd);
  return 0;
}

// One in-memory handshake with a line each way; returns what each side sent, in order.
std::pair<std::string, std::string> flights(Version max, std::string& server_first_flight) {
  auto lib = crypto::Library::seeded("fuzz corpus");
  const LessonPki pki(1, 1762160400);
  ContextConfig sc;
  sc.role = Role::Server;
  sc.max_version = max;
  sc.credentials = pki.server("mx.school.example");
  ContextConfig cc;
  cc.role = Role::Client;
  cc.max_version = max;
  cc.trusted = {pki.ca().certificate()};
  Engine server(*Context::make(lib, sc).value, {});
  EngineOptions o;
  o.server_name = "mx.school.example";
  o.now = 1762160460;
  Engine client(*Context::make(lib, cc).value, o);
  std::string by_client = client.start();
  std::string by_server;
  std::string to_server = by_client;
  for (int i = 0; i < 10 && !to_server.empty(); ++i) {
    Received s = server.feed_ciphertext(to_server);
    if (by_server.empty()) server_first_flight = s.to_peer;
    by_server += s.to_peer;
    Received c = client.feed_ciphertext(s.to_peer);
    to_server = c.to_peer;
    by_client += c.to_peer;
  }
  by_client += client.write_plaintext("EHLO relay.isp.example\r\n") + client.close();
  by_server += server.write_plaintext("250 mx.school.example\r\n") + server.close();
  return {by_client, by_server};
}

int cmd_corpus(const Args& a) {
  const std::filesystem::path dir = a.get("out");
  std::filesystem::create_directories(dir);
  int n = 0;
  auto seed = [&](unsigned char options, const std::string& bytes) {
    std::ofstream(dir / ("flight-" + std::to_string(++n)), std::ios::binary) << options << bytes;
  };
  for (const Version v : {Version::Tls13, Version::Tls12}) {
    const unsigned char version_bit = v == Version::Tls12 ? 2 : 0;
    std::string first;
    const auto [by_client, by_server] = flights(v, first);
    const std::string hello = by_client.substr(0, split_records(by_client).records.at(0).size);
    seed(version_bit, hello);                        // server: a ClientHello, whole
    seed(version_bit | (3 << 3), hello);             // ... fed 9 octets at a time
    seed(version_bit, by_client);                    // ... and the whole of a client's side
    seed(version_bit | 1, first);                    // client: a server's first flight
    seed(version_bit | 1 | 4, by_server);            // ... the whole of a server's side, verifying
    seed(version_bit | 1 | (5 << 3), by_server);     // ... fed 25 octets at a time
  }
  seed(0, "EHLO plain.example\r\n");                // plain text where TLS is expected
  return 0;
}

int cmd_connect(const Args& a) {
  auto trusted = Certificate::from_pem(slurp(a.get("ca")));
  if (!trusted) die(trusted.error);
  ContextConfig config;
  config.role = Role::Client;
  config.max_version = version(a.get("max"), Version::Tls13);
  config.trusted = *trusted.value;
  auto ctx = Context::make(library(a), config);
  if (!ctx) die(ctx.error);
  EngineOptions options;
  options.server_name = a.get("name");
  options.now = std::stoll(a.get("now"));
  options.require_verified = a.has("require");
  Engine engine(*ctx.value, options);

  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(a.get("port"))));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("connect");
  write_all(fd, engine.start());
  std::string received;
  while (!engine.handshake_done() && engine.state() != Engine::State::Failed) {
    const std::string bytes = read_some(fd);
    if (bytes.empty()) break;
    Received r = engine.feed_ciphertext(bytes);
    write_all(fd, r.to_peer);
    received += r.plaintext;
  }
  if (!engine.handshake_done()) {
    std::cout << "failed: " << engine.failure().text() << " alert=" << engine.failure().alert << std::endl;
    close(fd);
    return 1;
  }
  const SessionInfo& s = engine.session();
  std::cout << "established " << to_string(s.version) << " " << s.cipher << std::endl;
  if (!s.peer_chain.empty()) {
    std::cout << "peer " << s.peer_chain[0].subject << " / " << s.peer_chain[0].issuer << std::endl;
  }
  std::cout << "verify " << s.verify.error << std::endl;
  if (a.has("send")) {
    write_all(fd, engine.write_plaintext(a.get("send") + "\r\n"));
    while (received.find('\n') == std::string::npos && engine.established()) {
      const std::string bytes = read_some(fd);
      if (bytes.empty()) break;
      received += engine.feed_ciphertext(bytes).plaintext;
    }
    const std::string line = received.substr(0, received.find('\n'));
    std::cout << "received: " << (line.ends_with('\r') ? line.substr(0, line.size() - 1) : line) << std::endl;
  }
  write_all(fd, engine.close());
  close(fd);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) die("usage: tls_tool pki|serve|connect ...");
  const std::string cmd = argv[1];
  const Args a = parse(argc, argv);
  if (cmd == "pki") return cmd_pki(a);
  if (cmd == "serve") return cmd_serve(a);
  if (cmd == "connect") return cmd_connect(a);
  if (cmd == "corpus") return cmd_corpus(a);
  die("unknown command " + cmd);
}
