// The sniffer: fed the bytes of each protocol as they cross a wire, it finds what dsniff or
// Wireshark's credential view would: passwords sent as they are (base64 is no protection), the user
// name only for challenge-response mechanisms, the text of messages, the size of what is not text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sniff/sniffer.hpp"

using namespace mailsim;
using sniff::Capture;

namespace {
// One capture in words: "credential AUTH PLAIN alice/secret", "mail_text sent From|To|Subject|body".
std::string words(const Capture& c) {
  std::string out = sniff::to_string(c.what);
  switch (c.what) {
    case Capture::What::Credential: return out + " " + c.method + " " + c.user + "/" + c.password;
    case Capture::What::ChallengeResponse: return out + " " + c.method + " " + c.user + (c.password.empty() ? "" : "!");
    case Capture::What::MailText: {
      out += std::string(c.from_client ? " sent " : " read ") + c.from + "|" + c.to + "|" + c.subject;
      for (const auto& l : c.body) out += "|" + l;
      if (c.lines_left_out) out += "|+" + std::to_string(c.lines_left_out);
      return out;
    }
    case Capture::What::Unreadable:
      return out + (c.from_client ? " client " : " server ") + std::to_string(c.bytes);
  }
  return out;
}

// A dialog as "C: line" / "S: line" entries, each sent with CRLF on connection 1 to `port`.
std::vector<std::string> sniff_dialog(std::uint16_t port, const std::vector<std::string>& dialog, bool end = true) {
  sniff::Sniffer s;
  std::vector<std::string> out;
  for (const std::string& l : dialog) {
    const bool client = l.starts_with("C: ");
    for (const Capture& c : s.feed(1, port, client, l.substr(3) + "\r\n")) out.push_back(words(c));
  }
  if (end)
    for (const Capture& c : s.end(1)) out.push_back(words(c));
  return out;
}

std::string b64(std::string_view s) { return sasl::base64_encode(s); }
}  // namespace

TEST_CASE("SMTP AUTH PLAIN with an initial response gives the password away, base64 decoded") {
  CHECK(sniff_dialog(587, {"S: 220 mail.school.example ESMTP", "C: EHLO pc1",
                           "S: 250-mail.school.example", "S: 250 AUTH PLAIN LOGIN",
                           "C: AUTH PLAIN " + b64(std::string("\0alice\0correct-horse", 20)),
                           "S: 235 2.7.0 Authentication successful"}) ==
        std::vector<std::string>{"credential AUTH PLAIN alice/correct-horse"});
}

TEST_CASE("SMTP AUTH PLAIN after a 334, with an authorization identity") {
  CHECK(sniff_dialog(587, {"C: AUTH PLAIN", "S: 334 ", "C: " + b64(std::string("admin\0bob\0pale moon", 19)),
                           "S: 535 5.7.8 Authentication credentials invalid"}) ==
        std::vector<std::string>{"credential AUTH PLAIN bob/pale moon"});
}

TEST_CASE("SMTP AUTH LOGIN: user name and password in two messages, with or without an initial response") {
  CHECK(sniff_dialog(587, {"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: " + b64("alice"), "S: 334 UGFzc3dvcmQ6",
                           "C: " + b64("correct-horse"), "S: 235 2.7.0 Authentication successful"}) ==
        std::vector<std::string>{"credential AUTH LOGIN alice/correct-horse"});
  CHECK(sniff_dialog(25, {"C: auth login " + b64("carol"), "S: 334 UGFzc3dvcmQ6", "C: " + b64("violet-7"),
                          "S: 235 2.7.0 Authentication successful"}) ==
        std::vector<std::string>{"credential AUTH LOGIN carol/violet-7"});
}

TEST_CASE("SMTP AUTH CRAM-MD5 and SCRAM-SHA-256: the user name, nothing reusable") {
  // RFC 2195 §2's example.
  CHECK(sniff_dialog(587, {"C: AUTH CRAM-MD5", "S: 334 " + b64("<1896.697170952@postoffice.example.net>"),
                           "C: " + b64("joe 3dbc88f0624776a737b39093f6eb6427"), "S: 235 2.7.0 Authentication successful"}) ==
        std::vector<std::string>{"challenge_response AUTH CRAM-MD5 joe"});
  // RFC 7677 §3's example: only the client-first message names the user.
  CHECK(sniff_dialog(587, {"C: AUTH SCRAM-SHA-256 " + b64("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"),
                           "S: 334 " + b64("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                           "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"),
                           "C: " + b64("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                       "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="),
                           "S: 334 " + b64("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="), "C: ",
                           "S: 235 2.7.0 Authentication successful"}) ==
        std::vector<std::string>{"challenge_response AUTH SCRAM-SHA-256 user"});
}

TEST_CASE("SMTP AUTH cancelled with '*', and a response that is not base64: nothing learnt") {
  CHECK(sniff_dialog(587, {"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: " + b64("alice"), "S: 334 UGFzc3dvcmQ6",
                           "C: *", "S: 501 5.7.0 Authentication cancelled", "C: MAIL FROM:<alice@school.example>",
                           "S: 530 5.7.0 Authentication required"})
            .empty());
  CHECK(sniff_dialog(587, {"C: AUTH PLAIN !!!notbase64", "S: 501 5.5.2 Cannot decode response"}).empty());
}

TEST_CASE("SMTP DATA: the message's From, To, Subject and body, dot-unstuffed, once 354 has come") {
  CHECK(sniff_dialog(25, {"C: MAIL FROM:<alice@school.example>", "C: RCPT TO:<bob@home.example>", "C: DATA",
                          "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 354 End data with <CR><LF>.<CR><LF>",
                          "C: From: Alice <alice@school.example>", "C: To: bob@home.example,",
                          "C:  carol@home.example", "C: Subject: Club meeting", "C: Message-ID: <1@school.example>",
                          "C: ", "C: Hi Bob,", "C: ..and a line with a dot", "C: .", "S: 250 2.0.0 Ok: queued",
                          "C: QUIT"}) ==
        std::vector<std::string>{"mail_text sent Alice <alice@school.example>|bob@home.example, "
                                 "carol@home.example|Club meeting|Hi Bob,|.and a line with a dot"});
}

TEST_CASE("SMTP DATA refused (554): the lines after it are commands, not a message") {
  CHECK(sniff_dialog(25, {"C: DATA", "S: 554 5.5.1 No valid recipients", "C: QUIT", "S: 221 2.0.0 Bye"}).empty());
}

TEST_CASE("a message's body is kept up to kMaxBodyLines lines, the rest is counted") {
  std::vector<std::string> d{"C: DATA", "S: 354 go", "C: Subject: long", "C: "};
  for (std::size_t i = 0; i < sniff::kMaxBodyLines + 5; ++i) d.push_back("C: x");
  d.push_back("C: .");
  const auto got = sniff_dialog(25, d);
  REQUIRE(got.size() == 1);
  CHECK(got[0].ends_with("|x|+5"));
}

TEST_CASE("POP3 USER/PASS, APOP and AUTH PLAIN, RETR's text is read mail") {
  CHECK(sniff_dialog(110, {"S: +OK POP3 ready <1896.697170952@dbc.mtview.ca.us>", "C: USER bob", "S: +OK",
                           "C: PASS pale moon", "S: +OK maildrop locked", "C: RETR 1", "S: +OK 120 octets",
                           "S: From: alice@school.example", "S: Subject: Hello", "S: ", "S: ..dot", "S: .",
                           "C: APOP mrose c4c9334bac560ecc979e58001b3e22fb", "S: -ERR already",
                           "C: AUTH PLAIN " + b64(std::string("\0carol\0violet-7", 15)), "S: +OK", "C: QUIT"}) ==
        std::vector<std::string>{"credential USER/PASS bob/pale moon",
                                 "mail_text read alice@school.example||Hello|.dot",
                                 "challenge_response APOP mrose", "credential AUTH PLAIN carol/violet-7"});
}

TEST_CASE("POP3: LIST, UIDL and CAPA listings are not mail, AUTH CRAM-MD5 after a '+' continuation") {
  CHECK(sniff_dialog(110, {"S: +OK ready", "C: CAPA", "S: +OK", "S: USER", "S: SASL PLAIN CRAM-MD5", "S: .",
                           "C: AUTH CRAM-MD5", "S: + " + b64("<1.2@mx>"), "C: " + b64("bob 0123456789abcdef"),
                           "S: +OK logged in", "C: LIST", "S: +OK 1 messages", "S: 1 120", "S: .", "C: UIDL 1",
                           "S: +OK 1 abc", "C: TOP 1 0", "S: +OK", "S: Subject: Top", "S: ", "S: ."}) ==
        std::vector<std::string>{"challenge_response AUTH CRAM-MD5 bob", "mail_text read ||Top"});
}

TEST_CASE("IMAP LOGIN with atoms, quoted strings and a literal, AUTHENTICATE PLAIN, FETCH BODY[] is read mail") {
  CHECK(sniff_dialog(143, {"S: * OK IMAP4rev1 ready", "C: a1 LOGIN bob \"pale \\\"moon\\\"\"", "S: a1 OK done",
                           "C: a2 LOGIN {5}", "S: + go ahead", "C: alice secret", "S: a2 OK done",
                           "C: a3 AUTHENTICATE PLAIN", "S: + ", "C: " + b64(std::string("\0carol\0violet-7", 15)),
                           "S: a3 OK done", "C: a4 UID FETCH 1 (BODY[])", "S: * 1 FETCH (UID 1 BODY[] {45}",
                           "S: From: dan@home.example", "S: Subject: Hi", "S: ", "S: Body", "S: )",
                           "S: a4 OK done"}) ==
        std::vector<std::string>{"credential LOGIN bob/pale \"moon\"", "credential LOGIN alice/secret",
                                 "credential AUTHENTICATE PLAIN carol/violet-7",
                                 "mail_text read dan@home.example||Hi|Body"});
}

TEST_CASE("STARTTLS: after the server's yes, only the sizes of each direction's runs are known") {
  sniff::Sniffer s;
  std::vector<std::string> out;
  auto feed = [&](bool client, std::string_view bytes) {
    for (const Capture& c : s.feed(7, 587, client, bytes)) out.push_back(words(c));
  };
  feed(true, "STARTTLS\r\n");
  feed(false, "220 2.0.0 Ready to start TLS\r\n");
  feed(true, "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");  // as if it were still text: it is ciphertext now
  feed(true, std::string("\x16\x03\x01\x00", 4));
  feed(false, std::string("\x16\x03\x03", 3));
  feed(false, "xy");
  for (const Capture& c : s.end(7)) out.push_back(words(c));
  CHECK(out == std::vector<std::string>{"unreadable client 37", "unreadable server 5"});
  CHECK(s.streams() == 0);
}

TEST_CASE("STARTTLS: a TLS session that turns many times is one total each way, told at the end and marked tls") {
  sniff::Sniffer s;
  std::vector<Capture> got;
  auto feed = [&](bool client, std::string_view bytes) {
    for (Capture& c : s.feed(8, 25, client, bytes)) got.push_back(std::move(c));
  };
  feed(true, "STARTTLS\r\n");
  feed(false, "220 2.0.0 Ready to start TLS\r\n");
  for (int i = 0; i < 5; ++i) {
    feed(true, std::string("\x17\x03\x03\x00\x02xy", 7));
    feed(false, std::string("\x17\x03\x03\x00\x01z", 6));
  }
  CHECK(got.empty());  // nothing is learnt while it lasts
  for (Capture& c : s.end(8)) got.push_back(std::move(c));
  REQUIRE(got.size() == 2);
  CHECK(words(got[0]) == "unreadable client 35");
  CHECK(words(got[1]) == "unreadable server 30");
  CHECK(got[0].tls);
  CHECK(got[1].tls);
  // What it can show of them: the first 24 bytes each way, as they crossed.
  CHECK(got[0].sample == std::string("\x17\x03\x03\x00\x02xy\x17\x03\x03\x00\x02xy\x17\x03\x03\x00\x02xy\x17\x03\x03", 24));
  CHECK(got[1].sample == std::string("\x17\x03\x03\x00\x01z\x17\x03\x03\x00\x01z\x17\x03\x03\x00\x01z\x17\x03\x03\x00\x01z", 24));
  // Bytes that are not text without STARTTLS are no TLS the sniffer knows of.
  CHECK_FALSE(s.feed(9, 25, true, "\x01\x02").size());
  const auto plain = s.end(9);
  REQUIRE(plain.size() == 1);
  CHECK_FALSE(plain[0].tls);
}

TEST_CASE("bytes that are not text make a stream unreadable, a decoded password is shown, never raw") {
  CHECK(sniff_dialog(25, {"C: EHLO x", "C: \x01\x02" "binary"}) == std::vector<std::string>{"unreadable client 10"});
  CHECK(sniff_dialog(587, {"C: AUTH PLAIN " + b64(std::string("\0al\x1b" "ice\0pw\xff", 11))}) ==
        std::vector<std::string>{"credential AUTH PLAIN al<0x1B>ice/pw<0xFF>"});
}

TEST_CASE("a port that is no mail protocol's: its text is ignored, streams are bounded") {
  CHECK(sniff_dialog(12345, {"C: AUTH\t1\tPLAIN\tresp=AGFsaWNlAHNlY3JldA=="}).empty());
  sniff::Sniffer s;
  for (std::uint64_t c = 1; c <= sniff::kMaxStreams + 10; ++c) s.feed(c, 25, true, "EHLO x\r\n");
  CHECK(s.streams() == sniff::kMaxStreams);
  CHECK(s.end(1).empty());  // dropped long ago
}
