// mailsim: run a lesson headless and print what happened, or check a scenario file.
#include <charconv>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/export/mail_files.hpp"
#include "sim/export/pcap.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

namespace {

constexpr const char* kUsage =
    "usage: mailsim run SCENARIO [--seed N] [--until TIME] [--trace FILE.jsonl] [--pcap FILE.pcap]\n"
    "                            [--export-mail DIR] [--quiet]\n"
    "       mailsim validate SCENARIO\n"
    "       mailsim --help | --version\n"
    "\n"
    "run       runs the scenario in virtual time and prints a timestamped transcript (every\n"
    "          connection, each C:/S: line, DNS queries, queue changes, deliveries), then checks\n"
    "          the scenario's expectations. Exit status: 0 all hold, 1 some failed, 2 bad input.\n"
    "  --seed N        seed for the world's random choices (default: the scenario's)\n"
    "  --until TIME    stop at this virtual time (\"40m\", \"2h\", \"90s\")\n"
    "  --trace FILE    also write the trace as JSON lines (docs/trace-format.md)\n"
    "  --pcap FILE     also write a packet capture (TCP streams, DNS over UDP) for Wireshark\n"
    "  --export-mail DIR  write every mailbox as mbox and .eml files, and devices' local copies\n"
    "  --quiet         print only the expectation results\n"
    "validate  loads and checks the scenario file; prints nothing but errors. Exit 0 or 2.\n";

int usage_error(const std::string& why) {
  std::cerr << "mailsim: " << why << "\n" << kUsage;
  return 2;
}

int run(int argc, char** argv) {
  std::string file, trace_file, pcap_file, mail_dir;
  std::optional<std::uint64_t> seed;
  std::optional<mailsim::Time> until;
  bool quiet = false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      (void)name;
      return std::string(argv[++i]);
    };
    if (a == "--seed") {
      auto v = value("--seed");
      std::uint64_t n = 0;
      if (!v || std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() ||
          std::to_string(n) != *v)
        return usage_error("--seed needs a whole number");
      seed = n;
    } else if (a == "--until") {
      auto v = value("--until");
      auto d = v ? mailsim::parse_duration(*v) : std::nullopt;
      if (!d) return usage_error("--until needs a time such as 40m, 2h or 90s");
      until = *d;
    } else if (a == "--trace") {
      auto v = value("--trace");
      if (!v) return usage_error("--trace needs a file name");
      trace_file = *v;
    } else if (a == "--pcap") {
      auto v = value("--pcap");
      if (!v) return usage_error("--pcap needs a file name");
      pcap_file = *v;
    } else if (a == "--export-mail") {
      auto v = value("--export-mail");
      if (!v) return usage_error("--export-mail needs a directory");
      mail_dir = *v;
    } else if (a == "--quiet") {
      quiet = true;
    } else if (!a.empty() && a[0] == '-') {
      return usage_error("unknown option " + a);
    } else if (file.empty()) {
      file = a;
    } else {
      return usage_error("more than one scenario given");
    }
  }
  if (file.empty()) return usage_error("run needs a scenario file");
  mailsim::scenario::Scenario s;
  try {
    s = mailsim::scenario::load_file(file);
  } catch (const mailsim::scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  mailsim::world::World w(s, seed);
  w.run(until.value_or(mailsim::Scheduler::kForever));
  if (!trace_file.empty()) {
    std::ofstream out(trace_file, std::ios::binary);
    mailsim::trace::write_jsonl(w.trace(), out);
    if (!out) {
      std::cerr << "mailsim: cannot write " << trace_file << ": " << std::strerror(errno) << "\n";
      return 2;
    }
  }
  if (!pcap_file.empty()) {
    std::map<std::string, std::string> addresses;
    for (const auto& h : w.network().hosts()) addresses[h.name] = h.address;
    std::ofstream out(pcap_file, std::ios::binary);
    mailsim::exporter::write_pcap(w.trace(), addresses, s.epoch, out);
    if (!out) {
      std::cerr << "mailsim: cannot write " << pcap_file << ": " << std::strerror(errno) << "\n";
      return 2;
    }
  }
  if (!mail_dir.empty()) {
    if (const std::string err = mailsim::exporter::export_mail(w, mail_dir); !err.empty()) {
      std::cerr << "mailsim: " << err << "\n";
      return 2;
    }
  }
  if (!quiet) {
    std::cout << "mailsim " << MAILSIM_VERSION << ": " << s.id << " — " << s.title.en << " (seed " << w.seed()
              << ")\n\n";
    mailsim::trace::write_transcript(w.trace(), std::cout);
    std::cout << "\n";
  }
  const auto results = mailsim::world::check_expectations(w);
  int failed = 0;
  std::cout << "Expectations at " << mailsim::format_time(w.now()) << ":\n";
  for (const auto& r : results) {
    std::cout << (r.ok ? "  ok    " : "  FAIL  ") << r.description << " (" << r.detail << ")\n";
    failed += r.ok ? 0 : 1;
  }
  std::cout << "expectations: " << results.size() - failed << " held, " << failed << " failed\n";
  return failed ? 1 : 0;
}

int validate(int argc, char** argv) {
  if (argc != 3) return usage_error("validate needs exactly one scenario file");
  try {
    mailsim::scenario::load_file(argv[2]);
  } catch (const mailsim::scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error("no command given");
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (cmd == "--version") {
    std::cout << "mailsim " << MAILSIM_VERSION << "\n";
    return 0;
  }
  if (cmd == "run") return run(argc, argv);
  if (cmd == "validate") return validate(argc, argv);
  return usage_error("unknown command " + cmd);
}
