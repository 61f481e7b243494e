// The authentication server's parser (Dovecot's auth protocol, sim/proto/authsrv) under a fuzzed
// mail server: the input is the client's writes, cut at 0xFF. The accounts: alice (password
// "secret") and RFC 7677's "user" (a SCRAM verifier only).
//
// Checked beyond "no crash":
//   - every answer line is OK, FAIL or CONT, TAB-separated, with a numeric id and no CR, LF or NUL
//     inside, ended by LF; each feed() answers with whole lines;
//   - OK names only a user that exists; a CONT's challenge is base64;
//   - at most one answer per line read (a bounded reply per byte read), nothing once closed();
//   - the line buffer stays within the protocol's line limit;
//   - every line takes a row of the server's transition table (authsrv/states).
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/authsrv/line.hpp"
#include "sim/proto/authsrv/server.hpp"
#include "sim/proto/sasl/base64.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

sasl::Lookup account(const sasl::LookupRequest& r) {
  if (r.user == "alice") return sasl::Lookup::found(sasl::Credentials{"secret", std::nullopt});
  if (r.user == "user") {
    static const sasl::ScramVerifier verifier =
        sasl::scram_sha256_verifier("pencil", *sasl::base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    return sasl::Lookup::found(sasl::Credentials{std::nullopt, verifier});
  }
  return sasl::Lookup::unknown();
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  authsrv::ServerConfig config;
  config.scram_iterations = 4096;
  authsrv::ServerHooks hooks;
  hooks.lookup = account;
  hooks.nonce = [] { return std::string("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"); };
  authsrv::Server server(config, hooks);
  const std::string hello = server.start();
  FUZZ_CHECK(hello.ends_with("DONE\n"), "the handshake does not end with DONE: " + visible(hello));
  for (std::string_view write : fuzz::split_feeds(input)) {
    const bool was_closed = server.closed();
    std::size_t lines_in = 0;
    for (const char c : write) lines_in += c == '\n';
    const std::string out = server.feed(write);
    if (was_closed) FUZZ_CHECK(out.empty(), "answered after closing: " + visible(out));
    FUZZ_CHECK(out.empty() || out.back() == '\n', "a partial answer line: " + visible(out));
    std::size_t lines_out = 0;
    std::size_t start = 0;
    while (start < out.size()) {
      const std::size_t end = out.find('\n', start);
      const std::string line = out.substr(start, end - start);
      start = end + 1;
      ++lines_out;
      FUZZ_CHECK(line.find('\r') == std::string::npos && line.find('\0') == std::string::npos,
                 "CR or NUL in an answer: " + visible(line));
      const auto f = authsrv::split_fields(line);
      FUZZ_CHECK(f.size() >= 2 && (f[0] == "OK" || f[0] == "FAIL" || f[0] == "CONT"), "not an answer: " + visible(line));
      FUZZ_CHECK(all_digits(f[1]), "an answer without a numeric id: " + visible(line));
      if (f[0] == "CONT") {
        FUZZ_CHECK(f.size() == 3 && sasl::base64_decode(f[2]).has_value(), "a CONT without base64: " + visible(line));
      }
      if (f[0] == "OK") {
        FUZZ_CHECK(f.size() >= 3 && (f[2] == "user=alice" || f[2] == "user=user"), "OK for nobody we know: " + visible(line));
      }
    }
    FUZZ_CHECK(lines_out <= lines_in, std::to_string(lines_out) + " answers to " + std::to_string(lines_in) + " lines");
    FUZZ_CHECK(!server.table_miss(), "a line took the server where its transition table has no row");
  }
  return 0;
}
