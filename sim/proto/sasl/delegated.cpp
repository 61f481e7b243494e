// A mechanism run somewhere else: the server here only passes the client's messages to an
// authentication server and its answers back (Postfix's smtpd_sasl_type = dovecot). Which mechanism
// it is matters only to that server; here every message is a NeedCredentials whose request carries
// it, and the lookup's answer is the verdict. The password never has to reach this server.
#include "sim/proto/sasl/mechanisms.hpp"

namespace mailsim::sasl {

namespace {

class DelegatedServer final : public ServerMechanism {
 public:
  Step start(std::optional<std::string_view> ir) override {
    relay = ir ? std::optional<std::string>(std::string(*ir)) : std::nullopt;
    return need_credentials();
  }

  Step respond(std::string_view message) override {
    relay = std::string(message);
    return need_credentials();
  }

  Step credentials(const Lookup& answer) override {
    if (answer.status() != Lookup::Status::Found) return failed("the authentication server refused the login");
    if (answer.challenge()) return challenge_step(*answer.challenge());
    if (answer.identity().empty()) return failed("the authentication server named nobody");
    authcid = answer.identity();
    return success_step(answer.final_data());
  }
};

}  // namespace

std::unique_ptr<ServerMechanism> delegated_server() { return std::make_unique<DelegatedServer>(); }

}  // namespace mailsim::sasl
