// STARTTLS stripping (smtp::strip_starttls): what a man in the middle does to the plain text of an
// SMTP session, byte for byte, in both modes and both directions.
#include <doctest/doctest.h>

#include "sim/proto/smtp/strip_starttls.hpp"

using namespace mailsim;

namespace {
const std::string kEhlo =
    "250-mx.partner.example\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n"
    "250 8BITMIME\r\n";
}

TEST_CASE("strip_starttls rewrite: 250-STARTTLS becomes 250-XXXXXXXA, the reply keeps its length") {
  const smtp::Stripped s = smtp::strip_starttls(kEhlo, false, smtp::StripMode::Rewrite);
  CHECK(s.bytes ==
        "250-mx.partner.example\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n250-XXXXXXXA\r\n250-ENHANCEDSTATUSCODES\r\n"
        "250 8BITMIME\r\n");
  CHECK(s.bytes.size() == kEhlo.size());
  REQUIRE(s.changes.size() == 1);
  CHECK(s.changes[0].before == "250-STARTTLS");
  CHECK(s.changes[0].after == "250-XXXXXXXA");
  CHECK_FALSE(s.changes[0].dropped);
}

TEST_CASE("strip_starttls drop: the line is taken out, and a last line's predecessor becomes the last") {
  const smtp::Stripped s = smtp::strip_starttls(kEhlo, false, smtp::StripMode::Drop);
  CHECK(s.bytes ==
        "250-mx.partner.example\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n");
  REQUIRE(s.changes.size() == 1);
  CHECK(s.changes[0].dropped);
  CHECK(s.changes[0].before == "250-STARTTLS");

  const smtp::Stripped last = smtp::strip_starttls("250-mx.example\r\n250-PIPELINING\r\n250 STARTTLS\r\n", false,
                                                   smtp::StripMode::Drop);
  CHECK(last.bytes == "250-mx.example\r\n250 PIPELINING\r\n");
  REQUIRE(last.changes.size() == 2);
  CHECK(last.changes[0].dropped);
  CHECK(last.changes[1].before == "250-PIPELINING");
  CHECK(last.changes[1].after == "250 PIPELINING");
}

TEST_CASE("strip_starttls: the client's STARTTLS command becomes XXXXXXXX in both modes, any case") {
  for (const auto mode : {smtp::StripMode::Rewrite, smtp::StripMode::Drop}) {
    const smtp::Stripped s = smtp::strip_starttls("starttls\r\n", true, mode);
    CHECK(s.bytes == "XXXXXXXX\r\n");
    REQUIRE(s.changes.size() == 1);
    CHECK(s.changes[0].before == "starttls");
  }
}

TEST_CASE("strip_starttls leaves everything else alone: other lines, other directions, pieces of lines") {
  // A server's STARTTLS line is not a command; a client's line mentioning it is not the keyword.
  CHECK(smtp::strip_starttls("250-STARTTLS\r\n", true, smtp::StripMode::Rewrite).changes.empty());
  CHECK(smtp::strip_starttls("STARTTLS\r\n", false, smtp::StripMode::Rewrite).changes.empty());
  CHECK(smtp::strip_starttls("Subject: STARTTLS\r\n", true, smtp::StripMode::Rewrite).changes.empty());
  CHECK(smtp::strip_starttls("220 2.0.0 Ready to start TLS\r\n", false, smtp::StripMode::Rewrite).changes.empty());
  CHECK(smtp::strip_starttls("250-STARTTLS extra\r\n", false, smtp::StripMode::Rewrite).changes.empty());
  const smtp::Stripped piece = smtp::strip_starttls("250-STARTTLS", false, smtp::StripMode::Rewrite);
  CHECK(piece.changes.empty());
  CHECK(piece.bytes == "250-STARTTLS");
  // A bare LF ending is kept as it was.
  CHECK(smtp::strip_starttls("250 STARTTLS\n", false, smtp::StripMode::Rewrite).bytes == "250 XXXXXXXA\n");
}
