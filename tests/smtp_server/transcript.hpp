#pragma once
// Transcript helpers for the SMTP server tests (defined in transcript.cpp): scripts read like the
// examples in RFC 5321 Appendix D, "C:" lines sent, "S:" lines the exact expected reply.
#include <string>
#include <string_view>

#include "sim/proto/smtp/server.hpp"

namespace smtp_test {
using mailsim::smtp::Server;
using mailsim::smtp::ServerConfig;
using mailsim::smtp::ServerHooks;
ServerConfig mx_config();
Server greeted(ServerConfig config, ServerHooks hooks);
bool play(Server& server, std::string_view script);
}  // namespace smtp_test
namespace smtp_test {
// "<CR>" and "<LF>" for bare CR and LF, so a failing check names the bytes it was about.
std::string testing_escape(std::string_view s);
}  // namespace smtp_test
