// Framing: cutting the client's bytes into tagged commands with their literals, the limits, and the
// transition table applied to every tagged outcome.
#include "sim/proto/imap/server.hpp"
#include "sim/proto/imap/framing.hpp"
#include "sim/proto/imap/resp_text.hpp"

#include <charconv>
#include <utility>

namespace mailsim::imap {

Server::Server(ServerConfig config, mailstore::MailStore& store)
    : config_(std::move(config)), store_(&store), reader_(config_.max_line) {}

std::string Server::start() {
  std::string out;
  // RFC 8314 §3.3: on 993 the client speaks TLS first; the greeting waits for the handshake.
  if (config_.wrappermode && !tls_active_) {
    if (const Transition* row = row_for(Command::ImplicitTls, out)) move(*row, row->on_ok, true);
    return out;
  }
  return greeting();
}

std::string Server::greeting() {
  std::string out;
  const Transition* row = row_for(Command::Greeting, out);
  if (!row) return out;
  out += "* OK [CAPABILITY " + capabilities() + "] " + config_.hostname + " IMAP4rev1 server ready\r\n";
  move(*row, row->on_ok, true);
  return out;
}

std::string Server::feed(std::string_view bytes, Time now) {
  std::string out;
  if (closed() || starting_tls()) return out;
  now_ = now;
  reader_.feed(bytes);
  while (!closed() && !pending_ && !starting_tls()) {  // a login being checked: the rest waits for its answer
    if (literal_left_ > 0) {  // the command goes on in the next line once the literal is complete
      std::string got = reader_.take_raw(literal_left_);
      literal_left_ -= got.size();
      if (!skipping_) request_->literals.back() += got;
      if (literal_left_ > 0) break;
      continue;
    }
    std::optional<proto::Line> line = reader_.next();
    if (!line) break;
    on_line(*line, out);
  }
  return out;
}

std::string Server::poll() {
  return state_ == State::IdleSelected || state_ == State::IdleAuthenticated ? sync(true) : std::string{};
}

void Server::connection_lost() {
  if (closed()) return;
  std::string unsent;  // nobody is there to read it
  if (const Transition* row = row_for(Command::ConnectionLost, unsent)) move(*row, row->on_ok, true);
}

void Server::move(const Transition& row, State next, bool success, bool continues) {
  const State from = state_;
  state_ = next;
  if (next == State::TlsHandshake) {
    // Whatever the client sent after STARTTLS in plain text goes with the reader (CVE-2011-0411):
    // it was not sent inside TLS, so it must never be read as if it had been.
    reader_ = proto::LineReader(config_.max_line);
    request_.reset();
    literal_left_ = 0;
    skipping_ = false;
  }
  if (observer_)
    observer_({"imap-server", to_string(from), to_string(row.command) + (continues ? " +" : ""), to_string(state_), success});
}

const Transition* Server::row_for(Command command, std::string& out) {
  if (const Transition* row = find_transition(state_, command)) return row;
  // A defect of the table, never the client's doing: stop loudly (Postfix's msg_panic), with the
  // response code RFC 5530 has for it, instead of limping on in a state nobody planned.
  table_miss_ = true;
  out += "* BYE [SERVERBUG] Internal error: no transition for " + to_string(command) + " in the " +
         to_string(state_) + " state\r\n";
  state_ = State::Logout;
  return nullptr;
}

std::string Server::tls_established() {
  std::string unsent;  // a table miss's BYE: nothing to say inside TLS before the client speaks
  const Transition* row = row_for(Command::TlsEstablished, unsent);
  if (!row) return unsent;
  move(*row, row->on_ok, true);
  const bool implicit = !tls_active_ && config_.wrappermode;
  tls_active_ = true;
  if (implicit) return greeting();  // the session's first words, now inside TLS
  return {};
}

std::string Server::tls_failed() {
  std::string unsent;
  if (const Transition* row = row_for(Command::TlsFailed, unsent)) move(*row, row->on_ok, true);
  return {};
}

std::string Server::capabilities() const {
  std::string caps = server_capabilities();
  if (config_.ssl == proto::Ssl::No) return caps;
  if (!plaintext_auth_allowed()) {
    // Dovecot hides the mechanisms that send the password; PLAIN is the only one here.
    const std::string plain = " AUTH=PLAIN";
    if (const std::size_t at = caps.find(plain + " "); at != std::string::npos) caps.erase(at, plain.size());
  }
  if (!tls_active_) caps += " STARTTLS";
  if (!plaintext_auth_allowed()) caps += " LOGINDISABLED";
  return caps;
}

void Server::event(Command command, std::string_view text, std::string& out) {
  const Transition* row = row_for(command, out);
  if (!row) return;
  out += "* BYE " + resp_text(text) + "\r\n";
  move(*row, row->on_ok, true);
}

void Server::count_error(std::string& out) {
  if (++errors_ < config_.max_errors || closed()) return;
  event(Command::TooManyErrors, "too many errors", out);
}

void Server::untagged_bad(std::string_view text, std::string& out) {
  out += "* BAD " + resp_text(text) + "\r\n";
  count_error(out);
}

void Server::finish(const std::string& tag, Command command, const Reply& reply, std::string& out) {
  if (closed()) return;  // the server said BYE while answering: no tagged answer follows (§7.1.5)
  const Transition* row = row_for(command, out);
  if (!row) return;
  const char* word = "";
  switch (reply.outcome) {
    case Outcome::Ok:
      word = "OK";
      move(*row, row->on_ok, true);
      break;
    case Outcome::No:
      word = "NO";
      move(*row, row->on_no, false);
      break;
    case Outcome::Bad:
      word = "BAD";
      move(*row, row->on_bad, false);
      break;
    case Outcome::Continue:  // the handler sent the "+"; the line mode answers with this tag
      continued_tag_ = tag;
      move(*row, row->on_continue, true, row->on_continue != row->from);
      return;
    case Outcome::Pending:  // the row is taken when the answer comes (resume)
      pending_ = Pending{tag, command};
      return;
  }
  out += tag + " " + word + " " + resp_text(reply.text) + "\r\n";
  // BADs count, and so do refused logins: a password guesser is cut off like a garbage sender.
  const bool refused_login = reply.outcome == Outcome::No && (command == Command::Login ||
                                                              command == Command::Authenticate ||
                                                              command == Command::SaslResponse);
  if (reply.outcome == Outcome::Bad || refused_login) count_error(out);
}

void Server::on_line(const proto::Line& line, std::string& out) {
  const bool idle = state_ == State::IdleAuthenticated || state_ == State::IdleSelected;
  const std::optional<Command> mode =
      idle ? std::optional(Command::Done)
           : state_ == State::Authenticating ? std::optional(Command::SaslResponse) : std::nullopt;
  if (line.too_long) {
    // The reader drops the rest of the line, and the command it belonged to is dropped too. Its
    // client must not be left waiting for an answer (RFC 3501 §7.1.3): a tagged BAD when the tag
    // could be read; when it could not, no answer can name the command, so the server says BYE.
    const std::string why = "Line too long (limit " + std::to_string(config_.max_line) + " octets)";
    if (mode) return finish(std::exchange(continued_tag_, {}), *mode, bad(why), out);
    std::string tag;
    Command command = Command::Other;
    if (request_) {  // a line after a literal
      tag = request_->tag;
      command = request_->command;
    } else if (skipping_) {  // the rest of a command already answered
      skipping_ = false;
      return untagged_bad(why, out);
    } else if (const auto sp = line.text.find(' '); sp != std::string::npos && valid_tag(line.text.substr(0, sp))) {
      tag = line.text.substr(0, sp);
    }
    request_.reset();
    if (tag.empty()) return event(Command::Closing, why, out);
    return finish(tag, command, bad(why), out);
  }
  if (mode) return on_mode_line(*mode, line.text, out);
  on_command_line(line.text, out);
}

void Server::on_mode_line(Command mode, std::string_view text, std::string& out) {
  const std::string tag = std::exchange(continued_tag_, {});
  const std::vector<Arg> no_args;
  const std::vector<std::string> no_literals;
  const std::string name = to_string(mode);
  Call c{mode, tag, name, no_args, no_literals, text, out};
  finish(tag, mode, (this->*server_command(mode).handle)(c), out);
}

namespace {

// The command a request names: "UID" and the word after it name one command (§6.4.8).
void classify(std::string& name, std::string& rest, Command& command) {
  command = classify_command(name);
  if (!proto::iequals(name, "UID") || rest.empty()) return;
  const std::size_t sp = rest.find(' ');
  name += " " + rest.substr(0, sp);
  rest = sp == std::string::npos ? std::string{} : rest.substr(sp + 1);
  command = classify_command(name);
}

}  // namespace

void Server::on_command_line(std::string_view text, std::string& out) {
  if (skipping_) {  // the remainder of a refused command: drop it, and any literal it still announces
    const auto marker = literal_marker(text);
    if (marker && !marker->synchronizing) literal_left_ = marker->size;
    else skipping_ = false;
    return;
  }
  if (!request_) {
    Request r;
    const std::size_t sp = text.find(' ');
    r.tag = std::string(text.substr(0, sp));
    if (sp != std::string_view::npos) {
      const std::string_view rest = text.substr(sp + 1);
      const std::size_t sp2 = rest.find(' ');
      r.name = std::string(rest.substr(0, sp2));
      if (sp2 != std::string_view::npos) r.rest = std::string(rest.substr(sp2 + 1));
    }
    classify(r.name, r.rest, r.command);
    request_ = std::move(r);
  } else {
    request_->rest += text;  // the command goes on after a literal
  }
  Request& r = *request_;
  const auto marker = valid_tag(r.tag) ? literal_marker(text) : std::nullopt;
  if (!marker) {
    Request done = std::move(r);
    request_.reset();
    execute(done, out);
    return;
  }
  // A literal follows (§4.3). Refuse what would fail anyway before the client sends the bytes, and
  // keep a command's lines and literals within the limits whatever their number.
  const Transition* row = row_for(r.command, out);
  if (!row) return;
  std::optional<Reply> refusal;
  if (r.command == Command::Other) refusal = bad("Unknown command " + r.name);
  else if (!row->refusal.empty()) refusal = bad(proto::to_upper(r.name) + " " + std::string(row->refusal));
  else if (marker->size > config_.max_literal - r.literal_bytes)  // not a sum: "{18446744073709551615}" wraps
    refusal = no("[TOOBIG] Literal too large (limit " + std::to_string(config_.max_literal) + " octets)");
  else if (r.rest.size() > config_.max_line) refusal = bad("Command too long");
  if (refusal) {
    const Request refused = std::move(r);
    request_.reset();
    finish(refused.tag, refused.command, *refusal, out);
    if (!marker->synchronizing) {  // LITERAL+ style: the bytes come anyway; drop them
      skipping_ = true;
      literal_left_ = marker->size;
    }
    return;
  }
  // Keep the marker in canonical form: the argument parser finds each literal's bytes by it.
  const std::size_t marker_len = text.size() - marker->at;
  if (r.rest.size() < marker_len) {  // "{n}" in the tag or command name: not a literal
    const Request refused = std::move(r);
    request_.reset();
    return finish(refused.tag, refused.command, bad("Invalid literal"), out);
  }
  r.rest.replace(r.rest.size() - marker_len, std::string::npos, "{" + std::to_string(marker->size) + "}");
  r.literals.emplace_back();
  r.literal_bytes += marker->size;
  literal_left_ = marker->size;
  if (marker->synchronizing) out += "+ Ready for literal data\r\n";
}

void Server::execute(Request& r, std::string& out) {
  if (!valid_tag(r.tag)) return untagged_bad("Invalid tag", out);
  if (r.name.empty()) return finish(r.tag, Command::Other, bad("Missing command name"), out);
  const Transition* row = row_for(r.command, out);
  if (!row) return;
  if (!row->refusal.empty())
    return finish(r.tag, r.command, bad(proto::to_upper(r.name) + " " + std::string(row->refusal)), out);
  // An unknown command's arguments mean nothing: it is answered as unknown whatever follows.
  std::vector<Arg> args;
  if (r.command != Command::Other) {
    std::string why;
    auto parsed = parse_args(r.rest, r.literals, &why);
    if (!parsed) return finish(r.tag, r.command, bad(why.empty() ? "Invalid arguments" : why), out);
    args = std::move(*parsed);
  }
  if (selected_gone(out)) return;
  const ServerCommand& command = server_command(r.command);
  Call c{r.command, r.tag, command.name.empty() ? std::string_view(r.name) : command.name, args, r.literals, {}, out};
  finish(r.tag, r.command, (this->*command.handle)(c), out);
}

}  // namespace mailsim::imap
