#pragma once
// What the SASL tests share: a store with RFC examples' users, and its lookup.
#include <map>
#include <string>

#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/credentials.hpp"
#include "sim/proto/sasl/server.hpp"

namespace sasl_test {

using namespace mailsim::sasl;

// tim (RFC 2195 and RFC 4616's first example), Kurt (RFC 4616's second), user (RFC 7677) kept as a
// SCRAM verifier only, with RFC 7677's salt and iteration count.
inline std::map<std::string, Credentials> example_store() {
  std::map<std::string, Credentials> store;
  store["tim"].password = "tanstaaftanstaaf";
  store["Kurt"].password = "xipj3plmq";
  store["Ursel"].password = "ursel's own";
  store["user"].scram_sha256 = scram_sha256_verifier("pencil", *base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
  return store;
}

inline Lookup look_up(const std::map<std::string, Credentials>& store, const LookupRequest& request) {
  const auto it = store.find(request.user);
  return it == store.end() ? Lookup::unknown() : Lookup::found(it->second);
}

// Runs a server step that asks for credentials through to the lookup's answer.
inline Step answer(ServerSession& s, Step step, const std::map<std::string, Credentials>& store = example_store()) {
  if (step.kind == Step::Kind::NeedCredentials) return s.credentials(look_up(store, s.request()));
  return step;
}

}  // namespace sasl_test
