// The MX resolver machine (RFC 5321 §5.1) fed fuzzed DNS responses: for each query it asks, the
// input says (FuzzedDataProvider) whether the answer times out, or which datagram comes back and
// whether its id is made to match the query's, and what the tie-breaking pick returns.
//
// Checked beyond "no crash": it asks a bounded number of queries (one MX, then at most one A per
// exchange it was given, or one A for the domain); once finished it asks nothing more; pick() is
// called only with n > 1; Done has targets in ascending preference, each host once, each with an
// address; a failure says why.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <set>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/dns/resolver.hpp"

using namespace mailsim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  dns::MxResolver resolver("home.example", 100);
  const auto pick = [&in](std::uint64_t n) -> std::uint64_t {
    FUZZ_CHECK(n > 1, "pick() called with n = " + std::to_string(n));
    return in.ConsumeIntegral<std::uint64_t>();
  };
  std::size_t queries = 0, records_seen = 0;
  std::optional<dns::Message> q = resolver.next_query();
  while (q) {
    ++queries;
    FUZZ_CHECK(queries <= 2 + records_seen, std::to_string(queries) + " queries for " + std::to_string(records_seen) + " records");
    FUZZ_CHECK(q->questions.size() == 1, "a query without exactly one question");
    if (in.remaining_bytes() == 0 || in.ConsumeBool()) {
      resolver.on_timeout();
    } else {
      const bool match_id = in.ConsumeBool();
      std::string wire = in.ConsumeRandomLengthString(1500);
      if (match_id && wire.size() >= 2) {
        wire[0] = static_cast<char>(q->id >> 8);
        wire[1] = static_cast<char>(q->id & 0xff);
      }
      if (const std::optional<dns::Message> r = dns::Message::decode(wire)) {
        records_seen += r->answers.size() + r->additional.size();
        resolver.on_response(*r, pick);
      }
    }
    q = resolver.next_query();
    // Not an answer to the query (another id, not a response): it is still outstanding; let it time out.
    if (!q && resolver.status() == dns::ResolveStatus::InProgress) resolver.on_timeout();
  }
  FUZZ_CHECK(resolver.status() != dns::ResolveStatus::InProgress, "stopped asking before finishing");
  if (resolver.status() == dns::ResolveStatus::Done) {
    FUZZ_CHECK(!resolver.targets().empty(), "Done without targets");
    std::set<std::string> hosts;
    for (std::size_t i = 0; i < resolver.targets().size(); ++i) {
      const dns::MxTarget& t = resolver.targets()[i];
      FUZZ_CHECK(!t.address.empty(), t.host + " has no address");
      FUZZ_CHECK(hosts.insert(t.host).second, t.host + " listed twice");
      if (i > 0) FUZZ_CHECK(resolver.targets()[i - 1].preference <= t.preference, "targets not in preference order");
    }
  } else {
    FUZZ_CHECK(!resolver.error().empty(), "failed without saying why");
    FUZZ_CHECK(resolver.targets().empty(), "failed, yet with targets");
  }
  return 0;
}
