#include "sim/proto/dkim/verify.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/common/words.hpp"
#include "sim/proto/dkim/crypto.hpp"
#include "sim/proto/dkim/fields.hpp"
#include "sim/proto/dkim/hash.hpp"

namespace mailsim::dkim {

namespace {

void conclude(SignatureCheck& c, Result r, Reason why, proto::Words detail) {
  c.result = r;
  c.reason = why;
  c.detail = std::move(detail.en);
  c.detail_ja = std::move(detail.ja);
}

void step(SignatureCheck& c, StepKind k, bool ok, std::string detail) {
  c.steps.push_back(Step{k, ok, std::move(detail)});
}

std::string_view field_value(std::string_view raw) {
  std::string_view v = raw.substr(raw.find(':') + 1);
  if (v.ends_with("\r\n")) v.remove_suffix(2);
  return v;
}

std::string domain_of(std::string_view identity) {
  return proto::to_lower(identity.substr(identity.rfind('@') + 1));
}

}  // namespace

std::string_view to_string(Result r) {
  switch (r) {
    case Result::None: return "none";
    case Result::Pass: return "pass";
    case Result::Fail: return "fail";
    case Result::Neutral: return "neutral";
    case Result::TempError: return "temperror";
    case Result::PermError: return "permerror";
  }
  return "none";
}

std::string_view to_string(Reason r) {
  switch (r) {
    case Reason::Verified: return "signature verified";
    case Reason::BadSignatureField: return "bad signature field";
    case Reason::Expired: return "signature expired";
    case Reason::KeyUnavailable: return "key unavailable";
    case Reason::NoKey: return "no key for signature";
    case Reason::BadKeyRecord: return "bad key record";
    case Reason::KeyRevoked: return "key revoked";
    case Reason::KeyMismatch: return "key not for this signature";
    case Reason::BodyTooShort: return "body shorter than l=";
    case Reason::BodyHashMismatch: return "body hash mismatch";
    case Reason::SignatureMismatch: return "signature mismatch";
    case Reason::NotEvaluated: return "not evaluated";
  }
  return "not evaluated";
}

Verifier::Verifier(std::string message, std::int64_t now, std::uint16_t first_id, std::size_t max_signatures)
    : message_(std::move(message)), now_(now), next_id_(first_id) {
  const RawMessage m = split_message(message_);
  for (const RawField& f : m.fields) {
    if (!proto::iequals(f.name, "DKIM-Signature")) continue;
    SignatureCheck c;
    c.field = std::string(f.raw);
    if (checks_.size() >= max_signatures) {
      const std::string n = std::to_string(max_signatures);
      conclude(c, Result::Neutral, Reason::NotEvaluated,
               {"only the first " + n + " signatures are checked", "検査するのは最初の " + n + " 個の署名までです"});
      checks_.push_back(std::move(c));
      continue;
    }
    auto sig = parse_signature(field_value(f.raw));
    if (!sig) {
      step(c, StepKind::SignatureTags, false, sig.error);
      // The parser's words name the tag and what is wrong with it; they stay as written.
      conclude(c, Result::PermError, Reason::BadSignatureField,
               {sig.error, "DKIM-Signature フィールドが正しくありません:" + sig.error});
      checks_.push_back(std::move(c));
      continue;
    }
    c.signature = *sig;
    c.key_name = sig->key_name();
    step(c, StepKind::SignatureTags, true,
         std::string(to_string(sig->algorithm)) + " d=" + sig->domain + " s=" + sig->selector + " c=" +
             to_string(sig->canon));
    if (sig->expiration) {
      const bool expired = now_ > *sig->expiration;
      step(c, StepKind::Expiry, !expired,
           "x=" + std::to_string(*sig->expiration) + (expired ? " is before " : " is not before ") + "now " +
               std::to_string(now_));
      if (expired) {
        const std::string x = std::to_string(*sig->expiration);
        conclude(c, Result::PermError, Reason::Expired,
                 {"signature expired at x=" + x, "署名の有効期限 x=" + x + " を過ぎています"});
        checks_.push_back(std::move(c));
        continue;
      }
    }
    waiting_.push_back(checks_.size());
    checks_.push_back(std::move(c));
  }
  ask_next();
}

void Verifier::ask_next() {
  if (outstanding_ || to_send_ || waiting_.empty()) return;
  dns::Message q;
  q.id = next_id_++;
  q.recursion_desired = true;
  q.questions.push_back(dns::Question{checks_[waiting_.front()].key_name, dns::Type::TXT});
  to_send_ = std::move(q);
}

std::optional<dns::Message> Verifier::next_query() {
  if (outstanding_ || !to_send_) return std::nullopt;
  outstanding_ = std::move(to_send_);
  to_send_.reset();
  return outstanding_;
}

void Verifier::on_response(const dns::Message& response) {
  if (!outstanding_ || !response.response || response.id != outstanding_->id) return;
  const std::string name = outstanding_->questions.front().name;
  outstanding_.reset();
  finish_key(name, response);
}

void Verifier::on_timeout() {
  if (!outstanding_) return;
  const std::string name = outstanding_->questions.front().name;
  outstanding_.reset();
  finish_key(name, std::nullopt);
}

bool Verifier::done() const {
  return waiting_.empty() && !outstanding_ && !to_send_;
}

void Verifier::finish_key(const std::string& name, std::optional<dns::Message> response) {
  // Every signature that names this key is answered by the one query.
  std::vector<std::size_t> still;
  for (std::size_t i : waiting_) {
    if (checks_[i].key_name == name) evaluate(checks_[i], response);
    else still.push_back(i);
  }
  waiting_ = std::move(still);
  ask_next();
}

void Verifier::evaluate(SignatureCheck& c, const std::optional<dns::Message>& response) {
  const Signature& sig = *c.signature;
  // §6.1.2: the key.
  if (!response) {
    step(c, StepKind::KeyQuery, false, "TXT " + c.key_name + ": no answer");
    return conclude(c, Result::TempError, Reason::KeyUnavailable,
                    {"key query for " + c.key_name + " timed out", c.key_name + " の公開鍵の問い合わせがタイムアウトしました"});
  }
  if (response->rcode == dns::Rcode::NXDomain) {
    step(c, StepKind::KeyQuery, false, "TXT " + c.key_name + ": NXDOMAIN");
    return conclude(c, Result::PermError, Reason::NoKey,
                    {"no key at " + c.key_name + " (NXDOMAIN)", c.key_name + " に公開鍵がありません(NXDOMAIN)"});
  }
  if (response->rcode != dns::Rcode::NoError) {
    step(c, StepKind::KeyQuery, false, "TXT " + c.key_name + ": " + dns::to_string(response->rcode));
    const std::string rcode = dns::to_string(response->rcode);
    return conclude(c, Result::TempError, Reason::KeyUnavailable,
                    {"key query for " + c.key_name + ": " + rcode,
                     c.key_name + " の公開鍵の問い合わせへの応答は " + rcode + " でした"});
  }
  // The TXT records of the answer, whatever CNAMEs led to them; character-strings are already
  // joined (RFC 6376 §3.6.2.2).
  std::vector<std::string> texts;
  for (const dns::Record& r : response->answers) {
    if (r.type == dns::Type::TXT) texts.push_back(r.data);
  }
  if (texts.empty()) {
    step(c, StepKind::KeyQuery, false, "TXT " + c.key_name + ": no TXT record");
    return conclude(c, Result::PermError, Reason::NoKey,
                    {"no key at " + c.key_name + " (no TXT record)", c.key_name + " に公開鍵がありません(TXT レコードがありません)"});
  }
  step(c, StepKind::KeyQuery, true, "TXT " + c.key_name + ": " + std::to_string(texts.size()) + " record(s)");

  // §3.6.2.2: with several records a verifier may pick; the first that is a key record is used.
  Parsed<KeyRecord> key = parse_key_record(texts.front());
  c.key_text = texts.front();
  for (std::size_t i = 1; !key && i < texts.size(); ++i) {
    if (auto other = parse_key_record(texts[i])) {
      key = std::move(other);
      c.key_text = texts[i];
    }
  }
  if (!key) {
    step(c, StepKind::KeyRecord, false, key.error);
    return conclude(c, Result::PermError, Reason::BadKeyRecord, {key.error, "公開鍵のレコードが正しくありません:" + key.error});
  }
  c.key = *key;
  c.testing = key->testing;
  if (key->revoked()) {
    step(c, StepKind::KeyRecord, false, "p= is empty");
    return conclude(c, Result::PermError, Reason::KeyRevoked,
                    {"key revoked (empty p=) at " + c.key_name, c.key_name + " の公開鍵は失効しています(p= が空)"});
  }
  if (key->type != key_type_of(sig.algorithm)) {
    const std::string k = "k=" + std::string(to_string(key->type)), a = "a=" + std::string(to_string(sig.algorithm));
    const std::string why = k + " does not fit " + a;
    step(c, StepKind::KeyRecord, false, why);
    return conclude(c, Result::PermError, Reason::KeyMismatch, {why, "公開鍵の " + k + " が署名の " + a + " に合いません"});
  }
  if (key->strict && domain_of(sig.identity) != sig.domain) {
    const std::string why = "t=s allows no i= below d=, and i=" + sig.identity;
    step(c, StepKind::KeyRecord, false, why);
    return conclude(c, Result::PermError, Reason::KeyMismatch,
                    {why, "公開鍵の t=s は d= のサブドメインの i= を許しませんが、i=" + sig.identity + " です"});
  }
  auto pub = PublicKey::from_record(key->type, key->public_key);
  if (!pub) {
    step(c, StepKind::KeyRecord, false, pub.error);
    return conclude(c, Result::PermError, Reason::BadKeyRecord, {pub.error, "公開鍵が正しくありません:" + pub.error});
  }
  step(c, StepKind::KeyRecord, true,
       "k=" + std::string(to_string(key->type)) + (key->type == KeyType::Rsa ? ", " + std::to_string(pub->bits()) + " bits" : "") +
           (key->testing ? ", t=y (testing)" : ""));

  // §6.1.3: the body hash, then the header hash and the signature.
  const RawMessage m = split_message(message_);
  const BodyHash bh = body_hash(sig.canon.body, m.body, sig.length);
  c.body_hash = base64_encode(bh.hash);
  c.body_canonical = bh.canonical;
  c.body_hashed = bh.hashed;
  const std::string covered = std::to_string(bh.hashed) + " of " + std::to_string(bh.canonical) + " octets";
  if (sig.length && *sig.length > bh.canonical) {
    step(c, StepKind::BodyHash, false, "l=" + std::to_string(*sig.length) + " but the body has " + std::to_string(bh.canonical) + " octets");
    const std::string l = "l=" + std::to_string(*sig.length);
    return conclude(c, Result::Fail, Reason::BodyTooShort, {"body shorter than " + l, "本文が " + l + " より短くなっています"});
  }
  const bool body_ok = bh.hash == sig.body_hash;
  step(c, StepKind::BodyHash, body_ok, "bh=" + base64_encode(sig.body_hash) + ", recomputed " + c.body_hash + " over " + covered);
  if (!body_ok)
    return conclude(c, Result::Fail, Reason::BodyHashMismatch,
                    {"body hash mismatch", "本文のハッシュ値が一致しません(署名の後で本文が変わりました)"});

  c.header_data = header_data(m, sig.headers, sig.canon.header, without_b_value(c.field));
  const bool sig_ok = pub->verify(c.header_data, sig.signature);
  step(c, StepKind::HeaderHash, sig_ok,
       "SHA-256 of the signed header fields " + base64_encode(sha256(c.header_data)) +
           (sig_ok ? ", signature verified" : ", signature does not match"));
  if (!sig_ok)
    return conclude(c, Result::Fail, Reason::SignatureMismatch,
                    {"signature mismatch", "署名が一致しません(署名したヘッダーが変わったか、別の鍵で署名されています)"});
  conclude(c, Result::Pass, Reason::Verified, {"signature verified", "署名を確認できました"});
}

Result summary(const std::vector<SignatureCheck>& checks) {
  if (checks.empty()) return Result::None;
  const bool any_pass = std::any_of(checks.begin(), checks.end(), [](const SignatureCheck& c) { return c.result == Result::Pass; });
  return any_pass ? Result::Pass : checks.front().result;
}

}  // namespace mailsim::dkim
