#pragma once
// A mail transfer agent: the submission server (port 587) and the relay (port 25) are both this.
// Split like Postfix: the SMTP server side receives into the queue (smtpd), a queue manager moves
// messages between incoming, active and deferred and decides when to retry (qmgr), and a delivery
// agent finds the next hop by MX lookup and speaks SMTP to it (smtp). Failed mail goes back to its
// sender as an RFC 3464 bounce.
#include <list>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/nodes/context.hpp"
#include "sim/nodes/credentials.hpp"
#include "sim/nodes/queue.hpp"
#include "sim/nodes/dkim_sign.hpp"
#include "sim/nodes/dnsbl.hpp"
#include "sim/nodes/node.hpp"
#include "sim/nodes/pop_before_smtp.hpp"
#include "sim/nodes/sender_auth.hpp"
#include "sim/proto/smtp/reply.hpp"
#include "sim/proto/smtp/server.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class ForcedReplies;

class Mta : public Node {
 public:
  // `port`: 587 for a submission server, 25 for a relay. `dns_address`: the resolver to ask.
  // `logins`: who may log in with SMTP AUTH, when the host's `auth` offers it.
  Mta(Context& ctx, scenario::Host config, std::string dns_address, std::uint16_t port,
      std::shared_ptr<ForcedReplies> forced, CredentialStore logins = {});

  const scenario::Host& config() const { return config_; }
  const std::string& host() const override { return config_.name; }
  void apply(const scenario::Failure& f) override;
  std::uint16_t port() const { return port_; }
  // In arrival order (mailq's), which is also the order a host coming back up retries them.
  const std::list<QueuedMessage>& queue() const { return queue_; }
  // Delivery attempts made so far for messages with this Message-ID (the scenario's `attempts`).
  int attempts_for(const std::string& message_id) const;
  // Where the POP3 and IMAP logins its pop_before_smtp rule watches are kept (the world's).
  void use_pop_before_smtp(const PopBeforeSmtp* logins) { pop_logins_ = logins; }

 private:
  std::shared_ptr<smtp::Server> new_session(const net::Endpoint& ep);
  bool in_relay_from(const std::string& client_address) const;
  // POP before SMTP: the client's address logged in to the rule's server within the window.
  bool pop_window_open(const std::string& client_address) const;
  smtp::Reply check_mail_from(const std::string& client_address, const smtp::Envelope& env) const;
  smtp::Reply check_rcpt(const std::string& client_address, const smtp::Envelope& env, const std::string& rcpt) const;
  smtp::Reply accept(const struct AcceptArgs& args);
  void enqueue(QueuedMessage m);
  QueuedMessage* find(const std::string& queue_id);
  void move(QueuedMessage& m, QueueName to, const std::string& why);
  void schedule_attempt(const std::string& queue_id, Time at);
  void attempt(const std::string& queue_id);
  void finish_attempt(const std::string& queue_id);
  void bounce(QueuedMessage& m, bool delayed);
  void remove(const std::string& queue_id, const std::string& why);
  void on_host_state(bool up);
  void queue_event(const QueuedMessage& m, QueueName from, QueueName to, const std::string& log);
  // A note about what the host did to `m` (forward, append_footer).
  void note(const QueuedMessage& m, const std::string& text);
  // One recipient's result of an attempt: status "sent", "deferred" or "bounced", and why.
  void recipient_event(const QueuedMessage& m, const std::string& rcpt, const std::string& relay,
                       const std::string& status, const std::string& detail);

  Context& ctx_;
  scenario::Host config_;
  std::string dns_address_;
  std::uint16_t port_;
  std::shared_ptr<ForcedReplies> forced_;
  CredentialStore logins_;
  const PopBeforeSmtp* pop_logins_ = nullptr;
  SenderChecks checks_;  // SPF, DKIM and DMARC on what it receives
  DnsblCheck dnsbl_;     // reject_rbl_client at RCPT TO
  DkimSigner signer_;    // DKIM on what it sends for its dkim_signing domains
  // A list, so a message stays where it is while others come and go, and an index by queue id, so
  // finding one does not scan a queue that holds thousands in a burst.
  std::list<QueuedMessage> queue_;
  std::unordered_map<std::string, std::list<QueuedMessage>::iterator> by_queue_id_;
  std::map<std::string, int> attempts_by_message_id_;
  std::uint64_t generation_ = 0;  // bumped when the host goes down: in-flight work is abandoned
  friend struct DeliveryRun;
};

}  // namespace mailsim::nodes
