// RFC 5322 message parsing of fuzzed bytes (what an SMTP server accepts, a POP3 or IMAP client
// downloads). Checked beyond "no crash":
//   - parse -> serialize -> parse gives the same fields and body, and serializing again the same bytes;
//   - the serialized form has CRLF line endings only (no bare LF);
//   - get() of any field name the message has finds it, unfolded (no CRLF or LF before WSP left);
//   - fold() of a header value without line breaks unfolds back to that value byte for byte.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/message/message.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const message::Message m = message::Message::parse(raw);
  const std::string wire = m.serialize();
  for (std::size_t i = 0; i < wire.size(); ++i)
    if (wire[i] == '\n') FUZZ_CHECK(i > 0 && wire[i - 1] == '\r', "bare LF in the serialized message: " + visible(wire));
  const message::Message again = message::Message::parse(wire);
  FUZZ_CHECK(again == m, "parse -> serialize -> parse changed the message: " + visible(raw) + "\n  became " + visible(wire));
  FUZZ_CHECK(again.serialize() == wire, "serializing twice differs: " + visible(wire));

  for (const message::HeaderField& h : m.headers()) {
    const std::optional<std::string> value = m.get(h.name);
    FUZZ_CHECK(value.has_value(), "get(\"" + visible(h.name) + "\") finds nothing");
    for (std::size_t i = 0; i + 1 < value->size(); ++i)
      FUZZ_CHECK(!((*value)[i] == '\n' && ((*value)[i + 1] == ' ' || (*value)[i + 1] == '\t')),
                 "get() left a fold: " + visible(*value));
    if (h.value.find_first_of("\r\n") == std::string::npos) {
      const std::string folded = message::fold(h.name, h.value);
      FUZZ_CHECK(message::unfold(folded) == h.value, "fold() does not unfold to the value: " + visible(h.value) +
                                                         "\n  folded: " + visible(folded));
    }
  }
  return 0;
}
