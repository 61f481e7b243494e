#include "viz/model/quiz.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "sim/world/trigger.hpp"

namespace mailsim::viz {

namespace {

using scenario::Text;
using trace::Event;

// Just before the event at t shows, so the class sees what leads to it but not it.
Time before(Time t) { return t > 0 ? t - 1 : 0; }

bool is_mail_server(scenario::Role r) {
  return r == scenario::Role::Submission || r == scenario::Role::Relay || r == scenario::Role::Destination;
}

// "Which server does the message go to next?": the server dialled among the lesson's other mail
// servers (by name, so the right one is not always first), once per pair.
void next_server(const scenario::Scenario& s, const std::vector<Event>& events, std::vector<QuizQuestion>& out) {
  std::set<std::pair<std::string, std::string>> asked;
  for (const Event& e : events) {
    if (e.kind != trace::Kind::Connect || e.protocol != "smtp") continue;
    const scenario::Host* from = s.find_host(e.host);
    const scenario::Host* to = s.find_host(e.peer);
    if (!from || !to || (from->role != scenario::Role::Submission && from->role != scenario::Role::Relay)) continue;
    if (!asked.insert({e.host, e.peer}).second) continue;
    std::vector<std::string> names;
    for (const scenario::Host& h : s.hosts)
      if (is_mail_server(h.role) && h.name != e.host && h.name != e.peer && names.size() < 3) names.push_back(h.name);
    names.push_back(e.peer);
    std::sort(names.begin(), names.end());
    if (names.size() < 2) continue;
    QuizQuestion q;
    q.at = before(e.time);
    q.builtin = true;
    q.question = {"Which server does " + e.host + " send the message to next?",
                  e.host + " は次にどのサーバーへメールを送るでしょう?"};
    for (const std::string& n : names) q.choices.push_back({n, n});
    q.answer = static_cast<std::size_t>(std::find(names.begin(), names.end(), e.peer) - names.begin());
    q.explanation = {e.host + " connects to " + e.peer + ": its next hop (its relayhost, or the recipient domain's MX hosts in "
                              "order of preference, as DNS answered).",
                     e.host + " は " + e.peer + " に接続します。次の中継先(relayhost、または DNS が答えた宛先ドメインの "
                                               "MX を優先度の順に)です。"};
    out.push_back(std::move(q));
  }
}

// "What will the server reply?": on each SMTP connection, before its first 4xx or 5xx reply, or, with
// none, before the 250 that accepts the data.
void what_reply(const std::vector<Event>& events, std::vector<QuizQuestion>& out) {
  std::map<std::uint64_t, const Event*> decisive;  // connection -> its reply to ask about
  std::set<std::uint64_t> failed;
  for (const Event& e : events) {
    const auto* seg = e.get<trace::data::Segment>();
    if (!seg || seg->what != trace::Payload::Reply || e.conn == 0 || (e.protocol != "smtp" && e.protocol != "submission"))
      continue;
    const int code = seg->facts.code;
    if (code >= 400 && !failed.count(e.conn)) {
      failed.insert(e.conn);
      decisive[e.conn] = &e;
    } else if (code == 250 && seg->facts.enhanced == "2.0.0" && !failed.count(e.conn) && !decisive.count(e.conn)) {
      decisive[e.conn] = &e;
    }
  }
  for (const auto& [conn, e] : decisive) {
    const int code = e->as<trace::data::Segment>().facts.code;
    QuizQuestion q;
    q.at = before(e->time);
    q.builtin = true;
    q.question = {"What will " + e->host + " reply?", e->host + " はどう答えるでしょう?"};
    q.choices = {{"250 (accepted)", "250(受け付け)"},
                 {"4xx (temporary error: try again later)", "4xx(一時的なエラー:あとで再試行)"},
                 {"5xx (permanent error: refused)", "5xx(恒久的なエラー:拒否)"}};
    q.answer = code >= 500 ? 2 : code >= 400 ? 1 : 0;
    const std::string c = std::to_string(code);
    q.explanation = code >= 500   ? Text{e->host + " answers " + c + ": a permanent error. The sender does not try again; the message "
                                                                     "comes back as a bounce.",
                                         e->host + " は " + c + " と答えます。恒久的なエラーなので送信側は再試行せず、"
                                                                "メールはエラー通知(バウンス)として戻ります。"}
                    : code >= 400 ? Text{e->host + " answers " + c + ": a temporary error. The sender keeps the message in its "
                                                                     "queue and tries again later.",
                                         e->host + " は " + c + " と答えます。一時的なエラーなので、送信側はメールを"
                                                                "キューに残し、あとで再試行します。"}
                                  : Text{e->host + " answers " + c + ": it has taken the message and is now responsible "
                                                                     "for it.",
                                         e->host + " は " + c + " と答えます。メールを受け取り、ここから先の配送に"
                                                                "責任を持ちます。"};
    out.push_back(std::move(q));
  }
}

// "Which queue does the message wait in now?": before a message moves to deferred, once per message
// and server.
void which_queue(const std::vector<Event>& events, std::vector<QuizQuestion>& out) {
  std::set<std::pair<std::string, std::string>> asked;
  for (const Event& e : events) {
    const auto* q = e.get<trace::data::Queue>();
    if (!q || !q->recipient.empty() || q->to != trace::QueueName::Deferred || q->from == q->to) continue;
    if (!asked.insert({e.host, e.queue_id}).second) continue;
    QuizQuestion x;
    x.at = before(e.time);
    x.builtin = true;
    x.question = {"The attempt did not get through. In which queue does " + e.host + " keep the message now?",
                  "配送できませんでした。" + e.host + " は今、メールをどのキューに置くでしょう?"};
    x.choices = {{"incoming", "incoming(到着)"}, {"active", "active(配送中)"}, {"deferred", "deferred(延期)"},
                 {"hold", "hold(保留)"}};
    x.answer = 2;
    x.explanation = {"deferred: the message waits there until its next attempt, each wait longer than the last (Postfix's "
                     "deferred queue). hold is only for messages an administrator stops.",
                     "deferred(延期)です。次の再試行まで、回を追うごとに長く待ちます(Postfix の deferred キュー)。"
                     "hold は管理者が止めたメールのためのキューです。"};
    out.push_back(std::move(x));
  }
}

bool by_time(const QuizQuestion& a, const QuizQuestion& b) { return a.at < b.at; }

}  // namespace

std::vector<QuizQuestion> lesson_questions(const scenario::Scenario& s, const std::vector<trace::Event>& events) {
  std::vector<const scenario::Trigger*> triggers;
  for (const auto& item : s.quiz)
    if (item.on) triggers.push_back(&*item.on);
  const std::vector<std::size_t> fired = world::fire_points(triggers, events);
  std::vector<QuizQuestion> out;
  std::size_t t = 0;
  for (const auto& item : s.quiz) {
    QuizQuestion q;
    q.question = item.question;
    q.choices = item.choices;
    q.answer = item.answer;
    q.explanation = item.explanation;
    if (item.on) {
      const std::size_t at = fired[t++];
      if (at == events.size()) continue;  // its event does not happen in this run
      q.at = item.on->after > 0 ? events[at].time + item.on->after : before(events[at].time);
    } else {
      q.at = item.at;
    }
    out.push_back(std::move(q));
  }
  std::stable_sort(out.begin(), out.end(), by_time);
  return out;
}

std::vector<QuizQuestion> builtin_questions(const scenario::Scenario& s, const std::vector<trace::Event>& events) {
  std::vector<QuizQuestion> out;
  next_server(s, events, out);
  what_reply(events, out);
  which_queue(events, out);
  std::stable_sort(out.begin(), out.end(), by_time);
  return out;
}

std::vector<QuizQuestion> quiz_questions(const scenario::Scenario& s, const std::vector<trace::Event>& events,
                                         bool with_builtin) {
  std::vector<QuizQuestion> out = lesson_questions(s, events);
  if (!with_builtin) return out;
  std::set<Time> taken;
  for (const auto& q : out) taken.insert(q.at);
  for (auto& q : builtin_questions(s, events))
    if (taken.insert(q.at).second) out.push_back(std::move(q));
  std::stable_sort(out.begin(), out.end(), by_time);
  return out;
}

void Quiz::set(std::vector<QuizQuestion> q) {
  questions_ = std::move(q);
  given_.assign(questions_.size(), std::nullopt);
  answered_ = right_ = 0;
}

std::optional<std::size_t> Quiz::crossed(Time from, Time to) const {
  const auto it = std::upper_bound(questions_.begin(), questions_.end(), from,
                                   [](Time t, const QuizQuestion& q) { return t < q.at; });
  if (it == questions_.end() || it->at > to) return std::nullopt;
  return static_cast<std::size_t>(it - questions_.begin());
}

std::optional<std::size_t> Quiz::at_or_after(Time t) const {
  const auto it = std::lower_bound(questions_.begin(), questions_.end(), t,
                                   [](const QuizQuestion& q, Time v) { return q.at < v; });
  if (it == questions_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - questions_.begin());
}

bool Quiz::record(std::size_t q, std::size_t choice) {
  if (q >= questions_.size() || choice >= questions_[q].choices.size()) return false;
  const bool ok = choice == questions_[q].answer;
  if (given_[q]) return *given_[q] == questions_[q].answer;
  given_[q] = choice;
  ++answered_;
  right_ += ok ? 1 : 0;
  return ok;
}

std::optional<std::size_t> Quiz::answer_given(std::size_t q) const {
  return q < given_.size() ? given_[q] : std::nullopt;
}

}  // namespace mailsim::viz
