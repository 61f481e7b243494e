#pragma once
// What a listener on a wire learns from the packets it sees, decoded the way dsniff or Wireshark's
// credential view decodes them: SMTP AUTH PLAIN and LOGIN (base64 is no protection), POP3 USER/PASS,
// IMAP LOGIN and AUTHENTICATE, and the text of every message sent with DATA or read with RETR, TOP
// or an IMAP FETCH. CRAM-MD5, SCRAM-SHA-256 and APOP give it the user name and a one-time answer to
// the server's challenge: nothing it could log in with, since the password never crosses the wire.
// After STARTTLS, or once bytes are not text, the stream is unreadable and only its size is known.
//
// Sans-I/O: the caller feeds each connection's bytes in the order they crossed the wire and ends
// the connection when its FIN or RST crosses; captures come back as values. Memory stays bounded
// whatever the peers send: lines are cut at kMaxLine, a message's text at kMaxBodyLines lines, and
// at most kMaxStreams connections are followed at once (the oldest is dropped).
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::sniff {

// The protocol a port speaks, as a sniffer guesses it from the server port (dsniff's table).
enum class Protocol { Smtp, Pop3, Imap, Other };
Protocol protocol_of_port(std::uint16_t server_port);  // 25, 465, 587 -> Smtp; 110 -> Pop3; 143 -> Imap
// 465 (SMTPS), 993 (IMAPS), 995 (POP3S): TLS from the first byte (RFC 8314), never readable.
bool implicit_tls_port(std::uint16_t server_port);
const char* to_string(Protocol p);                       // "smtp", "pop3", "imap", "other"

struct Capture {
  enum class What {
    Credential,         // a user name and the password itself
    ChallengeResponse,  // a user name and a one-time answer: nothing reusable
    MailText,           // a message's text, sent (DATA) or read (RETR, TOP, FETCH)
    Unreadable,         // bytes that are not text (TLS), in one direction
  };
  What what = What::Credential;
  Protocol protocol = Protocol::Other;
  bool from_client = true;    // which way the bytes went
  // Credential, ChallengeResponse: how the user logged in ("AUTH PLAIN", "AUTH LOGIN",
  // "AUTH CRAM-MD5", "AUTH SCRAM-SHA-256", "USER/PASS", "APOP", "LOGIN", "AUTHENTICATE PLAIN").
  std::string method;
  std::string user;
  std::string password;       // Credential only
  // MailText: the header fields a reader looks at first, unfolded, and the body's lines.
  std::string from, to, subject;
  std::vector<std::string> body;
  std::size_t lines_left_out = 0;  // body lines past kMaxBodyLines
  std::size_t bytes = 0;      // Unreadable: how many bytes; MailText: the message's size
  bool tls = false;           // Unreadable: the server accepted STARTTLS (STLS) before: TLS records
  // Unreadable: the first kSampleBytes of those bytes as they crossed, which a listener can show
  // (in hex, as Wireshark does: a TLS record's header 16 03 03 ... and then noise).
  std::string sample;
};
const char* to_string(Capture::What w);  // "credential", "challenge_response", "mail_text", "unreadable"

inline constexpr std::size_t kMaxLine = 8192;
inline constexpr std::size_t kSampleBytes = 24;
inline constexpr std::size_t kMaxBodyLines = 40;
inline constexpr std::size_t kMaxStreams = 256;

class Sniffer {
 public:
  Sniffer();
  ~Sniffer();
  Sniffer(Sniffer&&) noexcept;
  Sniffer& operator=(Sniffer&&) noexcept;

  // Bytes of connection `conn` (to `server_port`) that crossed the wire, client to server or back.
  std::vector<Capture> feed(std::uint64_t conn, std::uint16_t server_port, bool from_client, std::string_view bytes);
  // The connection's FIN or RST crossed: what was pending (a run of unreadable bytes) comes out.
  std::vector<Capture> end(std::uint64_t conn);
  std::size_t streams() const { return streams_.size(); }

  struct Stream;

 private:
  std::map<std::uint64_t, std::unique_ptr<Stream>> streams_;
  std::vector<std::uint64_t> order_;  // connection ids, oldest first
};

}  // namespace mailsim::sniff
