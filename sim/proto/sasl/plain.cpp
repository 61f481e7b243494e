// PLAIN (RFC 4616): one message from the client, message = [authzid] UTF8NUL authcid UTF8NUL passwd.
// The password crosses the wire in clear (base64 is an encoding, not a cipher).
#include "sim/proto/sasl/mechanisms.hpp"

namespace mailsim::sasl {

namespace {

// RFC 4616 §2: each field is 1 to 255 octets (authzid may be empty) and holds no NUL.
constexpr std::size_t kMaxField = 255;

class PlainServer final : public ServerMechanism {
 public:
  Step start(std::optional<std::string_view> ir) override {
    if (!ir) return challenge_step("");  // the client sends its message after an empty challenge
    return respond(*ir);
  }

  Step respond(std::string_view message) override {
    const std::size_t first = message.find('\0');
    const std::size_t second = first == std::string_view::npos ? first : message.find('\0', first + 1);
    if (second == std::string_view::npos || message.find('\0', second + 1) != std::string_view::npos)
      return malformed("PLAIN message is not authzid NUL authcid NUL passwd");
    const std::string_view authz = message.substr(0, first);
    const std::string_view authc = message.substr(first + 1, second - first - 1);
    const std::string_view passwd = message.substr(second + 1);
    if (authc.empty() || passwd.empty()) return malformed("PLAIN authcid or passwd is empty");
    if (authz.size() > kMaxField || authc.size() > kMaxField || passwd.size() > kMaxField)
      return malformed("PLAIN field longer than 255 octets");
    authzid = std::string(authz);
    authcid = std::string(authc);
    password_ = std::string(passwd);
    return need_credentials();
  }

  Step credentials(const Lookup& answer) override {
    if (answer.status() != Lookup::Status::Found || !check_password(answer.credentials(), password_))
      return failed("PLAIN: unknown user or wrong password");
    return success_step();
  }

 private:
  std::string password_;
};

class PlainClient final : public ClientMechanism {
 public:
  explicit PlainClient(const ClientOptions& o) : o_(o) {}
  std::optional<std::string> first() override {
    sent_ = true;
    return o_.authzid + '\0' + o_.user + '\0' + o_.password;
  }
  ClientStep challenge(std::string_view) override {
    return ClientStep{false, {}, "PLAIN has a single message; the server sent another challenge"};
  }
  bool complete() const override { return sent_; }

 private:
  ClientOptions o_;
  bool sent_ = false;
};

}  // namespace

std::unique_ptr<ServerMechanism> plain_server() { return std::make_unique<PlainServer>(); }
std::unique_ptr<ClientMechanism> plain_client(const ClientOptions& o) { return std::make_unique<PlainClient>(o); }

}  // namespace mailsim::sasl
