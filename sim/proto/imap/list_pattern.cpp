#include "sim/proto/imap/list_pattern.hpp"

namespace mailsim::imap {

namespace {

bool is_wildcard(char c) { return c == '*' || c == '%'; }

void set_bit(std::vector<std::uint64_t>& bits, std::size_t j) { bits[j / 64] |= std::uint64_t{1} << (j % 64); }
bool test_bit(const std::vector<std::uint64_t>& bits, std::size_t j) { return bits[j / 64] >> (j % 64) & 1; }

}  // namespace

ListPattern::ListPattern(std::string_view pattern) {
  // A run of wildcards matches what its widest member matches: "*" if it holds one, else "%".
  std::string folded;
  for (std::size_t i = 0; i < pattern.size();) {
    if (!is_wildcard(pattern[i])) {
      folded += pattern[i++];
      continue;
    }
    char run = '%';
    for (; i < pattern.size() && is_wildcard(pattern[i]); ++i)
      if (pattern[i] == '*') run = '*';
    folded += run;
  }
  length_ = folded.size();
  words_ = length_ / 64 + 1;
  star_.assign(words_, 0);
  percent_.assign(words_, 0);
  wildcard_.assign(words_, 0);
  for (std::size_t j = 0; j < length_; ++j) {
    const unsigned char c = static_cast<unsigned char>(folded[j]);
    if (c == '*' || c == '%') {
      set_bit(c == '*' ? star_ : percent_, j);
      set_bit(wildcard_, j);
      continue;
    }
    if (!slot_[c]) {
      literal_.emplace_back(words_, 0);
      slot_[c] = static_cast<unsigned char>(literal_.size());  // at most 256 - 2 literal characters
    }
    set_bit(literal_[slot_[c] - 1], j);
  }
}

void ListPattern::close_over_wildcards(Bits& reached) const {
  // A wildcard may match nothing: reaching it reaches the position after it. Runs were folded, so
  // one shift suffices (the position after a wildcard is never a wildcard).
  std::uint64_t carry = 0;
  for (std::size_t w = 0; w < words_; ++w) {
    const std::uint64_t from = reached[w] & wildcard_[w];
    reached[w] |= from << 1 | carry;
    carry = from >> 63;
  }
}

template <class Visit>
void ListPattern::run(std::string_view name, std::size_t* steps, Visit visit) const {
  Bits reached(words_, 0), next(words_, 0);
  reached[0] = 1;
  close_over_wildcards(reached);
  for (std::size_t i = 0; i < name.size(); ++i) {
    visit(i, test_bit(reached, length_));  // the first i characters of the name, read
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const Bits* literal = slot_[c] ? &literal_[slot_[c] - 1] : nullptr;
    std::uint64_t carry = 0, any = 0;
    for (std::size_t w = 0; w < words_; ++w) {
      // A literal equal to c moves one position on; a wildcard takes c and stays ("%" never takes
      // the delimiter).
      const std::uint64_t moved = literal ? reached[w] & (*literal)[w] : 0;
      next[w] = moved << 1 | carry | (reached[w] & star_[w]) | (c != kDelimiter ? reached[w] & percent_[w] : 0);
      carry = moved >> 63;
      any |= next[w];
    }
    if (steps) *steps += words_;
    if (!any) return;  // no way left to go on: no longer prefix matches either
    close_over_wildcards(next);
    reached.swap(next);
  }
  visit(name.size(), test_bit(reached, length_));
}

bool ListPattern::matches(std::string_view name, std::size_t* steps) const {
  bool whole = false;
  run(name, steps, [&](std::size_t at, bool matched) {
    if (at == name.size()) whole = matched;
  });
  return whole;
}

std::vector<std::size_t> ListPattern::matching_levels(std::string_view name, std::size_t* steps) const {
  std::vector<std::size_t> out;
  run(name, steps, [&](std::size_t at, bool matched) {
    if (matched && at < name.size() && name[at] == kDelimiter) out.push_back(at);
  });
  return out;
}

}  // namespace mailsim::imap
