#pragma once
// How an MTA finds where to deliver (RFC 5321 §5.1), sans-I/O: the machine says which query to send
// next, takes the answers, and ends with an ordered list of hosts to try, or a temporary or
// permanent failure. The node sends queries as datagrams and reports timeouts.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/proto/dns/message.hpp"

namespace mailsim::dns {

struct MxTarget {
  std::string host;                 // exchange name
  std::uint16_t preference = 0;     // 0 for the implicit MX (A fallback)
  std::string address;              // resolved IPv4 address
};

enum class ResolveStatus { InProgress, Done, TempFail, PermFail };

class MxResolver {
 public:
  // `domain`: the recipient domain. `pick` breaks ties between equal preferences: it is called with
  // n > 1 and must return a value in [0, n) (the world passes its seeded RNG), so the order of
  // equal-preference MX hosts is random but reproducible (RFC 5321 §5.1). `address_only`: `domain` is
  // the host itself and only its A record is asked, as for Postfix's relayhost = [name].
  MxResolver(std::string domain, std::uint16_t first_id, bool address_only = false);

  // The next query to send, or nullopt if waiting for an answer or finished.
  std::optional<Message> next_query();
  // An answer arrived (matching id); wrong ids are ignored.
  void on_response(const Message& response, const std::function<std::uint64_t(std::uint64_t)>& pick);
  // The outstanding query timed out (DNS host down): a temporary failure (RFC 5321 §5.1 says treat it
  // as such), "Host or domain name not found. Name service error ... try again".
  void on_timeout();

  ResolveStatus status() const { return status_; }
  // Done: targets in the order to try (preference ascending, ties shuffled by `pick`).
  const std::vector<MxTarget>& targets() const { return targets_; }
  // TempFail/PermFail: why, in words a bounce can quote ("Host or domain name not found. Name
  // service error for name=x.example type=MX: Host not found").
  const std::string& error() const { return error_; }

 private:
  // implementation detail, free for the implementer to change
  enum class Phase { Mx, Exchanges, Implicit };  // asking for MX / exchanges' A / the domain's A

  void ask(const std::string& name, Type type);
  void on_mx(const Message& response, const std::function<std::uint64_t(std::uint64_t)>& pick);
  void on_exchange_address(const Message& response);
  void on_implicit_address(const Message& response);
  void next_exchange();
  void fail(ResolveStatus status, std::string why);

  std::string domain_;
  std::uint16_t next_id_;
  ResolveStatus status_ = ResolveStatus::InProgress;
  Phase phase_ = Phase::Mx;
  std::optional<Message> to_send_;      // built, not yet handed out by next_query()
  std::optional<Message> outstanding_;  // handed out, waiting for its answer or timeout
  std::vector<MxTarget> candidates_;    // ordered exchanges; address empty until known
  std::size_t current_ = 0;             // the candidate whose A query is outstanding
  std::string last_error_;              // why the last exchange was dropped
  std::vector<MxTarget> targets_;
  std::string error_;
};

}  // namespace mailsim::dns
