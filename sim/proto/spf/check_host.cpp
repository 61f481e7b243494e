// check_host() one DNS answer at a time. The recursion of include (§5.2) and redirect (§6.1) is a
// stack of frames, one per record being evaluated; a redirect replaces its frame (its exp= no longer
// applies, §6.2), an include pushes one. The frame on top evaluates its directives in order:
//
//   fetch TXT ─▶ one v=spf1 record? ─▶ directive 1 ─▶ ... ─▶ directive n ─▶ redirect= or neutral
//       │              └─ none: none (permerror under include/redirect); several/bad: permerror
//       └─ DNS error or timeout: temperror
//
// A matching directive ends its frame with its qualifier's result; include passes it to the frame
// below as match (pass) or no match (fail, softfail, neutral), errors and none end the whole check.
// A fail at the top then looks up its explanation. A term whose domain uses %{p} first finds the
// validated names of the client (PTR, then an address query per name) and then starts again; the
// count of DNS terms is taken after that, so it happens once.
//
// DNS errors (§5): an RCODE other than 0 or 3, or a timeout, makes a, mx and exists (and the record
// lookup) a temperror; ptr just does not match, a failed address lookup of one of its names skips
// that name (§5.5); for %{p} it leaves the name unvalidated; for exp= it means the default text.
#include "sim/proto/spf/check_host.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/common/words.hpp"

namespace mailsim::spf {

using proto::Words;

namespace {

std::string strip_dot(std::string s) {
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// A name a query can be built from (RFC 1035 §2.3.4): labels of 1-63 octets, at most 253 in all.
bool queryable(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    const std::size_t len = (dot == std::string_view::npos ? name.size() : dot) - start;
    if (len == 0 || len > 63) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// §4.3: a <domain> check_host() cannot start from gives "none". Empty when it can.
Words malformed(const std::string& domain) {
  const std::string d = "'" + domain + "'";
  if (domain.empty()) return {"the domain is empty", "ドメインが空です"};
  if (domain.front() == '[')
    return {d + " is an address literal, not a domain name", d + " はアドレスリテラルで、ドメイン名ではありません"};
  if (!queryable(domain))
    return {d + " is not a valid domain name (a label is empty or over 63 octets)",
            d + " は正しいドメイン名ではありません(空のラベルか、63オクテットを超えるラベルがあります)"};
  if (domain.find('.') == std::string::npos)
    return {d + " is not a fully qualified domain name", d + " は完全修飾ドメイン名(FQDN)ではありません"};
  return {};
}

// `name` is `domain` or one of its subdomains (case-insensitive).
bool within(std::string_view name, std::string_view domain) {
  if (proto::iequals(name, domain)) return true;
  return name.size() > domain.size() + 1 && name[name.size() - domain.size() - 1] == '.' &&
         proto::iequals(name.substr(name.size() - domain.size()), domain);
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

dns::Type address_type(const dns::Address& ip) { return ip.v4() ? dns::Type::A : dns::Type::AAAA; }

std::string cidr_text(const dns::Address& ip, const Directive& d) {
  const unsigned len = ip.v4() ? d.cidr4 : d.cidr6;
  return len == ip.bits() ? "" : "/" + std::to_string(len);
}

bool dns_error(const dns::Message* r) {
  return !r || (r->rcode != dns::Rcode::NoError && r->rcode != dns::Rcode::NXDomain);
}

Words why_error(const dns::Message* r, const dns::Question& q) {
  const std::string what = dns::to_string(q.type) + " " + q.name;
  if (!r) return {"the query for " + what + " got no answer", what + " の問い合わせに応答がありませんでした"};
  const std::string rcode = dns::to_string(r->rcode);
  return {"the query for " + what + " was answered " + rcode, what + " の問い合わせへの応答は " + rcode + " でした"};
}

// "(void lookup 2)": how many lookups so far found nothing (RFC 7208 §4.6.4).
Words void_count(std::size_t n) {
  return {" (void lookup " + std::to_string(n) + ")", "(空の結果 " + std::to_string(n) + " 回目)"};
}

Words is_in(const std::string& ip, const std::string& where) {
  return {ip + " is in " + where, ip + " は " + where + " に含まれます"};
}

Words is_not_in(const std::string& ip, const std::string& where) {
  return {ip + " is not in " + where, ip + " は " + where + " に含まれません"};
}

}  // namespace

Request Request::mail_from(const dns::Address& ip, std::string_view reverse_path, std::string_view helo) {
  Request r;
  r.ip = ip;
  r.helo = std::string(helo);
  r.identity = Identity::MailFrom;
  r.envelope_from = std::string(reverse_path);
  if (reverse_path.empty()) {
    r.domain = r.helo;
    r.sender = "postmaster@" + r.helo;
    return r;
  }
  const std::size_t at = reverse_path.rfind('@');
  std::string local = at == std::string_view::npos ? "" : std::string(reverse_path.substr(0, at));
  r.domain = std::string(at == std::string_view::npos ? reverse_path : reverse_path.substr(at + 1));
  if (local.empty()) local = "postmaster";
  r.sender = local + "@" + r.domain;
  return r;
}

Request Request::helo_check(const dns::Address& ip, std::string_view helo) {
  Request r;
  r.ip = ip;
  r.helo = std::string(helo);
  r.domain = r.helo;
  r.sender = "postmaster@" + r.helo;
  r.identity = Identity::Helo;
  return r;
}

Evaluator::Evaluator(Request request, Options options, std::uint16_t first_id)
    : request_(std::move(request)), options_(std::move(options)), next_id_(first_id) {
  request_.ip = request_.ip.unmapped();  // §5: an IPv4 client stays IPv4 whatever socket it used
  const std::size_t at = request_.sender.rfind('@');
  values_.sender = request_.sender;
  values_.local_part = at == std::string::npos ? "postmaster" : request_.sender.substr(0, at);
  values_.sender_domain = at == std::string::npos ? request_.sender : request_.sender.substr(at + 1);
  values_.ip = request_.ip;
  values_.helo = request_.helo;
  values_.receiver = options_.receiver;
  values_.timestamp = options_.timestamp;
  Frame top;
  top.domain = strip_dot(request_.domain);
  frames_.push_back(std::move(top));
  run();
}

std::optional<dns::Message> Evaluator::next_query() {
  if (done() || outstanding_ || !to_send_) return std::nullopt;
  outstanding_ = std::move(to_send_);
  to_send_.reset();
  return outstanding_;
}

void Evaluator::on_response(const dns::Message& response) {
  if (done() || !outstanding_ || !response.response || response.id != outstanding_->id) return;
  const dns::Question& q = outstanding_->questions.front();
  if (!response.questions.empty() &&
      (response.questions.size() != 1 || response.questions[0].type != q.type ||
       !proto::iequals(strip_dot(response.questions[0].name), strip_dot(q.name)))) {
    return;  // an answer to some other question, whatever its id says
  }
  asked_ = q;
  Step s;
  s.kind = Step::Kind::Answer;
  s.question = q;
  s.id = response.id;
  s.detail = response.summary();
  add_step(std::move(s));
  outstanding_.reset();
  dispatch(&response);
  run();
}

void Evaluator::on_timeout() {
  if (done() || !outstanding_) return;
  asked_ = outstanding_->questions.front();
  Step s;
  s.kind = Step::Kind::Answer;
  s.question = asked_;
  s.id = outstanding_->id;
  s.timeout = true;
  const std::string what = dns::to_string(asked_.type) + " " + asked_.name;
  s.detail = "no answer for " + what;
  s.detail_ja = what + " への応答なし";
  add_step(std::move(s));
  outstanding_.reset();
  dispatch(nullptr);
  run();
}

void Evaluator::expire() {
  if (done()) return;
  outstanding_.reset();
  to_send_.reset();
  wait_ = Wait::Nothing;
  if (phase_ == Phase::Explaining) {
    // The result is known; only its explanation is missing. The default, with what is known of %{p}.
    exp_asked_ = true;
    exp_text_.reset();
    exp_source_ = "the default: the check took longer than its time limit";
    p_state_ = PMacro::Done;
    return run();
  }
  abort(Result::TempError, {"the check took longer than its time limit", "検査が制限時間を超えました"});
}

void Evaluator::dispatch(const dns::Message* r) {
  const Wait w = wait_;
  wait_ = Wait::Nothing;
  switch (w) {
    case Wait::Nothing: break;
    case Wait::Record: on_record(r); break;
    case Wait::Address: on_address(r); break;
    case Wait::Mx: on_mx(r); break;
    case Wait::MxAddress: on_mx_address(r); break;
    case Wait::Ptr: on_ptr(r); break;
    case Wait::PtrAddress: on_ptr_address(r); break;
    case Wait::Exists: on_exists(r); break;
    case Wait::Exp: on_exp(r); break;
    case Wait::PName: on_p_name(r); break;
    case Wait::PAddress: on_p_address(r); break;
  }
}

void Evaluator::run() {
  // Each step either asks a query, or moves a frame, a term or the phase forward.
  while (!done() && !to_send_ && !outstanding_) {
    if (phase_ == Phase::Evaluating) step_frame();
    else step_explanation();
  }
}

void Evaluator::ask(const std::string& name, dns::Type type, Wait wait) {
  dns::Message q;
  q.id = next_id_++;  // wraps at 65535, as ids do
  q.recursion_desired = true;
  q.questions.push_back(dns::Question{name, type});
  Step s;
  s.kind = Step::Kind::Query;
  s.question = q.questions.front();
  s.id = q.id;
  add_step(std::move(s));
  to_send_ = std::move(q);
  wait_ = wait;
}

void Evaluator::add_step(Step s) {
  if (s.domain.empty()) {
    if (!frames_.empty()) {
      s.depth = frames_.back().depth;
      s.domain = frames_.back().domain;
    } else {
      s.domain = phase_ == Phase::Explaining ? exp_domain_ : strip_dot(request_.domain);
    }
  }
  steps_.push_back(std::move(s));
}

MacroValues& Evaluator::values_for(const std::string& domain) {
  values_.domain = domain;
  values_.validated = choose_validated(domain);
  return values_;
}

// §7.3: the <domain> itself if it validated, else a subdomain of it, else any validated name.
std::string Evaluator::choose_validated(const std::string& domain) const {
  for (const std::string& n : p_validated_) {
    if (proto::iequals(n, domain)) return n;
  }
  for (const std::string& n : p_validated_) {
    if (within(n, domain)) return n;
  }
  return p_validated_.empty() ? "unknown" : p_validated_.front();
}

// A problem of the term in progress, prefixed with the term as written: "'a:x.example': ...".
Words Evaluator::term_says(const Words& what) const {
  const std::string term = quoted(current().text);
  return Words{term + ": ", term + ":"} + what;
}

const Directive& Evaluator::current() const {
  const Frame& f = frames_.back();
  return f.record->directives[f.next];
}

Step Evaluator::term_step(const Directive& d) const {
  Step s;
  s.kind = Step::Kind::Term;
  s.depth = frames_.back().depth;
  s.domain = frames_.back().domain;
  s.text = d.text;
  s.target = target_;
  return s;
}

bool Evaluator::needs_p(const MacroString& s) {
  if (!s.uses('p') || p_state_ == PMacro::Done) return false;
  if (p_state_ == PMacro::NotStarted) {
    p_state_ = PMacro::Running;
    ask(dns::reverse_name(request_.ip), dns::Type::PTR, Wait::PName);
  }
  return true;
}

bool Evaluator::count_dns_term(const std::string& term) {
  if (++dns_terms_ <= options_.max_dns_terms) return true;
  const std::string n = std::to_string(dns_terms_), max = std::to_string(options_.max_dns_terms);
  abort(Result::PermError,
        {quoted(term) + " would be DNS-querying term " + n + "; at most " + max + " are allowed (RFC 7208 §4.6.4)",
         quoted(term) + " は DNS を問い合わせる " + n + " 個目の項になります。許されるのは " + max +
             " 個までです(RFC 7208 §4.6.4)"});
  return false;
}

bool Evaluator::count_void(const Words& what) {
  if (++void_lookups_ <= options_.max_void_lookups) return true;
  const std::string n = std::to_string(void_lookups_), max = std::to_string(options_.max_void_lookups);
  abort(Result::PermError, what + Words{" is void lookup " + n + "; at most " + max + " are allowed (RFC 7208 §4.6.4)",
                                        ":空の結果はこれで " + n + " 回目です。許されるのは " + max +
                                            " 回までです(RFC 7208 §4.6.4)"});
  return false;
}

// ---- frames ----

void Evaluator::step_frame() {
  Frame& f = frames_.back();
  if (!f.fetched) return fetch(f);
  const Record& rec = *f.record;
  if (f.next < rec.directives.size()) {
    const Directive& d = rec.directives[f.next];
    if (d.domain && needs_p(*d.domain)) return;
    return start_directive(f, d);
  }
  if (rec.redirect) {
    if (needs_p(*rec.redirect)) return;
    return start_redirect(f);
  }
  end_frame(Result::Neutral, {"no mechanism matched: neutral (RFC 7208 §4.7)", "一致するメカニズムがありません:neutral(RFC 7208 §4.7)"},
            "default");
}

void Evaluator::fetch(Frame& f) {
  if (const Words why = malformed(f.domain); !why.empty()) {
    Step s;
    s.kind = Step::Kind::Record;
    s.detail = why.en;
    s.detail_ja = why.ja;
    add_step(std::move(s));
    return end_frame(Result::None, why, "");
  }
  ask(f.domain, dns::Type::TXT, Wait::Record);
}

void Evaluator::on_record(const dns::Message* r) {
  Frame& f = frames_.back();
  f.fetched = true;
  Step s;
  s.kind = Step::Kind::Record;
  auto fail = [&](Result result, Words why) {
    s.detail = why.en;
    s.detail_ja = why.ja;
    add_step(std::move(s));
    end_frame(result, std::move(why), "");
  };
  const std::string d = quoted(f.domain);
  if (dns_error(r)) return fail(Result::TempError, why_error(r, asked_));
  if (r->rcode == dns::Rcode::NXDomain)
    return fail(Result::None, {d + " does not exist (NXDOMAIN)", d + " は存在しません(NXDOMAIN)"});
  std::vector<std::string> spf;
  for (const dns::Record& txt : dns::chase(r->answers, f.domain, dns::Type::TXT)) {
    if (is_spf_record(txt.data)) spf.push_back(txt.data);
  }
  if (spf.empty())
    return fail(Result::None, {d + " has no SPF record (no TXT record starts with v=spf1)",
                               d + " には SPF レコードがありません(v=spf1 で始まる TXT レコードがありません)"});
  if (spf.size() > 1) {
    const std::string n = std::to_string(spf.size());
    return fail(Result::PermError, {d + " has " + n + " SPF records; there must be exactly one (RFC 7208 §4.5)",
                                    d + " には SPF レコードが " + n + " 個あります。ちょうど1個でなければなりません(RFC 7208 §4.5)"});
  }
  s.text = spf.front();
  std::string error;
  auto record = parse_record(spf.front(), error);
  // The grammar's own words name the term and what it lacks; they stay as the parser wrote them.
  if (!record) return fail(Result::PermError, {error, "SPF レコードの構文エラー:" + error});
  add_step(std::move(s));
  f.record = std::move(record);
}

void Evaluator::start_directive(Frame& f, const Directive& d) {
  target_.clear();
  const dns::Address& ip = request_.ip;
  switch (d.mechanism) {
    case Mechanism::All: return matched({"'all' always matches", "'all' は常に一致します"});
    case Mechanism::Ip4:
    case Mechanism::Ip6: {
      const bool v4 = d.mechanism == Mechanism::Ip4;
      const std::string family = ip.v4() ? "IPv4" : "IPv6";
      if (ip.v4() != v4)
        return not_matched({"the client's address is " + family, "クライアントのアドレスは " + family + " です"});
      const std::string net = dns::to_string(d.network) + "/" + std::to_string(v4 ? d.cidr4 : d.cidr6);
      if (dns::in_network(ip, d.network, v4 ? d.cidr4 : d.cidr6)) return matched(is_in(dns::to_string(ip), net));
      return not_matched(is_not_in(dns::to_string(ip), net));
    }
    case Mechanism::Include: {
      if (!count_dns_term(d.text)) return;
      target_ = expand_domain(*d.domain, values_for(f.domain));
      Frame child;
      child.domain = target_;
      child.depth = f.depth + 1;
      frames_.push_back(std::move(child));  // `f` and `d` are not used after this
      return;
    }
    case Mechanism::A:
    case Mechanism::Mx:
    case Mechanism::Ptr:
    case Mechanism::Exists: break;
  }
  if (!count_dns_term(d.text)) return;
  target_ = d.domain ? expand_domain(*d.domain, values_for(f.domain)) : f.domain;
  if (d.mechanism == Mechanism::Ptr) return ask(dns::reverse_name(ip), dns::Type::PTR, Wait::Ptr);
  // A name no query can carry (an empty label, one over 63 octets) is a name that does not exist.
  if (!queryable(target_))
    return not_matched({quoted(target_) + " is not a valid DNS name", quoted(target_) + " は正しい DNS 名ではありません"});
  switch (d.mechanism) {
    case Mechanism::A: return ask(target_, address_type(ip), Wait::Address);
    case Mechanism::Mx: return ask(target_, dns::Type::MX, Wait::Mx);
    default: return ask(target_, dns::Type::A, Wait::Exists);  // exists asks for A, even for IPv6 (§5.7)
  }
}

void Evaluator::start_redirect(Frame& f) {
  const std::string text = "redirect=" + f.record->redirect->text;
  if (!count_dns_term(text)) return;
  const std::string target = expand_domain(*f.record->redirect, values_for(f.domain));
  Step s;
  s.kind = Step::Kind::Term;
  s.text = text;
  s.target = target;
  s.matched = true;
  s.detail = "no mechanism matched: " + quoted(target) + " decides";
  s.detail_ja = "一致するメカニズムがありません:" + quoted(target) + " が結果を決めます";
  add_step(std::move(s));
  f.domain = target;
  f.fetched = false;
  f.record.reset();
  f.next = 0;
  f.redirected = true;
}

void Evaluator::matched(const Words& detail) {
  const Directive& d = current();
  Step s = term_step(d);
  s.matched = true;
  s.detail = detail.en;
  s.detail_ja = detail.ja;
  add_step(std::move(s));
  const std::string text = d.text;
  end_frame(result_of(d.qualifier), {quoted(text) + " matched", quoted(text) + " が一致しました"}, text);
}

void Evaluator::not_matched(const Words& detail) {
  Step s = term_step(current());
  s.detail = detail.en;
  s.detail_ja = detail.ja;
  add_step(std::move(s));
  ++frames_.back().next;
}

void Evaluator::end_frame(Result r, Words detail, const std::string& mechanism) {
  Frame f = std::move(frames_.back());
  frames_.pop_back();
  if (r == Result::None && f.redirected) {
    r = Result::PermError;
    detail = Words{"the redirect= target " + quoted(f.domain) + " has no SPF record (RFC 7208 §6.1): ",
                   "redirect= の先 " + quoted(f.domain) + " には SPF レコードがありません(RFC 7208 §6.1):"} +
             detail;
  }
  Step s;
  s.kind = Step::Kind::Result;
  s.depth = f.depth;
  s.domain = f.domain;
  s.result = r;
  s.detail = detail.en;
  s.detail_ja = detail.ja;
  add_step(std::move(s));

  if (frames_.empty()) {
    result_ = r;
    const bool error = r == Result::None || r == Result::TempError || r == Result::PermError;
    mechanism_ = error ? "" : mechanism;
    problem_ = error ? detail : Words{};
    if (r != Result::Fail) {
      phase_ = Phase::Done;
      return;
    }
    exp_ = f.record ? f.record->exp : std::nullopt;
    exp_domain_ = f.domain;
    phase_ = Phase::Explaining;
    return;
  }
  // Back in the frame whose include: started `f` (§5.2's table).
  target_ = f.domain;
  const std::string name = quoted(f.domain);  // "'x.example' gives fail"
  const Words gives{name + " gives " + std::string(to_string(r)), name + " の結果は " + std::string(to_string(r))};
  switch (r) {
    case Result::Pass: return matched(gives);
    case Result::Fail:
    case Result::SoftFail:
    case Result::Neutral: return not_matched(gives);
    case Result::TempError:
    case Result::PermError: {
      Step t = term_step(current());
      t.detail = gives.en;
      t.detail_ja = gives.ja;
      add_step(std::move(t));
      return abort(r, detail);
    }
    case Result::None: {
      Step t = term_step(current());
      t.detail = name + " has no SPF record";
      t.detail_ja = name + " には SPF レコードがありません";
      add_step(std::move(t));
      return abort(Result::PermError,
                   {quoted(current().text) + ": " + name + " has no SPF record, which makes include a permerror (RFC 7208 §5.2)",
                    quoted(current().text) + ":" + name + " には SPF レコードが無いため、include は permerror になります(RFC 7208 §5.2)"});
    }
  }
}

void Evaluator::abort(Result r, const Words& problem) {
  frames_.clear();
  to_send_.reset();
  wait_ = Wait::Nothing;
  result_ = r;
  mechanism_.clear();
  problem_ = problem;
  phase_ = Phase::Done;
  Step s;
  s.kind = Step::Kind::Result;
  s.domain = strip_dot(request_.domain);
  s.result = r;
  s.detail = problem.en;
  s.detail_ja = problem.ja;
  add_step(std::move(s));
}

// ---- mechanisms that asked DNS ----

void Evaluator::on_address(const dns::Message* r) {
  if (dns_error(r)) return abort(Result::TempError, term_says(why_error(r, asked_)));
  const std::vector<dns::Record> records =
      r->rcode == dns::Rcode::NXDomain ? std::vector<dns::Record>{} : dns::chase(r->answers, target_, asked_.type);
  if (records.empty()) {
    const std::string type = dns::to_string(asked_.type);
    const Words what{"no " + type + " records for " + quoted(target_), quoted(target_) + " の " + type + " レコードはありません"};
    if (!count_void(term_says(what))) return;
    return not_matched(what + void_count(void_lookups_));
  }
  const Directive& d = current();
  std::vector<std::string> seen;
  for (const dns::Record& rec : records) {
    const auto a = dns::parse_address(rec.data);
    if (a && dns::in_network(request_.ip, *a, request_.ip.v4() ? d.cidr4 : d.cidr6)) {
      return matched(is_in(dns::to_string(request_.ip), rec.data + cidr_text(request_.ip, d)));
    }
    seen.push_back(rec.data + cidr_text(request_.ip, d));
  }
  not_matched(is_not_in(dns::to_string(request_.ip), join(seen)));
}

void Evaluator::on_mx(const dns::Message* r) {
  if (dns_error(r)) return abort(Result::TempError, term_says(why_error(r, asked_)));
  std::vector<dns::Record> mx =
      r->rcode == dns::Rcode::NXDomain ? std::vector<dns::Record>{} : dns::chase(r->answers, target_, dns::Type::MX);
  if (mx.empty()) {
    const Words what{"no MX records for " + quoted(target_), quoted(target_) + " の MX レコードはありません"};
    if (!count_void(term_says(what))) return;
    return not_matched(what + void_count(void_lookups_));
  }
  if (mx.size() > options_.max_names) {
    const std::string n = std::to_string(mx.size()), max = std::to_string(options_.max_names);
    return abort(Result::PermError,
                 term_says({quoted(target_) + " has " + n + " MX records; at most " + max + " may be looked up (RFC 7208 §4.6.4)",
                            quoted(target_) + " には MX レコードが " + n + " 個あります。調べられるのは " + max +
                                " 個までです(RFC 7208 §4.6.4)"}));
  }
  std::stable_sort(mx.begin(), mx.end(),
                   [](const dns::Record& a, const dns::Record& b) { return a.preference < b.preference; });
  names_.clear();
  for (const dns::Record& rec : mx) {
    const std::string host = strip_dot(rec.data);
    // A null MX ("." as exchange, RFC 7505) names no host; a host listed twice is asked about once.
    if (host.empty() || std::find(names_.begin(), names_.end(), host) != names_.end()) continue;
    names_.push_back(host);
  }
  name_index_ = 0;
  found_.clear();
  next_mx_address();
}

void Evaluator::next_mx_address() {
  if (name_index_ < names_.size()) return ask(names_[name_index_], address_type(request_.ip), Wait::MxAddress);
  if (names_.empty())
    return not_matched({quoted(target_) + " has only a null MX: it sends no mail",
                        quoted(target_) + " にはヌル MX しかありません:メールを送らないドメインです"});
  const std::string ip = dns::to_string(request_.ip);
  if (found_.empty())
    return not_matched({ip + " is not among the MX hosts' addresses (they have none)",
                        ip + " は MX ホストのアドレスではありません(MX ホストにアドレスがありません)"});
  not_matched({ip + " is not among the MX hosts' addresses " + join(found_),
               ip + " は MX ホストのアドレス " + join(found_) + " のどれでもありません"});
}

void Evaluator::on_mx_address(const dns::Message* r) {
  if (dns_error(r)) return abort(Result::TempError, term_says(why_error(r, asked_)));
  const Directive& d = current();
  const std::string& host = names_[name_index_];
  if (r->rcode == dns::Rcode::NoError) {
    for (const dns::Record& rec : dns::chase(r->answers, host, asked_.type)) {
      const auto a = dns::parse_address(rec.data);
      if (a && dns::in_network(request_.ip, *a, request_.ip.v4() ? d.cidr4 : d.cidr6)) {
        const std::string at = rec.data + cidr_text(request_.ip, d);
        return matched({"MX host " + host + " has " + at, "MX ホスト " + host + " のアドレスは " + at + " です"});
      }
      found_.push_back(rec.data);
    }
  }
  ++name_index_;
  next_mx_address();
}

void Evaluator::on_ptr(const dns::Message* r) {
  if (dns_error(r)) return not_matched(why_error(r, asked_) + Words{": no match (RFC 7208 §5.5)", ":一致しません(RFC 7208 §5.5)"});
  const std::string reverse = dns::reverse_name(request_.ip);
  const std::vector<dns::Record> ptrs =
      r->rcode == dns::Rcode::NXDomain ? std::vector<dns::Record>{} : dns::chase(r->answers, reverse, dns::Type::PTR);
  if (ptrs.empty()) {
    const std::string ip = dns::to_string(request_.ip);
    const Words what{"no PTR records for " + ip, ip + " の PTR レコードはありません"};
    if (!count_void(term_says(what))) return;
    return not_matched(what + void_count(void_lookups_));
  }
  // Only the first names count (§4.6.4); of those, only names inside the target can match, so only
  // they are validated.
  names_.clear();
  found_.clear();
  for (std::size_t i = 0; i < ptrs.size() && i < options_.max_names; ++i) {
    const std::string name = strip_dot(ptrs[i].data);
    found_.push_back(name);
    if (within(name, target_)) names_.push_back(name);
  }
  name_index_ = 0;
  next_ptr_address();
}

void Evaluator::next_ptr_address() {
  if (name_index_ < names_.size()) return ask(names_[name_index_], address_type(request_.ip), Wait::PtrAddress);
  const std::string ip = dns::to_string(request_.ip);
  if (names_.empty())
    return not_matched({"no name of " + ip + " (" + join(found_) + ") is in " + target_,
                        ip + " の名前(" + join(found_) + ")はどれも " + target_ + " の中にありません"});
  not_matched({"no name in " + target_ + " has the address " + ip,
               target_ + " の中に、アドレスが " + ip + " の名前はありません"});
}

void Evaluator::on_ptr_address(const dns::Message* r) {
  const std::string& name = names_[name_index_];
  if (!dns_error(r) && r->rcode == dns::Rcode::NoError) {
    for (const dns::Record& rec : dns::chase(r->answers, name, asked_.type)) {
      const auto a = dns::parse_address(rec.data);
      if (a && *a == request_.ip)
        return matched({name + " has the address " + rec.data + ": validated",
                        name + " のアドレスは " + rec.data + ":確認できました"});
    }
  }
  ++name_index_;  // an error skips this name (§5.5)
  next_ptr_address();
}

void Evaluator::on_exists(const dns::Message* r) {
  if (dns_error(r)) return abort(Result::TempError, term_says(why_error(r, asked_)));
  const std::vector<dns::Record> a =
      r->rcode == dns::Rcode::NXDomain ? std::vector<dns::Record>{} : dns::chase(r->answers, target_, dns::Type::A);
  if (a.empty()) {
    const Words what{"no A record for " + quoted(target_), quoted(target_) + " の A レコードはありません"};
    if (!count_void(term_says(what))) return;
    return not_matched(what + void_count(void_lookups_));
  }
  matched({quoted(target_) + " has an A record (" + a.front().data + ")",
           quoted(target_) + " には A レコードがあります(" + a.front().data + ")"});
}

// ---- %{p} ----

void Evaluator::on_p_name(const dns::Message* r) {
  p_names_.clear();
  if (!dns_error(r) && r->rcode == dns::Rcode::NoError) {
    const auto ptrs = dns::chase(r->answers, dns::reverse_name(request_.ip), dns::Type::PTR);
    for (std::size_t i = 0; i < ptrs.size() && i < options_.max_names; ++i) p_names_.push_back(strip_dot(ptrs[i].data));
  }
  p_index_ = 0;
  next_p_address();
}

void Evaluator::next_p_address() {
  if (p_index_ < p_names_.size()) return ask(p_names_[p_index_], address_type(request_.ip), Wait::PAddress);
  p_state_ = PMacro::Done;
  Step s;
  s.kind = Step::Kind::Term;
  s.text = "%{p}";
  s.matched = !p_validated_.empty();
  s.detail = p_validated_.empty() ? "no validated name: %{p} is 'unknown'" : "validated names: " + join(p_validated_);
  s.detail_ja = p_validated_.empty() ? "確認できた名前がありません:%{p} は 'unknown' です"
                                     : "確認できた名前:" + join(p_validated_);
  add_step(std::move(s));
}

void Evaluator::on_p_address(const dns::Message* r) {
  const std::string& name = p_names_[p_index_];
  if (!dns_error(r) && r->rcode == dns::Rcode::NoError) {
    for (const dns::Record& rec : dns::chase(r->answers, name, asked_.type)) {
      const auto a = dns::parse_address(rec.data);
      if (a && *a == request_.ip) {
        p_validated_.push_back(name);
        break;
      }
    }
  }
  ++p_index_;
  next_p_address();
}

// ---- the explanation of a fail (§6.2) ----

void Evaluator::step_explanation() {
  if (!exp_text_ && exp_ && !exp_asked_) {
    if (needs_p(*exp_)) return;
    const std::string target = expand_domain(*exp_, values_for(exp_domain_));
    exp_asked_ = true;
    if (queryable(target)) return ask(target, dns::Type::TXT, Wait::Exp);
    exp_source_ = "the default: exp= names no valid domain (" + quoted(target) + ")";
  }
  if (!exp_text_) {
    std::string error;
    exp_text_ = parse_macro_string(options_.default_explanation, MacroSyntax::Explanation, error);
    if (!exp_text_) {  // a default that is no macro-string is shown as it is written
      exp_text_ = MacroString{{{options_.default_explanation, std::nullopt}}, options_.default_explanation};
    }
    if (exp_source_.empty()) exp_source_ = exp_ ? "the default" : "the default: the record has no exp=";
  }
  if (needs_p(*exp_text_)) return;
  explanation_ = expand(*exp_text_, values_for(exp_domain_));
  Step s;
  s.kind = Step::Kind::Explanation;
  s.text = explanation_;
  s.detail = exp_source_;
  add_step(std::move(s));
  phase_ = Phase::Done;
}

void Evaluator::on_exp(const dns::Message* r) {
  // Any trouble means the default text (§6.2), and none of it counts against the limits.
  if (dns_error(r)) {
    exp_source_ = "the default: " + why_error(r, asked_).en;
    return;
  }
  const auto txt = r->rcode == dns::Rcode::NXDomain ? std::vector<dns::Record>{}
                                                    : dns::chase(r->answers, asked_.name, dns::Type::TXT);
  if (txt.size() != 1) {
    exp_source_ = "the default: " + quoted(asked_.name) + " has " + std::to_string(txt.size()) +
                  " TXT records, not exactly one";
    return;
  }
  std::string error;
  exp_text_ = parse_macro_string(txt.front().data, MacroSyntax::Explanation, error);
  exp_source_ = exp_text_ ? "exp=" + exp_->text + " (TXT " + asked_.name + ")" : "the default: " + error;
}

// ---- text ----

proto::Words reason_of(const Evaluator& e) {
  if (e.result() == Result::Fail) {
    const std::string ip = dns::to_string(e.request().ip);
    return {e.explanation(), ip + " は " + e.request().domain + " のメールを送ってよいサーバーではありません(ドメインの説明文:「" +
                                 e.explanation() + "」)"};
  }
  if (!e.problem().empty()) return {e.problem(), e.problem_ja()};
  if (e.mechanism() == "default") return {"default", "一致する項目がなく、既定の結果になりました"};
  return {e.mechanism(), "一致した項目:" + e.mechanism()};
}

std::string to_string(const Step& s) {
  std::string out(2 * s.depth, ' ');
  switch (s.kind) {
    case Step::Kind::Query:
      return out + "query id=" + std::to_string(s.id) + " " + dns::to_string(s.question.type) + " " + s.question.name;
    case Step::Kind::Answer: return out + s.detail;
    case Step::Kind::Record:
      if (s.text.empty()) return out + "no record for " + s.domain + ": " + s.detail;
      return out + "record of " + s.domain + ": \"" + s.text + "\"";
    case Step::Kind::Term:
      out += s.text;
      if (!s.target.empty()) out += " (" + s.target + ")";
      out += s.matched ? ": match" : ": no match";
      return out + (s.detail.empty() ? "" : ", " + s.detail);
    case Step::Kind::Result:
      return out + "check_host(" + s.domain + ") = " + std::string(to_string(s.result)) +
             (s.detail.empty() ? "" : ": " + s.detail);
    case Step::Kind::Explanation: return out + "explanation: \"" + s.text + "\" from " + s.detail;
  }
  return out;
}

}  // namespace mailsim::spf
