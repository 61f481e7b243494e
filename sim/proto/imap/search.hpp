#pragma once
// SEARCH criteria (RFC 3501 §6.4.4): read once per command into a tree, then evaluated against each
// message. Reading them first means bad criteria are BAD even in an empty mailbox, and the work per
// message is the evaluation only: sequence sets are already ranges, dates already days, strings
// already prepared for a linear-time search.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/imap/args.hpp"

namespace mailsim::imap {

struct SearchBounds {
  std::uint32_t count;         // messages in the mailbox (for "*")
  std::uint32_t largest_uid;   // for "UID n:*"
  std::int64_t epoch_seconds;  // virtual time 0 as Unix time, for SINCE/BEFORE/ON
};

// A string to look for in any case, in time linear in the text searched (Knuth-Morris-Pratt: the
// obvious scan costs text length times needle length, and both may be long here).
class FoldedNeedle {
 public:
  explicit FoldedNeedle(std::string_view needle);
  // `steps`, when given, is increased by the character comparisons made: at most twice
  // text.size(), whatever the needle.
  bool found_in(std::string_view text, std::size_t* steps = nullptr) const;

 private:
  std::string needle_;               // upper-cased
  std::vector<std::size_t> border_;  // border_[i]: longest proper border of needle_[0..i]
};

class SearchCriteria {
 public:
  // String keys (FROM, SUBJECT, HEADER, BODY, TEXT, ...) one SEARCH may hold. Each reads every
  // message once; without a bound an 8 KB command could read the mailbox a thousand times.
  static constexpr std::size_t kMaxStringKeys = 32;
  // Keys of any kind (NOT, OR and lists included): each is evaluated for every message.
  static constexpr std::size_t kMaxKeys = 256;

  // All keys must hold (AND by juxtaposition). Nullopt with `error` when they do not parse, nest
  // (parentheses, NOT, OR) deeper than kMaxNesting, or hold more than kMaxKeys keys or kMaxStringKeys string keys.
  static std::optional<SearchCriteria> parse(const std::vector<Arg>& keys, const SearchBounds& bounds,
                                             std::string& error);
  // `recent`: whether the message has \Recent in this session.
  bool matches(const mailstore::StoredMessage& m, std::uint32_t seq, bool recent = false) const;

  struct Node;  // implementation detail

 private:
  std::vector<Node> all_;
  std::int64_t epoch_seconds_ = 0;
  bool reads_date_ = false;  // a SENT* key: each message's Date field is read
};

struct SearchCriteria::Node {
  enum class Kind { True, False, Flag, NoFlag, Recent, Header, Address, Body, Text, Since, Before, On,
                    SentSince, SentBefore, SentOn, Larger, Smaller, Uid, Seq, Not, Or, And };
  Kind kind = Kind::True;
  std::string name;                        // Flag/NoFlag: the flag; Header, Address: the field name
  std::optional<FoldedNeedle> needle;      // Header, Address, Body, Text
  std::int64_t number = 0;                 // Since/Before/On, Sent*: days since 1970-01-01; Larger/Smaller: octets
  std::optional<NumberRanges> set;         // Uid, Seq
  std::vector<Node> children;              // Not: one, Or: two, And: any
};

}  // namespace mailsim::imap
