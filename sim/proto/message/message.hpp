#pragma once
// Internet Message Format (RFC 5322): header fields and body, parse and serialize without loss.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::message {

struct HeaderField {
  std::string name;     // as written ("Subject")
  std::string value;    // raw, folding kept (continuation lines joined with their CRLF), no final CRLF,
                        // without the single space after the colon
  friend bool operator==(const HeaderField&, const HeaderField&) = default;
};

class Message {
 public:
  // Lenient parse: header block up to the first empty line; accepts LF or CRLF line endings (output
  // always CRLF); a line without a colon in the header ends it (the rest is body).
  static Message parse(std::string_view raw);
  // CRLF line endings; "Name: value".
  std::string serialize() const;

  std::vector<HeaderField>& headers() { return headers_; }
  const std::vector<HeaderField>& headers() const { return headers_; }
  const std::string& body() const { return body_; }
  void set_body(std::string body) { body_ = std::move(body); }

  // First field with this name (case-insensitive), unfolded (CRLF+WSP -> WSP).
  std::optional<std::string> get(std::string_view name) const;
  std::vector<std::string> get_all(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  void add(std::string name, std::string value);       // appends
  void prepend(std::string name, std::string value);   // inserts at the top (Received, Return-Path)

  // Same fields in the same order, same body: what a round trip must keep.
  friend bool operator==(const Message&, const Message&) = default;

 private:
  std::vector<HeaderField> headers_;
  std::string body_;
};

// Every bare LF becomes CRLF; existing CRLF (and a lone CR) are kept. The wire form SMTP requires.
std::string to_crlf(std::string_view text);
// RFC 5322 §2.2.3 unfolding: a CRLF (or bare LF) followed by WSP is removed, the WSP stays.
std::string unfold(std::string_view value);

struct Mailbox {
  std::string display_name;   // decoded of quotes, may be empty
  std::string local_part;
  std::string domain;         // lower-cased
  std::string address() const { return local_part + "@" + domain; }
};

// "Alice <alice@a.example>, bob@b.example, \"Doe, J\" <j@c.example>" -> mailboxes; groups flattened;
// entries that are not addresses are skipped.
std::vector<Mailbox> parse_address_list(std::string_view text);
// "alice@a.example" -> {local, domain}; nullopt when not local@domain.
std::optional<Mailbox> parse_addr_spec(std::string_view text);

// Fold a header value at white space so no line passes 78 characters (RFC 5322 §2.2.3).
std::string fold(std::string_view name, std::string_view value);

// A Received field value (RFC 5321 §4.4), e.g.
// "from pc1.school.example (pc1.school.example [10.0.0.10])\r\n\tby mail.school.example (mailsim)
//  with ESMTP id 4F1A2\r\n\tfor <bob@home.example>; Mon, 3 Nov 2025 09:00:00 +0000"
struct ReceivedInfo {
  std::string from_helo;        // name the client gave in EHLO/HELO
  std::string from_host;        // the client's host name as the server knows it (may be empty)
  std::string from_address;     // the client's IP address
  std::string by_host;          // the receiving server
  std::string with;             // "ESMTP", "SMTP", "ESMTPA", "ESMTPS"...
  std::string id;               // queue id
  std::string for_rcpt;         // set when there is one recipient
  std::string date;             // RFC 5322 date-time
};
std::string received_value(const ReceivedInfo& info);

}  // namespace mailsim::message
