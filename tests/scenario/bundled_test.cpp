// The lessons in scenarios/ load without error and say what they are about in both languages.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "sim/scenario/load.hpp"

using namespace mailsim;
using namespace mailsim::scenario;

namespace {
Scenario bundled(const std::string& name) { return load_file(MAILSIM_SOURCE_DIR "/scenarios/" + name + ".json"); }

std::size_t count_role(const Scenario& s, Role r) {
  return static_cast<std::size_t>(std::count_if(s.hosts.begin(), s.hosts.end(), [&](const Host& h) { return h.role == r; }));
}

std::size_t count_expect(const Scenario& s, ExpectKind k) {
  return static_cast<std::size_t>(
      std::count_if(s.expect.begin(), s.expect.end(), [&](const Expectation& e) { return e.kind == k; }));
}
}  // namespace

TEST_CASE("every bundled scenario loads, is bilingual, and has captions and expectations") {
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MAILSIM_SOURCE_DIR "/scenarios")) {
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".json" || path.ends_with("scenario.schema.json")) continue;
    CAPTURE(path);
    Scenario s;
    REQUIRE_NOTHROW(s = load_file(path));
    ++seen;
    CHECK_FALSE(s.title.en.empty());
    CHECK_FALSE(s.title.ja.empty());
    CHECK_FALSE(s.description.en.empty());
    CHECK_FALSE(s.description.ja.empty());
    CHECK(s.captions.size() >= 3);
    CHECK(s.captions.size() <= 6);
    for (const Caption& c : s.captions) {
      CHECK_FALSE(c.text.en.empty());
      CHECK_FALSE(c.text.ja.empty());
    }
    CHECK_FALSE(s.expect.empty());
    CHECK(s.until > 0);
    CHECK(count_role(s, Role::Dns) == 1);
    for (const Host& h : s.hosts) CHECK(h.position);
  }
  CHECK(seen >= 7);
}

TEST_CASE("basic-delivery: one domain, two hops") {
  const Scenario s = bundled("basic-delivery");
  CHECK(s.id == "basic-delivery");
  CHECK(s.hosts.size() == 6);
  CHECK(s.links.size() == 5);
  CHECK(s.dns_records.size() == 3);
  CHECK(s.accounts.size() == 2);
  CHECK(s.messages.size() == 1);
  CHECK(s.failures.empty());
  CHECK(s.find_host("mail.school.example")->relayhost.empty());  // looks up the MX itself
  CHECK(count_expect(s, ExpectKind::Delivered) == 1);
  CHECK(s.expect[0].mailbox == "bob@school.example");
}

TEST_CASE("relay-mx: the school relays through the ISP") {
  const Scenario s = bundled("relay-mx");
  CHECK(s.hosts.size() == 8);
  CHECK(s.find_host("mail.school.example")->relayhost == "relay.isp.example");
  CHECK_FALSE(s.find_host("mail.school.example")->relayhost_mx);  // "[relay.isp.example]": no MX lookup
  CHECK(s.find_host("relay.isp.example")->role == Role::Relay);
  CHECK(s.messages[0].to == std::vector<std::string>{"bob@home.example"});
  CHECK(count_expect(s, ExpectKind::Delivered) == 1);
  CHECK(count_expect(s, ExpectKind::QueueEmpty) == 2);
}

TEST_CASE("backup-mx: two MX records, the primary down from the start") {
  const Scenario s = bundled("backup-mx");
  const auto mx = std::count_if(s.dns_records.begin(), s.dns_records.end(),
                                [](const dns::Record& r) { return r.type == dns::Type::MX && r.name == "home.example"; });
  CHECK(mx == 2);
  CHECK_FALSE(s.find_host("mx1.home.example")->up);
  CHECK(s.find_host("mx2.home.example")->up);
  REQUIRE(s.accounts.size() == 1);
  CHECK(s.accounts[0].host == "mx2.home.example");
  CHECK(count_expect(s, ExpectKind::Delivered) == 1);
}

TEST_CASE("destination-down-retry: down at 5s, up at 40m, Postfix schedule") {
  const Scenario s = bundled("destination-down-retry");
  REQUIRE(s.failures.size() == 2);
  CHECK(s.failures[0].kind == FailureKind::HostDown);
  CHECK(s.failures[0].at == 5 * kSecond);
  CHECK(s.failures[1].kind == FailureKind::HostUp);
  CHECK(s.failures[1].at == 40 * kMinute);
  CHECK(s.find_host("relay.isp.example")->retry == *retry_preset("postfix"));
  CHECK(s.messages[0].at == 10 * kSecond);
  REQUIRE(count_expect(s, ExpectKind::Attempts) == 1);
  CHECK(s.expect[1].count == 4);
  CHECK(s.expect[1].host == "relay.isp.example");
}

TEST_CASE("destination-never-returns: shortened lifetime, bounce to Alice") {
  const Scenario s = bundled("destination-never-returns");
  const RetrySchedule& r = s.find_host("relay.isp.example")->retry;
  CHECK(r.first == 5 * kMinute);
  CHECK(r.max == kHour);
  CHECK(r.give_up == 4 * kHour);
  CHECK(s.find_host("relay.isp.example")->retry_preset == "custom");
  CHECK(s.until > r.give_up);
  CHECK(count_expect(s, ExpectKind::Bounced) == 1);
  CHECK(count_expect(s, ExpectKind::NotDelivered) == 1);
  // the bounce needs somewhere to go
  CHECK(std::any_of(s.accounts.begin(), s.accounts.end(),
                    [](const Account& a) { return a.address == "alice@school.example"; }));
}

TEST_CASE("unknown-user: 550 5.1.1 and a bounce") {
  const Scenario s = bundled("unknown-user");
  CHECK(s.messages[0].to == std::vector<std::string>{"nobody@home.example"});
  CHECK(s.failures.empty());
  REQUIRE(count_expect(s, ExpectKind::ReplySeen) == 1);
  CHECK(s.expect[0].code == 550);
  CHECK(s.expect[0].host == "mx.home.example");
  CHECK(count_expect(s, ExpectKind::Bounced) == 1);
}

TEST_CASE("greylisting: 451 on RCPT until 6m") {
  const Scenario s = bundled("greylisting");
  REQUIRE(s.failures.size() == 2);
  CHECK(s.failures[0].kind == FailureKind::SmtpReply);
  CHECK(s.failures[0].command == "RCPT");
  CHECK(s.failures[0].reply_code == 451);
  CHECK(s.failures[0].reply_enhanced == "4.7.1");
  CHECK(s.failures[1].kind == FailureKind::SmtpReplyClear);
  CHECK(s.failures[1].at == 6 * kMinute);
  CHECK(count_expect(s, ExpectKind::Attempts) == 1);
}

TEST_CASE("two-devices lessons: the phone is a phone, the laptop a pc (the map's icons)") {
  for (const char* name : {"imap-two-devices", "pop3-two-devices"}) {
    CAPTURE(name);
    const Scenario s = bundled(name);
    for (const Host& h : s.hosts) {
      CAPTURE(h.name);
      CHECK(h.device == (h.name == "phone.home.example" ? Device::Phone : Device::Pc));
    }
  }
}

TEST_CASE("auth-submission: the school's server asks for a login: one client logs in, one does not, one types a wrong password") {
  const Scenario s = bundled("auth-submission");
  const Host& sub = *s.find_host("mail.school.example");
  CHECK(sub.auth == SmtpAuth::Required);
  CHECK(sub.relay_from.empty());  // nobody is trusted by address: everyone logs in
  REQUIRE(s.clients.size() == 3);
  REQUIRE(s.clients[0].auth);
  CHECK(s.clients[0].auth->mechanism == sasl::Mechanism::Plain);
  CHECK(s.clients[0].auth->password == "correct-horse");
  CHECK_FALSE(s.clients[1].auth);
  REQUIRE(s.clients[2].auth);
  CHECK(s.clients[2].auth->mechanism == sasl::Mechanism::CramMd5);
  CHECK(s.clients[2].auth->password != "blue-whale");  // the account's is blue-whale: a typing mistake
  CHECK(count_expect(s, ExpectKind::Refused) == 2);
  CHECK(count_expect(s, ExpectKind::InOutbox) == 2);
}
