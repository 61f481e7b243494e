#pragma once
// Splits a byte stream into CRLF-terminated lines with a hard length limit, for every text protocol
// here (SMTP, POP3, IMAP). Memory stays bounded whatever a peer sends: a line that passes the limit
// is reported once as too long and its remaining bytes are discarded up to the next LF.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::proto {

struct Line {
  std::string text;       // without the line ending
  bool too_long = false;  // the line passed the limit; `text` holds only its first bytes
  bool bare_lf = false;   // ended by LF alone, not CRLF
  // The line before this one ended in CRLF (true for the first line). Known even when that line was
  // too long and discarded, so "<CRLF>.<CRLF>" can be told from "<LF>.<CRLF>" (SMTP smuggling).
  bool follows_crlf = true;
};

class LineReader {
 public:
  // `limit` counts the line's bytes including its CRLF, as RFC 5321 §4.5.3.1 counts them.
  explicit LineReader(std::size_t limit) : limit_(limit) {}

  void feed(std::string_view bytes) { pending_.append(bytes); }
  // The next complete line, or nullopt when more bytes are needed.
  std::optional<Line> next();
  // Takes up to n raw bytes (for literals and other counted data); fewer when not yet arrived.
  std::string take_raw(std::size_t n);
  std::size_t buffered() const { return pending_.size() - pos_; }
  void set_limit(std::size_t limit) { limit_ = limit; }
  std::size_t limit() const { return limit_; }

 private:
  void compact();

  std::size_t limit_;
  std::string pending_;
  std::size_t pos_ = 0;
  bool discarding_ = false;  // inside an over-long line, dropping bytes until LF
  bool last_crlf_ = true;    // the last line consumed (reported or discarded) ended in CRLF
  bool last_byte_cr_ = false;  // discarding: the last byte dropped so far was CR
};

// ASCII helpers the protocols share.
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);

}  // namespace mailsim::proto
