#include "sim/nodes/stamp.hpp"

#include <cstdio>

#include "sim/proto/message/message.hpp"

namespace mailsim::nodes {

namespace {

// Where the header block ends: the offset of the empty line that separates it from the body, or
// of the first line that is not a header field (Message::parse's rule), or the end of the data.
std::size_t header_end(const std::string& data) {
  std::size_t pos = 0;
  bool any = false;
  while (pos < data.size()) {
    const std::size_t lf = data.find('\n', pos);
    const std::size_t next = lf == std::string::npos ? data.size() : lf + 1;
    std::string_view line(data.data() + pos, (lf == std::string::npos ? data.size() : lf) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return pos;
    if (line.front() == ' ' || line.front() == '\t') {
      if (!any) return pos;
    } else {
      const std::size_t colon = line.find(':');
      if (colon == 0 || colon == std::string_view::npos) return pos;
      for (char c : line.substr(0, colon))
        if (c <= ' ' || c > '~') return pos;  // not a field name (RFC 5322 §3.6.8 ftext)
    }
    any = true;
    pos = next;
  }
  return pos;
}

std::string field(const std::string& name, const std::string& value) { return name + ": " + value + "\r\n"; }

}  // namespace

// A server only adds header lines and leaves every octet it was given as it was: a DKIM signature
// with simple canonicalization covers the header fields and body as written ("Subject:x" without
// a space, a header block without a body), and re-serializing them would break it in transit.
Stamped stamp_message(Context& ctx, const std::string& data, const smtp::Envelope& env, const net::Endpoint& from,
                      const std::string& by_host, const std::string& queue_id, bool complete_submission) {
  const auto msg = message::Message::parse(data);
  const std::string date = rfc5322_date(ctx.now(), ctx.epoch);
  std::string body_side = message::to_crlf(data);
  std::optional<std::string> message_id = msg.get("Message-ID");
  if (complete_submission) {
    // RFC 6409 §8.3: the fields a client left out go at the end of its header block.
    std::string added;
    if (!msg.has("Date")) added += field("Date", date);
    if (!message_id) {
      // <seconds.QUEUEID@host>: unique per queue id, from virtual time so runs repeat.
      const std::int64_t secs = ctx.epoch + ctx.now() / kSecond;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(secs));
      message_id = "<" + std::string(buf) + "." + queue_id + "@" + by_host + ">";
      added += field("Message-ID", *message_id);
    }
    if (!added.empty()) {
      const std::size_t at = header_end(body_side);
      // A header block with no empty line after it (and nothing else) gets one, so what was
      // added stays in the header.
      if (at == body_side.size()) added += "\r\n";
      body_side.insert(at, added);
    }
  }
  message::ReceivedInfo info;
  info.from_helo = env.helo;
  info.from_host = from.peer_host();
  info.from_address = from.peer_address();
  info.by_host = by_host;
  // RFC 3848: "S" tells later readers the hop ran inside TLS, "A" that the sender had logged in
  // (SMTP AUTH): ESMTPS, ESMTPA, ESMTPSA, as Postfix writes them. RFC 3848 names no HELO forms.
  info.with = !env.esmtp ? "SMTP" : std::string("ESMTP") + (env.tls ? "S" : "") + (env.sasl_username.empty() ? "" : "A");
  info.id = queue_id;
  if (env.rcpt_to.size() == 1) info.for_rcpt = env.rcpt_to.front();
  info.date = date;
  return Stamped{field("Received", message::received_value(info)) + body_side, message_id.value_or("")};
}

std::string header_block(const std::string& data) {
  const auto end = data.find("\r\n\r\n");
  return end == std::string::npos ? data : data.substr(0, end + 2);
}

}  // namespace mailsim::nodes
