#include "sim/proto/dkim/hash.hpp"

#include <map>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/dkim/crypto.hpp"
#include "sim/proto/dkim/tag_list.hpp"

namespace mailsim::dkim {

BodyHash body_hash(Canon c, std::string_view body, std::optional<std::uint64_t> length) {
  const std::string canonical = canonical_body(c, body);
  BodyHash h;
  h.canonical = canonical.size();
  h.hashed = length && *length < h.canonical ? *length : h.canonical;
  h.hash = sha256(std::string_view(canonical).substr(0, static_cast<std::size_t>(h.hashed)));
  return h;
}

std::string header_data(const RawMessage& m, const std::vector<std::string>& signed_names, Canon c,
                        std::string_view signature_field) {
  // Instances of each name, bottom first, so every h= entry is one lookup whatever h= holds.
  std::map<std::string, std::vector<std::size_t>, std::less<>> bottom_up;
  for (std::size_t i = m.fields.size(); i-- > 0;) bottom_up[proto::to_lower(m.fields[i].name)].push_back(i);
  std::map<std::string, std::size_t, std::less<>> used;
  std::string data;
  for (const std::string& name : signed_names) {
    auto it = bottom_up.find(name);
    if (it == bottom_up.end()) continue;
    std::size_t& next = used[name];
    if (next >= it->second.size()) continue;  // more h= entries than fields: the rest sign absence
    data += canonical_header(c, m.fields[it->second[next++]].raw);
  }
  std::string last = canonical_header(c, signature_field);
  if (last.size() >= 2 && last.compare(last.size() - 2, 2, "\r\n") == 0) last.resize(last.size() - 2);
  return data + last;
}

std::string without_b_value(std::string_view raw) {
  std::string_view body = raw;
  std::string_view crlf;
  if (body.ends_with("\r\n")) {
    crlf = "\r\n";
    body.remove_suffix(2);
  }
  const std::size_t colon = body.find(':');
  if (colon == std::string_view::npos) return std::string(raw);
  std::string out(body.substr(0, colon + 1));
  std::string_view rest = body.substr(colon + 1);
  bool first = true;
  while (true) {
    const std::size_t semi = rest.find(';');
    std::string_view spec = rest.substr(0, semi);
    if (!first) out += ';';
    first = false;
    const std::size_t eq = spec.find('=');
    if (eq != std::string_view::npos && strip_fws(spec.substr(0, eq)) == "b") {
      out.append(spec.substr(0, eq + 1));  // "b=" (and what precedes it) stays, the value goes
    } else {
      out.append(spec);
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  out.append(crlf);
  return out;
}

}  // namespace mailsim::dkim
