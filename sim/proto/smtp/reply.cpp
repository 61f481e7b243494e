#include "sim/proto/smtp/reply.hpp"

#include <cctype>

namespace mailsim::smtp {

std::string Reply::serialize() const {
  std::string out;
  const std::string code_str = std::to_string(code);
  const std::size_t n = lines.empty() ? 1 : lines.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += code_str;
    out += (i + 1 < n) ? '-' : ' ';
    if (!enhanced.empty()) {
      out += enhanced;
      if (!lines.empty() && !lines[i].empty()) out += ' ';
    }
    if (!lines.empty()) out += lines[i];
    out += "\r\n";
  }
  return out;
}

std::string Reply::summary() const {
  std::string out = std::to_string(code);
  if (!enhanced.empty()) out += " " + enhanced;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += i == 0 ? " " : " / ";
    out += lines[i];
  }
  return out;
}

Reply make_reply(int code, std::string enhanced, std::string text) {
  return Reply{code, std::move(enhanced), {std::move(text)}};
}

namespace {
bool is_enhanced(std::string_view s) {
  // class "." subject "." detail (RFC 3463): digit, 1-3 digits, 1-3 digits.
  std::size_t i = 0;
  auto digits = [&](std::size_t max) {
    std::size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < max) ++i;
    return i > start;
  };
  if (!digits(1) || i >= s.size() || s[i++] != '.') return false;
  if (!digits(3) || i >= s.size() || s[i++] != '.') return false;
  return digits(3) && i == s.size();
}
}  // namespace

std::optional<Reply> ReplyParser::feed_line(std::string_view line, bool expect_enhanced) {
  const bool well_formed = line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
                           std::isdigit(static_cast<unsigned char>(line[1])) &&
                           std::isdigit(static_cast<unsigned char>(line[2])) &&
                           (line.size() == 3 || line[3] == ' ' || line[3] == '-');
  if (!well_formed) {
    partial_.reset();
    return Reply{0, "", {std::string(line)}};
  }
  const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  const bool more = line.size() > 3 && line[3] == '-';
  std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view{};
  std::string enhanced;
  if (expect_enhanced) {
    const std::size_t sp = text.find(' ');
    const std::string_view first = text.substr(0, sp);
    if (is_enhanced(first) && first[0] == line[0]) {
      enhanced = std::string(first);
      text = sp == std::string_view::npos ? std::string_view{} : text.substr(sp + 1);
    }
  }
  if (!partial_ || partial_->code != code) partial_ = Reply{code, enhanced, {}};
  if (partial_->enhanced.empty()) partial_->enhanced = enhanced;
  partial_->lines.emplace_back(text);
  if (more) return std::nullopt;
  Reply done = std::move(*partial_);
  partial_.reset();
  return done;
}

}  // namespace mailsim::smtp
