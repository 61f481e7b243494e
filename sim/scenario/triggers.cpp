// A caption's or a quiz question's `on`: the event it waits for, as one key naming the kind
// ({"reply": 550}, {"queue": "deferred"}, {"delivered": "m1"}, ...) with optional host, message,
// nth and after. Everything it names must exist in the lesson, so a misspelt host fails here
// rather than leaving a caption that never shows.
#include <algorithm>

#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

using Kind = Trigger::Kind;

constexpr Kind kKinds[] = {Kind::Reply,   Kind::Queue,    Kind::Delivered, Kind::Bounced, Kind::Failure,
                           Kind::Connect, Kind::TimedOut, Kind::Refused,   Kind::Fetched, Kind::Auth};

void check_message(const Node& n, const Scenario& s, const std::string& id) {
  if (std::none_of(s.messages.begin(), s.messages.end(), [&](const MessageSpec& m) { return m.id == id; }))
    n.fail("no message with id " + in_quotes(id));
}

// "550", 550 or "5xx".
void parse_code(const Node& n, Trigger& t) {
  if (n.json().is_string()) {
    const std::string c = n.string();
    if (c.size() == 3 && c[0] >= '2' && c[0] <= '5' && (c.substr(1) == "xx" || c.substr(1) == "XX")) {
      t.code_class = c[0] - '0';
      return;
    }
    n.fail(in_quotes(c) + " is not a reply code (like 550) or class (like \"4xx\")");
  }
  t.code = static_cast<int>(n.integer(200, 599));
}

}  // namespace

Trigger parse_trigger(const Node& n, const Scenario& s) {
  n.check_object({"reply", "queue", "delivered", "bounced", "failure", "connect", "timed_out", "refused", "fetched",
                  "auth", "result", "host", "message", "nth", "after"});
  Trigger t;
  t.json_path = n.pointer();
  std::vector<Kind> given;
  for (Kind k : kKinds)
    if (n.has(to_string(k))) given.push_back(k);
  std::vector<std::string> names;
  for (Kind k : kKinds) names.push_back(to_string(k));
  if (given.empty()) n.fail("a trigger needs one of " + join(names));
  if (given.size() > 1)
    n.fail_key(to_string(given[1]), "a trigger waits for one thing: " + in_quotes(to_string(given[0])) + " or " +
                                        in_quotes(to_string(given[1])) + ", not both");
  t.kind = given[0];
  const Node what = n[to_string(t.kind)];
  // Which of the optional keys make sense for each kind.
  const bool takes_message = t.kind == Kind::Queue || t.kind == Kind::Fetched || t.kind == Kind::Auth;
  if (n.has("message") && !takes_message)
    n.fail_key("message", "\"message\" applies to a queue, fetched or auth trigger (the others name their message)");
  if (n.has("result") && t.kind != Kind::Auth) n.fail_key("result", "\"result\" applies to an auth trigger");
  if (n.has("host") && (t.kind == Kind::Failure || t.kind == Kind::Fetched))
    n.fail_key("host", "a " + to_string(t.kind) + " trigger names its host in " + in_quotes(to_string(t.kind)));

  using enum Role;
  switch (t.kind) {
    case Kind::Reply: parse_code(what, t); break;
    case Kind::Queue: {
      t.queue = what.string();
      if (t.queue != "incoming" && t.queue != "active" && t.queue != "deferred" && t.queue != "hold")
        what.fail(in_quotes(t.queue) + " is not a queue (incoming, active, deferred, hold)");
      break;
    }
    case Kind::Delivered:
    case Kind::Bounced:
      t.message = what.string();
      check_message(what, s, t.message);
      break;
    case Kind::Failure:
      if (what.json().is_string()) {
        t.peer = what.hostname();
        host_index(s, what, t.peer);
      } else {
        const auto count = static_cast<std::int64_t>(s.failures.size());
        if (count == 0) what.fail("the lesson has no failures to wait for");
        t.failure = static_cast<std::size_t>(what.integer(0, count - 1));
      }
      break;
    case Kind::Connect:
    case Kind::TimedOut:
    case Kind::Refused:
      t.peer = what.hostname();
      host_index(s, what, t.peer);
      break;
    case Kind::Fetched:
      t.host = what.hostname();
      if (std::none_of(s.clients.begin(), s.clients.end(), [&](const scenario::Client& c) {
            return c.host == t.host && c.fetch.protocol != Fetch::Protocol::None;
          }))
        what.fail(in_quotes(t.host) + " is not a client that fetches mail");
      break;
    case Kind::Auth: {
      t.auth_method = what.string();
      if (t.auth_method != "spf" && t.auth_method != "dkim" && t.auth_method != "dmarc")
        what.fail(in_quotes(t.auth_method) + " is not a sender check (spf, dkim, dmarc)");
      if (auto r = n.get("result")) t.auth_result = r->nonempty_string();
      break;
    }
  }
  if (auto h = n.get("host")) {
    t.host = h->hostname();
    if (t.kind == Kind::Reply)
      host_with_role(s, *h, t.host, {Submission, Relay, Destination}, "only submission, relay and destination hosts answer SMTP");
    else if (t.kind == Kind::Queue || t.kind == Kind::Bounced)
      host_with_role(s, *h, t.host, {Submission, Relay}, "only submission and relay hosts have queues");
    else if (t.kind == Kind::Delivered)
      host_with_role(s, *h, t.host, {Destination}, "mail is stored on destination hosts");
    else if (t.kind == Kind::Auth)
      host_with_role(s, *h, t.host, {Relay, Destination}, "receiving servers check senders");
    else
      host_index(s, *h, t.host);
  }
  if (auto m = n.get("message")) {
    t.message = m->string();
    check_message(*m, s, t.message);
  }
  if (auto k = n.get("nth")) t.nth = static_cast<int>(k->integer(1, 1000));
  if (auto a = n.get("after")) t.after = a->duration();
  return t;
}

}  // namespace mailsim::scenario::detail
