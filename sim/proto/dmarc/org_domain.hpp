#pragma once
// Organizational domains (RFC 7489 §3.2): the registered domain a name belongs to, found with a
// public-suffix list. The real list is large and changes; lessons carry a small one, and the
// built-in list covers the lesson domains and a few real suffixes.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::dmarc {

class PublicSuffixList {
 public:
  // example, test, invalid, localhost (RFC 2606/6761), com, net, org, edu, jp and co.jp, ac.jp,
  // ad.jp, ed.jp, go.jp, gr.jp, lg.jp, ne.jp, or.jp, uk and co.uk, ac.uk, org.uk.
  static PublicSuffixList builtin();

  // One rule in the Public Suffix List's form: "co.jp", "*.kawasaki.jp" (any one label there is a
  // suffix), "!city.kawasaki.jp" (an exception to a wildcard). Lower-cased; blanks ignored.
  void add(std::string_view rule);
  const std::vector<std::string>& rules() const { return rules_; }

  // The public suffix of `domain` by the list's algorithm (the longest matching rule, exceptions
  // first, an unlisted top-level label counting as a suffix); "" for an empty name.
  std::string public_suffix(std::string_view domain) const;
  // §3.2: the public suffix and one label more; a domain that is itself a suffix is its own.
  std::string organizational_domain(std::string_view domain) const;

 private:
  std::vector<std::string> rules_;
};

}  // namespace mailsim::dmarc
