// RFC 5322 address parsing (§3.4) of a fuzzed header value (From, To, Cc of a downloaded message) and
// addr-spec parsing of a fuzzed path. Checked beyond "no crash": every mailbox found has a local
// part and a lower-case domain, and its address() parses back (as an addr-spec) to the same local
// part and domain; the same holds for what parse_addr_spec accepts.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/message/message.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

void check_mailbox(const message::Mailbox& mb, std::string_view input) {
  const std::string context = "\n  from: " + visible(input);
  FUZZ_CHECK(!mb.local_part.empty(), "mailbox with an empty local part" + context);
  FUZZ_CHECK(!mb.domain.empty(), "mailbox with an empty domain" + context);
  for (const char c : mb.domain) FUZZ_CHECK(c < 'A' || c > 'Z', "domain not lower-cased: " + visible(mb.domain) + context);
  const std::optional<message::Mailbox> back = message::parse_addr_spec(mb.address());
  FUZZ_CHECK(back.has_value(), "address() does not parse back: " + visible(mb.address()) + context);
  FUZZ_CHECK(back->local_part == mb.local_part && back->domain == mb.domain,
             "address() parses back differently: " + visible(mb.address()) + " -> " + visible(back->address()) + context);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const message::Mailbox& mb : message::parse_address_list(text)) check_mailbox(mb, text);
  if (const std::optional<message::Mailbox> mb = message::parse_addr_spec(text)) check_mailbox(*mb, text);
  return 0;
}
