#include "sim/proto/pop3/client.hpp"

#include <set>
#include <utility>

#include "sim/proto/common/client_table.hpp"
#include "sim/proto/pop3/multiline.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/crypto.hpp"
#include "sim/proto/sasl/wire.hpp"

namespace mailsim::pop3 {

namespace {

bool has_line_break(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

// RFC 2449 §4: a command line is at most 255 octets, CRLF included.
constexpr std::size_t kCommandLineLimit = 255;

// "1 7.1" from a UIDL listing (§7: message number, one space, unique-id).
bool parse_uidl_line(std::string_view line, std::size_t& number, std::string& uidl) {
  const std::size_t space = line.find(' ');
  if (space == 0 || space == std::string_view::npos) return false;
  number = 0;
  for (char c : line.substr(0, space)) {
    if (c < '0' || c > '9' || number > 100000000) return false;
    number = number * 10 + static_cast<std::size_t>(c - '0');
  }
  uidl = std::string(proto::trim(line.substr(space + 1)));
  return !uidl.empty();
}

}  // namespace

Client::Client(ClientJob job) : job_(std::move(job)), reader_(kMaxLine) {}

std::string Client::start() {
  if (job_.wrappermode && state_ == ClientState::AwaitGreeting && !tls_active_) go(ClientEvent::ImplicitTls);
  return {};
}

std::string Client::feed(std::string_view bytes) {
  std::string out;
  if (done()) return out;
  if (starting_tls()) return out;  // the TLS layer's bytes, never ours
  reader_.feed(bytes);
  while (!done() && !starting_tls()) {
    std::optional<proto::Line> line = reader_.next();
    if (!line) break;
    on_line(*line, out);
  }
  return out;
}

void Client::go(ClientEvent event) {
  proto::take_client_row(find_client_transition(state_, event), "pop3-client", state_, event, observer_, table_miss_,
                         ClientState::Done);
}

void Client::connection_lost() {
  if (done()) return;
  // Even while waiting for the reply to QUIT: without it the client cannot know that UPDATE ran.
  if (error_.empty()) error_ = state_ == ClientState::AwaitQuit ? "connection lost before the reply to QUIT" : "connection lost";
  go(ClientEvent::ConnectionLost);
}

void Client::protocol_error(std::string error) {
  if (error_.empty()) error_ = std::move(error);
  go(ClientEvent::ProtocolError);
}

void Client::fail(std::string error, std::string& out) {
  if (error_.empty()) error_ = std::move(error);
  out += "QUIT\r\n";
  go(ClientEvent::Refused);
}

void Client::on_line(const proto::Line& line, std::string& out) {
  if (in_multiline_) {
    std::string text = line.text;
    if (!line.too_long && !unstuff(text)) {
      in_multiline_ = false;
      on_multiline_end(out);
      return;
    }
    if (line.too_long || multiline_.size() + text.size() + 2 > kMaxMultiline) multiline_overflow_ = true;
    if (multiline_overflow_) return;
    multiline_ += text;
    multiline_ += "\r\n";
    return;
  }
  if (line.too_long) return protocol_error("reply line too long");
  const std::string_view text = line.text;
  if (proto::istarts_with(text, "+OK") && (text.size() == 3 || text[3] == ' ')) return on_status(true, text, out);
  // RFC 5034 §4: a continuation, "+" SP base64 (some servers send "+" alone for an empty one).
  if (state_ == ClientState::AwaitAuth && (text == "+" || text.starts_with("+ ")))
    return on_challenge(text.size() > 2 ? text.substr(2) : std::string_view{}, out);
  if (proto::istarts_with(text, "-ERR") && (text.size() == 4 || text[4] == ' ')) return on_status(false, text, out);
  protocol_error("not a POP3 reply: " + std::string(text.substr(0, 80)));
}

void Client::on_status(bool ok, std::string_view text, std::string& out) {
  const std::string reply(text);
  switch (state_) {
    case ClientState::AwaitGreeting:
      if (!ok) return fail("greeting: " + reply, out);
      if (job_.tls == proto::ClientTls::None) return log_in(text, out);
      greeting_ = reply;
      out += "CAPA\r\n";
      go(ClientEvent::SendCapa);
      return;
    case ClientState::AwaitCapa:
      // RFC 2449 §5: a server without CAPA says -ERR; then it has no STLS either.
      if (!ok) return after_capa(false, out);
      in_multiline_ = true;
      multiline_overflow_ = false;
      multiline_.clear();
      return;
    case ClientState::AwaitStls:
      if (ok) {
        // From here the bytes are the TLS layer's: what else came in this read is dropped.
        reader_ = proto::LineReader(kMaxLine);
        go(ClientEvent::TlsGoAhead);
        return;
      }
      if (job_.tls != proto::ClientTls::May) return fail("STLS: " + reply, out);
      return log_in(greeting_, out);  // on in plain text, as the level allows
    case ClientState::AwaitTls:
      return;
    case ClientState::AwaitUser:
      if (!ok) return fail("USER: " + reply, out);
      out += "PASS " + job_.password + "\r\n";
      go(ClientEvent::UserAccepted);
      return;
    case ClientState::AwaitPass:
      if (!ok) return fail("PASS: " + reply, out);
      return logged_in(out);
    case ClientState::AwaitApop:
      if (!ok) return fail("APOP: " + reply, out);
      return logged_in(out);
    case ClientState::AwaitAuth:
      if (!ok) return fail("AUTH: " + reply, out);
      // RFC 5802 §3: a SCRAM client believes the +OK only once the server has proved itself.
      if (!sasl_->complete()) return fail("AUTH: +OK before the exchange was complete: the server did not prove itself", out);
      sasl_.reset();
      return logged_in(out);
    case ClientState::AwaitUidl:
    case ClientState::AwaitRetr:
      if (!ok) return fail((state_ == ClientState::AwaitUidl ? "UIDL: " : "RETR: ") + reply, out);
      // §3: a positive reply to these is followed by a multi-line response.
      in_multiline_ = true;
      multiline_overflow_ = false;
      multiline_.clear();
      return;
    case ClientState::AwaitDele:
      if (!ok) return fail("DELE: " + reply, out);
      ++next_;
      return next_message(out);
    case ClientState::AwaitQuit:
      if (!ok && error_.empty()) error_ = "QUIT: " + reply;  // the server could not remove the messages
      go(ClientEvent::QuitAnswered);
      return;
    case ClientState::Done:
      return;
  }
}

void Client::after_capa(bool stls_listed, std::string& out) {
  if (!tls_active_ && stls_listed) {
    out += "STLS\r\n";
    go(ClientEvent::StartTls);
    return;
  }
  if (!tls_active_ && job_.tls != proto::ClientTls::May) {
    if (error_.empty())
      error_ = "STLS: TLS is required, but was not offered by host " + (job_.server_name.empty() ? "the server" : job_.server_name);
    out += "QUIT\r\n";
    go(ClientEvent::Refused);
    return;
  }
  log_in(greeting_, out);
}

std::string Client::tls_established(bool certificate_verified) {
  if (state_ != ClientState::AwaitTls) return {};
  if (job_.tls == proto::ClientTls::Verify && !certificate_verified) {
    if (error_.empty()) error_ = "TLS: server certificate not verified for " + job_.server_name;
    go(ClientEvent::TlsFailed);
    return {};
  }
  const bool implicit = !tls_active_ && job_.wrappermode;
  tls_active_ = true;
  if (implicit) {  // the session begins here: the greeting comes inside TLS
    go(ClientEvent::ImplicitTlsEstablished);
    return {};
  }
  // RFC 2595 §4: what CAPA said before TLS is void; ask again.
  go(ClientEvent::TlsEstablished);
  return "CAPA\r\n";
}

void Client::tls_failed() {
  if (state_ != ClientState::AwaitTls) return;
  if (error_.empty()) error_ = "TLS: cannot start TLS: handshake failure";
  go(ClientEvent::TlsFailed);
}

void Client::log_in(std::string_view greeting, std::string& out) {
  // A user name or password with a line break would smuggle in a second command.
  if (has_line_break(job_.user) || has_line_break(job_.password)) return fail("user name or password has a line break", out);
  switch (job_.login) {
    case Login::UserPass:
      out += "USER " + job_.user + "\r\n";
      go(ClientEvent::SendUser);
      return;
    case Login::Apop: {
      // §7: the timestamp is the msg-id at the end of the greeting, "<" to ">".
      const std::size_t open = greeting.rfind('<');
      const std::size_t close = open == std::string_view::npos ? open : greeting.find('>', open);
      if (close == std::string_view::npos) return fail("APOP: the greeting has no timestamp", out);
      const std::string_view msg_id = greeting.substr(open, close - open + 1);
      out += "APOP " + job_.user + " " + sasl::to_hex(sasl::md5(std::string(msg_id) + job_.password)) + "\r\n";
      go(ClientEvent::SendApop);
      return;
    }
    case Login::Auth: {
      sasl_.emplace(sasl::ClientOptions{job_.mechanism, job_.user, job_.password, "", job_.sasl_nonce,
                                         job_.scram_max_iterations});
      std::string command = "AUTH " + std::string(sasl::mechanism_name(job_.mechanism));
      const std::size_t room = kCommandLineLimit - (command.size() + 3);
      if (const std::optional<std::string> first = sasl_->initial_response(room))
        command += " " + sasl::write_initial_response(*first);
      out += command + "\r\n";
      go(ClientEvent::SendAuth);
      return;
    }
  }
}

void Client::on_challenge(std::string_view challenge, std::string& out) {
  const std::optional<std::string> octets = sasl::base64_decode(challenge);
  const sasl::ClientStep step =
      octets ? sasl_->challenge(*octets) : sasl::ClientStep{false, {}, "the challenge is not base64"};
  if (!step.ok) {
    // The cause is ours to tell; the -ERR the server answers "*" with is only its consequence.
    if (error_.empty()) error_ = "AUTH cancelled: " + step.reason;
    out += std::string(sasl::kCancel) + "\r\n";
    go(ClientEvent::AuthChallenge);
    return;
  }
  out += sasl::write_message(step.response) + "\r\n";
  go(ClientEvent::AuthChallenge);
}

void Client::logged_in(std::string& out) {
  out += "UIDL\r\n";
  go(ClientEvent::LoggedIn);
}

void Client::on_multiline_end(std::string& out) {
  if (multiline_overflow_) {
    multiline_.clear();
    return fail(state_ == ClientState::AwaitUidl   ? "UIDL listing too large"
                : state_ == ClientState::AwaitCapa ? "CAPA listing too large"
                                                   : "message too large",
                out);
  }
  if (state_ == ClientState::AwaitCapa) {
    bool stls = false;
    std::string_view rest = multiline_;
    while (!rest.empty()) {
      const std::size_t end = rest.find("\r\n");
      const std::string_view tag = proto::trim(rest.substr(0, end));
      stls = stls || proto::iequals(tag.substr(0, tag.find(' ')), "STLS");
      rest.remove_prefix(end + 2);
    }
    multiline_.clear();
    return after_capa(stls, out);
  }
  if (state_ == ClientState::AwaitUidl) {
    std::string_view rest = multiline_;
    // §7: a unique-id names one message, a number too; a listing that repeats either would have us
    // download a message twice, so it is as malformed as a line without a unique-id.
    std::set<std::string> uidls;
    std::set<std::size_t> numbers;
    while (!rest.empty()) {
      const std::size_t end = rest.find("\r\n");
      Listed entry{0, {}};
      if (!parse_uidl_line(rest.substr(0, end), entry.number, entry.uidl) || !numbers.insert(entry.number).second ||
          !uidls.insert(entry.uidl).second)
        return fail("UIDL: malformed listing", out);
      if (!job_.known_uidls.count(entry.uidl)) todo_.push_back(std::move(entry));
      rest.remove_prefix(end + 2);
    }
    multiline_.clear();
    next_ = 0;
    return next_message(out);
  }
  // AwaitRetr: the message is complete.
  downloaded_.push_back(Downloaded{todo_[next_].uidl, std::exchange(multiline_, {})});
  if (job_.delete_after) {
    out += "DELE " + std::to_string(todo_[next_].number) + "\r\n";
    go(ClientEvent::Delete);
    return;
  }
  ++next_;
  next_message(out);
}

void Client::next_message(std::string& out) {
  if (next_ >= todo_.size()) {
    out += "QUIT\r\n";
    go(ClientEvent::AllDone);
    return;
  }
  out += "RETR " + std::to_string(todo_[next_].number) + "\r\n";
  go(ClientEvent::Retrieve);
}


}  // namespace mailsim::pop3
