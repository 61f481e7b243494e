// The "expect" list: what must be true when the lesson has run, checked by CTest and shown to students.
#include <algorithm>

#include "sim/proto/common/line_reader.hpp"
#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

struct ExpectInfo {
  ExpectKind kind;
  std::vector<std::string_view> extra;  // keys besides the kind's own
};

const ExpectInfo kExpects[] = {
    {ExpectKind::Delivered, {"mailbox"}},
    {ExpectKind::NotDelivered, {"mailbox"}},
    {ExpectKind::Bounced, {}},
    {ExpectKind::QueueEmpty, {}},
    {ExpectKind::ReplySeen, {"host"}},
    {ExpectKind::Attempts, {"host", "count"}},
    {ExpectKind::Fetched, {"host"}},
    {ExpectKind::NotFetched, {"host"}},
    {ExpectKind::Flagged, {"mailbox", "flag"}},
    {ExpectKind::Refused, {"code", "host"}},
    {ExpectKind::InOutbox, {}},
    {ExpectKind::AuthResult, {"host", "spf", "dkim", "dmarc"}},
    {ExpectKind::InFolder, {"mailbox", "folder"}},
    {ExpectKind::Captured, {"host", "method", "password"}},
    {ExpectKind::Received, {"mailbox", "path"}},
    {ExpectKind::Accepted, {"count"}},
};

// The results each check can give (RFC 8601 §2.7): what an auth_result expectation may ask for.
const std::pair<std::string_view, std::vector<std::string_view>> kAuthResults[] = {
    {"spf", {"none", "neutral", "pass", "fail", "softfail", "temperror", "permerror"}},
    {"dkim", {"none", "pass", "fail", "neutral", "temperror", "permerror"}},
    {"dmarc", {"none", "pass", "fail", "temperror", "permerror"}},
};

void check_message(const Node& n, const Scenario& s, const std::string& id) {
  if (std::none_of(s.messages.begin(), s.messages.end(), [&](const MessageSpec& m) { return m.id == id; }))
    n.fail("no message with id " + in_quotes(id));
}

std::string account_mailbox(const Node& n, const Scenario& s) {
  const std::string mailbox = n.mail_address();
  if (std::none_of(s.accounts.begin(), s.accounts.end(), [&](const Account& a) { return a.address == mailbox; }))
    n.fail(in_quotes(mailbox) + " is not an account (declare it in 'accounts')");
  return mailbox;
}

// A device's local copy exists only where a client reads mail.
std::string reading_host(const Node& n, const Scenario& s) {
  const std::string name = n.hostname();
  host_index(s, n, name);
  const auto c = std::find_if(s.clients.begin(), s.clients.end(), [&](const Client& c) { return c.host == name; });
  if (c == s.clients.end() || c->fetch.protocol == Fetch::Protocol::None)
    n.fail(in_quotes(name) + " does not read mail (give its client a 'fetch')");
  return name;
}

// An IMAP flag: a system flag like "\\Seen" or a keyword like "$Important" (RFC 3501 flag syntax).
std::string imap_flag(const Node& n) {
  const std::string f = n.string();
  const std::size_t start = !f.empty() && f[0] == '\\' ? 1 : 0;
  const bool ok = f.size() > start && std::all_of(f.begin() + static_cast<long>(start), f.end(), [](char c) {
    return c > 32 && c < 127 && std::string_view("(){%*\"\\]").find(c) == std::string_view::npos;
  });
  if (!ok) n.fail(in_quotes(f) + " is not an IMAP flag (like \"\\\\Seen\" or \"$Important\")");
  return f;
}

// The submission server of the client that sends message `id` (which exists).
std::string submission_of(const Scenario& s, const std::string& id) {
  const auto m = std::find_if(s.messages.begin(), s.messages.end(), [&](const MessageSpec& m) { return m.id == id; });
  return s.sending_client(*m)->submission;
}

std::string queue_host(const Node& n, const Scenario& s) {
  const std::string name = n.hostname();
  host_with_role(s, n, name, {Role::Submission, Role::Relay}, "only submission and relay hosts have a queue");
  return name;
}

Expectation parse_expectation(const Node& n, const Scenario& s) {
  n.check_object({"delivered", "not_delivered", "bounced", "queue_empty", "reply_seen", "attempts",
                  "fetched", "not_fetched", "flagged", "refused", "in_outbox", "auth_result", "in_folder", "mailbox",
                  "host", "count", "flag", "code", "spf", "dkim", "dmarc", "folder", "captured", "method", "password",
                  "received", "path", "accepted"});
  const ExpectInfo* info = nullptr;
  for (const auto& [key, value] : n.json().items()) {
    for (const ExpectInfo& e : kExpects) {
      if (to_string(e.kind) != key) continue;
      if (info)
        n.fail_key(key, "one expectation checks one thing: " + in_quotes(key) + " cannot go with " +
                            in_quotes(to_string(info->kind)) + " (write two expectations)");
      info = &e;
    }
  }
  if (!info) n.fail("an expectation needs one of delivered, not_delivered, bounced, queue_empty, reply_seen, attempts, fetched, not_fetched, flagged, refused, in_outbox, auth_result, in_folder, captured, received, accepted");
  const std::string kind_name = to_string(info->kind);
  for (const auto& [key, value] : n.json().items()) {
    if (key != kind_name && std::find(info->extra.begin(), info->extra.end(), key) == info->extra.end())
      n.fail_key(key, in_quotes(key) + " does not apply to " + (kind_name.find_first_of("aeiou") == 0 ? "an " : "a ") +
                          kind_name + " expectation");
  }

  Expectation e;
  e.kind = info->kind;
  e.json_path = n.pointer();
  const Node subject = n[kind_name];
  using enum ExpectKind;
  switch (e.kind) {
    case Delivered:
    case NotDelivered: {
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      e.mailbox = account_mailbox(n["mailbox"], s);
      break;
    }
    case Bounced: {
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      // The DSN goes to the envelope sender; without a mailbox there it could never be seen.
      const auto m = std::find_if(s.messages.begin(), s.messages.end(),
                                  [&](const MessageSpec& m) { return m.id == e.message; });
      if (std::none_of(s.accounts.begin(), s.accounts.end(), [&](const Account& a) { return a.address == m->from; }))
        subject.fail("the bounce would go to " + in_quotes(m->from) + ", which is not an account (declare it in 'accounts')");
      break;
    }
    case QueueEmpty:
      e.host = queue_host(subject, s);
      break;
    case ReplySeen:
      e.code = static_cast<int>(subject.integer(200, 599));
      if (auto h = n.get("host")) {
        e.host = h->hostname();
        host_index(s, *h, e.host);
      }
      break;
    case Attempts:
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      e.host = queue_host(n["host"], s);
      e.count = static_cast<int>(n["count"].integer(1, 1000000));
      break;
    case Fetched:
    case NotFetched:
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      e.host = reading_host(n["host"], s);
      break;
    case Flagged:
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      e.mailbox = account_mailbox(n["mailbox"], s);
      e.flag = imap_flag(n["flag"]);
      break;
    case Refused: {
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      e.code = static_cast<int>(n["code"].integer(400, 599));
      // Only the submission server a client sends to can refuse its message.
      const std::string server = submission_of(s, e.message);
      e.host = server;
      if (auto h = n.get("host")) {
        e.host = h->hostname();
        host_index(s, *h, e.host);
        if (e.host != server)
          h->fail(in_quotes(e.message) + " is submitted to " + server + ", so only " + server + " can refuse it");
      }
      break;
    }
    case InOutbox:
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      break;
    case AuthResult:
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      e.host = n["host"].hostname();
      host_with_role(s, n["host"], e.host, {Role::Submission, Role::Relay, Role::Destination},
                     "only mail servers check senders");
      for (const auto& [method, results] : kAuthResults) {
        const auto v = n.get(method);
        if (!v) continue;
        const std::string r = v->string();
        if (std::find(results.begin(), results.end(), r) == results.end()) {
          std::vector<std::string> names(results.begin(), results.end());
          v->fail(in_quotes(r) + " is not a result of " + std::string(method) + " (" + join(names) + ")");
        }
        e.auth.emplace_back(method, r);
      }
      if (e.auth.empty()) n.fail("an auth_result expectation names at least one of spf, dkim, dmarc with the result expected");
      break;
    case InFolder: {
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      e.mailbox = account_mailbox(n["mailbox"], s);
      e.folder = n["folder"].nonempty_string();
      // RFC 3501 §5.1: INBOX in any case is the inbox.
      if (proto::to_lower(e.folder) == "inbox") e.folder = "INBOX";
      break;
    }
    case Captured:
      e.user = subject.nonempty_string();
      e.host = n["host"].hostname();
      host_with_role(s, n["host"], e.host, {Role::Eavesdropper}, "only an eavesdropper captures what crosses a link");
      if (auto m = n.get("method")) e.method = m->nonempty_string();
      if (auto p = n.get("password")) e.password = p->boolean();
      break;
    case Received: {
      e.message = subject.nonempty_string();
      check_message(subject, s, e.message);
      e.mailbox = account_mailbox(n["mailbox"], s);
      // Only mail servers write Received: fields (RFC 5321 §4.4); the first one the message met comes first.
      const auto hops = n["path"].items();
      if (hops.empty()) n["path"].fail("a received expectation names the servers the message went through, the first first");
      for (const Node& h : hops) {
        const std::string name = h.hostname();
        host_with_role(s, h, name, {Role::Submission, Role::Relay, Role::Destination},
                       "only mail servers add Received: fields");
        e.path.push_back(name);
      }
      break;
    }
    case Accepted:
      e.host = subject.hostname();
      host_with_role(s, subject, e.host, {Role::Submission, Role::Relay, Role::Destination},
                     "only mail servers accept messages");
      e.count = static_cast<int>(n["count"].integer(1, kMaxMessages));
      break;
  }
  return e;
}

}  // namespace

void parse_expect(const Node& root, Scenario& s) {
  for (const Node& n : list_of(root, "expect")) s.expect.push_back(parse_expectation(n, s));
}

}  // namespace mailsim::scenario::detail
