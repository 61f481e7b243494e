// POP before SMTP in the world (scenarios/pop-before-smtp.json): the POP3 login opens the window
// for its address, what comes from that address inside it is relayed without AUTH (whoever sent
// it), and nothing else is: no login, or a window that has closed, is 554 5.7.1.
#include <doctest/doctest.h>

#include <string>

#include "dialog.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

scenario::Scenario pop_lesson() { return scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/pop-before-smtp.json"); }

// The submission server's reply to the RCPT of the client's `index`th connection.
std::string rcpt_reply(const world::World& w, const std::string& client, std::size_t index) {
  const auto conns = lesson::connections(w, client, "mail.school.example");
  REQUIRE(conns.size() > index);
  const auto d = lesson::dialog(w, conns[index]);
  for (std::size_t i = 0; i + 1 < d.size(); ++i)
    if (d[i].starts_with("C: RCPT TO:")) {
      // Pipelined: MAIL's reply comes first, then RCPT's.
      for (std::size_t j = i + 1; j < d.size(); ++j)
        if (d[j].starts_with("S: ") && !d[j].starts_with("S: 250 2.1.0")) return d[j];
    }
  return "(no RCPT)";
}

}  // namespace

TEST_CASE("pop before smtp: the login opens the window, bob and then his brother are relayed, carol and the late bob not") {
  world::World w(pop_lesson());
  w.run();
  CHECK(rcpt_reply(w, "pc1.isp.example", 0) == "S: 250 2.1.5 Ok");
  CHECK(rcpt_reply(w, "pc2.isp.example", 0) == "S: 554 5.7.1 <dan@home.example>: Relay access denied");
  CHECK(rcpt_reply(w, "pc1.isp.example", 1) == "S: 250 2.1.5 Ok");
  CHECK(rcpt_reply(w, "pc1.isp.example", 2) == "S: 554 5.7.1 <dan@home.example>: Relay access denied");
  const auto notes = lesson::texts(w, trace::Kind::Note, "mail.school.example");
  CHECK(std::count(notes.begin(), notes.end(),
                   "pop-before-smtp: 10.20.0.10 logged in to mx.school.example as bob within the last 10 min: relay "
                   "permitted for that address") == 2);
  for (const auto& r : world::check_expectations(w)) CHECK(r.ok);
}

TEST_CASE("pop before smtp: without the POP3 login nothing is relayed") {
  auto s = pop_lesson();
  s.clients[0].fetch.protocol = scenario::Fetch::Protocol::None;
  world::World w(s);
  w.run();
  CHECK(rcpt_reply(w, "pc1.isp.example", 0) == "S: 554 5.7.1 <dan@home.example>: Relay access denied");
  CHECK(rcpt_reply(w, "pc1.isp.example", 1) == "S: 554 5.7.1 <dan@home.example>: Relay access denied");
}

TEST_CASE("pop before smtp: a one-minute window has closed before the brother's message at 2m") {
  auto s = pop_lesson();
  for (auto& h : s.hosts)
    if (h.pop_before_smtp) h.pop_before_smtp->window = kMinute;
  world::World w(s);
  w.run();
  CHECK(rcpt_reply(w, "pc1.isp.example", 0) == "S: 250 2.1.5 Ok");
  CHECK(rcpt_reply(w, "pc1.isp.example", 1) == "S: 554 5.7.1 <dan@home.example>: Relay access denied");
}
