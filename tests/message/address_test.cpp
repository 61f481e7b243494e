// Address lists (RFC 5322 §3.4) and single addr-specs.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/proto/message/message.hpp"

using mailsim::message::Mailbox;
using mailsim::message::parse_addr_spec;
using mailsim::message::parse_address_list;

namespace {
// "Name|local@domain" per mailbox: one string to compare, one line to read when it fails.
std::vector<std::string> flat(const std::vector<Mailbox>& list) {
  std::vector<std::string> out;
  for (const Mailbox& m : list) out.push_back(m.display_name + "|" + m.local_part + "@" + m.domain);
  return out;
}
using Flat = std::vector<std::string>;
}  // namespace

TEST_CASE("name-addr and bare addr-spec") {
  CHECK(flat(parse_address_list("Alice <alice@a.example>")) == Flat{"Alice|alice@a.example"});
  CHECK(flat(parse_address_list("bob@b.example")) == Flat{"|bob@b.example"});
  CHECK(flat(parse_address_list("<carol@c.example>")) == Flat{"|carol@c.example"});
  CHECK(flat(parse_address_list("Alice Liddell <alice@a.example>, bob@b.example")) ==
        Flat{"Alice Liddell|alice@a.example", "|bob@b.example"});
}

TEST_CASE("quoted display names may hold commas and escaped quotes") {
  CHECK(flat(parse_address_list("\"Doe, J\" <j@c.example>, bob@b.example")) ==
        Flat{"Doe, J|j@c.example", "|bob@b.example"});
  CHECK(flat(parse_address_list(R"("say \"hi\"" <h@x.example>)")) == Flat{R"(say "hi"|h@x.example)"});
}

TEST_CASE("the example of the header comment") {
  CHECK(flat(parse_address_list("Alice <alice@a.example>, bob@b.example, \"Doe, J\" <j@c.example>")) ==
        Flat{"Alice|alice@a.example", "|bob@b.example", "Doe, J|j@c.example"});
}

TEST_CASE("comments are ignored, nested ones too") {
  CHECK(flat(parse_address_list("bob@b.example (Bob at work)")) == Flat{"|bob@b.example"});
  CHECK(flat(parse_address_list("Alice (the (real) one) <alice@a.example>")) == Flat{"Alice|alice@a.example"});
  CHECK(flat(parse_address_list("(a, comma) x@y.example, z@w.example")) == Flat{"|x@y.example", "|z@w.example"});
}

TEST_CASE("groups are flattened, an empty group gives nothing") {
  CHECK(flat(parse_address_list("Team: a@b.example, Carl <c@d.example>;")) ==
        Flat{"|a@b.example", "Carl|c@d.example"});
  CHECK(flat(parse_address_list("x@y.example, Team: a@b.example;, z@w.example")) ==
        Flat{"|x@y.example", "|a@b.example", "|z@w.example"});
  CHECK(parse_address_list("undisclosed-recipients:;").empty());
}

TEST_CASE("the domain is lower-cased, the local part kept as written") {
  const std::vector<Mailbox> list = parse_address_list("Bob <Bob.Smith@Home.EXAMPLE>");
  REQUIRE(list.size() == 1);
  CHECK(list[0].local_part == "Bob.Smith");
  CHECK(list[0].domain == "home.example");
  CHECK(list[0].address() == "Bob.Smith@home.example");
}

TEST_CASE("junk entries are skipped, good ones around them kept") {
  CHECK(flat(parse_address_list("not an address, bob@b.example, , @nope, Name <broken, c@d.example")) ==
        Flat{"|bob@b.example"});
  CHECK(flat(parse_address_list("a b@c.example, ok@x.example")) == Flat{"|ok@x.example"});
  CHECK(parse_address_list("").empty());
  CHECK(parse_address_list("   ").empty());
  CHECK(parse_address_list("\"unclosed <a@b.example>").empty());
}

TEST_CASE("obsolete source routes are dropped") {
  CHECK(flat(parse_address_list("<@relay1.example,@relay2.example:alice@a.example>")) ==
        Flat{"|alice@a.example"});
}

TEST_CASE("parse_addr_spec accepts local@domain, with or without angle brackets") {
  const auto a = parse_addr_spec("alice@A.example");
  REQUIRE(a);
  CHECK(a->local_part == "alice");
  CHECK(a->domain == "a.example");
  CHECK(a->display_name.empty());
  const auto b = parse_addr_spec("<bob+tag@b.example>");
  REQUIRE(b);
  CHECK(b->address() == "bob+tag@b.example");
  const auto lit = parse_addr_spec("postmaster@[192.0.2.1]");
  REQUIRE(lit);
  CHECK(lit->domain == "[192.0.2.1]");
  const auto quoted = parse_addr_spec("\"john doe\"@x.example");
  REQUIRE(quoted);
  CHECK(quoted->local_part == "\"john doe\"");
}

TEST_CASE("parse_addr_spec rejects what is not local@domain") {
  CHECK_FALSE(parse_addr_spec("a@"));
  CHECK_FALSE(parse_addr_spec("@b"));
  CHECK_FALSE(parse_addr_spec("a b@c"));
  CHECK_FALSE(parse_addr_spec("a@b c"));
  CHECK_FALSE(parse_addr_spec(" a@b"));
  CHECK_FALSE(parse_addr_spec("ab"));
  CHECK_FALSE(parse_addr_spec(""));
  CHECK_FALSE(parse_addr_spec("<>"));
  CHECK_FALSE(parse_addr_spec("a@b@c"));
  CHECK_FALSE(parse_addr_spec("<a@b"));
  CHECK_FALSE(parse_addr_spec("a@.b"));
  CHECK_FALSE(parse_addr_spec("a@b..c"));
  CHECK_FALSE(parse_addr_spec("a<x>@b"));
}
