// The sniffer (sim/proto/sniff): both peers' bytes reach it, since it reads whatever crosses a wire.
// The input is a dialog cut into writes at 0xFF; each write's first byte chooses its side (bit 0:
// client or server), its connection (bits 1-2: one of four) and the port (bits 3-4: 25, 110, 143,
// 587); bit 5 ends the connection after the write.
//
// Checked beyond "no crash":
//   - every string of every capture is valid UTF-8 without control characters but TAB (what the trace
//     and the app show), within the sniffer's limits;
//   - a credential has a method; unreadable and mail text captures have a size;
//   - the sniffer follows at most kMaxStreams connections.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/sniff/sniffer.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

bool shown_text(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    if (n == 1 && ((c < 0x20 && c != '\t') || c == 0x7f)) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

void check(const std::vector<sniff::Capture>& got) {
  for (const sniff::Capture& c : got) {
    for (const std::string* s : {&c.user, &c.password, &c.from, &c.to, &c.subject, &c.method})
      FUZZ_CHECK(shown_text(*s), "a capture's text is not showable: " + visible(*s));
    FUZZ_CHECK(c.body.size() <= sniff::kMaxBodyLines, std::to_string(c.body.size()) + " body lines kept");
    for (const std::string& l : c.body) FUZZ_CHECK(shown_text(l), "a body line is not showable: " + visible(l));
    if (c.what == sniff::Capture::What::Credential) FUZZ_CHECK(!c.method.empty(), "a credential without its method");
    if (c.what == sniff::Capture::What::Unreadable) FUZZ_CHECK(c.bytes > 0, "an unreadable run of no bytes");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static constexpr std::uint16_t kPorts[] = {25, 110, 143, 587};
  sniff::Sniffer s;
  for (std::string_view write : fuzz::split_feeds(input)) {
    if (write.empty()) continue;
    const auto head = static_cast<unsigned char>(write[0]);
    write.remove_prefix(1);
    const std::uint64_t conn = 1 + ((head >> 1) & 3);
    check(s.feed(conn, kPorts[(head >> 3) & 3], (head & 1) != 0, write));
    if (head & 0x20) check(s.end(conn));
    FUZZ_CHECK(s.streams() <= sniff::kMaxStreams, std::to_string(s.streams()) + " streams followed");
  }
  for (std::uint64_t conn = 1; conn <= 4; ++conn) check(s.end(conn));
  FUZZ_CHECK(s.streams() == 0, "streams left after every one ended");
  return 0;
}
