// The client's IMAP syntax helpers: astrings, response framing, value lists.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/proto/imap/client_syntax.hpp"

using namespace mailsim::imap::client_syntax;

namespace {

std::vector<std::string> astring(std::string_view s) {
  std::vector<std::string> parts{"X "};
  append_astring(parts, s);
  return parts;
}

}  // namespace

TEST_CASE("astrings: atom when possible, else quoted, else literal") {
  CHECK(astring("alice") == std::vector<std::string>{"X alice"});
  CHECK(astring("a@b.example") == std::vector<std::string>{"X a@b.example"});
  CHECK(astring("") == std::vector<std::string>{"X \"\""});
  CHECK(astring("two words") == std::vector<std::string>{"X \"two words\""});
  CHECK(astring("pa\"ss\\") == std::vector<std::string>{"X \"pa\\\"ss\\\\\""});
  CHECK(astring("a]b") == std::vector<std::string>{"X \"a]b\""});
  CHECK(astring("a{1}") == std::vector<std::string>{"X \"a{1}\""});
  CHECK(astring("x\r\ny") == std::vector<std::string>{"X {4}\r\n", "x\r\ny"});
  CHECK(astring("caf\xc3\xa9") == std::vector<std::string>{"X {5}\r\n", "caf\xc3\xa9"});
}

TEST_CASE("the response reader joins literals into their response, across any split") {
  const std::string wire = "* 1 FETCH (BODY[] {5}\r\nab\r\nc HEADER {0}\r\n)\r\na1 OK done\r\n";
  for (std::size_t k = 0; k <= wire.size(); ++k) {
    ResponseReader r(100, 1000);
    std::vector<std::string> got;
    r.feed(wire.substr(0, k));
    while (auto x = r.next()) got.push_back(*x);
    r.feed(wire.substr(k));
    while (auto x = r.next()) got.push_back(*x);
    INFO("split at " << k);
    CHECK(got == std::vector<std::string>{"* 1 FETCH (BODY[] {5}\r\nab\r\nc HEADER {0}\r\n)", "a1 OK done"});
  }
}

TEST_CASE("the response reader refuses long lines, large literals and endless literal chains") {
  ResponseReader line(16, 1000);
  line.feed("* OK this line is far too long\r\n");
  CHECK(!line.next());
  CHECK(line.error() == "response line too long");

  ResponseReader literal(100, 10);
  literal.feed("* 1 FETCH (BODY[] {11}\r\n");
  CHECK(!literal.next());
  CHECK(literal.error() == "literal of 11 octets is too large");

  ResponseReader chain(100, 10);  // a response may hold at most max_literal + 16 lines' worth
  std::string many;
  for (int i = 0; i < 500; ++i) many += "x {0}\r\n";
  chain.feed(many);
  CHECK(!chain.next());
  CHECK(chain.error() == "response line too long");
}

TEST_CASE("value lists: atoms, fetch keys with brackets, quoted, literal, NIL, nesting") {
  const auto v = parse_list(
      "(UID 7 FLAGS (\\Seen $Junk) BODY[HEADER.FIELDS (FROM TO)]<0> \"q\\\"x\" BODY[] {3}\r\nabc X NIL)");
  REQUIRE(v);
  REQUIRE(v->items.size() == 10);
  CHECK(v->items[0].text == "UID");
  CHECK(v->items[1].text == "7");
  CHECK(v->items[3].kind == Value::Kind::List);
  CHECK(v->items[3].items[1].text == "$Junk");
  CHECK(v->items[4].text == "BODY[HEADER.FIELDS (FROM TO)]<0>");
  CHECK(v->items[5].kind == Value::Kind::String);
  CHECK(v->items[5].text == "q\"x");
  CHECK(v->items[6].text == "BODY[]");
  CHECK(v->items[7].kind == Value::Kind::String);
  CHECK(v->items[7].text == "abc");
  CHECK(v->items[9].kind == Value::Kind::Nil);

  CHECK(!parse_list("(UID 7"));
  CHECK(!parse_list("(BODY[] {9}\r\nabc)"));
  CHECK(!parse_list("(\"open)"));
  CHECK(!parse_list(std::string(100, '(') + std::string(100, ')')));
}

TEST_CASE("responses are classified as continuation, untagged or tagged") {
  auto r = classify("* OK [UIDVALIDITY 3857529045] UIDs valid");
  REQUIRE(r);
  CHECK(r->kind == Response::Kind::Untagged);
  CHECK(r->name == "OK");
  CHECK(r->code == "UIDVALIDITY");
  CHECK(r->code_arg == "3857529045");
  r = classify("* 172 exists");
  REQUIRE(r);
  CHECK(r->number == 172u);
  CHECK(r->name == "EXISTS");
  r = classify("a3 NO [TRYCREATE] no such mailbox");
  REQUIRE(r);
  CHECK(r->kind == Response::Kind::Tagged);
  CHECK(r->tag == "a3");
  CHECK(r->text == "[TRYCREATE] no such mailbox");
  r = classify("+ idling");
  REQUIRE(r);
  CHECK(r->kind == Response::Kind::Continuation);
  CHECK(!classify(""));
  CHECK(!classify("*"));
  CHECK(parse_number("4294967295") == 4294967295u);
  CHECK(!parse_number("4294967296"));
  CHECK(!parse_number("12a"));
}
