#pragma once
// An MTA's queue, with Postfix's names so students can map what they see to a real server:
// incoming (just received), active (being delivered), deferred (waiting for a retry), hold (parked by
// the administrator). The retry arithmetic is a pure function, tested on its own.
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/proto/smtp/reply.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/trace/event.hpp"

namespace mailsim::nodes {

// The queue names are the trace's, so a queue move is recorded as it happens.
using QueueName = trace::QueueName;

enum class RcptState { Pending, Delivered, Failed };

struct QueuedRecipient {
  explicit QueuedRecipient(std::string a = {}) : address(std::move(a)) {}
  std::string address;
  RcptState state = RcptState::Pending;
  std::string status;       // enhanced status of the last result ("4.4.1", "5.1.1")
  std::string diagnostic;   // "smtp; 550 5.1.1 ..." or the connection error
  std::string remote_mta;   // the host that answered, if any
  bool reported = false;    // a bounce for this failure went out
};

struct QueuedMessage {
  std::string queue_id;
  QueueName queue = QueueName::Incoming;
  std::string mail_from;    // "" = null sender (a bounce)
  // MAIL FROM's AUTH= as the server side kept it (RFC 4954 §5), passed on to the next hop that
  // offers AUTH; nullopt when the client gave none.
  std::optional<std::string> mail_auth;
  std::string sasl_method, sasl_username;  // who submitted it, when the client logged in
  std::vector<QueuedRecipient> recipients;
  std::string data;         // the message as it will be sent on (our Received: on top)
  std::string message_id;
  Time arrival = 0;
  int attempts = 0;
  Time next_retry = 0;
  bool warned = false;      // a delay warning went out
  std::string last_error;

  bool pending() const;     // any recipient still pending
};

// Delay before the next attempt after `failed_attempts` (>= 1) failures: the first retry after
// `first`, doubling each time, never more than `max` (Postfix's minimal/maximal_backoff_time).
Duration retry_delay(const scenario::RetrySchedule& s, int failed_attempts);
// True when a message that arrived at `arrival` has been queued too long to try again at `now`.
bool expired(const scenario::RetrySchedule& s, Time arrival, Time now);

}  // namespace mailsim::nodes
