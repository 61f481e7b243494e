#pragma once
// Replies a scenario forces a server to give (greylisting, a full mailbox, a broken server):
// port -> SMTP verb -> reply. New connections read them; a change does not touch open ones.
#include <cstdint>
#include <map>
#include <string>

#include "sim/proto/smtp/reply.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class ForcedReplies {
 public:
  void set(std::uint16_t port, const std::string& command, smtp::Reply reply) { by_port_[port][command] = std::move(reply); }
  void clear(std::uint16_t port, const std::string& command) { by_port_[port].erase(command); }
  // The lesson's smtp_reply and smtp_reply_clear failures on `host`; others are not for it.
  void apply(const scenario::Failure& f, const std::string& host) {
    if (f.host != host) return;
    if (f.kind == scenario::FailureKind::SmtpReply)
      set(f.port, f.command, smtp::make_reply(f.reply_code, f.reply_enhanced, f.reply_text));
    if (f.kind == scenario::FailureKind::SmtpReplyClear) clear(f.port, f.command);
  }
  std::map<std::string, smtp::Reply> for_port(std::uint16_t port) const {
    auto it = by_port_.find(port);
    return it == by_port_.end() ? std::map<std::string, smtp::Reply>{} : it->second;
  }

 private:
  std::map<std::uint16_t, std::map<std::string, smtp::Reply>> by_port_;
};

}  // namespace mailsim::nodes
