#pragma once
// POP3 server protocol machine (RFC 1939, CAPA and response codes from RFC 2449), sans-I/O: the
// client's bytes in, the server's bytes out. It reads and changes a MailStore; no sockets, no clock.
//
// Theory of operation: every state change goes through the transition table of states.hpp; the
// commands, with their keywords, handlers and CAPA tags, are listed once in commands.hpp; this file
// applies both, checks arguments and words the replies. The session works on a Maildrop, a snapshot of
// the INBOX taken when it enters TRANSACTION; the store changes only in UPDATE, after QUIT.
//
// Replies, as this server words them (hostname "pop.example"):
//   greeting   +OK pop.example POP3 server ready
//   USER       +OK send PASS
//   PASS       +OK maildrop has 2 messages (320 octets)
//              -ERR [AUTH] Authentication failed.          (wrong password and unknown user alike)
//              -ERR [IN-USE] Mailbox is locked by another POP3 session
//   STAT       +OK 2 320
//   LIST       +OK 2 messages (320 octets) / "1 120" ... "."      LIST 1   +OK 1 120
//   UIDL       +OK unique-id listing follows / "1 7.1" ... "."     UIDL 1   +OK 1 7.1
//   RETR 1     +OK 120 octets / the byte-stuffed message / "."
//   TOP 1 0    +OK top of message follows / headers, blank line, k body lines / "."
//   DELE 1     +OK message 1 deleted        again: -ERR message 1 already deleted
//   RSET       +OK maildrop has 2 messages (320 octets)
//   NOOP       +OK
//   CAPA       +OK Capability list follows / USER TOP UIDL RESP-CODES PIPELINING / "."
//   QUIT       +OK pop.example POP3 server signing off (1 message left | maildrop empty)
//   errors     -ERR no such message, -ERR invalid argument, -ERR missing argument,
//              -ERR too many arguments, -ERR send USER first, -ERR Unknown command,
//              -ERR command not valid in AUTHORIZATION state (or TRANSACTION),
//              -ERR line too long, -ERR too many errors (then closes)
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/common/diagram.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/pop3/commands.hpp"
#include "sim/proto/pop3/maildrop.hpp"
#include "sim/proto/pop3/response.hpp"
#include "sim/proto/pop3/states.hpp"

namespace mailsim::pop3 {

struct ServerConfig {
  std::string hostname = "localhost";  // in the greeting and the QUIT reply
  std::size_t max_line = 512;          // command line, counting CRLF (RFC 2449 §4 allows 255; we are lenient)
  std::size_t max_errors = 10;         // bad commands before "-ERR too many errors" and close
};

class Server {
 public:
  Server(ServerConfig config, mailstore::MailStore& store);
  // A session that ends without QUIT or connection_lost() (the node dropped it) still frees the lock.
  ~Server();
  Server(Server&& other) noexcept;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  Server& operator=(Server&&) = delete;

  // The greeting.
  std::string start();
  // Bytes from the client; returns the replies to every complete command line in them (clients may
  // pipeline, RFC 2449 §6.6). Bytes after the session closed are ignored.
  std::string feed(std::string_view bytes);
  // The connection closed or was reset: releases the maildrop lock and deletes nothing (RFC 1939 §6:
  // without QUIT the server does not enter UPDATE).
  void connection_lost();

  // Something happened for which the transition table has no row (a defect of the table): the
  // session closed. Tests and fuzz targets check it stays false.
  bool table_miss() const { return table_miss_; }
  // Every row the machine takes is reported here (for the trace, and the app's state diagram).
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }
  // True once the server has answered QUIT or given up: the node closes the connection after sending.
  bool closed() const { return state_ == State::Closed; }
  State state() const { return state_; }
  // The user name given with USER (the authenticated user once in TRANSACTION).
  const std::string& user() const { return user_; }
  const Maildrop& maildrop() const { return maildrop_; }
  // Bytes received that are not yet a complete line: at most max_line while open.
  std::size_t buffered() const { return reader_.buffered(); }

 private:
  friend const std::vector<ServerCommand>& server_commands();
  using Reply = Response;
  static Reply ok(std::string text, std::string body = {});
  static Reply err(std::string text, bool bad = false);

  void on_line(const proto::Line& line, std::string& out);
  // Handlers, one per command of server_commands().
  Reply on_user(std::string_view args);
  Reply on_pass(std::string_view args);
  Reply on_quit(std::string_view args);
  Reply on_stat(std::string_view args);
  Reply on_list(std::string_view args);
  Reply on_uidl(std::string_view args);
  Reply on_retr(std::string_view args);
  Reply on_dele(std::string_view args);
  Reply on_noop(std::string_view args);
  Reply on_rset(std::string_view args);
  Reply on_top(std::string_view args);
  Reply on_capa(std::string_view args);
  Reply on_other(std::string_view args);
  Reply listing(std::string_view args, bool uidl);
  Reply on_quit_now();
  // The visible message named by a single numeric argument, or the error reply for it.
  const Maildrop::Entry* message_arg(std::string_view arg, std::size_t& n, Reply& error) const;
  // Takes the row of `command` from the current state; a missing row closes (table_miss()).
  const Transition* row_for(Command command);
  void send(const Reply& reply, std::string& out);
  void release_lock();
  std::string maildrop_summary() const;

  ServerConfig config_;
  mailstore::MailStore& store_;
  proto::LineReader reader_;
  State state_ = State::Authorization;
  std::string user_;
  bool have_user_ = false;   // USER accepted, PASS may follow
  bool holds_lock_ = false;
  Maildrop maildrop_;
  std::size_t errors_ = 0;
  bool table_miss_ = false;
  proto::StepObserver observer_;
  // Takes `row` (its success or failure edge) and reports it.
  void move(const Transition& row, bool success);
};

}  // namespace mailsim::pop3
