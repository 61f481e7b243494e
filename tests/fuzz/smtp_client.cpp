// The SMTP client machine under a fuzzed server (RFC 5321): one job (three recipients, data with
// lines that need dot-stuffing) driven through a whole session by the server's writes, cut at 0xFF.
// When the input ends before the dialog does, the connection is lost. Each input drives two clients:
// one as above, one that must authenticate first (SMTP AUTH, RFC 4954) with the mechanism the input's
// length picks (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256) and sends MAIL FROM's AUTH=.
// Both jobs' smtp_tls_security_level is may, so a reply offering STARTTLS gets one; after a 220 to it
// the next write stands for the TLS handshake: its first byte odd, the handshake failed; else it
// completed.
//
// Checked beyond "no crash":
//   - the client writes whole command lines of the verbs it knows, and the mail data at most once,
//     dot-stuffed and ended by ".";
//   - it writes nothing once done, at most one QUIT, and a bounded number of bytes per byte read;
//   - buffered() stays within what client.hpp promises (about two reply line limits);
//   - after STARTTLS's 220 nothing is kept or read until the handshake's end, then EHLO again;
//   - at the end no recipient is Pending or Accepted, and Delivered only after DATA was sent;
//   - AUTH: one AUTH command, responses are base64 lines (or "*"), MAIL never before AUTH.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/smtp/client.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

const std::string kData =
    "From: alice@school.example\r\nSubject: dots\r\n\r\n.hidden\r\na.b\r\n..\r\n\xc3\xa9t\xc3\xa9\r\nbye\r\n";
const std::string kStuffed =
    "From: alice@school.example\r\nSubject: dots\r\n\r\n..hidden\r\na.b\r\n...\r\n\xc3\xa9t\xc3\xa9\r\nbye\r\n.\r\n";

// What the authenticating client may send besides: its AUTH command, responses, "*".
bool auth_line(std::string_view line, int& auth_commands) {
  for (const std::string_view mechanism : {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256"}) {
    const std::string command = "AUTH " + std::string(mechanism);
    if (line == command || (line.starts_with(command + " ") && sasl::base64_decode(line.substr(command.size() + 1)))) {
      ++auth_commands;
      return true;
    }
  }
  return line == "*" || (!line.starts_with("MAIL") && !line.starts_with("RCPT") && sasl::base64_decode(line).has_value());
}

bool known_command(std::string_view line) {
  // "." alone ends a pipelined DATA that was accepted when no recipient was (RFC 2920 §3.1).
  if (line == "EHLO relay.isp.example" || line == "HELO relay.isp.example" || line == "DATA" || line == "QUIT" ||
      line == "." || line == "STARTTLS")
    return true;
  if (line.starts_with("MAIL FROM:<alice@school.example>")) return true;
  for (const std::string_view rcpt : {"RCPT TO:<bob@home.example>", "RCPT TO:<carol@home.example>", "RCPT TO:<dave@home.example>"})
    if (line == rcpt) return true;
  return false;
}

void run(const smtp::ClientJob& job, std::string_view input) {
  smtp::Client client(job);
  const bool auth = job.auth.has_value();

  bool data_sent = false;
  int quits = 0, auth_commands = 0;
  std::size_t bytes_in = 0, bytes_out = 0;
  for (const std::string_view write : fuzz::split_feeds(input)) {
    const bool was_done = client.done();
    std::string out;
    if (client.starting_tls()) {
      // The TLS layer's turn: plaintext after the 220 is gone and stays out.
      FUZZ_CHECK(client.buffered() == 0, "plaintext kept across STARTTLS");
      FUZZ_CHECK(client.feed(write).empty(), "read during the TLS handshake");
      if (!write.empty() && (static_cast<unsigned char>(write[0]) & 1)) {
        client.tls_failed();
        FUZZ_CHECK(client.done(), "not done after a failed handshake");
      } else {
        out = client.tls_established(true);
        FUZZ_CHECK(out == "EHLO relay.isp.example\r\n", "after the handshake: " + visible(out));
      }
    } else {
      out = client.feed(write);
    }
    if (was_done) FUZZ_CHECK(out.empty(), "wrote after done: " + visible(out));
    bytes_in += write.size();
    bytes_out += out.size();
    // The mail data is one block, sent whole after the 354; everything else is command lines.
    if (const std::size_t at = out.find(kStuffed); at != std::string::npos) {
      FUZZ_CHECK(!data_sent, "mail data sent twice");
      data_sent = true;
      bytes_out -= kStuffed.size();
      out.erase(at, kStuffed.size());
    }
    std::string_view rest = out;
    while (!rest.empty()) {
      const std::size_t end = rest.find("\r\n");
      FUZZ_CHECK(end != std::string_view::npos, "command without CRLF: " + visible(rest));
      const std::string_view line = rest.substr(0, end);
      FUZZ_CHECK(known_command(line) || (auth && auth_line(line, auth_commands)), "unexpected command: " + visible(line));
      if (auth && line.starts_with("MAIL ")) FUZZ_CHECK(auth_commands == 1, "MAIL without AUTH");
      FUZZ_CHECK(line.find_first_of("\r\n") == std::string_view::npos, "line break inside a command: " + visible(line));
      if (line == "QUIT") ++quits;
      rest.remove_prefix(end + 2);
    }
    FUZZ_CHECK(quits <= 1, "QUIT sent twice");
    FUZZ_CHECK(auth_commands <= 1, "AUTH sent twice");
    FUZZ_CHECK(bytes_out <= 64 * bytes_in + 256, std::to_string(bytes_out) + " bytes written for " + std::to_string(bytes_in));
    FUZZ_CHECK(client.buffered() <= 2 * 4096 + 2, std::to_string(client.buffered()) + " bytes buffered");
  }
  if (!client.done()) client.connection_lost();
  FUZZ_CHECK(client.done(), "not done after the connection was lost");
  FUZZ_CHECK(!client.table_miss(), "no transition-table row for what happened");
  for (const smtp::RecipientResult& r : client.recipients()) {
    FUZZ_CHECK(r.status != smtp::RecipientStatus::Pending && r.status != smtp::RecipientStatus::Accepted,
               r.address + " left undecided");
    if (r.status == smtp::RecipientStatus::Delivered) FUZZ_CHECK(data_sent, r.address + " delivered without data");
    if (r.status == smtp::RecipientStatus::TempFailed) FUZZ_CHECK(!r.reply.permanent(), r.reply.summary());
    if (r.status == smtp::RecipientStatus::PermFailed) FUZZ_CHECK(r.reply.permanent(), r.reply.summary());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  smtp::ClientJob job;
  job.helo_name = "relay.isp.example";
  job.mail_from = "alice@school.example";
  job.rcpt_to = {"bob@home.example", "carol@home.example", "dave@home.example"};
  job.data = kData;
  job.tls_level = smtp::ClientTlsLevel::May;
  run(job, input);
  job.auth = sasl::ClientOptions{sasl::all_mechanisms()[size % 4], "alice", "secret", "", "fuzznonce", 64};  // few PBKDF2 rounds: fast runs
  job.mail_auth = "alice@school.example";
  run(job, input);
  return 0;
}
