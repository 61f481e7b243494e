#pragma once
// The sniffer's two decoders that every protocol shares (internal to sim/proto/sniff): a SASL
// exchange read from the client's side, and a message's text read line by line.
#include <optional>
#include <string>
#include <string_view>

#include "sim/proto/sniff/sniffer.hpp"

namespace mailsim::sniff::detail {

// One SASL exchange (RFC 4422) as the client's messages cross the wire, each one base64 line
// ("=" for an empty one). What it yields depends on the mechanism: PLAIN and LOGIN the password
// itself, CRAM-MD5 and SCRAM the user name only.
class SaslCapture {
 public:
  // `mechanism` as the client named it; `method` how the capture names the login ("AUTH PLAIN").
  SaslCapture(std::string mechanism, std::string method, Protocol protocol);
  // The client's next message; a capture once the mechanism has given away what it gives.
  std::optional<Capture> response(std::string_view line);

 private:
  std::string mechanism_, method_;
  Protocol protocol_;
  int step_ = 0;
  std::string user_;  // LOGIN: the first message
  bool done_ = false;
};

// A message's text (RFC 5322), one line at a time without its line ending and already unstuffed:
// From, To and Subject (unfolded) and the body's first kMaxBodyLines lines.
class MailText {
 public:
  void line(std::string_view text);
  // Whole text, lines ended by CRLF or LF (an IMAP literal, a POP3 listing already unstuffed).
  void text(std::string_view all);
  Capture finish(Protocol protocol, bool from_client) const;

 private:
  bool in_body_ = false;
  std::string* field_ = nullptr;  // the header field a folded line continues, if it is one we keep
  Capture c_;
};

// `s` as text anyone can be shown: control characters and bytes that are not UTF-8 become
// "<0xNN>" (a decoded PLAIN message may hold anything; a cut line may end inside a character).
std::string visible(std::string_view s);

// Whether `bytes` read as text: UTF-8 without control characters other than TAB, CR and LF.
bool readable(std::string_view bytes);

}  // namespace mailsim::sniff::detail
