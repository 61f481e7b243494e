#pragma once
// check_host() (RFC 7208 §4) as a sans-I/O machine, like dns::MxResolver: it says which DNS query
// to send next, takes the answers and timeouts, and ends with one of the seven results, the
// explanation for a fail (§6.2), the term that decided, and every step it took, for the classroom's
// checks panel. The node sends the queries as datagrams over the virtual network, so each lookup is
// a packet on the map.
//
//   Evaluator spf(spf::Request::mail_from(client_ip, "alice@school.example", "pc1.school.example"),
//                 options, first_id);
//   while (auto q = spf.next_query()) { ...send q, later spf.on_response(answer) or spf.on_timeout() }
//   if (spf.done()) reply with spf.result()
//
// One query is outstanding at a time, in the order the RFC evaluates terms, so the trace reads like
// the record. Limits (§4.6.4): at most 10 terms that query DNS (include, a, mx, ptr, exists,
// redirect), counted as they are reached; at most 2 of them may find nothing (NXDOMAIN or no
// records: "void lookups"); at most 10 MX names per mx (more is a permerror) and 10 PTR names per
// ptr or %{p} (the rest are ignored). The caller bounds the time (§4.6.4: at least 20 s) with expire().
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/words.hpp"
#include "sim/proto/dns/address.hpp"
#include "sim/proto/dns/message.hpp"
#include "sim/proto/spf/macro.hpp"
#include "sim/proto/spf/record.hpp"
#include "sim/proto/spf/result.hpp"

namespace mailsim::spf {

// Which identity is checked (§2.3, §2.4): it names the Received-SPF and Authentication-Results keys.
enum class Identity { MailFrom, Helo };

struct Request {
  dns::Address ip;        // <ip>: the SMTP client; a v4-mapped IPv6 address is checked as IPv4 (§5)
  std::string domain;     // <domain>
  std::string sender;     // <sender>: local-part@domain
  std::string helo;       // the HELO/EHLO name (%{h})
  Identity identity = Identity::MailFrom;
  std::string envelope_from;  // the MAIL FROM address as given ("" for <>), for Received-SPF

  // MAIL FROM:<reverse_path> from `ip` after `helo`: <domain> is the address's domain; for the null
  // reverse-path, postmaster@helo is checked instead (§2.4); an empty local-part becomes
  // "postmaster" (§4.3).
  static Request mail_from(const dns::Address& ip, std::string_view reverse_path, std::string_view helo);
  // The HELO identity (§2.3): <domain> is the HELO name, <sender> postmaster@ it.
  static Request helo_check(const dns::Address& ip, std::string_view helo);
};

struct Options {
  std::string receiver = "unknown";  // %{r}: the checking host's name
  std::uint64_t timestamp = 0;       // %{t}: seconds since 1970 (the world's virtual clock)
  // For a fail without a usable exp= (§6.2), as explanation text: it may use macros.
  std::string default_explanation = "%{c} is not allowed to send mail for %{o}";
  std::size_t max_dns_terms = 10;
  std::size_t max_void_lookups = 2;
  std::size_t max_names = 10;        // MX names per mx, PTR names per ptr or %{p}
};

// One line of the checks panel. Plain data: the viewer decides how to draw it.
struct Step {
  enum class Kind {
    Query,        // a DNS question was sent: `question`, `id`
    Answer,       // its answer (`detail` is the response's summary), or `timeout`
    Record,       // the SPF record chosen for `domain` (`text`), or why there is none (`detail`)
    Term,         // a mechanism or modifier was evaluated: `text`, `target`, `matched`, `detail`
    Result,       // a check_host() for `domain` ended with `result`; `detail` says why
    Explanation,  // the explanation of a fail: `text`, and `detail` says where it came from
  };
  Kind kind = Kind::Result;
  std::size_t depth = 0;       // 0: the domain asked about; n: n includes deep
  std::string domain;          // the <domain> of that check_host()
  std::string text;            // the term or record as written, or the explanation
  std::string target;          // the name the term asked about after macro expansion
  dns::Question question;      // Query and Answer steps: the question and the message id, which
  std::uint16_t id = 0;        //   link the step to its packet on the map
  bool timeout = false;        // Answer: no answer came
  bool matched = false;        // Term
  Result result = Result::None;  // Result
  std::string detail;
  std::string detail_ja;       // `detail` in Japanese, for the classroom app (the DNS summaries as they are)
};

class Evaluator;

// Why the check ended as it did, in a few words: a fail's explanation, an error's problem, or the
// term that decided ("default" when none did).
proto::Words reason_of(const Evaluator& e);

// One readable line, indented two spaces per depth: "  a:mail.school.example: match (192.0.2.25)".
std::string to_string(const Step& s);

class Evaluator {
 public:
  Evaluator(Request request, Options options, std::uint16_t first_id);

  // The next query to send, or nullopt while waiting for an answer, or when done.
  std::optional<dns::Message> next_query();
  // The answer to the outstanding query (a wrong id, a query, or another question is ignored).
  void on_response(const dns::Message& response);
  // The outstanding query got no answer in time.
  void on_timeout();
  // The whole check took too long: temperror (§4.6.4).
  void expire();

  bool done() const { return phase_ == Phase::Done; }
  Result result() const { return result_; }
  const Request& request() const { return request_; }
  // Fail only: the exp= text, expanded, or the expanded default.
  const std::string& explanation() const { return explanation_; }
  // The top-level term that decided ("-all", "include:_spf.school.example"), "default" when no term
  // matched (neutral, §4.7); empty for none and the errors.
  const std::string& mechanism() const { return mechanism_; }
  // temperror, permerror and none: why, in a sentence.
  const std::string& problem() const { return problem_.en; }
  const std::string& problem_ja() const { return problem_.ja; }
  const std::vector<Step>& steps() const { return steps_; }
  std::size_t dns_terms() const { return dns_terms_; }
  std::size_t void_lookups() const { return void_lookups_; }

 private:
  // implementation detail, free for the implementer to change
  enum class Phase { Evaluating, Explaining, Done };
  // What the outstanding query is for.
  enum class Wait { Nothing, Record, Address, Mx, MxAddress, Ptr, PtrAddress, Exists, Exp, PName, PAddress };
  enum class PMacro { NotStarted, Running, Done };

  struct Frame {
    std::string domain;
    std::size_t depth = 0;
    bool redirected = false;       // reached by redirect=: finding no record is a permerror (§6.1)
    bool fetched = false;          // the TXT query has been answered
    std::optional<Record> record;
    std::size_t next = 0;          // the directive being evaluated
  };

  void run();
  void dispatch(const dns::Message* response);
  void step_frame();
  void step_explanation();
  void fetch(Frame& f);
  void start_directive(Frame& f, const Directive& d);
  void start_redirect(Frame& f);
  bool needs_p(const MacroString& s);
  bool count_dns_term(const std::string& term);
  bool count_void(const proto::Words& what);

  void on_record(const dns::Message* response);
  void on_address(const dns::Message* response);
  void on_mx(const dns::Message* response);
  void on_mx_address(const dns::Message* response);
  void on_ptr(const dns::Message* response);
  void on_ptr_address(const dns::Message* response);
  void on_exists(const dns::Message* response);
  void on_exp(const dns::Message* response);
  void on_p_name(const dns::Message* response);
  void on_p_address(const dns::Message* response);
  void next_mx_address();
  void next_ptr_address();
  void next_p_address();

  void matched(const proto::Words& detail);
  void not_matched(const proto::Words& detail);
  void end_frame(Result r, proto::Words detail, const std::string& mechanism);
  void abort(Result r, const proto::Words& problem);
  proto::Words term_says(const proto::Words& what) const;

  void ask(const std::string& name, dns::Type type, Wait wait);
  void add_step(Step s);
  Step term_step(const Directive& d) const;
  MacroValues& values_for(const std::string& domain);
  std::string choose_validated(const std::string& domain) const;
  const Directive& current() const;

  Request request_;
  Options options_;
  std::uint16_t next_id_;
  MacroValues values_;

  Phase phase_ = Phase::Evaluating;
  std::vector<Frame> frames_;
  Wait wait_ = Wait::Nothing;
  std::optional<dns::Message> to_send_;
  std::optional<dns::Message> outstanding_;
  dns::Question asked_;              // the question just answered

  // The term in progress: its expanded target, and the MX or PTR names still to look up.
  std::string target_;
  std::vector<std::string> names_;
  std::size_t name_index_ = 0;
  std::vector<std::string> found_;   // addresses seen, for the step's detail

  // %{p}: the validated names of <ip>, found once per check (§7.3).
  PMacro p_state_ = PMacro::NotStarted;
  std::vector<std::string> p_names_;
  std::size_t p_index_ = 0;
  std::vector<std::string> p_validated_;

  // exp= of the record that gave the fail, with the <domain> its macros expand with.
  std::optional<MacroString> exp_;
  std::string exp_domain_;
  bool exp_asked_ = false;
  std::optional<MacroString> exp_text_;  // the explanation to expand, once known
  std::string exp_source_;               // where it came from, for the step

  std::size_t dns_terms_ = 0;
  std::size_t void_lookups_ = 0;
  Result result_ = Result::None;
  std::string explanation_;
  std::string mechanism_;
  proto::Words problem_;
  std::vector<Step> steps_;
};

}  // namespace mailsim::spf
