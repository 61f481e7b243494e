#pragma once
// Test support: a sans-I/O DNS machine run against a zone over the wire format.
#include <set>
#include <string>
#include <vector>

#include "sim/proto/dns/zone.hpp"

namespace dmarc_test {

inline mailsim::dns::Record txt(std::string name, std::string text) {
  mailsim::dns::Record r;
  r.name = std::move(name);
  r.type = mailsim::dns::Type::TXT;
  r.data = std::move(text);
  return r;
}

// Answers every query of `m` from `zone` (names in `silent`: a timeout); returns the summaries.
template <class Machine>
std::vector<std::string> run(Machine& m, const mailsim::dns::ZoneSet& zone, const std::set<std::string>& silent = {}) {
  std::vector<std::string> asked;
  for (int guard = 0; guard < 16; ++guard) {
    auto q = m.next_query();
    if (!q) break;
    asked.push_back(q->summary());
    auto wire = mailsim::dns::Message::decode(q->encode());
    if (!wire || silent.count(q->questions.front().name)) {
      m.on_timeout();
      continue;
    }
    auto answer = mailsim::dns::Message::decode(zone.answer(*wire).encode());
    if (answer) m.on_response(*answer);
  }
  return asked;
}

}  // namespace dmarc_test
