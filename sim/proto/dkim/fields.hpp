#pragma once
// A message's header fields as written, byte for byte, for hashing: the RFC 5322 parser in
// sim/proto/message re-serializes what it reads, which a "simple" signature does not survive.
#include <string_view>
#include <vector>

namespace mailsim::dkim {

struct RawField {
  std::string_view name;  // as written, WSP before the colon removed
  std::string_view raw;   // the whole field: name, colon, value, continuation lines, final CRLF
};

struct RawMessage {
  std::vector<RawField> fields;  // top to bottom
  std::string_view body;         // after the empty line that ends the header
};

// Views into `message`, which must outlive the result. Lines end in CRLF (a bare LF is accepted
// as a line end too); a line starting with WSP continues the field above; a line that is neither
// a field nor a continuation ends the header without an empty line and starts the body, as
// message::Message::parse reads it.
RawMessage split_message(std::string_view message);

}  // namespace mailsim::dkim
