#include "sim/nodes/mx_lookup.hpp"

#include <memory>

namespace mailsim::nodes {

namespace {
struct Lookup : std::enable_shared_from_this<Lookup> {
  Context& ctx;
  std::string host, dns_address;
  Duration timeout;
  dns::MxResolver resolver;
  std::function<void(MxLookupResult)> done;
  std::uint16_t port = 0;
  Scheduler::EventId timer = 0;
  bool waiting = false;

  Lookup(Context& c, std::string h, std::string d, Duration t, dns::MxResolver r, std::function<void(MxLookupResult)> cb)
      : ctx(c), host(std::move(h)), dns_address(std::move(d)), timeout(t), resolver(std::move(r)), done(std::move(cb)) {}

  void pump() {
    if (auto q = resolver.next_query()) {
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
        self->resolver.on_response(*m, [self](std::uint64_t n) { return self->ctx.rng.below(n); });
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
        self->resolver.on_timeout();
        self->pump();
      });
      ctx.net.send_datagram(host, port, dns_address, 53, q->encode(), q->summary());
      return;
    }
    if (resolver.status() == dns::ResolveStatus::InProgress) return;
    MxLookupResult r{resolver.status(), resolver.targets(), resolver.error()};
    auto cb = std::move(done);
    if (cb) cb(std::move(r));
  }
};
}  // namespace

void lookup_mx(Context& ctx, const std::string& host, const std::string& dns_address, const std::string& domain,
               Duration timeout, std::function<void(MxLookupResult)> done, bool address_only) {
  if (dns_address.empty()) {
    done({dns::ResolveStatus::TempFail, {}, "no DNS server configured"});
    return;
  }
  const auto first_id = static_cast<std::uint16_t>(ctx.rng.below(65536));
  auto l = std::make_shared<Lookup>(ctx, host, dns_address, timeout, dns::MxResolver(domain, first_id, address_only), std::move(done));
  l->pump();
}

}  // namespace mailsim::nodes
