#pragma once
// A mailbox for bob with two messages, and an IMAP server on it that the shared transcript player
// can drive (it calls feed(bytes) without a time).
#include <string>

#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/imap/server.hpp"
#include "support/transcript.hpp"

namespace imap_test {

using namespace mailsim;

inline const std::string kMsg1 =
    "From: Alice <alice@school.example>\r\nTo: bob@home.example\r\nSubject: Lunch\r\n"
    "Date: Mon, 3 Nov 2025 09:00:10 +0000\r\nMessage-ID: <m1@school.example>\r\n\r\nHi Bob,\r\nlunch?\r\n";
inline const std::string kMsg2 =
    "From: carol@home.example\r\nTo: bob@home.example, \"Doe, J\" <j@x.example>\r\nSubject: Photos\r\n"
    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
    "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nSee attached.\r\n"
    "--b1\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b1--\r\n";

struct Mailbox {
  mailstore::MailStore store;
  Mailbox() {
    store.add_account("bob", "secret", 42);
    store.deliver("bob", kMsg1, 10 * kSecond);
    store.deliver("bob", kMsg2, kHour);
    // An earlier session has been told of these two: they are no longer \Recent (RFC 3501 §2.3.2).
    seen_before();
  }
  // Everything delivered so far counts as announced to an earlier session.
  void seen_before(const std::string& folder = "INBOX") {
    mailstore::Folder* f = store.folder("bob", folder);
    f->first_recent_uid = f->uidnext;
  }
};

// The shared player calls feed(bytes); the IMAP server wants the time too.
struct Session {
  imap::Server server;
  Time now = 2 * kHour;
  // `ssl`: STARTTLS as Dovecot's ssl (with disable_plaintext_auth when offered); `wrappermode`:
  // implicit TLS as on 993, the greeting comes from tls_established().
  Session(mailstore::MailStore& store, std::size_t max_literal = 32 * 1024 * 1024, std::size_t max_line = 8192,
          proto::Ssl ssl = proto::Ssl::No, bool wrappermode = false)
      : server(config(max_literal, max_line, ssl, wrappermode), store) {}
  static imap::ServerConfig config(std::size_t max_literal, std::size_t max_line, proto::Ssl ssl, bool wrappermode) {
    imap::ServerConfig c{"mx.home.example", 1762160400, max_line, max_literal, 20};
    c.ssl = ssl;
    c.disable_plaintext_auth = ssl != proto::Ssl::No;
    c.wrappermode = wrappermode;
    return c;
  }
  // Whatever a test does, the transition table must have had a row for it.
  ~Session() { CHECK_FALSE(server.table_miss()); }
  std::string start() { return server.start(); }
  std::string feed(std::string_view bytes) { return server.feed(bytes, now); }
};

inline constexpr const char* kGreeting =
    "S: * OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] mx.home.example IMAP4rev1 server ready\n";
inline constexpr const char* kLoginSelect = R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 SELECT INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 2 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 3] Predicted next UID
S: a2 OK [READ-WRITE] SELECT completed
)";

// Plays greeting + login + select, then `rest`.
inline void play_selected(Session& s, const std::string& rest, bool bytewise = false) {
  test::play_server(s, std::string(kGreeting) + kLoginSelect + rest, bytewise);
}

}  // namespace imap_test
