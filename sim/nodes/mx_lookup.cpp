#include "sim/nodes/mx_lookup.hpp"

#include <memory>

namespace mailsim::nodes {

namespace {
struct Lookup : std::enable_shared_from_this<Lookup> {
  Context& ctx;
  std::string host, dns_address;
  Duration timeout;
  DnsExchange x;
  std::uint16_t port = 0;
  Scheduler::EventId timer = 0;
  bool waiting = false;

  Lookup(Context& c, std::string h, std::string d, Duration t, DnsExchange m)
      : ctx(c), host(std::move(h)), dns_address(std::move(d)), timeout(t), x(std::move(m)) {}

  void pump() {
    if (auto q = x.next_query()) {
      auto self = shared_from_this();
      port = ctx.net.ephemeral_port(host);
      waiting = true;
      // Only the answer to this query counts: a stray datagram must not cancel the wait for it.
      ctx.net.bind(host, port, "dns", [self, id = q->id](const std::string&, std::uint16_t, std::string_view bytes) {
        auto m = dns::Message::decode(bytes);
        if (!m || !m->response || m->id != id || !self->waiting) return;
        self->waiting = false;
        self->ctx.scheduler.cancel(self->timer);
        self->ctx.net.unbind(self->host, self->port);
        self->x.on_response(*m);
        self->pump();
      });
      timer = ctx.scheduler.schedule(timeout, [self, q = *q] {
        if (!self->waiting) return;
        self->waiting = false;
        self->ctx.net.unbind(self->host, self->port);
        trace::Event e;
        e.time = self->ctx.now();
        e.host = self->host;
        e.protocol = "dns";
        e.data = trace::data::DnsTimeout{dns::to_string(q.questions.empty() ? dns::Type::A : q.questions[0].type),
                                         q.questions.empty() ? "" : q.questions[0].name};
        self->ctx.trace.add(std::move(e));
        self->x.on_timeout();
        self->pump();
      });
      ctx.net.send_datagram(host, port, dns_address, 53, q->encode(), q->summary());
      return;
    }
    if (!x.done()) return;
    auto cb = std::move(x.finished);
    x = {};  // the machine's callbacks may hold what owns this lookup
    if (cb) cb();
  }
};
}  // namespace

void run_dns(Context& ctx, const std::string& host, const std::string& dns_address, Duration timeout, DnsExchange x) {
  auto l = std::make_shared<Lookup>(ctx, host, dns_address, timeout, std::move(x));
  l->pump();
}

void lookup_mx(Context& ctx, const std::string& host, const std::string& dns_address, const std::string& domain,
               Duration timeout, std::function<void(MxLookupResult)> done, bool address_only) {
  if (dns_address.empty()) {
    done({dns::ResolveStatus::TempFail, {}, "no DNS server configured"});
    return;
  }
  const auto first_id = static_cast<std::uint16_t>(ctx.rng.below(65536));
  auto resolver = std::make_shared<dns::MxResolver>(domain, first_id, address_only);
  Rng& rng = ctx.rng;
  run_dns(ctx, host, dns_address, timeout,
          {[resolver] { return resolver->next_query(); },
           [resolver, &rng](const dns::Message& m) { resolver->on_response(m, [&rng](std::uint64_t n) { return rng.below(n); }); },
           [resolver] { resolver->on_timeout(); },
           [resolver] { return resolver->status() != dns::ResolveStatus::InProgress; },
           [resolver, done = std::move(done)] { done({resolver->status(), resolver->targets(), resolver->error()}); }});
}

}  // namespace mailsim::nodes
