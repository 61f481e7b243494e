// Transcript helpers shared by the SMTP server tests (declared at the top of each test file, since
// this folder holds only .cpp files).
//
// A script reads like the examples in RFC 5321 Appendix D:
//   C: MAIL FROM:<alice@a.example>
//   S: 250 2.1.0 Ok
// "C: x" sends "x\r\n" ("C:" alone sends an empty line); consecutive C: lines go in one write, as a
// pipelining client sends them. "S:" lines are what the server must answer, byte for byte: the
// server's actual output is rendered back in the same form (a reply line without its CRLF, or with a
// bare CR or LF inside, is rendered visibly) and compared with the script.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "sim/proto/smtp/server.hpp"

namespace smtp_test {

using mailsim::smtp::Server;
using mailsim::smtp::ServerConfig;
using mailsim::smtp::ServerHooks;

std::string testing_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '\r') out += "<CR>";
    else if (c == '\n') out += "<LF>";
    else out += c;
  }
  return out;
}

namespace {

// The server's bytes as S: lines.
std::string render(std::string_view bytes) {
  std::string out;
  while (!bytes.empty()) {
    const std::size_t end = bytes.find("\r\n");
    if (end == std::string_view::npos) {
      out += "S: " + testing_escape(bytes) + " <no CRLF>\n";
      break;
    }
    out += "S: " + testing_escape(bytes.substr(0, end)) + "\n";
    bytes.remove_prefix(end + 2);
  }
  return out;
}

}  // namespace

ServerConfig mx_config() {
  ServerConfig config;
  config.hostname = "mx.example";
  return config;
}

Server greeted(ServerConfig config, ServerHooks hooks) {
  Server server(std::move(config), std::move(hooks));
  server.start();
  server.feed("EHLO client.example\r\n");
  return server;
}

bool play(Server& server, std::string_view script) {
  std::string expected;
  std::string actual;
  std::string pending;  // client bytes not yet sent
  auto flush = [&] {
    if (pending.empty()) return;
    actual += render(server.feed(pending));
    pending.clear();
  };
  while (!script.empty()) {
    const std::size_t nl = script.find('\n');
    const std::string_view line = script.substr(0, nl);
    script.remove_prefix(nl == std::string_view::npos ? script.size() : nl + 1);
    if (line.empty()) continue;  // lets scripts start on the line after R"(
    expected += std::string(line) + "\n";
    if (line.starts_with("C:")) {
      actual += std::string(line) + "\n";
      std::string_view text = line.substr(2);
      if (text.starts_with(' ')) text.remove_prefix(1);
      pending += std::string(text) + "\r\n";
    } else {
      flush();
    }
  }
  flush();
  if (actual != expected) {
    FAIL_CHECK("transcript differs\n--- expected\n" << expected << "--- actual\n" << actual);
  }
  return actual == expected;
}

}  // namespace smtp_test
