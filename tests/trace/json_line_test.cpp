// The JSONL trace's own writer against nlohmann's dump, which wrote the trace before and is the
// reference for its bytes: strings of every kind (escapes, control characters, UTF-8, invalid
// UTF-8 that nlohmann replaces), numbers at their limits, nesting, and whole events.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/trace/json_line.hpp"
#include "sim/trace/jsonl.hpp"

using namespace mailsim::trace;
using Json = nlohmann::ordered_json;

namespace {

std::string reference(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string ours(const std::string& s) {
  std::string out;
  JsonLine::append_string(out, s);
  return out;
}

}  // namespace

TEST_CASE("a string is written as nlohmann writes it, valid UTF-8 or not") {
  std::vector<std::string> cases = {
      "", "MAIL FROM:<alice@school.example>", "quote \" backslash \\ slash /", "tab\tcr\rlf\nbs\bff\f",
      std::string("nul \0 inside", 12), "\x01\x1f\x7f", "日本語のメール", "emoji \xF0\x9F\x93\xA7",
      // invalid: a lone continuation byte, a truncated sequence, an overlong NUL, a surrogate, past
      // U+10FFFF, 0xFF, and a valid character right after an invalid one
      "\x80", "abc\xE3\x81", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "\xC3\x28\xC3\xA9",
  };
  for (int c = 0; c < 256; ++c) cases.push_back(std::string(1, static_cast<char>(c)));
  for (int c = 0xC2; c <= 0xF4; ++c) cases.push_back(std::string(1, static_cast<char>(c)) + "\x80\x80\x80");
  for (const std::string& s : cases) {
    CAPTURE(s);
    CHECK(ours(s) == reference(Json(s)));
    bool nlohmann_valid = true;
    try {
      (void)Json(s).dump(-1, ' ', false, Json::error_handler_t::strict);
    } catch (const Json::exception&) {
      nlohmann_valid = false;
    }
    CHECK(valid_utf8(s) == nlohmann_valid);
  }
}

TEST_CASE("numbers, booleans, null and nesting are written as nlohmann writes them") {
  std::string out;
  JsonLine j(out);
  j.field("zero", 0);
  j.field("max", std::numeric_limits<std::uint64_t>::max());
  j.field("min", std::numeric_limits<std::int64_t>::min());
  j.field("neg", std::int64_t{-42});
  j.field("yes", true);
  j.field("no", false);
  j.null("none");
  j.begin_array("path");
  j.begin_array();
  j.value("a.example");
  j.value(std::int64_t{5});
  j.end_array();
  j.begin_array();
  j.end_array();
  j.end_array();
  j.begin_array("empty");
  j.end_array();
  j.begin_object("o");
  j.field("k", "v");
  j.end_object();
  j.begin_array("objects");
  j.begin_object();
  j.field("before", "250-STARTTLS");
  j.end_object();
  j.begin_object();
  j.end_object();
  j.end_array();
  j.finish();
  Json r;
  r["zero"] = 0;
  r["max"] = std::numeric_limits<std::uint64_t>::max();
  r["min"] = std::numeric_limits<std::int64_t>::min();
  r["neg"] = -42;
  r["yes"] = true;
  r["no"] = false;
  r["none"] = nullptr;
  r["path"] = Json::array({Json::array({"a.example", 5}), Json::array()});
  r["empty"] = Json::array();
  r["o"] = {{"k", "v"}};
  r["objects"] = Json::array({Json{{"before", "250-STARTTLS"}}, Json::object()});
  CHECK(out == reference(r));
}

TEST_CASE("an event's line keeps the format's key order, and hostile bytes beside their text") {
  Event e;
  e.seq = 7;
  e.time = 1500;
  e.kind = Kind::Segment;
  e.host = "pc1.school.example";
  e.peer = "mail.school.example";
  e.port = 587;
  e.client_port = 49152;
  e.conn = 3;
  e.protocol = "submission";
  e.dir = Direction::ClientToServer;
  e.arrive = 1502;
  e.path = {{"pc1.school.example", 1500}, {"mail.school.example", 1502}};
  data::Segment s;
  s.what = Payload::Command;
  s.text = "MAIL FROM:<\xFF@x>";
  s.eol = LineEnd::Lf;
  e.data = s;
  CHECK(to_json_line(e) ==
        R"({"seq":7,"t":1500,"kind":"segment","host":"pc1.school.example","peer":"mail.school.example",)"
        R"("port":587,"client_port":49152,"conn":3,"proto":"submission","dir":"c2s","arrive":1502,)"
        R"("path":[["pc1.school.example",1500],["mail.school.example",1502]],"payload":"command",)"
        "\"text\":\"MAIL FROM:<\xEF\xBF\xBD@x>\",\"eol\":\"lf\",\"bytes\":\"TUFJTCBGUk9NOjz/QHg+\"}");
}

TEST_CASE("a connect's line carries the client's connect and reply timeouts, each only when it has one") {
  Event e;
  e.seq = 2;
  e.time = 20000000;
  e.kind = Kind::Connect;
  e.host = "laptop.cafe.example";
  e.peer = "mail.school.example";
  e.port = 465;
  e.client_port = 49152;
  e.protocol = "submissions";
  data::Connect c;
  c.address = "10.0.1.25";
  c.timeout = 30000000;
  c.reply_timeout = 100000000;  // a mail program's server timeout: it waits 100 s for the greeting
  e.data = c;
  CHECK(to_json_line(e) ==
        R"({"seq":2,"t":20000000,"kind":"connect","host":"laptop.cafe.example","peer":"mail.school.example",)"
        R"("port":465,"client_port":49152,"proto":"submissions","address":"10.0.1.25",)"
        R"("connect_timeout":30000000,"reply_timeout":100000000})");
  c.reply_timeout = 0;  // an MTA: it waits as long as the connection lasts
  e.data = c;
  CHECK(to_json_line(e).find("reply_timeout") == std::string::npos);
}
