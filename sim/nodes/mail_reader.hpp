#pragma once
// The reading half of a mail client: on a schedule (or held open in IMAP IDLE) it fetches its user's
// new mail from the destination server into a local copy, the device's own store. POP3 usually
// downloads and deletes (the mail then lives on one device only); IMAP leaves it on the server, so
// every device sees the same mailbox.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/nodes/context.hpp"
#include "sim/nodes/node.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

struct LocalMessage {
  std::string server_id;            // POP3 unique-id or IMAP "uidvalidity.uid"
  std::string raw;
  std::set<std::string> flags;      // IMAP flags at download time
  Time fetched_at = 0;
};

class MailReader : public Node {
 public:
  // `server_ssl`: the reading server's TLS (Dovecot's ssl), for the default of the reader's own.
  MailReader(Context& ctx, scenario::Client config, std::string server_address, std::string user,
             std::string password, proto::Ssl server_ssl = proto::Ssl::No);
  const scenario::Client& config() const { return config_; }
  const std::string& host() const override { return config_.host; }
  const std::vector<LocalMessage>& local_copy() const { return local_; }
  bool connected() const { return busy_; }

 private:
  void check();
  void check_pop3();
  void check_imap(std::size_t folder = 0);  // the fetch's folders[folder], then the next ones
  // The server port: fetch.port, else 110 (POP3) or 143 (IMAP); 993/995 mean implicit TLS.
  std::uint16_t port() const;
  void after_session(const std::string& error);
  void store(std::string id, std::string raw, std::set<std::string> flags);
  void on_host_state(bool up);

  Context& ctx_;
  scenario::Client config_;
  std::string server_address_, user_, password_;
  proto::ClientTls tls_ = proto::ClientTls::None;  // STLS / STARTTLS
  std::vector<LocalMessage> local_;
  std::set<std::string> known_uidls_;   // POP3 keep mode: what is already here
  struct FolderState {                  // IMAP: where the last session in a folder left off
    std::uint32_t uidvalidity = 0;
    std::uint32_t last_uid = 0;
  };
  std::map<std::string, FolderState> folders_;
  bool busy_ = false;
  std::uint64_t generation_ = 0;        // bumped when the device goes down
};

}  // namespace mailsim::nodes
