#pragma once
// An SPF record (RFC 7208 §4.5, §4.6, §12), read whole before anything is evaluated: a syntax error
// anywhere makes the record a permerror even when an earlier mechanism would have matched (§4.6).
//
//   record    = version terms *SP          version = "v=spf1"
//   terms     = *( 1*SP ( directive / modifier ) )
//   directive = [ qualifier ] mechanism    qualifier = "+" / "-" / "?" / "~"
//   mechanism = all / include / a / mx / ptr / ip4 / ip6 / exists
//   modifier  = redirect / explanation / unknown-modifier
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dns/address.hpp"
#include "sim/proto/spf/macro.hpp"
#include "sim/proto/spf/result.hpp"

namespace mailsim::spf {

enum class Mechanism { All, Include, A, Mx, Ptr, Ip4, Ip6, Exists };

std::string_view to_string(Mechanism m);  // "all", "include", ...

struct Directive {
  Qualifier qualifier = Qualifier::Pass;
  Mechanism mechanism = Mechanism::All;
  std::optional<MacroString> domain;  // include, exists: always; a, mx, ptr: when given
  dns::Address network;               // ip4, ip6
  unsigned cidr4 = 32;                // a, mx, ip4
  unsigned cidr6 = 128;               // a, mx, ip6
  std::string text;                   // as written: "-ip4:192.0.2.0/24"

  // include, a, mx, ptr and exists query DNS and count against the limit of 10 (§4.6.4).
  bool queries_dns() const;
};

struct Record {
  std::vector<Directive> directives;    // in order
  std::optional<MacroString> redirect;  // redirect= (§6.1)
  std::optional<MacroString> exp;       // exp= (§6.2)
  std::vector<std::string> unknown_modifiers;  // as written; they change nothing (§6)
  std::string text;
};

// Whether a TXT record is an SPF record at all (§4.5): it starts with "v=spf1" (any case) followed
// by a space or nothing. Others, "v=spf10" included, are not looked at.
bool is_spf_record(std::string_view txt);

// `text` must be an SPF record (is_spf_record). `error` gets what is wrong with the first bad term:
// "'moo' is not a mechanism", "'ip4:1.2.3' is not an IPv4 network", ...
std::optional<Record> parse_record(std::string_view text, std::string& error);

}  // namespace mailsim::spf
