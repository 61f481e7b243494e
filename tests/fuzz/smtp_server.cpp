// The SMTP server machine under a fuzzed client (RFC 5321, AUTH from RFC 4954, STARTTLS from RFC
// 3207). First byte: options (bit 0 no ENHANCEDSTATUSCODES, 1 no PIPELINING, 2 no 8BITMIME, 3 RCPT
// forced to 451, 4 greeting forced to 554, 5 end of data forced to 554, 6 AUTH on, 7 credential
// lookups answer later: each is resumed before the next write, in turn found, unavailable); the
// rest: the client's writes, cut at 0xFF. The accounts: alice (password "secret") and RFC 7677's
// "user" (a SCRAM verifier only); the server nonce is RFC 7677's, so its exchange from the transcript
// tests logs in. STARTTLS, the first byte being full, is picked by the input's length: size % 3 == 1
// offers it (smtpd_tls_security_level = may), == 2 requires it (encrypt); (size / 3) % 2 == 1 serves
// implicit TLS (smtpd_tls_wrappermode, port 465: no greeting before the handshake). After a 220 to
// STARTTLS (or at once, in implicit TLS) the next write stands for the TLS handshake: its first byte
// odd, the handshake failed; else it completed.
//
// Checked beyond "no crash":
//   - every reply is well formed (fuzz_support.hpp: code [2-5]xx, ' ' or '-', printable text, CRLF,
//     a multi-line reply ends with a space line), and each feed() answers with whole replies;
//   - the server answers at most a bounded number of bytes per byte it reads;
//   - while open, its line buffer stays within the longest of its line limits (more while a lookup
//     is pending, up to the pipelining limit);
//   - nothing is answered once closed(), and closed() is the Closed state;
//   - after STARTTLS nothing is kept or read until the handshake's end, and inside TLS STARTTLS is
//     not offered again;
//   - the message handed to accept_message is within max_message_size, has CRLF line endings only
//     and ends in CRLF, and comes with a reverse-path state and at least one recipient;
//   - AUTH: a 334's text is base64; after a 235 the session is authenticated, only ever as a user
//     that exists, with its mechanism named; MAIL's AUTH= is kept only from an authenticated client.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "fuzz/smtp_hooks.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/smtp/server.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

// Longest reply the server words for one line, plus the echo of at most the line itself
// ("555 5.5.4 Unsupported option: <param>"), and a 421 after it.
constexpr std::size_t kReplyBytesPerLine = 256;

sasl::Lookup account(const std::string& user) {
  if (user == "alice") return sasl::Lookup::found(sasl::Credentials{"secret", std::nullopt});
  if (user == "user") {
    static const sasl::ScramVerifier verifier =
        sasl::scram_sha256_verifier("pencil", *sasl::base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    return sasl::Lookup::found(sasl::Credentials{std::nullopt, verifier});
  }
  return sasl::Lookup::unknown();
}

// What AUTH's replies in `out` say: each 334's text is base64; whether a 235 was sent.
bool check_auth_replies(std::string_view out) {
  bool authenticated = false;
  while (!out.empty()) {
    const std::size_t end = out.find("\r\n");
    const std::string_view line = out.substr(0, end);
    out.remove_prefix(end == std::string_view::npos ? out.size() : end + 2);
    if (line.starts_with("334 "))
      FUZZ_CHECK(sasl::base64_decode(line.substr(4)).has_value(), "334 challenge is not base64: " + visible(line));
    if (line.starts_with("235 ")) authenticated = true;
  }
  return authenticated;
}

void check_identity(const smtp::Server& server, bool said_235) {
  const smtp::Envelope& e = server.envelope();
  if (said_235) FUZZ_CHECK(!e.sasl_username.empty() || server.closed(), "235 sent, but the session is not authenticated");
  if (e.sasl_username.empty()) {
    FUZZ_CHECK(e.sasl_method.empty(), "a SASL method without a user");
    FUZZ_CHECK(!e.mail_auth || e.mail_auth->empty(), "AUTH= kept from a client that is not authenticated");
  } else {
    FUZZ_CHECK(e.sasl_username == "alice" || e.sasl_username == "user", "authenticated as " + visible(e.sasl_username));
    FUZZ_CHECK(!e.sasl_method.empty(), "authenticated without a mechanism");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned options = data[0];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  smtp::ServerConfig config;
  config.hostname = "mx.example";
  config.max_message_size = 2000;  // small, so that inputs of a few KB reach 552
  config.max_recipients = 4;
  config.enhanced_status_codes = !(options & 1);
  config.pipelining = !(options & 2);
  config.eightbitmime = !(options & 4);
  if (options & 8) config.forced_replies["RCPT"] = smtp::make_reply(451, "4.7.1", "Greylisted, try again later");
  if (options & 16) config.forced_replies["CONNECT"] = smtp::make_reply(554, "5.7.1", "No service");
  if (options & 32) config.forced_replies["DATA"] = smtp::make_reply(554, "5.7.1", "Rejected by policy");
  config.smtpd_sasl_auth_enable = options & 64;
  const bool later = options & 128;
  if (size % 3 == 1) config.smtpd_tls_security_level = smtp::TlsLevel::May;
  if (size % 3 == 2) config.smtpd_tls_security_level = smtp::TlsLevel::Encrypt;
  config.smtpd_tls_wrappermode = (size / 3) % 2 == 1;

  const std::size_t max_message_size = config.max_message_size;
  smtp::ServerHooks hooks;
  hooks.check_rcpt = fuzz::check_rcpt_unknown;
  hooks.accept_message = [max_message_size](const smtp::Envelope& envelope, const std::string& message) {
    FUZZ_CHECK(!envelope.rcpt_to.empty(), "a message accepted with no recipient");
    FUZZ_CHECK(message.size() <= max_message_size, "message of " + std::to_string(message.size()) + " octets passed the limit");
    for (std::size_t i = 0; i < message.size(); ++i) {
      if (message[i] == '\n') FUZZ_CHECK(i > 0 && message[i - 1] == '\r', "bare LF in accepted data: " + visible(message));
    }
    FUZZ_CHECK(message.empty() || message.ends_with("\r\n"), "accepted data does not end in CRLF: " + visible(message));
    return smtp::make_reply(250, "2.0.0", "Ok: queued as 4F1A2");
  };
  std::string asked;  // the user a pending lookup is for
  hooks.lookup_credentials = [&asked, later](const sasl::LookupRequest& r) {
    if (!later) return account(r.user);
    asked = r.user;
    return sasl::Lookup::pending();
  };
  hooks.sasl_nonce = [] { return "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"; };

  smtp::Server server(config, hooks);
  const std::string greeting = server.start();
  if (config.smtpd_tls_wrappermode) {
    FUZZ_CHECK(greeting.empty() && server.starting_tls(), "implicit TLS: something said before the handshake");
  } else {
    const std::string greeting_error = fuzz::smtp_reply_error(greeting);
    FUZZ_CHECK(greeting_error.empty(), greeting_error);
  }

  std::size_t bytes_in = 0, bytes_out = 0;
  int resumed = 0;
  for (const std::string_view write : fuzz::split_feeds(input)) {
    if (server.waiting()) {
      // The lookup's answer comes back before the client's next write: found, then unavailable.
      const std::string out = server.resume(resumed++ % 2 == 0 ? account(asked) : sasl::Lookup::unavailable());
      const std::string error = fuzz::smtp_reply_error(out);
      FUZZ_CHECK(error.empty(), error + "\n  after the lookup's answer");
      check_identity(server, check_auth_replies(out));
      bytes_out += out.size();
    }
    if (server.starting_tls()) {
      // The TLS layer's turn (CVE-2011-0411): the plaintext after STARTTLS is gone and stays out.
      FUZZ_CHECK(server.buffered() == 0, "plaintext kept across STARTTLS");
      FUZZ_CHECK(server.feed(write).empty(), "read during the TLS handshake");
      const bool failed = !write.empty() && (static_cast<unsigned char>(write[0]) & 1);
      // Implicit TLS greets once the handshake is done, inside it; STARTTLS waits for the new EHLO.
      const bool greets = config.smtpd_tls_wrappermode && !server.tls_active();
      const std::string said = failed ? server.tls_failed() : server.tls_established();
      if (greets && !failed) {
        const std::string error = fuzz::smtp_reply_error(said);
        FUZZ_CHECK(!said.empty() && error.empty(), "implicit TLS: no well-formed greeting after the handshake " + error);
      } else {
        FUZZ_CHECK(said.empty(), "said something at the TLS end");
      }
      FUZZ_CHECK(server.closed() == failed, "a failed handshake closes, a completed one does not");
      FUZZ_CHECK(!server.table_miss(), "no transition-table row for the TLS end");
      continue;
    }
    const bool was_closed = server.closed();
    const std::string out = server.feed(write);
    if (was_closed) FUZZ_CHECK(out.empty(), "answered after closing: " + visible(out));
    const std::string error = fuzz::smtp_reply_error(out);
    FUZZ_CHECK(error.empty(), error + "\n  after the client wrote: " + visible(write));
    check_identity(server, check_auth_replies(out));
    bytes_in += write.size();
    bytes_out += out.size();
    FUZZ_CHECK(bytes_out <= kReplyBytesPerLine * bytes_in + kReplyBytesPerLine,
               std::to_string(bytes_out) + " bytes answered to " + std::to_string(bytes_in));
    // Once closed the server reads no more, and what is left of the write is dropped with it.
    if (!server.closed()) {
      const std::size_t limit = server.waiting() ? 320 * 1024
                                                 : std::max({config.max_command_line, config.max_text_line,
                                                             config.smtpd_sasl_auth_enable ? config.max_auth_line : 0});
      FUZZ_CHECK(server.buffered() <= limit, std::to_string(server.buffered()) + " bytes buffered");
    }
    FUZZ_CHECK(server.closed() == (server.state() == smtp::ServerState::Closed), "closed() and state() disagree");
    if (server.tls_active()) {
      FUZZ_CHECK(out.find("\r\n250-STARTTLS\r\n") == std::string::npos &&
                     out.find("\r\n250 STARTTLS\r\n") == std::string::npos,
                 "STARTTLS offered inside TLS: " + visible(out));
    }
    FUZZ_CHECK(!server.table_miss(), "no transition-table row for what happened");
  }
  return 0;
}
