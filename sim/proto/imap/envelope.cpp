#include "sim/proto/imap/envelope.hpp"

#include <optional>
#include <vector>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/args.hpp"
#include "sim/proto/imap/header_fields.hpp"

namespace mailsim::imap {

namespace {

// One address list (RFC 5322 §3.4) as IMAP's ((name adl mailbox host) ...), NIL when empty.
std::string address_list(const std::optional<std::string>& v) {
  if (!v || v->empty()) return "NIL";
  std::vector<std::string> items;
  std::string cur;
  int angle = 0;
  bool quote = false;
  for (char c : *v + ",") {
    if (c == '"') quote = !quote;
    if (!quote && c == '<') ++angle;
    if (!quote && c == '>') --angle;
    if (c == ',' && !quote && angle == 0) {
      items.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  std::string out;
  for (const auto& raw : items) {
    std::string_view item = proto::trim(raw);
    if (item.empty()) continue;
    std::string name, addr;
    const auto lt = item.find('<');
    if (lt != std::string_view::npos) {
      name = std::string(proto::trim(item.substr(0, lt)));
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
      addr = std::string(item.substr(lt + 1, item.find('>', lt) - lt - 1));
    } else {
      addr = std::string(item);
    }
    const auto at = addr.rfind('@');
    const std::string mailbox = at == std::string::npos ? addr : addr.substr(0, at);
    const std::string host = at == std::string::npos ? "" : addr.substr(at + 1);
    out += "(" + (name.empty() ? std::string("NIL") : imap_string(name)) + " NIL " + imap_string(mailbox) + " " +
           (host.empty() ? std::string("NIL") : imap_string(host)) + ")";
  }
  return out.empty() ? "NIL" : "(" + out + ")";
}

}  // namespace

std::string envelope(std::string_view header) {
  auto f = [&](const char* n) { return header_value(header, n); };
  auto str = [&](const char* n) {
    auto v = f(n);
    return v ? imap_string(*v) : std::string("NIL");
  };
  const std::string from = address_list(f("From"));
  const std::string sender = f("Sender") ? address_list(f("Sender")) : from;
  const std::string reply_to = f("Reply-To") ? address_list(f("Reply-To")) : from;
  return "(" + str("Date") + " " + str("Subject") + " " + from + " " + sender + " " + reply_to + " " +
         address_list(f("To")) + " " + address_list(f("Cc")) + " " + address_list(f("Bcc")) + " " +
         str("In-Reply-To") + " " + str("Message-ID") + ")";
}

}  // namespace mailsim::imap
