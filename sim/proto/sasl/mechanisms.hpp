#pragma once
// Inside the library: the interface each mechanism's file implements, for server.cpp and client.cpp.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/proto/sasl/client.hpp"
#include "sim/proto/sasl/credentials.hpp"
#include "sim/proto/sasl/server.hpp"

namespace mailsim::sasl {

// A Step of kind Success may carry `challenge`: additional data with success, which ServerSession
// sends as a last challenge. NeedCredentials is asked for `authcid`.
class ServerMechanism {
 public:
  virtual ~ServerMechanism() = default;
  virtual Step start(std::optional<std::string_view> initial_response) = 0;
  virtual Step respond(std::string_view response) = 0;
  virtual Step credentials(const Lookup& answer) = 0;
  std::string authcid, authzid;
  // A delegated mechanism: the client message to pass on with the next NeedCredentials.
  std::optional<std::string> relay;
};

class ClientMechanism {
 public:
  virtual ~ClientMechanism() = default;
  // The first message of a client-first mechanism; nullopt for server-first ones.
  virtual std::optional<std::string> first() = 0;
  virtual ClientStep challenge(std::string_view challenge) = 0;
  // The exchange may end in success: SCRAM only once the server's signature has been verified.
  virtual bool complete() const = 0;
};

std::unique_ptr<ServerMechanism> plain_server();
std::unique_ptr<ServerMechanism> login_server();
std::unique_ptr<ServerMechanism> cram_md5_server(const ServerOptions& options);
std::unique_ptr<ServerMechanism> scram_sha256_server(const ServerOptions& options);
std::unique_ptr<ServerMechanism> delegated_server();

std::unique_ptr<ClientMechanism> plain_client(const ClientOptions& options);
std::unique_ptr<ClientMechanism> login_client(const ClientOptions& options);
std::unique_ptr<ClientMechanism> cram_md5_client(const ClientOptions& options);
std::unique_ptr<ClientMechanism> scram_sha256_client(const ClientOptions& options);

// Steps, briefly.
inline Step challenge_step(std::string bytes) { return Step{Step::Kind::Challenge, std::move(bytes), {}}; }
inline Step need_credentials() { return Step{Step::Kind::NeedCredentials, {}, {}}; }
inline Step success_step(std::string final_data = {}) { return Step{Step::Kind::Success, std::move(final_data), {}}; }
inline Step failed(std::string reason) { return Step{Step::Kind::Failed, {}, std::move(reason)}; }
inline Step malformed(std::string reason) { return Step{Step::Kind::Malformed, {}, std::move(reason)}; }

}  // namespace mailsim::sasl
