#include "sim/proto/authsrv/client.hpp"

#include <algorithm>

#include "sim/proto/authsrv/line.hpp"
#include "sim/proto/sasl/base64.hpp"

namespace mailsim::authsrv {

sasl::Lookup to_lookup(const Answer& a) {
  switch (a.kind) {
    case Answer::Kind::Ok: return sasl::Lookup::delegated_success(a.user, a.data);
    case Answer::Kind::Cont: return sasl::Lookup::delegated_continue(a.data);
    case Answer::Kind::Fail: return a.temporary ? sasl::Lookup::unavailable() : sasl::Lookup::unknown();
    case Answer::Kind::Error: return sasl::Lookup::unavailable();
  }
  return sasl::Lookup::unavailable();
}

std::string Client::start() {
  return join_fields({"VERSION", "1", "2"}) + join_fields({"CPID", std::to_string(config_.cpid)});
}

std::string Client::feed(std::string_view bytes) {
  reader_.feed(bytes);
  const bool was_done = done_;
  while (!broken_) {
    std::optional<proto::Line> l = reader_.next();
    if (!l) break;
    if (l->too_long) {
      error("the authentication server sent a line longer than 16384 octets");
      break;
    }
    line(l->text);
  }
  if (!was_done && done_ && waiting_ && !broken_) {
    waiting_ = false;
    return issue();
  }
  return {};
}

void Client::go(const char* input, ClientState to, Outcome outcome) {
  const ClientState from = state_;
  state_ = to;
  if (!find_row(from, input, to)) {
    table_miss_ = true;
    return;
  }
  if (observer_) observer_({"auth-client", to_string(from), input, to_string(to), outcome != Outcome::Fail});
}

bool Client::offered(const std::string& mechanism) const {
  return std::find(mechanisms_.begin(), mechanisms_.end(), mechanism) != mechanisms_.end();
}

void Client::error(std::string why) {
  if (!broken_) go("error", ClientState::Broken, Outcome::Fail);
  broken_ = true;
  Answer a;
  a.kind = Answer::Kind::Error;
  a.reason = std::move(why);
  answer_ = std::move(a);
  id_.clear();
}

void Client::line(std::string_view text) {
  const std::vector<std::string> f = split_fields(text);
  const std::string& cmd = f[0];
  if (!have_version_) {
    if (cmd != "VERSION" || f.size() < 3 || f[1] != "1") return error("the authentication server's handshake is not VERSION 1");
    have_version_ = true;
    return;
  }
  if (!done_) {
    if (cmd == "MECH" && f.size() >= 2) mechanisms_.push_back(f[1]);
    else if (cmd == "DONE") {
      done_ = true;
      // A request that waited goes out now (feed sends it), or fails at once when not offered.
      const bool goes = waiting_ && offered(mechanism_);
      go("DONE", goes ? ClientState::Requesting : ClientState::Ready, waiting_ && !goes ? Outcome::Fail : Outcome::Ok);
    }
    else if (cmd != "SPID" && cmd != "CUID" && cmd != "COOKIE") error("unexpected " + cmd + " in the handshake");
    return;
  }
  if ((cmd != "OK" && cmd != "FAIL" && cmd != "CONT") || f.size() < 2) return error("unexpected line " + cmd);
  if (id_.empty() || f[1] != id_) return error(cmd + " for request " + f[1] + ", which was not asked");
  Answer a;
  if (cmd == "CONT") {
    const std::optional<std::string> challenge = sasl::base64_decode(f.size() > 2 ? f[2] : "");
    if (!challenge) return error("CONT with a challenge that is not base64");
    a.kind = Answer::Kind::Cont;
    a.data = *challenge;
    answer_ = std::move(a);
    go("CONT", ClientState::Challenged, Outcome::Cont);
    return;
  }
  a.kind = cmd == "OK" ? Answer::Kind::Ok : Answer::Kind::Fail;
  for (std::size_t i = 2; i < f.size(); ++i) {
    Param p = split_param(f[i]);
    if (p.key == "user") a.user = p.value;
    else if (p.key == "reason") a.reason = p.value;
    else if (p.key == "temp") a.temporary = true;
    else if (p.key == "resp") {
      const std::optional<std::string> data = sasl::base64_decode(p.value);
      if (!data) return error("OK with additional data that is not base64");
      a.data = *data;
    }
  }
  if (a.kind == Answer::Kind::Ok && a.user.empty()) return error("OK without user=");
  id_.clear();
  go(cmd == "OK" ? "OK" : "FAIL", ClientState::Ready, cmd == "OK" ? Outcome::Ok : Outcome::Fail);
  answer_ = std::move(a);
}

std::string Client::auth_line() {
  std::vector<std::string> f{"AUTH", id_, mechanism_, "service=" + config_.service};
  if (!config_.local_ip.empty()) f.push_back("lip=" + config_.local_ip);
  if (!config_.remote_ip.empty()) f.push_back("rip=" + config_.remote_ip);
  if (first_) f.push_back("resp=" + sasl::base64_encode(*first_));
  first_.reset();
  return join_fields(f);
}

std::string Client::authenticate(std::string_view mechanism, const std::optional<std::string>& response) {
  if (broken_) return {};
  answer_.reset();
  id_ = std::to_string(++next_id_);
  mechanism_ = std::string(mechanism);
  first_ = response;
  if (!done_) {
    waiting_ = true;
    go("send AUTH", ClientState::Handshake, Outcome::Ok);
    return {};
  }
  const bool goes = offered(mechanism_);
  go("send AUTH", goes ? ClientState::Requesting : ClientState::Ready, goes ? Outcome::Ok : Outcome::Fail);
  return issue();
}

std::string Client::issue() {
  if (!offered(mechanism_)) {
    Answer a;
    a.kind = Answer::Kind::Fail;
    a.reason = "the authentication server does not offer " + mechanism_;
    id_.clear();
    answer_ = std::move(a);
    return {};
  }
  return auth_line();
}

std::string Client::respond(std::string_view response) {
  if (broken_ || id_.empty()) return {};
  answer_.reset();
  go("send CONT", ClientState::Requesting, Outcome::Ok);
  return join_fields({"CONT", id_, sasl::base64_encode(response)});
}

std::optional<Answer> Client::take_answer() {
  std::optional<Answer> a = std::move(answer_);
  answer_.reset();
  return a;
}

}  // namespace mailsim::authsrv
