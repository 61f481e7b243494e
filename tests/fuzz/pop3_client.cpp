// The POP3 client machine under a fuzzed server (RFC 1939): a whole "check mail" session driven by
// the server's writes, cut at 0xFF; when the input ends first, the connection is lost. First byte:
// bit 0 keeps mail on the server (no DELE), bit 1 makes "7.2" a unique-id already downloaded, bits
// 2-4 the login (0 USER/PASS, 1 APOP, 2-5 AUTH PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256; more: USER/PASS).
//
// Checked beyond "no crash":
//   - the client writes only whole lines of USER alice, PASS secret, APOP alice <32 hex digits>,
//     AUTH <its mechanism>[ base64], base64 responses or "*" (only when it logs in so), UIDL, RETR n,
//     DELE n and QUIT; DELE n only right after RETR n, nothing once done, at most one QUIT and AUTH;
//   - no unique-id is downloaded twice, and none it already had;
//   - it writes a bounded number of bytes per byte read, and while not done its line buffer stays
//     within kMaxLine.
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
  const std::string auth_command = "AUTH " + std::string(sasl::mechanism_name(job.mechanism));
  pop3::Client client(job);

  int quits = 0, auths = 0;
  std::string last_retr;  // the number of the RETR sent last
  std::size_t bytes_in = 0, bytes_out = 0;
  for (const std::string_view write : fuzz::split_feeds(input)) {
    const bool was_done = client.done();
    const std::string out = client.feed(write);
    if (was_done) FUZZ_CHECK(out.empty(), "wrote after done: " + visible(out));
    bytes_in += write.size();
    bytes_out += out.size();
    std::string_view rest = out;
    while (!rest.empty()) {
      const std::size_t end = rest.find("\r\n");
      FUZZ_CHECK(end != std::string_view::npos, "command without CRLF: " + visible(rest));
      const std::string_view line = rest.substr(0, end);
      rest.remove_prefix(end + 2);
      if (line == "QUIT") {
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
