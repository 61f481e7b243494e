#include "sim/world/expect.hpp"

#include "sim/proto/message/message.hpp"

namespace mailsim::world {

using scenario::ExpectKind;

std::string message_id_of(const World& w, const std::string& id) {
  std::string server, queue_id;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Submit && e.message == id && !e.queue_id.empty()) {
      server = e.peer;
      queue_id = e.queue_id;
      break;
    }
  if (queue_id.empty()) return {};
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Queue && e.host == server && e.queue_id == queue_id && !e.message_id.empty())
      return e.message_id;
  return {};
}

const mailstore::Folder* inbox_of(const World& w, const std::string& address) {
  for (const auto& a : w.scenario().accounts) {
    if (a.address != address) continue;
    const auto* d = w.destination(a.host);
    if (!d) return nullptr;
    const auto* acc = d->store().find(a.user);
    if (!acc) return nullptr;
    auto it = acc->folders.find("INBOX");
    return it == acc->folders.end() ? nullptr : &it->second;
  }
  return nullptr;
}

namespace {
bool holds(const mailstore::Folder* f, const std::string& message_id) {
  if (!f || message_id.empty()) return false;
  for (const auto& m : f->messages)
    if (message::Message::parse(m.raw).get("Message-ID") == message_id) return true;
  return false;
}

bool holds_bounce_for(const mailstore::Folder* f, const std::string& message_id) {
  if (!f || message_id.empty()) return false;
  for (const auto& m : f->messages) {
    const auto msg = message::Message::parse(m.raw);
    const auto type = msg.get("Content-Type").value_or("");
    if (type.find("report-type=delivery-status") != std::string::npos && m.raw.find(message_id) != std::string::npos &&
        msg.get("Subject").value_or("").find("Undelivered") != std::string::npos)
      return true;
  }
  return false;
}

std::string from_of(const World& w, const std::string& id) {
  for (const auto& m : w.scenario().messages)
    if (m.id == id) return m.from;
  return {};
}
}  // namespace

std::vector<ExpectResult> check_expectations(const World& w) {
  std::vector<ExpectResult> out;
  for (const auto& x : w.scenario().expect) {
    ExpectResult r{x, false, {}, {}};
    const std::string mid = x.message.empty() ? "" : message_id_of(w, x.message);
    const std::string unsent = x.message + " was never accepted by a submission server";
    switch (x.kind) {
      case ExpectKind::Delivered:
        r.description = x.message + " delivered to " + x.mailbox;
        r.ok = holds(inbox_of(w, x.mailbox), mid);
        r.detail = mid.empty() ? unsent : (r.ok ? "found " + mid : "no message " + mid + " in that mailbox");
        break;
      case ExpectKind::NotDelivered:
        r.description = x.message + " not delivered to " + x.mailbox;
        r.ok = !holds(inbox_of(w, x.mailbox), mid);
        r.detail = r.ok ? "not there" : "found " + mid;
        break;
      case ExpectKind::Bounced: {
        const std::string sender = from_of(w, x.message);
        r.description = x.message + " bounced to its sender " + sender;
        r.ok = holds_bounce_for(inbox_of(w, sender), mid);
        r.detail = mid.empty() ? unsent : (r.ok ? "bounce found" : "no bounce about " + mid + " for " + sender);
        break;
      }
      case ExpectKind::QueueEmpty: {
        const auto* m = w.mta(x.host);
        r.description = "queue of " + x.host + " empty";
        r.ok = m && m->queue().empty();
        r.detail = !m ? "no such MTA" : std::to_string(m->queue().size()) + " message(s) queued";
        break;
      }
      case ExpectKind::ReplySeen: {
        r.description = "reply " + std::to_string(x.code) + " seen" + (x.host.empty() ? "" : " from " + x.host);
        for (const auto& e : w.trace().events())
          if (e.kind == trace::Kind::Segment && e.payload == trace::Payload::Reply && e.code == x.code &&
              (x.host.empty() || e.host == x.host)) {
            r.ok = true;
            r.detail = "at " + format_time(e.time) + ": " + e.text;
            break;
          }
        if (!r.ok) r.detail = "never sent";
        break;
      }
      case ExpectKind::Attempts: {
        const auto* m = w.mta(x.host);
        const int n = m ? m->attempts_for(mid) : 0;
        r.description = x.message + ": at least " + std::to_string(x.count) + " delivery attempts by " + x.host;
        r.ok = n >= x.count;
        r.detail = std::to_string(n) + " attempt(s)";
        break;
      }
      case ExpectKind::Fetched:
      case ExpectKind::NotFetched: {
        const bool want = x.kind == ExpectKind::Fetched;
        r.description = x.message + (want ? " in the local copy of " : " not in the local copy of ") + x.host;
        auto it = w.readers().find(x.host);
        bool found = false;
        if (it != w.readers().end())
          for (const auto& m : it->second->local_copy())
            found |= !mid.empty() && message::Message::parse(m.raw).get("Message-ID") == mid;
        r.ok = it != w.readers().end() && found == want;
        r.detail = it == w.readers().end() ? "no such reading device"
                                           : std::to_string(it->second->local_copy().size()) + " message(s) there";
        break;
      }
      case ExpectKind::Flagged: {
        r.description = x.message + " in " + x.mailbox + " has flag " + x.flag;
        const auto* f = inbox_of(w, x.mailbox);
        r.detail = "message not in the mailbox";
        if (f)
          for (const auto& m : f->messages)
            if (!mid.empty() && message::Message::parse(m.raw).get("Message-ID") == mid) {
              r.ok = m.flags.count(x.flag) > 0;
              std::string flags;
              for (const auto& fl : m.flags) flags += (flags.empty() ? "" : " ") + fl;
              r.detail = "flags: (" + flags + ")";
            }
        break;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mailsim::world
