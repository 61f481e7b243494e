#pragma once
// The transition tables of both halves of Dovecot's auth protocol, for the state diagrams (`mailsim
// diagram auth-server`, the app's State machine tab) and the Step events that light them. A row is
// {from, input, to, outcome}: the same input may lead to several states (an AUTH answered OK or
// FAIL stays Ready, one answered CONT waits for the user's next message), each its own edge.
//
// The machines keep their protocol logic in server.cpp and client.cpp; after each line they find
// the row for where that left them, and a missing row is a defect of the table, reported
// (table_miss()) and ended, never guessed.
#include <string>
#include <vector>

#include "sim/proto/common/diagram.hpp"

namespace mailsim::authsrv {

// The authentication server: the handshake (VERSION, then CPID), then requests; Challenged while a
// request waits for the client's CONT.
enum class ServerState { AwaitVersion, AwaitCpid, Ready, Challenged, Closed };
// The mail server's side: its handshake sent, the server's read up to DONE, then one request at a
// time; Broken once the server's lines made no sense.
enum class ClientState { Handshake, Ready, Requesting, Challenged, Broken };
const char* to_string(ServerState s);
const char* to_string(ClientState s);

// How a row ends: the positive answer (OK), the negative (FAIL, a protocol error) or a CONT.
enum class Outcome { Ok, Fail, Cont };

template <class State>
struct Row {
  State from;
  const char* input;  // the server: the client's command ("AUTH"), "error" for a protocol error;
                      // the client: what it sent ("send AUTH") or the server's answer ("OK")
  State to;
  Outcome outcome;
};

const std::vector<Row<ServerState>>& server_rows();
const std::vector<Row<ClientState>>& client_rows();
// The row (from, input) -> to, or nullptr.
const Row<ServerState>* find_row(ServerState from, const std::string& input, ServerState to);
const Row<ClientState>* find_row(ClientState from, const std::string& input, ClientState to);

proto::Diagram server_diagram();
proto::Diagram client_diagram();

}  // namespace mailsim::authsrv
