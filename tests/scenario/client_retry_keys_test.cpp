// The loader on a client's retry_after: a duration longer than 0s, only with a submission server;
// none by default (the message waits in the outbox, as in Thunderbird).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;

TEST_CASE("client retry_after: read as a duration, none by default, 0s and a reading-only client refused") {
  const std::string a = lesson_text("auth-server.json");
  CHECK(scenario::load_text(a, "auth-server.json").clients[2].retry_after == 0);
  const std::string c = R"("submission": "mail.school.example",
     "auth": "PLAIN"})";
  const auto s = scenario::load_text(edited(a, c, R"("submission": "mail.school.example", "auth": "PLAIN", "retry_after": "90s"})"), "t.json");
  CHECK(s.clients[2].retry_after == 90 * kSecond);
  CHECK(message_of(edited(a, c, R"("submission": "mail.school.example", "auth": "PLAIN", "retry_after": "0s"})")) ==
        "/clients/2/retry_after: 'retry_after' must be longer than 0s (leave it out not to retry)");
  const std::string phone = R"("keep": true}})";
  CHECK(message_of(edited(a, phone, R"("keep": true}, "retry_after": "1m"})")) ==
        "/clients/1/retry_after: 'retry_after' retries sending; it needs 'submission'");
}
