// Bounces (RFC 3464 inside RFC 6522 multipart/report), byte for byte.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/message/dsn.hpp"
#include "sim/proto/message/message.hpp"

using mailsim::message::build_dsn;
using mailsim::message::DsnInfo;
using mailsim::message::DsnRecipient;
using mailsim::message::Message;

namespace {

DsnInfo failed_to_bob() {
  DsnInfo info;
  info.reporting_mta = "relay.isp.example";
  info.postmaster = "MAILER-DAEMON@relay.isp.example";
  info.to = "alice@school.example";
  info.date = "Mon, 3 Nov 2025 09:00:05 +0000";
  info.message_id = "<20251103090005.8A1B2@relay.isp.example>";
  info.boundary = "8A1B2.1762160405/relay.isp.example";
  info.original_envelope_id = "8A1B2";
  info.arrival_date = "Mon, 3 Nov 2025 09:00:01 +0000";
  info.recipients.push_back(DsnRecipient{
      "bob@home.example", "failed", "5.1.1", "mx.home.example",
      "smtp; 550 5.1.1 <bob@home.example>: Recipient address rejected: User unknown in virtual mailbox table"});
  info.explanation =
      "This is the mail system at host relay.isp.example.\r\n"
      "\r\n"
      "I'm sorry to have to inform you that your message could not\r\n"
      "be delivered to one or more recipients.\r\n";
  info.returned_headers =
      "From: Alice <alice@school.example>\r\n"
      "To: bob@home.example\r\n"
      "Subject: Lunch?\r\n";
  return info;
}

}  // namespace

TEST_CASE("a one-recipient failed DSN, whole") {
  CHECK(build_dsn(failed_to_bob()) ==
        "From: Mail Delivery System <MAILER-DAEMON@relay.isp.example>\r\n"
        "To: alice@school.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Date: Mon, 3 Nov 2025 09:00:05 +0000\r\n"
        "Message-ID: <20251103090005.8A1B2@relay.isp.example>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status;\r\n"
        "\tboundary=\"8A1B2.1762160405/relay.isp.example\"\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "\r\n"
        "This is a MIME-encapsulated message.\r\n"
        "\r\n"
        "--8A1B2.1762160405/relay.isp.example\r\n"
        "Content-Description: Notification\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "This is the mail system at host relay.isp.example.\r\n"
        "\r\n"
        "I'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients.\r\n"
        "\r\n"
        "--8A1B2.1762160405/relay.isp.example\r\n"
        "Content-Description: Delivery report\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; relay.isp.example\r\n"
        "Original-Envelope-Id: 8A1B2\r\n"
        "Arrival-Date: Mon, 3 Nov 2025 09:00:01 +0000\r\n"
        "\r\n"
        "Final-Recipient: rfc822; bob@home.example\r\n"
        "Action: failed\r\n"
        "Status: 5.1.1\r\n"
        "Remote-MTA: dns; mx.home.example\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <bob@home.example>: Recipient address\r\n"
        " rejected: User unknown in virtual mailbox table\r\n"
        "\r\n"
        "--8A1B2.1762160405/relay.isp.example\r\n"
        "Content-Description: Undelivered Message Headers\r\n"
        "Content-Type: text/rfc822-headers\r\n"
        "\r\n"
        "From: Alice <alice@school.example>\r\n"
        "To: bob@home.example\r\n"
        "Subject: Lunch?\r\n"
        "\r\n"
        "--8A1B2.1762160405/relay.isp.example--\r\n");
}

TEST_CASE("the same info gives the same bytes") {
  CHECK(build_dsn(failed_to_bob()) == build_dsn(failed_to_bob()));
}

TEST_CASE("the DSN parses back as a multipart/report message") {
  const Message m = Message::parse(build_dsn(failed_to_bob()));
  CHECK(m.get("Content-Type") ==
        "multipart/report; report-type=delivery-status;\tboundary=\"8A1B2.1762160405/relay.isp.example\"");
  CHECK(m.get("Auto-Submitted") == "auto-replied");
  CHECK(m.get("To") == "alice@school.example");
  CHECK(m.headers().size() == 8);
  CHECK(m.body().starts_with("This is a MIME-encapsulated message.\r\n"));
  CHECK(m.body().ends_with("\r\n--8A1B2.1762160405/relay.isp.example--\r\n"));
}

TEST_CASE("every recipient delayed: the warning subject, a mix is still a bounce") {
  DsnInfo info = failed_to_bob();
  info.recipients = {
      DsnRecipient{"bob@home.example", "delayed", "4.4.1", "", "smtp; 421 4.4.1 try again later"},
      DsnRecipient{"carol@home.example", "delayed", "4.4.1", "", ""}};
  Message m = Message::parse(build_dsn(info));
  CHECK(m.get("Subject") == "Delayed Mail (still being retried)");

  info.recipients[1].action = "failed";
  m = Message::parse(build_dsn(info));
  CHECK(m.get("Subject") == "Undelivered Mail Returned to Sender");
}

TEST_CASE("recipients are blocks separated by blank lines, empty optional fields are left out") {
  DsnInfo info = failed_to_bob();
  info.original_envelope_id.clear();
  info.recipients = {DsnRecipient{"bob@home.example", "delayed", "4.4.1", "", "smtp; 421 busy"},
                     DsnRecipient{"carol@home.example", "delayed", "4.4.1", "mx.home.example", ""}};
  const std::string dsn = build_dsn(info);
  CHECK(dsn.find("Original-Envelope-Id") == std::string::npos);
  CHECK(dsn.find("Content-Type: message/delivery-status\r\n"
                 "\r\n"
                 "Reporting-MTA: dns; relay.isp.example\r\n"
                 "Arrival-Date: Mon, 3 Nov 2025 09:00:01 +0000\r\n"
                 "\r\n"
                 "Final-Recipient: rfc822; bob@home.example\r\n"
                 "Action: delayed\r\n"
                 "Status: 4.4.1\r\n"
                 "Diagnostic-Code: smtp; 421 busy\r\n"
                 "\r\n"
                 "Final-Recipient: rfc822; carol@home.example\r\n"
                 "Action: delayed\r\n"
                 "Status: 4.4.1\r\n"
                 "Remote-MTA: dns; mx.home.example\r\n"
                 "\r\n"
                 "--8A1B2.1762160405/relay.isp.example\r\n") != std::string::npos);
}

TEST_CASE("caller text with LF endings and no final newline still makes whole CRLF lines") {
  DsnInfo info = failed_to_bob();
  info.explanation = "line one\nline two";
  info.returned_headers = "Subject: Lunch?";
  const std::string dsn = build_dsn(info);
  CHECK(dsn.find("charset=us-ascii\r\n\r\nline one\r\nline two\r\n\r\n--8A1B2") != std::string::npos);
  CHECK(dsn.ends_with("text/rfc822-headers\r\n\r\nSubject: Lunch?\r\n\r\n--8A1B2.1762160405/relay.isp.example--\r\n"));
}
