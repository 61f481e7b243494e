// MX resolution as RFC 5321 §5.1 describes it, one query at a time:
//
//   Mx ──MX records──▶ Exchanges (A query per exchange the additional section did not resolve) ──▶ Done
//    │                     └─ every exchange unresolved ─▶ TempFail
//    ├─NODATA─▶ Implicit (A for the domain itself, preference 0) ──▶ Done, or PermFail if no address
//    ├─NXDOMAIN or null MX (RFC 7505) ─▶ PermFail
//    └─SERVFAIL, other rcodes, timeout ─▶ TempFail
//   (address_only, for relayhost = [name], starts at Implicit: the name's A record and nothing else)
//
// Error texts copy Postfix's, so a bounce in the simulation reads like a real one.
#include "sim/proto/dns/resolver.hpp"

#include <algorithm>

#include "sim/proto/dns/wire.hpp"

namespace mailsim::dns {

namespace {

std::string name_error(const std::string& name, Type type, bool try_again) {
  return "Host or domain name not found. Name service error for name=" + name + " type=" +
         to_string(type) + ": Host not found" + (try_again ? ", try again" : "");
}

}  // namespace

MxResolver::MxResolver(std::string domain, std::uint16_t first_id, bool address_only)
    : domain_(wire::normalize_name(domain)), next_id_(first_id) {
  if (address_only) phase_ = Phase::Implicit;
  ask(domain_, address_only ? Type::A : Type::MX);
}

void MxResolver::ask(const std::string& name, Type type) {
  Message q;
  q.id = next_id_++;  // wraps at 65535, as ids do
  q.recursion_desired = true;  // the MTA asks its resolver, which recurses for it
  q.questions.push_back(Question{name, type});
  to_send_ = std::move(q);
}

std::optional<Message> MxResolver::next_query() {
  if (status_ != ResolveStatus::InProgress || outstanding_ || !to_send_) return std::nullopt;
  outstanding_ = std::move(to_send_);
  to_send_.reset();
  return outstanding_;
}

void MxResolver::on_response(const Message& response,
                             const std::function<std::uint64_t(std::uint64_t)>& pick) {
  // A late answer to an earlier query, a spoofed one, or a query echoed back: not ours.
  if (status_ != ResolveStatus::InProgress || !outstanding_ || !response.response ||
      response.id != outstanding_->id) {
    return;
  }
  outstanding_.reset();
  switch (phase_) {
    case Phase::Mx: on_mx(response, pick); break;
    case Phase::Exchanges: on_exchange_address(response); break;
    case Phase::Implicit: on_implicit_address(response); break;
  }
}

void MxResolver::on_timeout() {
  if (status_ != ResolveStatus::InProgress || !outstanding_ || outstanding_->questions.empty()) return;
  const Question q = outstanding_->questions.front();
  outstanding_.reset();
  fail(ResolveStatus::TempFail, name_error(q.name, q.type, true));
}

void MxResolver::fail(ResolveStatus status, std::string why) {
  status_ = status;
  error_ = std::move(why);
  to_send_.reset();
  targets_.clear();
}

void MxResolver::on_mx(const Message& response,
                       const std::function<std::uint64_t(std::uint64_t)>& pick) {
  if (response.rcode == Rcode::NXDomain) return fail(ResolveStatus::PermFail, name_error(domain_, Type::MX, false));
  if (response.rcode != Rcode::NoError) return fail(ResolveStatus::TempFail, name_error(domain_, Type::MX, true));

  std::vector<Record> mx = chase(response.answers, domain_, Type::MX);
  if (mx.empty()) {
    // §5.1: no MX records, so the domain is treated as its own exchange with preference 0.
    phase_ = Phase::Implicit;
    return ask(domain_, Type::A);
  }
  // RFC 7505: a single "." exchange says the domain takes no mail; trying harder would not help.
  const bool null_mx = std::any_of(mx.begin(), mx.end(),
                                   [](const Record& r) { return wire::normalize_name(r.data).empty(); });
  if (null_mx) return fail(ResolveStatus::PermFail, "Domain does not accept mail (null MX)");

  std::stable_sort(mx.begin(), mx.end(),
                   [](const Record& a, const Record& b) { return a.preference < b.preference; });
  for (const Record& r : mx) {
    MxTarget t{wire::normalize_name(r.data), r.preference, {}};
    // The same host listed twice is tried once, at its best preference (as Postfix does).
    const bool seen = std::any_of(candidates_.begin(), candidates_.end(),
                                  [&](const MxTarget& c) { return c.host == t.host; });
    if (!seen) candidates_.push_back(std::move(t));
  }
  // §5.1: hosts of equal preference are tried in random order, so load spreads across them.
  // Fisher–Yates over each group: for i = n-1 .. 1, swap [i] with [pick(i+1)] — pick(n), pick(n-1),
  // ..., pick(2) — and no call at all for a group of one, so scripted picks stay easy to write.
  for (std::size_t begin = 0; begin < candidates_.size();) {
    std::size_t end = begin + 1;
    while (end < candidates_.size() && candidates_[end].preference == candidates_[begin].preference) ++end;
    for (std::size_t i = end - begin - 1; i > 0 && pick; --i) {
      const std::size_t j = static_cast<std::size_t>(pick(i + 1) % (i + 1));  // never trust the range
      std::swap(candidates_[begin + i], candidates_[begin + j]);
    }
    begin = end;
  }
  for (MxTarget& c : candidates_) {
    std::vector<Record> a = chase(response.additional, c.host, Type::A);
    if (!a.empty()) c.address = a.front().data;
  }
  phase_ = Phase::Exchanges;
  current_ = 0;
  next_exchange();
}

void MxResolver::next_exchange() {
  while (current_ < candidates_.size() && !candidates_[current_].address.empty()) ++current_;
  if (current_ < candidates_.size()) return ask(candidates_[current_].host, Type::A);

  std::erase_if(candidates_, [](const MxTarget& c) { return c.address.empty(); });
  if (candidates_.empty()) return fail(ResolveStatus::TempFail, last_error_);
  status_ = ResolveStatus::Done;
  targets_ = std::move(candidates_);
}

void MxResolver::on_exchange_address(const Message& response) {
  const std::string& host = candidates_[current_].host;
  std::vector<Record> a;
  if (response.rcode == Rcode::NoError) a = chase(response.answers, host, Type::A);
  if (!a.empty()) {
    candidates_[current_].address = a.front().data;
  } else {
    // This exchange is dropped; the others may still do. Only if none is left does the message
    // wait (Postfix defers rather than bounces: a broken MX host name is often fixed soon).
    const bool again = response.rcode != Rcode::NoError && response.rcode != Rcode::NXDomain;
    last_error_ = name_error(host, Type::A, again);
  }
  ++current_;
  next_exchange();
}

void MxResolver::on_implicit_address(const Message& response) {
  if (response.rcode != Rcode::NoError && response.rcode != Rcode::NXDomain) {
    return fail(ResolveStatus::TempFail, name_error(domain_, Type::A, true));
  }
  std::vector<Record> a;
  if (response.rcode == Rcode::NoError) a = chase(response.answers, domain_, Type::A);
  if (a.empty()) return fail(ResolveStatus::PermFail, name_error(domain_, Type::A, false));
  status_ = ResolveStatus::Done;
  targets_ = {MxTarget{domain_, 0, a.front().data}};
}

}  // namespace mailsim::dns
