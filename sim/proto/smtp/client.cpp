// SMTP client protocol machine (RFC 5321; RFC 2920 PIPELINING, RFC 1870 SIZE, RFC 6152 8BITMIME).
//
// Theory of operation. feed() cuts bytes into lines and lines into replies; each state has a handler
// that tells what a reply means there and turns it into one ClientEvent; go() moves along the
// transition table of client_states.hpp, the only place the state changes. The path and the events
// are drawn there.
//
// Failures leave the path for AwaitQuit (after sending QUIT): the recipients still undecided take the
// failing reply, 4xx as TempFailed and 5xx as PermFailed, and the first such reply is the session
// error. Three events can come in every state:
//   - 421 means the server is closing the channel (§3.8): undecided recipients TempFailed, Done,
//     and no QUIT, since nobody would read it;
//   - a reply we cannot parse, or one too long to keep, is a protocol error: TempFailed, QUIT, Done;
//   - connection_lost() before Done: TempFailed with a synthetic 421 4.4.2.
//
// With AUTH (RFC 4954) in the job, the client authenticates between EHLO and MAIL: AUTH with the
// initial response where the mechanism has one and it fits the 512-octet command line (§4), a base64
// line for each 334, then the transaction after 235. A challenge it cannot answer (not base64, or
// the mechanism refuses it, as SCRAM does a server that cannot prove itself) is cancelled with "*".
//
// With PIPELINING (RFC 2920 §3.1) MAIL, every RCPT and DATA leave in one write and their replies come
// back in that order, so AwaitMail/AwaitRcpt/AwaitData then count replies instead of sending the
// next command. The client must read all of them: even when MAIL or every RCPT failed, DATA may
// still be answered 354, and then only a lone "." ends it safely (§3.1), not QUIT.
#include "sim/proto/smtp/client.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "sim/proto/common/client_table.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/wire.hpp"
#include "sim/proto/smtp/xtext.hpp"

namespace mailsim::smtp {
namespace {

// RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers send longer ones, so we take
// eight times that, and no more, so that a server cannot make us buffer without end.
constexpr std::size_t kReplyLineLimit = 4096;
// ReplyParser keeps every line of a multi-line reply until the last one; a server that never sends
// the last line ("250-..." forever) would grow it without end. EHLO replies are a few hundred bytes.
constexpr std::size_t kReplyTextLimit = 64 * 1024;
// RFC 5321 §4.5.3.1.4: a command line, CRLF included.
constexpr std::size_t kCommandLineLimit = 512;

RecipientStatus failure_status(const Reply& reply) {
  return reply.permanent() ? RecipientStatus::PermFailed : RecipientStatus::TempFailed;
}

bool has_8bit(std::string_view data) {
  return std::any_of(data.begin(), data.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Mail data as it goes on the wire after 354, with the end-of-data indicator (RFC 5321 §4.5.2).
// A line starting with "." gets one more, so no line of the message can read as the end. Lines are
// split at every LF and always sent with CRLF: §2.3.8 forbids a bare LF, and a bare LF before a "."
// is exactly what SMTP smuggling uses to end the data early for one server and not for another.
std::string dot_stuff(std::string_view data) {
  std::string out;
  out.reserve(data.size() + data.size() / 32 + 5);
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t lf = data.find('\n', pos);
    std::string_view line = data.substr(pos, lf == std::string_view::npos ? lf : lf - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() == '.') out += '.';
    out += line;
    out += "\r\n";  // also ends data that lacked a final CRLF
    if (lf == std::string_view::npos) break;
    pos = lf + 1;
  }
  out += ".\r\n";
  return out;
}

}  // namespace

Client::Client(ClientJob job) : job_(std::move(job)), reader_(kReplyLineLimit) {
  results_.reserve(job_.rcpt_to.size());
  for (const std::string& address : job_.rcpt_to) results_.push_back(RecipientResult{address, {}, {}});
}

std::string Client::feed(std::string_view bytes) {
  std::string out;
  // Hand the reader at most one line limit at a time: a single huge feed() then never sits in the
  // reader's buffer whole, and bytes after the end of the dialog are not even copied.
  // In AwaitTls the bytes are the TLS layer's: whatever still comes here is dropped.
  while (!bytes.empty() && state_ != ClientState::Done && !starting_tls()) {
    const std::size_t n = std::min(bytes.size(), kReplyLineLimit);
    reader_.feed(bytes.substr(0, n));
    bytes.remove_prefix(n);
    while (state_ != ClientState::Done && !starting_tls()) {
      std::optional<proto::Line> line = reader_.next();
      if (!line) break;
      out += on_line(*line);
    }
  }
  return out;
}

std::string Client::start() {
  if (job_.tls_wrappermode && state_ == ClientState::AwaitGreeting) go(ClientEvent::ImplicitTls);
  return {};
}

void Client::timed_out() {
  if (state_ != ClientState::AwaitGreeting && state_ != ClientState::AwaitTls) return;
  const std::string during = state_ == ClientState::AwaitTls ? "performing the TLS handshake"
                                                             : "receiving the initial server greeting";
  const Reply r = local_reply(421, "4.4.2", "conversation with " + server_named() + " timed out while " + during);
  fail_undecided(r);
  set_session_error(r);
  go(ClientEvent::TimedOut);
}

void Client::connection_lost() {
  if (state_ == ClientState::Done) return;
  const Reply lost{421, "4.4.2", {"connection lost"}};
  // Losing the connection after QUIT, with every recipient decided, ended nothing early.
  const bool undecided = std::any_of(results_.begin(), results_.end(), [](const RecipientResult& r) {
    return r.status == RecipientStatus::Pending || r.status == RecipientStatus::Accepted;
  });
  if (undecided) set_session_error(lost);
  fail_undecided(lost);
  go(ClientEvent::ConnectionLost);
}

void Client::go(ClientEvent event) {
  proto::take_client_row(find_client_transition(state_, event), "smtp-client", state_, event, observer_, table_miss_,
                         ClientState::Done);
}

std::string Client::on_line(const proto::Line& line) {
  // A bare LF ending is tolerated: it is the server's fault and does not make the reply ambiguous.
  if (line.too_long) {
    return protocol_error(Reply{0, "", {"reply line longer than 4096 octets"}});
  }
  reply_bytes_ += line.text.size();
  if (reply_bytes_ > kReplyTextLimit) {
    return protocol_error(Reply{0, "", {"multi-line reply longer than 65536 octets"}});
  }
  std::optional<Reply> reply = parser_.feed_line(line.text, enhanced_codes_);
  if (!reply) return {};
  reply_bytes_ = 0;
  if (reply->code == 0) return protocol_error(*reply);
  // §4.2: the first digit is 2 to 5; "100" or "600" parse but mean nothing we could act on.
  if (reply->klass() < 2 || reply->klass() > 5) return protocol_error(Reply{0, "", {line.text}});
  return on_reply(*reply);
}

std::string Client::on_reply(const Reply& reply) {
  if (state_ == ClientState::AwaitQuit) {  // 221, or anything else: we are leaving either way
    go(ClientEvent::QuitAnswered);
    return {};
  }
  if (reply.code == 421) {  // §3.8: the server closes the channel now; QUIT would go unread
    fail_undecided(reply);
    set_session_error(reply);
    go(ClientEvent::Closing);
    return {};
  }
  switch (state_) {
    case ClientState::AwaitGreeting: return on_greeting(reply);
    case ClientState::AwaitEhlo: return on_ehlo(reply);
    case ClientState::AwaitHelo: return on_helo(reply);
    case ClientState::AwaitStarttls: return on_starttls(reply);
    case ClientState::AwaitAuth: return on_auth(reply);
    case ClientState::AwaitAuthCancel: return quit(ClientEvent::Refused);  // the 501 to our "*"
    case ClientState::AwaitMail: return on_mail(reply);
    case ClientState::AwaitRcpt: return on_rcpt(reply);
    case ClientState::AwaitData: return on_data(reply);
    case ClientState::AwaitDataEnd: return on_data_end(reply);
    case ClientState::AwaitTls:  // nothing is read there: the TLS layer has the bytes
    case ClientState::AwaitQuit:
    case ClientState::Done: break;
  }
  return {};
}

std::string Client::on_greeting(const Reply& reply) {
  // §3.1: 554 instead of 220 means "no service here"; the server still waits for our QUIT.
  if (reply.klass() != 2) return give_up(reply);
  go(ClientEvent::Greeted);
  return "EHLO " + job_.helo_name + "\r\n";
}

std::string Client::on_ehlo(const Reply& reply) {
  if (reply.klass() == 2) {
    record_ehlo_keywords(reply);
    if (!tls_active_ && job_.tls_level != ClientTlsLevel::None) {
      if (starttls_offered_) {
        go(ClientEvent::StartTls);
        return "STARTTLS\r\n";
      }
      if (job_.tls_level != ClientTlsLevel::May) return give_up(tls_required("was not offered by host"));
    }
    if (job_.auth && !results_.empty()) return start_auth();
    return begin_transaction(ClientEvent::HelloAccepted);
  }
  // §4.1.4 / §3.2: a server that does not know EHLO answers 500 or 502; it may still know HELO.
  // A 4xx is not "unknown command" but "not now", so HELO would not help.
  if (reply.permanent()) {
    go(ClientEvent::EhloUnknown);
    return "HELO " + job_.helo_name + "\r\n";
  }
  return give_up(reply);
}

std::string Client::on_helo(const Reply& reply) {
  if (reply.klass() != 2) return give_up(reply);
  // A server that knows no EHLO offers no STARTTLS either.
  if (!tls_active_ && (job_.tls_level == ClientTlsLevel::Encrypt || job_.tls_level == ClientTlsLevel::Verify)) {
    return give_up(tls_required("was not offered by host"));
  }
  // HELO has no extensions: no AUTH (RFC 4954 is an ESMTP extension).
  if (job_.auth && !results_.empty())
    return give_up(make_reply(504, "5.5.4", "AUTH " + std::string(sasl::mechanism_name(job_.auth->mechanism)) +
                                                " is not offered by the server"));
  return begin_transaction(ClientEvent::HelloAccepted);
}

std::string Client::start_auth() {
  const std::string name(sasl::mechanism_name(job_.auth->mechanism));
  const bool offered = std::any_of(auth_mechanisms_.begin(), auth_mechanisms_.end(),
                                   [&](const std::string& m) { return proto::iequals(m, name); });
  // Sending the password unauthenticated, as curl --user does to a server without AUTH, would be
  // worse than not sending the message: give up, and say why.
  if (!auth_offered_ || !offered) return give_up(make_reply(504, "5.5.4", "AUTH " + name + " is not offered by the server"));
  sasl_.emplace(*job_.auth);
  std::string command = "AUTH " + name;
  // §4: the initial response only when the whole line still fits; otherwise after an empty 334.
  const std::size_t room = kCommandLineLimit - (command.size() + 3);
  if (const std::optional<std::string> first = sasl_->initial_response(room))
    command += " " + sasl::write_initial_response(*first);
  go(ClientEvent::Authenticate);
  return command + "\r\n";
}

std::string Client::on_auth(const Reply& reply) {
  if (reply.klass() == 3) {
    // "334 <base64>": the challenge is the reply's text ("" for "334 ").
    const std::optional<std::string> challenge = sasl::base64_decode(reply.lines.empty() ? "" : reply.lines.back());
    if (!challenge) return cancel_auth("the challenge is not base64");
    const sasl::ClientStep step = sasl_->challenge(*challenge);
    if (!step.ok) return cancel_auth(step.reason);
    go(ClientEvent::AuthChallenge);
    return sasl::write_message(step.response) + "\r\n";
  }
  if (reply.klass() != 2) return give_up(reply);  // 535, 454, 504, 538, 501 ...
  // RFC 5802 §3: a SCRAM client believes a success only once the server has proved itself.
  if (!sasl_->complete()) return give_up(Reply{0, "", {"235 before the exchange was complete: the server did not prove itself"}});
  sasl_.reset();
  return begin_transaction(ClientEvent::AuthAccepted);
}

std::string Client::cancel_auth(std::string reason) {
  // The cause is ours to tell; the server's 501 that follows is only its consequence.
  const Reply cancelled{0, "", {"AUTH cancelled: " + reason}};
  fail_undecided(cancelled);
  set_session_error(cancelled);
  go(ClientEvent::AuthCancel);
  return std::string(sasl::kCancel) + "\r\n";
}

Reply Client::tls_required(const std::string& why) const {
  // Postfix's words and status (4.7.4: security features not supported): the message is deferred.
  return local_reply(454, "4.7.4", "TLS is required, but " + why + " " + server_named());
}

std::string Client::server_named() const {
  if (job_.server_name.empty()) return "the server";
  return job_.server_address.empty() ? job_.server_name : job_.server_name + "[" + job_.server_address + "]";
}

Reply Client::local_reply(int code, std::string enhanced, std::string text) {
  Reply r = make_reply(code, std::move(enhanced), std::move(text));
  r.local = true;
  return r;
}

std::string Client::on_starttls(const Reply& reply) {
  if (reply.klass() == 2) {  // 220 Ready to start TLS
    go(ClientEvent::TlsGoAhead);
    // A new reader for the session inside TLS; what the old one holds came in plain text after the
    // 220 and is not the server's to say (RFC 3207 §5).
    reader_ = proto::LineReader(kReplyLineLimit);
    parser_ = ReplyParser{};
    reply_bytes_ = 0;
    return {};
  }
  if (job_.tls_level == ClientTlsLevel::May) {  // on in plain text
    if (job_.auth && !results_.empty()) return start_auth();
    return begin_transaction(ClientEvent::StarttlsRefused);
  }
  const std::string host = job_.server_name.empty() ? std::string("the server") : "host " + job_.server_name;
  return give_up(Reply{reply.code, reply.enhanced,
                       {"TLS is required, but " + host + " refused to start TLS: " + reply.summary()}});
}

std::string Client::tls_established(bool certificate_verified) {
  if (state_ != ClientState::AwaitTls) {  // the glue's mistake, not the server's: stop (table miss)
    go(ClientEvent::TlsEstablished);
    return {};
  }
  if (job_.tls_level == ClientTlsLevel::Verify && !certificate_verified) {
    end_tls(local_reply(454, "4.7.5", "Server certificate not verified"));
    return {};
  }
  tls_active_ = true;
  // RFC 8314: with implicit TLS the greeting comes next, inside TLS (and never STARTTLS: TLS is on
  // before EHLO).
  if (job_.tls_wrappermode) {
    go(ClientEvent::ImplicitTlsEstablished);
    return {};
  }
  go(ClientEvent::TlsEstablished);
  return "EHLO " + job_.helo_name + "\r\n";
}

void Client::tls_failed() { end_tls(local_reply(454, "4.7.5", "Cannot start TLS: handshake failure")); }

void Client::end_tls(const Reply& reply) {
  fail_undecided(reply);
  set_session_error(reply);
  go(ClientEvent::TlsFailed);
}

void Client::record_ehlo_keywords(const Reply& reply) {
  // Only this reply counts: after STARTTLS, what the first EHLO offered is forgotten (RFC 3207 §4.2).
  pipelining_ = eight_bit_mime_ = enhanced_codes_ = size_offered_ = starttls_offered_ = auth_offered_ = false;
  auth_mechanisms_.clear();
  size_limit_ = 0;
  // §4.1.1.1: the first line is the server's name; each later line is "keyword [params]".
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    const std::string_view line = proto::trim(reply.lines[i]);
    const std::size_t sp = line.find(' ');
    const std::string_view keyword = line.substr(0, sp);
    const std::string_view param =
        sp == std::string_view::npos ? std::string_view{} : proto::trim(line.substr(sp + 1));
    if (proto::iequals(keyword, "AUTH") || proto::istarts_with(keyword, "AUTH=")) {
      // RFC 4954 §3: "AUTH mech mech ..."; "AUTH=mech mech" is what servers said for old Outlook.
      auth_offered_ = true;
      if (keyword.size() > 5) auth_mechanisms_.emplace_back(keyword.substr(5));
      std::string_view rest = param;
      while (!rest.empty()) {
        const std::size_t end = std::min(rest.find(' '), rest.size());
        if (end > 0) auth_mechanisms_.emplace_back(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
      }
    } else if (proto::iequals(keyword, "PIPELINING")) {
      pipelining_ = true;
    } else if (proto::iequals(keyword, "8BITMIME")) {
      eight_bit_mime_ = true;
    } else if (proto::iequals(keyword, "STARTTLS")) {
      starttls_offered_ = true;
    } else if (proto::iequals(keyword, "ENHANCEDSTATUSCODES")) {
      enhanced_codes_ = true;
    } else if (proto::iequals(keyword, "SIZE")) {
      size_offered_ = true;
      // RFC 1870 §4: the number is optional and 0 means no fixed limit. An unreadable or too large
      // number is treated as no limit: the server will still say 552 at MAIL or at the end of data.
      std::size_t limit = 0;
      const auto [end, ec] = std::from_chars(param.data(), param.data() + param.size(), limit);
      size_limit_ = (ec == std::errc{} && end == param.data() + param.size()) ? limit : 0;
    }
  }
}

std::string Client::begin_transaction(ClientEvent how) {
  // Nothing to deliver; MAIL without RCPT would be pointless.
  if (results_.empty()) return quit(ClientEvent::NothingToSend);
  // RFC 1870 §6: a message larger than the advertised limit would only be refused after sending it.
  if (size_limit_ != 0 && job_.data.size() > size_limit_) {
    return give_up(make_reply(552, "5.3.4", "Message size exceeds fixed limit"));
  }
  go(how);
  next_rcpt_ = 0;
  std::string out = mail_command();
  if (pipelining_) {
    // RFC 2920 §3.1: DATA may end a group, and is the last command we may send before its reply.
    for (std::size_t i = 0; i < results_.size(); ++i) out += rcpt_command(i);
    out += "DATA\r\n";
  }
  return out;
}

std::string Client::mail_command() const {
  std::string out = "MAIL FROM:<" + job_.mail_from + ">";
  // RFC 1870 §6: the size as we know it, before dot-stuffing.
  if (size_offered_) out += " SIZE=" + std::to_string(job_.data.size());
  // RFC 6152 §3: declare 8-bit data when the server can take it. When it cannot, we send the data
  // unchanged anyway, as Postfix does by default, rather than bounce or convert it.
  if (eight_bit_mime_ && has_8bit(job_.data)) out += " BODY=8BITMIME";
  // RFC 4954 §5: only to a server that offers AUTH.
  if (auth_offered_ && job_.mail_auth) out += " AUTH=" + xtext_encode(job_.mail_auth->empty() ? "<>" : *job_.mail_auth);
  out += "\r\n";
  return out;
}

std::string Client::rcpt_command(std::size_t index) const {
  return "RCPT TO:<" + results_[index].address + ">\r\n";
}

std::string Client::on_mail(const Reply& reply) {
  if (reply.klass() != 2) {
    // No reverse-path, so no transaction: every recipient fails with MAIL's reply (§4.1.1.2).
    fail_undecided(reply);
    set_session_error(reply);
    if (!pipelining_) return quit(ClientEvent::Refused);
    // Pipelined: the RCPT and DATA replies are still coming; read them, see on_data.
  }
  go(reply.klass() == 2 ? ClientEvent::MailAccepted : ClientEvent::MailRefusedPipelined);
  next_rcpt_ = 0;
  return pipelining_ ? std::string{} : rcpt_command(0);
}

std::string Client::on_rcpt(const Reply& reply) {
  RecipientResult& result = results_[next_rcpt_];
  // Already decided only when a pipelined MAIL failed: a later RCPT 250 cannot revive it.
  if (result.status == RecipientStatus::Pending) {
    result.status = reply.klass() == 2 ? RecipientStatus::Accepted : failure_status(reply);
    result.reply = reply;
  }
  ++next_rcpt_;
  const bool last = next_rcpt_ == results_.size();
  go(!last ? ClientEvent::RcptNext
            // §3.3: DATA needs at least one accepted recipient; the server would refuse it with
            // 503/554. Pipelined, DATA has gone already and its reply must be read.
            : pipelining_ || any_accepted() ? ClientEvent::RcptDone
                                            : ClientEvent::NoneAccepted);
  if (state_ == ClientState::AwaitQuit) return "QUIT\r\n";
  if (pipelining_) return {};
  return last ? "DATA\r\n" : rcpt_command(next_rcpt_);
}

std::string Client::on_data(const Reply& reply) {
  if (reply.klass() == 3) {  // 354: go ahead
    go(ClientEvent::GoAhead);
    // RFC 2920 §3.1: a pipelined DATA accepted with nobody to deliver to is ended with a lone dot,
    // so that no message goes out; QUIT here would be read as a line of mail data.
    if (!any_accepted()) return ".\r\n";
    return dot_stuff(job_.data);
  }
  // With nobody accepted, this refusal is only the consequence of the RCPT (or MAIL) replies.
  if (any_accepted()) {
    fail_undecided(reply);
    set_session_error(reply);
  }
  return quit(ClientEvent::Refused);
}

std::string Client::on_data_end(const Reply& reply) {
  // §4.1.1.4: one reply for the whole message; it decides every recipient RCPT accepted.
  for (RecipientResult& result : results_) {
    if (result.status != RecipientStatus::Accepted) continue;
    result.status = reply.klass() == 2 ? RecipientStatus::Delivered : failure_status(reply);
    result.reply = reply;
  }
  return quit(ClientEvent::DataAnswered);
}

std::string Client::give_up(const Reply& reply) {
  fail_undecided(reply);
  set_session_error(reply);
  return quit(ClientEvent::Refused);
}

std::string Client::quit(ClientEvent why) {
  go(why);
  return "QUIT\r\n";
}

std::string Client::protocol_error(const Reply& reply) {
  // We cannot tell what the server meant, so nothing is known delivered: TempFailed lets the
  // caller retry. QUIT is a courtesy; we stop reading (Done) since the dialog is out of step.
  const bool quit_sent = state_ == ClientState::AwaitQuit;
  fail_undecided(reply);
  set_session_error(reply);
  go(ClientEvent::ProtocolError);
  return quit_sent ? std::string{} : std::string{"QUIT\r\n"};
}

void Client::fail_undecided(const Reply& reply) {
  for (RecipientResult& result : results_) {
    if (result.status == RecipientStatus::Pending || result.status == RecipientStatus::Accepted) {
      result.status = failure_status(reply);
      result.reply = reply;
    }
  }
}

void Client::set_session_error(const Reply& reply) {
  // The first failure is the cause; later ones (a QUIT reply, a lost connection) are consequences.
  if (session_error_ == Reply{}) session_error_ = reply;
}

bool Client::any_accepted() const {
  return std::any_of(results_.begin(), results_.end(), [](const RecipientResult& r) {
    return r.status == RecipientStatus::Accepted;
  });
}

}  // namespace mailsim::smtp
