#pragma once
// What a server knows about a user, and how it asks for it.
//
// A server does not hold passwords itself: it asks a credential lookup, a callback its node
// supplies. The node may answer from a local account list at once, or ask an authentication server
// over the network (as Postfix asks Dovecot's auth service): then it answers Lookup::pending() and
// hands the real answer to the machine later. The mechanisms never assume the answer is there yet.
//
// A store may keep the plaintext password, a SCRAM verifier (RFC 5802 §3: salt, iteration count,
// StoredKey, ServerKey, from which the password cannot be recovered), or both. PLAIN, LOGIN and
// POP3's USER/PASS work with either (the password sent is checked against the verifier); CRAM-MD5
// and APOP need the plaintext, which is why stores that keep only verifiers cannot offer them.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace mailsim::sasl {

struct ScramVerifier {
  std::string salt;         // octets
  unsigned iterations = 0;  // PBKDF2 rounds; RFC 7677 §4 asks for at least 4096
  std::string stored_key;   // H(HMAC(SaltedPassword, "Client Key")), 32 octets
  std::string server_key;   // HMAC(SaltedPassword, "Server Key"), 32 octets
};

// The SCRAM-SHA-256 verifier of `password` (used as given: see scram.hpp on SASLprep).
ScramVerifier scram_sha256_verifier(std::string_view password, std::string_view salt, unsigned iterations);

struct Credentials {
  std::optional<std::string> password;        // the plaintext, when the store keeps it
  std::optional<ScramVerifier> scram_sha256;  // the verifier, when the store keeps one
};

// Whether `password` is the user's: compared with the plaintext, or checked against the verifier.
// False when the store keeps neither.
bool check_password(const Credentials& credentials, std::string_view password);

// What a server asks for.
struct LookupRequest {
  std::string user;     // the authentication identity (authcid) whose credentials are wanted
  std::string method;   // "PLAIN", "CRAM-MD5", ... or "APOP", "USER" for POP3's own logins
  std::string service;  // "smtp", "pop3", "imap": which server asks (an auth server may care)
  // A delegated exchange (ServerOptions::delegated): the client's message the authentication server
  // is to judge; nullopt when the command had no initial response. Unused otherwise.
  std::optional<std::string> response = std::nullopt;
};

// The answer to a LookupRequest.
class Lookup {
 public:
  enum class Status {
    Found,        // the user exists; credentials() says what the store keeps
    Unknown,      // no such user: the login fails exactly as a wrong password does
    Unavailable,  // the store could not be asked (the auth server is down): a temporary failure
    Pending,      // asked over the network; the node passes the answer on later
  };
  static Lookup found(Credentials c) { return Lookup(Status::Found, std::move(c)); }
  static Lookup unknown() { return Lookup(Status::Unknown, {}); }
  static Lookup unavailable() { return Lookup(Status::Unavailable, {}); }
  static Lookup pending() { return Lookup(Status::Pending, {}); }
  // A delegated exchange's answers (Dovecot's CONT and OK): the authentication server, which runs
  // the mechanism, sends `challenge` to the client; or the client is `user` now, with the
  // mechanism's additional data with success (SCRAM's server-final-message). Its FAIL is unknown().
  static Lookup delegated_continue(std::string challenge) {
    Lookup l(Status::Found, {});
    l.challenge_ = std::move(challenge);
    return l;
  }
  static Lookup delegated_success(std::string user, std::string final_data = {}) {
    Lookup l(Status::Found, {});
    l.identity_ = std::move(user);
    l.final_data_ = std::move(final_data);
    return l;
  }

  Status status() const { return status_; }
  bool is_pending() const { return status_ == Status::Pending; }
  const Credentials& credentials() const { return credentials_; }
  const std::optional<std::string>& challenge() const { return challenge_; }
  const std::string& identity() const { return identity_; }
  const std::string& final_data() const { return final_data_; }

 private:
  Lookup(Status s, Credentials c) : status_(s), credentials_(std::move(c)) {}
  Status status_;
  Credentials credentials_;
  std::optional<std::string> challenge_;  // delegated: CONT
  std::string identity_, final_data_;     // delegated: OK
};

}  // namespace mailsim::sasl
