#pragma once
// Runs an spf::Evaluator against a dns::ZoneSet, as a DNS server on the virtual network would answer
// it: every query and answer crosses the wire format. Names in `silent` never answer (a timeout).
#include <set>
#include <string>

#include "sim/proto/dns/zone.hpp"
#include "sim/proto/spf/check_host.hpp"

namespace spftest {

using namespace mailsim;

inline dns::Record rr(std::string name, dns::Type type, std::string data, std::uint16_t preference = 0) {
  return dns::Record{std::move(name), type, 300, preference, std::move(data)};
}

inline dns::Address ip(std::string_view text) { return *dns::parse_address(text); }

struct Dns {
  dns::ZoneSet zone;
  std::set<std::string> silent;
  std::size_t queries = 0;

  Dns& add(dns::Record r) {
    zone.add(std::move(r));
    return *this;
  }
  Dns& txt(std::string name, std::string text) { return add(rr(std::move(name), dns::Type::TXT, std::move(text))); }
  Dns& a(std::string name, std::string address) { return add(rr(std::move(name), dns::Type::A, std::move(address))); }

  // Answers until the evaluator is done (or stops asking).
  void serve(spf::Evaluator& e) {
    while (auto q = e.next_query()) {
      ++queries;
      const dns::Message query = *dns::Message::decode(q->encode());
      if (silent.count(query.questions.at(0).name)) {
        e.on_timeout();
        continue;
      }
      e.on_response(*dns::Message::decode(zone.answer(query).encode()));
    }
  }

  spf::Evaluator check(std::string_view client, std::string_view mail_from, std::string_view helo = "mail.example.org",
                       spf::Options options = {}) {
    spf::Evaluator e(spf::Request::mail_from(ip(client), mail_from, helo), std::move(options), 100);
    serve(e);
    return e;
  }
};

inline std::string steps_of(const spf::Evaluator& e) {
  std::string out;
  for (const spf::Step& s : e.steps()) out += spf::to_string(s) + "\n";
  return out;
}

}  // namespace spftest
