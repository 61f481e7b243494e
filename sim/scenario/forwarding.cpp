// What a relay does to the mail it passes on besides relaying it: forward (a .forward, an alias)
// and append_footer (a mailing list's footer). Both exist to show what breaks SPF and DKIM.
#include <algorithm>

#include "sim/proto/common/line_reader.hpp"
#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

void parse_forwarding(const Node& n, Host& h) {
  if (auto f = n.get("forward")) {
    if (!f->json().is_object()) f->fail("'forward' maps an address to where its mail goes: {\"user@a.example\": \"user@b.example\"}");
    for (const auto& [address, target] : f->json().items()) {
      const Node to((*f)[address]);
      if (!is_mail_address(address)) f->fail_key(address, in_quotes(address) + " is not a mail address (local@domain)");
      // Looked up without regard to case, as the destination finds its accounts.
      const std::string key = proto::to_lower(address);
      // The host receives only what is addressed to its own domains (reject_unauth_destination
      // for everyone outside relay_from), so any other key could never match.
      if (std::find(h.domains.begin(), h.domains.end(), domain_of(key)) == h.domains.end())
        f->fail_key(address, in_quotes(address) + " is not in this host's domains (" + join(h.domains) +
                                 "): add its domain to 'domains' so the host accepts its mail");
      std::vector<std::string> targets = to.mail_addresses();
      if (targets.empty()) to.fail("forward " + in_quotes(address) + " to at least one address");
      if (std::any_of(targets.begin(), targets.end(), [&](const std::string& t) { return proto::to_lower(t) == key; }))
        to.fail(in_quotes(address) + " is forwarded to itself: its mail would go round for ever");
      h.forward[key] = std::move(targets);
    }
  }
  if (auto a = n.get("append_footer")) {
    std::vector<std::string> lines;
    if (a->json().is_array()) {
      for (const Node& line : a->items()) lines.push_back(line.string());
    } else {
      std::string text = a->string();
      std::size_t pos = 0;
      while (pos <= text.size()) {
        const auto nl = text.find('\n', pos);
        lines.push_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
        if (nl == std::string::npos) break;
        pos = nl + 1;
      }
      if (!lines.empty() && lines.back().empty()) lines.pop_back();
    }
    for (std::string& line : lines) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_of("\r\n") != std::string::npos) a->fail("a footer line holds a line break");
      h.append_footer += line + "\r\n";
    }
    if (h.append_footer.empty()) a->fail("the footer is empty: leave 'append_footer' out instead");
  }
}

}  // namespace mailsim::scenario::detail
