// A mail server's sender authentication keys: what it checks when it receives (spf, dkim, dmarc)
// and which domains it signs for (dkim_signing), with the keys and their DNS records.
#include <algorithm>

#include "sim/proto/dkim/canon.hpp"
#include "sim/proto/dkim/keys.hpp"
#include "sim/proto/dkim/signature.hpp"
#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

DkimSigning parse_signing(const Node& n) {
  n.check_object({"domain", "selector", "algorithm", "canonicalization", "headers", "private_key"});
  DkimSigning d;
  d.domain = n["domain"].hostname();
  if (auto s = n.get("selector")) {
    d.selector = s->hostname();
    if (d.selector.find('.') != std::string::npos || d.selector.find('_') != std::string::npos)
      s->fail(in_quotes(d.selector) + " is not a selector: one DNS label (letters, digits, '-')");
  }
  if (auto a = n.get("algorithm")) {
    d.algorithm = a->string();
    if (d.algorithm != "rsa-sha256" && d.algorithm != "ed25519-sha256")
      a->fail(in_quotes(d.algorithm) + " is not a DKIM algorithm (rsa-sha256, ed25519-sha256)");
  }
  if (auto c = n.get("canonicalization")) {
    d.canonicalization = c->string();
    if (!dkim::parse_canonicalization(d.canonicalization))
      c->fail(in_quotes(d.canonicalization) +
              " is not a canonicalization (header/body, each simple or relaxed: \"relaxed/simple\")");
  }
  for (const Node& h : list_of(n, "headers")) {
    std::string name = h.nonempty_string();
    for (char& ch : name) {
      if (ch <= ' ' || ch > '~' || ch == ':') h.fail(in_quotes(h.string()) + " is not a header field name");
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    d.headers.push_back(name);
  }
  if (n.has("headers") && std::find(d.headers.begin(), d.headers.end(), "from") == d.headers.end())
    n["headers"].fail("the signed headers must include \"from\" (RFC 6376 §5.4)");
  if (auto k = n.get("private_key")) {
    d.private_key = k->nonempty_string();
    const auto key = dkim::PrivateKey::from_pem(d.private_key);
    if (!key) k->fail("not a usable private key: " + key.error);
    const bool ed = key->type() == dkim::KeyType::Ed25519;
    if (ed != (d.algorithm == "ed25519-sha256"))
      k->fail(std::string("this is an ") + (ed ? "Ed25519" : "RSA") + " key, but the algorithm is " + d.algorithm);
  }
  return d;
}

}  // namespace

SenderAuth parse_sender_auth(const Node& n) {
  SenderAuth a;
  if (auto v = n.get("spf")) {
    const std::string s = v->string();
    if (s == "off") a.spf = SpfPolicy::Off;
    else if (s == "tag") a.spf = SpfPolicy::Tag;
    else if (s == "reject_fail") a.spf = SpfPolicy::RejectFail;
    else v->fail(in_quotes(s) + " is not an SPF policy (off, tag, reject_fail)");
  }
  if (auto v = n.get("dkim")) {
    const std::string s = v->string();
    if (s == "off") a.dkim_verify = false;
    else if (s == "verify") a.dkim_verify = true;
    else v->fail(in_quotes(s) + " is not a DKIM policy (off, verify)");
  }
  if (auto v = n.get("dmarc")) {
    const std::string s = v->string();
    if (s == "off") a.dmarc = DmarcPolicy::Off;
    else if (s == "tag") a.dmarc = DmarcPolicy::Tag;
    else if (s == "enforce") a.dmarc = DmarcPolicy::Enforce;
    else v->fail(in_quotes(s) + " is not a DMARC policy (off, tag, enforce)");
  }
  std::vector<std::string> seen;
  for (const Node& d : list_of(n, "dkim_signing")) {
    DkimSigning s = parse_signing(d);
    if (std::find(seen.begin(), seen.end(), s.domain) != seen.end())
      d["domain"].fail(in_quotes(s.domain) + " is already signed by this host");
    seen.push_back(s.domain);
    a.dkim_signing.push_back(std::move(s));
  }
  return a;
}

void add_dkim_keys(const Node& root, Scenario& s) {
  const auto hosts = root["hosts"].items();
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    auto& list = s.hosts[i].sender_auth.dkim_signing;
    for (std::size_t k = 0; k < list.size(); ++k) {
      DkimSigning& d = list[k];
      const bool ed = d.algorithm == "ed25519-sha256";
      auto key = d.private_key.empty()
                     ? dkim::PrivateKey::from_seed(ed ? dkim::KeyType::Ed25519 : dkim::KeyType::Rsa,
                                                   dkim::key_seed(s.seed, d.domain, d.selector))
                     : dkim::PrivateKey::from_pem(d.private_key);
      if (!key) hosts[i]["dkim_signing"].items()[k].fail("cannot make the key: " + key.error);
      if (d.private_key.empty()) d.private_key = key->pem();
      d.key_record = dkim::key_record_text(*key);
      const std::string name = d.selector + "._domainkey." + d.domain;
      // A record the lesson writes itself wins (a revoked key "p=", another key): that is the lesson.
      const bool published = std::any_of(s.dns_records.begin(), s.dns_records.end(), [&](const dns::Record& r) {
        return r.name == name && r.type == dns::Type::TXT;
      });
      if (published) continue;
      dns::Record r;
      r.name = name;
      r.type = dns::Type::TXT;
      r.data = d.key_record;
      s.dns_records.push_back(std::move(r));
    }
  }
}

}  // namespace mailsim::scenario::detail
