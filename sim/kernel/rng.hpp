#pragma once
// The world's only source of randomness: seeded, portable (the same numbers on every platform and
// standard library, unlike std::uniform_int_distribution), so seed N replays identically anywhere.
#include <cstdint>

namespace mailsim {

// xoshiro256** seeded through splitmix64 (Blackman & Vigna).
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  // Uniform in [0, n) without modulo bias; n > 0.
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t s_[4];
};

}  // namespace mailsim
