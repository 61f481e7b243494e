#pragma once
// Which of an SMTP client's bytes are a message's content, read from outside the client: for a
// real client, whose bytes the served bridge forwards and whose lines inside TLS the server traces.
// A simulated client knows when it sends the message and says so (the trace's Payload::Content);
// without this every real client's line was traced as a command (a message's lines with a
// "keyword" read from their first word).
//
// The lines after the client's DATA, up to and including the lone "." that ends them (RFC 5321
// §4.1.1.4), are content, and the server's replies confirm or undo it:
//  - after DATA, before its reply: content, as the server will read it if it answers 354. A careful
//    client waits for the 354 (RFC 2920 §3.1: DATA ends a pipelined group), but one typed by hand
//    through `openssl s_client` or pasted into `nc` sends the message at once, and the server,
//    having said 354, reads it as content all the same;
//  - a 4xx/5xx reply before the 354 (a recipient refused, DATA refused) ends it: the server reads
//    what follows as commands. A 250 to a pipelined MAIL or RCPT does not;
//  - after the 354 any reply line ends it: the server answers nothing while it reads content, so
//    it took a bare-LF "." as the end, or gave up;
//  - a 354 that comes without a DATA seen (spelt "DATA " with more after it, say) starts it too,
//    unless it is the late answer to a DATA whose content is already over.
// Feed both directions in the order they were sent.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::smtp {

class ClientContent {
 public:
  struct Part {
    std::string_view bytes;  // a view into what from_client was given
    bool content = false;    // a message's lines (else commands)
  };
  // The server's bytes on their way to the client.
  void from_server(std::string_view bytes);
  // The client's bytes, in order, as runs of commands and of content.
  std::vector<Part> from_client(std::string_view bytes);
  bool in_content() const { return state_ != State::Commands; }

 private:
  enum class State { Commands, Sent, Accepted };  // Sent: DATA sent, no 354 yet; Accepted: after it
  void reply_line_starts(std::string_view head);
  State state_ = State::Commands;
  bool late_354_ = false;         // the content of a DATA ended before its 354 came
  // The start of the line each side has not ended yet (the server's first 4 bytes, "354 "; the
  // client's first 8, enough for "DATA" with spaces and CRLF, or ".\r\n"), and how long the
  // client's is.
  std::string server_head_;
  bool server_line_open_ = false;
  std::string client_head_;
  std::size_t client_len_ = 0;
};

}  // namespace mailsim::smtp
