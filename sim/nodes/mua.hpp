#pragma once
// A mail client (MUA) on a PC or phone. It composes the scenario's messages and submits them to its
// submission server on port 587. Like many simple clients it leaves Date: and Message-ID: to the
// submission server (RFC 6409 §8.3), so students see the server complete the message.
#include <string>

#include "sim/nodes/context.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class MailClient {
 public:
  MailClient(Context& ctx, scenario::Client config, std::string submission_address);
  const scenario::Client& config() const { return config_; }
  // Schedules the submission of `m` at its time.
  void schedule(const scenario::MessageSpec& m);

 private:
  void submit(const scenario::MessageSpec& m);
  Context& ctx_;
  scenario::Client config_;
  std::string submission_address_;
};

// The message as the client writes it: header fields and a CRLF body. Exposed for tests.
std::string compose(const scenario::MessageSpec& m);

}  // namespace mailsim::nodes
