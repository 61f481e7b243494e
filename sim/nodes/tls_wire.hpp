#pragma once
// What a TLS layer's step puts on the wire and in the trace (docs/tls.md, "Wiring"): before TLS
// the machine's lines as ever; once TLS is on, the records cut one per packet and named from the
// engine's own messages, with the plaintext they carry as lines marked tls; and, from the client's
// side, one `tls` event where the handshake ended.
#include <cstddef>
#include <string_view>

#include "sim/net/network.hpp"
#include "sim/nodes/context.hpp"
#include "sim/proto/tls/engine.hpp"
#include "sim/proto/tls/records.hpp"
#include "sim/proto/tls/starttls.hpp"
#include "sim/trace/event.hpp"

namespace mailsim::nodes {

// One side of one connection: how much of its engine's story is told already.
struct TlsWire {
  std::size_t messages_told = 0;  // engine->messages() already named on records
  bool ccs_sent = false;          // a ChangeCipherSpec went out: what follows is protected
};

// Record `v` of `wire` as the trace shows it: its bytes, type and whether it is protected (TLS 1.3:
// application_data; TLS 1.2: whatever follows a ChangeCipherSpec, which `ccs_seen` remembers for
// the connection's side). No messages named: the caller knows them.
trace::data::TlsRecord trace_record(std::string_view wire, const tls::RecordView& v, bool& ccs_seen);

// Sends step `s` on `ep`: plain bytes as `payload` lines, or TLS records and the lines inside them.
void send_step(const net::Endpoint& ep, const tls::Step& s, const tls::Engine* engine, TlsWire& wire,
               trace::Payload payload);
// The same, with the lines inside TLS told in `inside`'s parts (the step's plaintext_out, split by
// what each part is); plain bytes go as one `payload` send.
void send_step(const net::Endpoint& ep, const tls::Step& s, const tls::Engine* engine, TlsWire& wire,
               trace::Payload payload, const trace::Pieces& inside);

// The handshake's end as the client saw it: version, cipher, chain, verification, or the failure.
trace::data::Tls handshake_summary(const tls::Engine& engine);
// Adds that summary to the trace for connection `ep` (host = the client).
void trace_handshake(Context& ctx, const net::Endpoint& ep, const tls::Engine& engine);

}  // namespace mailsim::nodes
