// The client's transition table as data, and the client walking it.
#include <doctest/doctest.h>

#include <set>
#include <utility>

#include "sim/proto/smtp/client.hpp"
#include "sim/proto/smtp/client_states.hpp"

using namespace mailsim::smtp;

namespace {
constexpr ClientState kWaiting[] = {ClientState::AwaitGreeting, ClientState::AwaitEhlo,  ClientState::AwaitHelo,
                                    ClientState::AwaitAuth,     ClientState::AwaitAuthCancel,
                                    ClientState::AwaitMail,     ClientState::AwaitRcpt,  ClientState::AwaitData,
                                    ClientState::AwaitDataEnd,  ClientState::AwaitQuit};
}  // namespace

TEST_CASE("client table: one row per (state, event), nothing leaves Done") {
  std::set<std::pair<ClientState, ClientEvent>> seen;
  for (const ClientTransition& t : client_transitions()) {
    CHECK(seen.insert({t.from, t.event}).second);
    CHECK(t.from != ClientState::Done);
    CHECK(find_client_transition(t.from, t.event) == &t);  // every row reachable by the lookup
  }
  for (int e = 0; e <= static_cast<int>(ClientEvent::ConnectionLost); ++e)
    CHECK(find_client_transition(ClientState::Done, static_cast<ClientEvent>(e)) == nullptr);
}

TEST_CASE("client table: a lost connection and an unreadable reply end every dialog, 421 all but QUIT's") {
  for (const ClientState s : kWaiting) {
    CHECK(find_client_transition(s, ClientEvent::ConnectionLost)->to == ClientState::Done);
    CHECK(find_client_transition(s, ClientEvent::ProtocolError)->to == ClientState::Done);
    const ClientTransition* closing = find_client_transition(s, ClientEvent::Closing);
    if (s == ClientState::AwaitQuit) CHECK(closing == nullptr);  // any reply answers QUIT
    else CHECK(closing->to == ClientState::Done);
  }
  CHECK(find_client_transition(ClientState::AwaitEhlo, ClientEvent::EhloUnknown)->to == ClientState::AwaitHelo);
  CHECK(find_client_transition(ClientState::AwaitRcpt, ClientEvent::NoneAccepted)->to == ClientState::AwaitQuit);
}

TEST_CASE("client: a whole delivery walks the table without a miss, with and without PIPELINING") {
  for (const bool pipelining : {false, true}) {
    Client c(ClientJob{"a.example", "alice@a.example", {"bob@b.example", "carol@b.example"}, "Subject: x\r\n\r\nhi\r\n"});
    std::string ehlo = "250-mx.b.example\r\n";
    if (pipelining) ehlo += "250-PIPELINING\r\n";
    ehlo += "250 8BITMIME\r\n";
    c.feed("220 mx.b.example ESMTP\r\n");
    CHECK(c.state() == ClientState::AwaitEhlo);
    c.feed(ehlo);
    CHECK(c.state() == ClientState::AwaitMail);
    c.feed("250 2.1.0 Ok\r\n");
    CHECK(c.state() == ClientState::AwaitRcpt);
    c.feed("550 5.1.1 no such user\r\n250 2.1.5 Ok\r\n");
    CHECK(c.state() == ClientState::AwaitData);
    c.feed("354 go ahead\r\n");
    CHECK(c.state() == ClientState::AwaitDataEnd);
    c.feed("250 2.0.0 Ok: queued\r\n");
    CHECK(c.state() == ClientState::AwaitQuit);
    c.feed("221 2.0.0 Bye\r\n");
    CHECK(c.done());
    CHECK_FALSE(c.table_miss());
    CHECK(c.recipients()[0].status == RecipientStatus::PermFailed);
    CHECK(c.recipients()[1].status == RecipientStatus::Delivered);
  }
}

TEST_CASE("client diagram: drawn from the table") {
  const mailsim::proto::Diagram d = client_diagram();
  CHECK(d.states.front() == "AwaitGreeting");
  CHECK(d.find("AwaitEhlo", "AwaitHelo", "EHLO 5xx") != nullptr);
  CHECK(d.find("AwaitRcpt", "AwaitRcpt", "RCPT reply, more to go") != nullptr);
  CHECK(d.find("AwaitQuit", "Done", "reply to QUIT") != nullptr);
  CHECK(mailsim::proto::to_mermaid(d).find("  AwaitData --> AwaitDataEnd : 354\n") != std::string::npos);
}
