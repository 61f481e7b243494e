#include "sim/proto/sasl/server.hpp"

#include <stdexcept>

#include "sim/proto/sasl/mechanisms.hpp"

namespace mailsim::sasl {

std::string_view to_string(Step::Kind kind) {
  switch (kind) {
    case Step::Kind::Challenge: return "challenge";
    case Step::Kind::NeedCredentials: return "need credentials";
    case Step::Kind::Success: return "success";
    case Step::Kind::Failed: return "failed";
    case Step::Kind::Malformed: return "malformed";
    case Step::Kind::Unavailable: return "unavailable";
  }
  return "?";
}

ServerSession::ServerSession(Mechanism mechanism, ServerOptions options)
    : mechanism_(mechanism), options_(std::move(options)) {
  if (options_.delegated) impl_ = delegated_server();
  else switch (mechanism) {
    case Mechanism::Plain: impl_ = plain_server(); break;
    case Mechanism::Login: impl_ = login_server(); break;
    case Mechanism::CramMd5: impl_ = cram_md5_server(options_); break;
    case Mechanism::ScramSha256: impl_ = scram_sha256_server(options_); break;
  }
  request_.method = std::string(mechanism_name(mechanism));
  request_.service = options_.service;
}

ServerSession::~ServerSession() = default;
ServerSession::ServerSession(ServerSession&&) noexcept = default;
ServerSession& ServerSession::operator=(ServerSession&&) noexcept = default;

const std::string& ServerSession::authcid() const { return impl_->authcid; }
const std::string& ServerSession::authzid() const { return impl_->authzid; }
const std::string& ServerSession::identity() const { return impl_->authcid; }

// Calls out of order are the protocol machine's mistake, never the peer's: they stop loudly.
Step ServerSession::start(std::optional<std::string_view> initial_response) {
  if (phase_ != Phase::Start) throw std::logic_error("sasl: start() twice");
  return next(impl_->start(initial_response));
}

Step ServerSession::respond(std::string_view response) {
  if (phase_ == Phase::AwaitEmpty) {
    if (!response.empty()) return next(malformed("the answer to additional data with success must be empty"));
    succeeded_ = true;
    phase_ = Phase::Done;
    return success_step();
  }
  if (phase_ != Phase::AwaitResponse) throw std::logic_error("sasl: respond() without a challenge");
  return next(impl_->respond(response));
}

Step ServerSession::credentials(const Lookup& answer) {
  if (phase_ != Phase::AwaitCredentials) throw std::logic_error("sasl: credentials() nobody asked for");
  if (answer.is_pending()) throw std::logic_error("sasl: credentials() given a pending lookup");
  if (answer.status() == Lookup::Status::Unavailable)
    return next(Step{Step::Kind::Unavailable, {}, "the credential lookup is unavailable"});
  return next(impl_->credentials(answer));
}

Step ServerSession::next(Step step) {
  switch (step.kind) {
    case Step::Kind::Challenge:
      phase_ = Phase::AwaitResponse;
      break;
    case Step::Kind::NeedCredentials:
      phase_ = Phase::AwaitCredentials;
      request_.user = impl_->authcid;
      request_.response = impl_->relay;
      break;
    case Step::Kind::Success:
      if (!impl_->authzid.empty() && impl_->authzid != impl_->authcid) {
        phase_ = Phase::Done;
        return failed(impl_->authcid + " may not act as " + impl_->authzid);
      }
      if (!step.challenge.empty()) {
        phase_ = Phase::AwaitEmpty;
        return challenge_step(std::move(step.challenge));
      }
      phase_ = Phase::Done;
      succeeded_ = true;
      break;
    case Step::Kind::Failed:
    case Step::Kind::Malformed:
    case Step::Kind::Unavailable:
      phase_ = Phase::Done;
      break;
  }
  return step;
}

}  // namespace mailsim::sasl
