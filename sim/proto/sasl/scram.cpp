#include "sim/proto/sasl/scram.hpp"

#include "sim/proto/sasl/crypto.hpp"

namespace mailsim::sasl::scram {

Keys derive(std::string_view password, std::string_view salt, unsigned iterations) {
  Keys k;
  k.salted_password = pbkdf2_sha256(password, salt, iterations);
  k.client_key = hmac_sha256(k.salted_password, "Client Key");
  k.stored_key = sha256(k.client_key);
  k.server_key = hmac_sha256(k.salted_password, "Server Key");
  return k;
}

std::string client_proof(const Keys& keys, std::string_view auth_message) {
  return xor_octets(keys.client_key, hmac_sha256(keys.stored_key, auth_message));
}

std::string server_signature(std::string_view server_key, std::string_view auth_message) {
  return hmac_sha256(server_key, auth_message);
}

bool proof_matches(std::string_view stored_key, std::string_view auth_message, std::string_view proof) {
  const std::string signature = hmac_sha256(stored_key, auth_message);
  if (proof.size() != signature.size()) return false;
  return equal_secret(sha256(xor_octets(proof, signature)), stored_key);
}

std::string encode_saslname(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == ',') out += "=2C";
    else if (c == '=') out += "=3D";
    else out += c;
  }
  return out;
}

std::optional<std::string> decode_saslname(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '=') {
      out += name[i];
      continue;
    }
    const std::string_view code = name.substr(i + 1, 2);
    if (code == "2C") out += ',';
    else if (code == "3D") out += '=';
    else return std::nullopt;
    i += 2;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

bool valid_nonce(std::string_view nonce) {
  if (nonce.empty()) return false;
  for (const char c : nonce)
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  return true;
}

std::optional<Attributes> parse_attributes(std::string_view message) {
  Attributes out;
  while (true) {
    const std::size_t comma = message.find(',');
    const std::string_view item = message.substr(0, comma);
    const char key = item.empty() ? '\0' : item[0];
    if (item.size() < 2 || item[1] != '=' || !((key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z')))
      return std::nullopt;
    out.emplace_back(key, std::string(item.substr(2)));
    if (comma == std::string_view::npos) return out;
    message.remove_prefix(comma + 1);
  }
}

std::optional<ClientFirst> parse_client_first(std::string_view message, std::string& reason) {
  ClientFirst out;
  // gs2-cbind-flag "," [authzid] ","
  const std::size_t first = message.find(',');
  const std::size_t second = first == std::string_view::npos ? first : message.find(',', first + 1);
  if (second == std::string_view::npos) {
    reason = "SCRAM client-first-message has no gs2 header";
    return std::nullopt;
  }
  const std::string_view flag = message.substr(0, first);
  if (flag.starts_with("p=")) {
    reason = "SCRAM channel binding (p=) requested, but only \"n,,\" is offered";
    return std::nullopt;
  }
  if (flag != "n" && flag != "y") {
    reason = "SCRAM gs2 header starts with neither n nor y";
    return std::nullopt;
  }
  out.cbind_flag = flag[0];
  const std::string_view authzid = message.substr(first + 1, second - first - 1);
  if (!authzid.empty()) {
    std::optional<std::string> name;
    if (authzid.starts_with("a=")) name = decode_saslname(authzid.substr(2));
    if (!name) {
      reason = "SCRAM authzid is not a=saslname";
      return std::nullopt;
    }
    out.authzid = *name;
  }
  out.gs2_header = std::string(message.substr(0, second + 1));
  out.bare = std::string(message.substr(second + 1));
  const std::optional<Attributes> attrs = parse_attributes(out.bare);
  if (!attrs || attrs->size() < 2 || (*attrs)[0].first != 'n' || (*attrs)[1].first != 'r') {
    reason = "SCRAM client-first-message-bare is not n=user,r=nonce";
    return std::nullopt;
  }
  for (std::size_t i = 2; i < attrs->size(); ++i) {
    if ((*attrs)[i].first == 'm') {  // §5.1: reserved for mandatory extensions nobody defines yet
      reason = "SCRAM mandatory extension m= is not supported";
      return std::nullopt;
    }
  }
  const std::optional<std::string> user = decode_saslname((*attrs)[0].second);
  if (!user) {
    reason = "SCRAM user name is not a saslname";
    return std::nullopt;
  }
  out.user = *user;
  out.nonce = (*attrs)[1].second;
  if (!valid_nonce(out.nonce)) {
    reason = "SCRAM client nonce is empty or not printable";
    return std::nullopt;
  }
  return out;
}

}  // namespace mailsim::sasl::scram
