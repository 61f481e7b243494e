// The map lights a server's port while a connection to it is open: every-port.json uses each mail
// port once, one connection after another.
#include <doctest/doctest.h>

#include "sim/scenario/load.hpp"
#include "viz/model/session.hpp"

using namespace mailsim;
using namespace mailsim::viz;

TEST_CASE("ports in use: open from the server's accept to the last close, one port at a time") {
  Session s(scenario::load_file(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/every-port.json"));
  const TraceModel& m = s.model();
  const auto open = [&](const char* host, std::uint16_t port, Time t) { return m.connections_open(host, port, t); };
  const Time ms = kMillisecond;
  // Before anything: nothing in use.
  CHECK(open("mail.school.example", 587, 4 * kSecond) == 0);
  // Alice's PC on 587 (connected at 0:05.002), then the school's server on mx's 25 (0:05.080).
  CHECK(open("mail.school.example", 587, 5 * kSecond + 10 * ms) == 1);
  CHECK(open("mail.school.example", 465, 5 * kSecond + 10 * ms) == 0);
  CHECK(open("mx.home.example", 25, 5 * kSecond + 100 * ms) == 1);
  // Ken's phone on 465 (0:08.002); the reading devices on 110, 995, 143 and 993, each in turn.
  CHECK(open("mail.school.example", 465, 8 * kSecond + 10 * ms) == 1);
  CHECK(open("mx.home.example", 110, 15 * kSecond + 5 * ms) == 1);
  CHECK(open("mx.home.example", 995, 20 * kSecond + 5 * ms) == 1);
  CHECK(open("mx.home.example", 143, 25 * kSecond + 5 * ms) == 1);
  CHECK(open("mx.home.example", 993, 30 * kSecond + 5 * ms) == 1);
  CHECK(open("mx.home.example", 110, 30 * kSecond + 5 * ms) == 0);
  // At the end every session has been closed.
  for (std::uint16_t port : {25, 110, 143, 993, 995}) CHECK(open("mx.home.example", port, 59 * kSecond) == 0);
  CHECK(open("mail.school.example", 587, 59 * kSecond) == 0);
  CHECK(open("no-such.example", 25, 10 * kSecond) == 0);
}
