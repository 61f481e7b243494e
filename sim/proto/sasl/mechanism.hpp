#pragma once
// The SASL mechanisms (RFC 4422) mailsim speaks, by their registered names. Each shows students a
// different answer to "what crosses the wire?": PLAIN and LOGIN send the password itself (base64 is
// no protection), CRAM-MD5 a keyed digest of the server's challenge, SCRAM-SHA-256 a proof from
// which neither the password nor anything reusable can be learnt, and the server proves itself too.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::sasl {

enum class Mechanism {
  Plain,        // RFC 4616: [authzid] NUL authcid NUL passwd, in one client message
  Login,        // de facto (draft-murchison-sasl-login): "Username:", "Password:" challenges
  CramMd5,      // RFC 2195: the server sends a msg-id, the client "user HMAC-MD5(password, msg-id)"
  ScramSha256,  // RFC 7677 / RFC 5802: salted challenge-response, mutual authentication
};

// Every mechanism, in the order servers advertise them by default.
const std::vector<Mechanism>& all_mechanisms();
// "PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256".
std::string_view mechanism_name(Mechanism m);
// The mechanism a client names; case-insensitive, as SMTP, POP3 and IMAP compare them.
std::optional<Mechanism> parse_mechanism(std::string_view name);
// "PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256": for EHLO's AUTH keyword, CAPA's SASL tag, IMAP's AUTH=.
std::string mechanism_list(const std::vector<Mechanism>& mechanisms);
// The client speaks first (RFC 4422 §5), so its first message may go with the command as the
// initial response (RFC 4954 §4). LOGIN is not counted: most clients wait for "Username:".
bool client_first(Mechanism m);
// The password itself crosses the wire (base64 only): an eavesdropper can log in with it.
bool sends_password(Mechanism m);

}  // namespace mailsim::sasl
