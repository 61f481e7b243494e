#pragma once
// The server side of one SASL exchange (RFC 4422), sans-I/O: the client's messages in (already
// base64-decoded by the protocol), the server's next step out. SMTP's AUTH (RFC 4954), POP3's AUTH
// (RFC 5034) and IMAP's AUTHENTICATE (RFC 3501 §6.2.2) all drive it the same way; only their
// framing differs (334 / "+ " continuations, "*" to cancel, "=" for an empty initial response), and
// wire.hpp has the framing they share.
//
//   ServerSession s(Mechanism::Plain, options);
//   Step step = s.start(initial_response);        // nullopt when the command had none
//   loop:
//     Challenge        -> send step.challenge; when the client answers, step = s.respond(bytes)
//     NeedCredentials  -> ask the lookup for s.request(); when it answers (now, or later over the
//                         network), step = s.credentials(answer)
//     Success          -> logged in as s.identity()
//     Failed           -> wrong credentials (or an unknown user: the same step, on purpose)
//     Malformed        -> the client broke the mechanism's syntax; step.reason says how
//     Unavailable      -> the lookup could not be done: a temporary failure
//
// Choices:
//  - An authorization identity (PLAIN's authzid, SCRAM's a=) is accepted only when it names the
//    authentication identity itself (RFC 4616 §2: the server decides; nobody here may act as
//    someone else). Otherwise Failed, as RFC 4616 §4's second example.
//  - Additional data with success (SCRAM's server-final-message) is sent as one more challenge, to
//    which the client answers with an empty response, then Success (RFC 4422 §5 item 3c): none of
//    SMTP, POP3 and IMAP4rev1 can carry it with their success reply.
//  - A server-first mechanism (CRAM-MD5, LOGIN) given a non-empty initial response is Malformed for
//    CRAM-MD5; LOGIN takes it as the user name, as clients that send one expect.
//  - SCRAM for an unknown user goes on with a salt derived from the name, as for a known user whose
//    store keeps only the password, and fails at the proof: the server-first-message does not tell
//    who exists (RFC 5802 §9).
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/proto/sasl/credentials.hpp"
#include "sim/proto/sasl/mechanism.hpp"

namespace mailsim::sasl {

struct ServerOptions {
  // CRAM-MD5's challenge is the msg-id "<nonce@hostname>" (RFC 2195 §2, after RFC 1939's APOP).
  std::string hostname = "localhost";
  // Fresh for every exchange, from the caller (the world's seeded RNG), so runs repeat: CRAM-MD5's
  // msg-id and SCRAM's server nonce part. Printable ASCII without "," and "<>@".
  std::string nonce;
  // For a SCRAM exchange whose credentials hold a password but no verifier: the verifier is
  // derived with this many PBKDF2 rounds and a salt derived from the user name.
  unsigned scram_iterations = 4096;
  // The service named in lookup requests: "smtp", "pop3", "imap".
  std::string service;
  // An authentication server runs the mechanism (Postfix's smtpd_sasl_path to Dovecot): every
  // client message becomes a NeedCredentials whose request() carries it, and the lookup's answer
  // is the server's verdict (Lookup::delegated_continue, delegated_success, unknown, unavailable).
  bool delegated = false;
};

struct Step {
  enum class Kind { Challenge, NeedCredentials, Success, Failed, Malformed, Unavailable };
  Kind kind = Kind::Failed;
  std::string challenge;  // Challenge: the octets to send (the protocol base64-encodes them)
  std::string reason;     // Failed, Malformed, Unavailable: why, for traces and tests; protocols
                          // tell the client less (a guesser learns nothing from a failure)
};

std::string_view to_string(Step::Kind kind);  // "challenge", "need credentials", ...

class ServerMechanism;  // one per mechanism, in its own file

class ServerSession {
 public:
  ServerSession(Mechanism mechanism, ServerOptions options);
  ~ServerSession();
  ServerSession(ServerSession&&) noexcept;
  ServerSession& operator=(ServerSession&&) noexcept;

  Mechanism mechanism() const { return mechanism_; }
  // The first step, with the command's initial response (RFC 4422 §3: "" is an empty one).
  Step start(std::optional<std::string_view> initial_response);
  // The client's answer to the last Challenge.
  Step respond(std::string_view response);
  // After NeedCredentials: who the lookup is for. Then the lookup's answer (never pending).
  const LookupRequest& request() const { return request_; }
  Step credentials(const Lookup& answer);

  // Once known: who authenticates, and as whom (authzid, "" when not given).
  const std::string& authcid() const;
  const std::string& authzid() const;
  // After Success: the identity the session now acts as (the authcid, since authzid must match).
  const std::string& identity() const;
  bool done() const { return phase_ == Phase::Done; }
  bool succeeded() const { return succeeded_; }

 private:
  enum class Phase { Start, AwaitResponse, AwaitCredentials, AwaitEmpty, Done };
  // Every step leaves through here: it checks the authzid at success, turns success data into a
  // challenge, and sets the phase.
  Step next(Step step);

  Mechanism mechanism_;
  ServerOptions options_;
  std::unique_ptr<ServerMechanism> impl_;
  Phase phase_ = Phase::Start;
  LookupRequest request_;
  bool succeeded_ = false;
};

}  // namespace mailsim::sasl
