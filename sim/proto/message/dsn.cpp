// The bounce a relay sends back: RFC 3464 delivery status inside RFC 6522 multipart/report, laid out
// as Postfix's bounce daemon lays it out, so the classroom copy looks like what lands in real inboxes.
#include "sim/proto/message/dsn.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/message/message.hpp"

namespace mailsim::message {

namespace {

// Caller text as whole CRLF lines, so the CRLF that opens the next delimiter (RFC 2046 §5.1.1: it
// belongs to the delimiter, not to the part) shows as the blank line readers expect.
std::string as_lines(std::string_view text) {
  std::string out = to_crlf(text);
  if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
  return out;
}

// Delivery-status fields follow header syntax (RFC 3464 §2.1), so long ones (a remote server's
// diagnostic) fold like header fields do.
std::string field(std::string_view name, std::string_view value) {
  return std::string(name) + ": " + fold(name, value) + "\r\n";
}

// The message/delivery-status body: per-message fields, then one block per recipient, each block
// after a blank line (RFC 3464 §2.1).
std::string delivery_status(const DsnInfo& info) {
  std::string s = field("Reporting-MTA", "dns; " + info.reporting_mta);
  if (!info.original_envelope_id.empty()) s += field("Original-Envelope-Id", info.original_envelope_id);
  // Optional in RFC 3464 §2.2.5; an empty "Arrival-Date:" would not parse as a date.
  if (!info.arrival_date.empty()) s += field("Arrival-Date", info.arrival_date);
  for (const DsnRecipient& r : info.recipients) {
    s += "\r\n";
    s += field("Final-Recipient", "rfc822; " + r.final_recipient);
    s += field("Action", r.action);
    s += field("Status", r.status);
    if (!r.remote_mta.empty()) s += field("Remote-MTA", "dns; " + r.remote_mta);
    if (!r.diagnostic.empty()) s += field("Diagnostic-Code", r.diagnostic);
  }
  return s;
}

}  // namespace

std::string build_dsn(const DsnInfo& info) {
  // A warning that mail is still queued reads differently from a bounce; a mixed report is a bounce.
  const bool all_delayed =
      !info.recipients.empty() && std::all_of(info.recipients.begin(), info.recipients.end(), [](const DsnRecipient& r) {
        return proto::iequals(r.action, "delayed");
      });

  Message m;
  m.add("From", "Mail Delivery System <" + info.postmaster + ">");
  m.add("To", info.to);
  m.add("Subject", all_delayed ? "Delayed Mail (still being retried)" : "Undelivered Mail Returned to Sender");
  m.add("Date", info.date);
  m.add("Message-ID", info.message_id);
  m.add("MIME-Version", "1.0");
  m.add("Content-Type", "multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + info.boundary + "\"");
  // RFC 3834 §5: an automatic reply, so vacation responders and other robots do not answer it.
  m.add("Auto-Submitted", "auto-replied");

  const std::string delimiter = "\r\n--" + info.boundary + "\r\n";
  // RFC 2046 §5.1.1: readers without MIME show the preamble; the parts follow the first delimiter.
  std::string body = "This is a MIME-encapsulated message.\r\n";
  body += delimiter;
  body += "Content-Description: Notification\r\n";
  body += "Content-Type: text/plain; charset=us-ascii\r\n\r\n";
  body += as_lines(info.explanation);
  body += delimiter;
  body += "Content-Description: Delivery report\r\n";
  body += "Content-Type: message/delivery-status\r\n\r\n";
  body += delivery_status(info);
  body += delimiter;
  body += "Content-Description: Undelivered Message Headers\r\n";
  body += "Content-Type: text/rfc822-headers\r\n\r\n";
  body += as_lines(info.returned_headers);
  body += "\r\n--" + info.boundary + "--\r\n";
  m.set_body(std::move(body));
  return m.serialize();
}

}  // namespace mailsim::message
