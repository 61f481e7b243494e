// The auth protocol machines' transition tables (sim/proto/authsrv/states): each machine reports
// the row it takes as a Step, every such row is an edge of its diagram, and a dialog that follows
// the protocol takes only rows the table has. The bytes are the other tests' business.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "authsrv/support.hpp"
#include "sim/proto/authsrv/client.hpp"
#include "sim/proto/authsrv/states.hpp"

using namespace authsrv_test;

namespace {
struct Steps {
  std::vector<std::string> seen;
  proto::StepObserver observer() {
    return [this](const proto::StepTaken& s) { seen.push_back(s.from + " --" + s.input + "--> " + s.to); };
  }
};

// Every step is an edge of `d`.
void all_edges(const std::vector<std::string>& seen, const proto::Diagram& d) {
  for (const std::string& s : seen) {
    const auto a = s.find(" --"), b = s.find("--> ");
    CHECK_MESSAGE(d.find(s.substr(0, a), s.substr(b + 4), s.substr(a + 3, b - a - 3)) != nullptr, s);
  }
}
}  // namespace

TEST_CASE("auth-server table: the handshake, a CRAM-MD5 request through CONT to OK, then a FAIL") {
  authsrv::Server s = server();
  Steps st;
  s.set_observer(st.observer());
  s.start();
  s.feed(kHello);
  s.feed(L({"AUTH", "1", "CRAM-MD5", "service=smtp"}));
  s.feed(L({"CONT", "1", b64("tim b913a602c7eda7a495b4e6e7334d3890")}));
  s.feed(L({"AUTH", "2", "PLAIN", "service=smtp", "resp=" + b64(std::string("\0alice\0wrong", 12))}));
  CHECK(st.seen == std::vector<std::string>{
                       "AwaitVersion --VERSION--> AwaitCpid",
                       "AwaitCpid --CPID--> Ready",
                       "Ready --AUTH--> Challenged",
                       "Challenged --CONT--> Ready",
                       "Ready --AUTH--> Ready",
                   });
  CHECK(s.state() == authsrv::ServerState::Ready);
  CHECK_FALSE(s.table_miss());
  all_edges(st.seen, authsrv::server_diagram());
  // A protocol error ends it, by the table too.
  s.feed("BOGUS\n");
  CHECK(st.seen.back() == "Ready --error--> Closed");
  CHECK(s.closed());
  CHECK_FALSE(s.table_miss());
}

TEST_CASE("auth-client table: a request before DONE, the challenge, the answer, OK, then an error") {
  authsrv::Client c(authsrv::ClientConfig{4711, "smtp", "10.0.1.10", "10.0.0.25"});
  Steps st;
  c.set_observer(st.observer());
  c.start();
  c.authenticate("CRAM-MD5", std::nullopt);
  c.feed(L({"VERSION", "1", "2"}) + L({"MECH", "CRAM-MD5", "dictionary", "active"}) + L({"DONE"}));
  c.feed(L({"CONT", "1", b64("<1896.697170952@postoffice.reston.mci.net>")}));
  c.respond("tim b913a602c7eda7a495b4e6e7334d3890");
  c.feed(L({"OK", "1", "user=tim"}));
  c.authenticate("PLAIN", std::string("\0tim\0x", 6));  // not offered: a FAIL at once
  CHECK(st.seen == std::vector<std::string>{
                       "Handshake --send AUTH--> Handshake",
                       "Handshake --DONE--> Requesting",
                       "Requesting --CONT--> Challenged",
                       "Challenged --send CONT--> Requesting",
                       "Requesting --OK--> Ready",
                       "Ready --send AUTH--> Ready",
                   });
  c.feed(L({"OK", "9", "user=tim"}));  // an answer nobody asked for
  CHECK(st.seen.back() == "Ready --error--> Broken");
  CHECK_FALSE(c.table_miss());
  all_edges(st.seen, authsrv::client_diagram());
}

TEST_CASE("auth protocol diagrams: every row of each table is an edge, the start state first") {
  const proto::Diagram server = authsrv::server_diagram();
  CHECK(server.name == "auth-server");
  CHECK(server.states.front() == "AwaitVersion");
  for (const auto& r : authsrv::server_rows()) CHECK(server.find(to_string(r.from), to_string(r.to), r.input) != nullptr);
  const proto::Diagram client = authsrv::client_diagram();
  CHECK(client.name == "auth-client");
  CHECK(client.states.front() == "Handshake");
  for (const auto& r : authsrv::client_rows()) CHECK(client.find(to_string(r.from), to_string(r.to), r.input) != nullptr);
}
