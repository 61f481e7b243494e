#include "sim/proto/smtp/server.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "sim/proto/smtp/xtext.hpp"

// How the machine reads its input: bytes go into a bounded LineReader, one line at a time comes out,
// and each line is either a command (looked up in the transition table of server_states.cpp), a
// line of mail data (in ServerState::Data) or a SASL response (in ServerState::Auth, server_auth.cpp). Reply texts follow Postfix's smtpd where RFC 5321 leaves
// the wording open, so a student can set a transcript from here beside one from a real server.

namespace mailsim::smtp {

namespace {

using proto::iequals;
using proto::istarts_with;
using proto::trim;

// feed() hands the reader at most this many bytes at a time, so even a peer that sends megabytes in
// one write never makes the reader hold more than one slice plus one (bounded) partial line.
constexpr std::size_t kFeedSlice = 64 * 1024;

Reply reply(int code, std::string enhanced, std::string text) {
  return make_reply(code, std::move(enhanced), std::move(text));
}

// "FROM:<path> params" or "TO:<path> params" (RFC 5321 §4.1.2), parsed as far as the server needs.
struct PathArgument {
  std::string address;                  // between the brackets, source route dropped; "" for <>
  std::vector<std::string_view> params; // "SIZE=1000", "BODY=8BITMIME", ... (RFC 5321 §4.1.2)
};

std::optional<PathArgument> parse_path(std::string_view arg, std::string_view keyword) {
  if (!istarts_with(arg, keyword)) return std::nullopt;
  arg.remove_prefix(keyword.size());
  // RFC 5321 has no space after the colon, but many clients send one; Postfix accepts it.
  while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
  if (arg.empty() || arg.front() != '<') return std::nullopt;
  // The closing '>' is the first one outside a quoted local part ("a>b"@example is legal).
  std::size_t close = 1;
  bool quoted = false;
  for (; close < arg.size(); ++close) {
    const char c = arg[close];
    if (quoted) {
      if (c == '\\') ++close;
      else if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '>') {
      break;
    } else if (c == '<' || c == ' ' || static_cast<unsigned char>(c) < 0x20) {
      return std::nullopt;
    }
  }
  if (close >= arg.size()) return std::nullopt;
  PathArgument out;
  std::string_view address = arg.substr(1, close - 1);
  // A source route (<@relay1,@relay2:user@host>) MUST be accepted and SHOULD be ignored (§4.1.1.3,
  // Appendix C): keep the mailbox only.
  if (!address.empty() && address.front() == '@') {
    const std::size_t colon = address.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    address.remove_prefix(colon + 1);
  }
  out.address = std::string(address);
  std::string_view rest = arg.substr(close + 1);
  if (!rest.empty() && rest.front() != ' ') return std::nullopt;
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find(' '), rest.size());
    out.params.push_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  return out;
}

// SIZE=<digits> (RFC 1870). nullopt on bad syntax; a value too large for size_t saturates, which
// is still "too big" for any limit.
std::optional<std::size_t> parse_size(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  std::size_t n = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::size_t d = static_cast<std::size_t>(c - '0');
    n = n > (static_cast<std::size_t>(-1) - d) / 10 ? static_cast<std::size_t>(-1) : n * 10 + d;
  }
  return n;
}

// RFC 5321 §4.2: reply text is textstring, HT and printable US-ASCII only. Replies echo what the
// client sent (an unknown parameter, a recipient quoted in a hook's reply), so every other byte (8-bit,
// a control, a CR that a lax client would take for the end of the line) becomes '?', as Postfix's
// printable() does.
void make_printable(Reply& r) {
  for (std::string& line : r.lines) {
    for (char& c : line) {
      const auto u = static_cast<unsigned char>(c);
      if (u != '\t' && (u < 32 || u > 126)) c = '?';
    }
  }
}

bool in_transaction(ServerState s) {
  return s == ServerState::Mail || s == ServerState::Rcpt || s == ServerState::Data;
}

}  // namespace

Server::Server(ServerConfig config, ServerHooks hooks)
    : config_(std::move(config)), hooks_(std::move(hooks)), reader_(config_.max_command_line) {}

std::string Server::start() {
  if (started_) return {};
  started_ = true;
  std::string out;
  // RFC 8314 §3.3: on the submissions port the client speaks TLS first; we greet inside it.
  if (config_.smtpd_tls_wrappermode && !tls_active_) {
    take(Command::ImplicitTls, out);
    return out;
  }
  greet(out);
  return out;
}

void Server::greet(std::string& out) {
  // A 554 (or any other refusal) greeting means "no service, but wait for QUIT" (§3.1); a 421 closes
  // at once (§3.8). Neither is the client's error, so neither counts towards the error limit.
  if (const Transition* row = row_for(Command::Greeting, out))
    answer(*row, on_greeting({}).reply(), out, /*counts_as_error=*/false);
}

Verdict Server::on_greeting(std::string_view) {
  std::string text = config_.hostname;
  if (!config_.greeting_text.empty()) text += " " + config_.greeting_text;
  // No enhanced code in the greeting: RFC 2034 codes only follow once the client has seen the
  // EHLO keyword, and Postfix sends "220 host ESMTP Postfix" whatever its settings.
  Reply greeting = forced_or(server_command(Command::Greeting).reply_point, reply(220, "", std::move(text)));
  if (!config_.enhanced_status_codes) greeting.enhanced.clear();
  return greeting;
}

// While a hook's answer is pending, a client may pipeline only so much: RFC 2920 lets it send the
// commands up to DATA, never the message before the 354, so this is far beyond any honest client.
constexpr std::size_t kWaitingInputLimit = 256 * 1024;

std::string Server::feed(std::string_view bytes) {
  std::string out;
  // After the 220 to STARTTLS, whatever still arrives here came in plain text after STARTTLS
  // (CVE-2011-0411): dropped, never read.
  while (!closed_ && !starting_tls() && !bytes.empty()) {
    if (waiting_) {
      // Keep the rest, in order, for resume(); a client that floods meanwhile is cut off.
      reader_.feed(bytes);
      if (reader_.buffered() > kWaitingInputLimit)
        send(reply(421, "4.7.0", config_.hostname + " Error: too much pipelined input"), out, false);
      break;
    }
    const std::size_t n = std::min(bytes.size(), kFeedSlice);
    reader_.feed(bytes.substr(0, n));
    bytes.remove_prefix(n);
    drain(out);
  }
  return out;
}

void Server::drain(std::string& out) {
  // Every complete line is answered in order: this is all PIPELINING (RFC 2920) asks of a server.
  // A line after DATA's 354 is read with the text-line limit, because enter() switched it.
  while (!closed_ && !waiting_ && !starting_tls()) {
    std::optional<proto::Line> line = reader_.next();
    if (!line) break;
    on_line(*line, out);
  }
}

std::string Server::resume(Reply r) {
  if (!waiting_ || closed_) return {};
  if (lookup_pending_) {
    lookup_pending_ = false;
    if (r.positive()) r = reply(454, "4.7.0", "Temporary authentication failure");
  }
  waiting_ = false;
  std::string out;
  const Transition* row = waiting_row_;
  waiting_row_ = nullptr;
  auto commit = std::move(commit_);
  commit_ = nullptr;
  if (commit) commit(r);
  answer(*row, std::move(r), out);
  drain(out);
  return out;
}

Verdict Server::decide(Verdict verdict, std::function<void(const Reply&)> commit) {
  if (verdict.is_pending()) commit_ = std::move(commit);
  else commit(verdict.reply());
  return verdict;
}

void Server::on_line(const proto::Line& line, std::string& out) {
  // smtpd_forbid_bare_newline = strict: a bare LF ends the session wherever it comes, before the
  // line means anything, so no half of a smuggled transaction is ever acted on. A line that was too
  // long to keep is judged by its ending when the next line arrives (follows_crlf).
  if (config_.forbid_bare_newline == BareNewline::Strict && (line.bare_lf || !line.follows_crlf)) {
    return send(reply(521, "5.5.2", "Error: bare <LF> received"), out, /*counts_as_error=*/false);
  }
  if (state_ == ServerState::Data) on_data_line(line, out);
  else if (state_ == ServerState::Auth) on_auth_line(line, out);
  else on_command(line, out);
}

namespace {
// RFC 5321 §4.1.2: a command is printable ASCII and spaces. A NUL or another control character
// (a tab is tolerated, as Postfix does) cannot be part of any verb, name or path: it is a syntax
// error of the line as a whole, not an argument to be looked at ("EHLO a<NUL>b" is not a name).
bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t') || u == 0x7f;
  });
}
}  // namespace

void Server::on_command(const proto::Line& line, std::string& out) {
  // Lexical errors come before the table: they are not commands at all.
  if (line.too_long) return send(reply(500, "5.5.0", "Error: line too long"), out);
  const std::string_view text = trim(line.text);
  if (text.empty() || has_control(text)) return send(reply(500, "5.5.2", "Error: bad syntax"), out);
  const std::size_t space = text.find(' ');
  const std::string_view verb = text.substr(0, space);
  const std::string_view arg = space == std::string_view::npos ? "" : trim(text.substr(space + 1));

  const Command command = classify_verb(verb);
  const Transition* row = row_for(command, out);
  if (row == nullptr) return;
  if (row->refusal_code != 0) {
    if (observer_) observer_({"smtp-server", to_string(state_), diagram_input(command), to_string(state_), false});
    return send(reply(row->refusal_code, "5.5.1", std::string(row->refusal_text)), out);
  }
  act(*row, (this->*server_command(command).handle)(arg), out);
}

void Server::act(const Transition& row, const Verdict& verdict, std::string& out) {
  if (!verdict.is_pending()) return answer(row, verdict.reply(), out);
  waiting_ = true;
  waiting_row_ = &row;
}

Verdict Server::on_ehlo(std::string_view arg) { return on_hello(arg, true); }
Verdict Server::on_helo(std::string_view arg) { return on_hello(arg, false); }

Verdict Server::on_rset(std::string_view arg) {
  // RFC 5321 §4.1.1.5: RSET takes no parameters.
  return arg.empty() ? forced_or("RSET", reply(250, "2.0.0", "Ok")) : reply(501, "5.5.4", "Syntax: RSET");
}

Verdict Server::on_noop(std::string_view) {
  // §4.1.1.9: a parameter "SHOULD" be ignored.
  return forced_or("NOOP", reply(250, "2.0.0", "Ok"));
}

Verdict Server::on_vrfy(std::string_view arg) {
  // §3.5.3: a server that will not say whether a mailbox exists answers 252, not 550.
  return arg.empty() ? reply(501, "5.5.4", "Syntax: VRFY address")
                     : forced_or("VRFY", reply(252, "2.0.0",
                                               "Cannot VRFY user, but will accept message and attempt delivery"));
}

Verdict Server::on_expn(std::string_view) {
  // §3.5.2: EXPN may be refused; lists are not expanded for strangers.
  return reply(502, "5.5.1", "Error: command not implemented");
}

Verdict Server::on_help(std::string_view) {
  std::string verbs;
  for (const ServerCommand& c : server_commands())
    if (c.in_help) verbs += (verbs.empty() ? "" : " ") + std::string(c.verb);
  return forced_or("HELP", Reply{214, "2.0.0", {"Commands: " + verbs, "See RFC 5321 (Simple Mail Transfer Protocol)"}});
}

Verdict Server::on_quit(std::string_view) { return forced_or("QUIT", reply(221, "2.0.0", "Bye")); }

Verdict Server::on_starttls(std::string_view arg) {
  // Without TLS the verb is as unknown as it always was here.
  if (config_.smtpd_tls_security_level == TlsLevel::None) return on_other(arg);
  // RFC 3207 §4: no parameters; not twice; 454 when TLS cannot be had. Postfix's order and words,
  // except that a second STARTTLS is a bad sequence (503), not Postfix's 554.
  if (!arg.empty()) return reply(501, "5.5.4", "Syntax: STARTTLS");
  if (tls_active_) return reply(503, "5.5.1", "Error: TLS already active");
  if (!config_.tls_ready) return reply(454, "4.7.0", "TLS not available due to local problem");
  return forced_or("STARTTLS", reply(220, "2.0.0", "Ready to start TLS"));
}

std::string Server::tls_established() {
  std::string out;
  const Transition* row = row_for(Command::TlsEstablished, out);
  if (!row) return out;
  move(*row, row->on_success, true);
  // RFC 3207 §4.2: "discard any knowledge obtained from the client, such as the argument to the
  // EHLO command, which was not obtained from the TLS negotiation itself".
  envelope_ = Envelope{};
  envelope_.tls = true;
  const bool implicit = !tls_active_ && config_.smtpd_tls_wrappermode;
  tls_active_ = true;
  if (implicit) greet(out);  // the session's first words, now inside TLS
  return out;
}

std::string Server::tls_failed() {
  std::string out;
  take(Command::TlsFailed, out);
  return out;
}

std::optional<std::string> Server::starttls_offered() const {
  if (config_.smtpd_tls_security_level == TlsLevel::None || tls_active_) return std::nullopt;
  return std::string();
}

bool Server::auth_offered() const {
  const bool only_in_tls = config_.smtpd_tls_auth_only || config_.smtpd_tls_security_level == TlsLevel::Encrypt;
  return !only_in_tls || tls_active_;
}

Reply Server::on_hello(std::string_view arg, bool extended) {
  if (arg.empty()) {
    return reply(501, "5.5.4", extended ? "Syntax: EHLO hostname" : "Syntax: HELO hostname");
  }
  Reply r = extended ? forced_or("EHLO", ehlo_reply())
                     : forced_or("HELO", reply(250, "", config_.hostname));
  // The first word is the client's name; anything after it is ignored, as Postfix does. Whether
  // the session is ESMTP is the table row's effect.
  if (r.positive()) envelope_.helo = std::string(arg.substr(0, arg.find(' ')));
  return r;
}

Reply Server::ehlo_reply() const {
  // RFC 5321 §4.1.1.1: the first line names the server, each further line one extension keyword.
  // Like Postfix, no enhanced code here: the client learns of ENHANCEDSTATUSCODES from this reply.
  Reply r{250, "", {config_.hostname}};
  if (config_.pipelining) r.lines.emplace_back("PIPELINING");
  r.lines.push_back("SIZE " + std::to_string(config_.max_message_size));
  // Extensions that are commands of their own (STARTTLS, AUTH) name their keyword in the command table; where
  // Postfix puts them, after SIZE.
  for (const ServerCommand& c : server_commands()) {
    if (c.ehlo_keyword.empty() || c.ehlo_params == nullptr) continue;
    if (const std::optional<std::string> params = (this->*c.ehlo_params)()) r.lines.push_back(std::string(c.ehlo_keyword) + *params);
  }
  if (config_.enhanced_status_codes) r.lines.emplace_back("ENHANCEDSTATUSCODES");
  if (config_.eightbitmime) r.lines.emplace_back("8BITMIME");
  return r;
}

Verdict Server::on_mail(std::string_view arg) {
  // smtpd_tls_security_level = encrypt: no mail in plain text, whatever the arguments.
  if (config_.smtpd_tls_security_level == TlsLevel::Encrypt && !tls_active_) {
    return reply(530, "5.7.0", "Must issue a STARTTLS command first");
  }
  const std::optional<PathArgument> path = parse_path(arg, "FROM:");
  if (!path) return reply(501, "5.5.4", "Syntax: MAIL FROM:<address>");
  Envelope next = envelope_;
  for (const std::string_view param : path->params) {
    const std::size_t eq = param.find('=');
    const std::string_view key = param.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : param.substr(eq + 1);
    // Parameters belong to extensions, and extensions exist only after EHLO (RFC 5321 §4.1.1.11).
    if (envelope_.esmtp && eq != std::string_view::npos && iequals(key, "SIZE")) {
      next.size = parse_size(value);
      if (!next.size) return reply(501, "5.5.4", "Bad message size syntax");
    } else if (envelope_.esmtp && config_.eightbitmime && iequals(key, "BODY") &&
               (iequals(value, "7BIT") || iequals(value, "8BITMIME"))) {
      next.body_8bit = iequals(value, "8BITMIME");
    } else if (envelope_.esmtp && auth_mechanisms() && eq != std::string_view::npos && iequals(key, "AUTH")) {
      // RFC 4954 §5: AUTH=<mailbox> or AUTH=<>, xtext-encoded (RFC 3461 §4), trusted only from an
      // authenticated client; anyone else's counts as AUTH=<>.
      const std::optional<std::string> mailbox = xtext_decode(value);
      if (!mailbox || mailbox->empty()) return reply(501, "5.5.4", "Bad AUTH parameter syntax");
      next.mail_auth = envelope_.sasl_username.empty() || *mailbox == "<>" ? std::string() : *mailbox;
    } else {
      return reply(555, "5.5.4", "Unsupported option: " + std::string(param));
    }
  }
  // RFC 1870 §6.1: refuse at once a message declared bigger than the limit.
  if (next.size && *next.size > config_.max_message_size) {
    return reply(552, "5.3.4", "Message size exceeds fixed limit");
  }
  // A forced reply stands in for the policy decision, so the hook is not asked.
  const Reply* f = forced("MAIL");
  return decide(f ? Verdict(*f)
                  : hooks_.check_mail_from ? hooks_.check_mail_from(next, path->address)
                                           : Verdict(reply(250, "2.1.0", "Ok")),
                [this, next, address = path->address](const Reply& r) {
                  if (!r.positive()) return;
                  envelope_ = next;
                  envelope_.mail_from = address;
                });
}

Verdict Server::on_rcpt(std::string_view arg) {
  const std::optional<PathArgument> path = parse_path(arg, "TO:");
  if (!path) return reply(501, "5.5.4", "Syntax: RCPT TO:<address>");
  // The null path is a reverse-path only (§4.1.1.3); Postfix words this rejection so.
  if (path->address.empty()) return reply(501, "5.1.3", "Bad recipient address syntax");
  // No RCPT parameters are offered (no DSN extension).
  if (!path->params.empty()) {
    return reply(555, "5.5.4", "Unsupported option: " + std::string(path->params.front()));
  }
  // §4.5.3.1.8: a 452 (not a 5xx) so the client sends the rest in a later transaction.
  if (envelope_.rcpt_to.size() >= config_.max_recipients) {
    return reply(452, "4.5.3", "Error: too many recipients");
  }
  const Reply* f = forced("RCPT");
  return decide(f ? Verdict(*f)
                  : hooks_.check_rcpt ? hooks_.check_rcpt(envelope_, path->address)
                                      : Verdict(reply(250, "2.1.5", "Ok")),
                [this, address = path->address](const Reply& r) {
                  if (r.positive()) envelope_.rcpt_to.push_back(address);
                });
}

Verdict Server::on_data(std::string_view arg) {
  if (!arg.empty()) return reply(501, "5.5.4", "Syntax: DATA");
  // 354 is an intermediate reply: RFC 3463 enhanced codes only exist for classes 2, 4 and 5.
  return forced_or(server_command(Command::Data).reply_point, reply(354, "", "End data with <CR><LF>.<CR><LF>"));
}

Verdict Server::on_other(std::string_view) {
  return reply(502, "5.5.2", "Error: command not recognized");  // Postfix's wording and code
}

// Mail data (RFC 5321 §4.5.2). Choices, where the RFC or the brief leave room:
//  - The end of data is <CRLF>.<CRLF> (§4.1.1.4): a "." line ended by CRLF whose previous line
//    (or the DATA command itself) also ended in CRLF. Under smtpd_forbid_bare_newline = no, the
//    old and vulnerable reading, any "." line ends it, "<LF>.<LF>" and "<LF>.<CR><LF>" included:
//    what SMTP smuggling exploits when the next server reads the same bytes differently.
//  - A line ended by a bare LF is not an SMTP line, so the transparency rule does not apply to it:
//    its text is kept as sent (".<LF>" stays ".", "..x<LF>" stays "..x"). Its ending is stored as
//    CRLF like every other line, because the data handed to accept_message uses CRLF throughout.
//    Under "no" a bare LF counts as a line end in every way, so such lines are unstuffed too.
//  - A line longer than max_text_line (§4.5.3.1.6) does not stop reading: the rest of the message
//    is read to its end, so the client stays in step, and the end of data is answered
//    "500 5.5.0 Error: line too long" (Postfix would accept and fold it; we reject, so that students
//    see the limit). When the message is also too big, the size reply (552) wins: it is the limit
//    the client was told of in EHLO.
//  - Past max_message_size nothing more is stored (memory stays bounded), only counted; the end of
//    data is answered "552 5.3.4 Error: message file too big".
bool Server::is_end_of_data(const proto::Line& line) const {
  if (line.too_long || line.text != ".") return false;
  if (config_.forbid_bare_newline == BareNewline::No) return true;
  return !line.bare_lf && line.follows_crlf;
}

void Server::on_data_line(const proto::Line& line, std::string& out) {
  if (is_end_of_data(line)) {
    if (const Transition* row = row_for(Command::EndOfData, out)) act(*row, on_end_of_data({}), out);
    return;
  }
  take(Command::DataLine, out);
  std::string_view text = line.text;
  const bool smtp_line = !line.bare_lf || config_.forbid_bare_newline == BareNewline::No;
  if (line.too_long) data_line_too_long_ = true;
  else if (smtp_line && !text.empty() && text.front() == '.') text.remove_prefix(1);
  data_bytes_ += text.size() + 2;
  if (data_bytes_ > config_.max_message_size) data_too_big_ = true;
  if (data_too_big_ || data_line_too_long_) {
    std::string().swap(data_);  // will be rejected: give the memory back now
    return;
  }
  data_ += text;
  data_ += "\r\n";
}

Verdict Server::on_end_of_data(std::string_view) {
  if (data_too_big_) return reply(552, "5.3.4", "Error: message file too big");
  if (data_line_too_long_) return reply(500, "5.5.0", "Error: line too long");
  // The data was read, but nothing is accepted.
  if (const Reply* f = forced(server_command(Command::EndOfData).reply_point)) return *f;
  // Postfix's smtpd_hard_error_limit counts errors "without delivering mail": a delivered message
  // forgives the client's earlier mistakes.
  return decide(hooks_.accept_message ? hooks_.accept_message(envelope_, data_) : Verdict(reply(250, "2.0.0", "Ok")),
                [this](const Reply& r) {
                  if (r.positive()) errors_ = 0;
                });
}

const Reply* Server::forced(std::string_view point) const {
  if (point.empty()) return nullptr;
  const auto it = config_.forced_replies.find(std::string(point));
  return it == config_.forced_replies.end() ? nullptr : &it->second;
}

Reply Server::forced_or(std::string_view point, Reply normal) const {
  const Reply* f = forced(point);
  return f ? *f : normal;
}

const Transition* Server::row_for(Command command, std::string& out) {
  if (const Transition* row = find_transition(state_, command)) return row;
  // A defect of the table, never the client's doing: stop loudly (Postfix's msg_panic), but as a
  // reply the client understands, and without limping on in a state nobody planned.
  table_miss_ = true;
  out += reply(421, config_.enhanced_status_codes ? "4.3.0" : "", config_.hostname + " Error: internal error")
             .serialize();
  enter(ServerState::Closed);
  return nullptr;
}

void Server::move(const Transition& row, ServerState next, bool success) {
  const ServerState from = state_;
  enter(next);
  // Lines of mail data are not reported one by one: a message of a thousand lines would be a
  // thousand steps that all stay in Data.
  if (observer_ && row.command != Command::DataLine)
    observer_({"smtp-server", to_string(from), diagram_input(row.command), to_string(state_), success});
}

void Server::answer(const Transition& row, Reply r, std::string& out, bool counts_as_error) {
  move(row, row.next(r.code), r.positive());
  if (r.positive() && row.effect != SessionEffect::None) envelope_.esmtp = row.effect == SessionEffect::Esmtp;
  send(std::move(r), out, counts_as_error);
}

void Server::send(Reply r, std::string& out, bool counts_as_error) {
  if (!config_.enhanced_status_codes) r.enhanced.clear();
  make_printable(r);
  out += r.serialize();
  // §3.8: 421 means the server is closing the channel, whoever decided it (forced reply, hook,
  // greeting); so does 521 (RFC 7504), which Postfix sends before it hangs up on a bare LF.
  if (r.code == 421 || r.code == 521) return take(Command::Closing, out);
  // Like Postfix's smtpd_hard_error_limit, every negative reply counts, hook decisions included;
  // the 421 follows the reply that reached the limit at once, without waiting for another command.
  // A reply that closes anyway (QUIT with a forced negative reply) is not counted: nothing is left
  // to cut off, and the table has no row from Closed.
  if (counts_as_error && !closed_ && r.code >= 400 && ++errors_ >= config_.max_errors) {
    Reply bye = reply(421, "4.7.0", config_.hostname + " Error: too many errors");
    if (!config_.enhanced_status_codes) bye.enhanced.clear();
    out += bye.serialize();
    take(Command::TooManyErrors, out);
  }
}

void Server::take(Command event, std::string& out) {
  if (const Transition* row = row_for(event, out)) move(*row, row->on_success, true);
}

void Server::enter(ServerState next) {
  const bool data_starts = next == ServerState::Data && state_ != ServerState::Data;
  state_ = next;
  // Mail data has its own line limit (§4.5.3.1.6), SASL responses theirs (RFC 4954 §4), commands
  // theirs (§4.5.3.1.4).
  reader_.set_limit(next == ServerState::Data   ? config_.max_text_line
                    : next == ServerState::Auth ? config_.max_auth_line
                                                : config_.max_command_line);
  // STARTTLS accepted: the session's plaintext reader goes, and with it any pipelined input; inside
  // TLS a new one reads the decrypted lines.
  if (next == ServerState::TlsHandshake) reader_ = proto::LineReader(config_.max_command_line);
  if (data_starts) {
    data_.clear();
    data_bytes_ = 0;
    data_too_big_ = false;
    data_line_too_long_ = false;
  }
  if (!in_transaction(next)) {
    // The transaction's state goes; the session's (EHLO name, ESMTP or not) stays (§4.1.1.5).
    envelope_.mail_from.clear();
    envelope_.rcpt_to.clear();
    envelope_.size.reset();
    envelope_.body_8bit = false;
    envelope_.mail_auth.reset();
    std::string().swap(data_);
  }
  if (next == ServerState::Closed) {
    closed_ = true;
    sasl_.reset();
  }
}

}  // namespace mailsim::smtp
