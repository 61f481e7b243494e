#pragma once
// Which of an IMAP client's bytes are a message's content, read from outside the client: the
// literals of an APPEND (RFC 3501 §6.3.11; each is a whole message, MULTIAPPEND's too). The served
// bridge forwards a real client's bytes, and without this every one of them was traced as a command
// (a Sent copy that Thunderbird saves shown as "C: Subject: ..." lines with a keyword read from each
// first word). Other literals (a password in LOGIN's {n}, a SEARCH string) are a command's arguments.
//
// It cuts the client's bytes as the server's framing does (server.cpp, framing.hpp): a command line
// that ends in a literal marker "{n}" or "{n+}" outside a quoted string, after a valid tag, is
// followed by n raw bytes, after which the command goes on with another line. A
// synchronizing literal's bytes are sent after the server's "+" continuation, a LITERAL+ one
// (RFC 7888) at once. A tagged reply to the command before its "+" (NO [TOOBIG], BAD) refuses the
// literal: the client sends no bytes for it, and its next line is a new command; after a refused
// LITERAL+ one the server drops the bytes and what remains of the command (further LITERAL+ ones
// included). A line past the server's limit is cut, marker and all. The lines of IDLE and
// AUTHENTICATE, up to their tagged reply, are no commands. (A client that sends a synchronizing
// literal's bytes before any answer has them read as the literal here, as the server reads them
// unless it refuses.)
// Feed both directions in the order they were sent.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

class ClientLiterals {
 public:
  struct Part {
    std::string_view bytes;  // a view into what from_client was given
    bool content = false;    // a message's bytes (else a command's)
  };
  explicit ClientLiterals(std::size_t max_line = 8192) : max_line_(max_line) {}  // the server's max_line
  // The server's bytes on their way to the client: its "+" and its tagged replies.
  void from_server(std::string_view bytes);
  // The client's bytes, in order, as runs of commands and of content.
  std::vector<Part> from_client(std::string_view bytes);
  bool in_literal() const { return literal_left_ > 0; }

 private:
  void line_end();
  void server_line(std::string_view head);
  std::size_t max_line_;
  // The line the client is sending: its first bytes (the tag and the command's name), its last
  // bytes (where a marker would be), whether a quoted string is open, and its length.
  std::string head_, tail_;
  bool quoted_ = false, escaped_ = false;
  std::size_t line_len_ = 0;
  // The command those lines belong to: its tag, whether it is an APPEND, whether its line goes on
  // after a literal (then the line is no new command), and whether the server refused it.
  std::string tag_;
  bool append_ = false, continued_ = false, refused_ = false;
  std::uint64_t literal_left_ = 0;  // raw bytes of a literal still to come
  bool awaiting_sync_ = false;      // ... a synchronizing one, before the server's "+" (or refusal)
  std::string mode_tag_;            // an IDLE or AUTHENTICATE whose lines these are, until its reply
  // The server's line being read: its start (enough for "+" or "TAG ").
  std::string server_head_;
  bool server_line_open_ = false;
};

}  // namespace mailsim::imap
