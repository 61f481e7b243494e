#include "sim/serve/serve.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>

#include <nlohmann/json.hpp>

#include "sim/nodes/address.hpp"

namespace mailsim::serve {

namespace {

volatile sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// One real TCP connection and the virtual connection it is bridged to.
struct Bridge {
  int fd = -1;
  Mapping map;
  net::Endpoint ep;            // set once the virtual connection is established
  std::string to_world;        // real bytes waiting for the virtual connection
  std::string to_real;         // world bytes waiting for the socket
  bool world_closed = false;   // the server closed (or reset) its side
  bool real_closed = false;    // the client closed its side
  std::chrono::steady_clock::time_point last_activity;
};

// An address for the real clients' host: inside the first network a submission server relays for,
// so the served world treats them like the lesson's own clients (there is no AUTH yet).
std::string client_address(const world::World& w) {
  for (const auto& h : w.scenario().hosts)
    for (const auto& cidr : h.relay_from) {
      const auto slash = cidr.find('/');
      const auto net = nodes::parse_ipv4(cidr.substr(0, slash));
      const int bits = slash == std::string::npos ? 32 : std::atoi(cidr.c_str() + slash + 1);
      if (net && bits <= 24) {
        const std::uint32_t a = (*net & (~0u << (32 - bits))) | 250;
        return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." + std::to_string(a >> 8 & 255) +
               "." + std::to_string(a & 255);
      }
    }
  return "10.250.0.1";
}

int open_listener(const std::string& address, std::uint16_t port, std::string& error) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  if (::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) {
    error = "'" + address + "' is not an IPv4 address";
    ::close(fd);
    return -1;
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd, 16) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

// The real port a listener got (differs from the asked one only when 0 was asked).
std::uint16_t bound_port(int fd) {
  sockaddr_in sa{};
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  return ntohs(sa.sin_port);
}

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
  for (const auto& h : w.scenario().hosts) {
    switch (h.role) {
      case scenario::Role::Submission: add("submission", h.name, 587); break;
      case scenario::Role::Relay: add("smtp", h.name, 25); break;
      case scenario::Role::Destination:
        add("smtp", h.name, 25);
        add("pop3", h.name, 110);
        add("imap", h.name, 143);
        break;
      default: break;
    }
  }
  return out;
}

int serve(world::World& w, const Options& o, std::ostream& out, std::ostream& err) {
  using Clock = std::chrono::steady_clock;
  std::vector<Mapping> maps = plan(w, o);
  std::vector<int> listeners;
  for (auto& m : maps) {
    std::string error;
    const int fd = open_listener(m.listen, m.real_port, error);
    if (fd < 0) {
      err << "mailsim: cannot listen on " << m.listen << ":" << m.real_port << " (for " << m.host << ":" << m.port
          << "): " << error << "\n";
      for (int l : listeners) ::close(l);
      return 2;
    }
    listeners.push_back(fd);
    m.real_port = bound_port(fd);
  }

  // Real clients appear in the world as one host, linked to every server they may reach.
  const std::string real_host = "real-client.loopback";
  const std::string real_address = client_address(w);
  w.network().add_host(real_host, real_address);
  for (const auto& m : maps) {
    bool linked = false;
    for (const auto& l : w.network().links()) linked |= l.a == real_host && l.b == m.host;
    if (!linked) w.network().add_link(real_host, m.host, kMillisecond);
  }

  for (const auto& m : maps)
    out << m.protocol << std::string(12 - std::min<std::size_t>(11, m.protocol.size()), ' ') << m.host << ":"
        << m.port << "  ->  " << m.listen << ":" << m.real_port << "\n";
  out << "real clients appear in the world as " << real_host << " [" << real_address << "]\n" << std::flush;
  if (!o.ports_file.empty()) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& m : maps)
      j.push_back({{"protocol", m.protocol}, {"host", m.host}, {"port", m.port}, {"listen", m.listen},
                   {"real_port", m.real_port}});
    // Written aside and renamed: a script waiting for the file never reads half of it.
    const std::string partial = o.ports_file + ".partial";
    std::ofstream f(partial);
    f << j.dump(2) << "\n";
    f.close();
    if (!f || std::rename(partial.c_str(), o.ports_file.c_str()) != 0) {
      err << "mailsim: cannot write " << o.ports_file << "\n";
      for (int l : listeners) ::close(l);
      return 2;
    }
  }

  g_stop = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  std::vector<std::shared_ptr<Bridge>> bridges;
  std::size_t served = 0, refused = 0;
  const Clock::time_point start = Clock::now();
  const Time virtual_start = w.now();
  auto virtual_now = [&] {
    const double real = std::chrono::duration<double>(Clock::now() - start).count();
    return virtual_start + static_cast<Time>(real * o.speed * 1e6);
  };

  while (!g_stop) {
    if (o.duration > 0 && std::chrono::duration<double>(Clock::now() - start).count() >= o.duration) break;
    w.scheduler().run(virtual_now());

    std::vector<pollfd> fds;
    for (int l : listeners) fds.push_back({l, POLLIN, 0});
    for (const auto& b : bridges)
      fds.push_back({b->fd, static_cast<short>((b->real_closed ? 0 : POLLIN) | (b->to_real.empty() ? 0 : POLLOUT)), 0});
    // Sleep until the next world event is due (scaled), at most 20 ms so I/O stays prompt.
    int timeout_ms = 20;
    const Time next = w.scheduler().next_time();
    if (next != Scheduler::kForever) {
      const double wait = static_cast<double>(next - virtual_now()) / 1000.0 / o.speed;
      timeout_ms = std::max(0, std::min(timeout_ms, static_cast<int>(wait)));
    }
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) break;
    w.scheduler().run(virtual_now());

    for (std::size_t i = 0; i < listeners.size(); ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      const int fd = ::accept4(listeners[i], nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) continue;
      if (bridges.size() >= o.max_connections) {
        ++refused;
        ::close(fd);
        continue;
      }
      ++served;
      auto b = std::make_shared<Bridge>();
      b->fd = fd;
      b->map = maps[i];
      b->last_activity = Clock::now();
      bridges.push_back(b);
      const auto* server = w.network().host(b->map.host);
      std::weak_ptr<Bridge> weak = b;
      w.network().connect(real_host, server ? server->address : "", b->map.port, 30 * kSecond,
                          {[weak](net::Endpoint ep) {
                             auto b = weak.lock();
                             if (!b) {
                               ep.close();
                               return;
                             }
                             b->ep = ep;
                             ep.set_handlers({[weak](std::string_view d) {
                                                if (auto b = weak.lock()) b->to_real.append(d);
                                              },
                                              [weak] {
                                                if (auto b = weak.lock()) b->world_closed = true;
                                              },
                                              [weak] {
                                                if (auto b = weak.lock()) b->world_closed = true;
                                              }});
                             if (!b->to_world.empty()) ep.send(b->to_world, trace::Payload::Command);
                             b->to_world.clear();
                             if (b->real_closed) ep.close();
                           },
                           [weak](net::ConnectError, const std::string&) {
                             if (auto b = weak.lock()) b->world_closed = true;
                           }});
    }

    for (std::size_t k = 0; k < bridges.size(); ++k) {
      Bridge& b = *bridges[k];
      const short ev = fds[listeners.size() + k].revents;
      if (ev & (POLLIN | POLLHUP | POLLERR)) {
        char buf[16384];
        const ssize_t n = ::recv(b.fd, buf, sizeof buf, 0);
        if (n > 0) {
          b.last_activity = Clock::now();
          if (b.ep) b.ep.send(std::string_view(buf, static_cast<std::size_t>(n)), trace::Payload::Command);
          else if (b.to_world.size() + static_cast<std::size_t>(n) <= o.max_buffer) b.to_world.append(buf, static_cast<std::size_t>(n));
          else b.world_closed = true;  // a client that floods before the server even answers
        } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
          b.real_closed = true;
          if (b.ep) b.ep.close();
        }
      }
      if (!b.to_real.empty()) {
        const ssize_t n = ::send(b.fd, b.to_real.data(), b.to_real.size(), MSG_NOSIGNAL);
        if (n > 0) b.to_real.erase(0, static_cast<std::size_t>(n));
        else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) b.real_closed = b.world_closed = true;
      }
      const double idle = std::chrono::duration<double>(Clock::now() - b.last_activity).count();
      if (idle > o.idle_timeout) b.world_closed = true;
    }
    // A bridge ends when both sides are done, or the server is done and everything was written.
    std::erase_if(bridges, [&](const std::shared_ptr<Bridge>& b) {
      const bool finished = (b->world_closed && b->to_real.empty()) || (b->real_closed && b->world_closed);
      if (!finished) return false;
      if (b->ep && b->ep.open()) b->ep.close();
      ::close(b->fd);
      return true;
    });
  }

  for (const auto& b : bridges) {
    if (b->ep && b->ep.open()) b->ep.close();
    ::close(b->fd);
  }
  for (int l : listeners) ::close(l);
  std::size_t delivered = 0;
  for (const auto& e : w.trace().events()) delivered += e.kind == trace::Kind::Delivery;
  out << "stopped at virtual " << format_time(w.now()) << ": " << served << " real connection(s) served, " << refused
      << " refused (limit " << o.max_connections << "), " << delivered << " delivery(ies) to mailboxes, "
      << w.trace().size() << " trace events\n";
  return 0;
}

}  // namespace mailsim::serve
