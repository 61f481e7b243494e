// What the server (or the network) can do to us mid-dialog: 421, a lost connection, garbage,
// over-long lines, endless replies. The client must decide every recipient and never throw.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "sim/proto/smtp/client.hpp"

using mailsim::smtp::Client;
using mailsim::smtp::ClientJob;
using mailsim::smtp::ClientState;
using mailsim::smtp::Reply;
using mailsim::smtp::RecipientStatus;

namespace {

ClientJob job() {
  ClientJob j;
  j.helo_name = "relay.isp.example";
  j.mail_from = "alice@school.example";
  j.rcpt_to = {"bob@home.example", "carol@home.example"};
  j.data = "Subject: hi\r\n\r\nhello\r\n";
  return j;
}

// Up to DATA's 354: bob accepted, carol refused, the data sent.
Client data_sent() {
  Client c(job());
  c.feed("220 mx\r\n");
  c.feed("250-mx\r\n250 ENHANCEDSTATUSCODES\r\n");
  c.feed("250 2.1.0 Ok\r\n");
  c.feed("250 2.1.5 Ok\r\n");
  c.feed("550 5.1.1 no\r\n");
  REQUIRE(c.feed("354 go\r\n") == "Subject: hi\r\n\r\nhello\r\n.\r\n");
  return c;
}

bool all_decided(const Client& c) {
  for (const auto& r : c.recipients()) {
    if (r.status == RecipientStatus::Pending || r.status == RecipientStatus::Accepted) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("421 mid-session: undecided recipients TempFailed, Done, no QUIT") {
  Client c(job());
  c.feed("220 mx\r\n");
  c.feed("250-mx\r\n250 ENHANCEDSTATUSCODES\r\n");
  c.feed("250 2.1.0 Ok\r\n");
  c.feed("550 5.1.1 no\r\n");  // bob refused for good
  CHECK(c.feed("421 4.3.2 shutting down\r\n") == "");
  CHECK(c.done());
  CHECK(c.recipients()[0].status == RecipientStatus::PermFailed);
  CHECK(c.recipients()[1].status == RecipientStatus::TempFailed);
  CHECK(c.recipients()[1].reply == Reply{421, "4.3.2", {"shutting down"}});
  CHECK(c.session_error().code == 421);
  CHECK(c.feed("250 ignored\r\n") == "");  // nothing is read after Done
}

TEST_CASE("421 as the final reply: the accepted recipient is TempFailed") {
  Client c = data_sent();
  CHECK(c.feed("421 4.4.2 timeout\r\n") == "");
  CHECK(c.done());
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
}

TEST_CASE("connection lost after the data was sent: accepted recipient TempFailed 421 4.4.2") {
  Client c = data_sent();
  c.connection_lost();
  CHECK(c.done());
  const Reply lost{421, "4.4.2", {"connection lost"}};
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
  CHECK(c.recipients()[0].reply == lost);
  CHECK(c.recipients()[1].status == RecipientStatus::PermFailed);  // RCPT already decided it
  CHECK(c.session_error() == lost);
}

TEST_CASE("connection lost before the greeting: everyone TempFailed") {
  Client c(job());
  c.connection_lost();
  CHECK(c.done());
  for (const auto& r : c.recipients()) CHECK(r.status == RecipientStatus::TempFailed);
}

TEST_CASE("connection lost after QUIT: delivered stays delivered, no session error") {
  Client c = data_sent();
  CHECK(c.feed("250 2.0.0 queued\r\n") == "QUIT\r\n");
  c.connection_lost();
  CHECK(c.done());
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
  CHECK(c.session_error() == Reply{});
  c.connection_lost();  // twice is harmless
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
}

TEST_CASE("malformed reply: protocol error, TempFailed with code 0, QUIT, Done") {
  Client c(job());
  c.feed("220 mx\r\n");
  c.feed("250 mx\r\n");
  CHECK(c.feed("+OK this is a POP3 server\r\n") == "QUIT\r\n");
  CHECK(c.done());
  const Reply garbage{0, "", {"+OK this is a POP3 server"}};
  for (const auto& r : c.recipients()) {
    CHECK(r.status == RecipientStatus::TempFailed);
    CHECK(r.reply == garbage);
  }
  CHECK(c.session_error() == garbage);
}

TEST_CASE("a reply code outside 2xx-5xx is a protocol error too") {
  Client c(job());
  CHECK(c.feed("199 what\r\n") == "QUIT\r\n");
  CHECK(c.done());
  CHECK(c.recipients()[0].reply == Reply{0, "", {"199 what"}});
}

TEST_CASE("a malformed reply to QUIT just ends the dialog, without a second QUIT") {
  Client c = data_sent();
  c.feed("250 2.0.0 queued\r\n");
  CHECK(c.feed("nonsense\r\n") == "");
  CHECK(c.done());
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
}

TEST_CASE("hostile server: 10 MB without a line end stays bounded and ends in a protocol error") {
  Client c(job());
  const std::string chunk(64 * 1024, 'A');
  std::string out;
  std::size_t most_buffered = 0;
  for (int i = 0; i < 160; ++i) {  // 160 * 64 KiB = 10 MiB
    out += c.feed(chunk);
    most_buffered = std::max(most_buffered, c.buffered());
  }
  CHECK(c.done());
  CHECK(out == "QUIT\r\n");
  CHECK(most_buffered <= 2 * 4096);
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
  CHECK(c.recipients()[0].reply.code == 0);
}

TEST_CASE("hostile server: one 10 MB feed() is handled the same way") {
  Client c(job());
  c.feed("220 mx\r\n");
  CHECK(c.feed(std::string(10 * 1024 * 1024, 'B')) == "QUIT\r\n");
  CHECK(c.done());
  CHECK(c.buffered() <= 2 * 4096);
}

TEST_CASE("hostile server: a multi-line reply that never ends is cut off") {
  Client c(job());
  c.feed("220 mx\r\n");
  std::string out;
  const std::string lines = [] {
    std::string s;
    for (int i = 0; i < 1000; ++i) s += "250-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\r\n";
    return s;
  }();
  for (int i = 0; i < 200 && !c.done(); ++i) out += c.feed(lines);  // up to ~13 MB
  CHECK(c.done());
  CHECK(out == "QUIT\r\n");
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
}

TEST_CASE("random server bytes never throw and never leave the dialog out of its states") {
  // A small deterministic generator (no std::random_device): the same bytes on every run.
  std::uint32_t x = 2463534242u;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  const char* const pieces[] = {"220 ", "250-", "250 ", "354 ", "421 ", "550 ", "\r\n", "\n",
                                "PIPELINING", "SIZE 5", "8BITMIME", "ENHANCEDSTATUSCODES",
                                "2.1.0 ", "5.1.1 ", "x", "\xff", "\r", " "};
  for (int run = 0; run < 300; ++run) {
    Client c(job());
    bool threw = false;
    try {
      for (int i = 0; i < 60; ++i) c.feed(pieces[next() % (sizeof pieces / sizeof pieces[0])]);
    } catch (...) {
      threw = true;
    }
    CHECK_FALSE(threw);
    c.connection_lost();
    CHECK(c.done());
    CHECK(all_decided(c));
  }
}
