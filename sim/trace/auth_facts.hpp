#pragma once
// What a sender check tried, as typed data on its auth event (data::Auth), for the classroom's
// checks panel and the JSON lines: the DNS questions it asked (with the seq numbers of the datagrams
// that carried them, so a viewer can jump to the packet), and, per method, the record it read and
// each step it took. Filled by the receiving server (sim/nodes/sender_auth.cpp) from the sans-I/O
// evaluators' own steps; nobody re-derives them from the event's text.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::trace {

// A seq that names no event: a query that got no answer, or one that was never sent.
inline constexpr std::uint64_t kNoSeq = static_cast<std::uint64_t>(-1);
inline constexpr std::size_t kNoLookup = static_cast<std::size_t>(-1);

namespace data {

// One DNS question of a check and the packets that carried it.
struct AuthLookup {
  std::string type;                  // "TXT", "A", "MX", ...
  std::string name;                  // "school.example", "mail._domainkey.school.example"
  std::uint64_t query_seq = kNoSeq;  // the query datagram
  std::uint64_t answer_seq = kNoSeq; // its answer; kNoSeq when none came (timeout)
  std::string answer;                // the answer's summary, or "no answer"
};

// One term of an SPF record as check_host() evaluated it (RFC 7208 §5, §6.1), in order.
struct SpfTerm {
  std::size_t depth = 0;             // 0: the record of the domain asked about; n: n includes deep
  std::string domain;                // whose record holds the term
  std::string term;                  // as written: "-ip4:192.0.2.0/24", "include:_spf.x", "redirect=x"
  std::string qualifier;             // "+", "-", "~", "?" (a mechanism); "" for redirect=
  std::string target;                // the name it asked about, or the domain include/redirect followed
  bool matched = false;
  std::string detail;                // why it matched or not, in words
  std::string detail_ja;             // the same in Japanese, for the classroom app
  std::vector<std::size_t> lookups;  // into Auth::lookups: the questions it asked
};

// An SPF record check_host() read: the top domain's, then each include's and redirect's.
struct SpfRecordRead {
  std::size_t depth = 0;
  std::string domain;
  std::string text;                  // the record; "" when there was none (then `detail` says why)
  std::string detail;
  std::string detail_ja;
  std::size_t lookup = kNoLookup;    // into Auth::lookups: its TXT question
};

struct SpfFacts {
  std::string identity;              // "mailfrom" or "helo" (RFC 7208 §2.3, §2.4)
  std::string client_ip;             // <ip>
  std::string sender;                // <sender>
  std::string helo;
  std::vector<SpfRecordRead> records;
  std::vector<SpfTerm> terms;
  std::size_t dns_terms = 0;         // terms that queried DNS, of at most 10 (§4.6.4)
  std::size_t void_lookups = 0;      // of at most 2
  std::string mechanism;             // the top-level term that decided; "default" when none matched
  std::string explanation;           // a fail's explanation (§6.2)
};

// One tag of a DKIM-Signature field as written.
struct DkimTag {
  std::string name, value;
};

// One check of RFC 6376 §6.1 in the order the verifier ran it.
struct DkimStep {
  std::string check;                 // "signature_tags", "expiry", "key_query", "key_record", "body_hash", "header_hash"
  bool ok = false;
  std::string detail;
};

// One DKIM-Signature field (the auth event is about one signature).
struct DkimFacts {
  std::vector<DkimTag> tags;         // v a c d s h bh b l x t ..., in the order written
  std::string key_name;              // "<s>._domainkey.<d>"
  std::string key_text;              // the key record used
  std::string body_hash_tag;         // bh= as written
  std::string body_hash;             // the body hash recomputed (base64); "" when not reached
  std::string body_hash_verdict;     // "match", "mismatch" or "not checked"
  std::string header_hash_verdict;   // "verified", "mismatch" or "not checked"
  std::vector<DkimStep> steps;
  std::size_t lookup = kNoLookup;    // into Auth::lookups: the key's TXT question
};

// SPF's or DKIM's domain beside the From domain (RFC 7489 §3.1).
struct DmarcAlignment {
  std::string method;                // "spf", "dkim"
  std::string domain;                // the authenticated identifier's domain
  bool passed = false;               // its SPF or DKIM result was pass
  std::string mode;                  // "relaxed" or "strict" (aspf=, adkim=)
  bool aligned = false;
};

struct DmarcFacts {
  std::string from_domain;           // RFC5322.From's domain
  std::string org_domain;            // its organizational domain
  std::string record_name;           // where the policy was found: "_dmarc.school.example"; "" none
  std::string record_text;
  std::vector<std::string> discovery;  // what each query found, in order
  std::vector<std::string> discovery_ja;  // the same in Japanese
  std::string p, sp;                 // as published (sp: "" when absent)
  unsigned pct = 100;
  std::string policy_tag;            // which one applied: "p" or "sp"
  std::string policy;                // its value: "none", "quarantine", "reject"
  bool sampled_out = false;          // pct= spared the message the full policy
  std::vector<DmarcAlignment> alignment;
  std::string disposition;           // what the receiver decided: "none", "quarantine", "reject"
  std::vector<std::size_t> lookups;  // into Auth::lookups: the _dmarc questions
};

// Everything a check tried, shared by the event's copies (one pointer on the event, so the trace's
// other events stay small).
struct AuthFacts {
  std::vector<AuthLookup> lookups;   // the DNS questions the check asked, in order
  std::optional<SpfFacts> spf;       // one of the three, by the event's method
  std::optional<DkimFacts> dkim;
  std::optional<DmarcFacts> dmarc;
  // The SMTP reply the check led to: SPF's to MAIL FROM, DMARC's to the end of the data (0 and ""
  // for DKIM, whose result reaches the reply only through DMARC).
  int reply_code = 0;
  std::string reply;                 // the reply's line: "550 5.7.1 Email rejected per DMARC policy for bank.example"
  // The event's reason in Japanese, for the classroom app ("" when the reason is no sentence: a
  // mechanism as written, a domain's own explanation).
  std::string reason_ja;
};

}  // namespace data
}  // namespace mailsim::trace
