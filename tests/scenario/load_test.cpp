// Reading files, JSON syntax errors, and the values (and defaults) a valid scenario loads to.
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;
using namespace mailsim::scenario;

namespace {
// Two destination domains, a reading device, one of each failure kind: exercises every value path.
const std::string kFull = R"json({
  "title": {"en": "Full", "ja": "全部"},
  "description": "English only",
  "seed": 42,
  "epoch": "2024-02-29T12:34:56Z",
  "until": "1h30m",
  "default_latency": "7ms",
  "hosts": [
    {"name": "PC1.School.Example.", "address": "10.0.0.10", "role": "client", "position": [0, 1]},
    {"name": "phone.home.example", "address": "10.1.0.11", "role": "client", "resolver": "ns.example"},
    {"name": "internet", "address": "10.255.0.1", "role": "router", "up": false},
    {"name": "mail.school.example", "address": "10.0.1.25", "role": "submission",
     "domains": ["school.example"], "relay_from": ["10.0.0.0/24", "0.0.0.0/0"], "relayhost": "[MX.home.example.]",
     "retry": {"preset": "sendmail", "give_up": "2h"}, "limits": {"max_recipients": 5}},
    {"name": "relay.isp.example", "address": "10.100.0.25", "role": "relay", "retry": "qmail"},
    {"name": "mx.home.example", "address": "10.1.0.25", "role": "destination", "domains": ["home.example"]},
    {"name": "ns.example", "address": "10.255.0.53", "role": "dns"}
  ],
  "links": [
    {"between": ["pc1.school.example", "internet"]},
    {"between": ["phone.home.example", "internet"], "latency": 0.25},
    {"between": ["mail.school.example", "internet"]},
    {"between": ["relay.isp.example", "internet"]},
    {"between": ["mx.home.example", "internet"]},
    {"between": ["ns.example", "internet"]}
  ],
  "dns": [
    {"name": "home.example", "type": "mx", "preference": 10, "data": "MX.home.example.", "ttl": 60},
    {"name": "_dmarc.home.example", "type": "TXT", "data": "v=DMARC1; p=none"},
    {"name": "mx.home.example", "type": "A", "data": "10.1.0.25"}
  ],
  "accounts": [
    {"address": "bob@Home.Example", "host": "mx.home.example"},
    {"address": "carol@home.example", "host": "mx.home.example", "user": "c", "password": "pw"}
  ],
  "clients": [
    {"host": "pc1.school.example", "account": "alice@school.example", "submission": "mail.school.example", "port": 25},
    {"host": "phone.home.example", "account": "bob@home.example",
     "fetch": {"protocol": "imap", "start": "20s", "poll": "2m", "idle": true, "mark_seen": false}}
  ],
  "messages": [
    {"id": "m1", "client": "pc1.school.example", "to": ["bob@home.example"], "cc": "carol@home.example",
     "bcc": [], "subject": "S", "body": ["line 1", "line 2"], "headers": {"X-B": "2", "X-A": "1"}},
    {"id": "second", "at": 90, "client": "pc1.school.example", "from": "carol@home.example",
     "bcc": ["bob@home.example"], "body": "just text"}
  ],
  "failures": [
    {"at": "1m", "kind": "host_down", "host": "mx.home.example", "note": "gone"},
    {"at": "2m", "kind": "service_stop", "host": "mx.home.example", "port": 143},
    {"at": "3m", "kind": "link_down", "link": ["internet", "ns.example"]},
    {"at": "4m", "kind": "dns_set", "record": {"name": "x.home.example", "type": "CNAME", "data": "mx.home.example"}},
    {"at": "5m", "kind": "dns_remove", "record": {"name": "home.example", "type": "MX"}},
    {"at": "6m", "kind": "smtp_reply", "host": "mx.home.example", "command": "rcpt",
     "reply": {"code": 452, "enhanced": "4.2.2", "text": "Mailbox full"}},
    {"at": "7m", "kind": "smtp_reply_clear", "host": "mx.home.example", "port": 25, "command": "DATA-CMD"}
  ],
  "captions": [
    {"at": "0s", "ja": "はじめ"},
    {"at": "250ms", "duration": "1m", "en": "Later"}
  ],
  "expect": [
    {"delivered": "m1", "mailbox": "bob@home.example"},
    {"not_delivered": "second", "mailbox": "carol@home.example"},
    {"bounced": "second"},
    {"queue_empty": "relay.isp.example"},
    {"reply_seen": 250},
    {"reply_seen": 452, "host": "mx.home.example"},
    {"attempts": "m1", "host": "mail.school.example", "count": 2},
    {"fetched": "m1", "host": "phone.home.example"},
    {"not_fetched": "second", "host": "phone.home.example"},
    {"flagged": "m1", "mailbox": "bob@home.example", "flag": "\\Seen"}
  ]
})json";
}  // namespace

TEST_CASE("JSON syntax errors point at the problem, with a hint for the usual slips") {
  CHECK(error_of("{\n  \"title\": \"t\"\n  \"hosts\": []\n}") ==
        "t.json:3:3: /: syntax error while parsing object - unexpected string literal; expected '}' "
        "(is a comma missing before it?)");
  CHECK(error_of("{\n  \"title\": \"t\",\n}") ==
        "t.json:3:1: /: syntax error while parsing object key - unexpected '}'; expected string literal "
        "(remove the comma before it: JSON allows none after the last item)");
  CHECK(error_of("{\"a\": [1, 2,]}") ==
        "t.json:1:13: /: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal "
        "(remove the comma before it: JSON allows none after the last item)");
  CHECK(error_of("") ==
        "t.json:1:1: /: the file is empty (a scenario is a JSON object: {\"title\": ..., \"hosts\": [...]})");
  CHECK(error_of("{") ==
        "t.json:1:2: /: syntax error while parsing object key - unexpected end of input; expected string literal");
  CHECK(error_of("{\"title\": tru}") == "t.json:1:14: /: syntax error while parsing value - invalid literal");
  CHECK(error_of("{\"title\": \"ひらがな\" \"x\": 1}") ==
        "t.json:1:18: /: syntax error while parsing object - unexpected string literal; expected '}' "
        "(is a comma missing before it?)");
  CHECK(error_of("// comment\n{}") ==
        "t.json:1:1: /: syntax error while parsing value - invalid literal");
}

TEST_CASE("the top level must be an object") {
  CHECK(error_of("[1, 2]") == "t.json:1:1: /: expected an object, got an array");
  CHECK(error_of("\xEF\xBB\xBF{\"title\": 1}") ==
        "t.json:1:11: /title: expected an object {\"en\": ..., \"ja\": ...} or a string, got a number");
}

TEST_CASE("unreadable files: line 0, column 0 and the system's reason") {
  CHECK_THROWS_WITH_AS(load_file("/nonexistent/lesson.json"),
                       "/nonexistent/lesson.json:0:0: /: No such file or directory", ScenarioError);
  CHECK_THROWS_WITH_AS(load_file(MAILSIM_SOURCE_DIR "/scenarios"),
                       (MAILSIM_SOURCE_DIR "/scenarios:0:0: /: Is a directory"), ScenarioError);
}

TEST_CASE("ScenarioError keeps its parts") {
  try {
    load_text("{\"title\": \"t\", \"hosts\": [{\"name\": \"a\", \"address\": \"1.2.3\", \"role\": \"client\"}]}", "dir/x.json");
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(e.file() == "dir/x.json");
    CHECK(e.line() == 1);
    CHECK(e.column() == 51);
    CHECK(e.json_path() == "/hosts/0/address");
    CHECK(e.message() == "'1.2.3' is not an IPv4 address");
    CHECK(std::string(e.what()) == "dir/x.json:1:51: /hosts/0/address: '1.2.3' is not an IPv4 address");
  }
}

TEST_CASE("a full scenario: header values, names lower-cased, defaults filled in") {
  const Scenario s = load_text(kFull, "lessons/full.json");
  CHECK(s.file == "lessons/full.json");
  CHECK(s.id == "full");
  CHECK(s.title.en == "Full");
  CHECK(s.title.ja == "全部");
  CHECK(s.description.en == "English only");
  CHECK(s.description.ja.empty());
  CHECK(s.seed == 42);
  CHECK(s.epoch == 1709210096);  // date -u -d 2024-02-29T12:34:56Z +%s
  CHECK(s.until == 90 * kMinute);
  CHECK(s.default_latency == 7 * kMillisecond);

  REQUIRE(s.hosts.size() == 7);
  const Host& pc1 = s.hosts[0];
  CHECK(pc1.name == "pc1.school.example");
  CHECK(pc1.role == Role::Client);
  REQUIRE(pc1.position);
  CHECK(pc1.position->first == 0.0);
  CHECK(pc1.position->second == 1.0);
  CHECK(s.hosts[1].resolver == "ns.example");
  CHECK_FALSE(s.hosts[2].up);
  CHECK(s.hosts[0].up);
  const Host* mail = s.find_host("mail.school.example");
  REQUIRE(mail);
  CHECK(mail->relay_from == std::vector<std::string>{"10.0.0.0/24", "0.0.0.0/0"});
  CHECK(mail->relayhost == "mx.home.example");
  CHECK_FALSE(mail->relayhost_mx);  // [name]: its A record only
  CHECK(mail->relayhost_port == 25);
  CHECK(mail->retry_preset == "custom");
  CHECK(mail->retry.first == 15 * kMinute);  // from the sendmail preset
  CHECK(mail->retry.give_up == 2 * kHour);   // overridden
  CHECK(mail->limits.max_recipients == 5);
  CHECK(mail->limits.max_errors == 10);
  CHECK(s.find_host("relay.isp.example")->retry_preset == "qmail");
  CHECK(s.find_host("relay.isp.example")->retry == *retry_preset("qmail"));
  CHECK(s.find_host("mx.home.example")->retry_preset == "postfix");
  CHECK(s.find_host("nope") == nullptr);

  REQUIRE(s.links.size() == 6);
  CHECK(s.links[0].a == "pc1.school.example");
  CHECK(s.links[0].b == "internet");
  CHECK(s.links[0].latency == 7 * kMillisecond);  // default_latency
  CHECK(s.links[1].latency == 250 * kMillisecond);

  REQUIRE(s.dns_records.size() == 3);
  CHECK(s.dns_records[0].type == dns::Type::MX);
  CHECK(s.dns_records[0].data == "mx.home.example");
  CHECK(s.dns_records[0].preference == 10);
  CHECK(s.dns_records[0].ttl == 60);
  CHECK(s.dns_records[1].name == "_dmarc.home.example");
  CHECK(s.dns_records[1].ttl == 300);
  CHECK(s.dns_records[2].type == dns::Type::A);

  REQUIRE(s.accounts.size() == 2);
  CHECK(s.accounts[0].address == "bob@home.example");
  CHECK(s.accounts[0].user == "bob");
  CHECK(s.accounts[0].password == "password");
  CHECK(s.accounts[1].user == "c");
  CHECK(s.accounts[1].password == "pw");
}

TEST_CASE("a full scenario: clients, messages, failures, captions, expectations") {
  const Scenario s = load_text(kFull, "full.json");
  REQUIRE(s.clients.size() == 2);
  CHECK(s.clients[0].submission_port == 25);
  CHECK(s.clients[0].fetch.protocol == Fetch::Protocol::None);
  const Client& phone = s.clients[1];
  CHECK(phone.submission.empty());
  CHECK(phone.fetch.protocol == Fetch::Protocol::Imap);
  CHECK(phone.fetch.server == "mx.home.example");  // the account's host
  CHECK(phone.fetch.start == 20 * kSecond);
  CHECK(phone.fetch.poll == 2 * kMinute);
  CHECK(phone.fetch.idle);
  CHECK_FALSE(phone.fetch.mark_seen);

  REQUIRE(s.messages.size() == 2);
  const MessageSpec& m1 = s.messages[0];
  CHECK(m1.at == 0);
  CHECK(m1.from == "alice@school.example");  // the client's account
  CHECK(m1.to == std::vector<std::string>{"bob@home.example"});
  CHECK(m1.cc == std::vector<std::string>{"carol@home.example"});
  CHECK(m1.bcc.empty());
  CHECK(m1.body == "line 1\nline 2\n");
  CHECK(m1.headers == std::vector<std::pair<std::string, std::string>>{{"X-B", "2"}, {"X-A", "1"}});
  CHECK(s.messages[1].at == 90 * kSecond);
  CHECK(s.messages[1].from == "carol@home.example");
  CHECK(s.messages[1].body == "just text");
  CHECK(s.messages[1].subject.empty());

  REQUIRE(s.failures.size() == 7);
  CHECK(s.failures[0].kind == FailureKind::HostDown);
  CHECK(s.failures[0].note.en == "gone");
  CHECK(s.failures[1].port == 143);
  CHECK(s.failures[2].link_a == "internet");
  CHECK(s.failures[2].link_b == "ns.example");
  CHECK(s.failures[3].record.type == dns::Type::CNAME);
  CHECK(s.failures[4].record.name == "home.example");
  CHECK(s.failures[4].record.type == dns::Type::MX);
  const Failure& reply = s.failures[5];
  CHECK(reply.at == 6 * kMinute);
  CHECK(reply.command == "RCPT");
  CHECK(reply.port == 25);
  CHECK(reply.reply_code == 452);
  CHECK(reply.reply_enhanced == "4.2.2");
  CHECK(reply.reply_text == "Mailbox full");
  CHECK(s.failures[6].kind == FailureKind::SmtpReplyClear);
  CHECK(s.failures[6].command == "DATA-CMD");

  REQUIRE(s.captions.size() == 2);
  CHECK(s.captions[0].duration == 10 * kSecond);
  CHECK(s.captions[0].text.ja == "はじめ");
  CHECK(s.captions[1].at == 250 * kMillisecond);

  REQUIRE(s.expect.size() == 10);
  CHECK(s.expect[0].kind == ExpectKind::Delivered);
  CHECK(s.expect[0].json_path == "/expect/0");
  CHECK(s.expect[3].host == "relay.isp.example");
  CHECK(s.expect[4].code == 250);
  CHECK(s.expect[4].host.empty());
  CHECK(s.expect[6].count == 2);
  CHECK(s.expect[7].kind == ExpectKind::Fetched);
  CHECK(s.expect[7].host == "phone.home.example");
  CHECK(s.expect[8].kind == ExpectKind::NotFetched);
  CHECK(s.expect[9].flag == "\\Seen");
  CHECK(s.expect[9].json_path == "/expect/9");
}

TEST_CASE("to_string names match the file format") {
  CHECK(to_string(Role::Destination) == "destination");
  CHECK(to_string(FailureKind::SmtpReplyClear) == "smtp_reply_clear");
  CHECK(to_string(ExpectKind::NotDelivered) == "not_delivered");
  CHECK(to_string(ExpectKind::Flagged) == "flagged");
}

TEST_CASE("SMTP AUTH keys: left out, nothing logs in, and a submission server's mechanisms default to all four") {
  const Scenario s = load_text(kFull, "full.json");
  const Host& sub = *s.find_host("mail.school.example");
  CHECK(sub.auth == SmtpAuth::None);
  CHECK(sub.sasl_mechanisms == sasl::all_mechanisms());  // offered only once 'auth' is set
  const Host& mx = *s.find_host("mx.home.example");
  CHECK(mx.sasl_mechanisms.empty());  // POP3: USER/PASS only
  CHECK_FALSE(mx.apop);
  for (const Client& c : s.clients) {
    CHECK_FALSE(c.auth);
    CHECK(c.fetch.login == Fetch::Login::User);
  }
  CHECK(to_string(SmtpAuth::None) == "none");
  CHECK(to_string(SmtpAuth::Optional) == "optional");
  CHECK(to_string(SmtpAuth::Required) == "required");
  CHECK(to_string(ExpectKind::Refused) == "refused");
  CHECK(to_string(ExpectKind::InOutbox) == "in_outbox");
}

TEST_CASE("SMTP AUTH keys: the values, a client's mechanism and typed password, a POP3 device's login") {
  const std::string text = R"json({
  "title": "t",
  "hosts": [
    {"name": "pc1.school.example", "address": "10.0.0.10", "role": "client"},
    {"name": "pc2.school.example", "address": "10.0.0.11", "role": "client"},
    {"name": "mail.school.example", "address": "10.0.1.25", "role": "submission", "domains": ["school.example"],
     "auth": "optional", "sasl_mechanisms": ["scram-sha-256", "PLAIN"]},
    {"name": "mx.school.example", "address": "10.0.1.26", "role": "destination", "domains": ["school.example"],
     "sasl_mechanisms": ["CRAM-MD5", "apop"]},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [
    {"between": ["pc1.school.example", "mail.school.example"]},
    {"between": ["pc2.school.example", "mail.school.example"]},
    {"between": ["mx.school.example", "mail.school.example"]},
    {"between": ["ns.example", "mail.school.example"]}
  ],
  "until": "1m",
  "accounts": [
    {"address": "alice@school.example", "host": "mx.school.example", "user": "a.liddell", "password": "rabbit"},
    {"address": "bob@school.example", "host": "mx.school.example"}
  ],
  "clients": [
    {"host": "pc1.school.example", "account": "alice@school.example", "submission": "mail.school.example",
     "auth": "SCRAM-SHA-256", "fetch": {"protocol": "pop3", "login": "apop"}},
    {"host": "pc2.school.example", "account": "bob@school.example", "submission": "mail.school.example",
     "auth": {"mechanism": "plain", "password": "passwrod"}, "fetch": {"protocol": "pop3", "login": "CRAM-MD5"}}
  ]
})json";
  const Scenario s = load_text(text, "t.json");
  const Host& sub = *s.find_host("mail.school.example");
  CHECK(sub.auth == SmtpAuth::Optional);
  CHECK(sub.sasl_mechanisms == std::vector<sasl::Mechanism>{sasl::Mechanism::ScramSha256, sasl::Mechanism::Plain});
  const Host& mx = *s.find_host("mx.school.example");
  CHECK(mx.sasl_mechanisms == std::vector<sasl::Mechanism>{sasl::Mechanism::CramMd5});
  CHECK(mx.apop);
  REQUIRE(s.clients.size() == 2);
  REQUIRE(s.clients[0].auth);
  CHECK(s.clients[0].auth->mechanism == sasl::Mechanism::ScramSha256);
  CHECK(s.clients[0].auth->user == "a.liddell");   // the account's login
  CHECK(s.clients[0].auth->password == "rabbit");  // and its password
  CHECK(s.clients[0].fetch.login == Fetch::Login::Apop);
  REQUIRE(s.clients[1].auth);
  CHECK(s.clients[1].auth->mechanism == sasl::Mechanism::Plain);
  CHECK(s.clients[1].auth->user == "bob");
  CHECK(s.clients[1].auth->password == "passwrod");  // what the lesson makes it type
  CHECK(s.clients[1].fetch.login == Fetch::Login::Sasl);
  CHECK(s.clients[1].fetch.mechanism == sasl::Mechanism::CramMd5);
}
