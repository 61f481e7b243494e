// The bounded line reader every text protocol shares (sim/proto/common), where a fuzz target
// (tests/fuzz/line_reader.cpp) found it off its contract.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/common/line_reader.hpp"

using mailsim::proto::LineReader;

TEST_CASE("line reader: a too-long line's text never holds its CRLF or LF") {
  // Found by fuzz_line_reader: with the ending inside the first `limit` bytes, the text kept it.
  LineReader bare(2);
  bare.feed(std::string("\0\n", 2));
  auto line = bare.next();
  REQUIRE(line.has_value());
  CHECK(line->too_long);
  CHECK(line->text == std::string(1, '\0'));

  LineReader crlf(4);
  crlf.feed("abc\r\nnext\r\n");
  line = crlf.next();
  REQUIRE(line.has_value());
  CHECK(line->too_long);
  CHECK(line->text == "abc");
  line = crlf.next();
  REQUIRE(line.has_value());
  CHECK(line->too_long);
  CHECK(line->text == "next");
}
