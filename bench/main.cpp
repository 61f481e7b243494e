// mailsim-bench: how fast and how big a run is, measured by running generated load scenarios
// (bench/workload.hpp) and printing figures - never a timed test (docs/performance.md).
//
//   mailsim-bench [--messages N] [--json] [--only NAME]
//   mailsim-bench --print NAME [--messages N]    the workload's scenario, for `mailsim run`
//
// Each workload runs twice, with N and 2N messages, in a child process of its own so that its peak
// RSS is its own; the growth exponent is log2 of the time ratio (1.0 = linear). The wall clock is
// read here, outside sim/, and nowhere inside a run.
#include <malloc.h>
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
#include "sim/world/expect_facts.hpp"
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
  // Heap in use at the end of the run, less what was in use before the scenario was loaded: what a
  // run holds (its scenario, world, mailboxes and trace), without the allocator's free lists.
  std::size_t held_bytes = 0;
  std::size_t stored_bytes = 0;  // of that, the messages' own bytes in the mailboxes
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

// Bytes allocated and not freed: small blocks in the arenas and big ones mapped on their own.
std::size_t heap_in_use() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// The bytes of every message stored in a mailbox.
std::size_t stored_bytes(const world::World& w) {
  std::size_t n = 0;
  for (const auto& a : w.scenario().accounts)
    if (const auto* d = w.destination(a.host))
      if (const auto* acc = d->store().find(a.user))
        for (const auto& [name, folder] : acc->folders)
          for (const auto& m : folder.messages) n += m.raw.size();
  return n;
}

// One run. `quiet`: as `mailsim run --quiet` makes it, storing no trace but the expectations' facts.
Figures run_once(const bench::Workload& w, bool quiet) {
  Figures f;
  f.base_rss_kb = peak_rss_kb();
  const std::string text = bench::scenario_json(w);
  const std::size_t heap_before = heap_in_use();
  const double start = cpu_seconds();
  auto* world = new world::World(scenario::load_text(text, "bench-" + w.name + ".json"));
  world::ExpectFacts* facts = quiet ? new world::ExpectFacts(world->scenario()) : nullptr;  // never freed, as the world
  if (facts) facts->collect(world->network().trace());
  world::RunCaps caps;
  caps.max_events = static_cast<std::size_t>(-1);
  world->run(Scheduler::kForever, caps);
  f.seconds = cpu_seconds() - start;
  if (facts) {
    f.delivered = facts->deliveries();
  } else {
    for (const trace::Event& e : world->trace().events()) f.delivered += e.kind == trace::Kind::Delivery;
  }
  f.events = world->trace().next_seq();
  f.peak_rss_kb = peak_rss_kb();
  f.held_bytes = heap_in_use() - heap_before;
  f.stored_bytes = stored_bytes(*world);
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
bool measure(const bench::Workload& w, bool quiet, Figures& out) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    close(fds[0]);
    const Figures f = run_once(w, quiet);
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
    std::printf("%-9s %6s %8s %9s %10s %10s %9s %9s %9s %9s %9s %9s %9s\n", "workload", "trace", "messages", "seconds",
                "msg/s", "events/s", "peak MB", "KB/msg", "held KB", "stored KB", "exponent", "trace MB", "--trace");
  else
    std::printf("[");
  bool first = true;
  for (const bench::Workload& base : workloads) {
    if (!only.empty() && base.name != only) continue;
    bench::Workload twice = base;
    twice.messages = 2 * base.messages;
    Figures a, b, q;
    if (!measure(base, false, a) || !measure(twice, false, b) || !measure(base, true, q)) {
      std::cerr << "mailsim-bench: the " << base.name << " run failed\n";
      return 1;
    }
    const double exponent = std::log2(b.seconds / a.seconds);
    // N and 2N keeping the whole trace, then N as `run --quiet` makes it.
    for (const int row : {0, 1, 2}) {
      const bench::Workload& w = row == 1 ? twice : base;
      const Figures& f = row == 0 ? a : row == 1 ? b : q;
      const char* trace = row == 2 ? "quiet" : "full";
      const double per_msg = static_cast<double>(w.messages);
      const double kb_per_msg = static_cast<double>(f.peak_rss_kb - f.base_rss_kb) / per_msg;
      const double held_kb = static_cast<double>(f.held_bytes) / 1024.0 / per_msg;
      const double stored_kb = static_cast<double>(f.stored_bytes) / 1024.0 / per_msg;
      // A run with --trace against one without: (run + writing the trace) / run.
      const double with_trace = (f.seconds + f.trace_seconds) / f.seconds;
      if (json) {
        std::printf("%s\n {\"workload\":\"%s\",\"trace\":\"%s\",\"messages\":%zu,\"delivered\":%zu,\"seconds\":%.4f,"
                    "\"msg_per_s\":%.0f,\"events_per_s\":%.0f,\"peak_rss_mb\":%.1f,\"kb_per_message\":%.2f,"
                    "\"held_kb_per_message\":%.2f,\"stored_kb_per_message\":%.2f,\"exponent\":%.3f,"
                    "\"trace_mb\":%.1f,\"trace_seconds\":%.4f,\"with_trace\":%.3f}",
                    first ? "" : ",", w.name.c_str(), trace, w.messages, f.delivered, f.seconds,
                    static_cast<double>(f.delivered) / f.seconds, static_cast<double>(f.events) / f.seconds,
                    static_cast<double>(f.peak_rss_kb) / 1024.0, kb_per_msg, held_kb, stored_kb, exponent,
                    static_cast<double>(f.trace_bytes) / 1e6, f.trace_seconds, with_trace);
        first = false;
      } else {
        std::printf("%-9s %6s %8zu %9.3f %10.0f %10.0f %9.1f %9.2f %9.2f %9.2f %9s %9.1f %8.2fx\n", w.name.c_str(), trace,
                    w.messages, f.seconds, static_cast<double>(f.delivered) / f.seconds,
                    static_cast<double>(f.events) / f.seconds, static_cast<double>(f.peak_rss_kb) / 1024.0, kb_per_msg,
                    held_kb, stored_kb, row == 1 ? std::to_string(exponent).substr(0, 5).c_str() : "",
                    static_cast<double>(f.trace_bytes) / 1e6, with_trace);
      }
      if (f.delivered != w.messages) {
        std::cerr << "mailsim-bench: " << w.name << " (" << trace << ") delivered " << f.delivered << " of " << w.messages << "\n";
        return 1;
      }
    }
  }
  if (json) std::printf("\n]\n");
  return 0;
}
