#include "sim/serve/serve.hpp"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>

#include <nlohmann/json.hpp>

#include "sim/nodes/ports.hpp"
#include "sim/serve/real_client.hpp"
#include "sim/serve/real_clients.hpp"

namespace mailsim::serve {

namespace {

volatile sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

}  // namespace

std::vector<Mapping> plan(const world::World& w, const Options& o) {
  std::vector<Mapping> out;
  std::map<std::uint16_t, int> repeats;
  auto add = [&](const std::string& proto, const std::string& host, std::uint16_t port) {
    const int k = repeats[port]++;
    // base 0: each listener gets a free port from the kernel (parallel test runs never collide)
    const int real = o.base_port == 0 ? 0 : o.base_port + port + 1000 * k;
    out.push_back({proto, host, port, o.listen, static_cast<std::uint16_t>(real)});
  };
  // What each host serves (nodes::served_ports: its plain-text ports, then its implicit-TLS ones),
  // in the lesson's order of hosts. Only the mail protocols: the lesson's own auth servers and DNS
  // are for its servers, not for clients.
  for (const auto& h : w.scenario().hosts)
    for (const nodes::ServedPort& p : nodes::served_ports(w.network(), h.name)) {
      if (!p.tls_name.empty()) add(p.tls_name, h.name, p.port);
      else if (p.protocol == "smtp" || p.protocol == "submission" || p.protocol == "pop3" || p.protocol == "imap")
        add(p.protocol, h.name, p.port);
    }
  return out;
}

int serve(world::World& w, const Options& o, std::ostream& out, std::ostream& err) {
  RealClients clients(w, o);
  if (const std::string error = clients.open(); !error.empty()) {
    err << "mailsim: " << error << "\n";
    return 2;
  }
  for (const auto& m : clients.mappings()) out << mapping_line(m) << "\n";
  const auto* real = w.network().host(std::string(kRealClientHost));
  out << "real clients appear in the world as " << kRealClientHost << " [" << (real ? real->address : "?") << "]\n"
      << std::flush;
  if (!o.ports_file.empty() && !write_ports_file(clients.mappings(), o.ports_file)) {
    err << "mailsim: cannot write " << o.ports_file << "\n";
    return 2;
  }

  g_stop = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  const auto start = std::chrono::steady_clock::now();
  while (!g_stop) {
    if (o.duration > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= o.duration)
      break;
    clients.pump(20);  // 20 ms at most between looks at the clock and the signals
  }

  std::size_t delivered = 0;
  for (const auto& e : w.trace().events()) delivered += e.kind == trace::Kind::Delivery;
  const TraceBudget* budget = clients.trace_budget();
  out << "stopped at virtual " << format_time(w.now()) << ": " << clients.served() << " real connection(s) served, "
      << clients.refused() << " refused (limit " << o.max_connections << "), " << clients.dropped()
      << " dropped (idle or past a limit), " << delivered << " delivery(ies) to mailboxes, " << w.trace().size()
      << " trace events";
  if (budget && (budget->lines_not_stored() || budget->events_thinned()))
    out << " (" << budget->lines_not_stored() << " lines over their dialog's budget not stored, "
        << budget->events_thinned() << " older events thinned)";
  out << "\n";
  return 0;
}

bool write_ports_file(const std::vector<Mapping>& maps, const std::string& path) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& m : maps)
    j.push_back({{"protocol", m.protocol}, {"host", m.host}, {"port", m.port}, {"listen", m.listen},
                 {"real_port", m.real_port}});
  // Written aside and renamed: a script waiting for the file never reads half of it.
  const std::string partial = path + ".partial";
  std::ofstream f(partial);
  f << j.dump(2) << "\n";
  f.close();
  return f && std::rename(partial.c_str(), path.c_str()) == 0;
}

std::string mapping_line(const Mapping& m) {
  return m.protocol + std::string(12 - std::min<std::size_t>(11, m.protocol.size()), ' ') + m.host + ":" +
         std::to_string(m.port) + "  ->  " + m.listen + ":" + std::to_string(m.real_port);
}

}  // namespace mailsim::serve
