#pragma once
// What check_expectations reads of a run's trace, gathered one event at a time. A run that keeps
// its trace builds these from it after the run (`of`); a run nobody reads the trace of (`mailsim run
// --quiet`) hands every event to `see` as it happens and stores none, which is what lets a million
// messages fit in memory (docs/performance.md, issue 16). Either way the same events are seen in
// the same order, so the results are the same.
//
// Only what the scenario's expectations ask is kept: a Message-ID per submitted message, the first
// reply a `reply_seen` waits for, the queue ids a host named by `accepted` took in, and the refusals
// and captures of the hosts (and messages) the expectations name.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/event.hpp"

namespace mailsim::world {

class ExpectFacts {
 public:
  explicit ExpectFacts(const scenario::Scenario& s);
  // The facts of a whole stored trace.
  static ExpectFacts of(const scenario::Scenario& s, const trace::Trace& t);

  void see(const trace::Event& e);
  // Makes `t` hand every event to `see` and store only those kept_in_trace: a run nobody reads the
  // trace of. The facts must outlive the run.
  void collect(trace::Trace& t);
  // Whether a run that stores no events must still store this one: a sender check's record, which
  // gets its Message-ID after it is added (SPF is checked at MAIL FROM, before there is a message),
  // so the `auth_result` expectations read those records from the trace at the end.
  static bool kept_in_trace(const trace::Event& e) { return e.kind == trace::Kind::Auth; }

  // The Message-ID scenario message `message` got when a server accepted its submission (the first
  // submission with a queue id, then that server's queue record of it), or "" if none did.
  std::string message_id(const std::string& message) const;

  // A line quoted for the teacher, and when it was sent.
  struct Quote {
    Time time = 0;
    std::string text;
  };
  // The first reply with code `code` (from `host`, or any host when ""), if a `reply_seen` of the
  // scenario asks for exactly that.
  const std::optional<Quote>& first_reply(const std::string& host, int code) const;
  // How many messages `host` took in (counted by queue id), for an `accepted` expectation's host.
  std::size_t accepted(const std::string& host) const;

  struct Refusal {
    int code = 0;
    Quote said;  // the client's words
  };
  // The failed submissions of `message` to `host`, in order, for a `refused` expectation's pair.
  const std::vector<Refusal>& refusals(const std::string& message, const std::string& host) const;

  struct Login {
    std::string user, method;
    bool password = false;  // a credential with the password, not a challenge-response
  };
  // How many deliveries (one per stored copy) went by: what a progress line counts.
  std::size_t deliveries() const { return deliveries_; }

  // The logins eavesdropper `host` captured, for a `captured` expectation's host.
  const std::vector<Login>& logins(const std::string& host) const;

 private:
  using HostKey = std::pair<std::string, std::string>;  // (host, queue id) or (message, host)
  struct WantedReply {
    std::string host;
    int code = 0;
    std::optional<Quote> first;
  };

  std::map<std::string, HostKey> submitted_;          // message -> (server, queue id), the first
  std::set<std::string> submission_servers_;          // every server a client submitted to
  std::map<HostKey, std::string> queued_message_id_;  // (server, queue id) -> Message-ID, the first
  std::vector<WantedReply> replies_;
  std::map<std::string, std::set<std::string>> accepted_;   // host -> queue ids
  std::map<HostKey, std::vector<Refusal>> refusals_;        // (message, host) -> refusals
  std::map<std::string, std::vector<Login>> logins_;        // host -> logins
  std::size_t deliveries_ = 0;
};

}  // namespace mailsim::world
