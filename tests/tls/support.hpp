#pragma once
// Helpers for the TLS tests: a lesson's certificates, contexts for both sides, and a pair of
// engines connected in memory (what a world's two hosts do over a virtual connection).
#include <doctest/doctest.h>

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/proto/crypto/library.hpp"
#include "sim/proto/tls/authority.hpp"
#include "sim/proto/tls/engine.hpp"

namespace tls_test {

using namespace mailsim::tls;
using mailsim::crypto::Library;

inline constexpr std::int64_t kEpoch = 1762160400;  // 2025-11-03 09:00:00 UTC
inline constexpr std::int64_t kNow = kEpoch + 3600;
inline const std::string kHost = "mx.school.example";

inline std::string hex(std::string_view octets) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : octets) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

inline std::string sha256_hex(std::string_view data) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return hex(std::string_view(reinterpret_cast<const char*>(md), len));
}

inline std::shared_ptr<const Context> server_context(std::shared_ptr<const Library> lib, const Credentials& creds,
                                                     Version min = Version::Tls12, Version max = Version::Tls13) {
  ContextConfig c;
  c.role = Role::Server;
  c.min_version = min;
  c.max_version = max;
  c.credentials = creds;
  auto made = Context::make(std::move(lib), std::move(c));
  REQUIRE_MESSAGE(made, made.error);
  return *made.value;
}

inline std::shared_ptr<const Context> client_context(std::shared_ptr<const Library> lib,
                                                     std::vector<Certificate> trusted, Version min = Version::Tls12,
                                                     Version max = Version::Tls13) {
  ContextConfig c;
  c.role = Role::Client;
  c.min_version = min;
  c.max_version = max;
  c.trusted = std::move(trusted);
  auto made = Context::make(std::move(lib), std::move(c));
  REQUIRE_MESSAGE(made, made.error);
  return *made.value;
}

// Two engines and the wire between them; every octet that crossed is kept, in order.
struct Pair {
  Engine client;
  Engine server;
  std::string wire;             // "C" or "S" then the bytes, one entry per write, joined
  std::string client_received;  // plaintext
  std::string server_received;
  std::vector<std::string> keylog;

  Pair(std::shared_ptr<const Context> client_ctx, std::shared_ptr<const Context> server_ctx, EngineOptions options)
      : client(std::move(client_ctx), with_keylog(options, "client ")),
        server(std::move(server_ctx), with_keylog(EngineOptions{}, "server ")) {}

  // Moves bytes both ways until neither side has anything to say; `cut` > 0 feeds that many octets
  // at a time, as TCP may deliver them.
  void run(std::string to_server, std::string to_client = {}, std::size_t cut = 0) {
    while (!to_server.empty() || !to_client.empty()) {
      if (!to_server.empty()) {
        wire += "C" + to_server;
        const std::string bytes = std::move(to_server);
        to_server.clear();
        for (std::size_t i = 0; i < bytes.size(); i += cut ? cut : bytes.size()) {
          Received r = server.feed_ciphertext(std::string_view(bytes).substr(i, cut ? cut : bytes.size()));
          server_received += r.plaintext;
          to_client += r.to_peer;
        }
      }
      if (!to_client.empty()) {
        wire += "S" + to_client;
        const std::string bytes = std::move(to_client);
        to_client.clear();
        for (std::size_t i = 0; i < bytes.size(); i += cut ? cut : bytes.size()) {
          Received r = client.feed_ciphertext(std::string_view(bytes).substr(i, cut ? cut : bytes.size()));
          client_received += r.plaintext;
          to_server += r.to_peer;
        }
      }
    }
  }
  void handshake(std::size_t cut = 0) { run(client.start(), {}, cut); }
  void client_says(std::string_view text) { run(client.write_plaintext(text)); }
  void server_says(std::string_view text) { run({}, server.write_plaintext(text)); }

 private:
  EngineOptions with_keylog(EngineOptions o, std::string side) {
    o.keylog = [this, side](std::string_view line) { keylog.push_back(side + std::string(line)); };
    return o;
  }
};

inline EngineOptions client_options(std::string name = kHost, std::int64_t now = kNow, bool require = false) {
  EngineOptions o;
  o.server_name = std::move(name);
  o.now = now;
  o.require_verified = require;
  return o;
}

// The messages one side sent (or received), joined: "ClientHello, Finished".
inline std::string names(const Engine& e, bool sent) {
  std::string out;
  for (const Message& m : e.messages())
    if (m.sent == sent) out += (out.empty() ? "" : ", ") + m.name;
  return out;
}

}  // namespace tls_test
