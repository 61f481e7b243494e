// Hosts and links: the map a lesson draws, and the per-host policy of its mail servers.
#include <algorithm>
#include <map>
#include <queue>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/dns/resolver.hpp"
#include "sim/proto/dns/zone.hpp"
#include "sim/scenario/roles.hpp"
#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

std::string role_list(const std::vector<Role>& roles) {
  std::vector<std::string> names;
  for (Role r : roles) names.push_back(to_string(r));
  if (names.size() == 1) return names[0];
  const std::string last = names.back();
  names.pop_back();
  return join(names) + " and " + last;
}

bool has_role(std::initializer_list<Role> roles, Role r) {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

// "a destination host", "an ..." never occurs: every role name starts with a consonant.
std::string a_role(Role r) { return "a " + to_string(r) + " host"; }

// Which host keys make sense for which roles (the role's descriptor, sim/scenario/roles.cpp). A key
// on the wrong role is an error rather than silently ignored, because it usually means the teacher
// configured the wrong host.
void check_keys_apply(const Node& host, Role role) {
  const RoleInfo& mine = info(role);
  for (const auto& [key, value] : host.json().items()) {
    if (std::find(std::begin(kHostKeys), std::end(kHostKeys), key) != std::end(kHostKeys)) continue;
    if (std::find(mine.keys.begin(), mine.keys.end(), key) != mine.keys.end()) continue;
    host.fail_key(key, in_quotes(key) + " applies only to " + role_list(roles_accepting(key)) + " hosts, not to " +
                           a_role(role));
  }
}

RetrySchedule parse_retry(const Node& n, std::string& preset_name) {
  auto preset = [](const Node& where) {
    const std::string name = where.string();
    const auto r = retry_preset(name);
    if (!r) where.fail("unknown retry preset " + in_quotes(name) + " (postfix, sendmail, exim, qmail)");
    return std::pair{name, *r};
  };
  if (n.json().is_string()) {
    auto [name, r] = preset(n);
    preset_name = name;
    return r;
  }
  if (!n.json().is_object()) n.fail("expected a preset name such as \"postfix\" or an object");
  n.check_object({"preset", "first", "max", "give_up", "warn_after", "connect_timeout", "dns_timeout"});
  RetrySchedule r;
  preset_name = "postfix";
  if (auto p = n.get("preset")) std::tie(preset_name, r) = preset(*p);
  // Overriding any value makes it a schedule of its own; the name says so in the GUI.
  if (n.json().size() > (n.has("preset") ? 1u : 0u)) preset_name = "custom";
  auto positive = [&](std::string_view key, Duration& field) {
    if (auto v = n.get(key)) {
      field = v->duration();
      if (field == 0) v->fail(in_quotes(key) + " must be longer than 0s");
    }
  };
  positive("first", r.first);
  positive("max", r.max);
  positive("give_up", r.give_up);
  if (auto v = n.get("warn_after")) r.warn_after = v->duration();  // 0 = no delay warning
  positive("connect_timeout", r.connect_timeout);
  positive("dns_timeout", r.dns_timeout);
  if (r.max < r.first) {
    const Node where = n.has("max") ? n["max"] : n["first"];
    where.fail("'max' (" + describe(r.max) + ") is shorter than 'first' (" + describe(r.first) + ")");
  }
  return r;
}

SmtpLimits parse_limits(const Node& n) {
  n.check_object({"max_message_size", "max_recipients", "max_errors"});
  SmtpLimits l;
  if (auto v = n.get("max_message_size")) l.max_message_size = static_cast<std::size_t>(v->integer(1, 1LL << 40));
  if (auto v = n.get("max_recipients")) l.max_recipients = static_cast<std::size_t>(v->integer(1, 1000000));
  if (auto v = n.get("max_errors")) l.max_errors = static_cast<std::size_t>(v->integer(1, 1000000));
  return l;
}

// A submission host's SMTP AUTH mechanisms, or a destination's POP3 ones; "APOP" (POP3's own login,
// listed with the mechanisms as in Dovecot's auth_mechanisms) only on a destination.
void parse_sasl_mechanisms(const Node& n, Host& h) {
  const auto items = n.items();
  if (items.empty()) n.fail("list at least one mechanism (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256), or leave the key out");
  for (const Node& item : items) {
    const std::string name = item.string();
    if (proto::iequals(name, "APOP")) {
      if (h.role != Role::Destination)
        item.fail("'APOP' is POP3's own login, offered by destination hosts; SMTP AUTH has PLAIN, LOGIN, CRAM-MD5 and SCRAM-SHA-256");
      if (h.apop) item.fail(in_quotes(name) + " is listed twice");
      h.apop = true;
      continue;
    }
    const auto m = sasl::parse_mechanism(name);
    if (!m)
      item.fail(in_quotes(name) + " is not a SASL mechanism mailsim knows (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256" +
                std::string(h.role == Role::Destination ? ", or APOP)" : ")"));
    if (std::find(h.sasl_mechanisms.begin(), h.sasl_mechanisms.end(), *m) != h.sasl_mechanisms.end())
      item.fail(in_quotes(name) + " is listed twice");
    h.sasl_mechanisms.push_back(*m);
  }
}

}  // namespace

// Postfix's smtpd_tls_security_level (server: none, may, encrypt) or smtp_tls_security_level
// (client: verify too).
TlsLevel parse_tls_level(const Node& n, bool client) {
  const std::string v = n.string();
  if (v == "none") return TlsLevel::None;
  if (v == "may") return TlsLevel::May;
  if (v == "encrypt") return TlsLevel::Encrypt;
  if (v == "verify" && client) return TlsLevel::Verify;
  n.fail(in_quotes(v) + (client ? " is not a value of smtp_tls_security_level (none, may, encrypt, verify)"
                                : " is not a value of smtpd_tls_security_level (none, may, encrypt)"));
}

namespace {
Host parse_host(const Node& n) {
  n.check_object(all_host_keys());
  Host h;
  h.name = n["name"].hostname();
  h.address = n["address"].ipv4();
  const Node role = n["role"];
  const std::string role_name = role.string();
  const std::optional<Role> r = role_from_string(role_name);
  if (!r) {
    std::vector<std::string> names;
    for (const RoleInfo& ri : roles()) names.emplace_back(ri.name);
    role.fail(in_quotes(role_name) + " is not a role (" + join(names) + ")");
  }
  h.role = *r;
  check_keys_apply(n, h.role);

  using enum Role;
  if (h.role == Eavesdropper) {
    const Node tap = n["tap"];
    const auto ends = tap.items();
    if (ends.size() != 2) tap.fail("'tap' names the link listened on: its two hosts, [\"a\", \"b\"]");
    h.tap = {ends[0].hostname(), ends[1].hostname()};
  }
  if (auto t = n.get("strip_starttls")) {
    const std::string v = t->string();
    if (v == "none") h.strip_starttls = StripStarttls::None;
    else if (v == "rewrite") h.strip_starttls = StripStarttls::Rewrite;
    else if (v == "drop") h.strip_starttls = StripStarttls::Drop;
    else t->fail(in_quotes(v) + " is not a value of 'strip_starttls' (none, rewrite, drop)");
  }

  if (auto d = n.get("device")) {
    const std::string device = d->string();
    if (device == "pc") h.device = Device::Pc;
    else if (device == "phone") h.device = Device::Phone;
    else d->fail(in_quotes(device) + " is not a device (pc, phone)");
  }

  if (auto p = n.get("position")) {
    const auto xy = p->items();
    if (xy.size() != 2) p->fail("a position is two numbers [x, y], each from 0 to 1");
    double v[2];
    for (int i = 0; i < 2; ++i) {
      v[i] = xy[i].number();
      if (v[i] < 0 || v[i] > 1) xy[i].fail(xy[i].json().dump() + " is outside the map (0 to 1)");
    }
    h.position = std::pair{v[0], v[1]};
  }
  for (const Node& d : list_of(n, "domains")) h.domains.push_back(d.hostname());
  if (h.role == Auth && h.domains.empty())
    (n.has("domains") ? n["domains"] : n).fail("an auth host needs the mail domains whose accounts it holds in 'domains'");
  if (h.role == Destination && h.domains.empty())
    (n.has("domains") ? n["domains"] : n).fail("a destination host needs at least one mail domain in 'domains'");
  if (auto r = n.get("relayhost")) {
    const Node::Relayhost spec = r->relayhost();
    h.relayhost = spec.host;
    h.relayhost_mx = spec.mx;
    h.relayhost_port = spec.port;
  }
  for (const Node& c : list_of(n, "relay_from")) h.relay_from.push_back(c.cidr());
  if (auto r = n.get("resolver")) h.resolver = r->hostname();
  if (auto r = n.get("retry")) h.retry = parse_retry(*r, h.retry_preset);
  if (auto l = n.get("limits")) h.limits = parse_limits(*l);
  if (auto b = n.get("smtpd_forbid_bare_newline")) {
    const auto policy = smtp::parse_bare_newline(b->string());
    if (!policy) b->fail(in_quotes(b->string()) + " is not a value of smtpd_forbid_bare_newline (normal, strict, no)");
    h.smtpd_forbid_bare_newline = *policy;
  }
  if (auto a = n.get("auth")) {
    const std::string value = a->string();
    if (value == "none") h.auth = SmtpAuth::None;
    else if (value == "optional") h.auth = SmtpAuth::Optional;
    else if (value == "required") h.auth = SmtpAuth::Required;
    else a->fail(in_quotes(value) + " is not a value of 'auth' (none, optional, required)");
  }
  const bool smtp_auth_role = h.role == Submission || h.role == Relay;
  if (auto m = n.get("sasl_mechanisms")) {
    if (smtp_auth_role && h.auth == SmtpAuth::None)
      n.fail_key("sasl_mechanisms", "'sasl_mechanisms' are offered only with SMTP AUTH: set 'auth' to \"optional\" or \"required\"");
    parse_sasl_mechanisms(*m, h);
  } else if (h.role == Submission || h.role == Auth || (h.role == Relay && h.auth != SmtpAuth::None)) {
    h.sasl_mechanisms = sasl::all_mechanisms();  // Dovecot's usual list; only offered with 'auth'
  }
  if (auto p = n.get("sasl_path")) {
    h.sasl_path = p->hostname();
    if (smtp_auth_role && h.auth == SmtpAuth::None)
      p->fail("'sasl_path' checks SMTP AUTH logins: set 'auth' to \"optional\" or \"required\"");
    if (h.apop) p->fail("APOP needs the plaintext password on this host, which an auth server does not give out: leave \"APOP\" out of 'sasl_mechanisms'");
  }
  if (auto p = n.get("pop_before_smtp")) {
    p->check_object({"server", "window"});
    PopBeforeSmtpRule rule;
    rule.server = (*p)["server"].hostname();
    if (auto w = p->get("window")) {
      rule.window = w->duration();
      if (rule.window == 0) w->fail("'window' must be longer than 0s");
    }
    h.pop_before_smtp = rule;
  }
  if (auto t = n.get("smtpd_tls_security_level")) h.smtpd_tls_security_level = parse_tls_level(*t, false);
  if (auto t = n.get("smtpd_tls_auth_only")) {
    h.smtpd_tls_auth_only = t->boolean();
    if (h.smtpd_tls_auth_only && h.smtpd_tls_security_level == TlsLevel::None)
      t->fail("'smtpd_tls_auth_only' offers AUTH only inside TLS, but this server offers no TLS: set "
              "'smtpd_tls_security_level' to \"may\" or \"encrypt\"");
  }
  if (auto t = n.get("smtp_tls_security_level")) h.smtp_tls_security_level = parse_tls_level(*t, true);
  // The reading side's TLS, in Dovecot's words (docs/tls.md).
  if (auto t = n.get("ssl")) {
    const std::string v = t->string();
    if (v == "no") h.ssl = proto::Ssl::No;
    else if (v == "yes") h.ssl = proto::Ssl::Yes;
    else if (v == "required") h.ssl = proto::Ssl::Required;
    else t->fail(in_quotes(v) + " is not a value of ssl (no, yes, required)");
  }
  h.disable_plaintext_auth = h.ssl != proto::Ssl::No;
  if (auto t = n.get("disable_plaintext_auth")) {
    h.disable_plaintext_auth = t->boolean();
    if (h.disable_plaintext_auth && h.ssl == proto::Ssl::No)
      t->fail("'disable_plaintext_auth' allows logins only inside TLS, but this server offers no TLS: set 'ssl' "
              "to \"yes\" or \"required\"");
  }
  if (auto t = n.get("smtpd_tls_wrappermode")) h.smtpd_tls_wrappermode = t->boolean();
  if (auto t = n.get("tls_certificate")) {
    const auto flaw = certificate_flaw_from_string(t->string());
    if (!flaw)
      t->fail(in_quotes(t->string()) +
              " is not a value of 'tls_certificate' (ok, name-mismatch, expired, self-signed, unknown-ca)");
    if (h.smtpd_tls_security_level == TlsLevel::None && !h.smtpd_tls_wrappermode && h.ssl == proto::Ssl::No)
      t->fail("'tls_certificate' is the certificate this server presents in TLS, but it offers no TLS: set "
              "'smtpd_tls_security_level' to \"may\" or \"encrypt\"");
    h.tls_certificate = *flaw;
  }
  parse_host_cert_files(n, h);
  if (auto u = n.get("up")) h.up = u->boolean();
  h.sender_auth = parse_sender_auth(n);
  parse_forwarding(n, h);
  parse_restrictions(n, h);
  return h;
}

// References between hosts, checked once every host is known (a relayhost may be declared later).
void check_host_references(const Node& n, const Scenario& s, const Host& h, bool have_dns) {
  using enum Role;
  if (!h.relayhost.empty()) {
    if (h.relayhost == h.name) n["relayhost"].fail("a host cannot be its own relayhost");
    host_with_role(s, n["relayhost"], h.relayhost, {Submission, Relay, Destination},
                   "mail can be relayed only to a submission, relay or destination host");
  }
  if (!h.resolver.empty())
    host_with_role(s, n["resolver"], h.resolver, {Dns}, "a resolver must be a dns host");
  if (h.pop_before_smtp)
    host_with_role(s, n["pop_before_smtp"]["server"], h.pop_before_smtp->server, {Destination},
                   "POP before SMTP watches the logins of a destination host's POP3 and IMAP server");
  if (!h.sasl_path.empty())
    host_with_role(s, n["sasl_path"], h.sasl_path, {Auth}, "'sasl_path' names the auth host that checks the logins");
  if ((h.role == Submission || h.role == Relay) && h.relayhost.empty() && !have_dns)
    n.fail(h.name + " looks up MX records, but no host has role 'dns' (add one)");
}

// What the MTA itself will find when it looks the relayhost up: the same resolver, asking the
// lesson's records (every dns host serves all of them) as they are at time 0.
void check_relayhost(const Node& where, const Scenario& s, const Host& h, const dns::ZoneSet& zones) {
  const std::string name = in_quotes(h.relayhost);
  dns::MxResolver resolver(h.relayhost, 0, !h.relayhost_mx);
  while (auto query = resolver.next_query()) resolver.on_response(zones.answer(*query), nullptr);
  if (resolver.status() != dns::ResolveStatus::Done)
    where.fail(name + " cannot be found in the lesson's DNS (" + resolver.error() + "), so every message would "
               "wait in the queue: add " + (h.relayhost_mx ? "an A record (or MX records)" : "an A record") +
               " for it to 'dns'");
  // The MTA tries the targets in order; one mail server listening on the port is enough.
  auto server_of = [&](const dns::MxTarget& t) {
    const auto it = std::find_if(s.hosts.begin(), s.hosts.end(), [&](const Host& x) { return x.address == t.address; });
    return it == s.hosts.end() ? nullptr : &*it;
  };
  for (const dns::MxTarget& t : resolver.targets())
    if (const Host* server = server_of(t); server && smtp_port(server->role) == h.relayhost_port) return;
  // None is: explain the first.
  const dns::MxTarget& t = resolver.targets().front();
  const std::string what = (t.host == h.relayhost ? name : name + "'s MX host " + in_quotes(t.host)) + " has the address " +
                           t.address + " in 'dns'";
  const Host* server = server_of(t);
  if (!server) where.fail(what + ", but no host has that address");
  const auto port = smtp_port(server->role);
  if (!port) where.fail(what + ", which is " + server->name + ", " + a_role(server->role) + ": it takes no mail");
  where.fail(what + ", which is " + server->name + ": it takes mail on port " + std::to_string(*port) + ", not " +
             std::to_string(h.relayhost_port) + " (write '" + (h.relayhost_mx ? h.relayhost : "[" + h.relayhost + "]") +
             ":" + std::to_string(*port) + "')");
}

// An eavesdropper's tap names a link of the lesson; the eavesdropper itself is on no link.
void check_taps(const Node& root, const Scenario& s) {
  const auto hosts = root["hosts"].items();
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const Host& h = s.hosts[i];
    if (h.role != Role::Eavesdropper) continue;
    const Node tap = hosts[i]["tap"];
    // Not a structured binding: clang 14 (the fuzz build's compiler) cannot capture one in a lambda.
    const std::string& a = h.tap.first;
    const std::string& b = h.tap.second;
    const bool linked = std::any_of(s.links.begin(), s.links.end(), [&](const Link& l) {
      return (l.a == a && l.b == b) || (l.a == b && l.b == a);
    });
    if (!linked) {
      host_index(s, tap.items()[0], a);
      host_index(s, tap.items()[1], b);
      tap.fail(in_quotes(a) + " and " + in_quotes(b) + " are not linked: 'tap' names one of the lesson's links");
    }
  }
}

Link parse_link(const Node& n, const Scenario& s) {
  n.check_object({"between", "latency"});
  const Node between = n["between"];
  const auto ends = between.items();
  if (ends.size() != 2) between.fail("a link is between exactly two hosts");
  Link l;
  l.a = ends[0].hostname();
  l.b = ends[1].hostname();
  host_index(s, ends[0], l.a);
  host_index(s, ends[1], l.b);
  if (l.a == l.b) between.fail("a host cannot be linked to itself");
  for (std::size_t i = 0; i < 2; ++i)
    if (s.hosts[host_index(s, ends[i], i == 0 ? l.a : l.b)].role == Role::Eavesdropper)
      ends[i].fail(in_quotes(i == 0 ? l.a : l.b) + " is an eavesdropper: it listens on a link ('tap') and is linked to nothing");
  l.latency = s.default_latency;
  if (auto lat = n.get("latency")) l.latency = lat->duration();
  return l;
}

// Every host must reach every other over links, or the lesson silently loses mail to "no route".
// Eavesdroppers are on no link: they listen on one.
void check_connected(const Node& root, const Scenario& s) {
  const auto first = std::find_if(s.hosts.begin(), s.hosts.end(), [](const Host& h) { return h.role != Role::Eavesdropper; });
  if (first == s.hosts.end()) return;
  std::map<std::string, std::vector<std::string>> next;
  for (const Link& l : s.links) {
    next[l.a].push_back(l.b);
    next[l.b].push_back(l.a);
  }
  std::map<std::string, bool> seen{{first->name, true}};
  std::queue<std::string> todo;
  todo.push(first->name);
  while (!todo.empty()) {
    for (const std::string& m : next[todo.front()])
      if (!seen[m]) seen[m] = true, todo.push(m);
    todo.pop();
  }
  const auto hosts = root["hosts"].items();
  for (std::size_t i = 0; i < s.hosts.size(); ++i)
    if (s.hosts[i].role != Role::Eavesdropper && !seen[s.hosts[i].name])
      hosts[i].fail(in_quotes(s.hosts[i].name) + " has no path of links to " + in_quotes(first->name));
}

}  // namespace

std::size_t host_index(const Scenario& s, const Node& where, const std::string& name) {
  for (std::size_t i = 0; i < s.hosts.size(); ++i)
    if (s.hosts[i].name == name) return i;
  where.fail("no host named " + in_quotes(name));
}

const Host& host_with_role(const Scenario& s, const Node& where, const std::string& name,
                           std::initializer_list<Role> roles, const std::string& what) {
  const Host& h = s.hosts[host_index(s, where, name)];
  if (!has_role(roles, h.role)) where.fail(in_quotes(name) + " is " + a_role(h.role) + "; " + what);
  return h;
}

void check_relayhosts(const Node& root, const Scenario& s) {
  const auto hosts = root["hosts"].items();
  const bool have_dns = std::any_of(s.hosts.begin(), s.hosts.end(), [](const Host& h) { return h.role == Role::Dns; });
  dns::ZoneSet zones;
  for (const dns::Record& r : s.dns_records) zones.add(r);
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const Host& h = s.hosts[i];
    if (h.relayhost.empty()) continue;
    const Node where = hosts[i]["relayhost"];
    if (!have_dns)
      where.fail(h.name + " looks up its relayhost " + in_quotes(h.relayhost) + " in DNS, but no host has role 'dns' (add one)");
    check_relayhost(where, s, h, zones);
  }
}

void parse_network(const Node& root, Scenario& s) {
  const auto hosts = root["hosts"].items();
  if (hosts.empty()) root["hosts"].fail("a scenario needs at least one host");
  std::map<std::string, std::string> by_name, by_address;  // -> pointer / name of the first
  for (const Node& n : hosts) {
    Host h = parse_host(n);
    if (auto [it, fresh] = by_name.emplace(h.name, n.pointer()); !fresh)
      n["name"].fail("duplicate host name " + in_quotes(h.name) + " (also at " + it->second + ")");
    if (auto [it, fresh] = by_address.emplace(h.address, h.name); !fresh)
      n["address"].fail("address " + h.address + " is already used by " + in_quotes(it->second));
    s.hosts.push_back(std::move(h));
  }
  const bool have_dns = std::any_of(s.hosts.begin(), s.hosts.end(), [](const Host& h) { return h.role == Role::Dns; });
  for (std::size_t i = 0; i < hosts.size(); ++i) check_host_references(hosts[i], s, s.hosts[i], have_dns);

  std::map<std::pair<std::string, std::string>, std::string> seen_links;
  for (const Node& n : list_of(root, "links")) {
    Link l = parse_link(n, s);
    const auto key = std::minmax(l.a, l.b);
    if (auto [it, fresh] = seen_links.emplace(std::pair{key.first, key.second}, n.pointer()); !fresh)
      n["between"].fail(in_quotes(l.a) + " and " + in_quotes(l.b) + " are already linked (at " + it->second + ")");
    s.links.push_back(std::move(l));
  }
  check_connected(root, s);
  check_taps(root, s);
}

}  // namespace mailsim::scenario::detail
