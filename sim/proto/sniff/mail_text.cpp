// A message's text as a sniffer shows it: the fields a reader looks at first and the body.
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/sniff/parts.hpp"

namespace mailsim::sniff::detail {

namespace {
// RFC 5322 §2.1.1's line limit: longer lines are cut where they are kept.
constexpr std::size_t kMaxKept = 998;

void append_cut(std::string& to, std::string_view s) {
  if (to.size() < kMaxKept) to.append(s.substr(0, kMaxKept - to.size()));
}
}  // namespace

void MailText::line(std::string_view text) {
  c_.bytes += text.size() + 2;
  if (in_body_) {
    if (c_.body.size() < kMaxBodyLines) c_.body.emplace_back(text.substr(0, kMaxKept));
    else ++c_.lines_left_out;
    return;
  }
  if (text.empty()) {
    in_body_ = true;
    return;
  }
  if (text.front() == ' ' || text.front() == '\t') {  // a folded field goes on (§2.2.3)
    if (field_) {
      append_cut(*field_, " ");
      append_cut(*field_, proto::trim(text));
    }
    return;
  }
  field_ = nullptr;
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return;
  const std::string_view name = proto::trim(text.substr(0, colon));
  if (proto::iequals(name, "From")) field_ = &c_.from;
  else if (proto::iequals(name, "To")) field_ = &c_.to;
  else if (proto::iequals(name, "Subject")) field_ = &c_.subject;
  if (field_ && field_->empty()) append_cut(*field_, proto::trim(text.substr(colon + 1)));
  else field_ = nullptr;  // a second From: is not the one a reader sees
}

void MailText::text(std::string_view all) {
  while (!all.empty()) {
    const std::size_t lf = all.find('\n');
    std::string_view l = all.substr(0, lf);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    line(l);
    if (lf == std::string_view::npos) break;
    all.remove_prefix(lf + 1);
  }
}

Capture MailText::finish(Protocol protocol, bool from_client) const {
  Capture c = c_;
  c.what = Capture::What::MailText;
  c.protocol = protocol;
  c.from_client = from_client;
  return c;
}

namespace {
// The length of the UTF-8 character at s[i], 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return 0;
  return n;
}
bool control(unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; }
}  // namespace

std::string visible(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_length(s, i);
    if (n == 0 || (n == 1 && control(c))) {
      out += "<0x";
      out += hex[c >> 4];
      out += hex[c & 0xf];
      out += '>';
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

bool readable(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return false;
    const auto c = static_cast<unsigned char>(s[i]);
    if (n == 1 && control(c) && c != '\r' && c != '\n') return false;
    i += n;
  }
  return true;
}

}  // namespace mailsim::sniff::detail
