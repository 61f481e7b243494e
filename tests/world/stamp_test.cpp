// What each server on the way adds to a message is header lines on top, and nothing else: the
// octets the sender wrote arrive as written (a DKIM signature with simple canonicalization covers
// them), and a submission server puts the Date: and Message-ID: it completes at the end of the
// header block without touching the rest.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "lesson.hpp"
#include "sim/proto/message/message.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

// Unusual but valid: no space after a colon, two spaces, a folded field, trailing white space,
// an empty line at the end of the body.
const std::string kHeaderFields =
    "From: alice@school.example\r\n"
    "To: bob@home.example\r\n"
    "Subject:no space after the colon\r\n"
    "X-Spaces:  two  \r\n"
    "X-Folded: one\r\n"
    "\ttwo\r\n";
const std::string kDated =
    "Date: Mon, 3 Nov 2025 09:00:00 +0000\r\n"
    "Message-ID: <trip.1@school.example>\r\n";
const std::string kBody = "\r\nHi Bob,\r\n  indented line \r\n\r\n";

// pc1 submits `message` to mail.school.example:587 in one write; the mail goes through the relay
// to mx.home.example.
std::unique_ptr<world::World> submitted(const std::string& message) {
  scenario::Scenario s = lesson::two_domains();
  s.messages.clear();
  auto w = std::make_unique<world::World>(std::move(s));
  const std::string dialog = "EHLO pc1.school.example\r\nMAIL FROM:<alice@school.example>\r\n"
                             "RCPT TO:<bob@home.example>\r\nDATA\r\n" + message + ".\r\nQUIT\r\n";
  w->network().connect("pc1.school.example", "10.0.0.25", 587, 30 * kSecond,
                       {[dialog](net::Endpoint ep) {
                          ep.set_handlers({[ep, dialog](std::string_view bytes) {
                                             if (bytes.starts_with("220 ")) ep.send(dialog, trace::Payload::Command);
                                           },
                                           [ep] { ep.close(); },
                                           {}});
                        },
                        {}});
  w->run(10 * kMinute);
  return w;
}

std::string delivered(const world::World& w) {
  const auto* f = world::inbox_of(w, "bob@home.example");
  REQUIRE(f != nullptr);
  REQUIRE(f->messages.size() == 1);
  return f->messages[0].raw;
}

// The names of the header fields the servers put above `original`, which `raw` must end with.
std::vector<std::string> added_above(const std::string& raw, const std::string& original) {
  REQUIRE(raw.size() > original.size());
  REQUIRE(raw.ends_with(original));
  const auto above = message::Message::parse(raw.substr(0, raw.size() - original.size()) + "\r\n");
  std::vector<std::string> names;
  for (const auto& f : above.headers()) names.push_back(f.name);
  return names;
}

}  // namespace

TEST_CASE("submission, relay and destination only prepend header lines: the message arrives octet for octet") {
  const std::string message = kHeaderFields + kDated + kBody;
  auto w = submitted(message);
  const std::string raw = delivered(*w);
  CHECK(added_above(raw, message) ==
        std::vector<std::string>{"Return-Path", "Delivered-To", "Received", "Received", "Received"});
}

TEST_CASE("a submission server adds the missing Date and Message-ID at the end of the header, the rest as written") {
  auto w = submitted(kHeaderFields + kBody);
  const std::string raw = delivered(*w);
  const std::size_t at = raw.find(kHeaderFields);
  REQUIRE(at != std::string::npos);
  const std::string rest = raw.substr(at + kHeaderFields.size());
  CHECK(rest.starts_with("Date: Mon, 3 Nov 2025 09:00:"));
  const std::size_t id = rest.find("\r\nMessage-ID: <");
  REQUIRE(id != std::string::npos);
  CHECK(rest.find("@mail.school.example>\r\n" + kBody) != std::string::npos);
  CHECK(rest.ends_with(">\r\n" + kBody));
}
