#include "sim/serve/real_clients.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>

#include "sim/nodes/smtp_glue.hpp"
#include "sim/nodes/tls_wire.hpp"
#include "sim/proto/imap/client_literals.hpp"
#include "sim/proto/smtp/client_content.hpp"
#include "sim/proto/tls/records.hpp"
#include "sim/serve/real_client.hpp"

namespace mailsim::serve {

// One real TCP connection and the virtual connection it is bridged to.
struct RealClients::Bridge {
  int fd = -1;
  Mapping map;
  net::Endpoint ep;            // set once the virtual connection is established
  std::string to_world;        // real bytes waiting for the virtual connection (a window at most)
  std::string to_real;         // world bytes waiting for the socket
  bool world_closed = false;   // the server closed (or reset) its side
  bool real_eof = false;       // the client closed its sending side: nothing more to read
  bool real_dead = false;      // the socket failed, or the client cannot be told: nothing more at all
  std::optional<Farewell> leaving;  // being dropped: nothing more is read, then the farewell line
  bool farewell_queued = false;
  Clock::time_point leave_at;  // when it was dropped
  std::size_t sent = 0;        // bytes from the client into the world
  std::size_t line = 0;        // bytes since the client's last LF
  std::size_t sent_while_full = 0;  // since the world's mail storage filled up
  // What was forwarded and has not reached the server yet (by virtual arrival time): the window
  // that keeps a pipelining client from getting ahead of the simulated network.
  std::deque<std::pair<Time, std::size_t>> in_flight;
  std::size_t in_flight_bytes = 0;
  Duration latency = 0;        // of the route to the server, when the connection opened
  Clock::time_point last_activity;  // the last byte read or written
  // The client's TLS, as the bridge sees it: records only (the server decrypts and traces the
  // lines inside). On from the first byte of a record at a chunk's start: a ClientHello, right
  // away on 465 or after the 220 to STARTTLS.
  bool tls = false;
  bool tls_ccs = false;        // the client's ChangeCipherSpec went: what follows is protected
  std::string record_rest;     // an incomplete record, waiting for the rest
  smtp::ClientContent content;  // SMTP in plain text: which of the client's lines are a message
  imap::ClientLiterals literals;  // IMAP in plain text: which of its bytes are an APPEND's message
};

namespace {

constexpr std::size_t kRecvChunk = 16384;
// Past this many unread bytes a client is not read from: it gets no more answers to pile up until
// it reads (TCP's own flow control then slows it down). max_unread is the hard limit behind it.
constexpr std::size_t kReadPause = 256 << 10;
// Past this many bytes on their way to the simulated server, a client is not read from either (a
// TCP window, in effect): otherwise the bridge reads far ahead of a server that answers each
// command, and the answers pile up before the pause above can see them.
constexpr std::size_t kWindow = 64 << 10;
// Per listener and round: the accept queue drains (no client waits for the next round), and the
// bridges still get their turn under a flood of connects.
constexpr int kAcceptsPerRound = 256;
// A connection the bridge closes is shut for sending and read until the client closes too (or this
// long), so its last lines are not lost to a reset; at most this many at once.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr std::size_t kMaxLingering = 64;
// A dropped client's simulated server gets this long to send its last words before the farewell.
constexpr auto kWorldGrace = std::chrono::seconds(1);
// Out of descriptors: the listener rests this long instead of waking poll() at once, forever.
constexpr auto kPause = std::chrono::milliseconds(100);

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
  // SOMAXCONN: a class connecting at once must not wait for SYN retransmissions; the connection
  // limit answers the ones past it.
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd, SOMAXCONN) != 0) {
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

// While the storage is full an IMAP client may still send this much: enough to read, flag, expunge
// and log out, not to APPEND a message.
constexpr std::size_t kFullAllowance = 16 << 10;

bool smtp(const Mapping& m) { return m.protocol == "smtp" || m.protocol == "submission" || m.protocol == "submissions"; }

// All the mail a world holds: mailboxes, MTA queues, devices' local copies.
std::size_t mail_bytes(const world::World& w) {
  std::size_t n = 0;
  for (const nodes::Destination* d : w.nodes<nodes::Destination>())
    for (const auto& [user, account] : d->store().accounts()) n += account.bytes;  // not each message: every round
  for (const nodes::Mta* mta : w.nodes<nodes::Mta>())
    for (const auto& q : mta->queue()) n += q.data.size();
  for (const nodes::MailReader* reader : w.nodes<nodes::MailReader>())
    for (const auto& m : reader->local_copy()) n += m.raw.size();
  return n;
}

bool transient(int error) { return error == EAGAIN || error == EWOULDBLOCK || error == EINTR; }

// How many bytes of `got` may pass before a line grows past `max_line`; `line` carries the length
// of the unfinished line from one chunk to the next.
std::size_t within_line_limit(std::string_view got, std::size_t& line, std::size_t max_line) {
  for (std::size_t i = 0; i < got.size();) {
    const std::size_t lf = got.find('\n', i);
    const std::size_t len = (lf == std::string_view::npos ? got.size() : lf) - i;
    if (line + len > max_line) return i + (max_line - line);
    if (lf == std::string_view::npos) {
      line += len;
      break;
    }
    line = 0;
    i = lf + 1;
  }
  return got.size();
}

}  // namespace

RealClients::RealClients(world::World& w, Options o) : w_(w), o_(std::move(o)), maps_(plan(w, o_)) {}

RealClients::~RealClients() {
  for (const auto& b : bridges_) {
    if (b->ep && b->ep.open()) b->ep.close();
    ::close(b->fd);
  }
  for (const auto& l : lingering_) ::close(l.fd);
  for (int l : listeners_) ::close(l);
  if (reserve_fd_ >= 0) ::close(reserve_fd_);
  if (timer_slack_ > 0) ::prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(timer_slack_), 0UL, 0UL, 0UL);
}

std::string RealClients::open() {
  // Before the first real connection: its TLS must draw real entropy, and its certificate verify
  // for the names a real client dials (TlsHosts::serve_real_clients). The wall clock is this
  // edge's to read: a real client checks the certificate against its own.
  if (nodes::TlsHosts* tls = w_.tls_hosts())
    tls->serve_real_clients(std::string(kRealClientHost), o_.listen, static_cast<std::int64_t>(std::time(nullptr)));
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
  paused_until_.assign(listeners_.size(), Clock::time_point{});
  // The kernel may let a sleep run 50 us past its end (timer slack), and a served dialog sleeps
  // between every command and its reply: at --speed 1000 that was more than the simulated
  // latency itself. For this thread (the one that pumps), until the bridge closes.
  timer_slack_ = ::prctl(PR_GET_TIMERSLACK, 0UL, 0UL, 0UL, 0UL);
  ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  budget_ = std::make_unique<TraceBudget>(w_.network().trace(), o_.trace);
  mail_at_start_ = mail_bytes(w_);
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

  const auto before = Clock::now();
  std::vector<pollfd> fds;
  bool paused = false;
  for (std::size_t i = 0; i < listeners_.size(); ++i) {
    const bool resting = paused_until_[i] > before;
    paused = paused || resting;
    fds.push_back({resting ? -1 : listeners_[i], POLLIN, 0});
  }
  for (const auto& b : bridges_) {
    while (!b->in_flight.empty() && b->in_flight.front().first <= w_.now()) {
      b->in_flight_bytes -= b->in_flight.front().second;
      b->in_flight.pop_front();
    }
    const bool reading = !b->real_eof && !b->leaving && b->to_real.size() < kReadPause && b->in_flight_bytes < kWindow &&
                         b->to_world.size() < kWindow;
    const short events = static_cast<short>((reading ? POLLIN : 0) | (b->to_real.empty() ? 0 : POLLOUT));
    // fd -1 when there is nothing to wait for: a hung-up socket would wake poll() at once, always.
    fds.push_back({b->real_dead || events == 0 ? -1 : b->fd, events, 0});
  }
  for (const auto& l : lingering_) fds.push_back({l.fd, POLLIN, 0});
  // Sleep no longer than until the next world event is due (scaled); in double, as a slow speed
  // makes that wait larger than any int.
  double timeout_ms = max_wait_ms;
  if (paused) timeout_ms = std::min(timeout_ms, static_cast<double>(kPause.count()));
  const Time next = w_.scheduler().next_time();
  if (next != Scheduler::kForever)
    timeout_ms = std::clamp(static_cast<double>(next - virtual_now()) / 1000.0 / o_.speed, 0.0, timeout_ms);
  // To the microsecond (ppoll, not poll's milliseconds): at --speed 1000 a simulated round trip is
  // a few real microseconds, and a wait rounded up to 1 ms made a client that waits for each reply
  // 15 times slower than Postfix's smtp-sink (docs/performance.md, "The served bridge").
  const auto wait_us = static_cast<long long>(std::ceil(std::max(timeout_ms, 0.0) * 1000.0));
  const timespec wait{static_cast<time_t>(wait_us / 1000000), static_cast<long>(wait_us % 1000000) * 1000};
  if (::ppoll(fds.data(), fds.size(), max_wait_ms < 0 ? nullptr : &wait, nullptr) < 0) {  // as poll: < 0 waits
    if (budget_) budget_->flush();
    return;  // EINTR: the caller looks at its signals
  }
  w_.scheduler().run(virtual_now());
  check_storage();

  // accept_all() appends bridges and lingering sockets: theirs were not polled.
  const std::size_t existing = bridges_.size();
  for (std::size_t k = 0; k < lingering_.size(); ++k) lingering_[k].revents = fds[listeners_.size() + existing + k].revents;
  for (std::size_t i = 0; i < listeners_.size(); ++i)
    if (fds[i].revents & POLLIN) accept_all(i);
  for (std::size_t k = 0; k < existing; ++k) move_bytes(*bridges_[k], fds[listeners_.size() + k].revents);
  keep_total();
  finish_lingering();
  if (budget_) budget_->flush();  // before anyone reads the trace

  // A bridge ends when the client is gone, when the server is done and everything was written, or
  // when a dropped client has had its farewell (or its chance to read it).
  const auto now = Clock::now();
  std::erase_if(bridges_, [&](const std::shared_ptr<Bridge>& b) {
    const bool given_up = b->leaving && now >= b->leave_at + kWorldGrace + kLinger;
    const bool said = b->leaving ? b->farewell_queued && b->to_real.empty() : b->world_closed && b->to_real.empty();
    if (!b->real_dead && !given_up && !said) return false;
    if (b->ep && b->ep.open()) b->ep.close();
    if (said && !b->real_dead) linger(b->fd);
    else ::close(b->fd);
    return true;
  });
}

void RealClients::accept_all(std::size_t listener) {
  for (int k = 0; k < kAcceptsPerRound; ++k) {
    const int fd = ::accept4(listeners_[listener], nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      if (bridges_.size() >= o_.max_connections) refuse(fd, maps_[listener], Farewell::TooManyConnections);
      else if (storage_full_ && smtp(maps_[listener])) refuse(fd, maps_[listener], Farewell::StorageFull);
      else start_bridge(fd, listener);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EMFILE || errno == ENFILE) {
      // Out of descriptors, and the client still waits in the queue, which keeps the listener
      // readable: answer it with the reserved descriptor and close (as Postfix does)...
      if (reserve_fd_ >= 0) {
        ::close(reserve_fd_);
        const int late = ::accept4(listeners_[listener], nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        const bool empty = late < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        if (late >= 0) {
          ++refused_;
          const std::string line = farewell(Farewell::TooManyConnections, maps_[listener].protocol, maps_[listener].host);
          ::send(late, line.data(), line.size(), MSG_NOSIGNAL);
          ::close(late);
        }
        reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (empty && reserve_fd_ >= 0) return;
        if (late >= 0 && reserve_fd_ >= 0) continue;
      }
      // ...and when even that fails, let the listener rest instead of waking poll() at once.
      paused_until_[listener] = Clock::now() + kPause;
    }
    return;  // EAGAIN: the queue is empty
  }
}

void RealClients::refuse(int fd, const Mapping& m, Farewell why) {
  ++refused_;
  const std::string line = farewell(why, m.protocol, m.host);
  ::send(fd, line.data(), line.size(), MSG_NOSIGNAL);  // a fresh socket's buffer holds one line
  linger(fd);
}

void RealClients::linger(int fd) {
  ::shutdown(fd, SHUT_WR);
  if (lingering_.size() >= kMaxLingering) {
    ::close(lingering_.front().fd);
    lingering_.erase(lingering_.begin());
  }
  lingering_.push_back({fd, Clock::now() + kLinger, 0});
}

void RealClients::finish_lingering() {
  const auto now = Clock::now();
  std::erase_if(lingering_, [&](const Lingering& l) {
    bool done = now >= l.until;
    if (!done && (l.revents & (POLLIN | POLLHUP | POLLERR))) {
      char buf[4096];
      const ssize_t n = ::recv(l.fd, buf, sizeof buf, 0);
      done = n == 0 || (n < 0 && !transient(errno));
    }
    if (done) ::close(l.fd);
    return done;
  });
}

void RealClients::start_bridge(int fd, std::size_t listener) {
  ++served_;
  auto b = std::make_shared<Bridge>();
  b->fd = fd;
  b->map = maps_[listener];
  b->last_activity = Clock::now();
  // The server's own settings: its end of data, as the reader must see it.
  if (const scenario::Host* h = w_.scenario().find_host(b->map.host))
    b->content = smtp::ClientContent(smtp::ClientContent::Options::of(nodes::server_config(*h, {}), true));
  bridges_.push_back(b);
  const auto* server = w_.network().host(b->map.host);
  if (auto r = w_.network().route(std::string(kRealClientHost), b->map.host)) b->latency = r->latency();
  std::weak_ptr<Bridge> weak = b;
  auto closed = [weak] {
    if (auto b = weak.lock()) b->world_closed = true;
  };
  w_.network().connect(std::string(kRealClientHost), server ? server->address : "", b->map.port, 30 * kSecond,
                       {[weak, closed, limit = o_.max_unread](net::Endpoint ep) {
                          auto b = weak.lock();
                          if (!b || b->leaving || b->real_dead) {
                            ep.close();
                            return;
                          }
                          b->ep = ep;
                          ep.set_handlers({[weak, limit](std::string_view d) {
                                             auto b = weak.lock();
                                             if (!b) return;
                                             // A client that asks and never reads: cut it off.
                                             if (b->to_real.size() + d.size() > limit) {
                                               b->real_dead = true;
                                               return;
                                             }
                                             b->to_real.append(d);
                                             if (!b->tls && smtp(b->map)) b->content.from_server(d);
                                             if (!b->tls && b->map.protocol == "imap") b->literals.from_server(d);
                                           },
                                           closed, closed});
                          if (!b->to_world.empty()) send_client_bytes(*b, b->to_world);
                          std::string().swap(b->to_world);
                          if (b->real_eof) close_world_side(*b);
                        },
                        [closed](net::ConnectError, const std::string&) { closed(); }});
}

void RealClients::close_world_side(Bridge& b) {
  if (b.ep.open() && !b.record_rest.empty()) {
    // A record cut short by the close still reaches the server (whose TLS then fails on it, as a
    // real server's would), shown as the bytes it is: nothing the client sent is lost.
    trace::data::TlsRecord r;
    r.bytes = std::exchange(b.record_rest, {});
    r.type_name = "unknown";
    b.ep.send_tls({std::move(r)}, "", trace::Payload::Command);
  }
  b.ep.close();
}

void RealClients::move_bytes(Bridge& b, short revents) {
  if (b.real_dead) return;
  const auto now = Clock::now();
  if (!b.real_eof && !b.leaving && (revents & (POLLIN | POLLHUP | POLLERR))) {
    char buf[kRecvChunk];
    const ssize_t n = ::recv(b.fd, buf, sizeof buf, 0);
    if (n > 0) {
      b.last_activity = now;
      const std::string_view got(buf, static_cast<std::size_t>(n));
      // The line limit first: the bytes up to it still go, so that the server, whose own limit is
      // lower, answers with its error before the farewell.
      const std::size_t pass = within_line_limit(got, b.line, o_.max_line);
      if (storage_full_) b.sent_while_full += pass;
      if (b.sent + pass > o_.max_connection_bytes) {
        drop(b, Farewell::TooMuchData);
      } else if (storage_full_ && (smtp(b.map) || (b.map.protocol == "imap" && b.sent_while_full > kFullAllowance))) {
        drop(b, Farewell::StorageFull);  // whatever it sends now could only be more mail
      } else {
        forward(b, got.substr(0, pass));
        if (pass < got.size()) drop(b, Farewell::LineTooLong);
      }
    } else if (n == 0) {
      b.real_eof = true;  // a half-close: the answers to what it sent still go back
      if (b.ep) close_world_side(b);
    } else if (!transient(errno)) {
      b.real_dead = true;
    }
  }
  // A dropped client hears the farewell after the server's last words (or its chance to say them).
  if (b.leaving && !b.farewell_queued && (b.world_closed || !b.ep || now >= b.leave_at + kWorldGrace)) {
    b.to_real += farewell(*b.leaving, b.map.protocol, b.map.host);
    b.farewell_queued = true;
  }
  if (!b.to_real.empty()) {
    const ssize_t n = ::send(b.fd, b.to_real.data(), b.to_real.size(), MSG_NOSIGNAL);
    if (n > 0) {
      b.to_real.erase(0, static_cast<std::size_t>(n));
      if (b.to_real.empty()) std::string().swap(b.to_real);  // a big FETCH leaves no big buffer behind
      b.last_activity = now;  // a client in IDLE is busy being told things
    } else if (n < 0 && !transient(errno)) {
      b.real_dead = true;
    }
  }
  // Quiet for too long (or never reading what it is sent): the slot goes to someone else.
  if (!b.leaving && std::chrono::duration<double>(now - b.last_activity).count() > o_.idle_timeout)
    drop(b, Farewell::Idle);
}

// Plain text into the world: SMTP and IMAP as commands and a message's content (DATA's, APPEND's),
// the rest as commands.
void RealClients::send_plain(Bridge& b, std::string_view bytes) {
  auto send = [&b](const auto& parts) {
    for (const auto& [part, content] : parts) b.ep.send(part, content ? trace::Payload::Content : trace::Payload::Command);
  };
  if (smtp(b.map)) send(b.content.from_client(bytes));
  else if (b.map.protocol == "imap") send(b.literals.from_client(bytes));
  else b.ep.send(bytes, trace::Payload::Command);
}

// Sends the client's bytes into the world: as they are in plain text, cut into TLS records (one
// tls_record event each, as a simulated client's) once its TLS has begun.
void RealClients::send_client_bytes(Bridge& b, std::string_view got) {
  constexpr unsigned char kHandshake = 22, kChangeCipherSpec = 20, kAlert = 21;
  if (!b.tls && got.size() >= 3 && static_cast<unsigned char>(got[0]) == kHandshake && got[1] == 3) b.tls = true;
  if (!b.tls) {
    send_plain(b, got);
    return;
  }
  b.record_rest.append(got);
  const tls::Split split = tls::split_records(b.record_rest);
  std::vector<trace::data::TlsRecord> records;
  for (const tls::RecordView& v : split.records) {
    trace::data::TlsRecord r = nodes::trace_record(b.record_rest, v, b.tls_ccs);
    if (v.type == kChangeCipherSpec) {
      r.messages.push_back("ChangeCipherSpec");
    } else if (!r.encrypted && v.size > tls::kRecordHeader && v.type == kHandshake) {
      r.messages.push_back(tls::handshake_type_name(static_cast<unsigned char>(r.bytes[tls::kRecordHeader])));
    } else if (!r.encrypted && v.size > tls::kRecordHeader + 1 && v.type == kAlert) {
      r.messages.push_back("Alert " + tls::alert_name(static_cast<unsigned char>(r.bytes[tls::kRecordHeader + 1])));
    }
    records.push_back(std::move(r));
  }
  const std::size_t used = b.record_rest.size() - split.rest;
  // Not TLS after all (a record longer than TLS allows): the bytes go as they are, never held.
  if (split.records.empty() && split.rest > tls::kRecordHeader + tls::kMaxFragment) {
    b.tls = false;
    send_plain(b, b.record_rest);
    b.record_rest.clear();
    return;
  }
  b.record_rest.erase(0, used);
  if (!records.empty()) b.ep.send_tls(std::move(records), "", trace::Payload::Command);
}

void RealClients::forward(Bridge& b, std::string_view got) {
  if (got.empty()) return;
  b.sent += got.size();
  // Before the server has accepted, at most a window is held (reading waits for the rest).
  if (!b.ep) {
    b.to_world.append(got);
    return;
  }
  const Time arrive = std::max(w_.now() + b.latency, b.in_flight.empty() ? Time{0} : b.in_flight.back().first);
  b.in_flight.emplace_back(arrive, got.size());
  b.in_flight_bytes += got.size();
  send_client_bytes(b, got);
}

void RealClients::drop(Bridge& b, Farewell why) {
  if (b.leaving || b.real_dead) return;
  b.leaving = why;
  b.leave_at = Clock::now();
  ++dropped_;
  std::string().swap(b.to_world);
  if (b.ep && b.ep.open()) b.ep.close();  // the server hears that the client has gone
}

std::size_t RealClients::held(const Bridge& b) const {
  // What a dropped client sent no longer counts: its server is being told that it has gone.
  return (b.leaving || b.real_dead ? 0 : b.sent) + b.to_real.size() + b.to_world.size();
}

void RealClients::check_storage() {
  // Measured only when something happened: a quiet classroom costs nothing.
  if (w_.trace().next_seq() == storage_seen_) return;
  storage_seen_ = w_.trace().next_seq();
  const bool was = storage_full_;
  storage_full_ = mail_bytes(w_) > mail_at_start_ + o_.max_mail_bytes;
  if (!storage_full_ && was)
    for (auto& b : bridges_) b->sent_while_full = 0;
}

std::size_t RealClients::buffered_bytes() const {
  std::size_t total = 0;
  for (const auto& b : bridges_) total += b->to_real.size() + b->to_world.size() + b->in_flight_bytes;
  return total;
}

std::size_t RealClients::held_bytes() const {
  std::size_t total = 0;
  for (const auto& b : bridges_) total += held(*b);
  return total;
}

void RealClients::keep_total() {
  std::size_t total = held_bytes();
  while (total > o_.max_total_bytes) {
    auto most = std::max_element(bridges_.begin(), bridges_.end(),
                                 [&](const auto& x, const auto& y) { return held(*x) < held(*y); });
    Bridge& b = **most;
    total -= held(b);
    // One that is already leaving holds only what it has not read: it cannot be told any more.
    if (b.leaving || b.real_dead) {
      b.real_dead = true;
      std::string().swap(b.to_real);
      std::string().swap(b.to_world);
    } else {
      drop(b, Farewell::TooMuchData);
    }
    total += held(b);
  }
}

}  // namespace mailsim::serve
