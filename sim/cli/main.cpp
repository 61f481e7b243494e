// mailsim: run a lesson headless and print what happened, serve it to real mail clients, or check a
// scenario file.
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "sim/cli/diagram.hpp"
#include "sim/cli/lessons.hpp"
#include "sim/cli/variant.hpp"
#include "sim/export/mail_files.hpp"
#include "sim/export/ladder.hpp"
#include "sim/export/pcap.hpp"
#include "sim/scenario/load.hpp"
#include "sim/serve/real_client.hpp"
#include "sim/serve/serve.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

namespace {

constexpr const char* kUsage =
    "usage: mailsim run SCENARIO [--seed N] [--until TIME] [--trace FILE.jsonl] [--pcap FILE.pcap]\n"
    "                            [--keylog FILE] [--ladder FILE.md] [--export-mail DIR] [--quiet] [--lang en|ja]\n"
    "                            [--max-events N]\n"
    "       mailsim serve SCENARIO [--listen ADDR] [--base-port N] [--ports-file FILE.json] [--speed X]\n"
    "                              [--duration SECONDS] [--max-connections N] [--idle-timeout SECONDS]\n"
    "                              [--seed N] [--trace FILE.jsonl] [--ca-out FILE.pem]\n"
    "       mailsim validate SCENARIO\n"
    "       mailsim diagram smtp-server|smtp-client|pop3-server|pop3-client|imap-server|imap-client [--format dot|mermaid] [--refusals]\n"
    "       mailsim lessons [DIR] [--lang en|ja] [--format text|md]\n"
    "       mailsim variant LESSON --student N [-o FILE] [--answers | --homework] [--lang en|ja]\n"
    "       mailsim --help | --version\n"
    "\n"
    "run       runs the scenario in virtual time and prints a timestamped transcript (every\n"
    "          connection, each C:/S: line, DNS queries, queue changes, deliveries), then checks\n"
    "          the scenario's expectations. Exit status: 0 all hold, 1 some failed, 2 bad input\n"
    "          or a run that hit a cap. A run stops at 30 days of virtual time and at --max-events\n"
    "          trace events, whichever comes first, with a message; on a terminal, a long run\n"
    "          shows its progress on stderr.\n"
    "  --seed N        seed for the world's random choices (default: the scenario's)\n"
    "  --until TIME    stop at this virtual time (\"40m\", \"2h\", \"90s\"; at most 30d)\n"
    "  --trace FILE    also write the trace as JSON lines (docs/trace-format.md)\n"
    "  --pcap FILE     also write a packet capture (TCP streams, DNS over UDP) for Wireshark\n"
    "  --keylog FILE   also write the TLS session secrets in the NSS key log format, so Wireshark\n"
    "                  decrypts the capture's TLS (tshark -o tls.keylog_file:FILE)\n"
    "  --ladder FILE   also write the run as a ladder (a Mermaid sequenceDiagram in Markdown): one\n"
    "                  column per host, one arrow per command, reply and DNS message\n"
    "  --export-mail DIR  write every mailbox as mbox and .eml files, and devices' local copies;\n"
    "                  and the lesson's DNS as RFC 1035 zone files (DIR/zones/ZONE.zone)\n"
    "  --quiet         print only the expectation results; without --trace, --pcap or --ladder the\n"
    "                  run stores no trace, only the facts they read (a big run needs far less memory)\n"
    "  --lang en|ja    language of the title, captions, failure notes and expectation results\n"
    "                  (default en); protocol lines stay as sent, and messages about mistakes in\n"
    "                  the scenario file are in English\n"
    "  --max-events N  stop after N trace events (default 200000, about 1 KB of memory each)\n"
    "serve     runs the scenario in real time and maps every simulated server port to a TCP port on\n"
    "          loopback, so real mail clients join (docs/real-clients.md). Stops on Ctrl-C.\n"
    "  --listen ADDR   address to listen on (default 127.0.0.1; name another one explicitly)\n"
    "  --base-port N   real port = N + simulated port (+1000 for each repeat); default 2000;\n"
    "                  0: free ports chosen by the system (see the printed lines or --ports-file)\n"
    "  --ports-file F  also write the mapping as JSON\n"
    "  --speed X       virtual seconds per real second (default 1)\n"
    "  --duration S    stop by itself after S real seconds\n"
    "  --max-connections N  real connections at once (default 32); more hear \"too many connections\"\n"
    "  --idle-timeout S     drop a real connection quiet for S real seconds (default 300)\n"
    "  --ca-out FILE   write the lesson's CA certificate (PEM), for a TLS client to trust the\n"
    "                  served certificates (curl --cacert FILE); for this lesson only\n"
    "validate  loads and checks the scenario file; prints nothing but errors (in English: they\n"
    "          are for the file's author). Exit 0 or 2.\n"
    "diagram   prints a protocol machine's state diagram, drawn from the transition table the\n"
    "          machine follows: Graphviz dot (`| dot -Tsvg`) or Mermaid; --refusals adds the\n"
    "          commands refused as out of sequence.\n"
    "lessons   prints the lesson index: the lessons of DIR (default: the bundled ones) under each\n"
    "          of the course's topics, with level, minutes and the lessons to take first, and the\n"
    "          topics no lesson covers yet; md is the Markdown of docs/lessons.md. Exit 1 when a\n"
    "          lesson does not load or names a prerequisite that is not in DIR.\n"
    "variant   prints the lesson for student N (1-9999): other mail domains, people and MX\n"
    "          preferences, the same network and story, captions rewritten to match; the same N\n"
    "          always gives the same variant. -o writes it to FILE; --answers prints the teacher's\n"
    "          key instead: which names became which, what happens in the variant and the answers\n"
    "          to its questions; --homework the student's sheet in Markdown: the questions with the\n"
    "          variant's names, to answer before running it.\n";

int usage_error(const std::string& why) {
  std::cerr << "mailsim: " << why << "\n" << kUsage;
  return 2;
}

struct Args {
  std::string file, trace_file, pcap_file, keylog_file, ladder_file, mail_dir, ca_out;
  std::optional<std::uint64_t> seed;
  std::optional<mailsim::Time> until;
  bool quiet = false;
  bool ja = false;
  mailsim::world::RunCaps caps;
  mailsim::serve::Options serve;
};

bool parse_number(const std::string& s, double& out) {
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size() && out > 0;
}

// Parses the options after the command; returns an error text, or "" when all is well.
std::string parse(int argc, char** argv, bool serving, Args& a) {
  for (int i = 2; i < argc; ++i) {
    const std::string opt = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    if (opt == "--seed") {
      auto v = value();
      std::uint64_t n = 0;
      if (!v || std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || std::to_string(n) != *v)
        return "--seed needs a whole number";
      a.seed = n;
    } else if (opt == "--trace") {
      auto v = value();
      if (!v) return "--trace needs a file name";
      a.trace_file = *v;
    } else if (!serving && opt == "--until") {
      auto v = value();
      auto d = v ? mailsim::parse_duration(*v) : std::nullopt;
      if (!d) return "--until needs a time such as 40m, 2h or 90s";
      if (*d > mailsim::scenario::kLongestRun)
        return "--until can be at most " + std::to_string(mailsim::scenario::kLongestRun / mailsim::kDay) +
               "d (the longest a lesson runs)";
      a.until = *d;
    } else if (!serving && opt == "--pcap") {
      auto v = value();
      if (!v) return "--pcap needs a file name";
      a.pcap_file = *v;
    } else if (!serving && opt == "--keylog") {
      auto v = value();
      if (!v) return "--keylog needs a file name";
      a.keylog_file = *v;
    } else if (!serving && opt == "--ladder") {
      auto v = value();
      if (!v) return "--ladder needs a file name";
      a.ladder_file = *v;
    } else if (!serving && opt == "--export-mail") {
      auto v = value();
      if (!v) return "--export-mail needs a directory";
      a.mail_dir = *v;
    } else if (!serving && opt == "--quiet") {
      a.quiet = true;
    } else if (!serving && opt == "--lang") {
      auto v = value();
      if (!v || (*v != "en" && *v != "ja")) return "--lang needs en or ja";
      a.ja = *v == "ja";
    } else if (!serving && opt == "--max-events") {
      auto v = value();
      std::size_t n = 0;
      if (!v || std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || std::to_string(n) != *v ||
          n == 0)
        return "--max-events needs a whole number above 0";
      a.caps.max_events = n;
    } else if (serving && opt == "--listen") {
      auto v = value();
      if (!v) return "--listen needs an IPv4 address";
      a.serve.listen = *v;
    } else if (serving && opt == "--base-port") {
      auto v = value();
      unsigned n = 0;
      if (!v || std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || (n != 0 && n < 1024) || n > 60000)
        return "--base-port needs 0 (free ports chosen by the system) or a number from 1024 to 60000";
      a.serve.base_port = static_cast<std::uint16_t>(n);
    } else if (serving && opt == "--ports-file") {
      auto v = value();
      if (!v) return "--ports-file needs a file name";
      a.serve.ports_file = *v;
    } else if (serving && opt == "--speed") {
      auto v = value();
      if (!v || !parse_number(*v, a.serve.speed) || a.serve.speed > 1e6) return "--speed needs a positive number";
    } else if (serving && opt == "--duration") {
      auto v = value();
      if (!v || !parse_number(*v, a.serve.duration)) return "--duration needs a positive number of seconds";
    } else if (serving && opt == "--max-connections") {
      auto v = value();
      unsigned n = 0;
      if (!v || std::from_chars(v->data(), v->data() + v->size(), n).ec != std::errc() || n < 1 || n > 1000 ||
          std::to_string(n) != *v)
        return "--max-connections needs a whole number from 1 to 1000";
      a.serve.max_connections = n;
    } else if (serving && opt == "--ca-out") {
      auto v = value();
      if (!v) return "--ca-out needs a file name";
      a.ca_out = *v;
    } else if (serving && opt == "--idle-timeout") {
      auto v = value();
      if (!v || !parse_number(*v, a.serve.idle_timeout)) return "--idle-timeout needs a positive number of seconds";
    } else if (!opt.empty() && opt[0] == '-') {
      return "unknown option " + opt;
    } else if (a.file.empty()) {
      a.file = opt;
    } else {
      return "more than one scenario given";
    }
  }
  if (a.file.empty()) return std::string(argv[1]) + " needs a scenario file";
  return {};
}

std::optional<mailsim::scenario::Scenario> load(const std::string& file) {
  try {
    return mailsim::scenario::load_file(file);
  } catch (const mailsim::scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return std::nullopt;
  }
}

// Writes `write(out)` to a file; false (with a message) when that fails.
template <class F>
bool write_file(const std::string& path, F write) {
  std::ofstream out(path, std::ios::binary);
  write(out);
  if (!out) std::cerr << "mailsim: cannot write " << path << ": " << std::strerror(errno) << "\n";
  return static_cast<bool>(out);
}

const std::string& pick(const mailsim::scenario::Text& t, bool ja) { return ja && !t.ja.empty() ? t.ja : t.en; }

// The transcript in the chosen language: captions and failure notes are the teacher's words and come
// in both; everything else is what the machines said, and stays as it was.
void write_transcript(const mailsim::world::World& w, bool ja, std::ostream& out) {
  if (!ja) return mailsim::trace::write_transcript(w.trace(), out);
  for (const auto& e : w.trace().events()) {
    std::string line;
    if (const auto* c = w.caption_of(e)) {
      auto shown = e;
      shown.as<mailsim::trace::data::Caption>().text = pick(c->text, true);
      line = mailsim::trace::transcript_line(shown);
    } else if (const auto* f = w.failure_of(e)) {
      auto shown = e;
      shown.as<mailsim::trace::data::Failure>().summary = mailsim::world::failure_summary(*f, pick(f->note, true));
      line = mailsim::trace::transcript_line(shown);
    } else {
      line = mailsim::trace::transcript_line(e);
    }
    if (!line.empty()) out << line << '\n';
  }
}

// "virtual time reached, events, messages delivered", rewritten in place on a terminal. Counts are
// of the trace (deliveries since the last call), so a long run costs nothing extra; a run that stores
// no events has its facts count them as they pass.
class Progress {
 public:
  Progress(const mailsim::world::World& w, bool ja, const mailsim::world::ExpectFacts* facts)
      : w_(w), ja_(ja), facts_(facts) {}
  void show() {
    const auto& events = w_.trace().events();
    for (; counted_ < events.size(); ++counted_) delivered_ += events[counted_].kind == mailsim::trace::Kind::Delivery;
    const std::string t = mailsim::format_time(w_.now()), n = std::to_string(w_.trace().next_seq()),
                      d = std::to_string(facts_ ? facts_->deliveries() : delivered_);
    std::cerr << "\r\x1b[K"
              << (ja_ ? "mailsim: 仮想時刻 " + t + "、イベント " + n + " 件、配送 " + d + " 通"
                      : "mailsim: virtual time " + t + ", " + n + " events, " + d + " messages delivered")
              << std::flush;
    shown_ = true;
  }
  ~Progress() {
    if (shown_) std::cerr << "\r\x1b[K" << std::flush;  // the transcript follows on a clean line
  }

 private:
  const mailsim::world::World& w_;
  bool ja_;
  const mailsim::world::ExpectFacts* facts_;
  std::size_t counted_ = 0, delivered_ = 0;
  bool shown_ = false;
};

// Why a run that hit a cap stopped, and what to change.
std::string cap_message(mailsim::world::RunEnd end, const mailsim::world::World& w, const Args& a) {
  const std::string t = mailsim::format_time(w.now()), n = std::to_string(a.caps.max_events),
                    days = std::to_string(a.caps.max_time / mailsim::kDay);
  if (end == mailsim::world::RunEnd::TimeCap)
    return a.ja ? "mailsim: " + t + " で停止しました。1回の実行は仮想時間で最長" + days + "日で、まだ予定された処理が残って"
                  "います(" + days + "日より長い再送スケジュールなど)。シナリオに 'until' を書くか、--until を指定してください。\n"
                : "mailsim: stopped at " + t + ": a run lasts at most " + days + " days of virtual time, and events were "
                  "still pending (a retry schedule longer than that, for example). Set 'until' in the scenario, or --until.\n";
  return a.ja ? "mailsim: " + t + " で停止しました。トレースのイベントが上限の " + n + " 件に達し、まだ処理が残っています。"
                "'until' を早めるか、確認の間隔(poll)を長くするか、--max-events を大きくしてください。\n"
              : "mailsim: stopped at " + t + ": the trace reached " + n + " events, the most one run records (--max-events), "
                "and more were due. Set an earlier 'until', poll less often, or raise --max-events.\n";
}

int run(int argc, char** argv) {
  Args a;
  if (auto error = parse(argc, argv, false, a); !error.empty()) return usage_error(error);
  auto s = load(a.file);
  if (!s) return 2;
  // Never freed: the process ends when the run's outputs are written, and tearing a big world down
  // (every trace event's strings) took a quarter of the run (docs/performance.md). Held by a
  // static, so a leak checker counts it as reachable.
  static mailsim::world::World* kept = nullptr;
  kept = new mailsim::world::World(std::move(*s), a.seed);
  mailsim::world::World& w = *kept;
  // With --quiet and no file asked for, nothing but the expectations reads the trace: the facts they
  // read are gathered as the events pass, and of the events only sender checks are stored (the trace
  // is a run's memory: docs/performance.md). Seq numbers and the event cap count every event, so the
  // run is the same.
  std::optional<mailsim::world::ExpectFacts> facts;
  if (a.quiet && a.trace_file.empty() && a.pcap_file.empty() && a.ladder_file.empty())
    facts.emplace(w.scenario()).collect(w.network().trace());
  mailsim::world::RunEnd end;
  {
    std::optional<Progress> progress;
    if (::isatty(STDERR_FILENO)) progress.emplace(w, a.ja, facts ? &*facts : nullptr);
    end = w.run(a.until.value_or(mailsim::Scheduler::kForever), a.caps, [&] {
      if (progress) progress->show();
    });
  }
  if (!a.trace_file.empty() &&
      !write_file(a.trace_file, [&](std::ostream& out) { mailsim::trace::write_jsonl(w.trace(), out); }))
    return 2;
  if (!a.pcap_file.empty()) {
    std::map<std::string, std::string> addresses;
    for (const auto& h : w.network().hosts()) addresses[h.name] = h.address;
    if (!write_file(a.pcap_file, [&](std::ostream& out) { mailsim::exporter::write_pcap(w.trace(), addresses, w.scenario().epoch, out); }))
      return 2;
  }
  if (!a.keylog_file.empty() && !write_file(a.keylog_file, [&](std::ostream& out) {
        for (const std::string& line : w.tls_keylog()) out << line << '\n';
      }))
    return 2;
  if (!a.ladder_file.empty() &&
      !write_file(a.ladder_file, [&](std::ostream& out) {
        mailsim::exporter::write_ladder(w.trace(), w.scenario().id + ": " + pick(w.scenario().title, a.ja), out);
      }))
    return 2;
  if (!a.mail_dir.empty()) {
    if (const std::string err = mailsim::exporter::export_mail(w, a.mail_dir); !err.empty()) {
      std::cerr << "mailsim: " << err << "\n";
      return 2;
    }
  }
  if (!a.quiet) {
    std::cout << "mailsim " << MAILSIM_VERSION << ": " << w.scenario().id << " — " << pick(w.scenario().title, a.ja)
              << (a.ja ? "(シード " : " (seed ") << w.seed() << (a.ja ? ")\n\n" : ")\n\n");
    write_transcript(w, a.ja, std::cout);
    std::cout << "\n";
  }
  const auto results = facts ? mailsim::world::check_expectations(w, *facts) : mailsim::world::check_expectations(w);
  int failed = 0;
  const std::string at = mailsim::format_time(w.now());
  std::cout << (a.ja ? "期待する結果(" + at + " の時点):\n" : "Expectations at " + at + ":\n");
  for (const auto& r : results) {
    if (a.ja) std::cout << (r.ok ? "  ○  " : "  ×  ") << r.description.ja << "(" << r.detail.ja << ")\n";
    else std::cout << (r.ok ? "  ok    " : "  FAIL  ") << r.description.en << " (" << r.detail.en << ")\n";
    failed += r.ok ? 0 : 1;
  }
  const std::string held = std::to_string(results.size() - failed), not_held = std::to_string(failed);
  std::cout << (a.ja ? "期待する結果:成立 " + held + " 件、不成立 " + not_held + " 件\n"
                     : "expectations: " + held + " held, " + not_held + " failed\n");
  if (end == mailsim::world::RunEnd::TimeCap || end == mailsim::world::RunEnd::EventCap) {
    std::cout << std::flush;
    std::cerr << cap_message(end, w, a);
    return 2;
  }
  return failed ? 1 : 0;
}

int serve(int argc, char** argv) {
  Args a;
  if (auto error = parse(argc, argv, true, a); !error.empty()) return usage_error(error);
  auto s = load(a.file);
  if (!s) return 2;
  mailsim::world::World w(mailsim::serve::with_real_client(std::move(*s)), a.seed);
  if (!a.ca_out.empty()) {
    // Before serving, so a client can be given the file as soon as the ports are printed.
    const std::string pem = w.tls_ca_pem();
    if (pem.empty()) {
      // serve has no --lang: this message comes in both languages.
      std::cerr << "mailsim: --ca-out: lesson " << w.scenario().id << " offers no TLS (no host has a certificate)\n"
                << "mailsim: --ca-out: レッスン " << w.scenario().id << " には TLS がありません(証明書を持つホストがありません)\n";
      return 2;
    }
    if (!write_file(a.ca_out, [&](std::ostream& out) { out << pem; })) return 2;
  }
  const int status = mailsim::serve::serve(w, a.serve, std::cout, std::cerr);
  if (status == 0 && !a.trace_file.empty() &&
      !write_file(a.trace_file, [&](std::ostream& out) { mailsim::trace::write_jsonl(w.trace(), out); }))
    return 2;
  return status;
}

int validate(int argc, char** argv) {
  if (argc != 3) return usage_error("validate needs exactly one scenario file");
  return load(argv[2]) ? 0 : 2;
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
  if (cmd == "serve") return serve(argc, argv);
  if (cmd == "validate") return validate(argc, argv);
  if (cmd == "diagram") return mailsim::cli::diagram(argc, argv, std::cout, std::cerr);
  if (cmd == "lessons") return mailsim::cli::lessons(argc, argv, std::cout, std::cerr);
  if (cmd == "variant") return mailsim::cli::variant(argc, argv, std::cout, std::cerr);
  return usage_error("unknown command " + cmd);
}
