#pragma once
// Delivery status notifications (RFC 3464) in the multipart/report shape (RFC 6522) that real MTAs
// send: a human-readable part, a message/delivery-status part, and the returned message's headers.
#include <string>
#include <vector>

namespace mailsim::message {

struct DsnRecipient {
  std::string final_recipient;   // "bob@home.example"
  std::string action;            // "failed" or "delayed"
  std::string status;            // "5.1.1", "4.4.1"...
  std::string remote_mta;        // "mx.home.example" (may be empty)
  std::string diagnostic;        // "smtp; 550 5.1.1 <bob@home.example>: Recipient address rejected"
};

struct DsnInfo {
  std::string reporting_mta;     // "relay.isp.example"
  std::string postmaster;        // "MAILER-DAEMON@relay.isp.example" (From:)
  std::string to;                // the original sender
  std::string date;              // RFC 5322 date
  std::string message_id;        // "<...>" for the report
  std::string boundary;          // MIME boundary, deterministic (from the queue id)
  std::string original_envelope_id;  // queue id of the failed message
  std::string arrival_date;      // when the MTA received the original
  std::vector<DsnRecipient> recipients;
  std::string explanation;       // the human-readable part's text (CRLF lines), written by the caller
  std::string returned_headers;  // the original's header block (CRLF lines), as text/rfc822-headers
};

// The whole message (headers + body), CRLF line endings. Subject: "Undelivered Mail Returned to
// Sender" for failed, "Delayed Mail (still being retried)" for delayed.
std::string build_dsn(const DsnInfo& info);

}  // namespace mailsim::message
