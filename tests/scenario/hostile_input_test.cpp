// Input a scenario's author did not mean, or someone made to break the loader: each class ends in
// one located ScenarioError (file:line:column: /pointer: message), never in std::terminate.
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"

namespace {
// A valid one-host scenario with `extra` added as top-level keys.
std::string with(const std::string& extra) {
  return "{\"title\": \"t\", " + extra +
         ", \"hosts\": [{\"name\": \"pc1.school.example\", \"address\": \"10.0.0.10\", \"role\": \"client\"}]}";
}
}  // namespace

TEST_CASE("hostile input: the valid base") { CHECK(error_of(with("\"seed\": 2")) == "(no error)"); }

TEST_CASE("hostile input: numbers too large for a double are named by their path") {
  // nlohmann throws out_of_range.406 for these, which used to escape the loader.
  CHECK(error_of("{\"title\": \"x\", \"seed\": 1e400}") == "t.json:1:24: /seed: the number 1e400 is too large");
  CHECK(error_of("{\"title\": \"x\",\n \"hosts\": [{\"position\": [0.5, -1.5e999]}]}") ==
        "t.json:2:31: /hosts/0/position/1: the number -1.5e999 is too large");
  CHECK(error_of("[1e400]") == "t.json:1:2: /0: the number 1e400 is too large");
  CHECK(error_of("{\"a~b/c\": {\"d\": [[], 1e309]}}") == "t.json:1:22: /a~0b~1c/d/1: the number 1e309 is too large");
}

TEST_CASE("hostile input: integers out of range, however they are written") {
  CHECK(error_of(with("\"seed\": 99999999999999999999")) ==
        "t.json:1:24: /seed: 1e+20 is out of range (0 to 9223372036854775807)");
  CHECK(error_of(with("\"seed\": 18446744073709551615")) ==
        "t.json:1:24: /seed: 18446744073709551615 is out of range (0 to 9223372036854775807)");
  CHECK(error_of(with("\"seed\": 1e19")) == "t.json:1:24: /seed: 1e+19 is out of range (0 to 9223372036854775807)");
  CHECK(error_of(with("\"seed\": -1e30")) == "t.json:1:24: /seed: -1e+30 is out of range (0 to 9223372036854775807)");
  CHECK(error_of(with("\"seed\": -9223372036854775808")) ==
        "t.json:1:24: /seed: -9223372036854775808 is out of range (0 to 9223372036854775807)");
  CHECK(error_of(with("\"seed\": 2.5")) == "t.json:1:24: /seed: expected an integer, got a number");
  CHECK(error_of(with("\"seed\": 2.0")) == "t.json:1:24: /seed: expected an integer, got a number");
}

TEST_CASE("hostile input: times beyond what the clock can count") {
  // Used to wrap around int64 microseconds: the run then went to some unrelated time.
  CHECK(error_of(with("\"until\": \"99999999999d\"")) == "t.json:1:25: /until: '99999999999d' is too large (at most 10000d)");
  CHECK(error_of(with("\"until\": \"106751991d5h\"")) == "t.json:1:25: /until: '106751991d5h' is too large (at most 10000d)");
  CHECK(error_of(with("\"until\": \"20000d\"")) == "t.json:1:25: /until: '20000d' is too large (at most 10000d)");
  CHECK(error_of(with("\"default_latency\": 1e300")) ==
        "t.json:1:35: /default_latency: a time of 1e+300 seconds is too large (at most 10000d)");
  CHECK(error_of(with("\"default_latency\": \"9999999999999999999999ms\"")) ==
        "t.json:1:35: /default_latency: '9999999999999999999999ms' is too large (at most 10000d)");
  CHECK(error_of(with("\"until\": \"1.5.5s\"")) ==
        "t.json:1:25: /until: '1.5.5s' is not a duration (write e.g. \"250ms\", \"300s\", \"40m\", \"1h30m\", \"5d\")");
  CHECK(error_of(with("\"until\": -0.5")) == "t.json:1:25: /until: a time cannot be negative");
}

TEST_CASE("hostile input: deep nesting") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(error_of("{\"title\": " + deep + "}") ==
        "t.json:1:11: /title: expected an object {\"en\": ..., \"ja\": ...} or a string, got an array");
  CHECK(error_of(deep) == "t.json:1:1: /: expected an object, got an array");
  // A repeated key after a deep value is still found (the search used to stop at depth 256).
  std::string objects;
  for (int i = 0; i < 300; ++i) objects += "{\"a\": ";
  objects += "1" + std::string(300, '}');
  CHECK(error_of("{\"x\": " + objects + ", \"x\": 1}") == "t.json:1:2110: /x: duplicate key 'x'");
}

TEST_CASE("hostile input: empty files and other encodings") {
  CHECK(error_of("") == "t.json:1:1: /: the file is empty (a scenario is a JSON object: {\"title\": ..., \"hosts\": [...]})");
  CHECK(error_of(" \r\n\t\n") ==
        "t.json:1:1: /: the file is empty (a scenario is a JSON object: {\"title\": ..., \"hosts\": [...]})");
  CHECK(error_of("\xEF\xBB\xBF\n") ==
        "t.json:1:1: /: the file is empty (a scenario is a JSON object: {\"title\": ..., \"hosts\": [...]})");
  CHECK(error_of(std::string("\xFF\xFE{\0\"\0", 6)) == "t.json:1:1: /: the file is in UTF-16; save it as UTF-8");
  CHECK(error_of(std::string("\xFE\xFF\0{\0\"", 6)) == "t.json:1:1: /: the file is in UTF-16; save it as UTF-8");
}

TEST_CASE("hostile input: bytes that are not UTF-8 point at the odd character") {
  const std::string ill = "syntax error while parsing value - invalid string: ill-formed UTF-8 byte (save the file as UTF-8)";
  CHECK(error_of("{\"title\": \"caf\xE9\"}") == "t.json:1:15: /: " + ill);            // Latin-1 é
  CHECK(error_of("{\"title\": \"\xC0\xAF\"}") == "t.json:1:12: /: " + ill);          // overlong '/'
  CHECK(error_of("{\"title\": \"\xE3\x81\"}") == "t.json:1:12: /: " + ill);          // あ cut short
  CHECK(error_of("{\"title\": \"\xE3\x81\x82\x81\"}") == "t.json:1:13: /: " + ill);  // あ, then a stray byte
  CHECK(error_of("{\"t\xE9\": 1}") ==
        "t.json:1:4: /: syntax error while parsing object key - invalid string: ill-formed UTF-8 byte; expected string "
        "literal (save the file as UTF-8)");
  CHECK(error_of("{\"title\": \"\\ud800\"}") ==
        "t.json:1:18: /: syntax error while parsing value - invalid string: surrogate U+D800..U+DBFF must be followed by "
        "U+DC00..U+DFFF");
}
