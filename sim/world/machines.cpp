#include "sim/world/machines.hpp"

#include <functional>
#include <utility>

#include "sim/proto/authsrv/states.hpp"
#include "sim/proto/imap/client_states.hpp"
#include "sim/proto/imap/server_diagram.hpp"
#include "sim/proto/pop3/client_states.hpp"
#include "sim/proto/pop3/diagram.hpp"
#include "sim/proto/smtp/client_states.hpp"
#include "sim/proto/smtp/server_states.hpp"

namespace mailsim::world {

namespace {

using Make = std::function<proto::Diagram(bool with_refusals)>;

const std::vector<std::pair<std::string, Make>>& machines() {
  static const std::vector<std::pair<std::string, Make>> m = {
      {"smtp-server", [](bool r) { return smtp::server_diagram(r); }},
      {"smtp-client", [](bool) { return smtp::client_diagram(); }},
      {"pop3-server", [](bool r) { return pop3::server_diagram(r); }},
      {"pop3-client", [](bool) { return pop3::client_diagram(); }},
      {"imap-server", [](bool r) { return imap::server_diagram(r); }},
      {"imap-client", [](bool) { return imap::client_diagram(); }},
      {"auth-server", [](bool) { return authsrv::server_diagram(); }},
      {"auth-client", [](bool) { return authsrv::client_diagram(); }},
  };
  return m;
}

}  // namespace

const std::vector<std::string>& machine_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& [name, make] : machines()) n.push_back(name);
    return n;
  }();
  return names;
}

std::optional<proto::Diagram> machine_diagram(std::string_view name, bool with_refusals) {
  for (const auto& [n, make] : machines())
    if (n == name) return make(with_refusals);
  return std::nullopt;
}

}  // namespace mailsim::world
