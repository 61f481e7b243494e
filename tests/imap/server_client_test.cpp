// The IMAP client machine against the IMAP server machine: what happens inside the simulation.
#include "imap/server_fixture.hpp"
#include "sim/proto/imap/client.hpp"

using namespace imap_test;

namespace {
// Passes each side's output to the other until neither has anything to say.
void converse(Session& server, imap::Client& client, std::string to_client) {
  for (int rounds = 0; rounds < 100 && !to_client.empty(); ++rounds) {
    const std::string to_server = client.feed(to_client);
    to_client = to_server.empty() ? std::string{} : server.feed(to_server);
  }
}
}  // namespace

TEST_CASE("IMAP client and server: login, select, fetch two messages, IDLE, pushed mail, logout") {
  Mailbox mb;
  Session server(mb.store);
  imap::ClientJob job;
  job.user = "bob";
  job.password = "secret";
  job.idle = true;
  imap::Client client(job);
  converse(server, client, server.start());
  REQUIRE_FALSE(client.failed());
  REQUIRE(client.fetched().size() == 2);
  CHECK(client.fetched()[0].raw == kMsg1);
  CHECK(client.fetched()[1].raw == kMsg2);
  CHECK(client.fetched()[0].flags.count("\\Seen"));  // fetched with BODY[], so now read
  CHECK(client.uidvalidity() == 42);
  REQUIRE(client.idling());

  mb.store.deliver("bob", "Subject: third\r\n\r\nnew\r\n", 3 * kHour);
  converse(server, client, server.server.poll());
  REQUIRE(client.fetched().size() == 3);
  CHECK(client.fetched()[2].uid == 3);
  CHECK(client.idling());

  converse(server, client, server.feed(client.stop_idle()));
  CHECK(client.done());
  CHECK_FALSE(client.failed());
  CHECK(server.server.closed());
}
