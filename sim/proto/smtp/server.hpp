#pragma once
// SMTP server protocol machine (RFC 5321), sans-I/O: bytes in, bytes out, decisions delegated to
// hooks. No sockets, no clock. The same machine serves virtual sockets in the simulation and real
// TCP sockets when a scenario is served on loopback.
//
// Theory of operation: every state transition lives in server_states.{hpp,cpp} as a table
// (state x command -> next state or a 503); this file applies it and formats replies.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/smtp/envelope.hpp"
#include "sim/proto/smtp/reply.hpp"
#include "sim/proto/smtp/server_states.hpp"

namespace mailsim::smtp {

struct ServerConfig {
  std::string hostname = "localhost";          // in the 220 greeting, EHLO reply, Received
  std::string greeting_text = "ESMTP mailsim";
  std::size_t max_command_line = 512;          // RFC 5321 §4.5.3.1.4, counting CRLF
  std::size_t max_text_line = 1000;            // §4.5.3.1.6, counting CRLF
  std::size_t max_message_size = 10 * 1024 * 1024;  // SIZE (RFC 1870) and the DATA limit
  std::size_t max_recipients = 100;            // §4.5.3.1.8; more get 452 4.5.3
  std::size_t max_errors = 10;                 // bad commands before "421 4.7.0" and close
  bool enhanced_status_codes = true;           // RFC 2034
  bool pipelining = true;                      // RFC 2920
  bool eightbitmime = true;                    // RFC 6152
  // Failure injection: reply to this verb ("MAIL", "RCPT", "DATA" = the reply after end of data,
  // "DATA-CMD" = the 354 step, "EHLO", "CONNECT" = the greeting) with this reply instead.
  std::map<std::string, Reply> forced_replies;
};

// Policy is the node's; the machine asks. Each hook is a pure decision (no I/O); unset hooks accept.
struct ServerHooks {
  // MAIL FROM: return a 250 to accept, anything else is sent as is.
  std::function<Reply(const Envelope& so_far, const std::string& reverse_path)> check_mail_from;
  // RCPT TO: 250 2.1.5 to accept; 550 5.1.1 unknown user; 554 5.7.1 relay denied; ...
  std::function<Reply(const Envelope& so_far, const std::string& forward_path)> check_rcpt;
  // After end of data: the message (dot-unstuffed, CRLF line endings, ending in CRLF). Returns the
  // final reply, e.g. "250 2.0.0 Ok: queued as 4F1A2". Unset: 250 2.0.0 Ok.
  std::function<Reply(const Envelope& envelope, const std::string& data)> accept_message;
};

class Server {
 public:
  Server(ServerConfig config, ServerHooks hooks);

  // The greeting (220, or a forced CONNECT reply; a 554 greeting makes the server wait for QUIT).
  std::string start();
  // Bytes from the client; returns the bytes to send back (possibly several replies, as when the
  // client pipelines).
  std::string feed(std::string_view bytes);
  // True once the server has sent 221 or 421: the node closes the connection after sending.
  bool closed() const { return closed_; }
  ServerState state() const { return state_; }
  const Envelope& envelope() const { return envelope_; }
  // Bytes received that are not yet a complete line: at most one line limit while open.
  std::size_t buffered() const { return reader_.buffered(); }

 private:
  // implementation detail, free for the implementer to change
  void on_line(const proto::Line& line, std::string& out);
  void on_command(const proto::Line& line, std::string& out);
  void on_data_line(const proto::Line& line, std::string& out);
  // Handlers for commands the transition table lets through; each returns the reply to send.
  Reply on_hello(std::string_view arg, bool extended);
  Reply on_mail(std::string_view arg);
  Reply on_rcpt(std::string_view arg);
  Reply on_data(std::string_view arg);
  Reply on_end_of_data();
  Reply on_other(std::string_view verb);
  Reply ehlo_reply() const;
  // The reply forced for `verb` by the scenario (failure injection): nullptr when none.
  const Reply* forced(const std::string& verb) const;
  Reply forced_or(const std::string& verb, Reply normal) const;
  // Moves along `row` (success or failure decided by the reply's class), then sends the reply.
  void answer(const Transition& row, Reply reply, std::string& out);
  // Serializes a reply; counts errors, and closes on 421 or when the error limit is reached.
  void send(Reply reply, std::string& out);
  void enter(ServerState next);

  ServerConfig config_;
  ServerHooks hooks_;
  proto::LineReader reader_;
  ServerState state_ = ServerState::Connected;
  Envelope envelope_;
  std::string data_;               // mail data so far, while it is still acceptable
  std::size_t data_bytes_ = 0;     // size of the mail data, counted even when no longer stored
  bool data_too_big_ = false;      // passed max_message_size: 552 at end of data
  bool data_line_too_long_ = false;  // a line passed max_text_line: 500 at end of data
  bool started_ = false;
  bool closed_ = false;
  std::size_t errors_ = 0;
};

}  // namespace mailsim::smtp
