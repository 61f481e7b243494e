// mailsim-bench: how fast and how big a run is, measured by running generated load scenarios
// (bench/workload.hpp) and printing figures - never a timed test (docs/performance.md).
//
//   mailsim-bench [--messages N] [--json] [--only NAME]
//   mailsim-bench --print NAME [--messages N]    the workload's scenario, for `mailsim run`
//
// Each workload runs twice, with N and 2N messages, in a child process of its own so that its peak
// RSS is its own; the growth exponent is log2 of the time ratio (1.0 = linear). The wall clock is
// read here, outside sim/, and nowhere inside a run.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <streambuf>
#include <string>
#include <vector>

#include "bench/workload.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

struct Figures {
  // The run, world built to settled (not the teardown), in CPU time of the process: the simulator
  // is single-threaded, so on an idle machine this is the wall time, and on a shared one (where
  // these figures are usually taken) it does not count the time other processes had the core.
  double seconds = 0;
  std::size_t delivered = 0;
  std::size_t events = 0;
  long peak_rss_kb = 0;
  long base_rss_kb = 0;      // before the scenario was built
  // Writing the run's trace as JSON lines (what `mailsim run --trace` adds), to a sink that only
  // counts: the writer's own cost, not the disk's.
  double trace_seconds = 0;
  std::size_t trace_bytes = 0;
};

// An output stream that keeps nothing and counts what it is given.
class CountingBuf : public std::streambuf {
 public:
  std::size_t count = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    count += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) ++count;
    return c;
  }
};

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

Figures run_once(const bench::Workload& w) {
  Figures f;
  f.base_rss_kb = peak_rss_kb();
  const std::string text = bench::scenario_json(w);
  const double start = cpu_seconds();
  auto* world = new world::World(scenario::load_text(text, "bench-" + w.name + ".json"));
  world::RunCaps caps;
  caps.max_events = static_cast<std::size_t>(-1);
  world->run(Scheduler::kForever, caps);
  f.seconds = cpu_seconds() - start;
  for (const trace::Event& e : world->trace().events()) f.delivered += e.kind == trace::Kind::Delivery;
  f.events = world->trace().size();
  f.peak_rss_kb = peak_rss_kb();
  CountingBuf sink;
  std::ostream out(&sink);
  const double trace_start = cpu_seconds();
  trace::write_jsonl(world->trace(), out);
  f.trace_seconds = cpu_seconds() - trace_start;
  f.trace_bytes = sink.count;
  // The child exits without tearing the world down: freeing it is not part of the figure.
  return f;
}

// Runs in a child process; the figures come back through a pipe.
bool measure(const bench::Workload& w, Figures& out) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    close(fds[0]);
    const Figures f = run_once(w);
    const ssize_t n = write(fds[1], &f, sizeof f);
    _exit(n == static_cast<ssize_t>(sizeof f) ? 0 : 1);
  }
  close(fds[1]);
  const ssize_t n = read(fds[0], &out, sizeof out);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return n == static_cast<ssize_t>(sizeof out) && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 2000;
  bool json = false;
  std::string only, print;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--messages" && i + 1 < argc) {
      n = std::stoul(argv[++i]);
    } else if (a == "--json") {
      json = true;
    } else if (a == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (a == "--print" && i + 1 < argc) {
      print = argv[++i];
    } else {
      std::cerr << "usage: mailsim-bench [--messages N] [--json] [--only spread|burst|many|topology]\n"
                   "       mailsim-bench --print spread|burst|many|topology [--messages N]\n";
      return 2;
    }
  }
  const std::vector<bench::Workload> workloads = {
      {"spread", n, 1, 1, 0, false},
      {"burst", n, 1, 1, 0, true},
      {"many", n, 20, 20, 0, false},
      {"topology", n, 1, 1, 400, false},
  };
  if (!print.empty()) {
    for (const bench::Workload& w : workloads)
      if (w.name == print) {
        std::cout << bench::scenario_json(w);
        return 0;
      }
    std::cerr << "mailsim-bench: no workload " << print << "\n";
    return 2;
  }
  if (!json)
    std::printf("%-9s %8s %9s %10s %10s %9s %9s %9s %9s %9s\n", "workload", "messages", "seconds", "msg/s",
                "events/s", "peak MB", "KB/msg", "exponent", "trace MB", "--trace");
  else
    std::printf("[");
  bool first = true;
  for (const bench::Workload& base : workloads) {
    if (!only.empty() && base.name != only) continue;
    bench::Workload twice = base;
    twice.messages = 2 * base.messages;
    Figures a, b;
    if (!measure(base, a) || !measure(twice, b)) {
      std::cerr << "mailsim-bench: the " << base.name << " run failed\n";
      return 1;
    }
    const double exponent = std::log2(b.seconds / a.seconds);
    for (const bool second : {false, true}) {
      const bench::Workload& w = second ? twice : base;
      const Figures& f = second ? b : a;
      const double kb_per_msg = static_cast<double>(f.peak_rss_kb - f.base_rss_kb) / static_cast<double>(w.messages);
      // A run with --trace against one without: (run + writing the trace) / run.
      const double with_trace = (f.seconds + f.trace_seconds) / f.seconds;
      if (json) {
        std::printf("%s\n {\"workload\":\"%s\",\"messages\":%zu,\"delivered\":%zu,\"seconds\":%.4f,\"msg_per_s\":%.0f,"
                    "\"events_per_s\":%.0f,\"peak_rss_mb\":%.1f,\"kb_per_message\":%.2f,\"exponent\":%.3f,"
                    "\"trace_mb\":%.1f,\"trace_seconds\":%.4f,\"with_trace\":%.3f}",
                    first ? "" : ",", w.name.c_str(), w.messages, f.delivered, f.seconds,
                    static_cast<double>(f.delivered) / f.seconds, static_cast<double>(f.events) / f.seconds,
                    static_cast<double>(f.peak_rss_kb) / 1024.0, kb_per_msg, exponent,
                    static_cast<double>(f.trace_bytes) / 1e6, f.trace_seconds, with_trace);
        first = false;
      } else {
        std::printf("%-9s %8zu %9.3f %10.0f %10.0f %9.1f %9.2f %9s %9.1f %8.2fx\n", w.name.c_str(), w.messages,
                    f.seconds, static_cast<double>(f.delivered) / f.seconds, static_cast<double>(f.events) / f.seconds,
                    static_cast<double>(f.peak_rss_kb) / 1024.0, kb_per_msg,
                    second ? std::to_string(exponent).substr(0, 5).c_str() : "", static_cast<double>(f.trace_bytes) / 1e6,
                    with_trace);
      }
      if (f.delivered != w.messages) {
        std::cerr << "mailsim-bench: " << w.name << " delivered " << f.delivered << " of " << w.messages << "\n";
        return 1;
      }
    }
  }
  if (json) std::printf("\n]\n");
  return 0;
}
