// Things that happen at a set time or on an event: injected failures, the teacher's captions and
// quiz questions.
#include <algorithm>
#include <cctype>

#include "sim/proto/smtp/server_commands.hpp"
#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

struct KindInfo {
  FailureKind kind;
  std::vector<std::string_view> keys;  // besides "at", "kind" and "note"
};

const KindInfo kKinds[] = {  // every kind and the keys it takes
    {FailureKind::HostDown, {"host"}},
    {FailureKind::HostUp, {"host"}},
    {FailureKind::ServiceStop, {"host", "port"}},
    {FailureKind::ServiceStart, {"host", "port"}},
    {FailureKind::LinkDown, {"link"}},
    {FailureKind::LinkUp, {"link"}},
    {FailureKind::DnsSet, {"record"}},
    {FailureKind::DnsRemove, {"record"}},
    {FailureKind::SmtpReply, {"host", "port", "command", "reply"}},
    {FailureKind::SmtpReplyClear, {"host", "port", "command"}},
};


void parse_reply(const Node& n, Failure& f) {
  n.check_object({"code", "enhanced", "text"});
  f.reply_code = static_cast<int>(n["code"].integer(400, 599));
  if (auto e = n.get("enhanced")) {
    // RFC 3463: class.subject.detail, and the class must agree with the reply code's first digit.
    f.reply_enhanced = e->string();
    const std::string& s = f.reply_enhanced;
    const std::size_t d1 = s.find('.'), d2 = d1 == s.npos ? s.npos : s.find('.', d1 + 1);
    auto digits = [&](std::size_t from, std::size_t to) {
      return to > from && to - from <= 3 &&
             std::all_of(s.begin() + static_cast<long>(from), s.begin() + static_cast<long>(to),
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    if (d2 == s.npos || d1 != 1 || (s[0] != '4' && s[0] != '5') || !digits(d1 + 1, d2) ||
        !digits(d2 + 1, s.size()))
      e->fail(in_quotes(s) + " is not an enhanced status code (like \"4.7.1\")");
    if (s[0] != std::to_string(f.reply_code)[0])
      e->fail(in_quotes(s) + " does not match reply code " + std::to_string(f.reply_code) + " (class " +
              std::to_string(f.reply_code / 100) + ")");
  }
  if (auto t = n.get("text")) f.reply_text = t->string();
}

Failure parse_failure(const Node& n, const Scenario& s) {
  n.check_object({"at", "kind", "host", "port", "link", "record", "command", "reply", "note"});
  Failure f;
  const Node at = n["at"];
  f.at = at.duration();
  check_before_until(s, at, f.at);
  const Node kind = n["kind"];
  const std::string kind_name = kind.string();
  const KindInfo* info = nullptr;
  for (const KindInfo& k : kKinds)
    if (to_string(k.kind) == kind_name) info = &k;
  if (!info) {
    std::vector<std::string> names;
    for (const KindInfo& k : kKinds) names.push_back(to_string(k.kind));
    kind.fail(in_quotes(kind_name) + " is not a failure kind (" + join(names) + ")");
  }
  f.kind = info->kind;
  for (const auto& [key, value] : n.json().items()) {
    if (key == "at" || key == "kind" || key == "note") continue;
    if (std::find(info->keys.begin(), info->keys.end(), key) == info->keys.end())
      n.fail_key(key, in_quotes(key) + " does not apply to a " + kind_name + " failure");
  }

  using enum FailureKind;
  using enum Role;
  if (std::find(info->keys.begin(), info->keys.end(), "host") != info->keys.end()) {
    f.host = n["host"].hostname();
    if (f.kind == SmtpReply || f.kind == SmtpReplyClear)
      host_with_role(s, n["host"], f.host, {Submission, Relay, Destination},
                     "only submission, relay and destination hosts answer SMTP");
    else
      host_index(s, n["host"], f.host);
  }
  if (auto p = n.get("port")) f.port = static_cast<std::uint16_t>(p->integer(1, 65535));
  if (f.kind == LinkDown || f.kind == LinkUp) {
    const Node link = n["link"];
    const auto ends = link.items();
    if (ends.size() != 2) link.fail("a link is named by its two hosts, like [\"a.example\", \"b.example\"]");
    f.link_a = ends[0].hostname();
    f.link_b = ends[1].hostname();
    const bool exists = std::any_of(s.links.begin(), s.links.end(), [&](const Link& l) {
      return (l.a == f.link_a && l.b == f.link_b) || (l.a == f.link_b && l.b == f.link_a);
    });
    if (!exists) link.fail("there is no link between " + in_quotes(f.link_a) + " and " + in_quotes(f.link_b));
  }
  if (f.kind == DnsSet || f.kind == DnsRemove) {
    if (std::none_of(s.hosts.begin(), s.hosts.end(), [](const Host& h) { return h.role == Dns; }))
      n.fail("a DNS change needs a host with role 'dns'");
    f.record = parse_record(n["record"], f.kind == DnsRemove);
  }
  if (f.kind == SmtpReply || f.kind == SmtpReplyClear) {
    const Node command = n["command"];
    std::string c = command.string();
    for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    // Where a forced reply can be attached comes from the server's own command list: DATA is the
    // reply after the message's final "."; DATA-CMD the "354" step right after the DATA command;
    // CONNECT the greeting.
    const std::vector<std::string_view> points = smtp::reply_points();
    if (std::find(points.begin(), points.end(), c) == points.end()) {
      std::string list;
      for (const std::string_view p : points) list += (list.empty() ? "" : ", ") + std::string(p);
      command.fail(in_quotes(command.string()) + " is not a reply point (" + list + ")");
    }
    f.command = c;
  }
  if (f.kind == SmtpReply) parse_reply(n["reply"], f);
  if (auto note = n.get("note")) f.note = note->text();
  return f;
}

// `at` or `on`, exactly one of them.
template <class T> void parse_when(const Node& n, const Scenario& s, T& item, const char* what) {
  if (n.has("at") && n.has("on")) n.fail_key("on", std::string("a ") + what + " shows 'at' a time or 'on' an event, not both");
  if (auto on = n.get("on")) {
    item.on = parse_trigger(*on, s);
  } else {
    if (!n.has("at")) n.fail(std::string("a ") + what + " needs 'at' (a time) or 'on' (an event)");
    const Node at = n["at"];
    item.at = at.duration();
    check_before_until(s, at, item.at);
  }
}

Caption parse_caption(const Node& n, const Scenario& s) {
  n.check_object({"at", "on", "duration", "focus", "en", "ja"});
  Caption c;
  parse_when(n, s, c, "caption");
  if (auto d = n.get("duration")) {
    c.duration = d->duration();
    if (c.duration == 0) d->fail("a caption must show for longer than 0s");
  }
  if (auto f = n.get("focus")) {
    // A host, or a connection as its two ends (either way round).
    if (f->json().is_array()) {
      const auto ends = f->items();
      if (ends.size() != 2) f->fail("a focus is a host, or a connection as its two hosts, like [\"a.example\", \"b.example\"]");
      c.focus_host = ends[0].hostname();
      host_index(s, ends[0], c.focus_host);
      c.focus_peer = ends[1].hostname();
      host_index(s, ends[1], c.focus_peer);
    } else {
      c.focus_host = f->hostname();
      host_index(s, *f, c.focus_host);
    }
  }
  if (auto en = n.get("en")) c.text.en = en->string();
  if (auto ja = n.get("ja")) c.text.ja = ja->string();
  if (c.text.en.empty() && c.text.ja.empty()) n.fail("a caption needs a text in 'en' or 'ja'");
  return c;
}

Text needed_text(const Node& n, const char* what) {
  Text t = n.text();
  if (t.en.empty() && t.ja.empty()) n.fail(std::string(what) + " needs a text in 'en' or 'ja'");
  return t;
}

QuizItem parse_quiz_item(const Node& n, const Scenario& s) {
  n.check_object({"at", "on", "question", "choices", "answer", "explain"});
  QuizItem q;
  parse_when(n, s, q, "question");
  q.question = needed_text(n["question"], "a question");
  const Node choices = n["choices"];
  for (const Node& c : choices.items()) q.choices.push_back(needed_text(c, "a choice"));
  if (q.choices.size() < 2 || q.choices.size() > 4)
    choices.fail("a question has 2 to 4 choices, not " + std::to_string(q.choices.size()));
  q.answer = static_cast<std::size_t>(n["answer"].integer(0, static_cast<std::int64_t>(q.choices.size()) - 1));
  if (auto e = n.get("explain")) q.explanation = e->text();
  return q;
}

}  // namespace

void parse_events(const Node& root, Scenario& s) {
  for (const Node& n : list_of(root, "failures")) s.failures.push_back(parse_failure(n, s));
  for (const Node& n : list_of(root, "captions")) s.captions.push_back(parse_caption(n, s));
  for (const Node& n : list_of(root, "quiz")) s.quiz.push_back(parse_quiz_item(n, s));
}

}  // namespace mailsim::scenario::detail
