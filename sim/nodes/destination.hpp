#pragma once
// A destination server: the final stop for its domains. It accepts mail on port 25 for the accounts
// it holds and stores it in their mailboxes (like Postfix handing to a local delivery agent), and it
// is where mail clients read mail (POP3 110, IMAP 143).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/mailstore/mailstore.hpp"
#include "sim/nodes/context.hpp"
#include "sim/nodes/dnsbl.hpp"
#include "sim/nodes/sender_auth.hpp"
#include "sim/proto/smtp/reply.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class ForcedReplies;

class Destination {
 public:
  // `dns_address`: the resolver its sender checks (SPF, DKIM, DMARC) ask; empty when it has none.
  Destination(Context& ctx, scenario::Host config, std::shared_ptr<ForcedReplies> forced,
              std::string dns_address = {});

  // Adds a mailbox for `address` (login `user`).
  void add_account(const std::string& address, const std::string& user, const std::string& password);
  const scenario::Host& config() const { return config_; }
  mailstore::MailStore& store() { return store_; }
  const mailstore::MailStore& store() const { return store_; }
  // The login that owns an address here, or "" when there is none.
  std::string user_for(const std::string& address) const;

 private:
  smtp::Reply check_rcpt(const std::string& rcpt) const;
  void serve_pop3();
  void serve_imap();
  // Lets open IMAP sessions tell their clients about changes others made (new mail, expunges).
  void notify_sessions();

  Context& ctx_;
  scenario::Host config_;
  std::shared_ptr<ForcedReplies> forced_;
  SenderChecks checks_;
  DnsblCheck dnsbl_;
  mailstore::MailStore store_;
  std::map<std::string, std::string> users_;  // lower-cased address -> login
  struct ImapSession;
  std::vector<std::weak_ptr<ImapSession>> imap_sessions_;
};

}  // namespace mailsim::nodes
