#include "sim/proto/dkim/signature.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/dkim/crypto.hpp"

namespace mailsim::dkim {

namespace {

bool is_digits(std::string_view s, std::size_t max) {
  return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <class Int>
std::optional<Int> number(std::string_view s, std::size_t max_digits) {
  if (!is_digits(s, max_digits)) return std::nullopt;
  Int v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// sub-domain = Let-dig [Ldh-str] ( "." ...) (RFC 5321 §4.1.2), the form d= and s= take.
bool is_domain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = d.find('.', start);
    const std::string_view label = d.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool in_or_below(std::string_view sub, std::string_view domain) {
  return sub == domain ||
         (sub.size() > domain.size() && sub.ends_with(domain) && sub[sub.size() - domain.size() - 1] == '.');
}

}  // namespace

std::string_view to_string(Algorithm a) {
  return a == Algorithm::RsaSha256 ? "rsa-sha256" : "ed25519-sha256";
}

KeyType key_type_of(Algorithm a) {
  return a == Algorithm::RsaSha256 ? KeyType::Rsa : KeyType::Ed25519;
}

Parsed<Signature> parse_signature(std::string_view value) {
  using R = Parsed<Signature>;
  auto list = parse_tag_list(value);
  if (!list) return R::fail(list.error);
  Signature s;
  s.tags = *list;
  for (const char* required : {"v", "a", "b", "bh", "d", "h", "s"}) {
    if (!list->find(required)) return R::fail(std::string("missing required tag ") + required + "=");
  }
  if (list->find("v")->value != "1") return R::fail("v=" + list->find("v")->value + " is not version 1");

  const std::string& a = list->find("a")->value;
  if (a == "rsa-sha256") s.algorithm = Algorithm::RsaSha256;
  else if (a == "ed25519-sha256") s.algorithm = Algorithm::Ed25519Sha256;
  else if (a == "rsa-sha1") return R::fail("a=rsa-sha1 is no longer accepted (RFC 8301)");
  else return R::fail("unknown algorithm a=" + a);

  s.b64 = strip_fws(list->find("b")->value);
  auto b = base64_decode(s.b64);
  if (!b) return R::fail("b= is not base64");
  if (b->empty()) return R::fail("b= is empty");
  s.signature = std::move(*b);
  auto bh = base64_decode(list->find("bh")->value);
  if (!bh) return R::fail("bh= is not base64");
  if (bh->size() != 32) return R::fail("bh= is not a SHA-256 hash (" + std::to_string(bh->size()) + " octets)");
  s.body_hash = std::move(*bh);

  if (const Tag* c = list->find("c")) {
    auto canon = parse_canonicalization(c->value);
    if (!canon) return R::fail("unknown canonicalization c=" + c->value);
    s.canon = *canon;
  }
  s.domain = proto::to_lower(list->find("d")->value);
  if (!is_domain(s.domain)) return R::fail("d=" + s.domain + " is not a domain name");
  s.selector = proto::to_lower(list->find("s")->value);
  if (!is_domain(s.selector)) return R::fail("s=" + s.selector + " is not a selector");

  for (const std::string& name : split_list(list->find("h")->value, ':')) {
    if (name.empty() || name.find_first_of(" \t\r\n") != std::string::npos) return R::fail("h= holds an empty or malformed field name");
    s.headers.push_back(proto::to_lower(name));
  }
  if (std::find(s.headers.begin(), s.headers.end(), "from") == s.headers.end()) {
    return R::fail("From is not signed (h= lacks from)");  // §6.1.1
  }

  if (const Tag* i = list->find("i")) {
    const std::size_t at = i->value.rfind('@');
    if (at == std::string::npos) return R::fail("i=" + i->value + " has no @");
    if (!in_or_below(proto::to_lower(i->value.substr(at + 1)), s.domain)) {
      return R::fail("i=" + i->value + " is not in d=" + s.domain);
    }
    s.identity = i->value;
  } else {
    s.identity = "@" + s.domain;
  }
  if (const Tag* l = list->find("l")) {
    s.length = number<std::uint64_t>(l->value, 76);
    if (!s.length) return R::fail("l=" + l->value + " is not a length");
  }
  if (const Tag* q = list->find("q")) {
    const auto methods = split_list(q->value, ':');
    if (std::find(methods.begin(), methods.end(), "dns/txt") == methods.end()) {
      return R::fail("q=" + q->value + " offers no dns/txt");
    }
  }
  if (const Tag* t = list->find("t")) {
    s.timestamp = number<std::int64_t>(t->value, 12);
    if (!s.timestamp) return R::fail("t=" + t->value + " is not a time");
  }
  if (const Tag* x = list->find("x")) {
    s.expiration = number<std::int64_t>(x->value, 12);
    if (!s.expiration) return R::fail("x=" + x->value + " is not a time");
    if (s.timestamp && *s.expiration <= *s.timestamp) return R::fail("x= is not after t=");
  }
  return R::ok(std::move(s));
}

Parsed<KeyRecord> parse_key_record(std::string_view text) {
  using R = Parsed<KeyRecord>;
  auto list = parse_tag_list(text);
  if (!list) return R::fail("key record: " + list.error);
  KeyRecord k;
  k.tags = *list;
  if (const Tag* v = list->find("v")) {
    if (&list->tags.front() != v) return R::fail("key record: v= is not the first tag");
    if (v->value != "DKIM1") return R::fail("key record: v=" + v->value + " is not DKIM1");
  }
  if (const Tag* kt = list->find("k")) {
    if (kt->value == "rsa") k.type = KeyType::Rsa;
    else if (kt->value == "ed25519") k.type = KeyType::Ed25519;
    else return R::fail("key record: unknown key type k=" + kt->value);
  }
  if (const Tag* h = list->find("h")) {
    k.hashes = split_list(h->value, ':');
    if (std::find(k.hashes.begin(), k.hashes.end(), "sha256") == k.hashes.end()) {
      return R::fail("key record: h=" + h->value + " does not allow sha256");
    }
  }
  k.services = {"*"};
  if (const Tag* s = list->find("s")) {
    k.services = split_list(s->value, ':');
    const bool email = std::any_of(k.services.begin(), k.services.end(),
                                   [](const std::string& x) { return x == "*" || x == "email"; });
    if (!email) return R::fail("key record: s=" + s->value + " is not for email");
  }
  if (const Tag* t = list->find("t")) {
    for (const std::string& flag : split_list(t->value, ':')) {
      k.testing |= flag == "y";
      k.strict |= flag == "s";  // other flags are ignored (§3.6.1)
    }
  }
  if (const Tag* n = list->find("n")) k.notes = n->value;
  const Tag* p = list->find("p");
  if (!p) return R::fail("key record: missing required tag p=");
  auto key = base64_decode(p->value);
  if (!key) return R::fail("key record: p= is not base64");
  k.public_key = std::move(*key);
  return R::ok(std::move(k));
}

std::string key_record_text(const PrivateKey& key) {
  return "v=DKIM1; k=" + std::string(to_string(key.type())) + "; p=" + base64_encode(key.public_key());
}

}  // namespace mailsim::dkim
