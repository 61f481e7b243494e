// The documentation's example must load, so the doc cannot drift from the loader.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario/load.hpp"
#include "sim/scenario/topics.hpp"

using namespace mailsim::scenario;

namespace {
std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("docs/scenario-format.md: the complete small example loads") {
  const std::string doc = read(MAILSIM_SOURCE_DIR "/docs/scenario-format.md");
  const std::size_t start = doc.find("```json\n{");
  REQUIRE(start != std::string::npos);
  const std::size_t end = doc.find("\n```", start + 8);
  REQUIRE(end != std::string::npos);
  const Scenario s = load_text(doc.substr(start + 8, end - start - 8), "scenario-format.md");
  CHECK(s.hosts.size() == 5);
  CHECK(s.expect.size() == 1);
}

TEST_CASE("scenarios/scenario.schema.json is JSON and names every top-level key the loader takes") {
  const auto schema = nlohmann::json::parse(read(MAILSIM_SOURCE_DIR "/scenarios/scenario.schema.json"));
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(schema["additionalProperties"] == false);
  for (const char* key : {"$schema", "title", "description", "seed", "epoch", "until", "default_latency", "focus",
                          "tls_ca_cert_file", "tls_ca_key_file", "topics", "level", "minutes", "prerequisites", "hosts", "links", "dns", "accounts", "clients", "messages", "failures", "captions", "quiz", "expect"})
    CHECK_MESSAGE(schema["properties"].contains(key), key);
  CHECK(schema["properties"].size() == 24);
}

TEST_CASE("the course's topics are the same in the loader, the schema and docs/scenario-format.md") {
  const auto schema = nlohmann::json::parse(read(MAILSIM_SOURCE_DIR "/scenarios/scenario.schema.json"));
  const auto& listed = schema["properties"]["topics"]["items"]["enum"];
  const std::string doc = read(MAILSIM_SOURCE_DIR "/docs/scenario-format.md");
  REQUIRE(listed.size() == topics().size());
  for (std::size_t i = 0; i < topics().size(); ++i) {
    const std::string id(topics()[i].id);
    CAPTURE(id);
    CHECK(listed[i] == id);
    CHECK(doc.find("| `" + id + "` | " + std::string(topics()[i].en) + " | " + std::string(topics()[i].ja) + " |") !=
          std::string::npos);
  }
}
