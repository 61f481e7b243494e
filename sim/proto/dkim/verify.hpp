#pragma once
// Verifying DKIM signatures (RFC 6376 §6), sans-I/O in the way of dns::MxResolver: the machine
// names the TXT query to send next (the key at <s>._domainkey.<d>), takes the answer or hears of a
// timeout, and ends with one result per DKIM-Signature field. The node sends the queries as
// datagrams over the virtual network, so the key lookup shows on the map.
//
// Order of the checks, as §6.1 has them, each a Step the checks panel can show:
//   signature tags (§6.1.1, x= against `now`) → key query (§6.1.2) → key record (§3.6.1)
//   → body hash (§6.1.3, l=) → header hash and signature (§6.1.3).
// The first check that fails decides: results are RFC 8601 §2.7.1's names with a reason.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dkim/signature.hpp"
#include "sim/proto/dns/message.hpp"

namespace mailsim::dkim {

// RFC 8601 §2.7.1. `none`: no signature; `neutral`: a signature not evaluated (past the limit).
enum class Result { None, Pass, Fail, Neutral, TempError, PermError };
std::string_view to_string(Result r);  // "pass", "temperror", ...

enum class Reason {
  Verified,           // pass
  BadSignatureField,  // a tag missing or malformed (permerror; the detail says which)
  Expired,            // x= is past (permerror)
  KeyUnavailable,     // the key query timed out or failed (temperror)
  NoKey,              // NXDOMAIN, or no TXT record at the key's name (permerror)
  BadKeyRecord,       // the TXT record is not a usable key record (permerror)
  KeyRevoked,         // p= is empty (permerror)
  KeyMismatch,        // k= does not fit a=, or t=s and i= below d= (permerror)
  BodyTooShort,       // l= is longer than the body (fail)
  BodyHashMismatch,   // the body changed since it was signed (fail)
  SignatureMismatch,  // the signed header fields changed, or another key signed (fail)
  NotEvaluated,       // past the number of signatures a verifier checks (neutral)
};
std::string_view to_string(Reason r);  // "body hash mismatch", "key revoked", ...

enum class StepKind { SignatureTags, Expiry, KeyQuery, KeyRecord, BodyHash, HeaderHash };

struct Step {
  StepKind kind;
  bool ok = false;
  std::string detail;  // what was found, e.g. "bh= 2jUSOH9N... recomputed 2jUSOH9N..." (English)
};

struct SignatureCheck {
  Result result = Result::Neutral;
  Reason reason = Reason::NotEvaluated;
  std::string detail;                  // the reason with its particulars, for A-R's reason=
  std::string detail_ja;               // the same in Japanese, for the classroom app
  std::string field;                   // the DKIM-Signature field as written, final CRLF included
  std::optional<Signature> signature;  // when its tags parsed
  std::string key_name;                // the name asked for: "sel._domainkey.example.com"
  std::string key_text;                // the TXT record that was used
  std::optional<KeyRecord> key;
  std::string body_hash;               // recomputed, base64, to set beside bh=
  std::uint64_t body_canonical = 0;    // octets in the canonical body
  std::uint64_t body_hashed = 0;       // octets the hash covered (less than the body with l=)
  std::string header_data;             // the canonical header fields that were hashed and signed
  bool testing = false;                // the key record says t=y
  std::vector<Step> steps;
};

class Verifier {
 public:
  // RFC 6376 §8.4 lets a verifier bound its work; OpenDKIM checks a handful by default too.
  static constexpr std::size_t kMaxSignatures = 8;

  // `message`: the message as received (CRLF lines). `now`: the verifier's time in seconds since
  // 1970 (virtual time in the simulation), for x=. `first_id`: the first DNS id to use.
  Verifier(std::string message, std::int64_t now, std::uint16_t first_id,
           std::size_t max_signatures = kMaxSignatures);

  // The next TXT query to send, or nullopt while one is outstanding or when done.
  std::optional<dns::Message> next_query();
  // The answer to the outstanding query; other ids and non-responses are ignored.
  void on_response(const dns::Message& response);
  // The outstanding query got no answer: that key is unavailable (temperror).
  void on_timeout();

  bool done() const;
  // One per DKIM-Signature field, top to bottom; empty when the message is not signed.
  const std::vector<SignatureCheck>& results() const { return checks_; }

 private:
  // implementation detail, free for the implementer to change
  void ask_next();
  void finish_key(const std::string& name, std::optional<dns::Message> response);
  void evaluate(SignatureCheck& c, const std::optional<dns::Message>& response);

  std::string message_;
  std::int64_t now_;
  std::uint16_t next_id_;
  std::vector<SignatureCheck> checks_;
  std::vector<std::size_t> waiting_;        // checks that still need their key, in order
  std::optional<dns::Message> to_send_;     // built, not yet handed out by next_query()
  std::optional<dns::Message> outstanding_; // handed out, waiting for its answer or timeout
};

// The result a message gets for `dkim=` when one line must do: pass if any signature passed,
// else the first signature's result, none if there is none.
Result summary(const std::vector<SignatureCheck>& checks);

}  // namespace mailsim::dkim
