#include "sim/nodes/mail_reader.hpp"

#include <memory>

#include "sim/nodes/session_glue.hpp"
#include "sim/nodes/tls_session.hpp"
#include "sim/proto/imap/client.hpp"
#include "sim/proto/pop3/client.hpp"

namespace mailsim::nodes {

using Protocol = scenario::Fetch::Protocol;

namespace {
proto::ClientTls reader_tls(scenario::TlsLevel l) {
  switch (l) {
    case scenario::TlsLevel::None: return proto::ClientTls::None;
    case scenario::TlsLevel::May: return proto::ClientTls::May;
    case scenario::TlsLevel::Encrypt: return proto::ClientTls::Encrypt;
    case scenario::TlsLevel::Verify: return proto::ClientTls::Verify;
  }
  return proto::ClientTls::None;
}
}  // namespace

MailReader::MailReader(Context& ctx, scenario::Client config, std::string server_address, std::string user,
                       std::string password, proto::Ssl server_ssl)
    : ctx_(ctx),
      config_(std::move(config)),
      server_address_(std::move(server_address)),
      user_(std::move(user)),
      password_(std::move(password)) {
  // A mail program set to STARTTLS, certificate checked, once the server offers it (as the sending
  // side, mua.cpp); a server without TLS keeps the reader in plain text, as every lesson before TLS.
  const bool offered = server_ssl != proto::Ssl::No;
  tls_ = reader_tls(config_.fetch.tls.value_or(offered ? scenario::TlsLevel::Verify : scenario::TlsLevel::None));
  ctx_.scheduler.schedule_at(config_.fetch.start, [this, gen = generation_] {
    if (gen == generation_) check();
  });
  ctx_.net.on_host_state([this](const std::string& host, bool up) {
    if (host == config_.host) on_host_state(up);
  });
}

void MailReader::on_host_state(bool up) {
  if (!up) {
    ++generation_;  // the device is off: its timers and sessions are gone
    busy_ = false;
    return;
  }
  // Switched on again: a mail client checks for mail at start-up.
  ctx_.scheduler.schedule(0, [this, gen = generation_] {
    if (gen == generation_) check();
  });
}

void MailReader::check() {
  const auto* self = ctx_.net.host(config_.host);
  if (busy_ || !self || !self->up) return;
  busy_ = true;
  if (config_.fetch.protocol == Protocol::Pop3) check_pop3();
  else check_imap();
}

void MailReader::after_session(const std::string& error) {
  busy_ = false;
  if (!error.empty()) ctx_.note(config_.host, "mail check failed: " + error);
  ctx_.scheduler.schedule(config_.fetch.poll, [this, gen = generation_] {
    if (gen == generation_) check();
  });
}

void MailReader::store(std::string id, std::string raw, std::set<std::string> flags) {
  trace::Event e;
  e.time = ctx_.now();
  e.host = config_.host;
  e.peer = config_.fetch.server;
  e.protocol = config_.fetch.protocol == Protocol::Pop3 ? "pop3" : "imap";
  const auto mid_at = raw.find("\r\nMessage-ID: ");
  if (mid_at != std::string::npos) {
    const auto end = raw.find("\r\n", mid_at + 2);
    e.message_id = raw.substr(mid_at + 14, end - mid_at - 14);
  }
  e.data = trace::data::Fetch{id, local_.size() + 1};
  ctx_.trace.add(std::move(e));
  local_.push_back({std::move(id), std::move(raw), std::move(flags), ctx_.now()});
}

void MailReader::check_pop3() {
  pop3::ClientJob job;
  job.user = user_;
  job.password = password_;
  job.delete_after = !config_.fetch.keep;
  job.known_uidls = known_uidls_;
  switch (config_.fetch.login) {
    case scenario::Fetch::Login::User: job.login = pop3::Login::UserPass; break;
    case scenario::Fetch::Login::Apop: job.login = pop3::Login::Apop; break;
    case scenario::Fetch::Login::Sasl:
      job.login = pop3::Login::Auth;
      job.mechanism = config_.fetch.mechanism;
      if (job.mechanism == sasl::Mechanism::ScramSha256) job.sasl_nonce = ctx_.new_nonce();
      break;
  }
  job.tls = tls_;
  job.server_name = config_.fetch.server;
  job.wrappermode = port() == scenario::kPop3sPort;
  auto client = std::make_shared<pop3::Client>(std::move(job));
  const std::uint64_t gen = generation_;
  auto finished = [this, client, gen](ClientOutcome o) {
    if (gen != generation_) return;
    for (const auto& d : client->downloaded()) {
      if (known_uidls_.insert(d.uidl).second) store(d.uidl, d.raw, {});
    }
    after_session(!o.connected ? o.connect_error : client->error());
  };
  // Under the STLS layer when the world has TLS; without, a level above none still asks CAPA and
  // finds no STLS (and at encrypt gives up), which needs no layer.
  if (ctx_.tls && tls_ != proto::ClientTls::None) {
    run_tls_client<pop3::Client>(ctx_, config_.host, server_address_, port(), 30 * kSecond,
                                 {config_.fetch.server, false, nullptr}, client, std::move(finished));
    return;
  }
  run_client<pop3::Client>(ctx_, config_.host, server_address_, port(), 30 * kSecond, client, std::move(finished));
}

std::uint16_t MailReader::port() const {
  if (config_.fetch.port) return *config_.fetch.port;
  return config_.fetch.protocol == Protocol::Pop3 ? scenario::kPop3Port : scenario::kImapPort;
}

void MailReader::check_imap(std::size_t folder) {
  const std::string name = config_.fetch.folders.at(folder);
  FolderState& state = folders_[name];
  imap::ClientJob job;
  job.user = user_;
  job.password = password_;
  job.mailbox = name;
  job.known_uidvalidity = state.uidvalidity;
  job.last_seen_uid = state.last_uid;
  job.idle = config_.fetch.idle;
  job.mark_seen = config_.fetch.mark_seen;
  job.tls = tls_;
  job.server_name = config_.fetch.server;
  job.wrappermode = port() == scenario::kImapsPort;
  auto client = std::make_shared<imap::Client>(std::move(job));
  auto taken = std::make_shared<std::size_t>(0);
  const std::uint64_t gen = generation_;
  // The local copy names a message by folder too, except in INBOX, where UIDs alone always did.
  const std::string prefix = name == "INBOX" ? "" : name + "/";
  // New mail can arrive during IDLE, long before the session ends: take it as it comes.
  auto collect = [this, client, taken, gen, name, prefix] {
    if (gen != generation_) return;
    FolderState& st = folders_[name];
    if (client->uidvalidity() != 0 && client->uidvalidity() != st.uidvalidity) {
      st.uidvalidity = client->uidvalidity();
    }
    const auto& f = client->fetched();
    for (; *taken < f.size(); ++*taken) {
      const auto& m = f[*taken];
      if (m.uid > st.last_uid) st.last_uid = m.uid;
      store(prefix + std::to_string(st.uidvalidity) + "." + std::to_string(m.uid), m.raw, m.flags);
    }
  };
  auto finished = [this, client, collect, gen, folder](ClientOutcome o) {
    if (gen != generation_) return;
    collect();
    const std::string error = !o.connected ? o.connect_error : client->error();
    if (error.empty() && folder + 1 < config_.fetch.folders.size()) return check_imap(folder + 1);
    after_session(error);
  };
  if (ctx_.tls && tls_ != proto::ClientTls::None) {
    run_tls_client<imap::Client>(ctx_, config_.host, server_address_, port(), 30 * kSecond,
                                 {config_.fetch.server, false, nullptr}, client, std::move(finished), collect);
    return;
  }
  run_client<imap::Client>(ctx_, config_.host, server_address_, port(), 30 * kSecond, client, std::move(finished), collect);
}

}  // namespace mailsim::nodes
