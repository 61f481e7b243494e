#include "sim/proto/smtp/server.hpp"

#include <algorithm>
#include <optional>
#include <utility>

// How the machine reads its input: bytes go into a bounded LineReader, one line at a time comes out,
// and each line is either a command (looked up in the transition table of server_states.cpp) or a
// line of mail data (in ServerState::Data). Reply texts follow Postfix's smtpd where RFC 5321 leaves
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

Command classify(std::string_view verb) {
  static const std::pair<std::string_view, Command> kVerbs[] = {
      {"EHLO", Command::Ehlo}, {"HELO", Command::Helo}, {"MAIL", Command::Mail},
      {"RCPT", Command::Rcpt}, {"DATA", Command::Data}, {"RSET", Command::Rset},
      {"NOOP", Command::Noop}, {"VRFY", Command::Vrfy}, {"HELP", Command::Help},
      {"QUIT", Command::Quit}};
  for (const auto& [name, command] : kVerbs) {
    if (iequals(verb, name)) return command;
  }
  return Command::Other;
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
  std::string text = config_.hostname;
  if (!config_.greeting_text.empty()) text += " " + config_.greeting_text;
  // No enhanced code in the greeting: RFC 2034 codes only follow once the client has seen the
  // EHLO keyword, and Postfix sends "220 host ESMTP Postfix" whatever its settings.
  Reply greeting = forced_or("CONNECT", reply(220, "", std::move(text)));
  // A 554 (or any other refusal) greeting means "no service, but wait for QUIT" (§3.1); a 421 closes
  // at once (§3.8). The greeting goes through neither the table nor send(): it is not an error.
  if (!config_.enhanced_status_codes) greeting.enhanced.clear();
  enter(greeting.code == 421     ? ServerState::Closed
        : greeting.positive()    ? ServerState::Connected
                                 : ServerState::NoService);
  return greeting.serialize();
}

std::string Server::feed(std::string_view bytes) {
  std::string out;
  while (!closed_ && !bytes.empty()) {
    const std::size_t n = std::min(bytes.size(), kFeedSlice);
    reader_.feed(bytes.substr(0, n));
    bytes.remove_prefix(n);
    // Every complete line is answered in order: this is all PIPELINING (RFC 2920) asks of a server.
    // A line after DATA's 354 is read with the text-line limit, because enter() switched it.
    while (!closed_) {
      std::optional<proto::Line> line = reader_.next();
      if (!line) break;
      on_line(*line, out);
    }
  }
  return out;
}

void Server::on_line(const proto::Line& line, std::string& out) {
  if (state_ == ServerState::Data) on_data_line(line, out);
  else on_command(line, out);
}

void Server::on_command(const proto::Line& line, std::string& out) {
  // Lexical errors come before the table: they are not commands at all.
  if (line.too_long) return send(reply(500, "5.5.0", "Error: line too long"), out);
  const std::string_view text = trim(line.text);
  if (text.empty()) return send(reply(500, "5.5.2", "Error: bad syntax"), out);
  const std::size_t space = text.find(' ');
  const std::string_view verb = text.substr(0, space);
  const std::string_view arg = space == std::string_view::npos ? "" : trim(text.substr(space + 1));

  const Command command = classify(verb);
  const Transition* row = find_transition(state_, command);
  if (row == nullptr) return;  // not reachable: every command state has a row for every command
  if (row->refusal_code != 0) {
    return send(reply(row->refusal_code, "5.5.1", std::string(row->refusal_text)), out);
  }
  Reply r;
  switch (command) {
    case Command::Ehlo: r = on_hello(arg, true); break;
    case Command::Helo: r = on_hello(arg, false); break;
    case Command::Mail: r = on_mail(arg); break;
    case Command::Rcpt: r = on_rcpt(arg); break;
    case Command::Data: r = on_data(arg); break;
    case Command::Rset:
      // RFC 5321 §4.1.1.5: RSET takes no parameters.
      r = arg.empty() ? forced_or("RSET", reply(250, "2.0.0", "Ok"))
                      : reply(501, "5.5.4", "Syntax: RSET");
      break;
    case Command::Noop:
      // §4.1.1.9: a parameter "SHOULD" be ignored.
      r = forced_or("NOOP", reply(250, "2.0.0", "Ok"));
      break;
    case Command::Vrfy:
      // §3.5.3: a server that will not say whether a mailbox exists answers 252, not 550.
      r = arg.empty() ? reply(501, "5.5.4", "Syntax: VRFY address")
                      : forced_or("VRFY", reply(252, "2.0.0",
                                                "Cannot VRFY user, but will accept message and "
                                                "attempt delivery"));
      break;
    case Command::Help:
      r = forced_or("HELP",
                    Reply{214, "2.0.0",
                          {"Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT",
                           "See RFC 5321 (Simple Mail Transfer Protocol)"}});
      break;
    case Command::Quit: r = forced_or("QUIT", reply(221, "2.0.0", "Bye")); break;
    case Command::Other: r = on_other(verb); break;
    case Command::EndOfData: return;  // only produced in Data
  }
  answer(*row, std::move(r), out);
}

Reply Server::on_hello(std::string_view arg, bool extended) {
  if (arg.empty()) {
    return reply(501, "5.5.4", extended ? "Syntax: EHLO hostname" : "Syntax: HELO hostname");
  }
  Reply r = extended ? forced_or("EHLO", ehlo_reply())
                     : forced_or("HELO", reply(250, "", config_.hostname));
  if (r.positive()) {
    // The first word is the client's name; anything after it is ignored, as Postfix does.
    envelope_.helo = std::string(arg.substr(0, arg.find(' ')));
    envelope_.esmtp = extended;
  }
  return r;
}

Reply Server::ehlo_reply() const {
  // RFC 5321 §4.1.1.1: the first line names the server, each further line one extension keyword.
  // Like Postfix, no enhanced code here: the client learns of ENHANCEDSTATUSCODES from this reply.
  Reply r{250, "", {config_.hostname}};
  if (config_.pipelining) r.lines.emplace_back("PIPELINING");
  r.lines.push_back("SIZE " + std::to_string(config_.max_message_size));
  if (config_.enhanced_status_codes) r.lines.emplace_back("ENHANCEDSTATUSCODES");
  if (config_.eightbitmime) r.lines.emplace_back("8BITMIME");
  return r;
}

Reply Server::on_mail(std::string_view arg) {
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
  Reply r = f ? *f
            : hooks_.check_mail_from ? hooks_.check_mail_from(next, path->address)
                                     : reply(250, "2.1.0", "Ok");
  if (r.positive()) {
    envelope_ = std::move(next);
    envelope_.mail_from = path->address;
  }
  return r;
}

Reply Server::on_rcpt(std::string_view arg) {
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
  Reply r = f ? *f
            : hooks_.check_rcpt ? hooks_.check_rcpt(envelope_, path->address)
                                : reply(250, "2.1.5", "Ok");
  if (r.positive()) envelope_.rcpt_to.push_back(path->address);
  return r;
}

Reply Server::on_data(std::string_view arg) {
  if (!arg.empty()) return reply(501, "5.5.4", "Syntax: DATA");
  // 354 is an intermediate reply: RFC 3463 enhanced codes only exist for classes 2, 4 and 5.
  return forced_or("DATA-CMD", reply(354, "", "End data with <CR><LF>.<CR><LF>"));
}

Reply Server::on_other(std::string_view verb) {
  if (iequals(verb, "EXPN")) return reply(502, "5.5.1", "Error: command not implemented");
  return reply(502, "5.5.2", "Error: command not recognized");  // Postfix's wording and code
}

// Mail data (RFC 5321 §4.5.2). Choices, where the RFC or the brief leave room:
//  - Only "." ended by CRLF is the end of data. SMTP lines end in CRLF (§2.3.8), so ".<LF>" is not
//    the end-of-data indicator; treating it as one is what SMTP smuggling exploits.
//  - A line ended by a bare LF is not an SMTP line, so the transparency rule does not apply to it:
//    its text is kept as sent (".<LF>" stays ".", "..x<LF>" stays "..x"). Its ending is stored as
//    CRLF like every other line, because the data handed to accept_message uses CRLF throughout.
//  - A line longer than max_text_line (§4.5.3.1.6) does not stop reading: the rest of the message
//    is read to its end, so the client stays in step, and the end of data is answered
//    "500 5.5.0 Error: line too long" (Postfix would accept and fold it; we reject, so that students
//    see the limit). When the message is also too big, the size reply (552) wins: it is the limit
//    the client was told of in EHLO.
//  - Past max_message_size nothing more is stored (memory stays bounded), only counted; the end of
//    data is answered "552 5.3.4 Error: message file too big".
void Server::on_data_line(const proto::Line& line, std::string& out) {
  if (!line.too_long && !line.bare_lf && line.text == ".") {
    const Transition* row = find_transition(ServerState::Data, Command::EndOfData);
    answer(*row, on_end_of_data(), out);
    return;
  }
  std::string_view text = line.text;
  if (line.too_long) data_line_too_long_ = true;
  else if (!line.bare_lf && !text.empty() && text.front() == '.') text.remove_prefix(1);
  data_bytes_ += text.size() + 2;
  if (data_bytes_ > config_.max_message_size) data_too_big_ = true;
  if (data_too_big_ || data_line_too_long_) {
    std::string().swap(data_);  // will be rejected: give the memory back now
    return;
  }
  data_ += text;
  data_ += "\r\n";
}

Reply Server::on_end_of_data() {
  if (data_too_big_) return reply(552, "5.3.4", "Error: message file too big");
  if (data_line_too_long_) return reply(500, "5.5.0", "Error: line too long");
  if (const Reply* f = forced("DATA")) return *f;  // the data was read, but nothing is accepted
  Reply r = hooks_.accept_message ? hooks_.accept_message(envelope_, data_)
                                  : reply(250, "2.0.0", "Ok");
  // Postfix's smtpd_hard_error_limit counts errors "without delivering mail": a delivered message
  // forgives the client's earlier mistakes.
  if (r.positive()) errors_ = 0;
  return r;
}

const Reply* Server::forced(const std::string& verb) const {
  const auto it = config_.forced_replies.find(verb);
  return it == config_.forced_replies.end() ? nullptr : &it->second;
}

Reply Server::forced_or(const std::string& verb, Reply normal) const {
  const Reply* f = forced(verb);
  return f ? *f : normal;
}

void Server::answer(const Transition& row, Reply r, std::string& out) {
  enter(r.positive() ? row.on_success : row.on_failure);
  send(std::move(r), out);
}

void Server::send(Reply r, std::string& out) {
  if (!config_.enhanced_status_codes) r.enhanced.clear();
  make_printable(r);
  out += r.serialize();
  // §3.8: 421 means the server is closing the channel, whoever decided it (forced reply, hook).
  if (r.code == 421) return enter(ServerState::Closed);
  // Like Postfix's smtpd_hard_error_limit, every negative reply counts, hook decisions included;
  // the 421 follows the reply that reached the limit at once, without waiting for another command.
  if (r.code >= 400 && ++errors_ >= config_.max_errors) {
    Reply bye = reply(421, "4.7.0", config_.hostname + " Error: too many errors");
    if (!config_.enhanced_status_codes) bye.enhanced.clear();
    out += bye.serialize();
    enter(ServerState::Closed);
  }
}

void Server::enter(ServerState next) {
  state_ = next;
  // Mail data has its own line limit (§4.5.3.1.6); commands theirs (§4.5.3.1.4).
  reader_.set_limit(next == ServerState::Data ? config_.max_text_line : config_.max_command_line);
  if (next == ServerState::Data) {
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
    std::string().swap(data_);
  }
  if (next == ServerState::Closed) closed_ = true;
}

}  // namespace mailsim::smtp
