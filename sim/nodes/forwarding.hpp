#pragma once
// What a relay changes in the mail it passes on (the host keys forward and append_footer): the
// recipients, as plain forwarding does (a .forward file, an alias, Postfix's virtual_alias_maps),
// with the envelope sender kept; and the body, as a mailing list adds its footer. Both are how
// honest servers break sender authentication: forwarding breaks SPF at the next hop, a footer
// breaks the DKIM body hash (docs/sender-authentication.md).
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

struct Forwarded {
  std::vector<std::string> recipients;  // in order
  std::vector<std::string> changes;     // "club@lists.example -> bob@home.example", one per rewrite
};

// The recipients after the host's forward map, each once when it has one (one step: a forwarded address is not looked up
// again, so two hosts' maps cannot make a loop inside one host).
Forwarded forward_recipients(const scenario::Host& host, const std::vector<std::string>& rcpt_to);

// `message` (header, empty line, body; CRLF lines) with `footer` after the body's last line.
std::string append_footer(const std::string& message, const std::string& footer);

}  // namespace mailsim::nodes
