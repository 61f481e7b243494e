#include "sim/nodes/forwarding.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::nodes {

Forwarded forward_recipients(const scenario::Host& host, const std::vector<std::string>& rcpt_to) {
  Forwarded out;
  if (host.forward.empty()) {  // the envelope as it came, duplicates and all
    out.recipients = rcpt_to;
    return out;
  }
  auto add = [&](const std::string& r) {
    if (std::find(out.recipients.begin(), out.recipients.end(), r) == out.recipients.end()) out.recipients.push_back(r);
  };
  for (const std::string& r : rcpt_to) {
    const auto it = host.forward.find(proto::to_lower(r));
    if (it == host.forward.end()) {
      add(r);
      continue;
    }
    std::string list;
    for (const std::string& to : it->second) {
      add(to);
      list += (list.empty() ? "" : ", ") + to;
    }
    out.changes.push_back(r + " -> " + list);
  }
  return out;
}

std::string append_footer(const std::string& message, const std::string& footer) {
  if (footer.empty()) return message;
  std::string out = message;
  if (out.find("\r\n\r\n") == std::string::npos) {
    // Header only: the footer is the body, after the empty line that starts it.
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    out += "\r\n";
  } else if (out.size() >= 2 && out.compare(out.size() - 2, 2, "\r\n") != 0) {
    out += "\r\n";  // a last line without its line end
  }
  return out + footer;
}

}  // namespace mailsim::nodes
