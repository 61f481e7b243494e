// The TLS engine (sim/proto/tls/engine.hpp) under a fuzzed peer: a server fed what a client sends,
// or a client, its ClientHello sent, fed what a server sends. OpenSSL parses; this checks that the
// engine around it keeps its promises whatever arrives.
//
// Input: the first byte holds the options, the rest is the peer's bytes. TLS records hold 0xFF
// octets, so this target does not cut at 0xFF (docs/fuzzing.md): bits 3-7 of the option byte give
// the size of the pieces the rest is fed in (0: all at once; n: n*n octets).
//   bit 0: we are the client (else the server)      bit 1: TLS 1.2 at most (else 1.3)
//   bit 2: the client requires a verified certificate
// One seeded library context serves every run (making one per run would cost milliseconds), so the
// engine's own random numbers differ between runs; a peer cannot predict them anyway.
//
// Checked beyond "no crash":
//   - everything the engine gives to send is whole TLS records (no torn header, nothing left over);
//   - no plaintext before the handshake is done, and never more plaintext than ciphertext read;
//   - buffered() within one feed slice and one record, messages() within its bound;
//   - nothing is read or sent once the engine failed or the peer closed, and failure() says why;
//   - a bounded number of octets sent per octet read.
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/crypto/library.hpp"
#include "sim/proto/tls/authority.hpp"
#include "sim/proto/tls/engine.hpp"
#include "sim/proto/tls/records.hpp"

using namespace mailsim;
using namespace mailsim::tls;
using mailsim::fuzz::visible;

namespace {

constexpr std::int64_t kEpoch = 1762160400;

struct Contexts {
  std::shared_ptr<const Context> server[2];
  std::shared_ptr<const Context> client[2];
};

const Contexts& contexts() {
  static const Contexts c = [] {
    auto lib = crypto::Library::seeded("fuzz tls engine");
    const LessonPki pki(1, kEpoch);
    Contexts out;
    for (int v = 0; v < 2; ++v) {
      ContextConfig s;
      s.role = Role::Server;
      s.max_version = v ? Version::Tls12 : Version::Tls13;
      s.credentials = pki.server("mx.school.example");
      out.server[v] = *Context::make(lib, s).value;
      ContextConfig cl;
      cl.role = Role::Client;
      cl.max_version = s.max_version;
      cl.trusted = {pki.ca().certificate()};
      out.client[v] = *Context::make(lib, cl).value;
    }
    return out;
  }();
  return c;
}

void check_records(std::string_view out, const char* what) {
  const Split split = split_records(out);
  FUZZ_CHECK(!split.malformed && split.rest == 0, std::string(what) + " is not whole records: " + visible(out, 64));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t options = data[0];
  const bool client = options & 1;
  const int v = (options >> 1) & 1;
  const std::size_t side = static_cast<std::size_t>(options >> 3);
  const std::size_t piece = side * side;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  EngineOptions eo;
  eo.server_name = client ? "mx.school.example" : "";
  eo.now = kEpoch + 60;
  eo.require_verified = options & 4;
  Engine engine(client ? contexts().client[v] : contexts().server[v], eo);
  std::size_t sent = 0;
  const std::string hello = engine.start();
  if (client) {
    FUZZ_CHECK(!hello.empty(), "a client starts with its ClientHello");
    check_records(hello, "the ClientHello");
  } else {
    FUZZ_CHECK(hello.empty(), "a server speaks first");
  }

  std::size_t read = 0;
  std::size_t plaintext = 0;
  for (std::size_t pos = 0; pos < input.size();) {
    const std::size_t n = piece == 0 ? input.size() : std::min(piece, input.size() - pos);
    const std::string_view bytes = input.substr(pos, n);
    pos += n;
    const bool was_over = engine.state() == Engine::State::Failed || engine.peer_closed();
    const bool was_done = engine.handshake_done();
    Received r = engine.feed_ciphertext(bytes);
    read += n;
    if (was_over) {
      FUZZ_CHECK(r.plaintext.empty() && r.to_peer.empty(), "the engine went on after its end");
    }
    check_records(r.to_peer, "to_peer");
    sent += r.to_peer.size();
    plaintext += r.plaintext.size();
    if (!r.plaintext.empty()) FUZZ_CHECK(was_done || engine.handshake_done(), "plaintext before the handshake");
    FUZZ_CHECK(plaintext <= read, "more plaintext than ciphertext");
    FUZZ_CHECK(engine.buffered() <= 16 * 1024 + kRecordHeader + kMaxFragment, std::to_string(engine.buffered()));
    FUZZ_CHECK(engine.messages().size() <= 64, std::to_string(engine.messages().size()));
    FUZZ_CHECK(sent <= 16384 + 8 * read, "sent " + std::to_string(sent) + " for " + std::to_string(read));
    if (engine.state() == Engine::State::Failed) {
      FUZZ_CHECK(engine.failure().kind != Failure::Kind::None, "a failure without a kind");
      FUZZ_CHECK(!engine.failure().text().empty(), "a failure without words");
    }
  }
  // Whatever state it is in, these stay safe: a write and the close produce whole records or nothing.
  check_records(engine.write_plaintext("QUIT\r\n"), "a write");
  check_records(engine.close(), "close_notify");
  return 0;
}
