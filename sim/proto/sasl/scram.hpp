#pragma once
// SCRAM's message syntax and key derivation (RFC 5802 §§3, 5, 7), for SHA-256 (RFC 7677). The
// mechanism itself, both sides, is in scram_sha256.cpp; this is what both sides and the tests share.
//
//   client-first-message = gs2-header client-first-message-bare
//   gs2-header           = ("n" / "y") "," ["a=" saslname] ","      (no channel binding: no -PLUS)
//   client-first-bare    = "n=" saslname ",r=" c-nonce ["," extensions]
//   server-first-message = "r=" c-nonce s-nonce ",s=" base64(salt) ",i=" iteration-count
//   client-final-message = "c=" base64(gs2-header) ",r=" nonce ["," extensions] ",p=" base64(ClientProof)
//   server-final-message = "v=" base64(ServerSignature)  /  "e=" server-error-value
//
// Passwords are used as given, not normalized by SASLprep (RFC 4013): both ends of a simulation do
// the same, and for ASCII passwords SASLprep changes nothing.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::sasl::scram {

struct Keys {
  std::string salted_password;  // Hi(password, salt, i)
  std::string client_key;       // HMAC(SaltedPassword, "Client Key")
  std::string stored_key;       // H(ClientKey)
  std::string server_key;       // HMAC(SaltedPassword, "Server Key")
};
Keys derive(std::string_view password, std::string_view salt, unsigned iterations);

// ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage).
std::string client_proof(const Keys& keys, std::string_view auth_message);
// ServerSignature = HMAC(ServerKey, AuthMessage).
std::string server_signature(std::string_view server_key, std::string_view auth_message);
// The server's check (§3): ClientKey = ClientProof XOR ClientSignature, then H(ClientKey) == StoredKey.
bool proof_matches(std::string_view stored_key, std::string_view auth_message, std::string_view proof);

// saslname (§5.1): "," is sent as "=2C" and "=" as "=3D".
std::string encode_saslname(std::string_view name);
// nullopt when an "=" is not followed by "2C" or "3D" (the server MUST then fail), or the name is empty.
std::optional<std::string> decode_saslname(std::string_view name);
// A nonce is printable ASCII without "," (§7); callers supply them, so they are checked.
bool valid_nonce(std::string_view nonce);

// "k=value,k=value": one letter, "=", any value without ",". nullopt for anything else.
using Attributes = std::vector<std::pair<char, std::string>>;
std::optional<Attributes> parse_attributes(std::string_view message);

// The gs2 header of a client-first-message, split off from the bare message.
struct ClientFirst {
  char cbind_flag = 'n';    // 'n': the client does not do channel binding; 'y': it could, but
                            // thinks we cannot (fine: we offer no -PLUS mechanism)
  std::string authzid;      // "" when not given
  std::string gs2_header;   // as sent, for c= in the final message
  std::string bare;         // client-first-message-bare, for AuthMessage
  std::string user;         // decoded n=
  std::string nonce;        // r=
};
// nullopt and a reason when malformed: "p=" (channel binding), a reserved "m=" extension, a bad
// saslname or nonce, attributes out of order.
std::optional<ClientFirst> parse_client_first(std::string_view message, std::string& reason);

}  // namespace mailsim::sasl::scram
