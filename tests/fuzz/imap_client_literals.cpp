// Which of an IMAP client's bytes are an APPEND's message, read from outside it
// (sim/proto/imap/client_literals.hpp), against the server itself: the same bytes go to an
// imap::Server on bob's mailbox (tests/imap/server_fixture.hpp), whose reading_literal() says
// whether it is reading a literal's raw bytes.
// First byte: options (bit 0: small limits, a 200-byte line and a 100-byte literal, so that
// TOOBIG and too-long lines are reached). The rest: the client's writes cut at 0xFF, each sent a
// piece at a time (up to an LF, or the rest), the server's answer to each piece read before the
// next, as a client that waits for each "+" does.
//
// Checked: the parts put together are the piece, none empty; after every piece and its answer,
// in_literal() is whether the server is reading a literal (until STARTTLS begins or the session
// closes, where the bridge stops reading plain text).
#include <cstdint>
#include <string>

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
#pragma clang diagnostic ignored "-Wunused-variable"
#define DOCTEST_CONFIG_DISABLE  // the fixture comes with doctest's transcript player, unused here
#include "imap/server_fixture.hpp"
#pragma clang diagnostic pop

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/imap/client_literals.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool small = data[0] & 1;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t max_line = small ? 200 : 8192, max_literal = small ? 100 : 32 * 1024 * 1024;
  imap_test::Mailbox mailbox;
  imap_test::Session session(mailbox.store, max_literal, max_line);
  imap::ClientLiterals reader(max_line);
  reader.from_server(session.start());
  std::string sent;  // what the server has been sent so far, for the messages
  for (std::string_view write : fuzz::split_feeds(input)) {
    while (!write.empty()) {
      if (session.server.closed() || session.server.starting_tls()) return 0;
      const std::size_t lf = write.find('\n');
      const std::string_view piece = write.substr(0, lf == std::string_view::npos ? write.size() : lf + 1);
      write.remove_prefix(piece.size());
      std::string joined;
      for (const auto& [part, content] : reader.from_client(piece)) {
        FUZZ_CHECK(!part.empty(), "an empty part of " + visible(piece));
        joined.append(part);
      }
      FUZZ_CHECK(joined == piece, "parts " + visible(joined) + " of " + visible(piece));
      sent.append(piece);
      session.now += kSecond;
      reader.from_server(session.feed(piece));
      FUZZ_CHECK(reader.in_literal() == session.server.reading_literal(),
                 std::string("the reader ") + (reader.in_literal() ? "is" : "is not") + " in a literal, the server " +
                     (session.server.reading_literal() ? "is" : "is not") + ", after " + visible(sent));
    }
  }
  return 0;
}
