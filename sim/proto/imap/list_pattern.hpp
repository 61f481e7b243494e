#pragma once
// LIST and LSUB mailbox patterns (RFC 3501 §6.3.8): "*" matches any run of characters, "%" any run
// that holds no hierarchy delimiter ("/" here); every other character matches itself.
//
// Why not the obvious recursion: trying each way a wildcard could end is exponential in the number
// of wildcards ("****...z" of 100 stars froze a served lesson for seconds). Here a run of wildcards
// becomes one, and the name is read once, left to right, keeping the set of pattern positions
// reached so far as a bit set (Baeza-Yates and Gonnet's shift-and, with the wildcards as
// self-loops): each name character costs one pass over that set, a machine word per 64 positions.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

class ListPattern {
 public:
  // The longest reference + mailbox pattern LIST accepts; longer ones are refused with NO [LIMIT].
  static constexpr std::size_t kMaxLength = 1024;
  static constexpr char kDelimiter = '/';

  explicit ListPattern(std::string_view pattern);

  // Whether `name` matches, case-sensitively (the caller folds case for INBOX). `steps`, when
  // given, is increased by the machine words visited: at most (name.size() + 1) times
  // (pattern.size() / 64 + 1), so tests can see the work stays linear.
  bool matches(std::string_view name, std::size_t* steps = nullptr) const;
  // The levels above `name` that match, each named by the length of its prefix ("a/b/c" has levels
  // "a" and "a/b": 1 and 3), in the same single pass: LSUB asks this of every subscribed name, and
  // matching each prefix anew would cost the name's length once per level.
  std::vector<std::size_t> matching_levels(std::string_view name, std::size_t* steps = nullptr) const;

 private:
  using Bits = std::vector<std::uint64_t>;
  // Where a set bit j means: the pattern's first j characters (after folding wildcard runs) have
  // matched what was read of the name.
  void close_over_wildcards(Bits& reached) const;
  // Reads the name once, telling `visit(i, matched)` for each prefix length i whether the first i
  // characters match the whole pattern; stops early once nothing can match any more.
  template <class Visit>
  void run(std::string_view name, std::size_t* steps, Visit visit) const;

  std::string raw_; std::size_t length_ = 0;      // pattern characters after folding runs of wildcards
  std::size_t words_ = 0;       // machine words per bit set (length_ + 1 positions)
  Bits star_, percent_;         // positions holding "*" / "%"
  Bits wildcard_;               // star_ | percent_
  std::vector<Bits> literal_;   // per distinct literal character: positions holding it
  unsigned char slot_[256] = {};  // character -> 1 + its index in literal_, 0 when absent
};

}  // namespace mailsim::imap
