// The position locator: JSON pointer -> line:column in the source text.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "sim/scenario/json_locate.hpp"

using namespace mailsim::scenario;

namespace doctest {
template <>
struct StringMaker<SourcePos> {
  static String convert(const SourcePos& p) {
    return (std::to_string(p.line) + ":" + std::to_string(p.column)).c_str();
  }
};
template <>
struct StringMaker<std::optional<SourcePos>> {
  static String convert(const std::optional<SourcePos>& p) {
    return p ? StringMaker<SourcePos>::convert(*p) : "nullopt";
  }
};
}  // namespace doctest

namespace {
const char* kDoc =
    "{\n"
    "  \"a\": [1, {\"b\": \"x\"}, [2, 3]],\n"
    "  \"we/ird~key\": true,\n"
    "  \"esc\\\"aped\": null,\n"
    "  \"\\u00e9t\\u00e9\": 4,\n"
    "  \"text\": \"ひらがな\", \"after\": 5\n"
    "}\n";
}  // namespace

TEST_CASE("locate: the whole document, members and array elements") {
  CHECK(locate(kDoc, "") == SourcePos{1, 1});
  CHECK(locate(kDoc, "/a") == SourcePos{2, 8});
  CHECK(locate(kDoc, "/a/0") == SourcePos{2, 9});
  CHECK(locate(kDoc, "/a/1") == SourcePos{2, 12});
  CHECK(locate(kDoc, "/a/1/b") == SourcePos{2, 18});
  CHECK(locate(kDoc, "/a/2/1") == SourcePos{2, 28});
}

TEST_CASE("locate: keys, for unknown-key errors") {
  CHECK(locate(kDoc, "/a/1/b", true) == SourcePos{2, 13});
  CHECK(locate(kDoc, "/a", true) == SourcePos{2, 3});
  // at_key on an array element has no key: the element itself
  CHECK(locate(kDoc, "/a/0", true) == SourcePos{2, 9});
}

TEST_CASE("locate: RFC 6901 escapes and JSON string escapes in keys") {
  CHECK(locate(kDoc, "/we~1ird~0key") == SourcePos{3, 17});
  CHECK(locate(kDoc, "/esc\"aped") == SourcePos{4, 16});
  CHECK(locate(kDoc, "/\xC3\xA9t\xC3\xA9") == SourcePos{5, 20});
  CHECK(pointer_escape("we/ird~key") == "we~1ird~0key");
}

TEST_CASE("locate: columns count characters, not bytes") {
  // "ひらがな" is 12 bytes but 4 columns wide in an editor
  CHECK(locate(kDoc, "/after") == SourcePos{6, 28});
}

TEST_CASE("locate: what does not exist") {
  CHECK_FALSE(locate(kDoc, "/missing"));
  CHECK_FALSE(locate(kDoc, "/a/3"));
  CHECK_FALSE(locate(kDoc, "/a/x"));
  CHECK_FALSE(locate(kDoc, "/a/0/deeper"));
  CHECK_FALSE(locate("[]", "/0"));
}

TEST_CASE("locate: a byte-order mark takes no column") {
  CHECK(locate("\xEF\xBB\xBF{\"k\": 1}", "/k") == SourcePos{1, 7});
  CHECK(position_of_offset("\xEF\xBB\xBF{}", 3) == SourcePos{1, 1});
}

TEST_CASE("position_of_offset: lines and the end of the text") {
  CHECK(position_of_offset("ab\ncd", 0) == SourcePos{1, 1});
  CHECK(position_of_offset("ab\ncd", 2) == SourcePos{1, 3});
  CHECK(position_of_offset("ab\ncd", 3) == SourcePos{2, 1});
  CHECK(position_of_offset("ab\ncd", 99) == SourcePos{2, 3});
}

TEST_CASE("find_duplicate_key: nested objects, inside arrays, none") {
  CHECK_FALSE(find_duplicate_key(kDoc));
  CHECK_FALSE(find_duplicate_key("{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}"));  // same key, other objects
  auto d = find_duplicate_key("{\"hosts\": [{}, {\"name\": \"a\",\n  \"name\": \"b\"}]}");
  REQUIRE(d);
  CHECK(d->pointer == "/hosts/1/name");
  CHECK(d->key == "name");
  CHECK(d->pos == SourcePos{2, 3});
  // "\u0061" is "a": the same key, spelled differently
  d = find_duplicate_key("{\"a\": 1, \"\\u0061\": 2}");
  REQUIRE(d);
  CHECK(d->pos == SourcePos{1, 10});
}
