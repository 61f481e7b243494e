#pragma once
// Which of an SMTP client's bytes are a message's content, read from outside the client: for a
// real client, whose bytes the served bridge forwards and whose lines inside TLS the server traces.
// A simulated client knows when it sends the message and says so (the trace's Payload::Content);
// without this every real client's line was traced as a command (a message's lines with a
// "keyword" read from their first word).
//
// It follows the dialog as the server reads it. Each command line gets one reply, in order (a
// multi-line reply counts once, at its last line; the greeting answers the connection), so the
// reply to DATA is known even when MAIL, RCPT and DATA are pipelined:
//  - after DATA, before its reply: content, as the server will read it if it answers 354. A careful
//    client waits for the 354 (RFC 2920 §3.1: DATA ends a pipelined group), but one typed by hand
//    through `openssl s_client` or pasted into `nc` sends the message at once, and the server,
//    having said 354, reads it as content all the same. If it refuses DATA instead, those lines were
//    commands to it (each gets a reply), and what follows is commands;
//  - after the 354: content up to the "." line that ends it as the server's smtpd_forbid_bare_newline
//    says (sim/proto/smtp/bare_newline.hpp: by default only <CRLF>.<CRLF>, so a bare-LF "." or an
//    SMTP smuggling attempt stays content, as the server reads it). Any reply while in content
//    ends it: the server answers nothing while it reads content, so it saw an end, or gave up.
// Feed both directions in the order they were sent.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/smtp/bare_newline.hpp"
#include "sim/proto/smtp/server.hpp"

namespace mailsim::smtp {

class ClientContent {
 public:
  struct Options {
    bool greeting = true;  // the server greets first on this channel (not inside STARTTLS's TLS)
    BareNewline bare_newline = BareNewline::Normal;  // the server's smtpd_forbid_bare_newline
    // The server's command line limit: it answers a longer line before the line has ended.
    std::size_t max_command_line = 512;
    // What a server with this configuration reads as the end of data and answers early.
    static Options of(const ServerConfig& server, bool greeting);
  };
  struct Part {
    std::string_view bytes;  // a view into what from_client was given
    bool content = false;    // a message's lines (else commands)
  };
  ClientContent() : ClientContent(Options{}) {}
  explicit ClientContent(Options o);
  // The server's bytes on their way to the client.
  void from_server(std::string_view bytes);
  // The client's bytes, in order, as runs of commands and of content.
  std::vector<Part> from_client(std::string_view bytes);
  // Whether the client's next line is content (as far as the replies so far tell).
  bool in_content() const { return content_; }

 private:
  // What each line the client sent waits for, in order (the greeting first): one reply; DATA's
  // reply, which says whether content follows; or, for a line sent after a DATA not yet answered,
  // a reply only if that DATA is refused (then it was a command).
  // And what the line would be, read again once a reply shows the server read it otherwise (a
  // refused DATA, a DATA not recognised as one): a DATA, or a lone "." that ends content.
  enum class Kind : std::uint8_t { Reply, Data, IfRefused };
  struct Due {
    Kind kind;
    bool data_line = false, end_line = false;
  };
  void reply(std::string_view head);
  void client_line(bool crlf);
  Options o_;
  std::deque<Due> due_;
  bool content_ = false;          // the client's lines are content now (its DATA sent, no end yet)
  bool accepted_ = false;         // ... and the server said 354 to that DATA
  bool last_crlf_ = true;         // the client's previous line ended in CRLF
  // The start of the line each side has not ended yet (the server's first 4 bytes, "354 "; the
  // client's first 16, enough for "DATA" with spaces and CRLF, or ".\r\n"), and how long the
  // client's is.
  std::string server_head_;
  bool server_line_open_ = false;
  std::string client_head_;
  std::size_t client_len_ = 0;
  bool client_cr_ = false;        // the client's line so far ends in CR
  bool client_due_ = false;       // ... and is too long: its reply is already due
};

}  // namespace mailsim::smtp
