#include "sim/scenario/roles.hpp"

#include <algorithm>
#include <stdexcept>

namespace mailsim::scenario {

namespace {

using Keys = std::vector<std::string_view>;

Keys operator+(Keys a, const Keys& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Groups of keys, by the software they configure.
// A server that receives mail with SMTP (Postfix's smtpd): its limits, its SASL, its TLS and its
// checks of the sender.
const Keys kSmtpd = {"domains", "resolver", "limits", "smtpd_forbid_bare_newline", "sasl_mechanisms", "sasl_path",
                     "smtpd_tls_security_level", "smtpd_tls_auth_only", "tls_certificate", "smtpd_tls_cert_file",
                     "smtpd_tls_key_file", "spf", "dkim", "dmarc"};
// An MTA that queues and sends on (Postfix's qmgr and smtp): where it sends, whom it relays for,
// how it retries, SMTP AUTH for its users, TLS to the next hop, signing and forwarding. A relay may
// offer SMTP AUTH on port 25 too, as Postfix's smtpd does with smtpd_sasl_auth_enable in master.cf's
// smtp line: the closed relay that still lets its users in from outside.
const Keys kMta = {"relayhost", "relay_from", "retry", "auth", "smtp_tls_security_level", "dkim_signing", "forward",
                   "append_footer"};

std::vector<RoleInfo> make_roles() {
  using enum Role;
  return {
      {Client, "client", {"Mail client", "メールクライアント"}, Icon::Monitor, 0, HostView::Mailboxes, std::nullopt,
       {"resolver", "device"}},
      {Submission, "submission", {"Submission server", "送信サーバー"}, Icon::Outbox, 1, HostView::Queues, 587,
       kSmtpd + kMta + Keys{"pop_before_smtp", "smtpd_tls_wrappermode"}},
      {Relay, "relay", {"Relay (MTA)", "中継サーバー(MTA)"}, Icon::Relay, 3, HostView::Queues, 25,
       kSmtpd + kMta + Keys{"smtpd_client_restrictions"}},
      {Dns, "dns", {"DNS server", "DNSサーバー"}, Icon::Globe, 4, HostView::Dns, std::nullopt, {}},
      {Destination, "destination", {"Destination (mailboxes)", "宛先サーバー(メールボックス)"}, Icon::Mailbox, 5,
       HostView::Mailboxes, 25, kSmtpd + Keys{"smtpd_client_restrictions", "ssl", "disable_plaintext_auth"}},
      {Router, "router", {"Router", "ルーター"}, Icon::Router, 2, HostView::None, std::nullopt, {"packet_filter"}},
      {Auth, "auth", {"Authentication server", "認証サーバー"}, Icon::Key, 5, HostView::None, std::nullopt,
       {"domains", "sasl_mechanisms"}},
      {Eavesdropper, "eavesdropper", {"Eavesdropper", "盗聴者"}, Icon::Headphones, 2, HostView::Captured,
       std::nullopt, {"tap", "strip_starttls"}},
  };
}

}  // namespace

const std::vector<RoleInfo>& roles() {
  static const std::vector<RoleInfo> table = [] {
    std::vector<RoleInfo> t = make_roles();
    for (std::size_t i = 0; i < t.size(); ++i)
      if (static_cast<std::size_t>(t[i].role) != i) throw std::logic_error("roles(): rows out of the order of Role");
    return t;
  }();
  return table;
}

const RoleInfo& info(Role r) { return roles().at(static_cast<std::size_t>(r)); }

std::optional<Role> role_from_string(std::string_view name) {
  for (const RoleInfo& r : roles())
    if (r.name == name) return r.role;
  return std::nullopt;
}

const std::vector<std::string_view>& all_host_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> k(std::begin(kHostKeys), std::end(kHostKeys));
    for (const RoleInfo& r : roles())
      for (std::string_view key : r.keys)
        if (std::find(k.begin(), k.end(), key) == k.end()) k.push_back(key);
    return k;
  }();
  return keys;
}

std::vector<Role> roles_accepting(std::string_view key) {
  std::vector<Role> out;
  for (const RoleInfo& r : roles())
    if (std::find(r.keys.begin(), r.keys.end(), key) != r.keys.end()) out.push_back(r.role);
  return out;
}

}  // namespace mailsim::scenario
