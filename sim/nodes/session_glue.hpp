#pragma once
// Wires any sans-I/O line-protocol machine (SMTP, POP3, IMAP) to virtual sockets, both ways.
// A machine has `start()` (server: the greeting), `feed(bytes) -> bytes`, `closed()` or `done()`,
// and, if it cares, `connection_lost()`.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sim/net/network.hpp"
#include "sim/nodes/content_split.hpp"
#include "sim/nodes/context.hpp"
#include "sim/proto/common/diagram.hpp"

namespace mailsim::nodes {

template <class M>
void lost(M& m) {
  if constexpr (requires { m.connection_lost(); }) m.connection_lost();
}

// An event of connection `ep` at this moment, seen from its local side, for `data` to fill.
inline trace::Event connection_event(Context& ctx, const net::Endpoint& ep) {
  trace::Event e;
  e.time = ctx.now();
  e.host = ep.local_host();
  e.peer = ep.peer_host();
  e.conn = ep.id();
  e.port = ep.server_port();
  e.client_port = ep.client_port();
  e.protocol = ep.protocol();
  return e;
}

// Records the rows machine `m` takes on connection `ep` as Step events (for the app's state diagram),
// if the machine reports them.
template <class M>
void observe(Context& ctx, M& m, const net::Endpoint& ep) {
  if constexpr (requires { m.set_observer(proto::StepObserver{}); }) {
    m.set_observer([&ctx, ep](const proto::StepTaken& s) {
      trace::Event e = connection_event(ctx, ep);
      e.data = trace::data::Step{trace::Name(s.machine), trace::Name(s.from), trace::Name(s.input), trace::Name(s.to),
                                 s.success};
      ctx.trace.add(std::move(e));
    });
  }
}

// Serves host:port with a fresh machine per connection. `feed` lets the node pass extra arguments
// (IMAP wants the time); `after` runs after every exchange (to let other sessions see changes);
// `split` says which parts of a reply are message content (the request is given too).
template <class M>
void serve_machine(Context& ctx, const std::string& host, std::uint16_t port, const std::string& protocol,
                   std::function<std::shared_ptr<M>(const net::Endpoint&)> make,
                   std::function<std::string(M&, std::string_view)> feed, std::function<void()> after = {},
                   std::function<Pieces(std::string_view request, const std::string& reply)> split = {}) {
  ctx.net.listen(host, port, protocol,
                 [&ctx, make = std::move(make), feed = std::move(feed), after, split](net::Endpoint ep) {
    std::shared_ptr<M> m = make(ep);
    observe(ctx, *m, ep);
    ep.send(m->start(), trace::Payload::Reply);
    if (m->closed()) {
      ep.close();
      return;
    }
    ep.set_handlers({
        [ep, m, feed, after, split](std::string_view bytes) {
          if (m->closed()) return;
          const std::string out = feed(*m, bytes);
          if (split)
            for (const auto& [piece, payload] : split(bytes, out)) ep.send(piece, payload);
          else
            ep.send(out, trace::Payload::Reply);
          if (m->closed()) ep.close();
          if (after) after();
        },
        [ep, m, after] {
          lost(*m);
          ep.close();
          if (after) after();
        },
        [m, after] {
          lost(*m);
          if (after) after();
        },
    });
  });
}

// A client's patience with a server that says nothing (a plain client on the implicit TLS port 465
// waits for a greeting that never comes, while the server waits for its ClientHello). Armed when
// the connection opens, stopped by the server's first bytes or the connection's end; when it fires,
// the machine gives up (timed_out() if it has one) and the client closes the connection.
class FirstReplyTimer {
 public:
  void arm(Scheduler& s, Duration after, Scheduler::Callback fire) {
    if (after <= 0) return;
    scheduler_ = &s;
    id_ = s.schedule(after, [this, fire = std::move(fire)] {
      scheduler_ = nullptr;
      fire();
    });
  }
  void stop() {
    if (scheduler_) scheduler_->cancel(id_);
    scheduler_ = nullptr;
  }

 private:
  Scheduler* scheduler_ = nullptr;
  Scheduler::EventId id_ = 0;
};

// What a client does when its timer fires: says so in the trace, gives up, closes.
template <class M>
void give_up_waiting(Context& ctx, M& m, const net::Endpoint& ep, Duration waited) {
  ctx.note(ep.local_host(), "nothing from " + ep.peer_host() + " in " + std::to_string(waited / kSecond) +
                                "s (the client's timeout): it gives up and closes the connection");
  if constexpr (requires { m.timed_out(); }) m.timed_out();
  else lost(m);
  if (ep.open()) ep.close();
}

struct ClientOutcome {
  bool connected = false;
  std::string connect_error;
};

template <class M>
class MachineRun : public std::enable_shared_from_this<MachineRun<M>> {
 public:
  using Classify = std::function<trace::Payload(int before_state, int after_state)>;
  MachineRun(std::shared_ptr<M> m, std::function<void(ClientOutcome)> done, std::function<void()> progress,
             Classify classify)
      : m_(std::move(m)), done_(std::move(done)), progress_(std::move(progress)), classify_(std::move(classify)) {}

  // `reply_timeout` (0: none): how long the client waits for the server's first bytes.
  void start(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
             Duration timeout, Duration reply_timeout = 0) {
    auto self = this->shared_from_this();
    ctx.net.connect(from_host, address, port, timeout,
                    {[self, &ctx, reply_timeout](net::Endpoint ep) {
                       observe(ctx, *self->m_, ep);
                       self->connected(ep);
                       self->timer_.arm(ctx.scheduler, reply_timeout, [self, &ctx, ep, reply_timeout] {
                         if (self->finished_) return;
                         give_up_waiting(ctx, *self->m_, ep, reply_timeout);
                         self->finish({true, {}});
                       });
                     },
                     [self](net::ConnectError, const std::string& why) { self->finish({false, why}); }},
                    reply_timeout);
  }

 private:
  void connected(net::Endpoint ep) {
    auto self = this->shared_from_this();
    ep.set_handlers({
        [self, ep](std::string_view bytes) {
          if (self->finished_) return;
          self->timer_.stop();
          const int before = static_cast<int>(self->m_->state());
          const std::string out = self->m_->feed(bytes);
          const int after = static_cast<int>(self->m_->state());
          ep.send(out, self->classify_ ? self->classify_(before, after) : trace::Payload::Command);
          if (self->progress_) self->progress_();
          if (self->m_->done()) {
            if (ep.open()) ep.close();
            self->finish({true, {}});
          }
        },
        [self, ep] {
          lost(*self->m_);
          if (ep.open()) ep.close();
          self->finish({true, {}});
        },
        [self] {
          lost(*self->m_);
          self->finish({true, {}});
        },
    });
  }
  void finish(ClientOutcome o) {
    if (finished_) return;
    finished_ = true;
    timer_.stop();
    if (progress_) progress_();
    auto cb = std::move(done_);
    if (cb) cb(std::move(o));
  }

  std::shared_ptr<M> m_;
  std::function<void(ClientOutcome)> done_;
  std::function<void()> progress_;
  Classify classify_;
  FirstReplyTimer timer_;
  bool finished_ = false;
};

// Connects and runs machine `m` until it is done or the connection ends. `progress` runs after each
// exchange (an IMAP client in IDLE reports new mail long before it is done); `classify` says what the
// client's output carries, from the machine's state before and after (SMTP: content after 354).
// `done` runs once. `reply_timeout` (0: none): the client gives up when the server has sent nothing
// that long after the connection opened.
template <class M>
void run_client(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
                Duration timeout, std::shared_ptr<M> m, std::function<void(ClientOutcome)> done,
                std::function<void()> progress = {}, typename MachineRun<M>::Classify classify = {},
                Duration reply_timeout = 0) {
  std::make_shared<MachineRun<M>>(std::move(m), std::move(done), std::move(progress), std::move(classify))
      ->start(ctx, from_host, address, port, timeout, reply_timeout);
}

}  // namespace mailsim::nodes
