#include "sim/serve/real_clients.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sim/serve/real_client.hpp"

namespace mailsim::serve {

// One real TCP connection and the virtual connection it is bridged to.
struct RealClients::Bridge {
  int fd = -1;
  Mapping map;
  net::Endpoint ep;            // set once the virtual connection is established
  std::string to_world;        // real bytes waiting for the virtual connection
  std::string to_real;         // world bytes waiting for the socket
  bool world_closed = false;   // the server closed (or reset) its side
  bool real_eof = false;       // the client closed its sending side: nothing more to read
  bool real_dead = false;      // the socket failed, or we dropped the client: nothing more at all
  std::size_t lines = 0;       // sent by the client so far
  Clock::time_point last_activity;  // the last byte read or written
};

namespace {

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

RealClients::RealClients(world::World& w, Options o) : w_(w), o_(std::move(o)), maps_(plan(w, o_)) {}

RealClients::~RealClients() {
  for (const auto& b : bridges_) {
    if (b->ep && b->ep.open()) b->ep.close();
    ::close(b->fd);
  }
  for (int l : listeners_) ::close(l);
}

std::string RealClients::open() {
  for (auto& m : maps_) {
    std::string error;
    const int fd = open_listener(m.listen, m.real_port, error);
    if (fd < 0) {
      for (int l : listeners_) ::close(l);
      listeners_.clear();
      return "cannot listen on " + m.listen + ":" + std::to_string(m.real_port) + " (for " + m.host + ":" +
             std::to_string(m.port) + "): " + error;
    }
    listeners_.push_back(fd);
    m.real_port = bound_port(fd);
  }
  start_ = Clock::now();
  virtual_start_ = w_.now();
  return {};
}

Time RealClients::virtual_now() const {
  const double real = std::chrono::duration<double>(Clock::now() - start_).count();
  return virtual_start_ + static_cast<Time>(real * o_.speed * 1e6);
}

void RealClients::pump(int max_wait_ms) {
  w_.scheduler().run(virtual_now());

  std::vector<pollfd> fds;
  for (int l : listeners_) fds.push_back({l, POLLIN, 0});
  for (const auto& b : bridges_) {
    const short events = static_cast<short>((b->real_eof ? 0 : POLLIN) | (b->to_real.empty() ? 0 : POLLOUT));
    // fd -1 when there is nothing to wait for: a hung-up socket would wake poll() at once, always.
    fds.push_back({b->real_dead || events == 0 ? -1 : b->fd, events, 0});
  }
  // Sleep no longer than until the next world event is due (scaled); in double, as a slow speed
  // makes that wait larger than any int.
  double timeout_ms = max_wait_ms;
  const Time next = w_.scheduler().next_time();
  if (next != Scheduler::kForever)
    timeout_ms = std::clamp(static_cast<double>(next - virtual_now()) / 1000.0 / o_.speed, 0.0, timeout_ms);
  if (::poll(fds.data(), fds.size(), static_cast<int>(timeout_ms)) < 0) return;  // EINTR: the caller looks at its signals
  w_.scheduler().run(virtual_now());

  const std::size_t existing = bridges_.size();  // accept() appends; their sockets were not polled
  for (std::size_t i = 0; i < listeners_.size(); ++i)
    if (fds[i].revents & POLLIN) accept(i);
  for (std::size_t k = 0; k < existing; ++k) move_bytes(*bridges_[k], fds[listeners_.size() + k].revents);

  // A bridge ends when the client is gone, or the server is done and everything was written.
  std::erase_if(bridges_, [](const std::shared_ptr<Bridge>& b) {
    const bool finished = b->real_dead || (b->world_closed && b->to_real.empty());
    if (!finished) return false;
    if (b->ep && b->ep.open()) b->ep.close();
    ::close(b->fd);
    return true;
  });
}

void RealClients::accept(std::size_t listener) {
  const int fd = ::accept4(listeners_[listener], nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;
  if (bridges_.size() >= o_.max_connections || w_.trace().size() >= o_.max_trace_events) {
    ++refused_;
    ::close(fd);
    return;
  }
  ++served_;
  auto b = std::make_shared<Bridge>();
  b->fd = fd;
  b->map = maps_[listener];
  b->last_activity = Clock::now();
  bridges_.push_back(b);
  const auto* server = w_.network().host(b->map.host);
  std::weak_ptr<Bridge> weak = b;
  auto closed = [weak] {
    if (auto b = weak.lock()) b->world_closed = true;
  };
  w_.network().connect(std::string(kRealClientHost), server ? server->address : "", b->map.port, 30 * kSecond,
                       {[weak, closed, limit = o_.max_unread](net::Endpoint ep) {
                          auto b = weak.lock();
                          if (!b) {
                            ep.close();
                            return;
                          }
                          b->ep = ep;
                          ep.set_handlers({[weak, limit](std::string_view d) {
                                             auto b = weak.lock();
                                             if (!b) return;
                                             // A client that asks and never reads: cut it off.
                                             if (b->to_real.size() + d.size() > limit) b->real_dead = true;
                                             else b->to_real.append(d);
                                           },
                                           closed, closed});
                          if (!b->to_world.empty()) ep.send(b->to_world, trace::Payload::Command);
                          b->to_world.clear();
                          if (b->real_eof) ep.close();
                        },
                        [closed](net::ConnectError, const std::string&) { closed(); }});
}

void RealClients::move_bytes(Bridge& b, short revents) {
  if (b.real_dead) return;
  if (!b.real_eof && (revents & (POLLIN | POLLHUP | POLLERR))) {
    char buf[16384];
    const ssize_t n = ::recv(b.fd, buf, sizeof buf, 0);
    if (n > 0) {
      b.last_activity = Clock::now();
      const std::string_view got(buf, static_cast<std::size_t>(n));
      b.lines += static_cast<std::size_t>(std::count(got.begin(), got.end(), '\n'));
      if (b.lines > o_.max_lines_per_connection || w_.trace().size() >= o_.max_trace_events) {
        b.real_dead = true;  // a flood: every line would be a trace event
        return;
      }
      if (b.ep) b.ep.send(got, trace::Payload::Command);
      else if (b.to_world.size() + got.size() <= o_.max_buffer) b.to_world.append(got);
      else b.real_dead = true;  // a client that floods before the server even answers
    } else if (n == 0) {
      b.real_eof = true;  // a half-close: the answers to what it sent still go back
      if (b.ep) b.ep.close();
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      b.real_dead = true;
    }
  }
  if (!b.to_real.empty()) {
    const ssize_t n = ::send(b.fd, b.to_real.data(), b.to_real.size(), MSG_NOSIGNAL);
    if (n > 0) {
      b.to_real.erase(0, static_cast<std::size_t>(n));
      b.last_activity = Clock::now();  // a client in IDLE is busy being told things
    } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      b.real_dead = true;
    }
  }
  // Quiet for too long (or never reading what it is sent): the slot goes to someone else.
  const double idle = std::chrono::duration<double>(Clock::now() - b.last_activity).count();
  if (idle > o_.idle_timeout) b.real_dead = true;
}

}  // namespace mailsim::serve
