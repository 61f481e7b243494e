#include "sim/cli/diagram.hpp"

#include <functional>
#include <string>
#include <utility>

#include "sim/proto/imap/client_states.hpp"
#include "sim/proto/imap/server_diagram.hpp"
#include "sim/proto/pop3/client_states.hpp"
#include "sim/proto/pop3/diagram.hpp"
#include "sim/proto/smtp/client_states.hpp"
#include "sim/proto/smtp/server_states.hpp"

namespace mailsim::cli {

namespace {

using Make = std::function<proto::Diagram(bool with_refusals)>;

const std::pair<const char*, Make> kMachines[] = {
    {"smtp-server", [](bool r) { return smtp::server_diagram(r); }},
    {"smtp-client", [](bool) { return smtp::client_diagram(); }},  // a client refuses nothing
    {"pop3-server", [](bool r) { return pop3::server_diagram(r); }},
    {"pop3-client", [](bool) { return pop3::client_diagram(); }},  // a client refuses nothing
    {"imap-server", [](bool r) { return imap::server_diagram(r); }},
    {"imap-client", [](bool) { return imap::client_diagram(); }},
};

std::string machine_names() {
  std::string out;
  for (const auto& [name, make] : kMachines) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

}  // namespace

int diagram(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::string machine, format = "dot";
  bool refusals = false;
  for (int i = 2; i < argc; ++i) {
    const std::string opt = argv[i];
    if (opt == "--format" && i + 1 < argc) {
      format = argv[++i];
      if (format != "dot" && format != "mermaid") {
        err << "mailsim: --format is dot or mermaid, not " << format << "\n";
        return 2;
      }
    } else if (opt == "--refusals") {
      refusals = true;
    } else if (!opt.empty() && opt[0] != '-' && machine.empty()) {
      machine = opt;
    } else {
      err << "mailsim: diagram: unexpected " << opt << "\n";
      return 2;
    }
  }
  for (const auto& [name, make] : kMachines) {
    if (machine != name) continue;
    const proto::Diagram d = make(refusals);
    out << (format == "dot" ? proto::to_dot(d) : proto::to_mermaid(d));
    return 0;
  }
  err << "mailsim: diagram needs a machine: " << machine_names() << "\n";
  return 2;
}

}  // namespace mailsim::cli
