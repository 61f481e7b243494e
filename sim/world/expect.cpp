#include "sim/world/expect.hpp"

#include <algorithm>

#include "sim/proto/message/message.hpp"

namespace mailsim::world {

using scenario::ExpectKind;

std::string message_id_of(const World& w, const std::string& id) {
  return ExpectFacts::of(w.scenario(), w.trace()).message_id(id);
}

const mailstore::Folder* inbox_of(const World& w, const std::string& address) { return folder_of(w, address, "INBOX"); }

const mailstore::Folder* folder_of(const World& w, const std::string& address, const std::string& folder) {
  for (const auto& a : w.scenario().accounts) {
    if (a.address != address) continue;
    const auto* d = w.destination(a.host);
    if (!d) return nullptr;
    const auto* acc = d->store().find(a.user);
    if (!acc) return nullptr;
    auto it = acc->folders.find(folder);
    return it == acc->folders.end() ? nullptr : &it->second;
  }
  return nullptr;
}

namespace {
// The copy of `message_id` in folder `f`, or nullptr.
const mailstore::StoredMessage* copy_in(const mailstore::Folder* f, const std::string& message_id) {
  if (!f || message_id.empty()) return nullptr;
  for (const auto& m : f->messages)
    if (message::Message::parse(m.raw).get("Message-ID") == message_id) return &m;
  return nullptr;
}

std::string arrows(const std::vector<std::string>& hosts) {
  std::string out;
  for (const std::string& h : hosts) out += (out.empty() ? "" : " → ") + h;
  return out;
}

// The servers a message's Received: fields name after "by", the first server first: each server
// puts its field on top (RFC 5321 §4.4), so they are read from the bottom up.
std::vector<std::string> received_path(const std::string& raw) {
  std::vector<std::string> out;
  for (const std::string& v : message::Message::parse(raw).get_all("Received")) {
    std::string flat;
    for (char c : v) flat += c == '\r' || c == '\n' || c == '\t' ? ' ' : c;
    const std::size_t by = flat.find(" by ") != std::string::npos ? flat.find(" by ") + 4
                           : flat.rfind("by ", 0) == 0          ? 3
                                                                : std::string::npos;
    if (by == std::string::npos) continue;
    const std::size_t end = flat.find_first_of(" ;", by);
    out.push_back(flat.substr(by, end == std::string::npos ? std::string::npos : end - by));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

bool holds(const mailstore::Folder* f, const std::string& message_id) {
  if (!f || message_id.empty()) return false;
  for (const auto& m : f->messages)
    if (message::Message::parse(m.raw).get("Message-ID") == message_id) return true;
  return false;
}

bool holds_bounce_for(const mailstore::Folder* f, const std::string& message_id) {
  if (!f || message_id.empty()) return false;
  for (const auto& m : f->messages) {
    const auto msg = message::Message::parse(m.raw);
    const auto type = msg.get("Content-Type").value_or("");
    if (type.find("report-type=delivery-status") != std::string::npos && m.raw.find(message_id) != std::string::npos &&
        msg.get("Subject").value_or("").find("Undelivered") != std::string::npos)
      return true;
  }
  return false;
}

std::string client_of(const World& w, const std::string& id) {
  for (const auto& m : w.scenario().messages)
    if (m.id == id) return m.client;
  return {};
}

std::string from_of(const World& w, const std::string& id) {
  for (const auto& m : w.scenario().messages)
    if (m.id == id) return m.from;
  return {};
}
}  // namespace

std::vector<ExpectResult> check_expectations(const World& w) {
  return check_expectations(w, ExpectFacts::of(w.scenario(), w.trace()));
}

std::vector<ExpectResult> check_expectations(const World& w, const ExpectFacts& facts) {
  using scenario::Text;
  std::vector<ExpectResult> out;
  for (const auto& x : w.scenario().expect) {
    ExpectResult r{x, false, {}, {}};
    const std::string mid = x.message.empty() ? "" : facts.message_id(x.message);
    const Text unsent{x.message + " was never accepted by a submission server",
                      x.message + " は送信サーバーに一度も受け付けられなかった"};
    const Text found{"found " + mid, mid + " がある"};
    switch (x.kind) {
      case ExpectKind::Received: {
        const std::string path = arrows(x.path);
        r.description = {x.message + " reached " + x.mailbox + " through " + path,
                         x.message + " は " + path + " を通って " + x.mailbox + " に届いた"};
        const auto* copy = copy_in(inbox_of(w, x.mailbox), mid);
        if (mid.empty()) {
          r.detail = unsent;
          break;
        }
        if (!copy) {
          r.detail = {"no message " + mid + " in that mailbox", "そのメールボックスに " + mid + " はない"};
          break;
        }
        const auto got = received_path(copy->raw);
        r.ok = got == x.path;
        const std::string seen = got.empty() ? "-" : arrows(got);
        r.detail = {"its Received: fields say " + seen, "Received: フィールドによると " + seen};
        break;
      }
      case ExpectKind::Delivered:
        r.description = {x.message + " delivered to " + x.mailbox, x.message + " が " + x.mailbox + " に配送された"};
        r.ok = holds(inbox_of(w, x.mailbox), mid);
        r.detail = mid.empty() ? unsent
                   : r.ok      ? found
                               : Text{"no message " + mid + " in that mailbox", "そのメールボックスに " + mid + " はない"};
        break;
      case ExpectKind::NotDelivered:
        r.description = {x.message + " not delivered to " + x.mailbox, x.message + " は " + x.mailbox + " に配送されていない"};
        r.ok = !holds(inbox_of(w, x.mailbox), mid);
        r.detail = r.ok ? Text{"not there", "ない"} : found;
        break;
      case ExpectKind::Bounced: {
        const std::string sender = from_of(w, x.message);
        r.description = {x.message + " bounced to its sender " + sender,
                         x.message + " のエラー通知(バウンス)が差出人 " + sender + " に届いた"};
        r.ok = holds_bounce_for(inbox_of(w, sender), mid);
        r.detail = mid.empty() ? unsent
                   : r.ok      ? Text{"bounce found", "エラー通知がある"}
                               : Text{"no bounce about " + mid + " for " + sender,
                                      sender + " 宛ての " + mid + " についてのエラー通知はない"};
        break;
      }
      case ExpectKind::QueueEmpty: {
        const auto* m = w.mta(x.host);
        r.description = {"queue of " + x.host + " empty", x.host + " のキューが空"};
        r.ok = m && m->queue().empty();
        const std::string n = m ? std::to_string(m->queue().size()) : "";
        r.detail = !m ? Text{"no such MTA", "そのような MTA はない"} : Text{n + " message(s) queued", "キューに " + n + " 通"};
        break;
      }
      case ExpectKind::ReplySeen: {
        const std::string code = std::to_string(x.code);
        r.description = {"reply " + code + " seen" + (x.host.empty() ? "" : " from " + x.host),
                         (x.host.empty() ? "" : x.host + " から") + "応答 " + code + " が送られた"};
        if (const auto& first = facts.first_reply(x.host, x.code)) {
          r.ok = true;
          // The line as sent, quoted for the teacher (not read for any fact).
          r.detail = {"at " + format_time(first->time) + ": " + first->text, format_time(first->time) + " に:" + first->text};
        }
        if (!r.ok) r.detail = {"never sent", "一度も送られていない"};
        break;
      }
      case ExpectKind::Accepted: {
        const std::size_t taken = facts.accepted(x.host);  // by queue id: stored for two recipients, counted once
        const std::string want = std::to_string(x.count), n = std::to_string(taken);
        r.description = {x.host + " accepted at least " + want + " messages", x.host + " が " + want + " 通以上を受け付けた"};
        r.ok = static_cast<int>(taken) >= x.count;
        r.detail = {n + " accepted", n + " 通を受け付けた"};
        break;
      }
      case ExpectKind::Attempts: {
        const auto* m = w.mta(x.host);
        const int n = m ? m->attempts_for(mid) : 0;
        const std::string count = std::to_string(x.count);
        r.description = {x.message + ": at least " + count + " delivery attempts by " + x.host,
                         x.message + ": " + x.host + " による配送の試行が " + count + " 回以上"};
        r.ok = n >= x.count;
        r.detail = {std::to_string(n) + " attempt(s)", std::to_string(n) + " 回試行"};
        break;
      }
      case ExpectKind::Fetched:
      case ExpectKind::NotFetched: {
        const bool want = x.kind == ExpectKind::Fetched;
        r.description = want ? Text{x.message + " in the local copy of " + x.host, x.message + " が " + x.host + " の手元のコピーにある"}
                             : Text{x.message + " not in the local copy of " + x.host,
                                    x.message + " は " + x.host + " の手元のコピーにない"};
        const nodes::MailReader* reader = w.reader(x.host);
        bool found_there = false;
        if (reader)
          for (const auto& m : reader->local_copy())
            found_there |= !mid.empty() && message::Message::parse(m.raw).get("Message-ID") == mid;
        r.ok = reader && found_there == want;
        if (!reader) {
          r.detail = {"no such reading device", "メールを読む端末ではない"};
        } else {
          const std::string n = std::to_string(reader->local_copy().size());
          r.detail = {n + " message(s) there", "手元に " + n + " 通"};
        }
        break;
      }
      case ExpectKind::Flagged: {
        r.description = {x.message + " in " + x.mailbox + " has flag " + x.flag,
                         x.mailbox + " の " + x.message + " にフラグ " + x.flag + " が付いている"};
        const auto* f = inbox_of(w, x.mailbox);
        r.detail = {"message not in the mailbox", "メッセージがメールボックスにない"};
        if (f)
          for (const auto& m : f->messages)
            if (!mid.empty() && message::Message::parse(m.raw).get("Message-ID") == mid) {
              r.ok = m.flags.count(x.flag) > 0;
              std::string flags;
              for (const auto& fl : m.flags) flags += (flags.empty() ? "" : " ") + fl;
              r.detail = {"flags: (" + flags + ")", "フラグ:(" + flags + ")"};
            }
        break;
      }
      case ExpectKind::Refused: {
        const std::string code = std::to_string(x.code);
        r.description = {x.message + " refused by " + x.host + " with " + code,
                         x.message + " が " + x.host + " に " + code + " で拒否された"};
        r.detail = {"never refused", "一度も拒否されていない"};
        for (const auto& refusal : facts.refusals(x.message, x.host)) {
          r.ok = refusal.code == x.code;
          // The client's words, quoted for the teacher (the code was read from its field).
          const auto& [time, said] = refusal.said;
          r.detail = {"at " + format_time(time) + ": " + said, format_time(time) + " に:" + said};
          if (r.ok) break;
        }
        if (!r.ok && !mid.empty()) r.detail = {"accepted as " + mid, mid + " として受け付けられた"};
        break;
      }
      case ExpectKind::InOutbox: {
        const std::string client = client_of(w, x.message);
        r.description = {x.message + " still in the outbox of " + client, x.message + " が " + client + " の送信トレイに残っている"};
        const nodes::MailClient* c = nullptr;
        for (const auto& m : w.scenario().messages)
          if (m.id == x.message) c = w.mail_client(m);
        const auto& outbox = c ? c->outbox() : std::vector<std::string>{};
        r.ok = std::find(outbox.begin(), outbox.end(), x.message) != outbox.end();
        const std::string n = std::to_string(outbox.size());
        r.detail = r.ok   ? Text{n + " message(s) in the outbox", "送信トレイに " + n + " 通"}
                   : !mid.empty() ? Text{"sent: the server accepted it as " + mid, "送信済み:サーバーが " + mid + " として受け付けた"}
                                  : Text{"not in the outbox (never sent)", "送信トレイにない(送信されていない)"};
        break;
      }
      case ExpectKind::AuthResult: {
        std::string want, got;
        r.ok = !mid.empty();
        for (const auto& [method, result] : x.auth) {
          want += (want.empty() ? "" : " ") + method + "=" + result;
          std::vector<std::string> seen;  // DKIM: one result per signature; any may be the one
          for (const auto& e : w.trace().events()) {  // kept by any run (ExpectFacts::kept_in_trace)
            const auto* a = e.get<trace::data::Auth>();
            if (a && e.host == x.host && e.message_id == mid && a->method == method) seen.push_back(a->result);
          }
          r.ok = r.ok && std::find(seen.begin(), seen.end(), result) != seen.end();
          for (const auto& s : seen) got += (got.empty() ? "" : " ") + method + "=" + s;
        }
        r.description = {x.message + " at " + x.host + ": " + want, x.host + " での " + x.message + " の認証結果: " + want};
        r.detail = mid.empty()  ? unsent
                   : got.empty() ? Text{"no check recorded for " + mid, mid + " の検査記録はない"}
                                 : Text{"found " + got, got + " だった"};
        break;
      }
      case ExpectKind::Captured: {
        const std::string how = x.method.empty() ? "" : " (" + x.method + ")";
        r.description = x.password
                            ? Text{x.host + " captured the password of " + x.user + how,
                                   x.host + " が " + x.user + " のパスワードを盗聴した" + how}
                            : Text{x.host + " saw " + x.user + " log in" + how + " but got no password",
                                   x.host + " は " + x.user + " のログインを見たが" + how + "パスワードは得られなかった"};
        std::size_t logins = 0, passwords = 0;
        for (const auto& login : facts.logins(x.host)) {
          if (login.user != x.user || (!x.method.empty() && login.method != x.method)) continue;
          ++logins;
          if (login.password) ++passwords;
        }
        r.ok = x.password ? passwords > 0 : logins > 0 && passwords == 0;
        const std::string l = std::to_string(logins), p = std::to_string(passwords);
        r.detail = logins == 0 ? Text{"no login of " + x.user + how + " captured", x.user + how + " のログインは捕らえられていない"}
                               : Text{l + " login(s) captured, " + p + " with the password",
                                      "ログイン " + l + " 件を捕らえ、うちパスワード付き " + p + " 件"};
        break;
      }
      case ExpectKind::InFolder: {
        r.description = {x.message + " in folder " + x.folder + " of " + x.mailbox,
                         x.message + " が " + x.mailbox + " のフォルダー " + x.folder + " にある"};
        const auto* f = folder_of(w, x.mailbox, x.folder);
        r.ok = holds(f, mid);
        if (mid.empty()) {
          r.detail = unsent;
        } else if (!f) {
          r.detail = {"the mailbox has no folder " + x.folder, "そのメールボックスにフォルダー " + x.folder + " はない"};
        } else if (r.ok) {
          r.detail = found;
        } else {
          // Where it went instead, so the teacher sees "in INBOX" rather than only "not there".
          std::string where;
          for (const auto& a : w.scenario().accounts) {
            if (a.address != x.mailbox) continue;
            const auto* d = w.destination(a.host);
            const auto* acc = d ? d->store().find(a.user) : nullptr;
            if (acc)
              for (const auto& [name, folder] : acc->folders)
                if (holds(&folder, mid)) where += (where.empty() ? "" : ", ") + name;
          }
          r.detail = where.empty() ? Text{"no message " + mid + " in that mailbox", "そのメールボックスに " + mid + " はない"}
                                   : Text{mid + " is in " + where, mid + " は " + where + " にある"};
        }
        break;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace mailsim::world
