#pragma once
// A destination server: the final stop for its domains. It accepts mail on port 25 for the accounts
// it holds and stores it in their mailboxes (like Postfix handing to a local delivery agent), and it
// is where mail clients read mail (POP3 110, IMAP 143).
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "sim/mailstore/mailstore.hpp"
#include "sim/nodes/context.hpp"
#include "sim/nodes/node.hpp"
#include "sim/nodes/dnsbl.hpp"
#include "sim/nodes/sender_auth.hpp"
#include "sim/proto/pop3/server.hpp"
#include "sim/proto/smtp/reply.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class ForcedReplies;

class Destination : public Node {
 public:
  // `dns_address`: the resolver its sender checks (SPF, DKIM, DMARC) ask; empty when it has none.
  Destination(Context& ctx, scenario::Host config, std::shared_ptr<ForcedReplies> forced,
              std::string dns_address = {});

  // Adds a mailbox for `address` (login `user`).
  void add_account(const std::string& address, const std::string& user, const std::string& password);
  const scenario::Host& config() const { return config_; }
  const std::string& host() const override { return config_.name; }
  void apply(const scenario::Failure& f) override;
  mailstore::MailStore& store() { return store_; }
  const mailstore::MailStore& store() const { return store_; }
  // The login that owns an address here, or "" when there is none.
  std::string user_for(const std::string& address) const;
  // Runs after each successful POP3 or IMAP login, with the client's address and the user (POP
  // before SMTP watches them).
  void on_login(std::function<void(const std::string& address, const std::string& user)> fn) { login_watchers_.push_back(std::move(fn)); }

 private:
  smtp::Reply check_rcpt(const std::string& rcpt) const;
  void serve_pop3();
  void serve_imap();
  // Lets open IMAP sessions tell their clients about changes others made (new mail, expunges).
  void notify_sessions();
  // A POP3 session that may have just logged in: tells the login watchers once.
  void pop3_step(const pop3::Server& s, const net::Endpoint& ep);
  void logged_in(const std::string& address, const std::string& user);

  Context& ctx_;
  scenario::Host config_;
  std::shared_ptr<ForcedReplies> forced_;
  SenderChecks checks_;
  DnsblCheck dnsbl_;
  mailstore::MailStore store_;
  std::map<std::string, std::string> users_;  // lower-cased address -> login
  struct ImapSession;
  std::vector<std::weak_ptr<ImapSession>> imap_sessions_;
  std::vector<std::function<void(const std::string&, const std::string&)>> login_watchers_;
  std::set<std::uint64_t> pop3_logins_;  // connections whose login was told (while they last)
};

}  // namespace mailsim::nodes
