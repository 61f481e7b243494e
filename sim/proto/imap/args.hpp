#pragma once
// Reading the arguments of an IMAP command (RFC 3501 §4, §9): atoms, quoted strings, literals
// (already framed by the server, passed in as strings), parenthesized lists, and fetch attributes
// whose "[...]" section may hold spaces and lists ("BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

struct Arg {
  enum class Kind { Atom, String, List };
  Kind kind = Kind::Atom;
  std::string text;
  std::vector<Arg> items;
  // An atom or a string as text (what "astring" means in the grammar).
  bool is_text() const { return kind != Kind::List; }
};

// Parenthesized lists nested deeper than this are refused. The parser, the copies of its result and
// the SEARCH evaluator each recurse once per level, so without a bound a line of "(((((..." would
// take thousands of stack frames; no command needs more than a few levels.
inline constexpr std::size_t kMaxNesting = 64;

// `line` is the command after its tag and name; `literals` holds the bytes of each literal in order,
// which the line marks with "{n}" at the places they stood. Nullopt on a syntax error; then `why`,
// when given, says what was wrong if it is more than bad syntax (nesting too deep).
std::optional<std::vector<Arg>> parse_args(std::string_view line, const std::vector<std::string>& literals,
                                           std::string* why = nullptr);

// Numbers as sorted, disjoint, non-touching ranges: membership is a binary search however many
// overlapping ranges a client wrote ("1:*,1:*,..." thousands of times is one range).
class NumberRanges {
 public:
  struct Range {
    std::uint32_t lo, hi;  // lo <= hi
  };
  explicit NumberRanges(std::vector<Range> ranges);  // any ranges with lo <= hi; sorts and merges
  bool contains(std::uint32_t n) const;
  const std::vector<Range>& ranges() const { return ranges_; }

 private:
  std::vector<Range> ranges_;
};

// A sequence set (§9 sequence-set): numbers, ranges "a:b" in either order, "*" for the largest.
class SequenceSet {
 public:
  static std::optional<SequenceSet> parse(std::string_view s);
  // The numbers named once "*" stands for `largest` (0 in an empty mailbox: "*" then names nothing).
  NumberRanges numbers(std::uint32_t largest) const;
  // The largest number written out (not "*"); 0 when there is none.
  std::uint32_t largest_named() const;
  bool has_star() const;

 private:
  struct Range {
    std::uint32_t lo, hi;  // 0 stands for "*"
  };
  std::vector<Range> ranges_;
};

// UIDs as a uid-set (RFC 4315 §4), in the order given, runs of consecutive ones as ranges:
// {304, 319, 320} -> "304,319:320". The order matters: COPYUID pairs its two sets by position.
std::string uid_set(const std::vector<std::uint32_t>& uids);

// A flag list in a response: "(\\Seen \\Flagged)".
std::string flag_list(const std::set<std::string>& flags);

// A string in a response: quoted when it can be, a literal otherwise (§4.3), NIL for nullopt.
std::string imap_string(std::optional<std::string_view> s);

}  // namespace mailsim::imap
