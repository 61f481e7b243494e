#include "sim/proto/imap/client.hpp"

#include <algorithm>
#include <utility>

#include "sim/proto/common/client_table.hpp"

namespace mailsim::imap {

using client_syntax::Response;
using client_syntax::Value;

Client::Client(ClientJob job) : job_(std::move(job)), reader_(kMaxLine, kMaxLiteral) {}

std::string Client::start() {
  if (job_.wrappermode && state_ == ClientState::AwaitGreeting && !tls_active_) go(ClientEvent::ImplicitTls);
  return {};
}

std::string Client::feed(std::string_view bytes) {
  std::string out;
  if (done() || starting_tls()) return out;
  reader_.feed(bytes);
  while (!done() && !starting_tls()) {
    std::optional<std::string> raw = reader_.next();
    if (!raw) {
      if (!reader_.error().empty()) protocol_error(reader_.error());
      break;
    }
    on_response(*raw, out);
  }
  return out;
}

void Client::go(ClientEvent event) {
  proto::take_client_row(find_client_transition(state_, event), "imap-client", state_, event, observer_, table_miss_,
                         ClientState::Done);
}

void Client::connection_lost() {
  if (done()) return;
  if (state_ != ClientState::AwaitLogout && error_.empty()) error_ = "connection lost";
  go(ClientEvent::ConnectionLost);
}

std::string Client::stop_idle() {
  if (done()) return {};
  stop_requested_ = true;
  if (state_ != ClientState::Idling) return {};
  go(ClientEvent::EndIdle);
  return "DONE\r\n";
}

void Client::protocol_error(std::string error) {
  if (error_.empty()) error_ = std::move(error);
  go(ClientEvent::ProtocolError);
}

void Client::fail(std::string error, std::string& out) {
  if (error_.empty()) error_ = std::move(error);
  logout(out);
}

void Client::send(std::string_view command_name, std::vector<std::string> parts, std::string& out) {
  tag_ = "a" + std::to_string(next_tag_++);
  command_name_ = std::string(command_name);
  parts.front().insert(0, tag_ + " ");
  parts.back() += "\r\n";
  out += parts.front();
  pending_parts_.assign(std::make_move_iterator(parts.begin() + 1), std::make_move_iterator(parts.end()));
}

void Client::on_response(const std::string& raw, std::string& out) {
  const std::optional<Response> r = client_syntax::classify(raw);
  if (!r) return protocol_error("not an IMAP response: " + raw.substr(0, 80));
  if (state_ == ClientState::AwaitGreeting && r->kind != Response::Kind::Untagged) {
    return protocol_error("not an IMAP greeting");
  }
  switch (r->kind) {
    case Response::Kind::Continuation:
      if (!pending_parts_.empty()) {
        // §7.5: the server is ready for the literal we announced.
        out += pending_parts_.front();
        pending_parts_.pop_front();
      } else if (state_ == ClientState::AwaitIdleStart) {
        go(ClientEvent::IdleStarted);
        // Asked to stop, or mail came before the "+": leave IDLE at once (RFC 2177 allows DONE now).
        if (stop_requested_ || new_mail_) {
          out += "DONE\r\n";
          go(ClientEvent::EndIdle);
        }
      }
      return;
    case Response::Kind::Untagged: return on_untagged(*r, out);
    case Response::Kind::Tagged: return on_tagged(*r, out);
  }
}

void Client::on_untagged(const Response& r, std::string& out) {
  if (state_ == ClientState::AwaitGreeting) {
    if (r.name == "OK" && job_.tls != proto::ClientTls::None) {
      if (r.code == "CAPABILITY") return after_capabilities(r.code_arg, out);
      send("CAPABILITY", {"CAPABILITY"}, out);
      go(ClientEvent::Capability);
    } else if (r.name == "OK") {
      login(out);
    } else if (r.name == "PREAUTH") {  // §7.1.4: already authenticated, e.g. by the connection
      std::vector<std::string> parts{"SELECT "};
      client_syntax::append_astring(parts, job_.mailbox);
      send("SELECT", std::move(parts), out);
      go(ClientEvent::Select);
    } else if (r.name == "BYE") {
      protocol_error("greeting: BYE " + std::string(r.text));
    } else {
      protocol_error("not an IMAP greeting");
    }
    return;
  }
  if (r.name == "BYE") {
    // Expected after LOGOUT; anywhere else the server is closing on us (§7.1.5).
    if (state_ != ClientState::AwaitLogout) protocol_error("server said BYE " + std::string(r.text));
    return;
  }
  if (r.name == "CAPABILITY" && state_ == ClientState::AwaitCapability) {
    capabilities_ = std::string(r.text);
  } else if (r.name == "OK" && r.code == "UIDVALIDITY") {
    if (auto v = client_syntax::parse_number(r.code_arg)) uidvalidity_ = *v;
  } else if (r.name == "OK" && r.code == "UIDNEXT") {
    if (auto v = client_syntax::parse_number(r.code_arg)) uidnext_ = *v;
  } else if (r.number && r.name == "EXISTS") {
    const bool grew = *r.number > exists_;
    exists_ = *r.number;
    if (grew && (state_ == ClientState::Idling || state_ == ClientState::AwaitIdleStart)) new_mail_ = true;
    if (grew && state_ == ClientState::Idling) {
      out += "DONE\r\n";  // RFC 2177: end IDLE, then fetch the news
      go(ClientEvent::EndIdle);
    }
  } else if (r.number && r.name == "EXPUNGE") {
    if (exists_ > 0) --exists_;
  } else if (r.number && r.name == "FETCH") {
    if (state_ == ClientState::AwaitFetch) on_fetch(*r.number, r.text);
  }
  // Everything else (CAPABILITY, FLAGS, RECENT, other response codes, flag updates) is not needed.
}

void Client::on_fetch(std::uint32_t seq, std::string_view att) {
  const std::optional<Value> list = client_syntax::parse_list(att);
  if (!list) return;  // a malformed FETCH response carries nothing we can trust
  Partial& p = partials_[seq];
  const std::size_t response = ++fetch_responses_;
  const auto& items = list->items;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const std::string key = proto::to_upper(items[i].text);
    const Value& value = items[i + 1];
    if (key == "UID") {
      if (auto uid = client_syntax::parse_number(value.text)) p.uid = *uid;
    } else if (key == "FLAGS" && value.kind == Value::Kind::List) {
      p.flags.clear();
      // \Recent belongs to the session that was told first (RFC 3501 §2.3.2), not to the message:
      // a local copy keeps the message's own flags.
      for (const Value& flag : value.items)
        if (!proto::iequals(flag.text, "\\Recent")) p.flags.insert(flag.text);
      p.flags_from = response;
    } else if (key == "BODY[]" && value.kind == Value::Kind::String) {
      p.body = value.text;
      p.body_from = response;
    }
  }
}

void Client::on_tagged(const Response& r, std::string& out) {
  if (r.tag != tag_) return protocol_error("unexpected tag " + std::string(r.tag));
  pending_parts_.clear();
  if (state_ == ClientState::AwaitLogout) {
    go(ClientEvent::LogoutAnswered);
    return;
  }
  if (state_ == ClientState::AwaitStarttls) {
    if (r.name == "OK") {
      // From here the bytes are the TLS layer's: what else came in this read is dropped.
      reader_ = client_syntax::ResponseReader(kMaxLine, kMaxLiteral);
      go(ClientEvent::TlsGoAhead);
      return;
    }
    if (job_.tls == proto::ClientTls::May) return login(out);  // on in plain text, as the level allows
  }
  if (r.name != "OK") return fail(command_name_ + ": " + r.name + " " + std::string(r.text), out);
  switch (state_) {
    case ClientState::AwaitCapability: return after_capabilities(std::exchange(capabilities_, {}), out);
    case ClientState::AwaitLogin: {
      std::vector<std::string> parts{"SELECT "};
      client_syntax::append_astring(parts, job_.mailbox);
      send("SELECT", std::move(parts), out);
      go(ClientEvent::Select);
      return;
    }
    case ClientState::AwaitSelect: return after_select(out);
    case ClientState::AwaitFetch:
      finish_fetch();
      return idle_or_logout(out);
    case ClientState::AwaitIdleStart:  // the server ended IDLE before we did
    case ClientState::Idling:
    case ClientState::AwaitIdleEnd:
      if (stop_requested_) return logout(out);
      if (new_mail_) return start_fetch(out);
      return idle_or_logout(out);
    default:
      return protocol_error("unexpected tagged response");
  }
}

void Client::after_capabilities(std::string_view capabilities, std::string& out) {
  bool starttls = false;
  for (std::size_t at = 0; at < capabilities.size();) {
    const std::size_t sp = std::min(capabilities.find(' ', at), capabilities.size());
    starttls = starttls || proto::iequals(capabilities.substr(at, sp - at), "STARTTLS");
    at = sp + 1;
  }
  if (!tls_active_ && starttls) {
    send("STARTTLS", {"STARTTLS"}, out);
    go(ClientEvent::StartTls);
    return;
  }
  if (!tls_active_ && job_.tls != proto::ClientTls::May)
    return fail("STARTTLS: TLS is required, but was not offered by host " +
                    (job_.server_name.empty() ? std::string("the server") : job_.server_name),
                out);
  login(out);
}

void Client::login(std::string& out) {
  std::vector<std::string> parts{"LOGIN "};
  client_syntax::append_astring(parts, job_.user);
  parts.back() += ' ';
  client_syntax::append_astring(parts, job_.password);
  send("LOGIN", std::move(parts), out);
  go(ClientEvent::Login);
}

std::string Client::tls_established(bool certificate_verified) {
  if (state_ != ClientState::AwaitTls) return {};
  if (job_.tls == proto::ClientTls::Verify && !certificate_verified) {
    if (error_.empty()) error_ = "TLS: server certificate not verified for " + job_.server_name;
    go(ClientEvent::TlsFailed);
    return {};
  }
  const bool implicit = !tls_active_ && job_.wrappermode;
  tls_active_ = true;
  if (implicit) {  // the session begins here: the greeting comes inside TLS
    go(ClientEvent::ImplicitTlsEstablished);
    return {};
  }
  std::string out;
  send("CAPABILITY", {"CAPABILITY"}, out);
  go(ClientEvent::TlsEstablished);
  return out;
}

void Client::tls_failed() {
  if (state_ != ClientState::AwaitTls) return;
  if (error_.empty()) error_ = "TLS: cannot start TLS: handshake failure";
  go(ClientEvent::TlsFailed);
}

void Client::after_select(std::string& out) {
  // UIDs are only meaningful with their UIDVALIDITY (§2.3.1.1): when it changed, all we knew is void.
  const bool changed = job_.known_uidvalidity != 0 && uidvalidity_ != 0 && uidvalidity_ != job_.known_uidvalidity;
  last_seen_ = changed ? 0 : job_.last_seen_uid;
  const bool news = exists_ > 0 && (uidnext_ == 0 || uidnext_ > last_seen_ + std::uint64_t{1});
  if (news) return start_fetch(out);
  idle_or_logout(out);
}

void Client::start_fetch(std::string& out) {
  new_mail_ = false;
  if (last_seen_ == 0xffffffffU) return idle_or_logout(out);
  partials_.clear();
  fetch_responses_ = 0;
  const std::string items = job_.mark_seen ? "(UID FLAGS BODY[])" : "(UID FLAGS BODY.PEEK[])";
  send("UID FETCH", {"UID FETCH " + std::to_string(last_seen_ + 1) + ":* " + items}, out);
  go(ClientEvent::Fetch);
}

void Client::finish_fetch() {
  // "n:*" always matches the highest UID, even when it is below n (§6.4.8): keep only what is new.
  // A server may send one UID under two sequence numbers: the local copy keeps one message per UID,
  // with the latest body and flags the server sent for it.
  std::map<std::uint32_t, Partial> by_uid;
  for (auto& [seq, p] : partials_) {
    if (p.uid <= last_seen_) continue;
    Partial& m = by_uid[p.uid];
    if (p.body_from > m.body_from) {
      m.body = std::move(p.body);
      m.body_from = p.body_from;
    }
    if (p.flags_from > m.flags_from) {
      m.flags = std::move(p.flags);
      m.flags_from = p.flags_from;
    }
  }
  partials_.clear();
  fetch_responses_ = 0;
  for (auto& [uid, m] : by_uid) {  // in UID order
    if (!m.body) continue;
    last_seen_ = std::max(last_seen_, uid);
    fetched_.push_back(Fetched{uid, std::move(*m.body), std::move(m.flags)});
  }
  if (last_seen_ != 0xffffffffU) uidnext_ = std::max(uidnext_, last_seen_ + 1);
}

void Client::idle_or_logout(std::string& out) {
  if (!job_.idle || stop_requested_) return logout(out);
  send("IDLE", {"IDLE"}, out);
  go(ClientEvent::Idle);
}

void Client::logout(std::string& out) {
  send("LOGOUT", {"LOGOUT"}, out);
  go(ClientEvent::Logout);
}


}  // namespace mailsim::imap
