// STARTTLS stripping (sim/proto/smtp/strip_starttls): the attacker's rewriting reads whatever either
// peer sends. The first byte picks the direction (bit 0) and the mode (bit 1); the rest is the chunk.
//
// Checked beyond "no crash":
//   - nothing changed: the bytes pass as they are;
//   - rewrite keeps the length (the TCP sequence numbers must still match); drop only removes;
//   - every change names a line that was in the chunk, and one it became (or that it was dropped).
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/proto/smtp/strip_starttls.hpp"

using namespace mailsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool from_client = data[0] & 1;
  const auto mode = (data[0] & 2) ? smtp::StripMode::Drop : smtp::StripMode::Rewrite;
  const std::string_view chunk(reinterpret_cast<const char*>(data + 1), size - 1);
  const smtp::Stripped s = smtp::strip_starttls(chunk, from_client, mode);
  if (s.changes.empty() && s.bytes != chunk) __builtin_trap();
  if (mode == smtp::StripMode::Rewrite && s.bytes.size() != chunk.size()) __builtin_trap();
  if (s.bytes.size() > chunk.size()) __builtin_trap();
  for (const auto& c : s.changes) {
    if (c.before.empty() || chunk.find(c.before) == std::string_view::npos) __builtin_trap();
    if (c.dropped != c.after.empty()) __builtin_trap();
  }
  return 0;
}
