#pragma once
// The parts of IMAP's syntax (RFC 3501 §4, §7, §9) the IMAP client needs: writing strings into
// commands, cutting the server's byte stream into responses (a response is a line, unless that line
// ends with a literal "{n}": then n raw bytes follow and the response goes on after them), and reading
// the values inside a FETCH response.
//
// Everything is in its own namespace so it cannot collide with the IMAP server's helpers.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::imap::client_syntax {

// Appends `s` as an IMAP astring to a command being built in `parts`: an atom when it is one, else a
// quoted string ("\" and "\"" escaped), else (CR, LF, NUL or 8-bit bytes) a synchronizing literal
// "{n}\r\n": then `parts` gets a new element that starts with the literal's bytes, which the client
// may send only after the server's "+" continuation (§7.5).
void append_astring(std::vector<std::string>& parts, std::string_view s);

// Cuts the server's bytes into complete responses, whatever the split of the reads. Memory stays
// bounded: a line past `max_line` or a literal past `max_literal` makes the stream unusable (error()).
class ResponseReader {
 public:
  ResponseReader(std::size_t max_line, std::size_t max_literal);

  void feed(std::string_view bytes) { lines_.feed(bytes); }
  // The next complete response: its bytes as sent, literals included ("{n}\r\n" and the n bytes),
  // without the final CRLF. Nullopt when more bytes are needed or after an error.
  std::optional<std::string> next();
  const std::string& error() const { return error_; }

 private:
  proto::LineReader lines_;
  std::size_t max_literal_;
  std::size_t max_response_;
  std::string partial_;            // the response so far
  std::size_t literal_left_ = 0;   // bytes of a literal still to come
  std::string error_;
};

// One value in a parenthesized list (§4): an atom (numbers and keys like "BODY[]" included), a string
// (quoted or literal, unescaped), NIL, or a list.
struct Value {
  enum class Kind { Atom, String, Nil, List };
  Kind kind = Kind::Atom;
  std::string text;
  std::vector<Value> items;
};

// Parses the parenthesized list at the start of `s` (a FETCH response's msg-att). Nullopt when it is
// malformed.
std::optional<Value> parse_list(std::string_view s);

// A response, classified (§7). String views point into the raw response passed in.
struct Response {
  enum class Kind { Continuation, Untagged, Tagged };
  Kind kind = Kind::Untagged;
  std::string_view tag;            // Tagged only
  std::optional<std::uint32_t> number;  // "* 3 EXISTS", "* 3 FETCH ..."
  std::string name;                // upper-cased: "OK", "NO", "BAD", "BYE", "PREAUTH", "EXISTS", "FETCH", ...
  std::string code;                // resp-text-code's name, upper-cased: "UIDVALIDITY", "UIDNEXT", ...
  std::string_view code_arg;       // what follows the name inside the brackets: "3857529045"
  std::string_view text;           // everything after `name` and one space
};

// Nullopt when the response does not look like IMAP at all.
std::optional<Response> classify(std::string_view raw);

// A number (§9 "number": digits only, up to 2^32-1).
std::optional<std::uint32_t> parse_number(std::string_view s);

}  // namespace mailsim::imap::client_syntax
