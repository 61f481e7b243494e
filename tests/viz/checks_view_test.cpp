// The Checks tab's model (viz/model/checks_view.hpp), built from real lessons' traces: which checks
// it shows at a display time, their rows, and the DNS links that lead to the packets.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"
#include "../world/bundled.hpp"
#include "viz/model/checks_view.hpp"
#include "viz/model/session.hpp"

using namespace mailsim;
using namespace mailsim::viz;

namespace {

Session lesson(const std::string& stem) {
  return Session(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/" + stem + ".json"));
}

std::vector<std::string> methods(const ChecksView& v) {
  std::vector<std::string> out;
  for (const auto& s : v.sections) out.push_back(s.method + "=" + s.result);
  return out;
}

// Each link names a datagram of the trace at the time it gives.
void check_links(const TraceModel& m, const CheckSection& s) {
  for (const CheckLink& l : s.links) {
    CAPTURE(l.question);
    bool query = false, answer = !l.answered;
    for (const auto& e : m.events()) {
      if (e.kind != trace::Kind::Datagram) continue;
      if (e.seq == l.query_seq && e.time == l.query_at && e.host == s.host) query = true;
      if (l.answered && e.seq == l.answer_seq && e.time == l.answer_at && e.peer == s.host) answer = true;
    }
    CHECK(query);
    CHECK(answer);
  }
}

}  // namespace

TEST_CASE("checks view: spf-basics shows nothing before the first check, then each SPF check term by term") {
  Session s = lesson("spf-basics");
  const TraceModel& m = s.model();
  CHECK(checks_view(m, 0, "").sections.empty());

  const ChecksView end = checks_view(m, m.last_time(), "");
  // The newest check is the attacker's, refused at MAIL FROM: a transaction with no message.
  CHECK(end.message_id.empty());
  REQUIRE(methods(end) == std::vector<std::string>{"spf=fail"});
  const CheckSection& spf = end.sections[0];
  CHECK(spf.host == "mx.home.example");
  CHECK(spf.reply_code == 550);
  CHECK(spf.reply == "550 5.7.23 10.66.0.25 is not allowed to send mail for school.example");
  std::vector<std::string> rows;
  for (const CheckRow& r : spf.rows) {
    switch (r.kind) {
      case CheckRow::Kind::Fact: rows.push_back("fact " + r.value + (r.link != kNoLink ? " [link]" : "")); break;
      case CheckRow::Kind::Term:
        rows.push_back("term " + r.key + " " + r.value + (r.ok == 1 ? " match" : " no match") +
                       (r.link != kNoLink ? " [link]" : ""));
        break;
      case CheckRow::Kind::Tag:
      case CheckRow::Kind::Align:
      case CheckRow::Kind::Link: rows.push_back("other"); break;
    }
  }
  CHECK(rows == std::vector<std::string>{
                    "fact MAIL FROM <alice@school.example>",
                    "fact 10.66.0.25",
                    "fact school.example: v=spf1 a:mail.school.example -all [link]",
                    "term + a:mail.school.example no match [link]",
                    "term - -all match",
                    "fact 1",
                });
  CHECK(spf.rows.back().label == Str::ChkLookups);
  CHECK(spf.rows.back().detail == "0");  // void lookups
  REQUIRE(spf.links.size() == 2);
  CHECK(spf.links[0].question == "TXT school.example");
  CHECK(spf.links[1].question == "A mail.school.example");
  CHECK(spf.links[0].answered);
  CHECK(spf.links[0].query_at < spf.links[0].answer_at);
  check_links(m, spf);

  // Asked for Alice's message, at the end: her own check, which passed.
  std::string alice;
  for (const auto& e : m.events())
    if (e.kind == trace::Kind::Auth && e.as<trace::data::Auth>().result == "pass") alice = e.message_id;
  REQUIRE(!alice.empty());
  const ChecksView mine = checks_view(m, m.last_time(), alice);
  CHECK(mine.message_id == alice);
  CHECK(methods(mine) == std::vector<std::string>{"spf=pass"});
  CHECK(mine.sections[0].reply_code == 250);
}

TEST_CASE("checks view: dkim-signature's tags each with a meaning, the key record, bh= beside the body hash recomputed") {
  Session s = lesson("dkim-signature");
  const TraceModel& m = s.model();
  const ChecksView v = checks_view(m, m.last_time(), "");
  REQUIRE(methods(v) == std::vector<std::string>{"dkim=fail"});
  const CheckSection& d = v.sections[0];
  CHECK(d.reason == "body hash mismatch");
  std::vector<std::string> tags;
  std::string stated, computed;
  int computed_ok = -1;
  bool key_linked = false;
  for (const CheckRow& r : d.rows) {
    if (r.kind == CheckRow::Kind::Tag) {
      tags.push_back(r.key);
      CHECK(r.note != Str::Count);
      CHECK(r.value.find('\n') == std::string::npos);  // the field's folding is not the value
    }
    if (r.label == Str::ChkBodyHashStated) stated = r.value;
    if (r.label == Str::ChkBodyHashComputed) {
      computed = r.value;
      computed_ok = r.ok;
    }
    if (r.label == Str::ChkKeyRecord) {
      CHECK(r.value.rfind("s2025._domainkey.school.example: v=DKIM1; k=rsa; p=", 0) == 0);
      key_linked = r.link != kNoLink;
    }
  }
  CHECK(tags == std::vector<std::string>{"v", "a", "c", "d", "s", "t", "h", "bh", "b"});
  CHECK(stated.size() == 44);
  CHECK(computed.size() == 44);
  CHECK(stated != computed);
  CHECK(computed_ok == 0);
  CHECK(key_linked);
  check_links(m, d);
  CHECK(dkim_tag_note("bh") == Str::ChkTagBh);
  CHECK(dkim_tag_note("zz") == Str::Count);
}

TEST_CASE("checks view: dmarc-quarantine's forgery, the alignment side by side and the decision, all three checks") {
  Session s = lesson("dmarc-quarantine");
  const TraceModel& m = s.model();
  const ChecksView v = checks_view(m, m.last_time(), "");
  REQUIRE(methods(v) == std::vector<std::string>{"spf=fail", "dkim=none", "dmarc=fail"});
  CHECK(v.message_id.find("@mail.attacker.example>") != std::string::npos);
  const CheckSection& d = v.sections[2];
  std::vector<std::string> rows;
  for (const CheckRow& r : d.rows) {
    if (r.kind == CheckRow::Kind::Align)
      rows.push_back("align " + r.key + " " + r.value + " " + r.detail + (r.passed == 1 ? " pass" : " fail") +
                     (r.ok == 1 ? " aligned" : " not aligned"));
    else if (r.kind == CheckRow::Kind::Fact)
      rows.push_back("fact " + r.value + (r.link != kNoLink ? " [link]" : ""));
  }
  CHECK(rows == std::vector<std::string>{
                    "fact shop.example",
                    "fact _dmarc.shop.example: v=DMARC1; p=quarantine [link]",
                    "fact p=quarantine  (pct=100)",
                    "align spf shop.example relaxed fail not aligned",
                    "fact quarantine: into the Junk folder",
                });
  CHECK(d.action == "quarantine");
  CHECK(d.reply_code == 250);
  for (const auto& sec : v.sections) check_links(m, sec);

  // Just after the SPF check of the forgery, before its data: that check alone.
  const Time spf_at = v.sections[0].at;
  CHECK(methods(checks_view(m, spf_at, "")) == std::vector<std::string>{"spf=fail"});
  CHECK(methods(checks_view(m, spf_at - 1, "")) == std::vector<std::string>{"spf=pass", "dkim=pass", "dmarc=pass"});
}

namespace {

bool has_japanese(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

}  // namespace

TEST_CASE("checks view: in Japanese the reasons, the terms' details, the verdicts and the decision are Japanese") {
  {
    Session s = lesson("spf-basics");
    const ChecksView v = checks_view(s.model(), s.model().last_time(), "", Lang::Ja);
    REQUIRE(v.sections.size() == 1);
    const CheckSection& spf = v.sections[0];
    CHECK(spf.reason ==
          "10.66.0.25 は school.example のメールを送ってよいサーバーではありません(ドメインの説明文:「10.66.0.25 is not "
          "allowed to send mail for school.example」)");
    std::vector<std::string> details;
    for (const CheckRow& r : spf.rows)
      if (r.kind == CheckRow::Kind::Term) details.push_back(r.detail);
    CHECK(details == std::vector<std::string>{"10.66.0.25 は 10.0.1.25 に含まれません", "'all' は常に一致します"});
    // The same check in English is what the trace says.
    const ChecksView en = checks_view(s.model(), s.model().last_time(), "");
    CHECK(en.sections[0].reason == "10.66.0.25 is not allowed to send mail for school.example");
  }
  {
    Session s = lesson("dkim-signature");
    const ChecksView v = checks_view(s.model(), s.model().last_time(), "", Lang::Ja);
    REQUIRE(v.sections.size() == 1);
    CHECK(v.sections[0].reason == "本文のハッシュ値が一致しません(署名の後で本文が変わりました)");
    std::string header;
    for (const CheckRow& r : v.sections[0].rows)
      if (r.label == Str::ChkHeaderHash) header = r.value;
    CHECK(header == "未検査");  // the body hash failed first (RFC 6376 §6.1.3)
  }
  {
    Session s = lesson("dmarc-quarantine");
    const ChecksView v = checks_view(s.model(), s.model().last_time(), "", Lang::Ja);
    REQUIRE(v.sections.size() == 3);
    const CheckSection& d = v.sections[2];
    CHECK(d.reason == "pass した SPF・DKIM のどれも From の shop.example と一致(アライメント)していません");
    CHECK(d.rows.back().label == Str::ChkDecision);
    CHECK(d.rows.back().value == "quarantine:迷惑メールフォルダーへ隔離");
  }
}

TEST_CASE("checks view: every bundled lesson's checks give their reasons and SPF details in Japanese") {
  std::size_t sections = 0;
  for (const auto& file : bundled_lesson_files()) {
    Session s(scenario::load_file(file.string()));
    const TraceModel& m = s.model();
    for (const auto& e : m.events()) {
      if (e.kind != trace::Kind::Auth) continue;
      for (const CheckSection& sec : checks_view(m, e.time, e.message_id, Lang::Ja).sections) {
        CAPTURE(file.filename().string());
        CAPTURE(sec.method);
        ++sections;
        if (!sec.reason.empty() && sec.result != "pass") CHECK(has_japanese(sec.reason));
        for (const CheckRow& r : sec.rows)
          if (r.kind == CheckRow::Kind::Term && !r.detail.empty()) CHECK(has_japanese(r.detail));
      }
    }
  }
  CHECK(sections > 20);
}

TEST_CASE("dialog: a server's sender check is a note of its connection, between the command and the reply it led to") {
  Session s = lesson("spf-basics");
  const TraceModel& m = s.model();
  const auto& ev = m.events();
  std::size_t notes = 0;
  for (const Connection& c : m.connections()) {
    for (const std::uint32_t i : c.control) {
      if (ev[i].kind != trace::Kind::Auth) continue;
      ++notes;
      CHECK(ev[i].host == c.server);
      // The line before it is the client's MAIL FROM; the line after, the server's reply, with the
      // code the check's facts name.
      std::optional<std::uint32_t> before, after;
      for (const DialogLine& l : c.lines) {
        if (l.event < i) before = l.event;
        if (l.event > i && !after) after = l.event;
      }
      REQUIRE(before);
      REQUIRE(after);
      std::optional<std::uint32_t> mail;
      for (const DialogLine& l : c.lines)
        if (l.event < i && ev[l.event].as<trace::data::Segment>().facts.keyword == "MAIL") mail = l.event;
      CHECK(mail);
      const auto& reply = ev[*after].as<trace::data::Segment>();
      CHECK(reply.what == trace::Payload::Reply);
      CHECK(reply.facts.code == ev[i].as<trace::data::Auth>().facts->reply_code);
    }
  }
  CHECK(notes == 2);
}
