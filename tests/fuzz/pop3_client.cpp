// The POP3 client machine under a fuzzed server (RFC 1939): a whole "check mail" session driven by
// the server's writes, cut at 0xFF; when the input ends first, the connection is lost. First byte:
// bit 0 keeps mail on the server (no DELE), bit 1 makes "7.2" a unique-id already downloaded, bits
// 2-4 the login (0 USER/PASS, 1 APOP, 2-5 AUTH PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256; more: USER/PASS),
// bits 5-6 the TLS level (none, may, encrypt, verify) and bit 7 whether the certificate verifies:
// when the client enters its TLS line mode (after a +OK to STLS) the handshake is taken to succeed
// at once (RFC 2595; the TLS layer's own fuzzing is tls_engine.cpp).
//
// Checked beyond "no crash":
//   - the client writes only whole lines of USER alice, PASS secret, APOP alice <32 hex digits>,
//     AUTH <its mechanism>[ base64], base64 responses or "*" (only when it logs in so), UIDL, RETR n,
//     DELE n and QUIT; DELE n only right after RETR n, nothing once done, at most one QUIT and AUTH;
//   - no unique-id is downloaded twice, and none it already had;
//   - it writes a bounded number of bytes per byte read, and while not done its line buffer stays
//     within kMaxLine;
//   - CAPA and STLS only at a TLS level, STLS at most once and only before TLS; at encrypt and verify
//     no login (USER, PASS, APOP, AUTH) before TLS, and after a certificate that does not verify
//     nothing at all; nothing is read in the TLS line mode.
#include <cstdint>
#include <set>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/pop3/client.hpp"
#include "sim/proto/sasl/base64.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

bool is_number(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned options = data[0];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  pop3::ClientJob job;
  job.user = "alice";
  job.password = "secret";
  job.delete_after = !(options & 1);
  if (options & 2) job.known_uidls = {"7.2"};
  const unsigned login = (options >> 2) & 7;
  if (login == 1) job.login = pop3::Login::Apop;
  if (login >= 2 && login <= 5) {
    job.login = pop3::Login::Auth;
    job.mechanism = sasl::all_mechanisms()[login - 2];
    job.sasl_nonce = "fuzznonce";
    job.scram_max_iterations = 64;  // few PBKDF2 rounds: fast runs
  }
  job.tls = static_cast<proto::ClientTls>((options >> 5) & 3);
  job.server_name = "pop.example";
  const bool verified = options & 128;
  const bool must_encrypt = job.tls == proto::ClientTls::Encrypt || job.tls == proto::ClientTls::Verify;
  const std::string auth_command = "AUTH " + std::string(sasl::mechanism_name(job.mechanism));
  pop3::Client client(job);
  int stls = 0;

  int quits = 0, auths = 0;
  std::string last_retr;  // the number of the RETR sent last
  std::size_t bytes_in = 0, bytes_out = 0;
  for (const std::string_view write : fuzz::split_feeds(input)) {
    const bool was_done = client.done();
    const bool was_in_tls_mode = client.starting_tls();
    std::string out = client.feed(write);
    if (was_done) FUZZ_CHECK(out.empty(), "wrote after done: " + visible(out));
    if (was_in_tls_mode) FUZZ_CHECK(out.empty(), "read a line in the TLS line mode: " + visible(out));
    const bool before_tls = !client.tls_active();
    if (client.starting_tls()) {
      const std::string inside = client.tls_established(verified);
      if (job.tls == proto::ClientTls::Verify && !verified) {
        FUZZ_CHECK(inside.empty() && client.done(), "went on after a certificate that did not verify");
      } else {
        FUZZ_CHECK(inside == "CAPA\r\n", "not CAPA first inside TLS: " + visible(inside));
      }
      out += inside;
    }
    bytes_in += write.size();
    bytes_out += out.size();
    std::string_view rest = out;
    while (!rest.empty()) {
      const std::size_t end = rest.find("\r\n");
      FUZZ_CHECK(end != std::string_view::npos, "command without CRLF: " + visible(rest));
      const std::string_view line = rest.substr(0, end);
      rest.remove_prefix(end + 2);
      const bool login_line = line.starts_with("USER ") || line.starts_with("PASS ") || line.starts_with("APOP ") ||
                              line.starts_with("AUTH ");
      if (login_line && must_encrypt && before_tls && !client.tls_active())
        FUZZ_CHECK(false, "a login before TLS at level encrypt or verify: " + visible(line));
      if (line == "CAPA" || line == "STLS") {
        FUZZ_CHECK(job.tls != proto::ClientTls::None, "CAPA or STLS at TLS level none");
        if (line == "STLS") FUZZ_CHECK(++stls == 1 && before_tls, "STLS twice, or inside TLS");
      } else if (line == "QUIT") {
        ++quits;
      } else if (line.starts_with("RETR ") && is_number(line.substr(5))) {
        last_retr = line.substr(5);
      } else if (line.starts_with("DELE ")) {
        FUZZ_CHECK(line.substr(5) == last_retr, "DELE of a message not just retrieved: " + visible(line));
      } else if (job.login == pop3::Login::Apop && line.starts_with("APOP alice ")) {
        const std::string_view digest = line.substr(11);
        FUZZ_CHECK(digest.size() == 32 && digest.find_first_not_of("0123456789abcdef") == std::string_view::npos,
                   "APOP digest is not 32 hex digits: " + visible(line));
      } else if (job.login == pop3::Login::Auth && (line == auth_command || line.starts_with(auth_command + " "))) {
        ++auths;
        if (line != auth_command)
          FUZZ_CHECK(sasl::base64_decode(line.substr(auth_command.size() + 1)).has_value(), "initial response not base64");
      } else if (job.login == pop3::Login::Auth && (line == "*" || (line != "UIDL" && sasl::base64_decode(line)))) {
        // a response in the exchange, or its cancellation
      } else {
        FUZZ_CHECK(line == "UIDL" || (job.login == pop3::Login::UserPass && (line == "USER alice" || line == "PASS secret")),
                   "unexpected command: " + visible(line));
      }
    }
    FUZZ_CHECK(quits <= 1, "QUIT sent twice");
    FUZZ_CHECK(auths <= 1, "AUTH sent twice");
    FUZZ_CHECK(bytes_out <= 32 * bytes_in + 32, std::to_string(bytes_out) + " bytes written for " + std::to_string(bytes_in));
    if (!client.done()) {
      FUZZ_CHECK(client.buffered() <= pop3::Client::kMaxLine, std::to_string(client.buffered()) + " bytes buffered");
    }
  }
  if (!client.done()) client.connection_lost();
  FUZZ_CHECK(client.done(), "not done after the connection was lost");
  FUZZ_CHECK(!client.table_miss(), "no transition-table row for what happened");
  std::set<std::string> seen;
  for (const pop3::Downloaded& d : client.downloaded()) {
    FUZZ_CHECK(!job.known_uidls.count(d.uidl), "downloaded " + d.uidl + ", which it already had");
    FUZZ_CHECK(seen.insert(d.uidl).second, "unique-id " + visible(d.uidl) + " downloaded twice");
  }
  return 0;
}
