// Policy that answers later (ServerHooks returning Verdict::pending()): the machine stops reading,
// pipelined commands wait in order, and resume() sends the reply and carries on with them. This is
// how a check that needs the network (a DNS blocklist, SPF, an authentication server) fits into a
// sans-I/O machine.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;
using namespace smtp_test;

namespace {

// Every hook call is remembered; each answers later.
struct LaterHooks {
  std::vector<std::string> asked;
  ServerHooks hooks() {
    ServerHooks h;
    h.check_mail_from = [this](const Envelope&, const std::string& from) {
      asked.push_back("MAIL " + from);
      return Verdict::pending();
    };
    h.check_rcpt = [this](const Envelope&, const std::string& to) {
      asked.push_back("RCPT " + to);
      return Verdict::pending();
    };
    h.accept_message = [this](const Envelope&, const std::string& data) {
      asked.push_back("DATA " + std::to_string(data.size()));
      return Verdict::pending();
    };
    return h;
  }
};

}  // namespace

TEST_CASE("pending RCPT: pipelined commands wait in order, each answered when its turn comes") {
  LaterHooks later;
  ServerHooks hooks = later.hooks();
  hooks.check_mail_from = nullptr;  // MAIL is decided at once
  Server s = greeted(mx_config(), hooks);
  CHECK(s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\nRCPT TO:<carol@c.example>\r\n"
               "DATA\r\n") == "250 2.1.0 Ok\r\n");
  CHECK(s.waiting());
  CHECK(later.asked == std::vector<std::string>{"RCPT bob@b.example"});
  CHECK(s.state() == ServerState::Mail);
  CHECK(s.feed("NOOP\r\n") == "");  // still waiting: read, not answered
  CHECK(s.resume(make_reply(250, "2.1.5", "Ok")) == "250 2.1.5 Ok\r\n");
  CHECK(later.asked.back() == "RCPT carol@c.example");
  CHECK(s.state() == ServerState::Rcpt);
  CHECK(s.resume(make_reply(554, "5.7.1", "Service unavailable; client [10.0.0.9] blocked")) ==
        "554 5.7.1 Service unavailable; client [10.0.0.9] blocked\r\n"
        "354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK_FALSE(s.waiting());
  CHECK(s.envelope().rcpt_to == std::vector<std::string>{"bob@b.example"});
  // The NOOP sent while waiting is mail data now, as it would be on a real connection.
  CHECK(s.feed(".\r\n") == "");
  CHECK(s.waiting());
  CHECK(later.asked.back() == "DATA 6");
  CHECK(s.resume(make_reply(250, "2.0.0", "Ok: queued as 4F1A2")) == "250 2.0.0 Ok: queued as 4F1A2\r\n");
  CHECK(s.state() == ServerState::Greeted);
}

TEST_CASE("pending MAIL refused: the envelope stays empty, the table's failure row is taken") {
  LaterHooks later;
  Server s = greeted(mx_config(), later.hooks());
  CHECK(s.feed("MAIL FROM:<spam@bad.example>\r\nRCPT TO:<bob@b.example>\r\n") == "");
  CHECK(s.resume(make_reply(550, "5.7.1", "Sender rejected")) ==
        "550 5.7.1 Sender rejected\r\n503 5.5.1 Error: need MAIL command\r\n");
  CHECK(s.envelope().mail_from == "");
  CHECK(s.state() == ServerState::Greeted);
}

TEST_CASE("pending: byte by byte while waiting, and resume with nothing pending sends nothing") {
  LaterHooks later;
  Server s = greeted(mx_config(), later.hooks());
  CHECK(s.resume(make_reply(250, "2.1.0", "Ok")) == "");
  for (const char c : std::string("MAIL FROM:<a@a.example>\r\nQUIT\r\n")) CHECK(s.feed(std::string(1, c)) == "");
  CHECK(s.resume(make_reply(250, "2.1.0", "Ok")) == "250 2.1.0 Ok\r\n221 2.0.0 Bye\r\n");
  CHECK(s.closed());
}

TEST_CASE("pending: a client that floods while waiting is cut off, a late answer changes nothing") {
  LaterHooks later;
  Server s = greeted(mx_config(), later.hooks());
  CHECK(s.feed("MAIL FROM:<a@a.example>\r\n") == "");
  std::string flood;
  for (int i = 0; i < 50000; ++i) flood += "NOOP\r\n";  // 300 KB
  CHECK(s.feed(flood) == "421 4.7.0 mx.example Error: too much pipelined input\r\n");
  CHECK(s.closed());
  CHECK(s.resume(make_reply(250, "2.1.0", "Ok")) == "");
  CHECK_FALSE(s.table_miss());
}

TEST_CASE("pending: a forced reply is not pending, the hook is not asked") {
  LaterHooks later;
  ServerConfig c = mx_config();
  c.forced_replies["RCPT"] = make_reply(451, "4.7.1", "Greylisted");
  ServerHooks hooks = later.hooks();
  hooks.check_mail_from = nullptr;
  Server s = greeted(c, hooks);
  CHECK(s.feed("MAIL FROM:<a@a.example>\r\nRCPT TO:<b@b.example>\r\n") == "250 2.1.0 Ok\r\n451 4.7.1 Greylisted\r\n");
  CHECK(later.asked.empty());
}
