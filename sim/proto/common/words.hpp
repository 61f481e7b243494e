#pragma once
// A sentence for people, in the classroom's two languages. The evaluators that explain each step
// they take (SPF, DKIM, DMARC) say every reason in both at the place it arises, so the two cannot
// drift apart: the English is what transcripts, the trace and Authentication-Results' reason= carry;
// the Japanese is what the classroom app shows when it speaks Japanese.
#include <string>
#include <utility>

namespace mailsim::proto {

struct Words {
  std::string en, ja;

  Words() = default;
  Words(std::string english, std::string japanese) : en(std::move(english)), ja(std::move(japanese)) {}
  bool empty() const { return en.empty(); }
};

inline Words operator+(Words a, const Words& b) {
  a.en += b.en;
  a.ja += b.ja;
  return a;
}

}  // namespace mailsim::proto
