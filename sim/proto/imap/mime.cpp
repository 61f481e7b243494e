#include "sim/proto/imap/mime.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/args.hpp"
#include "sim/proto/imap/envelope.hpp"
#include "sim/proto/imap/header_fields.hpp"

namespace mailsim::imap {

namespace {

// RFC 2045 §5.1 tokens of a Content-Type (or Content-Disposition) value: the value up to the first
// ";" unquoted, then parameters "name=value" where a value may be a quoted string; comments in
// parentheses are skipped.
struct Tokens {
  std::string_view s;
  std::size_t i = 0;

  void skip_space_and_comments() {
    while (i < s.size()) {
      if (s[i] == ' ' || s[i] == '\t') {
        ++i;
      } else if (s[i] == '(') {
        int depth = 0;
        for (; i < s.size(); ++i) {
          if (s[i] == '\\') ++i;
          else if (s[i] == '(') ++depth;
          else if (s[i] == ')' && --depth == 0) {
            ++i;
            break;
          }
        }
      } else {
        break;
      }
    }
  }
  // A token or a quoted string (unquoted); stops at any of `stops`.
  std::string word(std::string_view stops) {
    skip_space_and_comments();
    std::string out;
    if (i < s.size() && s[i] == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        out += s[i];
      }
      if (i < s.size()) ++i;
      return out;
    }
    while (i < s.size() && stops.find(s[i]) == std::string_view::npos && s[i] != ' ' && s[i] != '\t' && s[i] != '(')
      out += s[i++];
    return out;
  }
  bool take(char c) {
    skip_space_and_comments();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
};

// "value; name=value; ..." -> the value and the parameters (names upper-cased).
std::pair<std::string, std::vector<std::pair<std::string, std::string>>> value_and_params(std::string_view v) {
  Tokens t{v};
  std::string value = t.word(";");
  std::vector<std::pair<std::string, std::string>> params;
  while (t.i < v.size()) {
    if (!t.take(';')) {
      ++t.i;  // something that is no parameter: skip it
      continue;
    }
    std::string name = t.word("=;");
    if (name.empty() || !t.take('=')) continue;
    params.emplace_back(proto::to_upper(name), t.word(";"));
  }
  return {std::move(value), std::move(params)};
}

bool is_boundary_line(std::string_view body, std::size_t at, std::string_view delim, bool& close, std::size_t& next) {
  if (at > 0 && body[at - 1] != '\n') return false;
  std::size_t i = at + delim.size();
  close = body.compare(i, 2, "--") == 0;
  if (close) i += 2;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;  // RFC 2046 §5.1.1: LWSP after
  if (i == body.size()) {
    next = i;
    return true;
  }
  if (body.compare(i, 2, "\r\n") == 0) next = i + 2;
  else if (body[i] == '\n') next = i + 1;
  else return false;
  return true;
}

// RFC 2046 §5.1.1: the parts between the delimiter lines; the line break before a delimiter
// belongs to the delimiter. A multipart without its close delimiter ends at the end of the body.
std::vector<std::string_view> split_parts(std::string_view body, const std::string& boundary, std::size_t max_parts) {
  const std::string delim = "--" + boundary;
  std::vector<std::string_view> parts;
  std::size_t start = std::string_view::npos;  // where the current part began
  for (std::size_t at = body.find(delim); at != std::string_view::npos; at = body.find(delim, at + 1)) {
    if (parts.size() + 1 >= max_parts) break;  // the part begun last takes the rest
    bool close = false;
    std::size_t next = 0;
    if (!is_boundary_line(body, at, delim, close, next)) continue;
    if (start != std::string_view::npos) {
      std::size_t end = at;
      if (end >= start + 2 && body.compare(end - 2, 2, "\r\n") == 0) end -= 2;
      else if (end > start && body[end - 1] == '\n') end -= 1;
      parts.push_back(body.substr(start, std::max(end, start) - start));
    }
    if (close) return parts;
    start = next;
  }
  if (start != std::string_view::npos) parts.push_back(body.substr(start));
  return parts;
}

MimeEntity parse_entity(std::string_view header, std::string_view body, bool in_digest, int depth,
                        std::size_t& budget) {
  MimeEntity e;
  e.header = header;
  e.body = body;
  const auto ctype = header_value(header, "Content-Type");
  bool typed = false;
  if (ctype) {
    auto [media, params] = value_and_params(*ctype);
    const auto slash = media.find('/');
    if (slash != std::string::npos && slash > 0 && slash + 1 < media.size()) {
      e.type = proto::to_upper(media.substr(0, slash));
      e.subtype = proto::to_upper(media.substr(slash + 1));
      e.params = std::move(params);
      typed = true;
    }
  }
  if (!typed) {  // RFC 2045 §5.2 (RFC 2046 §5.1.5 in a digest)
    if (in_digest) e.type = "MESSAGE", e.subtype = "RFC822";
    else e.params = {{"CHARSET", "US-ASCII"}};
  }
  if (depth >= kMaxMimeDepth || budget == 0) return e;
  if (e.type == "MULTIPART") {
    const auto boundary = e.param("BOUNDARY");
    if (boundary && !boundary->empty()) {
      const auto parts = split_parts(body, *boundary, budget);
      budget -= parts.size();
      for (std::string_view part : parts) {
        const auto [h, b] = split_header(part);
        e.parts.push_back(parse_entity(h, b, e.subtype == "DIGEST", depth + 1, budget));
      }
    }
  } else if (e.type == "MESSAGE" && e.subtype == "RFC822") {
    const auto [h, b] = split_header(body);
    --budget;
    e.message.push_back(parse_entity(h, b, false, depth + 1, budget));
  }
  return e;
}

std::string nstring(const std::optional<std::string>& s) { return s ? imap_string(*s) : std::string("NIL"); }

std::string param_list(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : " ") + imap_string(k) + " " + imap_string(v);
  return out.empty() ? "NIL" : "(" + out + ")";
}

// Lines of a body part; a last line without a line end counts too (the CRLF before a MIME boundary
// belongs to the boundary, RFC 2046 §5.1.1).
std::size_t count_lines(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')) + (!s.empty() && s.back() != '\n');
}

// body-ext: disposition, language, location (§7.4.2), after MD5 for a single part.
std::string extension(const MimeEntity& e) {
  std::string out;
  if (const auto d = header_value(e.header, "Content-Disposition")) {
    auto [value, params] = value_and_params(*d);
    out += "(" + imap_string(proto::to_upper(value)) + " " + param_list(params) + ")";
  } else {
    out += "NIL";
  }
  if (const auto l = header_value(e.header, "Content-Language")) {
    std::vector<std::string> tags;
    for (std::size_t at = 0; at <= l->size();) {
      const std::size_t comma = std::min(l->find(',', at), l->size());
      const std::string tag(proto::trim(std::string_view(*l).substr(at, comma - at)));
      if (!tag.empty()) tags.push_back(tag);
      at = comma + 1;
    }
    if (tags.size() == 1) {
      out += " " + imap_string(tags[0]);
    } else if (tags.empty()) {
      out += " NIL";
    } else {
      out += " (";
      for (std::size_t i = 0; i < tags.size(); ++i) out += (i ? " " : "") + imap_string(tags[i]);
      out += ")";
    }
  } else {
    out += " NIL";
  }
  return out + " " + nstring(header_value(e.header, "Content-Location"));
}

}  // namespace

std::optional<std::string> MimeEntity::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return std::nullopt;
}

MimeEntity parse_message(std::string_view raw) {
  const auto [header, body] = split_header(raw);
  std::size_t budget = kMaxMimeParts;
  return parse_entity(header, body, false, 0, budget);
}

const MimeEntity* find_part(const MimeEntity& message, const std::vector<std::uint32_t>& number) {
  const MimeEntity* at = &message;
  bool is_message = true;  // `at` is a message (not a body part): a non-multipart one has a part 1
  for (const std::uint32_t n : number) {
    if (at->encapsulates() && !is_message) {  // a message/rfc822 part: the numbers go on inside
      at = &at->message.front();
      is_message = true;
    }
    if (at->multipart()) {
      if (n == 0 || n > at->parts.size()) return nullptr;
      at = &at->parts[n - 1];
    } else if (!is_message || n != 1) {
      return nullptr;  // a leaf part has no parts; a plain message only part 1, its body
    }
    is_message = false;
  }
  return at;
}

std::string body_structure(const MimeEntity& e, bool extended) {
  if (e.multipart()) {
    std::string out = "(";
    for (const MimeEntity& p : e.parts) out += body_structure(p, extended);
    out += " " + imap_string(e.subtype);
    if (extended) out += " " + param_list(e.params) + " " + extension(e);
    return out + ")";
  }
  const auto id = header_value(e.header, "Content-ID");
  const auto description = header_value(e.header, "Content-Description");
  const auto cte = header_value(e.header, "Content-Transfer-Encoding");
  std::string out = "(" + imap_string(e.type) + " " + imap_string(e.subtype) + " " + param_list(e.params) + " " +
                    nstring(id) + " " + nstring(description) + " " +
                    imap_string(cte ? proto::to_upper(*cte) : "7BIT") + " " + std::to_string(e.body.size());
  if (e.encapsulates()) {  // MESSAGE/RFC822: the envelope, structure and lines of the message inside
    const MimeEntity& m = e.message.front();
    out += " " + envelope(m.header) + " " + body_structure(m, extended) + " " + std::to_string(count_lines(e.body));
  } else if (e.type == "TEXT") {
    out += " " + std::to_string(count_lines(e.body));
  }
  if (extended) out += " " + nstring(header_value(e.header, "Content-MD5")) + " " + extension(e);
  return out + ")";
}

}  // namespace mailsim::imap
