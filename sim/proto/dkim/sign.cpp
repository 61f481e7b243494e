#include "sim/proto/dkim/sign.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/dkim/crypto.hpp"
#include "sim/proto/dkim/fields.hpp"
#include "sim/proto/dkim/hash.hpp"
#include "sim/proto/dkim/signature.hpp"

namespace mailsim::dkim {

namespace {

constexpr std::size_t kLineLimit = 78;  // RFC 5322 §2.1.1's recommended line length

// Writes tokens separated by a space, starting a continuation line ("\r\n\t") when the next one
// would pass the limit. The limit counts octets, so the tab counts one.
class Folder {
 public:
  explicit Folder(std::string start) : out_(std::move(start)), column_(out_.size()) {}
  void token(std::string_view t, bool space = true) {
    if (column_ + (space ? 1 : 0) + t.size() > kLineLimit && column_ > 1) {
      out_ += "\r\n\t";
      column_ = 1;
    } else if (space) {
      out_ += ' ';
      ++column_;
    }
    out_ += t;
    column_ += t.size();
  }
  // Text that may be broken anywhere (base64): fills lines to the limit.
  void breakable(std::string_view t) {
    while (!t.empty()) {
      if (column_ >= kLineLimit) {
        out_ += "\r\n\t";
        column_ = 1;
      }
      const std::size_t n = std::min(t.size(), kLineLimit - column_);
      out_.append(t.substr(0, n));
      column_ += n;
      t.remove_prefix(n);
    }
  }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
  std::size_t column_;
};

bool in_or_below(std::string_view sub, std::string_view domain) {
  return sub == domain ||
         (sub.size() > domain.size() && sub.ends_with(domain) && sub[sub.size() - domain.size() - 1] == '.');
}

}  // namespace

Parsed<std::string> sign(const SignerConfig& config, const PrivateKey& key, std::string_view message) {
  using R = Parsed<std::string>;
  const std::string domain = proto::to_lower(config.domain);
  const std::string selector = proto::to_lower(config.selector);
  if (domain.empty() || selector.empty()) return R::fail("signing needs a domain (d=) and a selector (s=)");
  if (config.timestamp && config.expiration && *config.expiration <= *config.timestamp) {
    return R::fail("x= must be after t=");
  }
  if (!config.identity.empty()) {
    const std::size_t at = config.identity.rfind('@');
    if (at == std::string::npos || !in_or_below(proto::to_lower(config.identity.substr(at + 1)), domain)) {
      return R::fail("i=" + config.identity + " is not in d=" + domain);
    }
  }
  const RawMessage m = split_message(message);
  auto count = [&](std::string_view name) {
    return static_cast<std::size_t>(std::count_if(m.fields.begin(), m.fields.end(),
                                                  [&](const RawField& f) { return proto::iequals(f.name, name); }));
  };
  if (count("from") == 0) return R::fail("the message has no From field, which DKIM must sign (§5.4)");

  // h=: each configured name as often as it occurs, oversigned names once more (§5.4.2).
  std::vector<std::string> names;
  auto add_name = [&](const std::string& raw_name) {
    const std::string name = proto::to_lower(raw_name);
    if (std::find(names.begin(), names.end(), name) != names.end()) return;  // listed once in config
    const bool over = std::any_of(config.oversign.begin(), config.oversign.end(),
                                  [&](const std::string& o) { return proto::iequals(o, name); });
    const std::size_t n = count(name) + (over ? 1 : 0);
    for (std::size_t i = 0; i < n; ++i) names.push_back(name);
  };
  for (const std::string& h : config.headers) add_name(h);
  for (const std::string& h : config.oversign) add_name(h);

  const BodyHash bh = body_hash(config.canon.body, m.body,
                                config.body_length == kWholeBody ? std::nullopt : config.body_length);

  Folder f("DKIM-Signature:");
  const Algorithm algorithm = key.type() == KeyType::Rsa ? Algorithm::RsaSha256 : Algorithm::Ed25519Sha256;
  f.token("v=1;");
  f.token("a=" + std::string(to_string(algorithm)) + ";");
  f.token("c=" + to_string(config.canon) + ";");
  f.token("d=" + domain + ";");
  f.token("s=" + selector + ";");
  if (!config.identity.empty()) f.token("i=" + config.identity + ";");
  if (config.timestamp) f.token("t=" + std::to_string(*config.timestamp) + ";");
  if (config.expiration) f.token("x=" + std::to_string(*config.expiration) + ";");
  if (config.body_length) f.token("l=" + std::to_string(bh.hashed) + ";");
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string piece = (i == 0 ? "h=" : "") + names[i] + (i + 1 == names.size() ? ";" : ":");
    f.token(piece, i == 0);  // folding white space is allowed around h='s colons
  }
  f.token("bh=" + base64_encode(bh.hash) + ";");
  f.token("b=");
  // §3.7: the signature covers this very field with an empty b= value.
  const std::string data = header_data(m, names, config.canon.header, f.text() + "\r\n");
  const std::string b = key.sign(data);
  if (b.empty()) return R::fail("OpenSSL could not sign");
  f.breakable(base64_encode(b));
  return R::ok(f.text() + "\r\n");
}

}  // namespace mailsim::dkim
