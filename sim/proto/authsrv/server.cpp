#include "sim/proto/authsrv/server.hpp"

#include "sim/proto/authsrv/line.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/crypto.hpp"

namespace mailsim::authsrv {

namespace {

// Dovecot's mechanism flags (auth_mech_desc): what the client may want to know before choosing.
std::vector<std::string> mech_line(sasl::Mechanism m) {
  std::vector<std::string> f{"MECH", std::string(sasl::mechanism_name(m))};
  switch (m) {
    case sasl::Mechanism::Plain:
    case sasl::Mechanism::Login: f.push_back("plaintext"); break;
    case sasl::Mechanism::CramMd5: f.insert(f.end(), {"dictionary", "active"}); break;
    case sasl::Mechanism::ScramSha256: f.insert(f.end(), {"mutual-auth"}); break;
  }
  return f;
}

bool printable(std::string_view s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') return false;
  return true;
}

bool is_id(std::string_view s) {
  if (s.empty() || s.size() > 10) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

Server::Server(ServerConfig config, ServerHooks hooks) : config_(std::move(config)), hooks_(std::move(hooks)) {}

std::string Server::nonce() { return hooks_.nonce ? hooks_.nonce() : std::to_string(++nonces_); }

std::string Server::start() {
  std::string out = join_fields({"VERSION", "1", "2"});
  for (const sasl::Mechanism m : config_.mechanisms) out += join_fields(mech_line(m));
  out += join_fields({"SPID", std::to_string(config_.spid)});
  out += join_fields({"CUID", std::to_string(config_.cuid)});
  out += join_fields({"COOKIE", sasl::to_hex(sasl::md5(nonce()))});
  out += join_fields({"DONE"});
  return out;
}

std::string Server::feed(std::string_view bytes) {
  std::string out;
  if (closed_) return out;
  reader_.feed(bytes);
  while (!closed_) {
    std::optional<proto::Line> l = reader_.next();
    if (!l) break;
    if (l->too_long) {
      const ServerState from = state_;
      out += protocol_error("line longer than " + std::to_string(kMaxLine) + " octets");
      step(from, "error", {});
      break;
    }
    std::string_view text = l->text;
    if (!l->bare_lf && !text.empty() && text.back() == '\r') text.remove_suffix(1);
    const ServerState from = state_;
    const std::string answer = line(text);
    step(from, closed_ ? "error" : split_fields(text)[0], answer);
    out += answer;
  }
  return out;
}

ServerState Server::derived_state() const {
  if (closed_) return ServerState::Closed;
  if (!have_version_) return ServerState::AwaitVersion;
  if (!have_cpid_) return ServerState::AwaitCpid;
  return requests_.empty() ? ServerState::Ready : ServerState::Challenged;
}

void Server::step(ServerState from, const std::string& input, const std::string& out) {
  const ServerState to = derived_state();
  const Outcome outcome = out.starts_with("CONT") ? Outcome::Cont
                          : out.starts_with("FAIL") || input == "error" ? Outcome::Fail
                                                                         : Outcome::Ok;
  state_ = to;
  const Row<ServerState>* row = find_row(from, input, to);
  if (!row) {
    table_miss_ = true;
    return;
  }
  if (observer_) observer_({"auth-server", to_string(from), input, to_string(to), outcome != Outcome::Fail});
}

std::string Server::protocol_error(std::string why) {
  closed_ = true;
  error_ = std::move(why);
  requests_.clear();
  return {};
}

std::string Server::line(std::string_view text) {
  const std::vector<std::string> f = split_fields(text);
  const std::string& cmd = f[0];
  if (!have_version_) {
    if (cmd != "VERSION" || f.size() < 3) return protocol_error("the first line is not VERSION");
    if (f[1] != "1") return protocol_error("authentication protocol version " + f[1] + " is not 1");
    have_version_ = true;
    return {};
  }
  if (cmd == "CPID") {
    if (f.size() < 2 || !is_id(f[1])) return protocol_error("CPID without a process id");
    have_cpid_ = true;
    return {};
  }
  if (cmd == "AUTH") return on_auth(f);
  if (cmd == "CONT") return on_cont(f);
  return protocol_error("unknown command " + cmd);
}

std::string Server::on_auth(const std::vector<std::string>& f) {
  if (!have_cpid_) return protocol_error("AUTH before CPID");
  if (f.size() < 3 || !is_id(f[1])) return protocol_error("AUTH without an id and a mechanism");
  const std::string& id = f[1];
  if (requests_.count(id)) return protocol_error("AUTH with the id of a request under way: " + id);
  std::string service;
  std::optional<std::string> resp;
  for (std::size_t i = 3; i < f.size(); ++i) {
    Param p = split_param(f[i]);
    if (p.key == "service") service = p.value;
    else if (p.key == "resp") resp = p.value;
  }
  if (service.empty()) return protocol_error("AUTH without a service");
  const std::optional<sasl::Mechanism> m = sasl::parse_mechanism(f[2]);
  bool offered = false;
  for (const sasl::Mechanism x : config_.mechanisms) offered = offered || (m && x == *m);
  if (!offered) return join_fields({"FAIL", id, "reason=Unsupported authentication mechanism."});
  if (requests_.size() >= config_.max_requests) return join_fields({"FAIL", id, "reason=Too many requests under way."});
  std::optional<std::string> initial;
  if (resp) {
    initial = sasl::base64_decode(*resp);
    if (!initial) return join_fields({"FAIL", id, "reason=Invalid base64 data in initial response"});
  }
  auto [it, _] = requests_.emplace(id, sasl::ServerSession(*m, sasl::ServerOptions{config_.hostname, nonce(),
                                                                                  config_.scram_iterations, service}));
  return answer(id, it->second.start(initial));
}

std::string Server::on_cont(const std::vector<std::string>& f) {
  if (f.size() < 2 || !is_id(f[1])) return protocol_error("CONT without an id");
  const std::string& id = f[1];
  auto it = requests_.find(id);
  // Dovecot answers a CONT for a request it no longer has (it timed out, or never was) with FAIL.
  if (it == requests_.end()) return join_fields({"FAIL", id, "reason=Authentication request timed out"});
  const std::optional<std::string> response = sasl::base64_decode(f.size() > 2 ? f[2] : "");
  if (!response) {
    requests_.erase(it);
    return join_fields({"FAIL", id, "reason=Invalid base64 data in continued response"});
  }
  return answer(id, it->second.respond(*response));
}

std::string Server::answer(const std::string& id, sasl::Step step) {
  using K = sasl::Step::Kind;
  sasl::ServerSession& s = requests_.at(id);
  if (step.kind == K::NeedCredentials) {
    const sasl::Lookup found = hooks_.lookup ? hooks_.lookup(s.request()) : sasl::Lookup::unknown();
    step = found.is_pending() ? sasl::Step{K::Unavailable, {}, "the store answered later"} : s.credentials(found);
  }
  std::vector<std::string> out;
  switch (step.kind) {
    case K::Challenge: return join_fields({"CONT", id, sasl::base64_encode(step.challenge)});
    case K::Success: out = {"OK", id, "user=" + s.identity()}; break;
    case K::Failed:
    case K::Malformed:
    case K::NeedCredentials:
      out = {"FAIL", id};
      // A name with control characters (LOGIN's may hold any octet) is not echoed.
      if (!s.authcid().empty() && printable(s.authcid())) out.push_back("user=" + s.authcid());
      break;
    case K::Unavailable: out = {"FAIL", id, "temp"}; break;
  }
  requests_.erase(id);
  return join_fields(out);
}

}  // namespace mailsim::authsrv
