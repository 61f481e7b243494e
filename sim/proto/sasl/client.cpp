#include "sim/proto/sasl/client.hpp"

#include "sim/proto/sasl/mechanisms.hpp"
#include "sim/proto/sasl/wire.hpp"

namespace mailsim::sasl {

ClientSession::ClientSession(ClientOptions options) : mechanism_(options.mechanism) {
  switch (options.mechanism) {
    case Mechanism::Plain: impl_ = plain_client(options); break;
    case Mechanism::Login: impl_ = login_client(options); break;
    case Mechanism::CramMd5: impl_ = cram_md5_client(options); break;
    case Mechanism::ScramSha256: impl_ = scram_sha256_client(options); break;
  }
}

ClientSession::~ClientSession() = default;
ClientSession::ClientSession(ClientSession&&) noexcept = default;
ClientSession& ClientSession::operator=(ClientSession&&) noexcept = default;

std::optional<std::string> ClientSession::initial_response(std::size_t room) {
  if (started_ || !client_first(mechanism_)) return std::nullopt;
  // Both client-first mechanisms build their first message from the options alone, so asking for it
  // and not sending it leaves nothing behind: challenge("") asks again.
  std::optional<std::string> first = impl_->first();
  if (!first || write_initial_response(*first).size() > room) return std::nullopt;
  started_ = true;
  return first;
}

ClientStep ClientSession::challenge(std::string_view challenge) {
  if (failed_) return ClientStep{false, {}, "the exchange has failed already"};
  ClientStep step;
  if (!started_ && client_first(mechanism_)) {
    // RFC 4422 §5: without an initial response, a client-first mechanism gets an empty challenge.
    started_ = true;
    step = challenge.empty() ? ClientStep{true, *impl_->first(), {}}
                             : ClientStep{false, {}, "a client-first mechanism got a non-empty first challenge"};
  } else {
    started_ = true;
    step = impl_->challenge(challenge);
  }
  if (!step.ok) failed_ = true;
  return step;
}

bool ClientSession::complete() const { return !failed_ && impl_->complete(); }

}  // namespace mailsim::sasl
