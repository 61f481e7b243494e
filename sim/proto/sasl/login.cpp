// LOGIN (draft-murchison-sasl-login, never an RFC, yet what Outlook and many others still send): the
// server asks "Username:" and "Password:", the client answers each. Like PLAIN, the password
// crosses the wire in clear.
#include "sim/proto/sasl/mechanisms.hpp"

namespace mailsim::sasl {

namespace {

constexpr std::string_view kUsername = "Username:";
constexpr std::string_view kPassword = "Password:";

class LoginServer final : public ServerMechanism {
 public:
  Step start(std::optional<std::string_view> ir) override {
    // Some clients send the user name as the initial response; an empty one is no name at all.
    if (ir && !ir->empty()) return respond(*ir);
    return challenge_step(std::string(kUsername));
  }

  Step respond(std::string_view response) override {
    if (!have_user_) {
      if (response.empty()) return malformed("LOGIN user name is empty");
      authcid = std::string(response);
      have_user_ = true;
      return challenge_step(std::string(kPassword));
    }
    if (response.empty()) return malformed("LOGIN password is empty");
    password_ = std::string(response);
    return need_credentials();
  }

  Step credentials(const Lookup& answer) override {
    if (answer.status() != Lookup::Status::Found || !check_password(answer.credentials(), password_))
      return failed("LOGIN: unknown user or wrong password");
    return success_step();
  }

 private:
  bool have_user_ = false;
  std::string password_;
};

class LoginClient final : public ClientMechanism {
 public:
  explicit LoginClient(const ClientOptions& o) : o_(o) {}
  std::optional<std::string> first() override { return std::nullopt; }
  // Real clients answer in order, whatever the prompt says (some servers word it differently).
  ClientStep challenge(std::string_view) override {
    switch (sent_++) {
      case 0: return ClientStep{true, o_.user, {}};
      case 1: return ClientStep{true, o_.password, {}};
      default: return ClientStep{false, {}, "LOGIN has two challenges; the server sent a third"};
    }
  }
  bool complete() const override { return sent_ == 2; }

 private:
  ClientOptions o_;
  int sent_ = 0;
};

}  // namespace

std::unique_ptr<ServerMechanism> login_server() { return std::make_unique<LoginServer>(); }
std::unique_ptr<ClientMechanism> login_client(const ClientOptions& o) { return std::make_unique<LoginClient>(o); }

}  // namespace mailsim::sasl
