// The SMTP server machine under a fuzzed client (RFC 5321). First byte: options (bit 0 no
// ENHANCEDSTATUSCODES, 1 no PIPELINING, 2 no 8BITMIME, 3 RCPT forced to 451, 4 greeting forced to 554,
// 5 end of data forced to 554, 6 STARTTLS offered, 7 with 6: smtpd_tls_security_level = encrypt); the
// rest: the client's writes, cut at 0xFF. After a 220 to STARTTLS the next write stands for the TLS
// handshake: its first byte odd, the handshake failed; else it completed.
//
// Checked beyond "no crash":
//   - every reply is well formed (fuzz_support.hpp: code [2-5]xx, ' ' or '-', printable text, CRLF,
//     a multi-line reply ends with a space line), and each feed() answers with whole replies;
//   - the server answers at most a bounded number of bytes per byte it reads;
//   - while open, its line buffer stays within the longer of its two line limits;
//   - nothing is answered once closed(), and closed() is the Closed state;
//   - after STARTTLS nothing is kept or read until the handshake's end, and inside TLS STARTTLS is
//     not offered again;
//   - the message handed to accept_message is within max_message_size, has CRLF line endings only
//     and ends in CRLF, and comes with a reverse-path state and at least one recipient.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/smtp/server.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

// Longest reply the server words for one line, plus the echo of at most the line itself
// ("555 5.5.4 Unsupported option: <param>"), and a 421 after it.
constexpr std::size_t kReplyBytesPerLine = 256;

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
  if (options & 64) config.smtpd_tls_security_level = options & 128 ? smtp::TlsLevel::Encrypt : smtp::TlsLevel::May;

  const std::size_t max_message_size = config.max_message_size;
  smtp::ServerHooks hooks;
  hooks.check_rcpt = [](const smtp::Envelope&, const std::string& path) {
    return path.rfind("unknown", 0) == 0 ? smtp::make_reply(550, "5.1.1", "<" + path + ">: Recipient address rejected")
                                         : smtp::make_reply(250, "2.1.5", "Ok");
  };
  hooks.accept_message = [max_message_size](const smtp::Envelope& envelope, const std::string& message) {
    FUZZ_CHECK(!envelope.rcpt_to.empty(), "a message accepted with no recipient");
    FUZZ_CHECK(message.size() <= max_message_size, "message of " + std::to_string(message.size()) + " octets passed the limit");
    for (std::size_t i = 0; i < message.size(); ++i) {
      if (message[i] == '\n') FUZZ_CHECK(i > 0 && message[i - 1] == '\r', "bare LF in accepted data: " + visible(message));
    }
    FUZZ_CHECK(message.empty() || message.ends_with("\r\n"), "accepted data does not end in CRLF: " + visible(message));
    return smtp::make_reply(250, "2.0.0", "Ok: queued as 4F1A2");
  };

  smtp::Server server(config, hooks);
  const std::string greeting = server.start();
  const std::string greeting_error = fuzz::smtp_reply_error(greeting);
  FUZZ_CHECK(greeting_error.empty(), greeting_error);

  std::size_t bytes_in = 0, bytes_out = 0;
  for (const std::string_view write : fuzz::split_feeds(input)) {
    if (server.starting_tls()) {
      // The TLS layer's turn (CVE-2011-0411): the plaintext after STARTTLS is gone and stays out.
      FUZZ_CHECK(server.buffered() == 0, "plaintext kept across STARTTLS");
      FUZZ_CHECK(server.feed(write).empty(), "read during the TLS handshake");
      const bool failed = !write.empty() && (static_cast<unsigned char>(write[0]) & 1);
      FUZZ_CHECK((failed ? server.tls_failed() : server.tls_established()).empty(), "said something at the TLS end");
      FUZZ_CHECK(server.closed() == failed, "a failed handshake closes, a completed one does not");
      FUZZ_CHECK(!server.table_miss(), "no transition-table row for the TLS end");
      continue;
    }
    const bool was_closed = server.closed();
    const std::string out = server.feed(write);
    if (was_closed) FUZZ_CHECK(out.empty(), "answered after closing: " + visible(out));
    const std::string error = fuzz::smtp_reply_error(out);
    FUZZ_CHECK(error.empty(), error + "\n  after the client wrote: " + visible(write));
    bytes_in += write.size();
    bytes_out += out.size();
    FUZZ_CHECK(bytes_out <= kReplyBytesPerLine * bytes_in + kReplyBytesPerLine,
               std::to_string(bytes_out) + " bytes answered to " + std::to_string(bytes_in));
    // Once closed the server reads no more, and what is left of the write is dropped with it.
    if (!server.closed()) {
      FUZZ_CHECK(server.buffered() <= std::max(config.max_command_line, config.max_text_line),
                 std::to_string(server.buffered()) + " bytes buffered");
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
