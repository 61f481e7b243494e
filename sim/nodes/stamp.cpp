#include "sim/nodes/stamp.hpp"

#include <cstdio>

#include "sim/proto/message/message.hpp"

namespace mailsim::nodes {

Stamped stamp_message(Context& ctx, const std::string& data, const smtp::Envelope& env, const net::Endpoint& from,
                      const std::string& by_host, const std::string& queue_id, bool complete_submission) {
  auto msg = message::Message::parse(data);
  const std::string date = rfc5322_date(ctx.now(), ctx.epoch);
  if (complete_submission) {
    if (!msg.has("Date")) msg.add("Date", date);
    if (!msg.has("Message-ID")) {
      // <seconds.QUEUEID@host>: unique per queue id, from virtual time so runs repeat.
      const std::int64_t secs = ctx.epoch + ctx.now() / kSecond;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(secs));
      msg.add("Message-ID", "<" + std::string(buf) + "." + queue_id + "@" + by_host + ">");
    }
  }
  message::ReceivedInfo info;
  info.from_helo = env.helo;
  info.from_host = from.peer_host();
  info.from_address = from.peer_address();
  info.by_host = by_host;
  // RFC 3848: "ESMTPA" tells later readers the sender had logged in (SMTP AUTH).
  info.with = !env.esmtp ? "SMTP" : env.sasl_username.empty() ? "ESMTP" : "ESMTPA";
  info.id = queue_id;
  if (env.rcpt_to.size() == 1) info.for_rcpt = env.rcpt_to.front();
  info.date = date;
  msg.prepend("Received", message::received_value(info));
  return Stamped{msg.serialize(), msg.get("Message-ID").value_or("")};
}

std::string header_block(const std::string& data) {
  const auto end = data.find("\r\n\r\n");
  return end == std::string::npos ? data : data.substr(0, end + 2);
}

}  // namespace mailsim::nodes
