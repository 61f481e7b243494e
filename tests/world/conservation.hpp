#pragma once
// Conservation of mail, checked after any run: no message is lost, duplicated or left unexplained.
//
// An MTA accepts a message when it traces it into its queue ("from=<...>, size=..., nrcpt=N (queue
// incoming)"). From then on each of its N recipients is in exactly one of these places:
//   - the queue: the message is still in that MTA's queue with the recipient pending;
//   - sent on: one "status=sent" line, and the next hop has it: a destination traced one Delivery
//     for it and the mailbox (or a device that fetched it, or is fetching it now) holds it, or the
//     next MTA accepted the same Message-ID for that recipient (or, when its `forward` map rewrote
//     the recipient, for all the addresses it forwards to);
//   - bounced: one "status=bounced" line (or the message expired in the queue), and a bounce event
//     names the DSN this MTA accepted for the sender, which is then held to the same rule;
//   - discarded: the same, but the message was itself a bounce (null sender), so instead of a new
//     DSN there is a trace line saying it was discarded (a bounce is never bounced).
// A message an MTA removed has exactly one "removed" line; one still queued has none. Every message a
// client was told is queued ("submitted ... queued as ID") is an acceptance at that server.
//
// One honest exception is reported too: a sender that loses the connection between the receiver's
// 250 to the data and reading it tries again, and the mail arrives twice (RFC 1047). A test that
// arranges such timing must expect that violation.
//
// The check reads the trace's typed fields (queue moves, recipients' results, bounces); only the
// relay's address and a discard note come from their words, which the tests that use it pin.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sim/nodes/queue.hpp"
#include "sim/proto/message/message.hpp"
#include "sim/world/world.hpp"

namespace lesson {

namespace conservation_detail {

using namespace mailsim;

// The text between `open` and `close` after the start of `open`, or nullopt.
inline std::optional<std::string> between(const std::string& s, const std::string& open, const std::string& close) {
  const auto a = s.find(open);
  if (a == std::string::npos) return std::nullopt;
  const auto b = s.find(close, a + open.size());
  if (b == std::string::npos) return std::nullopt;
  return s.substr(a + open.size(), b - a - open.size());
}

struct RcptLine {
  std::string rcpt, relay, status;  // status: "sent", "bounced", "deferred"
};

struct Acceptance {
  std::string host, queue_id, message_id, mail_from;
  std::size_t nrcpt = 0;
  std::vector<RcptLine> lines;
  std::vector<std::string> removals;
  std::vector<std::string> bounces;    // DSN queue ids made for it ("bounce to <...> as ID")
  std::vector<std::string> warnings;   // delay warnings
  std::size_t discards = 0;            // "ID: undeliverable bounce discarded" notes
};

inline const scenario::Host* host_at(const world::World& w, const std::string& address) {
  for (const auto& h : w.scenario().hosts)
    if (h.address == address) return &h;
  return nullptr;
}

// Is the delivered copy of `message_id` for `rcpt` still somewhere a reader can see it?
inline bool held(const world::World& w, const std::string& dest, const std::string& rcpt, const std::string& message_id) {
  const auto matches = [&](const std::string& raw) {
    return raw.find("\r\nDelivered-To: " + rcpt + "\r\n") != std::string::npos &&
           message::Message::parse(raw).get("Message-ID").value_or("") == message_id;  // "" when it has none
  };
  const auto* d = w.destination(dest);
  if (d)
    if (const auto* acc = d->store().find(d->user_for(rcpt)))
      for (const auto& [name, folder] : acc->folders)
        for (const auto& m : folder.messages)
          if (matches(m.raw)) return true;
  for (const nodes::MailReader* reader : w.nodes<nodes::MailReader>()) {
    for (const auto& m : reader->local_copy())
      if (matches(m.raw)) return true;
    // A POP3 client keeps what it downloaded when its session ends, which can be a moment after the
    // server removed it (at QUIT): while that session is open the message is on its way to the device.
    const auto& c = reader->config();
    if (reader->connected() && c.fetch.protocol == scenario::Fetch::Protocol::Pop3 && c.account == rcpt &&
        c.fetch.server == dest)
      return true;
  }
  return false;
}

}  // namespace conservation_detail

// What is wrong, one line each; empty when every accepted message is accounted for.
inline std::vector<std::string> conservation_violations(const mailsim::world::World& w) {
  using namespace mailsim;
  using namespace conservation_detail;
  std::vector<std::string> bad;
  std::map<std::pair<std::string, std::string>, Acceptance> acc;  // (host, queue id)
  std::vector<std::pair<std::string, std::string>> order;
  const auto key = [](const trace::Event& e) { return std::make_pair(e.host, e.queue_id); };

  for (const auto& e : w.trace().events()) {
    const bool mta = w.mta(e.host) != nullptr;
    const auto* q = e.get<trace::data::Queue>();
    const bool arrival = q && q->from == trace::QueueName::Incoming && q->to == trace::QueueName::Incoming &&
                         q->recipient.empty();
    if (arrival && mta) {
      if (acc.count(key(e))) bad.push_back(e.host + " " + e.queue_id + ": accepted twice");
      Acceptance a;
      a.host = e.host;
      a.queue_id = e.queue_id;
      a.message_id = e.message_id;
      a.mail_from = q->sender;
      a.nrcpt = q->nrcpt;
      acc[key(e)] = a;
      order.push_back(key(e));
      continue;
    }
    const auto* note = e.get<trace::data::Note>();
    auto it = acc.find(key(e));
    if (note && mta && note->text.find(": undeliverable bounce discarded") != std::string::npos)
      it = acc.find({e.host, note->text.substr(0, note->text.find(':'))});
    if (it == acc.end()) {
      if ((q || e.kind == trace::Kind::Bounce) && mta)
        bad.push_back(e.host + " " + e.queue_id + ": traced before it was accepted: " + trace::shown_text(e));
      continue;
    }
    Acceptance& a = it->second;
    if (q && !q->recipient.empty()) {
      a.lines.push_back({q->recipient, q->relay, q->status});
    } else if (q && q->to == trace::QueueName::Removed) {
      a.removals.push_back(q->log);
    } else if (const auto* b = e.get<trace::data::Bounce>()) {
      (b->action == trace::BounceAction::Failed ? a.bounces : a.warnings).push_back(b->report_queue_id);
    } else if (note) {
      ++a.discards;
    }
  }

  // Each acceptance's recipients and where each one is; then what the places imply elsewhere.
  std::map<std::tuple<std::string, std::string, std::string>, int> sent_to, arrived;  // (host, mid, rcpt)
  for (const auto& k : order) {
    const Acceptance& a = acc[k];
    const std::string who = a.host + " " + a.queue_id;
    const nodes::QueuedMessage* q = nullptr;
    for (const auto& m : w.mta(a.host)->queue())
      if (m.queue_id == a.queue_id) q = &m;
    if (q && !a.removals.empty()) bad.push_back(who + ": still queued but traced as " + a.removals.front());
    if (!q && a.removals.size() != 1)
      bad.push_back(who + ": gone from the queue with " + std::to_string(a.removals.size()) + " removed lines");
    const bool expired = !q && a.removals.size() == 1 && a.removals[0] == "removed (expired)";

    std::map<std::string, int> places;  // recipient -> how many places hold it
    std::set<std::string> bounced;
    for (const auto& l : a.lines) places[l.rcpt] += 0;
    if (q)
      for (const auto& r : q->recipients) places[r.address] += r.state == nodes::RcptState::Pending;
    for (const auto& l : a.lines) {
      if (l.status == "sent") {
        ++places[l.rcpt];
        const auto addr = between(l.relay, "[", "]");
        const auto* next = addr ? host_at(w, *addr) : nullptr;
        if (!next) bad.push_back(who + ": <" + l.rcpt + "> sent to an unknown host " + l.relay);
        else ++sent_to[{next->name, a.message_id, l.rcpt}];
      } else if (l.status == "bounced") {
        ++places[l.rcpt];
        bounced.insert(l.rcpt);
      }
    }
    if (expired)
      for (auto& [rcpt, n] : places)
        if (n == 0) {
          n = 1;
          bounced.insert(rcpt);
        }
    if (places.size() != a.nrcpt)
      bad.push_back(who + ": " + std::to_string(a.nrcpt) + " recipients accepted, " + std::to_string(places.size()) +
                    " accounted for");
    for (const auto& [rcpt, n] : places) {
      if (n != 1) bad.push_back(who + ": <" + rcpt + "> is in " + std::to_string(n) + " places");
      arrived[{a.host, a.message_id, rcpt}] += 1;  // this acceptance holds it (for the hop before)
    }
    // A host with a forward map rewrote some recipients as it accepted (the scenario's typed map,
    // not the trace's words): the hop before sent the mail for the address it rewrote.
    for (const auto& [from, targets] : w.mta(a.host)->config().forward)
      if (std::all_of(targets.begin(), targets.end(), [&](const std::string& t) { return places.count(t) > 0; }))
        arrived[{a.host, a.message_id, from}] += 1;

    if (!bounced.empty() && !a.mail_from.empty() && a.bounces.empty())
      bad.push_back(who + ": recipients failed and no bounce went to <" + a.mail_from + ">");
    if (!bounced.empty() && a.mail_from.empty() && a.discards == 0)
      bad.push_back(who + ": a bounce that failed is neither bounced nor traced as discarded");
    if (a.mail_from.empty() && !a.bounces.empty()) bad.push_back(who + ": a bounce was bounced");
    if (a.discards != 0 && (bounced.empty() || !a.mail_from.empty()))
      bad.push_back(who + ": traced as discarded, but nothing of it failed");
    for (const auto* list : {&a.bounces, &a.warnings})
      for (const auto& dsn : *list) {
        auto d = acc.find({a.host, dsn});
        if (d == acc.end()) bad.push_back(who + ": its DSN " + dsn + " was never queued");
        else if (!d->second.mail_from.empty() || d->second.nrcpt != 1)
          bad.push_back(who + ": its DSN " + dsn + " is not a null-sender message to one recipient");
        else
          for (const auto& l : d->second.lines)
            if (l.rcpt != a.mail_from) bad.push_back(who + ": its DSN went to <" + l.rcpt + ">, not the sender");
      }
  }

  // Every "sent" reached its next hop exactly once: a Delivery there, or an acceptance there.
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Delivery) {
      arrived[{e.host, e.message_id, e.peer}] += 1;
      if (!held(w, e.host, e.peer, e.message_id))
        bad.push_back(e.host + ": delivered " + e.message_id + " to <" + e.peer + "> but no mailbox holds it");
    }
  for (const auto& [k, n] : sent_to) {
    const auto& [host, mid, rcpt] = k;
    const int got = arrived.count(k) ? arrived[k] : 0;
    if (got != n)
      bad.push_back("sent " + mid + " for <" + rcpt + "> to " + host + " " + std::to_string(n) + " times, arrived " +
                    std::to_string(got) + " times");
  }

  // What clients were told was queued was queued.
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Submit && !e.queue_id.empty() && !acc.count({e.peer, e.queue_id}))
      bad.push_back(e.peer + " told " + e.host + " it queued " + e.queue_id + ", but never did");
  return bad;
}

// The check as a test assertion, listing every violation when it fails.
inline void check_conservation(const mailsim::world::World& w) {
  const auto bad = conservation_violations(w);
  std::string all;
  for (const auto& b : bad) all += "\n  " + b;
  CHECK_MESSAGE(bad.empty(), "mail not accounted for:" << all);
}

// Runs `w` like World::run(limit), checking after every event, so mail in flight between two
// queues is held to the rule as well; reports the first event after which it failed.
// Every event of a run up to kEveryEventUpTo events is checked; past that (mta-software's long
// outage, a busy afternoon of hundreds of messages), one event in size / kChecksPerStretch: the
// check reads the whole trace, so checking every event of a 40,000-event run would take minutes
// under the sanitizers, and mail that goes missing stays missing, so a check a few dozen events
// later still finds it (the end of the run is always checked).
constexpr std::size_t kEveryEventUpTo = 3000, kChecksPerStretch = 500;

inline void run_checked(mailsim::world::World& w, mailsim::Time limit = mailsim::Scheduler::kForever) {
  const mailsim::Time end = std::min(limit, w.end_time());
  std::size_t since = 0;
  while (w.step(end)) {
    const std::size_t size = w.trace().size();
    if (size > kEveryEventUpTo && ++since < size / kChecksPerStretch) continue;
    since = 0;
    const auto bad = conservation_violations(w);
    if (bad.empty()) continue;
    std::string all;
    for (const auto& b : bad) all += "\n  " + b;
    FAIL_CHECK("mail not accounted for at " << mailsim::format_time(w.now()) << ", after \""
                                             << mailsim::trace::shown_text(w.trace().events().back()) << "\":" << all);
    break;
  }
  w.run(limit);  // the rest, if a violation stopped the checking early
  check_conservation(w);
}

}  // namespace lesson
