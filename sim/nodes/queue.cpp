#include "sim/nodes/queue.hpp"

#include <algorithm>

namespace mailsim::nodes {

bool QueuedMessage::pending() const {
  return std::any_of(recipients.begin(), recipients.end(),
                     [](const QueuedRecipient& r) { return r.state == RcptState::Pending; });
}

Duration retry_delay(const scenario::RetrySchedule& s, int failed_attempts) {
  Duration d = s.first;
  for (int i = 1; i < failed_attempts && d < s.max; ++i) d *= 2;
  return std::min(d, s.max);
}

bool expired(const scenario::RetrySchedule& s, Time arrival, Time now) { return now - arrival >= s.give_up; }

}  // namespace mailsim::nodes
