#pragma once
// Test support: a Verifier run against a DNS zone, every query and answer passing through the
// wire format as it would over the virtual network.
#include <set>
#include <string>
#include <vector>

#include "sim/proto/dkim/verify.hpp"
#include "sim/proto/dns/zone.hpp"

namespace dkim_test {

// The RFC 8463 Appendix A.3 message, signed by brisbane (ed25519-sha256) and test (rsa-sha256),
// c=relaxed/relaxed.
inline const std::string kRfc8463Signed =
    "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; \r\n"
    " d=football.example.com; i=@football.example.com; \r\n"
    " q=dns/txt; s=brisbane; t=1528637909; h=from : to : \r\n"
    " subject : date : message-id : from : subject : date; \r\n"
    " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; \r\n"
    " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus\r\n"
    " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==\r\n"
    "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; \r\n"
    " d=football.example.com; i=@football.example.com; \r\n"
    " q=dns/txt; s=test; t=1528637909; h=from : to : subject : \r\n"
    " date : message-id : from : subject : date; \r\n"
    " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; \r\n"
    " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3\r\n"
    " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz\r\n"
    " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=\r\n"
    "From: Joe SixPack <joe@football.example.com>\r\n"
    "To: Suzie Q <suzie@shopping.example.net>\r\n"
    "Subject: Is dinner ready?\r\n"
    "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
    "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n"
    "\r\n"
    "Hi.\r\n"
    "\r\n"
    "We lost the game.  Are you hungry yet?\r\n"
    "\r\n"
    "Joe.\r\n";

// The same message and keys signed c=simple/simple (dkimpy's tests/data/rfc6376.signed.msg): the
// trailing spaces on the signature lines are part of what is signed.
inline const std::string kSimpleSigned =
    "DKIM-Signature: v=1; a=ed25519-sha256; c=simple/simple; \r\n"
    " d=football.example.com; i=@football.example.com; \r\n"
    " q=dns/txt; s=brisbane; t=1518460054; h=from : to : \r\n"
    " subject : date : message-id : from : subject : date; \r\n"
    " bh=4bLNXImK9drULnmePzZNEBleUanJCX5PIsDIFoH4KTQ=; \r\n"
    " b=9/dsDChY0YMTtD5Eyw3wx7x22BlSJP7M5ECbJ7GWrR45nXlTCGb8l0YB\r\n"
    " o0wBLR++X5LqmsxXaOYLLJe46l10AQ==\r\n"
    "DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; \r\n"
    " d=football.example.com; i=@football.example.com; \r\n"
    " q=dns/txt; s=test; t=1527915362; h=from : to : subject : \r\n"
    " date : message-id : from : subject : date; \r\n"
    " bh=4bLNXImK9drULnmePzZNEBleUanJCX5PIsDIFoH4KTQ=; \r\n"
    " b=icKcLSEZYXJ95flvWE8FT6hl5iqd8MC/LEKYH0QjsqYy6MO/4pgVNCZH\r\n"
    " l/RAXAuADxE/40Fg7uTlxwwD1hjN2Ple6J//cJfslBdDOq6zTVbne1dqtl\r\n"
    " NOat7iamJ1AfRqyG+ja7a2AZsrpUuJ7VA6O+0zRYPqpwMEkEFIzI9i/Xk=\r\n"
    "From: Joe SixPack <joe@football.example.com>\r\n"
    "To: Suzie Q <suzie@shopping.example.net>\r\n"
    "Subject: Is dinner ready?\r\n"
    "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
    "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n"
    "\r\n"
    "Hi.\r\n"
    "\r\n"
    "We lost the game.  Are you hungry yet?\r\n"
    "\r\n"
    "Joe.\r\n"
    "\r\n";

// RFC 8463 Appendix A.2's key records.
inline const std::string kBrisbaneKey = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
inline const std::string kTestKey =
    "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQi"
    "Y/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G"
    "+2kryOTIKT+l/K4w3QIDAQAB";

inline mailsim::dns::Record txt(std::string name, std::string text) {
  mailsim::dns::Record r;
  r.name = std::move(name);
  r.type = mailsim::dns::Type::TXT;
  r.data = std::move(text);
  return r;
}

inline mailsim::dns::ZoneSet rfc8463_zone() {
  mailsim::dns::ZoneSet z;
  z.add(txt("brisbane._domainkey.football.example.com", kBrisbaneKey));
  z.add(txt("test._domainkey.football.example.com", kTestKey));
  return z;
}

// Answers every query from `zone` (names in `silent` get no answer: a timeout); returns each
// query's one-line summary, in order.
inline std::vector<std::string> run(mailsim::dkim::Verifier& v, const mailsim::dns::ZoneSet& zone,
                                    const std::set<std::string>& silent = {}) {
  std::vector<std::string> asked;
  for (int guard = 0; guard < 64; ++guard) {
    auto q = v.next_query();
    if (!q) break;
    asked.push_back(q->summary());
    auto wire_query = mailsim::dns::Message::decode(q->encode());
    if (!wire_query || silent.count(q->questions.front().name)) {
      v.on_timeout();
      continue;
    }
    auto answer = mailsim::dns::Message::decode(zone.answer(*wire_query).encode());
    if (answer) v.on_response(*answer);
  }
  return asked;
}

}  // namespace dkim_test
