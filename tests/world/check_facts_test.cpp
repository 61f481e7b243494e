// What a sender check tried, as typed fields on its auth event (trace::data::AuthFacts): the DNS
// questions with the seq numbers of their datagrams, SPF's records and terms, DKIM's tags, key and
// body hash, DMARC's policy, alignment and decision, and the reply each led to; and that the JSON
// lines carry them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/proto/dns/message.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"

using namespace mailsim;
namespace td = trace::data;

namespace {


// The auth events of `method`, in order.
std::vector<const trace::Event*> auths(const world::World& w, const std::string& method) {
  std::vector<const trace::Event*> out;
  for (const auto& e : w.trace().events())
    if (const auto* a = e.get<td::Auth>(); a && a->method == method) out.push_back(&e);
  return out;
}

const trace::Event* event(const world::World& w, std::uint64_t seq) {
  for (const auto& e : w.trace().events())
    if (e.seq == seq) return &e;
  return nullptr;
}

const td::AuthFacts& facts(const trace::Event* e) {
  REQUIRE(e != nullptr);
  const auto& a = e->as<td::Auth>();
  REQUIRE(a.facts != nullptr);
  return *a.facts;
}

// Each lookup names its query datagram (from the checking host to port 53, asking that question)
// and its answer (a response to that host with the query's id), answer after query.
void check_packets(const world::World& w, const trace::Event& auth) {
  const auto& f = facts(&auth);
  for (const td::AuthLookup& l : f.lookups) {
    CAPTURE(l.name);
    const trace::Event* q = event(w, l.query_seq);
    const trace::Event* r = event(w, l.answer_seq);
    REQUIRE(q != nullptr);
    REQUIRE(r != nullptr);
    REQUIRE(q->kind == trace::Kind::Datagram);
    REQUIRE(r->kind == trace::Kind::Datagram);
    CHECK(q->host == auth.host);
    CHECK(q->port == 53);
    CHECK(r->peer == auth.host);
    const auto qm = dns::Message::decode(q->as<td::Datagram>().wire);
    const auto rm = dns::Message::decode(r->as<td::Datagram>().wire);
    REQUIRE(qm);
    REQUIRE(rm);
    CHECK_FALSE(qm->response);
    CHECK(rm->response);
    CHECK(rm->id == qm->id);
    REQUIRE(qm->questions.size() == 1);
    CHECK(qm->questions[0].name == l.name);
    CHECK(dns::to_string(qm->questions[0].type) == l.type);
    CHECK(l.answer == rm->summary());
    CHECK(q->seq < r->seq);
    CHECK(r->seq < auth.seq);
  }
}

}  // namespace

TEST_CASE("spf-basics: the SPF events name the record, each term in order, the lookups and the reply") {
  world::World w(bundled_lesson("spf-basics"));
  w.run();
  const auto spf = auths(w, "spf");
  REQUIRE(spf.size() == 2);

  const auto& ok = facts(spf[0]);
  REQUIRE(ok.spf);
  CHECK(ok.spf->identity == "mailfrom");
  CHECK(ok.spf->sender == "alice@school.example");
  REQUIRE(ok.spf->records.size() == 1);
  CHECK(ok.spf->records[0].domain == "school.example");
  CHECK(ok.spf->records[0].text == "v=spf1 a:mail.school.example -all");
  REQUIRE(ok.spf->terms.size() == 1);
  CHECK(ok.spf->terms[0].term == "a:mail.school.example");
  CHECK(ok.spf->terms[0].qualifier == "+");
  CHECK(ok.spf->terms[0].matched);
  CHECK(ok.reply_code == 250);
  CHECK(ok.reply == "250 2.1.0 Ok");

  const auto& bad = facts(spf[1]);
  REQUIRE(bad.spf);
  CHECK(bad.spf->client_ip == "10.66.0.25");
  CHECK(bad.spf->helo == "mail.attacker.example");
  REQUIRE(bad.lookups.size() == 2);
  CHECK(bad.lookups[0].type == "TXT");
  CHECK(bad.lookups[0].name == "school.example");
  CHECK(bad.lookups[1].type == "A");
  CHECK(bad.lookups[1].name == "mail.school.example");
  CHECK(bad.spf->records[0].lookup == 0);
  REQUIRE(bad.spf->terms.size() == 2);
  CHECK(bad.spf->terms[0].term == "a:mail.school.example");
  CHECK_FALSE(bad.spf->terms[0].matched);
  CHECK(bad.spf->terms[0].detail == "10.66.0.25 is not in 10.0.1.25");
  CHECK(bad.spf->terms[0].lookups == std::vector<std::size_t>{1});
  CHECK(bad.spf->terms[1].term == "-all");
  CHECK(bad.spf->terms[1].qualifier == "-");
  CHECK(bad.spf->terms[1].matched);
  CHECK(bad.spf->terms[1].lookups.empty());
  CHECK(bad.spf->dns_terms == 1);
  CHECK(bad.spf->void_lookups == 0);
  CHECK(bad.spf->mechanism == "-all");
  CHECK(bad.spf->explanation == "10.66.0.25 is not allowed to send mail for school.example");
  CHECK(bad.reply_code == 550);
  CHECK(bad.reply == "550 5.7.23 10.66.0.25 is not allowed to send mail for school.example");
  for (const auto* e : spf) check_packets(w, *e);
}

TEST_CASE("SPF facts: an include's record one level deeper, the redirect it falls back to, each term's lookups") {
  scenario::Scenario s = bundled_lesson("spf-basics");
  for (auto& r : s.dns_records)
    if (r.name == "school.example" && r.type == dns::Type::TXT)
      r.data = "v=spf1 include:_spf.school.example redirect=_r.school.example";
  dns::Record inc = s.dns_records.back();
  inc.name = "_spf.school.example";
  inc.type = dns::Type::TXT;
  inc.data = "v=spf1 a:mail.school.example -all";
  s.dns_records.push_back(inc);
  inc.name = "_r.school.example";
  inc.data = "v=spf1 ~all";
  s.dns_records.push_back(inc);
  world::World w(std::move(s));
  w.run();
  const auto spf = auths(w, "spf");
  REQUIRE(spf.size() == 2);
  const auto& f = facts(spf[1]);  // the attacker's relay: not in the include, so the redirect decides
  REQUIRE(f.spf);
  CHECK(spf[1]->as<td::Auth>().result == "softfail");
  REQUIRE(f.lookups.size() == 4);
  REQUIRE(f.spf->records.size() == 3);
  CHECK(f.spf->records[0].domain == "school.example");
  CHECK(f.spf->records[0].depth == 0);
  CHECK(f.spf->records[0].lookup == 0);
  CHECK(f.spf->records[1].domain == "_spf.school.example");
  CHECK(f.spf->records[1].depth == 1);
  CHECK(f.spf->records[1].text == "v=spf1 a:mail.school.example -all");
  CHECK(f.lookups[f.spf->records[1].lookup].name == "_spf.school.example");
  CHECK(f.spf->records[2].domain == "_r.school.example");
  CHECK(f.spf->records[2].depth == 0);
  CHECK(f.lookups[f.spf->records[2].lookup].name == "_r.school.example");
  std::vector<std::string> terms;
  for (const auto& t : f.spf->terms)
    terms.push_back(std::to_string(t.depth) + " " + t.qualifier + "|" + t.term + "|" + t.target + "|" +
                    (t.matched ? "match" : "no"));
  CHECK(terms == std::vector<std::string>{
                     "1 +|a:mail.school.example|mail.school.example|no",
                     "1 -|-all||match",
                     "0 +|include:_spf.school.example|_spf.school.example|no",
                     "0 |redirect=_r.school.example|_r.school.example|match",
                     "0 ~|~all||match",
                 });
  CHECK(f.lookups[f.spf->terms[0].lookups.at(0)].type == "A");
  CHECK(f.spf->dns_terms == 3);
  CHECK(f.spf->mechanism == "~all");
  check_packets(w, *spf[1]);
}

TEST_CASE("dkim-signature: the DKIM events carry the tags, the key record and the body hash beside bh=") {
  const scenario::Scenario s = bundled_lesson("dkim-signature");
  std::string published;
  for (const auto& r : s.dns_records)
    if (r.name == "s2025._domainkey.school.example") published = r.data;
  world::World w(s);
  w.run();
  const auto dkim = auths(w, "dkim");
  REQUIRE(dkim.size() == 2);

  const auto& pass = facts(dkim[0]);
  REQUIRE(pass.dkim);
  std::vector<std::string> names;
  for (const auto& t : pass.dkim->tags) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"v", "a", "c", "d", "s", "t", "h", "bh", "b"});
  CHECK(pass.dkim->tags[1].value == "rsa-sha256");
  CHECK(pass.dkim->key_name == "s2025._domainkey.school.example");
  if (!published.empty()) CHECK(pass.dkim->key_text == published);
  CHECK(pass.dkim->key_text.rfind("v=DKIM1; k=rsa; p=", 0) == 0);
  CHECK(pass.dkim->body_hash.size() == 44);
  CHECK(pass.dkim->body_hash == pass.dkim->body_hash_tag);
  CHECK(pass.dkim->body_hash_verdict == "match");
  CHECK(pass.dkim->header_hash_verdict == "verified");
  REQUIRE(pass.dkim->lookup != trace::kNoLookup);
  CHECK(pass.lookups.at(pass.dkim->lookup).name == "s2025._domainkey.school.example");
  CHECK(pass.reply_code == 0);
  std::vector<std::string> steps;
  for (const auto& st : pass.dkim->steps) steps.push_back(st.check + (st.ok ? "+" : "-"));
  CHECK(steps == std::vector<std::string>{"signature_tags+", "key_query+", "key_record+", "body_hash+", "header_hash+"});
  check_packets(w, *dkim[0]);

  // Through the list that adds a footer: the body hash recomputed differs from bh=.
  const auto& fail = facts(dkim[1]);
  REQUIRE(fail.dkim);
  CHECK(dkim[1]->as<td::Auth>().reason == "body hash mismatch");
  CHECK(fail.dkim->body_hash_verdict == "mismatch");
  CHECK(fail.dkim->header_hash_verdict == "not checked");
  CHECK(fail.dkim->body_hash.size() == 44);
  CHECK(fail.dkim->body_hash != fail.dkim->body_hash_tag);
  check_packets(w, *dkim[1]);
}

TEST_CASE("dmarc-quarantine and spoofed-sender: the DMARC events carry the policy, the alignment, the decision and the reply") {
  {
    world::World w(bundled_lesson("dmarc-quarantine"));
    w.run();
    const auto dmarc = auths(w, "dmarc");
    REQUIRE(dmarc.size() == 2);
    const auto& good = facts(dmarc[0]);
    REQUIRE(good.dmarc);
    CHECK(good.dmarc->disposition == "none");
    std::vector<std::string> sides;
    for (const auto& a : good.dmarc->alignment)
      sides.push_back(a.method + " " + a.domain + " " + a.mode + (a.passed ? " pass" : " fail") +
                      (a.aligned ? " aligned" : " not aligned"));
    CHECK(sides == std::vector<std::string>{"dkim shop.example relaxed pass aligned",
                                            "spf shop.example relaxed pass aligned"});
    const auto& forged = facts(dmarc[1]);
    REQUIRE(forged.dmarc);
    CHECK(forged.dmarc->from_domain == "shop.example");
    CHECK(forged.dmarc->org_domain == "shop.example");
    CHECK(forged.dmarc->record_name == "_dmarc.shop.example");
    CHECK(forged.dmarc->record_text == "v=DMARC1; p=quarantine");
    CHECK(forged.dmarc->p == "quarantine");
    CHECK(forged.dmarc->sp == "");
    CHECK(forged.dmarc->pct == 100);
    CHECK(forged.dmarc->policy_tag == "p");
    CHECK(forged.dmarc->policy == "quarantine");
    CHECK(forged.dmarc->disposition == "quarantine");
    REQUIRE(forged.dmarc->alignment.size() == 1);
    CHECK(forged.dmarc->alignment[0].method == "spf");
    CHECK_FALSE(forged.dmarc->alignment[0].passed);
    CHECK_FALSE(forged.dmarc->alignment[0].aligned);
    REQUIRE(forged.lookups.size() == 1);
    CHECK(forged.lookups[0].name == "_dmarc.shop.example");
    CHECK(forged.dmarc->lookups == std::vector<std::size_t>{0});
    CHECK(forged.reply_code == 250);
    CHECK(forged.reply.rfind("250 2.0.0 Ok: queued as ", 0) == 0);
    for (const auto* e : dmarc) check_packets(w, *e);
  }
  {
    world::World w(bundled_lesson("spoofed-sender"));
    w.run();
    const auto dmarc = auths(w, "dmarc");
    REQUIRE(dmarc.size() == 3);
    const auto& refused = facts(dmarc[1]);
    REQUIRE(refused.dmarc);
    CHECK(refused.dmarc->disposition == "reject");
    CHECK(refused.reply_code == 550);
    CHECK(refused.reply == "550 5.7.1 Email rejected per DMARC policy for bank.example");
    // No policy at all: two questions (the From domain is its own organizational domain, so one).
    const auto& none = facts(dmarc[2]);
    REQUIRE(none.dmarc);
    CHECK(none.dmarc->record_name.empty());
    CHECK(none.dmarc->discovery == std::vector<std::string>{"_dmarc.shop.example: NXDOMAIN"});
    CHECK(none.dmarc->disposition == "none");
    CHECK(none.reply_code == 250);
    for (const auto* e : dmarc) check_packets(w, *e);
  }
}

TEST_CASE("The JSON line of an auth event writes its lookups with the datagrams' seq numbers") {
  world::World w(bundled_lesson("spf-basics"));
  w.run();
  const auto spf = auths(w, "spf");
  REQUIRE(spf.size() == 2);
  const auto& f = facts(spf[1]);
  const std::string line = trace::to_json_line(*spf[1]);
  CHECK(line.find(R"("lookups":[{"type":"TXT","name":"school.example","query_seq":)" +
                  std::to_string(f.lookups[0].query_seq) + R"(,"answer_seq":)" +
                  std::to_string(f.lookups[0].answer_seq) + ",") != std::string::npos);
  CHECK(line.find(R"({"depth":0,"domain":"school.example","term":"-all","qualifier":"-","target":"","matched":true,)") !=
        std::string::npos);
  CHECK(line.find(R"("reply_code":550,"reply":"550 5.7.23 10.66.0.25 is not allowed to send mail for school.example")") !=
        std::string::npos);
}
