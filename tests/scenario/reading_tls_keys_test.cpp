// The loader on the reading side's TLS keys (Dovecot's ssl and disable_plaintext_auth on a
// destination, fetch's tls on a reading client): the bundled lesson's values, the defaults, and each
// misuse with its located message.
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;

namespace {
const std::string kMx = R"("ssl": "yes", "disable_plaintext_auth": false)";
const std::string kLaptop = R"("keep": true, "tls": "none")";
}  // namespace

TEST_CASE("reading tls keys: the reading-starttls lesson loads with what it says") {
  const auto s = scenario::load_text(lesson_text("reading-starttls.json"), "reading-starttls.json");
  const scenario::Host* mx = s.find_host("mx.school.example");
  REQUIRE(mx);
  CHECK(mx->ssl == proto::Ssl::Yes);
  CHECK_FALSE(mx->disable_plaintext_auth);
  CHECK(s.find_host("mail.school.example")->ssl == proto::Ssl::No);
  REQUIRE(s.clients.size() == 3);
  CHECK(s.clients[1].fetch.tls == scenario::TlsLevel::None);
  CHECK_FALSE(s.clients[2].fetch.tls.has_value());  // verify, since the server offers TLS
}

TEST_CASE("reading tls keys: disable_plaintext_auth follows ssl unless given, as Dovecot's default") {
  const std::string a = lesson_text("reading-starttls.json");
  const auto yes = scenario::load_text(edited(a, kMx, R"("ssl": "yes")"), "t.json");
  CHECK(yes.find_host("mx.school.example")->disable_plaintext_auth);
  const auto required = scenario::load_text(edited(a, kMx, R"("ssl": "required")"), "t.json");
  CHECK(required.find_host("mx.school.example")->ssl == proto::Ssl::Required);
  CHECK(required.find_host("mx.school.example")->disable_plaintext_auth);
  const auto no = scenario::load_text(edited(a, kMx, R"("ssl": "no")"), "t.json");
  CHECK_FALSE(no.find_host("mx.school.example")->disable_plaintext_auth);
}

TEST_CASE("reading tls keys: each misuse is a located error") {
  const std::string a = lesson_text("reading-starttls.json");
  CHECK(message_of(edited(a, kMx, R"("ssl": "may")")) == "/hosts/9/ssl: 'may' is not a value of ssl (no, yes, required)");
  CHECK(message_of(edited(a, kMx, R"("ssl": "no", "disable_plaintext_auth": true)")) ==
        "/hosts/9/disable_plaintext_auth: 'disable_plaintext_auth' allows logins only inside TLS, but this server "
        "offers no TLS: set 'ssl' to \"yes\" or \"required\"");
  CHECK(message_of(edited(a, R"("resolver": "ns.example"},)", R"("resolver": "ns.example", "ssl": "yes"},)")) ==
        "/hosts/8/ssl: 'ssl' applies only to destination hosts, not to a submission host");
  CHECK(message_of(edited(a, kLaptop, R"("keep": true, "tls": "always")")) ==
        "/clients/1/fetch/tls: 'always' is not a value of tls (none, may, encrypt, verify)");
}

TEST_CASE("reading tls keys: fetch.port picks 993/995 (implicit TLS), each misuse a located error") {
  const std::string a = lesson_text("reading-starttls.json");
  const std::string kPhone = R"("protocol": "imap", "start": "20s", "poll": "1h")";
  const auto imaps = scenario::load_text(edited(a, kPhone, std::string(kPhone) + R"(, "port": 993)"), "t.json");
  CHECK(imaps.clients[2].fetch.port == 993);
  CHECK_FALSE(imaps.clients[1].fetch.port.has_value());
  const auto pop3s = scenario::load_text(edited(a, kLaptop, R"("keep": true, "port": 995)"), "t.json");
  CHECK(pop3s.clients[1].fetch.port == 995);
  CHECK(message_of(edited(a, kPhone, std::string(kPhone) + R"(, "port": 995)")) ==
        "/clients/2/fetch/port: IMAP is read on port 143 or 993 (implicit TLS), not 995");
  CHECK(message_of(edited(a, kLaptop, R"("keep": true, "port": 993)")) ==
        "/clients/1/fetch/port: POP3 is read on port 110 or 995 (implicit TLS), not 993");
  CHECK(message_of(edited(a, kLaptop, R"("keep": true, "tls": "none", "port": 995)")) ==
        "/clients/1/fetch/port: port 995 is implicit TLS, which always encrypts: 'tls' none contradicts it "
        "(read on 110 for plain text)");
  CHECK(message_of(edited(edited(a, kMx, R"("ssl": "no")"), kPhone, std::string(kPhone) + R"(, "port": 993)")) ==
        "/clients/2/fetch/port: port 993 is implicit TLS, but mx.school.example has ssl no (give it ssl yes or "
        "required, or read on 143)");
}
