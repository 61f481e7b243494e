// The POP3 server machine under fuzzed clients (RFC 1939, RFC 2449, APOP and AUTH of RFC 5034 with
// every SASL mechanism on), two sessions on one store (the maildrops of tests/pop3/fixture.hpp): each write, cut at 0xFF, goes to session A, or to session B
// when it starts with 0xFE (that byte dropped), so the maildrop lock (§8) is exercised too. Session
// B offers STLS (RFC 2595, Dovecot's ssl = yes with disable_plaintext_auth): after its "+OK" the
// handshake is taken to succeed at once (the TLS layer's own fuzzing is tls_engine.cpp), and what the
// client wrote after STLS in the same write must be dropped unread (the CVE-2011-0411 class). With an
// odd input size session B is on implicit TLS instead (wrappermode, port 995): nothing before the
// handshake, then the greeting, and STLS is never accepted inside.
//
// Checked beyond "no crash", with a LineReader of the server's limit as the oracle for where the
// client's lines end:
//   - every complete line gets exactly one response, "+OK[ text]" or "-ERR[ text]" with text free of
//     CR, LF and NUL, or "+ base64" to AUTH and in its exchange (whose lines are not commands), and a +OK to RETR, TOP, CAPA, LIST or UIDL (no argument) is followed by a
//     dot-stuffed multi-line body ended by "."; RETR's body unstuffs to the stored message;
//   - after QUIT or "-ERR too many errors" the session is closed and says nothing more;
//   - while open, its line buffer stays within the line limit;
//   - a maildrop is locked exactly while some session is in TRANSACTION for it, and messages leave
//     the store only when a session in TRANSACTION answers QUIT;
//   - after "+OK" to STLS nothing more is answered in that write and nothing is kept buffered; inside
//     TLS the session is in AUTHORIZATION with no user.
#include <charconv>
#include <cstdint>
#include <string>

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-parameter"
#pragma clang diagnostic ignored "-Wunused-variable"
#define DOCTEST_CONFIG_DISABLE  // the fixture comes with doctest's transcript player, unused here
#include "pop3/fixture.hpp"
#pragma clang diagnostic pop

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/sasl/base64.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

struct Session {
  pop3::Server server;
  proto::LineReader oracle;  // cuts the client's bytes as the server must
  bool closed = false;       // as the responses say
  bool in_exchange = false;  // the last response was a SASL challenge: the next line answers it
  bool began_tls = false;    // the last write got "+OK" to STLS
  bool implicit = false;     // wrappermode: the session began inside TLS
  Session(mailstore::MailStore& store, bool tls, bool implicit_tls = false)
      : server(config(tls, implicit_tls), store), oracle(config().max_line), implicit(implicit_tls) {}
  static pop3::ServerConfig config(bool tls = false, bool implicit_tls = false) {
    pop3::ServerConfig c = test::pop3_config();
    c.apop = true;
    c.sasl_mechanisms = sasl::all_mechanisms();
    if (tls) {
      c.ssl = proto::Ssl::Yes;
      c.disable_plaintext_auth = true;
      c.wrappermode = implicit_tls;
    }
    return c;
  }
};

std::string_view take_line(std::string_view& out, const std::string& context) {
  const std::size_t end = out.find("\r\n");
  FUZZ_CHECK(end != std::string_view::npos, "response without CRLF: " + visible(out) + context);
  const std::string_view line = out.substr(0, end);
  out.remove_prefix(end + 2);
  return line;
}

bool multiline_command(std::string_view keyword, std::string_view args) {
  const bool no_args = args.find_first_not_of(' ') == std::string_view::npos;
  return proto::iequals(keyword, "RETR") || proto::iequals(keyword, "TOP") || proto::iequals(keyword, "CAPA") ||
         ((proto::iequals(keyword, "LIST") || proto::iequals(keyword, "UIDL")) && no_args);
}

// Checks the responses `out` to the lines the oracle finds in `write`.
void check_responses(Session& s, mailstore::MailStore& store, std::string_view write, std::string_view out,
                     std::size_t inbox_before) {
  const std::string context = "\n  after the client wrote: " + visible(write);
  s.oracle.feed(write);
  bool answered_quit = false;
  while (!s.closed) {
    const std::optional<proto::Line> line = s.oracle.next();
    if (!line) break;
    const std::string_view status = take_line(out, context);
    const bool ok = status == "+OK" || status.starts_with("+OK ");
    const bool exchange = std::exchange(s.in_exchange, false);
    const bool auth_command = !exchange && !line->too_long && proto::istarts_with(line->text, "AUTH ");
    if (status.starts_with("+ ")) {
      FUZZ_CHECK(exchange || auth_command, "a continuation to a line that is no AUTH: " + visible(status) + context);
      FUZZ_CHECK(sasl::base64_decode(status.substr(2)).has_value(), "challenge is not base64: " + visible(status) + context);
      s.in_exchange = true;
      continue;
    }
    FUZZ_CHECK(ok || status == "-ERR" || status.starts_with("-ERR "), "not +OK or -ERR: " + visible(status) + context);
    FUZZ_CHECK(status.find('\0') == std::string_view::npos && status.find('\r') == std::string_view::npos &&
                   status.find('\n') == std::string_view::npos,
               "CR, LF or NUL in a status line: " + visible(status) + context);
    if (status == "-ERR too many errors") s.closed = true;
    if (line->too_long) {
      FUZZ_CHECK(status == "-ERR line too long" || s.closed, "an over-long line answered " + visible(status) + context);
      continue;
    }
    // The exchange is over (whether a +OK opened the maildrop, the lock check below tells): no body.
    if (exchange || auth_command) continue;
    const std::string_view text = line->text;
    const std::size_t space = text.find(' ');
    const std::string_view keyword = text.substr(0, space);
    const std::string_view args = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    if (proto::iequals(keyword, "QUIT")) {
      s.closed = true;
      answered_quit = answered_quit || ok;
    }
    if (proto::iequals(keyword, "STLS") && ok) {
      FUZZ_CHECK(!s.implicit, "STLS accepted inside implicit TLS" + context);
      // The bytes are the TLS layer's from here: the rest of this write is never read.
      FUZZ_CHECK(out.empty(), "answered after +OK to STLS: " + visible(out) + context);
      FUZZ_CHECK(s.server.starting_tls() && s.server.buffered() == 0, "STLS +OK but not in the TLS line mode" + context);
      s.oracle = proto::LineReader(Session::config().max_line);
      s.began_tls = true;
      break;
    }
    if (!ok || !multiline_command(keyword, args)) continue;
    std::string body;  // unstuffed, CRLF line endings
    while (true) {
      const std::string_view data = take_line(out, context);
      if (data == ".") break;
      FUZZ_CHECK(data.empty() || data[0] != '.' || data.starts_with(".."), "line not dot-stuffed: " + visible(data) + context);
      body += data.substr(!data.empty() && data[0] == '.' ? 1 : 0);
      body += "\r\n";
    }
    std::size_t n = 0;
    if (proto::iequals(keyword, "RETR") && std::from_chars(args.data(), args.data() + args.size(), n).ec == std::errc{}) {
      const pop3::Maildrop::Entry* entry = s.server.maildrop().at(n);
      FUZZ_CHECK(entry != nullptr, "RETR answered +OK for no message" + context);
      const mailstore::StoredMessage* m = store.folder(s.server.user(), "INBOX")->find_uid(entry->uid);
      FUZZ_CHECK(m != nullptr && m->raw == body, "RETR body is not the stored message: " + visible(body) + context);
    }
  }
  FUZZ_CHECK(out.empty(), "more responses than complete lines: " + visible(out) + context);
  FUZZ_CHECK(s.closed == s.server.closed(), "closed() disagrees with the responses" + context);
  if (store.folder("alice", "INBOX")->messages.size() != inbox_before)
    FUZZ_CHECK(answered_quit && s.server.user() == "alice", "messages left the store without QUIT" + context);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  mailstore::MailStore store = test::pop3_store();
  const bool implicit = size % 2 == 1;
  Session sessions[2] = {Session(store, false), Session(store, true, implicit)};
  sessions[0].server.start();
  if (implicit) {
    FUZZ_CHECK(sessions[1].server.start().empty() && sessions[1].server.starting_tls(),
               "implicit TLS: something said before the handshake");
    const std::string greeting = sessions[1].server.tls_established();
    FUZZ_CHECK(greeting.starts_with("+OK") && greeting.ends_with("\r\n") && greeting.find('\n') == greeting.size() - 1,
               "implicit TLS: the greeting inside TLS is " + visible(greeting));
  } else {
    sessions[1].server.start();
  }

  for (std::string_view write : fuzz::split_feeds(input)) {
    const bool to_b = !write.empty() && write[0] == '\xfe';
    if (to_b) write.remove_prefix(1);
    Session& s = sessions[to_b ? 1 : 0];
    const std::size_t inbox_before = store.folder("alice", "INBOX")->messages.size();
    const bool was_closed = s.server.closed();
    const std::string out = s.server.feed(write);
    if (was_closed) {
      FUZZ_CHECK(out.empty(), "answered after closing: " + visible(out));
      continue;
    }
    check_responses(s, store, write, out, inbox_before);
    FUZZ_CHECK(!s.server.table_miss(), "no transition-table row for what happened");
    if (std::exchange(s.began_tls, false)) {
      FUZZ_CHECK(s.server.tls_established().empty(), "said something at the end of the handshake");
      FUZZ_CHECK(s.server.state() == pop3::State::Authorization && s.server.user().empty(),
                 "inside TLS, not a fresh AUTHORIZATION");
    }
    if (!s.server.closed()) {
      FUZZ_CHECK(s.server.buffered() <= Session::config().max_line, std::to_string(s.server.buffered()) + " bytes buffered");
    }
    for (const auto& [user, account] : store.accounts()) {
      bool in_transaction = false;
      for (const Session& t : sessions)
        in_transaction = in_transaction || (t.server.state() == pop3::State::Transaction && t.server.user() == user);
      FUZZ_CHECK(account.pop3_locked == in_transaction, user + "'s maildrop lock does not match the sessions");
    }
  }
  return 0;
}
