// SEARCH's string matching (RFC 3501 §6.4.4: "a substring ... case-insensitive"), and its cost.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/imap/search.hpp"

using mailsim::imap::FoldedNeedle;

TEST_CASE("SEARCH strings: found in any case, borders handled") {
  CHECK(FoldedNeedle("lunch").found_in("Re: LUNCH today"));
  CHECK(FoldedNeedle("").found_in(""));
  CHECK(FoldedNeedle("aab").found_in("aaab"));
  CHECK(FoldedNeedle("abab").found_in("abaabab"));
  CHECK(FoldedNeedle("ababc").found_in("abababc"));
  CHECK_FALSE(FoldedNeedle("abac").found_in("ababab"));
  CHECK_FALSE(FoldedNeedle("longer than").found_in("long"));
}

// The old scan compared the needle at every position: text length times needle length.
TEST_CASE("SEARCH strings: a needle almost found everywhere costs linear steps") {
  const std::string text(20000, 'a');
  const std::string needle = std::string(2000, 'a') + "b";
  std::size_t steps = 0;
  CHECK_FALSE(FoldedNeedle(needle).found_in(text, &steps));
  CHECK(steps <= 2 * text.size());
}
