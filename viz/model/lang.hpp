#pragma once
// The classroom's languages. Every text the app shows exists in both.

namespace mailsim::viz {

enum class Lang { En, Ja };

// Picks the text for `lang` from a pair, falling back to the other language when one is empty
// (scenario texts may give only one).
template <class Text>
const auto& pick(const Text& t, Lang lang) {
  if (lang == Lang::Ja) return t.ja.empty() ? t.en : t.ja;
  return t.en.empty() ? t.ja : t.en;
}

}  // namespace mailsim::viz
