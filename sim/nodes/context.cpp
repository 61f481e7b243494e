#include "sim/nodes/context.hpp"

#include <cstdio>

namespace mailsim::nodes {

std::string Context::new_queue_id() {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%010llX", static_cast<unsigned long long>(rng.next() & 0xFFFFFFFFFFULL));
  return buf;
}

std::string Context::new_nonce() {
  const std::uint64_t a = rng.below(100000), b = rng.below(1000000000);
  return std::to_string(a) + "." + std::to_string(b);
}

void Context::note(const std::string& host, const std::string& text, const std::string& message) {
  trace::Event e;
  e.time = now();
  e.host = host;
  e.data = trace::data::Note{text};
  e.message = message;
  trace.add(std::move(e));
}

}  // namespace mailsim::nodes
