#pragma once
// The eavesdropper (role "eavesdropper"): someone on the wire between two hosts, as a hub, a
// mirrored switch port or a shared Wi-Fi gives them. It taps one link (the scenario's `tap`), sees
// every packet that crosses it either way and decodes what a sniffer decodes (sim/proto/sniff);
// each thing it learns is a `captured` trace event. It sends nothing; while its host is down it
// hears nothing. With `strip_starttls` it is an active man in the middle besides: it changes the
// plain SMTP bytes that cross its link so that STARTTLS is never started (smtp::strip_starttls, a
// downgrade attack), each change a `tampered` trace event; it still adds no bytes of its own.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "sim/nodes/context.hpp"
#include "sim/nodes/node.hpp"
#include "sim/proto/sniff/sniffer.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class Eavesdropper : public Node {
 public:
  Eavesdropper(Context& ctx, scenario::Host config);
  Eavesdropper(const Eavesdropper&) = delete;
  Eavesdropper& operator=(const Eavesdropper&) = delete;
  ~Eavesdropper();
  const scenario::Host& config() const { return config_; }
  const std::string& host() const override { return config_.name; }

 private:
  void seen(const net::Tapped& t);
  std::optional<net::Tampering> strip(const net::Chunk& chunk) const;
  void record(const trace::Event& packet, const sniff::Capture& c);

  Context& ctx_;
  scenario::Host config_;
  sniff::Sniffer sniffer_;
  std::size_t tap_ = 0;
  std::size_t tamper_ = 0;  // 0: only listens
  // Connections whose first FIN (or RST) crossed, newest last, at most sniff::kMaxStreams: what still
  // crosses after it (the other side's TLS close_notify and FIN) is the end of a stream already told.
  std::deque<std::uint64_t> ended_;
};

// The transcript's words for what was captured: "AUTH PLAIN user=alice password=correct-horse".
std::string capture_words(const sniff::Capture& c);

}  // namespace mailsim::nodes
