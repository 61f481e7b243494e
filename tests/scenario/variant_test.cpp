// Per-student variants (`mailsim variant`): other names, the same lesson.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/load.hpp"
#include "sim/scenario/variant.hpp"

using namespace mailsim::scenario;
namespace fs = std::filesystem;

namespace {
std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string to_of(const std::vector<std::pair<std::string, std::string>>& m, const std::string& from) {
  for (const auto& [f, t] : m)
    if (f == from) return t;
  return "(not renamed)";
}
std::string to_of(const std::vector<std::pair<int, int>>& m, int from) {
  for (const auto& [f, t] : m)
    if (f == from) return std::to_string(t);
  return "(not renamed)";
}

const std::string kLesson = R"({
  "title": {"en": "Alice writes to Bob at home.example", "ja": "アリスが home.example のボブに書く"},
  "description": {"en": "bobby is not Bob; myhome.example is not home.example; mx.home.example is. Ends at home.example.",
                  "ja": "メインの MX は優先度10、予備は優先度 20。メイとボブ。"},
  "hosts": [
    {"name": "pc.school.example", "address": "10.0.0.10", "role": "client", "resolver": "ns.example"},
    {"name": "mail.school.example", "address": "10.0.1.25", "role": "submission", "domains": ["school.example"],
     "relay_from": ["10.0.0.0/24"], "resolver": "ns.example"},
    {"name": "mx.home.example", "address": "10.0.2.25", "role": "destination", "domains": ["home.example"]},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"},
    {"name": "router.example", "address": "10.0.0.1", "role": "router"}
  ],
  "links": [
    {"between": ["pc.school.example", "router.example"]}, {"between": ["mail.school.example", "router.example"]},
    {"between": ["mx.home.example", "router.example"]}, {"between": ["ns.example", "router.example"]}
  ],
  "dns": [
    {"name": "home.example", "type": "MX", "preference": 10, "data": "mx.home.example"},
    {"name": "home.example", "type": "MX", "preference": 20, "data": "mx.home.example"},
    {"name": "mx.home.example", "type": "A", "data": "10.0.2.25"}
  ],
  "accounts": [
    {"address": "alice@home.example", "host": "mx.home.example"},
    {"address": "bob@home.example", "host": "mx.home.example", "user": "bobby", "password": "bob-1"},
    {"address": "mei@home.example", "host": "mx.home.example"}
  ],
  "clients": [{"host": "pc.school.example", "account": "alice@home.example", "submission": "mail.school.example"}],
  "messages": [{"id": "m1", "at": "1s", "client": "pc.school.example", "to": "bob@home.example",
                "subject": "preference 100", "body": "Hi Bob, preference 10 first."}]
})";
}  // namespace

TEST_CASE("a variant renames domains, people and MX preferences where they stand as whole names") {
  const Variant v = make_variant(kLesson, "t.json", 7);
  const std::string home = to_of(v.map.domains, "home.example"), school = to_of(v.map.domains, "school.example");
  const std::string bob = to_of(v.map.people, "bob"), alice = to_of(v.map.people, "alice");
  const std::string p10 = to_of(v.map.preferences, 10), p20 = to_of(v.map.preferences, 20);
  REQUIRE(v.map.domains.size() == 2);
  REQUIRE(v.map.people.size() == 3);
  REQUIRE(v.map.preferences.size() == 2);
  CHECK(home != "home.example");
  CHECK(home.size() > 8);
  CHECK(home.compare(home.size() - 8, 8, ".example") == 0);
  const Scenario s = load_text(v.text, "t.json");
  std::string Bob = bob, Alice = alice;
  Bob[0] = static_cast<char>(std::toupper(Bob[0]));
  Alice[0] = static_cast<char>(std::toupper(Alice[0]));
  CHECK(s.title.en == Alice + " writes to " + Bob + " at " + home);
  CHECK(s.description.en == "bobby is not " + Bob + "; myhome.example is not " + home + "; mx." + home + " is. Ends at " +
                                home + ".");
  // "メイン" (main) holds "メイ" (Mei) but is another word; 10 -> p10 and 20 -> p20 happen at once.
  CHECK(s.description.ja.rfind("メインの MX は優先度" + p10 + "、予備は優先度 " + p20 + "。", 0) == 0);
  CHECK(s.description.ja.find("メイとボブ") == std::string::npos);
  CHECK(s.hosts[1].name == "mail." + school);
  CHECK(s.accounts[1].address == bob + "@" + home);
  CHECK(s.accounts[1].user == "bobby");
  CHECK(s.accounts[1].password == bob + "-1");
  CHECK(s.messages[0].subject == "preference 100");
  CHECK(s.messages[0].body == "Hi " + Bob + ", preference " + p10 + " first.");
  CHECK(s.dns_records[0].name == home);
  CHECK(std::to_string(s.dns_records[0].preference) == p10);
  CHECK(std::to_string(s.dns_records[1].preference) == p20);
  CHECK(s.dns_records[0].preference < s.dns_records[1].preference);
  // Only string values and the preferences change: the layout of the file stays.
  CHECK(std::count(v.text.begin(), v.text.end(), '\n') == std::count(kLesson.begin(), kLesson.end(), '\n'));
}

TEST_CASE("the same student always gets the same variant, and students differ") {
  const fs::path dir = fs::path(MAILSIM_SOURCE_DIR) / "scenarios";
  int lessons = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (f.path().extension() != ".json" || f.path().filename() == "scenario.schema.json") continue;
    ++lessons;
    CAPTURE(f.path().filename().string());
    const std::string text = read(f.path());
    const Variant a = make_variant(text, f.path().string(), 1);
    CHECK(make_variant(text, f.path().string(), 1).text == a.text);
    CHECK(a.text != text);
    CHECK_FALSE(a.map.domains.empty());
    bool differs = false;
    for (unsigned n = 2; n <= 4; ++n) differs = differs || make_variant(text, f.path().string(), n).text != a.text;
    CHECK(differs);
  }
  CHECK(lessons >= 21);
}

TEST_CASE("a lesson that does not load has no variant") {
  CHECK_THROWS_AS(make_variant("{", "t.json", 1), ScenarioError);
}

TEST_CASE("load_variant: the lesson file loaded as that student's variant, which says whose it is") {
  const fs::path file = fs::path(MAILSIM_SOURCE_DIR) / "scenarios" / "relay-mx.json";
  const Scenario s = load_variant(file.string(), 7);
  CHECK(s.student == 7);
  CHECK(s.file == file.string());
  const Variant v = make_variant(read(file), file.string(), 7);
  CHECK(s.description.en == load_text(v.text, file.string()).description.en);
  CHECK(s.description.en != load_file(file.string()).description.en);
  CHECK(load_file(file.string()).student == 0);
  CHECK_THROWS_WITH_AS(load_variant(file.string(), 0), doctest::Contains("a student number is from 1 to 9999"), ScenarioError);
  CHECK_THROWS_WITH_AS(load_variant(file.string(), 10000), doctest::Contains("a student number is from 1 to 9999"), ScenarioError);
  CHECK_THROWS_AS(load_variant((fs::path(MAILSIM_SOURCE_DIR) / "no-such.json").string(), 1), ScenarioError);
}
