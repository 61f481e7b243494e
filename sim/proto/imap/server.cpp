// Framing: cutting the client's bytes into tagged commands with their literals, the limits, and the
// transition table applied to every tagged outcome.
#include "sim/proto/imap/server.hpp"

#include <charconv>

namespace mailsim::imap {

namespace {

// tag = 1*<any ASTRING-CHAR except "+"> (RFC 3501 §9): no controls, spaces, 8-bit, list-wildcards,
// quoted-specials or "(", ")", "{".
bool valid_tag(std::string_view tag) {
  if (tag.empty()) return false;
  for (unsigned char c : tag)
    if (c <= 0x20 || c >= 0x7f || std::string_view("(){%*\"\\+").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

// A literal marker "{n}" or "{n+}" ending a command line outside a quoted string (§4.3).
struct Marker {
  std::size_t size;
  bool synchronizing;
  std::size_t at;  // where "{" stands
};
std::optional<Marker> literal_marker(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (quoted && line[i] == '\\') ++i;
    else if (line[i] == '"') quoted = !quoted;
  }
  if (quoted || line.empty() || line.back() != '}') return std::nullopt;
  const std::size_t open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view digits = line.substr(open + 1, line.size() - open - 2);
  const bool plus = !digits.empty() && digits.back() == '+';
  if (plus) digits.remove_suffix(1);
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return Marker{n, !plus, open};
}

}  // namespace

Server::Server(ServerConfig config, mailstore::MailStore& store)
    : config_(std::move(config)), store_(&store), reader_(config_.max_line) {}

std::string Server::start() {
  return "* OK [CAPABILITY " + std::string(kServerCapabilities) + "] " + config_.hostname +
         " IMAP4rev1 server ready\r\n";
}

std::string Server::feed(std::string_view bytes, Time now) {
  std::string out;
  if (closed()) return out;
  now_ = now;
  reader_.feed(bytes);
  while (!closed()) {
    if (waiting_ == Waiting::Literal) {
      std::string got = reader_.take_raw(literal_left_);
      literal_left_ -= got.size();
      if (!skipping_) request_->literals.back() += got;
      if (literal_left_ > 0) break;
      waiting_ = Waiting::None;  // the command goes on in the next line
      continue;
    }
    std::optional<proto::Line> line = reader_.next();
    if (!line) break;
    on_line(*line, out);
  }
  return out;
}

std::string Server::poll() { return waiting_ == Waiting::IdleDone ? sync(true) : std::string{}; }

void Server::count_error(std::string& out) {
  if (++errors_ < config_.max_errors || closed()) return;
  out += "* BYE too many errors\r\n";
  state_ = State::Logout;
}

void Server::untagged_bad(std::string_view text, std::string& out) {
  out += "* BAD " + std::string(text) + "\r\n";
  count_error(out);
}

void Server::finish(const std::string& tag, Command command, const Reply& reply, std::string& out) {
  static constexpr const char* kWords[] = {"OK", "NO", "BAD"};
  out += tag + " " + kWords[static_cast<int>(reply.outcome)] + " " + reply.text + "\r\n";
  if (const Transition* row = find_transition(state_, command)) {
    if (reply.outcome == Outcome::Ok) state_ = row->on_ok;
    if (reply.outcome == Outcome::No) state_ = row->on_no;
  }
  // BADs count, and so do refused logins: a password guesser is cut off like a garbage sender.
  const bool refused_login = reply.outcome == Outcome::No && (command == Command::Login || command == Command::Authenticate);
  if (reply.outcome == Outcome::Bad || refused_login) count_error(out);
}

void Server::on_line(const proto::Line& line, std::string& out) {
  if (line.too_long) {
    // The reader drops the rest of the line, and the command it belonged to is dropped too. Its
    // client must not be left waiting for an answer (RFC 3501 §7.1.3): a tagged BAD when the tag
    // could be read; when it could not, no answer can name the command, so the server says BYE.
    const std::string why = "Line too long (limit " + std::to_string(config_.max_line) + " octets)";
    std::string tag;
    Command command = Command::Other;
    if (waiting_ == Waiting::IdleDone || waiting_ == Waiting::AuthResponse) {
      command = waiting_ == Waiting::IdleDone ? Command::Idle : Command::Authenticate;
      tag = std::move(continued_tag_);
      waiting_ = Waiting::None;
    } else if (request_) {  // a line after a literal
      tag = request_->tag;
      command = request_->command;
    } else if (skipping_) {  // the rest of a command already answered
      skipping_ = false;
      return untagged_bad(why, out);
    } else if (const auto sp = line.text.find(' '); sp != std::string::npos && valid_tag(line.text.substr(0, sp))) {
      tag = line.text.substr(0, sp);
    }
    request_.reset();
    if (tag.empty()) {
      out += "* BYE " + why + "\r\n";
      state_ = State::Logout;
      return;
    }
    return finish(tag, command, bad(why), out);
  }
  if (waiting_ == Waiting::IdleDone) {  // RFC 2177: only "DONE" may come now
    waiting_ = Waiting::None;
    const std::string tag = std::move(continued_tag_);
    if (proto::iequals(line.text, "DONE")) {
      out += sync(true);
      finish(tag, Command::Idle, ok("IDLE terminated"), out);
    } else {
      finish(tag, Command::Idle, bad("Expected DONE to end IDLE"), out);
    }
    return;
  }
  if (waiting_ == Waiting::AuthResponse) {  // §6.2.2: the client's SASL response, or "*" to cancel
    waiting_ = Waiting::None;
    const std::string tag = std::move(continued_tag_);
    const Reply reply = line.text == "*" ? bad("AUTHENTICATE cancelled") : sasl_plain(line.text);
    finish(tag, Command::Authenticate, reply, out);
    return;
  }
  on_command_line(line.text, out);
}

void Server::on_command_line(std::string_view text, std::string& out) {
  if (skipping_) {  // the remainder of a refused command: drop it, and any literal it still announces
    const auto marker = literal_marker(text);
    if (marker && !marker->synchronizing) {
      literal_left_ = marker->size;
      waiting_ = Waiting::Literal;
    } else {
      skipping_ = false;
    }
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
    r.command = parse_command(r.name);
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
  const Transition* row = find_transition(state_, r.command);
  std::optional<Reply> refusal;
  if (r.command == Command::Other) refusal = bad("Unknown command " + r.name);
  else if (row && !row->refusal.empty()) refusal = bad(proto::to_upper(r.name) + " " + std::string(row->refusal));
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
      waiting_ = Waiting::Literal;
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
  waiting_ = Waiting::Literal;
  if (marker->synchronizing) out += "+ Ready for literal data\r\n";
}

void Server::execute(Request& r, std::string& out) {
  if (!valid_tag(r.tag)) return untagged_bad("Invalid tag", out);
  if (r.name.empty()) return finish(r.tag, Command::Other, bad("Missing command name"), out);
  if (r.command == Command::Other) return finish(r.tag, r.command, bad("Unknown command " + r.name), out);
  const Transition* row = find_transition(state_, r.command);
  if (!row) return;
  if (!row->refusal.empty()) return finish(r.tag, r.command, bad(proto::to_upper(r.name) + " " + std::string(row->refusal)), out);
  std::string why;
  const auto args = parse_args(r.rest, r.literals, &why);
  if (!args) return finish(r.tag, r.command, bad(why.empty() ? "Invalid arguments" : why), out);
  const Reply reply = dispatch(r, *args, out);
  if (reply.outcome == Outcome::Pending) return;
  finish(r.tag, r.command, reply, out);
}

Server::Reply Server::dispatch(Request& r, const std::vector<Arg>& a, std::string& out) {
  const std::string name = proto::to_upper(r.name);
  auto none = [&] { return a.empty(); };
  switch (r.command) {
    case Command::Capability:
      if (!none()) return bad("CAPABILITY takes no arguments");
      out += "* CAPABILITY " + std::string(kServerCapabilities) + "\r\n";
      return ok("CAPABILITY completed");
    case Command::Noop:
    case Command::Check:  // §6.4.1: nothing to checkpoint, the store is always consistent
      if (!none()) return bad(name + " takes no arguments");
      out += sync(true);
      return ok(name + " completed");
    case Command::Logout:
      if (!none()) return bad("LOGOUT takes no arguments");
      out += "* BYE " + config_.hostname + " IMAP4rev1 server logging out\r\n";
      return ok("LOGOUT completed");
    case Command::Login:
      if (a.size() != 2 || !a[0].is_text() || !a[1].is_text()) return bad("Syntax: LOGIN userid password");
      return login(a[0].text, a[1].text);
    case Command::Authenticate: return authenticate(r, a, out);
    case Command::Select: return select(a, false, out);
    case Command::Examine: return select(a, true, out);
    case Command::Create: return create(a, out);
    case Command::List:
    case Command::Lsub: return list(r, a, out);
    case Command::Status: return status(a, out);
    case Command::Append: return append(r, a, out);
    case Command::Idle: return idle(r, a, out);
    case Command::Close:
      if (!none()) return bad("CLOSE takes no arguments");
      return close();
    case Command::Unselect:
      if (!none()) return bad("UNSELECT takes no arguments");
      deselect();
      return ok("UNSELECT completed");
    case Command::Expunge:
      if (!none()) return bad("EXPUNGE takes no arguments");
      return expunge(out);
    case Command::Fetch: return fetch(a, false, out);
    case Command::Store: return store(a, false, out);
    case Command::Search: return search(a, false, out);
    case Command::Uid: {
      // §6.4.8: UID FETCH / UID STORE / UID SEARCH, with UIDs in place of sequence numbers.
      const std::vector<Arg> rest(a.begin() + (a.empty() ? 0 : 1), a.end());
      const std::string sub = a.empty() || !a[0].is_text() ? "" : proto::to_upper(a[0].text);
      Reply reply = sub == "FETCH"    ? fetch(rest, true, out)
                    : sub == "STORE"  ? store(rest, true, out)
                    : sub == "SEARCH" ? search(rest, true, out)
                                      : bad("Syntax: UID FETCH|STORE|SEARCH ...");
      if (reply.outcome != Outcome::Bad && reply.text.rfind('[', 0) != 0) reply.text = "UID " + reply.text;
      return reply;
    }
    case Command::Other: break;
  }
  return bad("Unknown command " + r.name);
}

}  // namespace mailsim::imap
