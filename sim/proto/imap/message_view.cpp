#include "sim/proto/imap/message_view.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/args.hpp"

namespace mailsim::imap {

namespace {

struct Field {
  std::string_view name;
  std::string_view whole;  // the field's lines with their CRLFs
};

std::vector<Field> fields_of(std::string_view header) {
  std::vector<Field> out;
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = pos;
    do {  // a field goes on while the next line starts with white space
      const auto nl = header.find('\n', end);
      end = nl == std::string_view::npos ? header.size() : nl + 1;
    } while (end < header.size() && (header[end] == ' ' || header[end] == '\t'));
    const std::string_view whole = header.substr(pos, end - pos);
    const auto colon = whole.find(':');
    if (colon != std::string_view::npos) out.push_back({whole.substr(0, colon), whole});
    pos = end;
  }
  return out;
}

std::string unfold_value(std::string_view whole) {
  std::string v(whole.substr(whole.find(':') + 1));
  std::string out;
  for (char c : v)
    if (c != '\r' && c != '\n') out += c;
  return std::string(proto::trim(out));
}

// "type/subtype; name=value; ..." -> upper-case type, subtype, and the parameters.
struct ContentType {
  std::string type = "TEXT", subtype = "PLAIN";
  std::vector<std::pair<std::string, std::string>> params;
};

ContentType parse_content_type(const std::optional<std::string>& v) {
  ContentType ct;
  if (!v) {
    ct.params.push_back({"CHARSET", "US-ASCII"});
    return ct;
  }
  std::string_view s = *v;
  const auto semi = s.find(';');
  const std::string_view media = proto::trim(s.substr(0, semi));
  const auto slash = media.find('/');
  if (slash != std::string_view::npos) {
    ct.type = proto::to_upper(proto::trim(media.substr(0, slash)));
    ct.subtype = proto::to_upper(proto::trim(media.substr(slash + 1)));
  }
  while (semi != std::string_view::npos && !s.empty()) {
    const auto next = s.find(';');
    if (next == std::string_view::npos) break;
    s.remove_prefix(next + 1);
    const std::string_view param = proto::trim(s.substr(0, s.find(';')));
    const auto eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    std::string value(proto::trim(param.substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    ct.params.push_back({proto::to_upper(proto::trim(param.substr(0, eq))), value});
  }
  return ct;
}

std::string param(const ContentType& ct, std::string_view name) {
  for (const auto& [k, v] : ct.params)
    if (k == name) return v;
  return {};
}

// Lines of a body part; a last line without CRLF counts too (the CRLF before a MIME boundary belongs
// to the boundary, RFC 2046 §5.1.1).
std::size_t count_lines(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')) + (!s.empty() && s.back() != '\n');
}

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

std::string part_structure(std::string_view header, std::string_view body, bool extended, int depth);

std::string body_params(const ContentType& ct, bool skip_boundary) {
  std::string out;
  for (const auto& [k, v] : ct.params)
    if (!(skip_boundary && k == "BOUNDARY")) out += (out.empty() ? "" : " ") + imap_string(k) + " " + imap_string(v);
  return out.empty() ? "NIL" : "(" + out + ")";
}

std::string part_structure(std::string_view header, std::string_view body, bool extended, int depth) {
  std::optional<std::string> ctype, cte;
  for (const auto& f : fields_of(header)) {
    if (proto::iequals(f.name, "Content-Type")) ctype = unfold_value(f.whole);
    if (proto::iequals(f.name, "Content-Transfer-Encoding")) cte = unfold_value(f.whole);
  }
  const ContentType ct = parse_content_type(ctype);
  const std::string boundary = param(ct, "BOUNDARY");
  if (ct.type == "MULTIPART" && !boundary.empty() && depth < 8) {
    std::string parts;
    const std::string delim = "--" + boundary;
    std::size_t pos = body.find(delim);
    while (pos != std::string_view::npos) {
      std::size_t start = body.find('\n', pos);
      if (start == std::string_view::npos || body.compare(pos + delim.size(), 2, "--") == 0) break;
      ++start;
      std::size_t next = body.find("\r\n" + delim, start);
      if (next == std::string_view::npos) break;
      const std::string_view part = body.substr(start, next - start);
      const auto split = part.find("\r\n\r\n");
      const std::string_view ph = split == std::string_view::npos ? std::string_view{} : part.substr(0, split + 2);
      const std::string_view pb = split == std::string_view::npos ? part : part.substr(split + 4);
      parts += part_structure(ph, pb, extended, depth + 1);
      pos = next + 2;
    }
    if (parts.empty()) return "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" " + std::to_string(body.size()) + " " +
                              std::to_string(count_lines(body)) + ")";
    return "(" + parts + " " + imap_string(ct.subtype) + (extended ? " " + body_params(ct, false) + " NIL NIL" : "") + ")";
  }
  std::string out = "(" + imap_string(ct.type) + " " + imap_string(ct.subtype) + " " + body_params(ct, false) +
                    " NIL NIL " + imap_string(cte ? proto::to_upper(*cte) : "7BIT") + " " + std::to_string(body.size());
  if (ct.type == "TEXT") out += " " + std::to_string(count_lines(body));
  if (extended) out += " NIL NIL NIL";
  return out + ")";
}

}  // namespace

MessageView::MessageView(std::string_view raw) : raw_(raw) {
  const auto split = raw.find("\r\n\r\n");
  if (split == std::string_view::npos) {
    header_ = raw;
  } else {
    header_ = raw.substr(0, split + 4);
    text_ = raw.substr(split + 4);
  }
}

std::optional<std::string> MessageView::field(std::string_view name) const {
  for (const auto& f : fields_of(header_))
    if (proto::iequals(f.name, name)) return unfold_value(f.whole);
  return std::nullopt;
}

std::string MessageView::header_fields(const std::vector<std::string>& names, bool exclude) const {
  // Sorted once, looked up per field: comparing every field with every name cost header lines times
  // names, and a client chooses both.
  std::vector<std::string> wanted;
  wanted.reserve(names.size());
  for (const auto& n : names) wanted.push_back(proto::to_upper(n));
  std::sort(wanted.begin(), wanted.end());
  std::string out;
  for (const auto& f : fields_of(header_)) {
    if (f.whole == "\r\n") continue;
    const bool named = std::binary_search(wanted.begin(), wanted.end(), proto::to_upper(f.name));
    if (named != exclude) out += f.whole;
  }
  return out + "\r\n";
}

std::string MessageView::envelope() const {
  auto f = [&](const char* n) { return field(n); };
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

std::string MessageView::body_structure(bool extended) const {
  return part_structure(header_, text_, extended, 0);
}

}  // namespace mailsim::imap
