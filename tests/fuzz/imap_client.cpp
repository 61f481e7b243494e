// The IMAP client machine under a fuzzed server (RFC 3501, IDLE): a whole session - LOGIN, SELECT,
// UID FETCH, IDLE rounds, LOGOUT - driven by the server's writes, cut at 0xFF; a write that starts with
// 0xFE is the user asking to stop (stop_idle()) instead. When the input ends first, the connection
// is lost. First byte: bit 0 stays in IDLE, bit 1 peeks (BODY.PEEK[]), bit 2 knows UIDVALIDITY 42
// and UIDs up to 1 from a last session, bit 3 has a password with 8-bit bytes (sent as a literal
// after the server's "+"), bits 4-5 the TLS level (none, may, encrypt, verify), bit 6 whether the
// certificate verifies: when the client enters its TLS line mode (after an OK to STARTTLS) the
// handshake is taken to succeed at once (the TLS layer's own fuzzing is tls_engine.cpp).
//
// Checked beyond "no crash":
//   - the client writes whole lines: commands tagged a1, a2, ... in order, "DONE", or the literal
//     it announced; nothing once done;
//   - fetched() holds no UID twice, in ascending order, and last_seen_uid() covers them all;
//   - a bounded number of bytes written per byte read; done() after the connection is lost;
//   - STARTTLS and CAPABILITY only at a TLS level, STARTTLS at most once and before TLS, CAPABILITY
//     first inside TLS; at encrypt and verify no LOGIN before TLS; nothing after a certificate that
//     does not verify, and nothing read in the TLS line mode.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/imap/client.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned options = data[0];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  imap::ClientJob job;
  job.user = "bob";
  job.password = (options & 8) ? "s\xc3\xa9\x63ret" : "secret";
  job.idle = options & 1;
  job.mark_seen = !(options & 2);
  if (options & 4) {
    job.known_uidvalidity = 42;
    job.last_seen_uid = 1;
  }
  job.tls = static_cast<proto::ClientTls>((options >> 4) & 3);
  job.server_name = "imap.example";
  const bool verified = options & 64;
  const bool must_encrypt = job.tls == proto::ClientTls::Encrypt || job.tls == proto::ClientTls::Verify;
  imap::Client client(job);

  std::uint32_t next_tag = 1;
  int starttls = 0;
  std::size_t bytes_in = 0, bytes_out = 0;
  auto check_written = [&](std::string_view out, std::string_view write) {
    bytes_out += out.size();
    while (!out.empty()) {
      const std::size_t end = out.find("\r\n");
      FUZZ_CHECK(end != std::string_view::npos, "command without CRLF: " + visible(out));
      const std::string_view line = out.substr(0, end);
      out.remove_prefix(end + 2);
      const std::string tag = "a" + std::to_string(next_tag) + " ";
      if (line.starts_with(tag)) {
        ++next_tag;
        const std::string_view command = line.substr(tag.size());
        if (command == "STARTTLS" || command == "CAPABILITY")
          FUZZ_CHECK(job.tls != proto::ClientTls::None, "STARTTLS or CAPABILITY at TLS level none");
        if (command == "STARTTLS") FUZZ_CHECK(++starttls == 1 && !client.tls_active(), "STARTTLS twice, or inside TLS");
        if (command.starts_with("LOGIN ") && must_encrypt)
          FUZZ_CHECK(client.tls_active(), "LOGIN before TLS at level encrypt or verify");
      } else FUZZ_CHECK(line == "DONE" || line == job.password, "not the next tagged command: " + visible(line) +
                                                                    "\n  after the server wrote: " + visible(write));
    }
  };
  for (std::string_view write : fuzz::split_feeds(input)) {
    const bool was_done = client.done();
    std::string out;
    if (write.starts_with('\xfe')) {
      out = client.stop_idle();
    } else {
      const bool was_in_tls_mode = client.starting_tls();
      out = client.feed(write);
      if (was_in_tls_mode) FUZZ_CHECK(out.empty(), "read a response in the TLS line mode: " + visible(out));
      bytes_in += write.size();
    }
    if (client.starting_tls()) {
      check_written(out, write);
      out = client.tls_established(verified);
      if (job.tls == proto::ClientTls::Verify && !verified)
        FUZZ_CHECK(out.empty() && client.done(), "went on after a certificate that did not verify");
      else
        FUZZ_CHECK(out == "a" + std::to_string(next_tag) + " CAPABILITY\r\n", "not CAPABILITY first inside TLS: " + visible(out));
    }
    if (was_done) FUZZ_CHECK(out.empty(), "wrote after done: " + visible(out));
    check_written(out, write);
    FUZZ_CHECK(bytes_out <= 64 * bytes_in + 256, std::to_string(bytes_out) + " bytes written for " + std::to_string(bytes_in));
  }
  if (!client.done()) client.connection_lost();
  FUZZ_CHECK(client.done(), "not done after the connection was lost");
  FUZZ_CHECK(!client.table_miss(), "no transition-table row for what happened");
  std::uint32_t previous = 0;
  for (const imap::Fetched& f : client.fetched()) {
    FUZZ_CHECK(f.uid > previous, "fetched UID " + std::to_string(f.uid) + " after " + std::to_string(previous) +
                                     " (a UID twice, or out of order)");
    FUZZ_CHECK(f.uid <= client.last_seen_uid(), "last_seen_uid() below a fetched UID");
    previous = f.uid;
  }
  return 0;
}
