#pragma once
// SMTP client protocol machine (RFC 5321), sans-I/O: the server's bytes in, the client's bytes out.
// One machine delivers one message (one envelope, any number of recipients) over one connection.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/smtp/envelope.hpp"
#include "sim/proto/smtp/reply.hpp"

namespace mailsim::smtp {

struct ClientJob {
  std::string helo_name;               // our name for EHLO/HELO
  std::string mail_from;               // "" for the null reverse-path (bounces)
  std::vector<std::string> rcpt_to;
  std::string data;                    // RFC 5322 message, CRLF line endings, not yet dot-stuffed
};

enum class RecipientStatus { Pending, Accepted, Delivered, TempFailed, PermFailed };

struct RecipientResult {
  std::string address;
  RecipientStatus status = RecipientStatus::Pending;
  Reply reply;                         // the reply that decided the status
};

enum class ClientState {
  AwaitGreeting, AwaitEhlo, AwaitHelo, AwaitMail, AwaitRcpt, AwaitData, AwaitDataEnd, AwaitQuit, Done
};

class Client {
 public:
  explicit Client(ClientJob job);

  // Bytes from the server; returns the bytes to send. Falls back from EHLO to HELO on 5xx (§4.1.4
  // says servers that do not know EHLO answer 500/502); uses SIZE, 8BITMIME and PIPELINING when the
  // EHLO reply offers them (with PIPELINING: MAIL and all RCPTs and DATA in one write, RFC 2920).
  std::string feed(std::string_view bytes);
  // The connection closed (or reset) before the dialog ended: every recipient not yet decided
  // becomes TempFailed with a synthetic "421 4.4.2 connection lost" reply.
  void connection_lost();

  bool done() const { return state_ == ClientState::Done; }
  ClientState state() const { return state_; }
  const std::vector<RecipientResult>& recipients() const { return results_; }
  // The reply that ended the transaction early (greeting, EHLO/HELO, MAIL or DATA failure), if any.
  const Reply& session_error() const { return session_error_; }

 private:
  // implementation detail, free for the implementer to change
  ClientJob job_;
  proto::LineReader reader_;
  ReplyParser parser_;
  ClientState state_ = ClientState::AwaitGreeting;
  std::vector<RecipientResult> results_;
  Reply session_error_;
};

}  // namespace mailsim::smtp
