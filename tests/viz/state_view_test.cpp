// The state-diagram panel's model (viz/model/state_view.hpp): where each end's machine is at a
// display time, read from the Step events, forwards and stepping back.
#include <doctest/doctest.h>

#include "sim/scenario/load.hpp"
#include "sim/world/machines.hpp"
#include "viz/model/session.hpp"
#include "viz/model/state_view.hpp"

using namespace mailsim;
using namespace mailsim::viz;

TEST_CASE("state view: the submission connection's two machines, lit at each step and back") {
  Session s(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/basic-delivery.json"));
  const TraceModel& m = s.model();
  REQUIRE(!m.connections().empty());
  const Connection& c = m.connections().front();
  REQUIRE(c.protocol == "submission");
  REQUIRE(!c.steps.empty());

  // Before the server greets: both machines in their start states, nothing lit.
  auto before = machines_at(m, c, c.opened - 1);
  REQUIRE(before.size() == 2);
  CHECK(before[0].machine == "smtp-server");
  CHECK(before[0].server);
  CHECK(before[0].host == c.server);
  CHECK(before[0].state == "Connected");
  CHECK(!before[0].last);
  CHECK(before[1].machine == "smtp-client");
  CHECK(before[1].host == c.client);
  CHECK(before[1].state == "AwaitGreeting");

  // At the server's EHLO step: lit on the edge Connected --EHLO--> Greeted, which the diagram has.
  const proto::Diagram d = *world::machine_diagram("smtp-server");
  std::optional<std::uint32_t> ehlo;
  for (const std::uint32_t i : c.steps) {
    const auto& st = m.events()[i].as<trace::data::Step>();
    if (st.machine == "smtp-server" && st.input == "EHLO") ehlo = i;
  }
  REQUIRE(ehlo);
  const Time t = m.events()[*ehlo].time;
  auto at = machines_at(m, c, t);
  CHECK(at[0].state == "Greeted");
  REQUIRE(at[0].last);
  const proto::DiagramEdge* lit = lit_edge(d, m.events()[*at[0].last]);
  REQUIRE(lit);
  CHECK(lit->from == "Connected");
  CHECK(lit->to == "Greeted");
  CHECK(state_row(d, "Greeted") > state_row(d, "Connected"));

  // At the end the server closed; going back to the EHLO time gives the same answer again.
  auto end = machines_at(m, c, s.end());
  CHECK(end[0].state == "Closed");
  CHECK(end[0].taken == std::count_if(c.steps.begin(), c.steps.end(), [&](std::uint32_t i) {
          return m.events()[i].as<trace::data::Step>().machine == "smtp-server";
        }));
  auto again = machines_at(m, c, t);
  CHECK(again[0].state == at[0].state);
  CHECK(again[0].last == at[0].last);
  CHECK(state_row(d, "NoSuchState") == -1);
}
