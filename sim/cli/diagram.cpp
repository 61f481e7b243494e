#include "sim/cli/diagram.hpp"

#include <string>

#include "sim/world/machines.hpp"

namespace mailsim::cli {

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
  if (const auto d = world::machine_diagram(machine, refusals)) {
    out << (format == "dot" ? proto::to_dot(*d) : proto::to_mermaid(*d));
    return 0;
  }
  std::string names;
  for (const std::string& n : world::machine_names()) names += (names.empty() ? "" : ", ") + n;
  err << "mailsim: diagram needs a machine: " << names << "\n";
  return 2;
}

}  // namespace mailsim::cli
