#include "sim/proto/dkim/canon.hpp"

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::dkim {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

std::optional<Canon> parse_one(std::string_view s) {
  if (s == "simple") return Canon::Simple;
  if (s == "relaxed") return Canon::Relaxed;
  return std::nullopt;
}

// Runs of WSP become one SP; WSP at the end goes (the caller has already cut the line ending).
void append_squeezed(std::string& out, std::string_view line) {
  bool pending_space = false;
  for (char c : line) {
    if (is_wsp(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
}

// Removes trailing "\r\n" pairs, then puts exactly one back if anything is left or `keep_one`.
void end_with_one_crlf(std::string& body, bool keep_one) {
  while (body.size() >= 2 && body.compare(body.size() - 2, 2, "\r\n") == 0) body.resize(body.size() - 2);
  if (!body.empty() || keep_one) body += "\r\n";
}

}  // namespace

std::string_view to_string(Canon c) {
  return c == Canon::Simple ? "simple" : "relaxed";
}

std::optional<Canonicalization> parse_canonicalization(std::string_view c) {
  const std::size_t slash = c.find('/');
  const auto header = parse_one(c.substr(0, slash));
  if (!header) return std::nullopt;
  if (slash == std::string_view::npos) return Canonicalization{*header, Canon::Simple};
  const auto body = parse_one(c.substr(slash + 1));
  if (!body) return std::nullopt;
  return Canonicalization{*header, *body};
}

std::string to_string(const Canonicalization& c) {
  return std::string(to_string(c.header)) + "/" + std::string(to_string(c.body));
}

std::string canonical_header(Canon c, std::string_view raw) {
  if (c == Canon::Simple) return std::string(raw);
  const std::size_t colon = raw.find(':');
  std::string_view name = raw.substr(0, colon);
  while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
  std::string out = proto::to_lower(name);
  out += ':';
  if (colon == std::string_view::npos) return out + "\r\n";
  // Unfolding removes every CRLF; the WSP after each stays and is squeezed with the rest.
  std::string unfolded;
  for (char ch : raw.substr(colon + 1)) {
    if (ch != '\r' && ch != '\n') unfolded += ch;
  }
  std::string_view value = unfolded;
  while (!value.empty() && is_wsp(value.front())) value.remove_prefix(1);
  append_squeezed(out, value);
  return out + "\r\n";
}

std::string canonical_body(Canon c, std::string_view body) {
  std::string out;
  if (c == Canon::Simple) {
    out.assign(body);
    end_with_one_crlf(out, true);
    return out;
  }
  out.reserve(body.size());
  std::size_t start = 0;
  while (start < body.size()) {
    const std::size_t crlf = body.find("\r\n", start);
    const std::size_t end = crlf == std::string_view::npos ? body.size() : crlf;
    append_squeezed(out, body.substr(start, end - start));
    if (crlf == std::string_view::npos) break;
    out += "\r\n";
    start = crlf + 2;
  }
  if (!out.empty() && (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0)) out += "\r\n";
  end_with_one_crlf(out, false);
  return out;
}

}  // namespace mailsim::dkim
