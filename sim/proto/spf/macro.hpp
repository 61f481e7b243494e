#pragma once
// SPF macros (RFC 7208 §7): the domain-specs of mechanisms and modifiers and the explanation text
// may say "%{ir}.%{v}._spf.%{d2}" and are expanded with the values of the check in progress. A
// macro-string is parsed once, when its record is read, so a syntax error is a permerror before
// anything is evaluated (§4.6), and expanded as often as it is used.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dns/address.hpp"

namespace mailsim::spf {

// Where a macro-string stands decides what it may hold (§7.1): the letters c, r and t only in
// explanation text, which may also hold spaces; a domain-spec must end in a top label or a macro.
enum class MacroSyntax {
  DomainSpec,     // include:, a:, mx:, ptr:, exists:, redirect=, exp=
  ModifierValue,  // an unknown modifier's value (never expanded, but it must parse: RFC 7208 App. A)
  Explanation,    // the TXT record exp= points at
};

struct Macro {
  char letter = 'd';            // lower case: s l o d i p h c r t v
  bool url_escape = false;      // written in upper case: the value is URL-escaped (§7.3)
  unsigned keep = 0;            // the DIGIT transformer: rightmost parts to keep; 0 = all
  bool reverse = false;         // the "r" transformer
  std::string delimiters = ".";  // where the value is split into parts
};

struct MacroString {
  struct Piece {
    std::string literal;          // text as is (for %%, %_ and %-: "%", " ", "%20")
    std::optional<Macro> macro;   // or a macro to expand
  };
  std::vector<Piece> pieces;
  std::string text;               // as written in the record

  bool uses(char letter) const;   // e.g. uses('p'): needs the validated name before expanding
};

// `error` gets a sentence saying what is wrong ("'%{a}': 'a' is not a macro letter").
std::optional<MacroString> parse_macro_string(std::string_view text, MacroSyntax syntax, std::string& error);

// What the macro letters stand for during one check (§7.2). The caller fills in `validated` (the
// "p" value) before expanding a string that uses it.
struct MacroValues {
  std::string sender;            // s: <sender>, with "postmaster" for an empty local-part
  std::string local_part;        // l
  std::string sender_domain;     // o
  std::string domain;            // d: the <domain> of the check_host() in progress
  dns::Address ip;               // i, c, v: the client, IPv4 if it came v4-mapped
  std::string validated = "unknown";  // p
  std::string helo;              // h
  std::string receiver = "unknown";   // r
  std::uint64_t timestamp = 0;   // t: seconds since 1970
};

// The value of one letter before transformers: "i" is the dotted quad, or for IPv6 32 dot-separated
// nibbles (upper case, as the RFC 7208 test suite expects; DNS does not care), "c" the RFC 5952 text.
std::string macro_value(char letter, const MacroValues& v);

// A record of 64 KB of "%{s}" would expand to megabytes; explanations stop at this length (they end
// up in a reply line), and a name to query keeps only its tail while it grows.
inline constexpr std::size_t kMaxExplanation = 1024;

// The text, cut at `limit` characters.
std::string expand(const MacroString& s, const MacroValues& v, std::size_t limit = kMaxExplanation);
// For a name to query (§7.3): expanded, a trailing dot dropped, and labels removed from the left
// until it is at most 253 characters.
std::string expand_domain(const MacroString& s, const MacroValues& v);

}  // namespace mailsim::spf
