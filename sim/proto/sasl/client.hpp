#pragma once
// The client side of one SASL exchange (RFC 4422), sans-I/O: the server's challenges in (already
// base64-decoded by the protocol), the client's responses out.
//
//   ClientSession c(options);
//   std::optional<std::string> ir = c.initial_response();   // PLAIN, SCRAM: send with the command
//   on each challenge:  ClientStep s = c.challenge(bytes);  // s.ok: send s.response; else cancel ("*")
//   on the success reply: accept it only if c.complete()    // SCRAM: the server proved itself
//
// A protocol that does not send the initial response (it would make the command line too long,
// RFC 4954 §4) answers the server's empty challenge instead: challenge("") before anything else
// returns the same first message.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/proto/sasl/mechanism.hpp"

namespace mailsim::sasl {

struct ClientOptions {
  Mechanism mechanism = Mechanism::Plain;
  std::string user;      // the authentication identity (authcid)
  std::string password;
  std::string authzid;   // "" to act as oneself (PLAIN's authzid, SCRAM's a=)
  // SCRAM's client nonce, fresh for every exchange, from the caller (the world's seeded RNG):
  // printable ASCII without ",".
  std::string nonce;
  // A server that asks for more PBKDF2 rounds than this is refused: it could make us spin.
  unsigned max_iterations = 100000;
};

struct ClientStep {
  bool ok = true;         // false: cancel the exchange (the protocol sends "*"); `reason` says why
  std::string response;   // when ok: the octets to send (the protocol base64-encodes them)
  std::string reason;
};

class ClientMechanism;  // one per mechanism, in its own file

class ClientSession {
 public:
  explicit ClientSession(ClientOptions options);
  ~ClientSession();
  ClientSession(ClientSession&&) noexcept;
  ClientSession& operator=(ClientSession&&) noexcept;

  Mechanism mechanism() const { return mechanism_; }
  // The first message of a client-first mechanism (PLAIN, SCRAM-SHA-256), for the command's
  // initial response; nullopt for the others, and when its base64 form (or "=") would be longer than
  // `room` octets: the command line would be too long (RFC 4954 §4), so the message answers the
  // server's empty challenge instead. Ask before any challenge, at most once.
  std::optional<std::string> initial_response(std::size_t room = std::string::npos);
  ClientStep challenge(std::string_view challenge);
  // Whether a success reply now can be believed: every message was sent, and for SCRAM the
  // server's signature checked out (RFC 5802 §3: the client authenticates the server too).
  bool complete() const;

 private:
  Mechanism mechanism_;
  std::unique_ptr<ClientMechanism> impl_;
  bool started_ = false;  // the first message went out (as initial response or to a challenge)
  bool failed_ = false;
};

}  // namespace mailsim::sasl
