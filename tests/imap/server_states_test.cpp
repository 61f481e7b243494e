// The command table and the transition table built from it (what the diagram draws), and the states
// the machine walks through, line modes included.
#include <set>
#include <utility>

#include "imap/server_fixture.hpp"
#include "sim/proto/imap/server_commands.hpp"
#include "sim/proto/imap/server_diagram.hpp"
#include "sim/proto/imap/server_states.hpp"

using namespace imap_test;
using imap::Command;
using imap::State;

namespace {

constexpr State kCommandStates[] = {State::NotAuthenticated, State::Authenticated, State::Selected};
constexpr State kModeStates[] = {State::Authenticating, State::IdleAuthenticated, State::IdleSelected};

std::vector<Command> all_commands() {
  std::vector<Command> out;
  for (int c = 0; c <= static_cast<int>(Command::ImplicitTls); ++c) out.push_back(static_cast<Command>(c));
  return out;
}

bool is_client_command(const imap::ServerCommand& c) { return c.where != imap::Where::LineMode; }

}  // namespace

TEST_CASE("IMAP table: every Command has one entry, every client command a name or is Other, and a handler") {
  std::set<Command> seen;
  for (const imap::ServerCommand& c : imap::server_commands()) CHECK(seen.insert(c.command).second);
  for (const Command c : all_commands()) {
    CHECK_MESSAGE(seen.count(c), static_cast<int>(c));
    const imap::ServerCommand& row = imap::server_command(c);
    if (is_client_command(row)) {
      CHECK(row.handle != nullptr);
      CHECK((row.name.empty() == (c == Command::Other)));
      if (c != Command::Other) CHECK(imap::classify_command(proto::to_lower(row.name)) == c);
    }
  }
  CHECK(imap::server_command(Command::Done).handle != nullptr);
  CHECK(imap::server_command(Command::SaslResponse).handle != nullptr);
  CHECK(imap::classify_command("UID") == Command::Other);
  CHECK(imap::classify_command("FROB") == Command::Other);
}

TEST_CASE("IMAP table: a row for every command in every command state, only line modes and events elsewhere") {
  std::set<std::pair<State, Command>> rows;
  for (const imap::Transition& t : imap::server_transitions()) CHECK(rows.insert({t.from, t.command}).second);
  for (const imap::ServerCommand& c : imap::server_commands()) {
    if (!is_client_command(c)) continue;
    for (const State s : kCommandStates) CHECK_MESSAGE(imap::find_transition(s, c.command), to_string(s), " x ", c.name);
    for (const State s : kModeStates) CHECK(imap::find_transition(s, c.command) == nullptr);
    CHECK(imap::find_transition(State::Logout, c.command) == nullptr);
  }
  CHECK(imap::find_transition(State::Authenticating, Command::SaslResponse));
  CHECK(imap::find_transition(State::IdleSelected, Command::Done));
  CHECK(imap::find_transition(State::IdleAuthenticated, Command::Done));
  CHECK(imap::find_transition(State::Selected, Command::Done) == nullptr);
  CHECK(imap::find_transition(State::Authenticated, Command::Greeting) == nullptr);
  for (const State s : kModeStates) {
    CHECK(imap::find_transition(s, Command::Closing)->on_ok == State::Logout);
    CHECK(imap::find_transition(s, Command::ConnectionLost)->on_ok == State::Logout);
  }
  for (const imap::Transition& t : imap::server_transitions()) {
    CHECK(t.from != State::Logout);
    // A BAD to a command leaves the state alone (§7.1.3); refusals never move.
    if (is_client_command(imap::server_command(t.command))) CHECK(t.on_bad == t.from);
    if (!t.refusal.empty()) CHECK((t.on_ok == t.from && t.on_no == t.from && t.on_continue == t.from));
  }
}

TEST_CASE("IMAP table: where commands lead") {
  using T = const imap::Transition*;
  T select = imap::find_transition(State::Selected, Command::Select);
  CHECK(select->on_ok == State::Selected);
  CHECK(select->on_no == State::Authenticated);  // §6.3.1: a failed SELECT deselects
  T idle = imap::find_transition(State::Selected, Command::Idle);
  CHECK(idle->on_continue == State::IdleSelected);
  CHECK(imap::find_transition(State::Authenticated, Command::Idle)->on_continue == State::IdleAuthenticated);
  CHECK(imap::find_transition(State::IdleSelected, Command::Done)->on_bad == State::Selected);
  T auth = imap::find_transition(State::NotAuthenticated, Command::Authenticate);
  CHECK(auth->on_continue == State::Authenticating);
  CHECK(auth->on_ok == State::Authenticated);
  CHECK(imap::find_transition(State::NotAuthenticated, Command::Login)->on_continue == State::NotAuthenticated);
  T sasl = imap::find_transition(State::Authenticating, Command::SaslResponse);
  CHECK(sasl->on_ok == State::Authenticated);
  CHECK(sasl->on_bad == State::NotAuthenticated);  // "*" cancels
  CHECK(imap::find_transition(State::Authenticated, Command::Fetch)->refusal ==
        "not valid in the AUTHENTICATED state: select a mailbox first");
  CHECK(imap::find_transition(State::Selected, Command::Login)->refusal ==
        "not valid in the SELECTED state: already logged in");
  for (const State s : kCommandStates) {
    CHECK(imap::find_transition(s, Command::Logout)->on_ok == State::Logout);
    CHECK(imap::find_transition(s, Command::TooManyErrors)->on_ok == State::Logout);
  }
}

TEST_CASE("IMAP table: CAPABILITY names IMAP4rev1 and each entry's keyword, each once") {
  const std::string& caps = imap::server_capabilities();
  CHECK(caps.rfind("IMAP4rev1", 0) == 0);
  std::set<std::string> words;
  for (std::size_t at = 0; at < caps.size();) {
    const std::size_t sp = std::min(caps.find(' ', at), caps.size());
    CHECK(words.insert(caps.substr(at, sp - at)).second);
    at = sp + 1;
  }
  for (const imap::ServerCommand& c : imap::server_commands())
    for (std::size_t at = 0; at < c.capability.size();) {
      const std::size_t sp = std::min(c.capability.find(' ', at), c.capability.size());
      CHECK_MESSAGE(words.count(std::string(c.capability.substr(at, sp - at))), c.name);
      at = sp + 1;
    }
  for (const imap::ServerFeature& f : imap::server_features()) {
    CHECK(words.count(std::string(f.capability)));
    CHECK_FALSE(f.what.empty());
  }
}

TEST_CASE("IMAP server: walks NOT AUTHENTICATED, AUTHENTICATING, AUTHENTICATED, the IDLE states, SELECTED, LOGOUT") {
  Mailbox mb;
  Session s(mb.store);
  CHECK(s.server.state() == State::NotAuthenticated);
  s.start();
  CHECK(s.server.state() == State::NotAuthenticated);
  s.feed("a1 AUTHENTICATE PLAIN\r\n");
  CHECK(s.server.state() == State::Authenticating);
  s.feed("AGJvYgBzZWNyZXQ=\r\n");
  CHECK(s.server.state() == State::Authenticated);
  CHECK(s.feed("a2 IDLE\r\n") == "+ idling\r\n");
  CHECK(s.server.state() == State::IdleAuthenticated);
  CHECK(s.feed("a3 NOOP\r\n") == "a2 BAD Expected DONE to end IDLE\r\n");  // only DONE is read in IDLE
  CHECK(s.server.state() == State::Authenticated);
  s.feed("a4 SELECT INBOX\r\n");
  CHECK(s.server.state() == State::Selected);
  s.feed("a5 IDLE\r\n");
  CHECK(s.server.state() == State::IdleSelected);
  CHECK(s.feed("done\r\n") == "a5 OK IDLE terminated\r\n");
  CHECK(s.server.state() == State::Selected);
  s.feed("a6 CLOSE\r\n");
  CHECK(s.server.state() == State::Authenticated);
  s.feed("a7 LOGOUT\r\n");
  CHECK(s.server.state() == State::Logout);
  CHECK_FALSE(s.server.table_miss());
}

TEST_CASE("IMAP server: a lost connection ends the session from a line mode too") {
  Mailbox mb;
  Session s(mb.store);
  s.start();
  s.feed("a1 AUTHENTICATE PLAIN\r\n");
  s.server.connection_lost();
  CHECK(s.server.closed());
  CHECK_FALSE(s.server.table_miss());
}

TEST_CASE("IMAP diagram: drawn from the table, line modes as states of their own") {
  const proto::Diagram d = imap::server_diagram();
  REQUIRE(d.find("SELECTED", "IDLE (SELECTED)", "IDLE +"));
  CHECK(d.find("IDLE (SELECTED)", "SELECTED", "DONE"));
  CHECK(d.find("NOT AUTHENTICATED", "AUTHENTICATING", "AUTHENTICATE +"));
  CHECK(d.find("AUTHENTICATING", "AUTHENTICATED", "SASL response")->label() == "SASL response OK");
  CHECK(d.find("NOT AUTHENTICATED", "AUTHENTICATING", "LOGIN") == nullptr);  // a literal's "+" is no line mode
  CHECK(d.find("SELECTED", "SELECTED", "IDLE") == nullptr);                   // IDLE only ever goes on with "+"
  CHECK(d.find("SELECTED", "LOGOUT", "too many errors"));
  CHECK(imap::server_diagram(true).find("AUTHENTICATED", "AUTHENTICATED", "FETCH")->label().find("BAD") !=
        std::string::npos);
}
