#include <doctest/doctest.h>

#include <cstring>

#include "sim/proto/imap/server_commands.hpp"
#include "trace_builder.hpp"
#include "sim/proto/dns/message.hpp"
#include "viz/model/explain.hpp"
#include "viz/model/strings.hpp"
#include "viz/model/trace_model.hpp"

using namespace mailsim;
using namespace mailsim::viz;
using namespace vizt;

namespace {
std::string explain(const std::string& protocol, Direction dir, const std::string& text, Lang lang = Lang::En,
                    LineContext ctx = {}) {
  const Payload payload = dir == Direction::ClientToServer ? Payload::Command : Payload::Reply;
  const auto e = explain_line(protocol, dir, segment(protocol, dir, payload, text), ctx);
  return e.main ? format_explanation(*e.main, lang) : std::string();
}
}  // namespace

TEST_CASE("SMTP commands are explained in both languages with their RFC section") {
  CHECK(explain("smtp", Direction::ClientToServer, "RCPT TO:<bob@home.example>") ==
        "RCPT TO — names one recipient (RFC 5321 §4.1.1.3)");
  CHECK(explain("smtp", Direction::ClientToServer, "RCPT TO:<bob@home.example>", Lang::Ja) ==
        "RCPT TO — 受信者を1人指定する (RFC 5321 §4.1.1.3)");
  CHECK(explain("submission", Direction::ClientToServer, "MAIL FROM:<a@b> SIZE=12").starts_with("MAIL FROM — "));
  CHECK(explain("smtp", Direction::ClientToServer, "mail from:<a@b>").starts_with("MAIL FROM — "));
  for (const char* verb : {"EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT", "VRFY", "HELP", "AUTH",
                           "STARTTLS"}) {
    const Explanation* e = explain_smtp_command(verb);
    REQUIRE_MESSAGE(e, verb);
    CHECK(std::strlen(e->en) > 0);
    CHECK(std::strlen(e->ja) > 0);
    CHECK(std::string(e->ref).starts_with("RFC "));
  }
  CHECK(explain_smtp_command("XYZZY") == nullptr);
  // Message text is not explained line by line.
  CHECK_FALSE(explain_line("smtp", Direction::ClientToServer, segment("smtp", Direction::ClientToServer, Payload::Content, "DATA is fun"), {}).main);
}

TEST_CASE("SMTP replies: every code of the lesson table, classes for the rest, enhanced codes") {
  for (int code : {220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 500, 501, 502, 503, 504, 550, 551, 552, 553, 554}) {
    const Explanation* e = explain_smtp_reply(code);
    REQUIRE_MESSAGE(e, code);
    CHECK(std::string(e->key) == std::to_string(code));
  }
  CHECK(std::string(explain_smtp_reply(299)->key) == "2xx");
  CHECK(std::string(explain_smtp_reply(599)->key) == "5xx");
  CHECK(explain_smtp_reply(600) == nullptr);
  CHECK(explain("smtp", Direction::ServerToClient, "250 2.1.5 Ok") ==
        "250 — requested action okay, completed (RFC 5321 §4.2.2)");
  CHECK(explain("smtp", Direction::ServerToClient, "550 5.1.1 no such user", Lang::Ja) ==
        "550 — メールボックスが使えない(存在しない、またはポリシーで拒否)。恒久的 (RFC 5321 §4.2.2)");
  auto e = explain_line("smtp", Direction::ServerToClient, segment("smtp", Direction::ServerToClient, Payload::Reply, "550 5.1.1 <x@y>: user unknown"), {});
  REQUIRE(e.detail);
  CHECK(std::string(e.detail->key) == "5.1.1");
  // An enhanced code whose class does not match the reply is not one.
  CHECK_FALSE(explain_line("smtp", Direction::ServerToClient, segment("smtp", Direction::ServerToClient, Payload::Reply, "250 5.1.1 odd"), {}).detail);
}

TEST_CASE("SMTP AUTH: its command, replies and enhanced codes are explained in both languages") {
  CHECK(explain("submission", Direction::ClientToServer, "AUTH PLAIN AGFsaWNlAHNlY3JldA==") ==
        "AUTH — logs in with a SASL mechanism (user name and password) (RFC 4954 §4)");
  for (int code : {235, 334, 454, 530, 535, 538}) {
    const Explanation* e = explain_smtp_reply(code);
    REQUIRE_MESSAGE(e, code);
    CHECK(std::string(e->key) == std::to_string(code));
    CHECK(std::string(e->ref) == (code == 334 ? "RFC 4954 §4" : "RFC 4954 §6"));
  }
  CHECK(explain("submission", Direction::ServerToClient, "538 5.7.11 Encryption required for requested authentication mechanism") ==
        "538 — this login mechanism needs an encrypted connection: start TLS first (RFC 4954 §6)");
  CHECK(explain("submission", Direction::ServerToClient, "538 5.7.11 Encryption required", Lang::Ja) ==
        "538 — このログイン方式には暗号化された接続が必要:先に TLS を始める (RFC 4954 §6)");
  for (const char* code : {"2.7.0", "4.7.0", "5.7.0", "5.7.8", "5.7.11"}) {
    const Explanation* e = explain_enhanced_status(code);
    REQUIRE_MESSAGE(e, code);
    CHECK(std::string(e->key) == code);  // its own entry, not the class's
    CHECK(std::strlen(e->ja) > 0);
  }
  const auto e = explain_line("submission", Direction::ServerToClient,
                              segment("submission", Direction::ServerToClient, Payload::Reply, "535 5.7.8 Error: authentication failed"), {});
  REQUIRE(e.detail);
  CHECK(format_explanation(*e.detail, Lang::Ja) == "5.7.8 — ユーザー名またはパスワードが正しくない (RFC 4954 §6)");
  CHECK(explain("pop3", Direction::ClientToServer, "AUTH CRAM-MD5") ==
        "AUTH — logs in with a SASL mechanism (as SMTP AUTH does) (RFC 5034 §4)");
}

TEST_CASE("EHLO keywords are explained on the continuation lines of the reply") {
  CHECK(explain("smtp", Direction::ServerToClient, "250-PIPELINING", Lang::En, {.continuation = true}) ==
        "PIPELINING — the client may send several commands without waiting for each reply (RFC 2920)");
  CHECK(explain("smtp", Direction::ServerToClient, "250 SIZE 10485760", Lang::En, {.continuation = true})
            .starts_with("SIZE — "));
  // The trace model works the context out from the connection's lines.
  std::vector<Event> ev;
  auto s = [&](const std::string& text, Time t) {
    ev.push_back(line(1, "smtp", Direction::ServerToClient, Payload::Reply, text, {{"b", t}, {"a", t + 1}}));
  };
  s("220 b.example ESMTP", 0);
  ev.push_back(line(1, "smtp", Direction::ClientToServer, Payload::Command, "EHLO a", {{"a", 2}, {"b", 3}}));
  s("250-b.example", 4);
  s("250-PIPELINING", 4);
  s("250 8BITMIME", 4);
  s("250 2.1.0 Ok", 6);
  TraceModel m(ev, {"a", "b"});
  const Connection* c = m.connection(1);
  REQUIRE(c);
  REQUIRE(c->lines.size() == 6);
  CHECK(std::string(c->lines[0].explanation.main->key) == "220");
  CHECK(std::string(c->lines[1].explanation.main->key) == "EHLO");
  CHECK(std::string(c->lines[2].explanation.main->key) == "250");
  CHECK(std::string(c->lines[3].explanation.main->key) == "PIPELINING");
  CHECK(std::string(c->lines[4].explanation.main->key) == "8BITMIME");
  CHECK(std::string(c->lines[5].explanation.main->key) == "250");
  CHECK(c->client == "a");
  CHECK(c->server == "b");
}

TEST_CASE("POP3 and IMAP lines") {
  CHECK(explain("pop3", Direction::ClientToServer, "RETR 1") == "RETR — downloads one message (RFC 1939 §5)");
  CHECK(explain("pop3", Direction::ClientToServer, "RETR 1", Lang::Ja) ==
        "RETR — メッセージを1通ダウンロードする (RFC 1939 §5)");
  for (const char* verb : {"USER", "PASS", "STAT", "LIST", "RETR", "DELE", "QUIT", "UIDL", "STLS"})
    CHECK_MESSAGE(explain_pop3_command(verb), verb);
  CHECK(explain("pop3", Direction::ClientToServer, "STLS") == "STLS — switches the connection to TLS encryption (RFC 2595 §4)");
  CHECK(explain("pop3", Direction::ClientToServer, "STLS", Lang::Ja) == "STLS — 接続を TLS で暗号化する (RFC 2595 §4)");
  CHECK(explain("pop3", Direction::ServerToClient, "+OK 2 messages").starts_with("+OK — success"));
  CHECK(explain("pop3", Direction::ServerToClient, "-ERR no such message").starts_with("-ERR — "));
  CHECK(explain("pop3", Direction::ServerToClient, "+OK ready", Lang::En, {.first_server_line = true})
            .find("greeting") != std::string::npos);
  CHECK(explain("pop3", Direction::ServerToClient, ".").starts_with(". — end of"));
  CHECK(explain("pop3", Direction::ServerToClient, "1 120").empty());

  CHECK(explain("imap", Direction::ClientToServer, "a1 LOGIN bob secret").starts_with("LOGIN — "));
  CHECK(explain("imap", Direction::ClientToServer, "a3 UID FETCH 1:* (BODY[])").starts_with("UID FETCH — "));
  // A UID command the table has no row for falls back to UID's explanation (UID EXPUNGE has one now).
  CHECK(explain("imap", Direction::ClientToServer, "a4 UID THREAD REFS UTF-8 ALL").starts_with("UID — "));
  CHECK(explain("imap", Direction::ClientToServer, "a4 UID EXPUNGE 4").starts_with("UID EXPUNGE — "));
  CHECK(explain("imap", Direction::ClientToServer, "DONE").starts_with("DONE — "));
  for (const char* verb : {"LOGIN", "SELECT", "FETCH", "IDLE", "LOGOUT", "STORE", "SEARCH", "EXPUNGE"})
    CHECK_MESSAGE(explain_imap_command(verb), verb);
  // Every command the IMAP server's table names has its explanation (the table's explanation key).
  for (const auto& c : mailsim::imap::server_commands())
    if (!c.explain.empty()) CHECK_MESSAGE(explain_imap_command(c.explain), c.explain);
  CHECK(explain("imap", Direction::ServerToClient, "* 3 EXISTS").starts_with("EXISTS — "));
  CHECK(explain("imap", Direction::ServerToClient, "a1 OK LOGIN completed").starts_with("OK — success"));
  CHECK(explain("imap", Direction::ServerToClient, "a1 NO wrong password").starts_with("NO — "));
  CHECK(explain("imap", Direction::ServerToClient, "+ idling").starts_with("+ — "));
  CHECK(explain("imap", Direction::ServerToClient, "* OK IMAP4rev1 ready", Lang::Ja, {.first_server_line = true})
            .find("あいさつ") != std::string::npos);
}

namespace {
// A DNS message's wire bytes, as the trace keeps them.
std::string dns_wire(dns::Type qtype, const std::string& name, bool response, dns::Rcode rcode = dns::Rcode::NoError,
                     std::vector<dns::Record> answers = {}) {
  dns::Message m;
  m.id = 7;
  m.response = response;
  m.rcode = rcode;
  m.questions = {{name, qtype}};
  m.answers = std::move(answers);
  return m.encode();
}
}  // namespace

TEST_CASE("DNS datagrams, explained from their bytes, and TCP segments") {
  CHECK(std::string(explain_dns(dns_wire(dns::Type::MX, "school.example", false))->key) == "query MX");
  CHECK(std::string(explain_dns(dns_wire(dns::Type::A, "mx.school.example", false))->key) == "query A");
  dns::Record mx;
  mx.name = "school.example";
  mx.type = dns::Type::MX;
  mx.preference = 10;
  mx.data = "mx.school.example";
  CHECK(std::string(explain_dns(dns_wire(dns::Type::MX, "school.example", true, dns::Rcode::NoError, {mx}))->key) ==
        "NOERROR");
  CHECK(std::string(explain_dns(dns_wire(dns::Type::MX, "x.example", true))->key) == "NODATA");
  CHECK(std::string(explain_dns(dns_wire(dns::Type::A, "nowhere.example", true, dns::Rcode::NXDomain))->key) ==
        "NXDOMAIN");
  CHECK(explain_dns("gibberish") == nullptr);
  CHECK(std::string(explain_tcp(Kind::Connect)->title) == "SYN");
  CHECK(std::string(explain_tcp(Kind::Refused)->title) == "RST");
  CHECK(explain_tcp(Kind::Queue) == nullptr);
}

TEST_CASE("every UI string exists in both languages with the same format arguments") {
  auto specs = [](const char* s) {
    std::string out;
    for (const char* p = s; *p; ++p)
      if (*p == '%') {
        ++p;
        if (*p == '%') continue;
        while (*p && !std::isalpha(static_cast<unsigned char>(*p))) ++p;
        while (*p == 'l') out += *p++;
        if (*p) out += *p;
      }
    return out;
  };
  for (std::size_t i = 0; i < kStringCount; ++i) {
    const char* en = tr(static_cast<Str>(i), Lang::En);
    const char* ja = tr(static_cast<Str>(i), Lang::Ja);
    CAPTURE(i);
    CAPTURE(en);
    CHECK(std::strlen(en) > 0);
    CHECK(std::strlen(ja) > 0);
    CHECK(specs(en) == specs(ja));
  }
  CHECK(std::string(tr(Str::TlPlay, Lang::Ja)) == "再生");
}
