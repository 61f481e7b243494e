// One host, several mail clients: a PC whose mail program has an account per mail service (each
// with its own outgoing server) and a spam program planted beside it. A message names its host and,
// when that is not enough, the client's `account` or `submission`; every doubt is a located error.
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim::scenario;

namespace {

// Lines and columns below refer to this text after the edit; keep it byte for byte.
const std::string kTwoPrograms = R"json({
  "title": "t",
  "hosts": [
    {"name": "pc1.isp.example", "address": "192.0.2.10", "role": "client"},
    {"name": "router.isp.example", "address": "192.0.2.1", "role": "router"},
    {"name": "smtp.isp.example", "address": "192.0.2.25", "role": "relay", "relay_from": ["192.0.2.0/24"]},
    {"name": "mail.school.example", "address": "10.0.1.25", "role": "submission",
     "domains": ["school.example"], "auth": "required"},
    {"name": "mx.school.example", "address": "10.0.1.26", "role": "destination", "domains": ["school.example"]},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [
    {"between": ["pc1.isp.example", "router.isp.example"]},
    {"between": ["smtp.isp.example", "router.isp.example"]},
    {"between": ["mail.school.example", "router.isp.example"]},
    {"between": ["mx.school.example", "router.isp.example"]},
    {"between": ["ns.example", "router.isp.example"]}
  ],
  "dns": [
    {"name": "school.example", "type": "MX", "preference": 10, "data": "mx.school.example"},
    {"name": "mx.school.example", "type": "A", "data": "10.0.1.26"}
  ],
  "accounts": [
    {"address": "alice@school.example", "host": "mx.school.example", "password": "correct-horse"},
    {"address": "bob@school.example", "host": "mx.school.example"}
  ],
  "clients": [
    {"host": "pc1.isp.example", "account": "alice@isp.example", "submission": "smtp.isp.example"},
    {"host": "pc1.isp.example", "account": "alice@school.example", "submission": "mail.school.example", "auth": "PLAIN"}
  ],
  "messages": [
    {"id": "m1", "at": "10s", "client": "pc1.isp.example", "account": "alice@school.example", "to": "bob@school.example"}
  ]
}
)json";

std::string with(const std::string& from, const std::string& to) { return edited(kTwoPrograms, from, to); }

const Scenario loaded(const std::string& text) { return load_text(text, "t.json"); }

}  // namespace

TEST_CASE("several clients on one host: the message's account or submission picks the one that sends") {
  const Scenario s = loaded(kTwoPrograms);
  REQUIRE(s.clients.size() == 2);
  REQUIRE(s.messages.size() == 1);
  const Client* c = s.sending_client(s.messages[0]);
  REQUIRE(c != nullptr);
  CHECK(c == &s.clients[1]);
  CHECK(c->submission_port == 587);
  CHECK(s.messages[0].from == "alice@school.example");  // the picked client's account

  const Scenario by_server = loaded(with("\"account\": \"alice@school.example\", \"to\"", "\"submission\": \"smtp.isp.example\", \"to\""));
  const Client* isp = by_server.sending_client(by_server.messages[0]);
  REQUIRE(isp != nullptr);
  CHECK(isp == &by_server.clients[0]);
  CHECK(isp->submission_port == 25);
  CHECK(by_server.messages[0].from == "alice@isp.example");

  // Both keys may be given, as long as they name the same client.
  const Scenario both = loaded(with("\"account\": \"alice@school.example\", \"to\"",
                                    "\"account\": \"alice@school.example\", \"submission\": \"mail.school.example\", \"to\""));
  CHECK(both.sending_client(both.messages[0]) == &both.clients[1]);
}

TEST_CASE("several clients on one host: a message that could come from either is an error that lists them") {
  CHECK(error_of(with("\"account\": \"alice@school.example\", \"to\"", "\"to\"")) ==
        "t.json:32:41: /messages/0/client: 'pc1.isp.example' runs 2 clients that could send this (alice@isp.example via "
        "smtp.isp.example at /clients/0; alice@school.example via mail.school.example at /clients/1): say which with "
        "'account' or 'submission'");
  // Two programs with one account and two servers: the account alone does not decide.
  const std::string one_account =
      with("{\"host\": \"pc1.isp.example\", \"account\": \"alice@isp.example\"",
           "{\"host\": \"pc1.isp.example\", \"account\": \"alice@school.example\"");
  CHECK(message_of(one_account) ==
        "/messages/0/client: 'pc1.isp.example' runs 2 clients that could send this (alice@school.example via "
        "smtp.isp.example at /clients/0; alice@school.example via mail.school.example at /clients/1): say which with "
        "'account' or 'submission'");
  CHECK(error_of(edited(one_account, "\"account\": \"alice@school.example\", \"to\"",
                        "\"account\": \"alice@school.example\", \"submission\": \"smtp.isp.example\", \"to\"")) == "(no error)");
}

TEST_CASE("several clients on one host: an account or server that no client of the host has") {
  CHECK(error_of(with("\"account\": \"alice@school.example\", \"to\"", "\"account\": \"carol@school.example\", \"to\"")) ==
        "t.json:32:71: /messages/0/account: 'pc1.isp.example' runs no client that sends with account 'carol@school.example' "
        "(its clients that send: alice@isp.example via smtp.isp.example at /clients/0; alice@school.example via "
        "mail.school.example at /clients/1)");
  CHECK(message_of(with("\"account\": \"alice@school.example\", \"to\"",
                        "\"account\": \"alice@school.example\", \"submission\": \"smtp.isp.example\", \"to\"")) ==
        "/messages/0/submission: 'pc1.isp.example' runs no client that sends with submission 'smtp.isp.example' "
        "(those with that account: alice@school.example via mail.school.example at /clients/1)");
  // A client on the host that only reads mail is no candidate.
  const std::string reader = with("{\"host\": \"pc1.isp.example\", \"account\": \"alice@isp.example\", \"submission\": \"smtp.isp.example\"}",
                                  "{\"host\": \"pc1.isp.example\", \"account\": \"bob@school.example\", \"fetch\": \"pop3\"}");
  CHECK(message_of(edited(reader, "\"account\": \"alice@school.example\", \"to\"", "\"account\": \"bob@school.example\", \"to\"")) ==
        "/messages/0/account: 'pc1.isp.example' runs no client that sends with account 'bob@school.example' "
        "(its clients that send: alice@school.example via mail.school.example at /clients/1)");
}

TEST_CASE("several clients on one host: the selectors are an address and a host name, checked as such") {
  CHECK(message_of(with("\"account\": \"alice@school.example\", \"to\"", "\"account\": \"alice\", \"to\"")) ==
        "/messages/0/account: 'alice' is not an e-mail address (local-part@domain)");
  CHECK(message_of(with("\"account\": \"alice@school.example\", \"to\"", "\"submission\": 25, \"to\"")).find("/messages/0/submission: ") == 0);
}
