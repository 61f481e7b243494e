// A busy afternoon in a lesson file: a message with `repeat` is sent count times, `every` apart, as
// ID-1 ... ID-count; and the `accepted` expectation counts a mail server's share. Every mistake in
// either is a located error.
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;
using namespace mailsim::scenario;

namespace {

const std::string kLesson = lesson_text("load-distribution.json");
const std::string kFirst = R"("repeat": {"count": 80, "every": "4s"})";

std::string with(const std::string& from, const std::string& to) { return edited(kLesson, from, to); }

}  // namespace

TEST_CASE("repeat: count copies, every apart from at, named ID-k, each subject ending #k") {
  const Scenario s = load_text(
      edited(with(kFirst, R"("repeat": {"count": 3, "every": "2m"})"), R"("delivered": "a-80")", R"("delivered": "a-3")"),
      "t.json");
  REQUIRE(s.messages.size() == 3 + 80 + 80);
  const std::string ids[] = {"a-1", "a-2", "a-3"};
  const Time at[] = {5 * kSecond, 125 * kSecond, 245 * kSecond};
  const std::string subjects[] = {"Club report #1", "Club report #2", "Club report #3"};
  for (int k = 0; k < 3; ++k) {
    CHECK(s.messages[k].id == ids[k]);
    CHECK(s.messages[k].at == at[k]);
    CHECK(s.messages[k].subject == subjects[k]);
    CHECK(s.messages[k].to == std::vector<std::string>{"bob@bigmail.example"});
    CHECK(s.messages[k].client == "pc1.school.example");
    CHECK(s.messages[k].body == s.messages[0].body);
  }
  CHECK(s.messages[3].id == "k-1");
  CHECK(s.messages.back().id == "y-80");
  CHECK(s.messages.back().at == 7600 * kMillisecond + 79 * 4 * kSecond);
}

TEST_CASE("repeat: a count of 1 is the message once, as ID-1") {
  const Scenario s = load_text(
      edited(with(kFirst, R"("repeat": {"count": 1, "every": "0s"})"), R"("delivered": "a-80")", R"("delivered": "a-1")"),
      "t.json");
  CHECK(s.messages[0].id == "a-1");
  CHECK(s.messages[0].subject == "Club report #1");
  CHECK(s.messages[1].id == "k-1");
}

TEST_CASE("repeat: mistakes are located errors") {
  CHECK(message_of(with(kFirst, R"("repeat": {"count": 0, "every": "4s"})")).find("/messages/0/repeat/count:") == 0);
  CHECK(message_of(with(kFirst, R"("repeat": {"count": 3, "every": "0s"})")) ==
        "/messages/0/repeat/every: copies of a message need time between them: 'every' must be longer than 0");
  CHECK(message_of(with(kFirst, R"("repeat": {"count": 3})")).find("/messages/0/repeat") == 0);
  CHECK(message_of(with(kFirst, R"("repeat": {"count": 3, "every": "4s", "jitter": "1s"})"))
            .find("/messages/0/repeat/jitter: unknown key 'jitter'") == 0);
  // The last copy would go after `until` (9 minutes): it would never be sent.
  CHECK(message_of(with(kFirst, R"("repeat": {"count": 200, "every": "4s"})")) ==
        "/messages/0/repeat/count: 13m21s is after 'until' (9m), so it would never happen");
  // A copy's name taken by another message.
  CHECK(message_of(with(R"("id": "k", "at": "6300ms")", R"("id": "a", "at": "6300ms")")) ==
        "/messages/1/id: message id 'a-1' is already used at /messages/0");
  CHECK(message_of(with(R"({"delivered": "a-80")", R"({"delivered": "a-81")")) ==
        "/expect/4/delivered: no message with id 'a-81'");
}

TEST_CASE("accepted: a mail server and at least how many messages it took in") {
  const Scenario s = load_text(kLesson, "t.json");
  CHECK(s.expect[0].kind == ExpectKind::Accepted);
  CHECK(s.expect[0].host == "mx1.bigmail.example");
  CHECK(s.expect[0].count == 60);
  CHECK(message_of(with(R"({"accepted": "mx1.bigmail.example", "count": 60})",
                        R"({"accepted": "router.bigmail.example", "count": 60})"))
            .find("/expect/0/accepted: ") == 0);
  CHECK(message_of(with(R"({"accepted": "mx1.bigmail.example", "count": 60})", R"({"accepted": "mx1.bigmail.example"})"))
            .find("/expect/0") == 0);
  CHECK(message_of(with(R"({"accepted": "mx1.bigmail.example", "count": 60})",
                        R"({"accepted": "mx1.bigmail.example", "count": 0})"))
            .find("/expect/0/count: ") == 0);
  CHECK(message_of(with(R"({"accepted": "mx1.bigmail.example", "count": 60})",
                        R"({"accepted": "mx1.bigmail.example", "count": 60, "mailbox": "bob@bigmail.example"})")) ==
        "/expect/0/mailbox: 'mailbox' does not apply to an accepted expectation");
}
