#include "sim/scenario/reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "sim/scenario/json_locate.hpp"
#include "sim/scenario/load.hpp"

namespace mailsim::scenario::detail {

namespace {

std::string kind_of(const Json& j) {
  switch (j.type()) {
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::null: return "null";
    default: return "a number";
  }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// RFC 5322 atext: what a dot-atom local part may contain besides dots.
bool is_atext(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

}  // namespace

void Source::fail(const std::string& pointer, const std::string& message, bool at_key) const {
  // A value that is missing (or a key nlohmann dropped) is reported at its nearest existing parent.
  std::string p = pointer;
  std::optional<SourcePos> pos = locate(text_, p, at_key);
  while (!pos && !p.empty()) {
    p.erase(p.rfind('/'));
    pos = locate(text_, p);
  }
  const SourcePos at = pos.value_or(SourcePos{});
  throw ScenarioError(file_, at.line, at.column, pointer, message);
}

void Node::fail(const std::string& message) const { src_->fail(pointer_, message); }

void Node::fail_key(std::string_view key, const std::string& message) const {
  src_->fail(pointer_ + "/" + pointer_escape(key), message, true);
}

void Node::check_object(std::initializer_list<std::string_view> allowed) const {
  check_object(std::vector<std::string_view>(allowed));
}

void Node::check_object(const std::vector<std::string_view>& allowed) const {
  if (!j_->is_object()) fail("expected an object, got " + kind_of(*j_));
  for (const auto& [key, value] : j_->items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string_view best;
    // Suggest only near misses ("adress", "relay_host", "frist"): at most two edits, and fewer than
    // half the key, or every two-letter key would be "close" to "at".
    std::size_t best_distance = 3;
    for (std::string_view a : allowed) {
      const std::size_t d = edit_distance(key, a);
      if (d < best_distance && 2 * d < key.size()) best = a, best_distance = d;
    }
    std::string message = "unknown key " + in_quotes(key);
    if (!best.empty()) {
      message += " (did you mean " + in_quotes(best) + "?)";
    } else {
      std::vector<std::string> names(allowed.begin(), allowed.end());
      message += "; allowed keys: " + join(names);
    }
    fail_key(key, message);
  }
}

bool Node::has(std::string_view key) const { return j_->is_object() && j_->contains(std::string(key)); }

Node Node::operator[](std::string_view key) const {
  if (!has(key)) fail("missing required key " + in_quotes(key));
  return Node(*src_, *j_->find(std::string(key)), pointer_ + "/" + pointer_escape(key));
}

std::optional<Node> Node::get(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return (*this)[key];
}

std::vector<Node> Node::items() const {
  if (!j_->is_array()) fail("expected an array, got " + kind_of(*j_));
  std::vector<Node> out;
  for (std::size_t i = 0; i < j_->size(); ++i)
    out.emplace_back(*src_, (*j_)[i], pointer_ + "/" + std::to_string(i));
  return out;
}

std::vector<Node> list_of(const Node& object, std::string_view key) {
  if (auto n = object.get(key)) return n->items();
  return {};
}

std::string Node::string() const {
  if (!j_->is_string()) fail("expected a string, got " + kind_of(*j_));
  return j_->get<std::string>();
}

std::string Node::nonempty_string() const {
  std::string s = string();
  if (s.empty()) fail("must not be empty");
  return s;
}

bool Node::boolean() const {
  if (!j_->is_boolean()) fail("expected true or false, got " + kind_of(*j_));
  return j_->get<bool>();
}

double Node::number() const {
  if (!j_->is_number()) fail("expected a number, got " + kind_of(*j_));
  return j_->get<double>();
}

std::int64_t Node::integer(std::int64_t min, std::int64_t max) const {
  const std::string range = " is out of range (" + std::to_string(min) + " to " + std::to_string(max) + ")";
  // A whole number beyond 64 bits (99999999999999999999) or written with an exponent (1e20) reaches
  // us as a double: it is out of range rather than "not an integer".
  if (j_->is_number_float()) {
    const double d = j_->get<double>();
    if (d == std::floor(d) && (d < static_cast<double>(min) || d > static_cast<double>(max))) fail(j_->dump() + range);
  }
  if (!j_->is_number_integer()) fail("expected an integer, got " + kind_of(*j_));
  // Unsigned values beyond int64 would wrap; they are out of every range we use anyway.
  if (j_->is_number_unsigned() && j_->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) fail(j_->dump() + range);
  const std::int64_t v = j_->get<std::int64_t>();
  if (v < min || v > max) fail(std::to_string(v) + range);
  return v;
}

namespace {
// parse_duration refuses nonsense and sizes beyond int64 microseconds alike; a teacher should be told
// which. The text has the shape of a duration if it parses once every run of digits is made small.
bool shaped_like_duration(std::string_view s) {
  std::string small;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(s[i]));
    if (!digit) small += s[i];
    else if (i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1]))) small += '1';
  }
  return parse_duration(small).has_value();
}
}  // namespace

Duration Node::duration() const {
  const std::string too_large = " is too large (at most " + describe(kLongestDuration) + ")";
  if (j_->is_number()) {
    const double seconds = j_->get<double>();
    if (seconds < 0) fail("a time cannot be negative");
    if (seconds * kSecond > static_cast<double>(kLongestDuration)) fail("a time of " + j_->dump() + " seconds" + too_large);
    return static_cast<Duration>(std::llround(seconds * kSecond));
  }
  if (!j_->is_string()) fail("expected a duration such as \"300s\", got " + kind_of(*j_));
  const std::string s = j_->get<std::string>();
  const auto d = parse_duration(s);
  if ((d && *d > kLongestDuration) || (!d && shaped_like_duration(s))) fail(in_quotes(s) + too_large);
  if (!d) fail(in_quotes(s) + " is not a duration (write e.g. \"250ms\", \"300s\", \"40m\", \"1h30m\", \"5d\")");
  return *d;
}

Text Node::text() const {
  if (j_->is_string()) return Text{j_->get<std::string>(), ""};
  if (!j_->is_object()) fail("expected an object {\"en\": ..., \"ja\": ...} or a string, got " + kind_of(*j_));
  check_object({"en", "ja"});
  Text t;
  if (auto en = get("en")) t.en = en->string();
  if (auto ja = get("ja")) t.ja = ja->string();
  if (t.en.empty() && t.ja.empty()) fail("needs a text in \"en\" or \"ja\"");
  return t;
}

// Zone files write names with a trailing dot ("mx.home.example."); accept and drop it.
namespace {
std::string without_root_dot(std::string s) {
  if (s.size() > 1 && s.back() == '.') s.pop_back();
  return s;
}
}  // namespace

std::string Node::hostname() const {
  const std::string s = without_root_dot(lower(string()));
  if (!is_hostname(s)) fail(in_quotes(j_->get<std::string>()) + " is not a valid host name");
  return s;
}

Node::Relayhost Node::relayhost() const {
  const std::string spec = string();
  auto bad = [&] {
    fail(in_quotes(spec) + " is not a relayhost (write a host name, or \"[name]\" to skip the MX lookup; "
         "either may end in \":port\")");
  };
  Relayhost r;
  std::string name = spec;
  if (const std::size_t colon = spec.rfind(':'); colon != std::string::npos) {
    const std::string port = spec.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      bad();
    const int value = std::stoi(port);  // at most 5 digits: fits
    if (value < 1 || value > 65535) fail(in_quotes(spec) + ": port " + port + " is out of range (1 to 65535)");
    r.port = static_cast<std::uint16_t>(value);
    name.erase(colon);
  }
  if (!name.empty() && name.front() == '[') {
    if (name.size() < 2 || name.back() != ']') bad();
    name = name.substr(1, name.size() - 2);
    r.mx = false;
  }
  r.host = without_root_dot(lower(name));
  if (!is_hostname(r.host)) {
    if (name.empty() || name.find_first_of("[]:") != std::string::npos) bad();
    fail(in_quotes(name) + " is not a valid host name");
  }
  return r;
}

std::string Node::dns_name() const {
  const std::string s = without_root_dot(lower(string()));
  if (!is_hostname(s, true)) fail(in_quotes(j_->get<std::string>()) + " is not a valid domain name");
  return s;
}

std::string Node::ipv4() const {
  const std::string s = string();
  if (!is_ipv4(s)) fail(in_quotes(s) + " is not an IPv4 address");
  return s;
}

std::string Node::cidr() const {
  const std::string s = string();
  const std::size_t slash = s.find('/');
  std::uint32_t addr = 0;
  const bool ok = slash != std::string::npos && is_ipv4(s.substr(0, slash), &addr) &&
                  slash + 1 < s.size() && s.size() - slash - 1 <= 2 &&
                  std::all_of(s.begin() + static_cast<long>(slash) + 1, s.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!ok) fail(in_quotes(s) + " is not an IPv4 network in CIDR notation (like \"10.0.0.0/24\")");
  const int prefix = std::stoi(s.substr(slash + 1));
  if (prefix > 32) fail(in_quotes(s) + " has a prefix length above 32");
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  if ((addr & ~mask) != 0) {
    const std::uint32_t net = addr & mask;
    fail(in_quotes(s) + " has host bits set (did you mean '" + std::to_string(net >> 24) + "." +
         std::to_string((net >> 16) & 255) + "." + std::to_string((net >> 8) & 255) + "." +
         std::to_string(net & 255) + "/" + std::to_string(prefix) + "'?)");
  }
  return s;
}

std::string Node::mail_address() const {
  const std::string s = string();
  if (!is_mail_address(s)) fail(in_quotes(s) + " is not an e-mail address (local-part@domain)");
  const std::size_t at = s.rfind('@');
  return s.substr(0, at + 1) + lower(s.substr(at + 1));
}

std::vector<std::string> Node::mail_addresses() const {
  if (j_->is_string()) return {mail_address()};
  std::vector<std::string> out;
  for (const Node& n : items()) out.push_back(n.mail_address());
  return out;
}

bool is_ipv4(std::string_view s, std::uint32_t* value) {
  std::uint32_t v = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    const std::size_t start = i;
    unsigned octet = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - start < 3)
      octet = octet * 10 + static_cast<unsigned>(s[i++] - '0');
    const std::size_t len = i - start;
    // Leading zeros are refused: "010" means 8 to some resolvers and 10 to others.
    if (len == 0 || octet > 255 || (len > 1 && s[start] == '0')) return false;
    v = (v << 8) | octet;
    if (++parts < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  if (i != s.size()) return false;
  if (value) *value = v;
  return true;
}

bool is_hostname(std::string_view s, bool allow_underscore) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    const std::string_view label = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || (allow_underscore && c == '_')))
        return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_mail_address(std::string_view s) {
  const std::size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view local = s.substr(0, at);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != local.npos) return false;
  for (char c : local)
    if (!is_atext(c) && c != '.') return false;
  return is_hostname(lower(std::string(s.substr(at + 1))));
}

std::string domain_of(const std::string& address) { return address.substr(address.rfind('@') + 1); }

std::string local_part_of(const std::string& address) { return address.substr(0, address.rfind('@')); }

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string describe(Duration d) {
  if (d == 0) return "0s";
  std::string out;
  const std::pair<Duration, const char*> units[] = {{kDay, "d"},         {kHour, "h"},
                                                    {kMinute, "m"},      {kSecond, "s"},
                                                    {kMillisecond, "ms"}, {kMicrosecond, "us"}};
  for (const auto& [size, name] : units) {
    if (d >= size) {
      out += std::to_string(d / size) + name;
      d %= size;
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

}  // namespace mailsim::scenario::detail
