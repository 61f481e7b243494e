#include "sim/proto/pop3/server.hpp"

#include <utility>

#include "sim/proto/sasl/credentials.hpp"

#include "sim/proto/pop3/multiline.hpp"

namespace mailsim::pop3 {

namespace {

constexpr std::string_view kInbox = "INBOX";
// While a lookup is pending a client may pipeline, but not without end.
constexpr std::size_t kWaitingInputLimit = 256 * 1024;

// Splits arguments at runs of spaces (RFC 1939 asks for single spaces; real clients are not all so
// careful, and being lenient costs nothing here).
std::vector<std::string_view> split_args(std::string_view args) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < args.size()) {
    while (i < args.size() && args[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < args.size() && args[i] != ' ') ++i;
    if (i > start) out.push_back(args.substr(start, i - start));
  }
  return out;
}

// A decimal number of digits only (no sign, no spaces); values past the range saturate, and then
// name no message.
bool parse_number(std::string_view s, std::size_t& value) {
  if (s.empty()) return false;
  value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    value = value > 100000000 ? value : value * 10 + static_cast<std::size_t>(c - '0');
  }
  return true;
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

Server::Server(ServerConfig config, mailstore::MailStore& store, ServerHooks hooks)
    : config_(std::move(config)), hooks_(std::move(hooks)), store_(store), reader_(config_.max_line) {}

Server::~Server() { release_lock(); }

Server::Server(Server&& other) noexcept
    : config_(std::move(other.config_)),
      hooks_(std::move(other.hooks_)),
      store_(other.store_),
      reader_(std::move(other.reader_)),
      state_(other.state_),
      user_(std::move(other.user_)),
      have_user_(other.have_user_),
      holds_lock_(std::exchange(other.holds_lock_, false)),
      maildrop_(std::move(other.maildrop_)),
      errors_(other.errors_),
      table_miss_(other.table_miss_),
      tls_active_(other.tls_active_),
      greeting_msg_id_(std::move(other.greeting_msg_id_)),
      sasl_(std::move(other.sasl_)),
      nonces_(other.nonces_),
      waiting_(other.waiting_),
      waiting_row_(other.waiting_row_),
      decide_(std::move(other.decide_)),
      observer_(std::move(other.observer_)) {}

Server::Reply Server::ok(std::string text, std::string body) { return Reply{true, std::move(text), std::move(body), false}; }
Server::Reply Server::err(std::string text, bool bad) { return Reply{false, std::move(text), {}, bad}; }

std::string Server::start() {
  // RFC 8314 §3.3: on 995 the client speaks TLS first; the greeting waits for the handshake.
  if (config_.wrappermode && !tls_active_) {
    if (const Transition* row = row_for(Command::ImplicitTls)) move(*row, row->on_success, true);
    return {};
  }
  return greeting();
}

std::string Server::greeting() {
  if (const Transition* row = row_for(Command::Greeting)) move(*row, row->on_success, true);
  std::string greeting = "+OK " + config_.hostname + " POP3 server ready";
  // §7: "the POP3 server ... includes a timestamp in its banner greeting", a msg-id fresh each time.
  if (config_.apop) {
    greeting_msg_id_ = "<" + next_nonce() + "@" + config_.hostname + ">";
    greeting += " " + greeting_msg_id_;
  }
  return greeting + "\r\n";
}

std::string Server::next_nonce() { return hooks_.nonce ? hooks_.nonce() : std::to_string(++nonces_); }

void Server::move(const Transition& row, State next, bool success) {
  const State from = state_;
  state_ = next;
  // After the +OK to STLS, whatever the client sent behind it in plain text is dropped with the
  // reader (CVE-2011-0411): it was never sent inside TLS.
  if (next == State::TlsHandshake) reader_ = proto::LineReader(config_.max_line);
  if (observer_) observer_({"pop3-server", to_string(from), to_string(row.command), to_string(state_), success});
}

const Transition* Server::row_for(Command command) {
  if (const Transition* row = find_transition(state_, command)) return row;
  // A defect of the table, never the client's doing: stop rather than limp on in a state nobody
  // planned. Like a lost connection, nothing is deleted.
  table_miss_ = true;
  release_lock();
  state_ = State::Closed;
  return nullptr;
}

std::string Server::feed(std::string_view bytes) {
  std::string out;
  if (closed() || starting_tls()) return out;
  reader_.feed(bytes);
  if (waiting_) {
    // Kept, in order, for resume(); a client that floods meanwhile is cut off.
    if (reader_.buffered() > kWaitingInputLimit) {
      out += "-ERR too much pipelined input\r\n";
      release_lock();
      waiting_ = false;
      if (const Transition* row = row_for(Command::TooManyErrors)) move(*row, row->on_success, true);
    }
    return out;
  }
  drain(out);
  return out;
}

void Server::drain(std::string& out) {
  while (!closed() && !waiting_ && !starting_tls()) {
    std::optional<proto::Line> line = reader_.next();
    if (!line) break;
    on_line(*line, out);
  }
}

std::string Server::resume(const sasl::Lookup& answer) {
  if (!waiting_ || closed() || answer.is_pending()) return {};
  waiting_ = false;
  const Transition* row = std::exchange(waiting_row_, nullptr);
  const Decide decide = std::exchange(decide_, nullptr);
  std::string out;
  act(*row, decide(*this, answer), out);
  drain(out);
  return out;
}

void Server::connection_lost() {
  release_lock();
  if (closed()) return;
  if (const Transition* row = row_for(Command::ConnectionLost)) move(*row, row->on_success, true);
}

void Server::release_lock() {
  if (!holds_lock_) return;
  holds_lock_ = false;
  if (mailstore::Account* account = store_.find(user_)) account->pop3_locked = false;
}

void Server::on_line(const proto::Line& line, std::string& out) {
  if (state_ == State::AuthExchange) {
    // Every line is the client's answer to the last challenge, whatever it looks like.
    const Transition* row = row_for(Command::AuthResponse);
    if (!row) return;
    return act(*row, line.too_long ? err("line too long", true) : on_auth_response(line.text), out);
  }
  if (line.too_long) {
    send(err("line too long", true), out);
    return;
  }
  const std::string_view text = line.text;
  const std::size_t space = text.find(' ');
  const std::string_view keyword = text.substr(0, space);
  const std::string_view args = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  const Command command = parse_command(keyword);
  const Transition* row = row_for(command);
  if (!row) return;
  if (!row->refusal.empty()) {
    if (observer_) observer_({"pop3-server", to_string(state_), to_string(command), to_string(state_), false});
    send(err(std::string(row->refusal), true), out);
    return;
  }
  act(*row, (this->*server_command(command).handle)(args), out);
}

void Server::act(const Transition& row, const Reply& reply, std::string& out) {
  if (!reply.pending) return finish(row, reply, out);
  waiting_ = true;
  waiting_row_ = &row;
}

void Server::finish(const Transition& row, const Reply& reply, std::string& out) {
  move(row, reply.continuation && row.on_continue ? *row.on_continue : reply.ok ? row.on_success : row.on_failure,
       reply.ok || reply.continuation);
  if (state_ == State::Update) {
    // UPDATE (§6) lasts exactly as long as the removal: then the table's only row closes the session.
    if (const Transition* done = row_for(Command::UpdateDone)) move(*done, done->on_success, true);
  }
  // A session that ends here (QUIT, even a refused one) lets go of the maildrop at once.
  if (closed()) release_lock();
  // A SASL exchange lasts as long as its challenges.
  if (!reply.continuation) sasl_.reset();
  send(reply, out);
}

namespace {
bool has_args(std::string_view args) { return !split_args(args).empty(); }
}  // namespace

Server::Reply Server::on_quit(std::string_view args) {
  return has_args(args) ? err("too many arguments", true) : on_quit_now();
}

Server::Reply Server::on_capa(std::string_view args) {
  if (has_args(args)) return err("too many arguments", true);
  // Only what this server does (RFC 2449 §6): the tags of its commands, then RESP-CODES for the
  // [IN-USE]/[AUTH] codes and PIPELINING, because every complete line in a read is answered in order.
  std::string body;
  for (const ServerCommand& c : server_commands()) {
    if (c.capa.empty()) continue;
    std::optional<std::string> params = c.capa_params ? (this->*c.capa_params)() : std::string();
    if (params) body += std::string(c.capa) + *params + "\r\n";
  }
  return ok("Capability list follows", body + "RESP-CODES\r\nPIPELINING\r\n.\r\n");
}

Server::Reply Server::on_stat(std::string_view args) {
  if (has_args(args)) return err("too many arguments", true);
  return ok(std::to_string(maildrop_.count()) + " " + std::to_string(maildrop_.octets()));
}

Server::Reply Server::on_noop(std::string_view args) {
  return has_args(args) ? err("too many arguments", true) : ok("");
}

Server::Reply Server::on_rset(std::string_view args) {
  if (has_args(args)) return err("too many arguments", true);
  maildrop_.reset();
  return ok(maildrop_summary());
}

Server::Reply Server::on_other(std::string_view) { return err("Unknown command", true); }

Server::Reply Server::on_stls(std::string_view args) {
  // Dovecot's pop3-login, in its order and words.
  if (config_.ssl == proto::Ssl::No) return err("TLS support isn't enabled.", true);
  if (has_args(args)) return err("too many arguments", true);
  if (tls_active_) return err("TLS is already active.", true);
  if (!config_.tls_ready) return err("TLS initialization failed.");
  return ok("Begin TLS negotiation now.");
}

std::optional<std::string> Server::stls_offered() const {
  if (config_.ssl == proto::Ssl::No || tls_active_) return std::nullopt;
  return std::string();
}

std::optional<std::string> Server::user_offered() const {
  if (!plaintext_auth_allowed()) return std::nullopt;
  return std::string();
}

bool Server::any_auth_allowed() const { return tls_active_ || config_.ssl != proto::Ssl::Required; }
bool Server::plaintext_auth_allowed() const { return any_auth_allowed() && (tls_active_ || !config_.disable_plaintext_auth); }

std::string Server::tls_established() {
  const Transition* row = row_for(Command::TlsEstablished);
  if (!row) return {};
  move(*row, row->on_success, true);
  // RFC 2595 §4: "the server MUST discard any knowledge obtained from the client ... which was not
  // obtained from the TLS negotiation itself"; the APOP timestamp is the server's own and stays.
  const bool implicit = !tls_active_ && config_.wrappermode;
  tls_active_ = true;
  user_.clear();
  have_user_ = false;
  sasl_.reset();
  if (implicit) return greeting();  // the session's first words, now inside TLS
  return {};
}

std::string Server::tls_failed() {
  if (const Transition* row = row_for(Command::TlsFailed)) move(*row, row->on_success, true);
  return {};
}

Server::Reply Server::on_list(std::string_view args) { return listing(args, false); }
Server::Reply Server::on_uidl(std::string_view args) { return listing(args, true); }

namespace {
// Dovecot's AUTH_PLAINTEXT_DISABLED_MSG, with the RFC 3206 code its pop3-login puts before it.
constexpr std::string_view kPlaintextDisabled =
    "[AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
}  // namespace

Server::Reply Server::on_user(std::string_view args) {
  if (!plaintext_auth_allowed()) return err(std::string(kPlaintextDisabled), true);
  const auto parts = split_args(args);
  if (parts.empty()) return err("missing argument", true);
  if (parts.size() > 1) return err("too many arguments", true);
  user_ = std::string(parts[0]);
  have_user_ = true;
  // The same answer for every name: whether the user exists shows only after PASS, and not even
  // then (RFC 1939 §13 warns about leaking valid names).
  return ok("send PASS");
}

Server::Reply Server::on_pass(std::string_view args) {
  // §7: the password is the rest of the line and may contain spaces.
  if (!have_user_) return err("send USER first", true);
  if (!plaintext_auth_allowed()) return err(std::string(kPlaintextDisabled), true);
  if (args.empty()) return err("missing argument", true);
  have_user_ = false;  // one PASS per USER: a failed attempt starts again at USER
  if (config_.sasl_delegated) {
    sasl::LookupRequest plain{"", "PLAIN", "pop3", std::string(1, '\0') + user_ + '\0' + std::string(args)};
    return look_up(std::move(plain), [](Server& s, const sasl::Lookup& answer) {
      if (answer.status() == sasl::Lookup::Status::Unavailable) return err("[SYS/TEMP] Temporary authentication failure");
      if (answer.status() != sasl::Lookup::Status::Found || answer.identity().empty())
        return err("[AUTH] Authentication failed.", true);
      return s.open_maildrop(answer.identity());
    });
  }
  return look_up(sasl::LookupRequest{user_, "USER", "pop3"},
                 [password = std::string(args)](Server& s, const sasl::Lookup& answer) {
                   // RFC 3206 §4: SYS/TEMP, a problem of the server's that may go away.
                   if (answer.status() == sasl::Lookup::Status::Unavailable)
                     return err("[SYS/TEMP] Temporary authentication failure");
                   if (answer.status() != sasl::Lookup::Status::Found ||
                       !sasl::check_password(answer.credentials(), password))
                     return err("[AUTH] Authentication failed.", true);
                   return s.open_maildrop(s.user_);
                 });
}

Server::Reply Server::open_maildrop(const std::string& user) {
  mailstore::Account* account = store_.find(user);
  // §8: the maildrop is locked for the whole session; RFC 2449 §8.1.2 names the failure IN-USE.
  if (account && account->pop3_locked) return err("[IN-USE] Mailbox is locked by another POP3 session");
  const mailstore::Folder* inbox = account ? store_.folder(user, std::string(kInbox)) : nullptr;
  if (!inbox) return err("[SYS/PERM] no INBOX");
  user_ = user;
  account->pop3_locked = true;
  holds_lock_ = true;
  maildrop_ = Maildrop(*inbox);
  return ok(maildrop_summary());
}

const Maildrop::Entry* Server::message_arg(std::string_view arg, std::size_t& n, Reply& error) const {
  if (!parse_number(arg, n)) {
    error = err("invalid argument", true);
    return nullptr;
  }
  const Maildrop::Entry* entry = maildrop_.visible(n);
  if (!entry) error = err("no such message");
  return entry;
}

Server::Reply Server::listing(std::string_view args, bool uidl) {
  const auto parts = split_args(args);
  if (parts.size() > 1) return err("too many arguments", true);
  if (parts.size() == 1) {
    Reply error;
    std::size_t n = 0;
    const Maildrop::Entry* e = message_arg(parts[0], n, error);
    if (!e) return error;
    return ok(std::to_string(n) + " " + (uidl ? e->unique_id : std::to_string(e->size)));
  }
  std::string body;
  const auto& entries = maildrop_.entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].deleted) continue;
    body += std::to_string(i + 1) + " " + (uidl ? entries[i].unique_id : std::to_string(entries[i].size)) + "\r\n";
  }
  body += ".\r\n";  // numbers and unique-ids never begin with ".": nothing to stuff
  const std::string summary = plural(maildrop_.count(), "message") + " (" + std::to_string(maildrop_.octets()) + " octets)";
  return ok(uidl ? "unique-id listing follows" : summary, std::move(body));
}

Server::Reply Server::on_retr(std::string_view args) {
  const auto parts = split_args(args);
  if (parts.empty()) return err("missing argument", true);
  if (parts.size() > 1) return err("too many arguments", true);
  Reply error;
  std::size_t n = 0;
  const Maildrop::Entry* e = message_arg(parts[0], n, error);
  if (!e) return error;
  const mailstore::Folder* inbox = store_.folder(user_, std::string(kInbox));
  const mailstore::StoredMessage* m = inbox ? inbox->find_uid(e->uid) : nullptr;
  // Another session (IMAP ignores the POP3 lock) may have expunged it since the snapshot.
  if (!m) return err("no such message");
  // Not POP3's business to set \Seen: the protocol has no flags.
  return ok(std::to_string(e->size) + " octets", dot_stuff(m->raw));
}

Server::Reply Server::on_top(std::string_view args) {
  const auto parts = split_args(args);
  if (parts.size() < 2) return err("missing argument", true);
  if (parts.size() > 2) return err("too many arguments", true);
  std::size_t lines = 0;
  if (!parse_number(parts[1], lines)) return err("invalid argument", true);
  Reply error;
  std::size_t n = 0;
  const Maildrop::Entry* e = message_arg(parts[0], n, error);
  if (!e) return error;
  const mailstore::Folder* inbox = store_.folder(user_, std::string(kInbox));
  const mailstore::StoredMessage* m = inbox ? inbox->find_uid(e->uid) : nullptr;
  if (!m) return err("no such message");
  return ok("top of message follows", dot_stuff(top_of(m->raw, lines)));
}

Server::Reply Server::on_dele(std::string_view args) {
  const auto parts = split_args(args);
  if (parts.empty()) return err("missing argument", true);
  if (parts.size() > 1) return err("too many arguments", true);
  std::size_t n = 0;
  if (!parse_number(parts[0], n)) return err("invalid argument", true);
  const Maildrop::Entry* e = maildrop_.at(n);
  if (!e) return err("no such message");
  if (e->deleted) return err("message " + std::to_string(n) + " already deleted");
  maildrop_.mark_deleted(n);
  return ok("message " + std::to_string(n) + " deleted");
}

Server::Reply Server::on_quit_now() {
  const std::string bye = config_.hostname + " POP3 server signing off";
  if (state_ == State::Authorization) return ok(bye);
  // UPDATE (§6): remove exactly the messages this session marked, then let go of the maildrop.
  store_.remove(user_, std::string(kInbox), maildrop_.marked_uids());
  const mailstore::Folder* inbox = store_.folder(user_, std::string(kInbox));
  const std::size_t left = inbox ? inbox->messages.size() : 0;
  release_lock();
  return ok(bye + (left == 0 ? " (maildrop empty)" : " (" + plural(left, "message") + " left)"));
}

std::string Server::maildrop_summary() const {
  return "maildrop has " + plural(maildrop_.count(), "message") + " (" + std::to_string(maildrop_.octets()) + " octets)";
}

void Server::send(const Reply& reply, std::string& out) {
  // A reply that ends the session anyway (a refused QUIT) is not counted: there is nothing left to
  // cut off, and the table has no row from CLOSED.
  if (reply.bad && !closed() && ++errors_ >= config_.max_errors) {
    // Like a lost connection: no UPDATE, nothing deleted.
    out += "-ERR too many errors\r\n";
    release_lock();
    if (const Transition* row = row_for(Command::TooManyErrors)) move(*row, row->on_success, true);
    return;
  }
  // RFC 5034 §4: "+" SP base64, the space even for an empty challenge.
  if (reply.continuation) {
    out += "+ " + reply.text + "\r\n";
    return;
  }
  out += reply.ok ? "+OK" : "-ERR";
  if (!reply.text.empty()) out += " " + reply.text;
  out += "\r\n";
  out += reply.body;
}

}  // namespace mailsim::pop3
