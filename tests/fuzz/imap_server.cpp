// The IMAP server machine under fuzzed clients (RFC 3501, IDLE, literals), two sessions on bob's
// mailbox from tests/imap/server_fixture.hpp. Each write, cut at 0xFF, goes to session A; to session B
// when it starts with 0xFE; and when it starts with 0xFD its bytes are delivered to bob's INBOX as a
// new message instead (mail arriving while the sessions run). After every write both sessions are
// polled, as the destination node does after any change to the store. Session B offers STARTTLS
// (Dovecot's ssl = yes with disable_plaintext_auth): after its OK the handshake is taken to succeed
// at once (the TLS layer's own fuzzing is tls_engine.cpp). With an odd input size session B is on
// implicit TLS instead (wrappermode, port 993): nothing before the handshake, then the greeting.
//
// Checked beyond "no crash" (imap_response.hpp):
//   - every response is "+ ...", "* ..." or "tag OK|NO|BAD text", bytes outside literals are 7-bit
//     without NUL and without CR or LF except in CRLF, and every literal's bytes are all there;
//   - EXISTS, EXPUNGE and FETCH keep one consistent view of the selected mailbox per session: EXISTS
//     never shrinks without EXPUNGE, numbers name messages that exist, no UID twice, UIDs ascending;
//   - nothing is said once the session is closed; output stays within a bound per byte read;
//   - after the OK to STARTTLS nothing more is answered in that write (what followed it is dropped,
//     the CVE-2011-0411 class), and inside TLS the session is Not Authenticated with no user; before
//     TLS session B logs no one in.
#include <algorithm>
#include <cstdint>
#include <string>

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
#pragma clang diagnostic ignored "-Wunused-variable"
#define DOCTEST_CONFIG_DISABLE  // the fixture comes with doctest's transcript player, unused here
#include "imap/server_fixture.hpp"
#pragma clang diagnostic pop

#include "fuzz/fuzz_support.hpp"
#include "fuzz/imap_response.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

struct Session {
  imap_test::Session s;
  fuzz::imap::MailboxModel model;
  Session(mailstore::MailStore& store, bool tls, bool implicit = false)
      : s(store, 32 * 1024 * 1024, 8192, tls ? proto::Ssl::Yes : proto::Ssl::No, implicit) {}
};

std::size_t store_bytes(const mailstore::MailStore& store) {
  std::size_t n = 0;
  for (const auto& [user, account] : store.accounts())
    for (const auto& [name, folder] : account.folders)
      for (const auto& m : folder.messages) n += m.raw.size() + 64;
  return n;
}

void check_output(Session& session, std::string_view out, std::string_view write, const std::string& what) {
  const std::string context = "\n  " + what + ": " + visible(write);
  for (const fuzz::imap::Response& r : fuzz::imap::split_responses(out, context)) {
    fuzz::imap::check_shape(r, context);
    session.model.on(r, context);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  imap_test::Mailbox mailbox;
  const bool implicit = size % 2 == 1;
  Session sessions[2] = {Session(mailbox.store, false), Session(mailbox.store, true, implicit)};
  for (Session& session : sessions) {
    std::string greeting = session.s.start();
    if (&session == &sessions[1] && implicit) {
      FUZZ_CHECK(greeting.empty() && session.s.server.starting_tls(), "implicit TLS: something said before the handshake");
      greeting = session.s.server.tls_established();
      FUZZ_CHECK(greeting.starts_with("* OK ") && greeting.find("STARTTLS") == std::string::npos,
                 "implicit TLS: the greeting inside TLS is " + visible(greeting));
    }
    check_output(session, greeting, "", "greeting");
  }
  for (std::string_view write : fuzz::split_feeds(input)) {
    for (Session& session : sessions) session.s.now += kSecond;
    if (write.starts_with('\xfd')) {
      mailbox.store.deliver("bob", std::string(write.substr(1)), sessions[0].s.now);
    } else {
      const bool to_b = write.starts_with('\xfe');
      if (to_b) write.remove_prefix(1);
      Session& session = sessions[to_b ? 1 : 0];
      const bool was_closed = session.s.server.closed();
      const std::string out = session.s.feed(write);
      if (was_closed) FUZZ_CHECK(out.empty(), "answered after closing: " + visible(out));
      check_output(session, out, write, std::string("session ") + (to_b ? "B" : "A") + " was sent");
      if (to_b && !session.s.server.tls_active() && !implicit)
        FUZZ_CHECK(session.s.server.user().empty(), "a plaintext login before TLS: " + visible(write));
      if (session.s.server.starting_tls()) {
        FUZZ_CHECK(!(to_b && implicit), "STARTTLS accepted inside implicit TLS: " + visible(out));
        FUZZ_CHECK(out.ends_with(" OK Begin TLS negotiation now.\r\n"), "said more after the OK to STARTTLS: " + visible(out));
        FUZZ_CHECK(session.s.server.tls_established().empty(), "said something at the end of the handshake");
        FUZZ_CHECK(session.s.server.state() == imap::State::NotAuthenticated && session.s.server.user().empty(),
                   "inside TLS, not a fresh Not Authenticated");
      }
      FUZZ_CHECK(out.size() <= (write.size() + 1) * (4096 + 2 * store_bytes(mailbox.store)),
                 std::to_string(out.size()) + " bytes answered to " + std::to_string(write.size()));
    }
    for (Session& session : sessions) check_output(session, session.s.server.poll(), write, "poll after");
  }
  return 0;
}
