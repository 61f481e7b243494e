// People and their mail: accounts (mailboxes), clients (MUAs) and the messages they send.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "sim/proto/common/line_reader.hpp"
#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void parse_accounts(const Node& root, Scenario& s) {
  std::map<std::string, std::string> seen;                        // address -> pointer
  std::set<std::pair<std::string, std::string>> logins;           // (host, user)
  for (const Node& n : list_of(root, "accounts")) {
    n.check_object({"address", "host", "user", "password"});
    Account a;
    a.address = n["address"].mail_address();
    a.host = n["host"].hostname();
    const Host& h = host_with_role(s, n["host"], a.host, {Role::Destination},
                                   "mailboxes live on destination hosts");
    const std::string domain = domain_of(a.address);
    if (std::find(h.domains.begin(), h.domains.end(), domain) == h.domains.end())
      n["address"].fail("domain " + in_quotes(domain) + " is not one of " + h.name + "'s domains (" +
                        join(h.domains) + ")");
    if (auto [it, fresh] = seen.emplace(a.address, n.pointer()); !fresh)
      n["address"].fail("account " + in_quotes(a.address) + " is already declared at " + it->second);
    a.user = n.has("user") ? n["user"].nonempty_string() : local_part_of(a.address);
    if (!logins.emplace(a.host, a.user).second)
      (n.has("user") ? n["user"] : n["address"])
          .fail("user " + in_quotes(a.user) + " already exists on " + a.host);
    a.password = n.has("password") ? n["password"].string() : "password";
    s.accounts.push_back(std::move(a));
  }
  // A submission server (or a relay with AUTH) logs in the accounts of all its domains by their user
  // names, so one name must not stand for two accounts there (they may live on different hosts).
  const auto nodes = list_of(root, "accounts");
  for (const Host& h : s.hosts) {
    if ((h.role != Role::Submission && h.role != Role::Relay) || h.auth == SmtpAuth::None) continue;
    std::map<std::string, std::string> users;  // user -> address
    for (std::size_t i = 0; i < s.accounts.size(); ++i) {
      const Account& a = s.accounts[i];
      if (std::find(h.domains.begin(), h.domains.end(), domain_of(a.address)) == h.domains.end()) continue;
      if (auto [it, fresh] = users.emplace(a.user, a.address); !fresh)
        (nodes[i].has("user") ? nodes[i]["user"] : nodes[i]["address"])
            .fail("user " + in_quotes(a.user) + " is also " + it->second + ", and " + h.name +
                  " logs in both with SMTP AUTH: give one of them another 'user'");
    }
  }
}

std::string mechanism_names(const std::vector<sasl::Mechanism>& list) {
  std::vector<std::string> names;
  for (const sasl::Mechanism m : list) names.emplace_back(sasl::mechanism_name(m));
  return join(names);
}

// A POP3 device's login: "USER" (USER/PASS), "APOP", or a SASL mechanism for AUTH; the server
// must offer it, or the device could never read its mail.
void parse_login(const Node& n, const Host& server, Fetch& f) {
  const std::string name = n.string();
  if (proto::iequals(name, "USER")) {
    f.login = Fetch::Login::User;
    return;
  }
  if (proto::iequals(name, "APOP")) {
    if (!server.apop) n.fail(server.name + " does not offer APOP (add \"APOP\" to its 'sasl_mechanisms')");
    f.login = Fetch::Login::Apop;
    return;
  }
  const auto m = sasl::parse_mechanism(name);
  if (!m) n.fail(in_quotes(name) + " is not a POP3 login (USER, APOP, PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256)");
  if (std::find(server.sasl_mechanisms.begin(), server.sasl_mechanisms.end(), *m) == server.sasl_mechanisms.end())
    n.fail(server.name + " does not offer AUTH " + std::string(sasl::mechanism_name(*m)) + " (its 'sasl_mechanisms': " +
           (server.sasl_mechanisms.empty() ? "none" : mechanism_names(server.sasl_mechanisms)) + ")");
  f.login = Fetch::Login::Sasl;
  f.mechanism = *m;
}

// How a device reads mail: "pop3" / "imap", or an object with the protocol and its settings.
Fetch parse_fetch(const Node& n, const Scenario& s, const std::string& account) {
  Fetch f;
  auto protocol = [](const Node& where) {
    const std::string name = where.string();
    if (name == "pop3") return Fetch::Protocol::Pop3;
    if (name == "imap") return Fetch::Protocol::Imap;
    where.fail(in_quotes(name) + " is not a mail-reading protocol (pop3, imap)");
  };
  const Node* settings = nullptr;
  if (n.json().is_string()) {
    f.protocol = protocol(n);
  } else {
    if (!n.json().is_object()) n.fail("expected \"pop3\", \"imap\" or an object with a 'protocol'");
    n.check_object({"protocol", "server", "start", "poll", "keep", "idle", "mark_seen", "login", "folders", "tls", "port"});
    f.protocol = protocol(n["protocol"]);
    settings = &n;
  }
  // The reader logs in with the account's user and password, so the account must exist; by default
  // it reads from the server that holds the mailbox.
  const auto a = std::find_if(s.accounts.begin(), s.accounts.end(),
                              [&](const Account& x) { return x.address == account; });
  if (a == s.accounts.end())
    n.fail("reading mail needs a mailbox: " + in_quotes(account) + " is not an account (declare it in 'accounts')");
  f.server = a->host;
  if (!settings) return f;
  const bool pop3 = f.protocol == Fetch::Protocol::Pop3;
  if (pop3 && n.has("idle")) n.fail_key("idle", "'idle' applies only to IMAP");
  if (pop3 && n.has("mark_seen")) n.fail_key("mark_seen", "'mark_seen' applies only to IMAP");
  if (!pop3 && n.has("keep")) n.fail_key("keep", "'keep' applies only to POP3 (IMAP always leaves mail on the server)");
  if (pop3 && n.has("folders")) n.fail_key("folders", "'folders' applies only to IMAP (POP3 reads only the inbox)");
  if (!pop3 && n.has("login")) n.fail_key("login", "'login' applies only to POP3 (IMAP logs in with LOGIN)");
  if (auto v = n.get("server")) {
    f.server = v->hostname();
    host_with_role(s, *v, f.server, {Role::Destination}, "mail is read from destination hosts");
    if (f.server != a->host)
      v->fail(in_quotes(account) + "'s mailbox is on " + a->host + ", not on " + f.server);
  }
  if (auto v = n.get("start")) {
    f.start = v->duration();
    check_before_until(s, *v, f.start);
  }
  if (auto v = n.get("poll")) {
    f.poll = v->duration();
    if (f.poll == 0) v->fail("'poll' must be longer than 0s");
  }
  if (auto v = n.get("tls")) {
    const std::string t = v->string();
    if (t == "none") f.tls = TlsLevel::None;
    else if (t == "may") f.tls = TlsLevel::May;
    else if (t == "encrypt") f.tls = TlsLevel::Encrypt;
    else if (t == "verify") f.tls = TlsLevel::Verify;
    else v->fail(in_quotes(t) + " is not a value of tls (none, may, encrypt, verify)");
  }
  if (auto v = n.get("keep")) f.keep = v->boolean();
  if (auto v = n.get("idle")) f.idle = v->boolean();
  if (auto v = n.get("folders")) {
    f.folders.clear();
    for (const Node& item : v->items()) {
      std::string name = item.nonempty_string();
      // RFC 3501 §5.1: INBOX is INBOX in any case; other names as the server's folders are spelled.
      if (proto::to_lower(name) == "inbox") name = "INBOX";
      if (std::find(f.folders.begin(), f.folders.end(), name) != f.folders.end())
        item.fail(in_quotes(name) + " is listed twice");
      f.folders.push_back(std::move(name));
    }
    if (f.folders.empty()) v->fail("name at least one folder (\"INBOX\", \"Junk\")");
    if (f.idle && f.folders.size() > 1)
      v->fail("'idle' keeps one session open on one folder: list only that one, or leave 'idle' out");
  }
  if (auto v = n.get("mark_seen")) f.mark_seen = v->boolean();
  if (auto v = n.get("login")) parse_login(*v, *s.find_host(f.server), f);
  if (auto v = n.get("port")) {
    // The standard port or its implicit-TLS twin (RFC 8314 §7): a mail program's "STARTTLS"/"none"
    // or its "SSL/TLS".
    const auto port = static_cast<std::uint16_t>(v->integer(1, 65535));
    const std::uint16_t plain = pop3 ? kPop3Port : kImapPort;
    const std::uint16_t implicit = pop3 ? kPop3sPort : kImapsPort;
    if (port != plain && port != implicit)
      v->fail(std::string(pop3 ? "POP3" : "IMAP") + " is read on port " + std::to_string(plain) + " or " +
              std::to_string(implicit) + " (implicit TLS), not " + std::to_string(port));
    if (port == implicit) {
      if (s.find_host(f.server)->ssl == proto::Ssl::No)
        v->fail("port " + std::to_string(port) + " is implicit TLS, but " + f.server +
                " has ssl no (give it ssl yes or required, or read on " + std::to_string(plain) + ")");
      if (f.tls == TlsLevel::None)
        v->fail("port " + std::to_string(port) + " is implicit TLS, which always encrypts: 'tls' none contradicts it "
                "(read on " + std::to_string(plain) + " for plain text)");
    }
    f.port = port;
  }
  return f;
}

// How a client logs in to its submission server: a mechanism name, or an object with the
// mechanism and, to show a typing mistake, the password it sends instead of its account's.
ClientAuth parse_client_auth(const Node& n, const Scenario& s, const Client& c) {
  if (c.submission.empty()) n.fail("'auth' is how the client logs in to send mail; it needs 'submission'");
  const Node* mechanism = &n;
  std::optional<Node> object_mechanism;
  if (!n.json().is_string()) {
    if (!n.json().is_object()) n.fail("expected a mechanism such as \"PLAIN\" or an object with a 'mechanism'");
    n.check_object({"mechanism", "password"});
    object_mechanism = n["mechanism"];
    mechanism = &*object_mechanism;
  }
  ClientAuth a;
  const std::string name = mechanism->string();
  const auto m = sasl::parse_mechanism(name);
  if (!m) mechanism->fail(in_quotes(name) + " is not an SMTP AUTH mechanism (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256)");
  a.mechanism = *m;
  const Host& server = *s.find_host(c.submission);
  if (server.auth == SmtpAuth::None)
    mechanism->fail(server.name + " does not offer SMTP AUTH (give it \"auth\": \"optional\" or \"required\")");
  if (std::find(server.sasl_mechanisms.begin(), server.sasl_mechanisms.end(), a.mechanism) == server.sasl_mechanisms.end())
    mechanism->fail(server.name + " does not offer AUTH " + std::string(sasl::mechanism_name(a.mechanism)) +
                    " (its 'sasl_mechanisms': " + mechanism_names(server.sasl_mechanisms) + ")");
  // The login and the password are the account's: the submission server checks them against the
  // accounts of its own domains, as the mail servers of a domain share one account list.
  const auto account = std::find_if(s.accounts.begin(), s.accounts.end(),
                                    [&](const Account& x) { return x.address == c.account; });
  if (account == s.accounts.end())
    n.fail("logging in needs a password: " + in_quotes(c.account) + " is not an account (declare it in 'accounts')");
  const std::string domain = domain_of(c.account);
  if (std::find(server.domains.begin(), server.domains.end(), domain) == server.domains.end())
    n.fail(server.name + " logs in the accounts of its own domains (" +
           (server.domains.empty() ? std::string("it has no 'domains'") : join(server.domains)) + "); " +
           in_quotes(c.account) + " is not one of them");
  a.user = account->user;
  a.password = account->password;
  if (auto p = n.get("password")) a.password = p->string();
  return a;
}

// Where clients[i] was declared, for messages that point to it (every client is kept, in order).
std::string client_pointer(std::size_t i) { return "/clients/" + std::to_string(i); }

// "ken@isp.example via relay.open.example at /clients/0", to tell a host's clients apart.
std::string client_summary(const Scenario& s, std::size_t i) {
  const Client& c = s.clients[i];
  return c.account + (c.submission.empty() ? " (reads only)" : " via " + c.submission) + " at " + client_pointer(i);
}

// A host may run several clients (a mail program with one account per mail service, and a spam
// program someone planted on it). A message names its host, and, when that is not enough, the
// client's account or submission server; so two clients on one host must differ in one of those.
// Mail is read with one client per host: `fetched` checks and triggers name the device.
void check_same_host(const Node& n, const Scenario& s, const Client& c) {
  for (std::size_t i = 0; i < s.clients.size(); ++i) {
    const Client& other = s.clients[i];
    if (other.host != c.host) continue;
    if (other.account == c.account && other.submission == c.submission)
      n["account"].fail(in_quotes(c.host) + " already has a client for " + in_quotes(c.account) +
                        (c.submission.empty() ? "" : " sending through " + c.submission) + " (at " + client_pointer(i) +
                        "); clients on one host differ in 'account' or 'submission'");
    if (other.fetch.protocol != Fetch::Protocol::None && c.fetch.protocol != Fetch::Protocol::None)
      n["fetch"].fail(in_quotes(c.host) + " already reads mail with the client at " + client_pointer(i) +
                      " (one client per host reads mail, so that 'fetched' names the device)");
  }
}

void parse_clients(const Node& root, Scenario& s) {
  for (const Node& n : list_of(root, "clients")) {
    n.check_object({"host", "account", "submission", "port", "auth", "retry_after", "smtp_tls_security_level",
                  "smtp_tls_wrappermode", "fetch"});
    Client c;
    c.host = n["host"].hostname();
    host_with_role(s, n["host"], c.host, {Role::Client}, "mail clients run on client hosts");
    c.account = n["account"].mail_address();
    if (auto sub = n.get("submission")) {
      c.submission = sub->hostname();
      // A relay takes mail on port 25 from anyone it relays for: a spammer's program talks to an open
      // relay so, and a home PC set up that way meets OP25B.
      const Host& server = host_with_role(s, *sub, c.submission, {Role::Submission, Role::Relay},
                                          "clients submit mail to a submission host (or a relay, on port 25)");
      c.submission_port = *smtp_port(server.role);
    } else if (n.has("port")) {
      n.fail_key("port", "'port' is the submission port; it needs 'submission'");
    }
    if (auto p = n.get("port")) c.submission_port = static_cast<std::uint16_t>(p->integer(1, 65535));
    if (auto a = n.get("auth")) c.auth = parse_client_auth(*a, s, c);
    if (auto r = n.get("retry_after")) {
      if (c.submission.empty()) n.fail_key("retry_after", "'retry_after' retries sending; it needs 'submission'");
      c.retry_after = r->duration();
      if (c.retry_after == 0) r->fail("'retry_after' must be longer than 0s (leave it out not to retry)");
    }
    if (auto t = n.get("smtp_tls_security_level")) {
      if (c.submission.empty())
        n.fail_key("smtp_tls_security_level", "'smtp_tls_security_level' is for sending; it needs 'submission'");
      c.smtp_tls_security_level = parse_tls_level(*t, true);
    }
    if (auto w = n.get("smtp_tls_wrappermode")) {
      if (c.submission.empty())
        n.fail_key("smtp_tls_wrappermode", "'smtp_tls_wrappermode' is for sending; it needs 'submission'");
      c.smtp_tls_wrappermode = w->boolean();
    }
    if (!c.submission.empty() && wrappermode(c) && c.smtp_tls_security_level == TlsLevel::None)
      n.fail_key("smtp_tls_security_level", "implicit TLS (port 465, 'smtp_tls_wrappermode') always encrypts: "
                                            "'smtp_tls_security_level' cannot be \"none\" there");
    if (auto f = n.get("fetch")) c.fetch = parse_fetch(*f, s, c.account);
    if (c.submission.empty() && c.fetch.protocol == Fetch::Protocol::None)
      n.fail("a client needs 'submission' (to send mail), 'fetch' (to read it), or both");
    check_same_host(n, s, c);
    s.clients.push_back(std::move(c));
  }
}

// Extra header fields: the ones the client writes from the message's own keys are refused, so the
// envelope and the header cannot quietly disagree.
void parse_headers(const Node& n, MessageSpec& m) {
  if (!n.json().is_object()) n.fail("expected an object of header fields, like {\"X-Lesson\": \"1\"}");
  for (const auto& [name, value] : n.json().items()) {
    const bool ok = !name.empty() && name.size() <= 76 &&
                    std::all_of(name.begin(), name.end(), [](char c) { return c > 32 && c < 127 && c != ':'; });
    if (!ok) n.fail_key(name, in_quotes(name) + " is not a header field name");
    const std::string key = lower(name);
    if (key == "from" || key == "to" || key == "cc" || key == "bcc" || key == "subject")
      n.fail_key(name, "write the message's " + in_quotes(key) + " key instead of a " + in_quotes(name) + " header");
    const std::string text = n[name].string();
    if (text.find_first_of("\r\n") != std::string::npos) n[name].fail("a header value cannot contain line breaks");
    m.headers.emplace_back(name, text);
  }
}

// The client that sends the message: the one on its host with a submission server, or, when the
// host runs several, the one its `account` and `submission` keys pick. Any doubt is an error.
const Client& pick_client(const Node& n, const Scenario& s, MessageSpec& m) {
  m.client = n["client"].hostname();
  host_index(s, n["client"], m.client);
  std::vector<std::size_t> on_host, sending;
  for (std::size_t i = 0; i < s.clients.size(); ++i) {
    if (s.clients[i].host != m.client) continue;
    on_host.push_back(i);
    if (!s.clients[i].submission.empty()) sending.push_back(i);
  }
  if (on_host.empty()) n["client"].fail(in_quotes(m.client) + " runs no mail client (declare one in 'clients')");
  if (sending.empty()) n["client"].fail("the client on " + in_quotes(m.client) + " only reads mail (it has no 'submission')");
  auto list = [&](const std::vector<std::size_t>& v) {
    std::string out;
    for (std::size_t i : v) out += (out.empty() ? "" : "; ") + client_summary(s, i);
    return out;
  };
  // Narrowed by each key in turn, so an error names the key that matched nothing.
  std::vector<std::size_t> left = sending;
  for (std::string_view key : {"account", "submission"}) {
    const auto v = n.get(key);
    if (!v) continue;
    const std::string want = key == "account" ? v->mail_address() : v->hostname();
    std::vector<std::size_t> kept;
    for (std::size_t i : left)
      if ((key == "account" ? s.clients[i].account : s.clients[i].submission) == want) kept.push_back(i);
    if (kept.empty())
      v->fail(in_quotes(m.client) + " runs no client that sends with " + std::string(key) + " " + in_quotes(want) +
              " (" + (left.size() == sending.size() ? "its clients that send: " : "those with that account: ") + list(left) + ")");
    left = std::move(kept);
  }
  if (left.size() > 1)
    n["client"].fail(in_quotes(m.client) + " runs " + std::to_string(left.size()) + " clients that could send this (" +
                     list(left) + "): say which with 'account' or 'submission'");
  const Client& c = s.clients[left.front()];
  m.client_account = c.account;
  m.client_submission = c.submission;
  return c;
}

MessageSpec parse_message(const Node& n, const Scenario& s) {
  n.check_object({"id", "at", "client", "account", "submission", "from", "to", "cc", "bcc", "subject", "body", "headers",
                  "repeat"});
  MessageSpec m;
  m.id = n["id"].nonempty_string();
  if (auto at = n.get("at")) {
    m.at = at->duration();
    check_before_until(s, *at, m.at);
  }
  const Client* client = &pick_client(n, s, m);
  m.from = n.has("from") ? n["from"].mail_address() : client->account;
  if (auto v = n.get("to")) m.to = v->mail_addresses();
  if (auto v = n.get("cc")) m.cc = v->mail_addresses();
  if (auto v = n.get("bcc")) m.bcc = v->mail_addresses();
  if (m.to.empty() && m.cc.empty() && m.bcc.empty())
    n.fail("a message needs at least one recipient in 'to', 'cc' or 'bcc'");
  if (auto v = n.get("subject")) m.subject = v->string();
  if (auto v = n.get("body")) {
    if (v->json().is_array()) {
      // Lines are joined with LF here; the client turns every line end into CRLF when it sends.
      for (const Node& line : v->items()) m.body += line.string() + "\n";
    } else {
      m.body = v->string();
    }
  }
  if (auto v = n.get("headers")) parse_headers(*v, m);
  return m;
}

// A busy afternoon without writing out hundreds of messages: `"repeat": {"count": N, "every": T}`
// sends the message N times, T apart from its `at`, as ID-1 ... ID-N, each subject ending " #k".
// The copies are ordinary messages from then on (expectations and triggers name them by id).
std::vector<MessageSpec> expand_repeat(const Node& n, const Scenario& s, MessageSpec m) {
  const auto r = n.get("repeat");
  if (!r) return {std::move(m)};
  r->check_object({"count", "every"});
  const auto count = static_cast<int>((*r)["count"].integer(1, kMaxMessages));
  const Duration every = (*r)["every"].duration();
  if (every <= 0 && count > 1) (*r)["every"].fail("copies of a message need time between them: 'every' must be longer than 0");
  check_before_until(s, (*r)["count"], m.at + every * (count - 1));
  std::vector<MessageSpec> copies;
  copies.reserve(static_cast<std::size_t>(count));
  for (int k = 1; k <= count; ++k) {
    MessageSpec c = m;
    c.id = m.id + "-" + std::to_string(k);
    c.at = m.at + every * (k - 1);
    c.subject += (c.subject.empty() ? "#" : " #") + std::to_string(k);
    copies.push_back(std::move(c));
  }
  return copies;
}

}  // namespace

void parse_mail(const Node& root, Scenario& s) {
  parse_accounts(root, s);
  parse_clients(root, s);
  std::map<std::string, std::string> ids;  // id -> pointer
  for (const Node& n : list_of(root, "messages")) {
    for (MessageSpec& m : expand_repeat(n, s, parse_message(n, s))) {
      if (auto [it, fresh] = ids.emplace(m.id, n.pointer()); !fresh)
        n["id"].fail("message id " + in_quotes(m.id) + " is already used at " + it->second);
      s.messages.push_back(std::move(m));
    }
    if (s.messages.size() > static_cast<std::size_t>(kMaxMessages))
      n.fail("a lesson sends at most " + std::to_string(kMaxMessages) + " messages");
  }
}

}  // namespace mailsim::scenario::detail
