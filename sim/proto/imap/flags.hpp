#pragma once
// Message flags as a client may give them in STORE and APPEND (RFC 3501 §2.3.2, §9 "flag"): the
// five system flags, whatever case they come in, stored in their canonical spelling ("\deleted" is
// \Deleted, which EXPUNGE and SEARCH DELETED look for); and keywords, which are atoms and, like
// every atom of the protocol, compare without regard to case. \Recent is the server's alone, and a
// "\" flag this server does not define is refused rather than kept as a new kind of flag.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/imap/args.hpp"

namespace mailsim::imap {

// Keywords one message may carry. Clients may make up keywords (PERMANENTFLAGS has \*), so without
// a bound a client could grow a message's flags, and every FLAGS response about it, without end.
inline constexpr std::size_t kMaxKeywords = 100;
// Keywords one mailbox may know (its FLAGS response lists them all, and every session is told of
// each new one), and the longest keyword.
inline constexpr std::size_t kMaxMailboxKeywords = 128;
inline constexpr std::size_t kMaxKeywordLength = 100;

// The flag as it is to be stored: a system flag in its canonical spelling, a keyword as written.
// Nullopt, with `error` saying why, for \Recent, an unknown system flag, or a keyword that is not
// an atom or is longer than kMaxKeywordLength.
std::optional<std::string> storable_flag(std::string_view text, std::string& error);

// The flags of a STORE or APPEND: every item an atom that storable_flag() accepts; a flag given
// twice in different cases counts once (the first spelling).
std::optional<std::set<std::string>> storable_flags(const std::vector<Arg>& items, std::string& error);
// How many of `flags` are keywords (not system flags).
std::size_t keyword_count(const std::set<std::string>& flags);

// How many keywords of `flags` the folder does not know yet (in any case).
std::size_t new_keywords(const mailstore::Folder& folder, const std::set<std::string>& flags);

// Whether `flags` holds `flag`, in any case.
bool has_flag(const std::set<std::string>& flags, std::string_view flag);

// What one STORE does to each message's flags (§6.4.6: FLAGS, +FLAGS, -FLAGS), comparing in any
// case: an added flag already there in another spelling keeps that spelling. Prepared once per
// command, so each message costs its own flags and the given ones, never their product.
class FlagChange {
 public:
  enum class Mode { Replace, Add, Remove };
  FlagChange(Mode mode, std::set<std::string> given);
  std::set<std::string> applied_to(const std::set<std::string>& current) const;
  const std::set<std::string>& given() const { return given_; }

 private:
  Mode mode_;
  std::set<std::string> given_;
  std::set<std::string> folded_;  // given_, upper-cased
};

}  // namespace mailsim::imap
