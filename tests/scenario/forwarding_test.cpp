// The relay keys forward and append_footer, IMAP's fetch folders and the in_folder expectation:
// read as the lessons write them, and located errors for what cannot work.
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;

namespace {

// `relay` goes into the relay's object, `fetch` is Bob's client's fetch, `expect` the expect list.
std::string lesson(const std::string& relay, const std::string& fetch = R"("imap")", const std::string& expect = "") {
  return R"json({
  "title": "t", "until": "10m",
  "hosts": [
    {"name": "lists.example", "address": "10.4.0.25", "role": "relay", "domains": ["lists.example"])json" + relay + R"json(},
    {"name": "mx.home.example", "address": "10.1.0.25", "role": "destination", "domains": ["home.example"]},
    {"name": "pc.home.example", "address": "10.1.0.10", "role": "client"},
    {"name": "mail.home.example", "address": "10.1.0.26", "role": "submission", "domains": ["home.example"], "relay_from": ["10.1.0.0/24"]},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [
    {"between": ["lists.example", "mx.home.example"]},
    {"between": ["pc.home.example", "mx.home.example"]},
    {"between": ["mail.home.example", "mx.home.example"]},
    {"between": ["ns.example", "mx.home.example"]}
  ],
  "accounts": [{"address": "bob@home.example", "host": "mx.home.example"}],
  "clients": [{"host": "pc.home.example", "account": "bob@home.example", "submission": "mail.home.example", "fetch": )json" + fetch + R"json(}],
  "messages": [{"id": "m1", "client": "pc.home.example", "from": "bob@home.example", "to": "bob@home.example"}],
  "expect": [)json" + expect + R"json(]
}
)json";
}

}  // namespace

TEST_CASE("forward and append_footer are read: addresses without regard to case, footer lines with CRLF") {
  const auto s = scenario::load_text(
      lesson(R"(, "forward": {"Club@Lists.example": ["bob@home.example", "carol@home.example"]},)"
             R"( "append_footer": ["--", "The club list"])"),
      "t.json");
  REQUIRE(s.hosts[0].forward.size() == 1);
  CHECK(s.hosts[0].forward.at("club@lists.example") == std::vector<std::string>{"bob@home.example", "carol@home.example"});
  CHECK(s.hosts[0].append_footer == "--\r\nThe club list\r\n");
  const auto t = scenario::load_text(lesson(R"(, "append_footer": "--\nThe club list\n")"), "t.json");
  CHECK(t.hosts[0].append_footer == "--\r\nThe club list\r\n");
  CHECK(t.hosts[0].forward.empty());
}

TEST_CASE("forward and append_footer: located errors") {
  CHECK(error_of(lesson(R"(, "forward": {"bob@home.example": "bob@other.example"})")) ==
        "t.json:4:114: /hosts/0/forward/bob@home.example: 'bob@home.example' is not in this host's domains "
        "(lists.example): add its domain to 'domains' so the host accepts its mail");
  CHECK(error_of(lesson(R"(, "forward": {"club@lists.example": "Club@lists.example"})")) ==
        "t.json:4:136: /hosts/0/forward/club@lists.example: 'club@lists.example' is forwarded to itself: its mail "
        "would go round for ever");
  CHECK(error_of(lesson(R"(, "forward": {"club": "bob@home.example"})")) ==
        "t.json:4:114: /hosts/0/forward/club: 'club' is not a mail address (local@domain)");
  CHECK(error_of(lesson(R"(, "forward": {"club@lists.example": []})")) ==
        "t.json:4:136: /hosts/0/forward/club@lists.example: forward 'club@lists.example' to at least one address");
  CHECK(error_of(lesson(R"(, "forward": ["club@lists.example"])")) ==
        R"(t.json:4:113: /hosts/0/forward: 'forward' maps an address to where its mail goes: {"user@a.example": "user@b.example"})");
  CHECK(error_of(lesson(R"(, "append_footer": [])")) ==
        "t.json:4:119: /hosts/0/append_footer: the footer is empty: leave 'append_footer' out instead");
  CHECK(error_of(lesson(R"(, "append_footer": ["a\rb"])")) ==
        "t.json:4:119: /hosts/0/append_footer: a footer line holds a line break");
}

TEST_CASE("forward and append_footer apply to relay and submission hosts only") {
  const std::string mx = R"({"title": "t", "hosts": [{"name": "mx.example", "address": "10.0.0.1", "role": "destination", )"
                         R"("domains": ["example.org"], "append_footer": "x"}]})";
  CHECK(error_of(mx) == "t.json:1:123: /hosts/0/append_footer: 'append_footer' applies only to submission and relay hosts, "
                        "not to a destination host");
}

TEST_CASE("fetch folders: IMAP only, INBOX in any case, once each, not with idle") {
  const auto s = scenario::load_text(lesson("", R"({"protocol": "imap", "folders": ["inbox", "Junk"]})"), "t.json");
  CHECK(s.clients[0].fetch.folders == std::vector<std::string>{"INBOX", "Junk"});
  CHECK(scenario::load_text(lesson(""), "t.json").clients[0].fetch.folders == std::vector<std::string>{"INBOX"});
  CHECK(error_of(lesson("", R"({"protocol": "pop3", "folders": ["Junk"]})")) ==
        "t.json:17:139: /clients/0/fetch/folders: 'folders' applies only to IMAP (POP3 reads only the inbox)");
  CHECK(error_of(lesson("", R"({"protocol": "imap", "folders": ["Junk", "Junk"]})")) ==
        "t.json:17:159: /clients/0/fetch/folders/1: 'Junk' is listed twice");
  CHECK(error_of(lesson("", R"({"protocol": "imap", "folders": []})")) ==
        R"(t.json:17:150: /clients/0/fetch/folders: name at least one folder ("INBOX", "Junk"))");
  CHECK(error_of(lesson("", R"({"protocol": "imap", "idle": true, "folders": ["INBOX", "Junk"]})")) ==
        "t.json:17:164: /clients/0/fetch/folders: 'idle' keeps one session open on one folder: list only that one, "
        "or leave 'idle' out");
}

TEST_CASE("in_folder: a message, a mailbox and a folder") {
  const auto s = scenario::load_text(
      lesson("", R"("imap")", R"({"in_folder": "m1", "mailbox": "bob@home.example", "folder": "Junk"})"), "t.json");
  REQUIRE(s.expect.size() == 1);
  CHECK(s.expect[0].kind == scenario::ExpectKind::InFolder);
  CHECK(s.expect[0].message == "m1");
  CHECK(s.expect[0].mailbox == "bob@home.example");
  CHECK(s.expect[0].folder == "Junk");
  CHECK(error_of(lesson("", R"("imap")", R"({"in_folder": "m1", "mailbox": "bob@home.example"})")) ==
        "t.json:19:14: /expect/0: missing required key 'folder'");
  CHECK(error_of(lesson("", R"("imap")", R"({"in_folder": "m9", "mailbox": "bob@home.example", "folder": "Junk"})")) ==
        "t.json:19:28: /expect/0/in_folder: no message with id 'm9'");
  CHECK(error_of(lesson("", R"("imap")", R"({"in_folder": "m1", "mailbox": "eve@home.example", "folder": "Junk"})")) ==
        "t.json:19:45: /expect/0/mailbox: 'eve@home.example' is not an account (declare it in 'accounts')");
}
