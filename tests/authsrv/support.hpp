#pragma once
// What the auth protocol tests share: the accounts, a server over them, and lines written as fields.
#include <map>
#include <string>
#include <vector>

#include "sim/proto/authsrv/line.hpp"
#include "sim/proto/authsrv/server.hpp"
#include "sim/proto/sasl/base64.hpp"

namespace authsrv_test {

using namespace mailsim;

// alice keeps a plaintext password, tim RFC 2195's, "user" only RFC 7677's SCRAM verifier.
inline std::map<std::string, sasl::Credentials> accounts() {
  std::map<std::string, sasl::Credentials> store;
  store["alice"].password = "secret";
  store["tim"].password = "tanstaaftanstaaf";
  store["user"].scram_sha256 = sasl::scram_sha256_verifier("pencil", *sasl::base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
  return store;
}

// A line as its fields: L({"AUTH", "1", "PLAIN"}) == "AUTH\t1\tPLAIN\n".
inline std::string L(const std::vector<std::string>& fields) { return authsrv::join_fields(fields); }

// The server of the RFC examples' host, whose nonces are RFC 2195's msg-id digits and RFC 7677's.
inline authsrv::Server server(std::string nonce = "1896.697170952", std::string hostname = "postoffice.reston.mci.net") {
  authsrv::ServerConfig c;
  c.hostname = std::move(hostname);
  authsrv::ServerHooks h;
  h.lookup = [store = accounts()](const sasl::LookupRequest& r) {
    const auto it = store.find(r.user);
    return it == store.end() ? sasl::Lookup::unknown() : sasl::Lookup::found(it->second);
  };
  h.nonce = [nonce] { return nonce; };
  return authsrv::Server(c, h);
}

inline const std::string kHello = L({"VERSION", "1", "2"}) + L({"CPID", "4711"});

inline std::string b64(std::string_view s) { return sasl::base64_encode(s); }

}  // namespace authsrv_test
