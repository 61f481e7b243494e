#include "sim/nodes/bounce.hpp"

#include <cstdio>

#include "sim/nodes/stamp.hpp"
#include "sim/proto/message/dsn.hpp"

namespace mailsim::nodes {

namespace {
// RFC 3464 §2.3.6: a Diagnostic-Code starts with its type. A remote server's reply is "smtp; ..."
// already; what this MTA found itself (a DNS error, a loop, an expired message) is typed as Postfix
// types it, so the field parses and reads like a real bounce.
std::string diagnostic_code(const std::string& diagnostic) {
  if (diagnostic.empty() || diagnostic.rfind("smtp; ", 0) == 0) return diagnostic;
  return "X-Postfix; " + diagnostic;
}
}  // namespace

QueuedMessage make_bounce(Context& ctx, const std::string& reporting_host, const QueuedMessage& original, bool delayed) {
  QueuedMessage b;
  b.queue_id = ctx.new_queue_id();
  message::DsnInfo info;
  info.reporting_mta = reporting_host;
  info.postmaster = "MAILER-DAEMON@" + reporting_host;
  info.to = original.mail_from;
  info.date = rfc5322_date(ctx.now(), ctx.epoch);
  char secs[32];
  std::snprintf(secs, sizeof secs, "%lld", static_cast<long long>(ctx.epoch + ctx.now() / kSecond));
  info.message_id = "<" + std::string(secs) + "." + b.queue_id + "@" + reporting_host + ">";
  info.boundary = b.queue_id + "." + secs + "/" + reporting_host;
  // Original-Envelope-Id is for the sender's ENVID (RFC 3461), which our clients never set.
  info.arrival_date = rfc5322_date(original.arrival, ctx.epoch);
  // Wording after Postfix's bounce template, which students meet in real life.
  std::string why;
  for (const auto& r : original.recipients) {
    const bool include = delayed ? r.state == RcptState::Pending : (r.state == RcptState::Failed && !r.reported);
    if (!include) continue;
    info.recipients.push_back(
        {r.address, delayed ? "delayed" : "failed", r.status, r.remote_mta, diagnostic_code(r.diagnostic)});
    why += "<" + r.address + ">: " + r.diagnostic + "\r\n";
  }
  if (delayed) {
    info.explanation = "This is the mail system at host " + reporting_host + ".\r\n\r\n"
                       "####################################################################\r\n"
                       "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\r\n"
                       "####################################################################\r\n\r\n"
                       "Your message could not be delivered yet. The mail system will keep\r\n"
                       "trying; it will tell you if it gives up.\r\n\r\n" + why;
  } else {
    info.explanation = "This is the mail system at host " + reporting_host + ".\r\n\r\n"
                       "I'm sorry to have to inform you that your message could not\r\n"
                       "be delivered to one or more recipients. Its headers are attached below.\r\n\r\n" + why;
  }
  info.returned_headers = header_block(original.data);
  b.data = message::build_dsn(info);
  b.message_id = info.message_id;
  b.mail_from = "";
  b.recipients.emplace_back(original.mail_from);
  b.arrival = ctx.now();
  return b;
}

}  // namespace mailsim::nodes
