// Runs the RFC 7208 test suite (rfc7208-tests.yml, turned into JSON by rfc7208_suite.py) against
// spf::Evaluator. Each scenario's `zonedata` becomes a dns::ZoneSet; every query the evaluator asks
// is encoded, decoded, answered by the zone, encoded and decoded again, so AAAA, PTR and long TXT
// records cross the real wire format. Prints the passes per scenario and in total; exits 1 if any
// test fails.
//
// The zone data follows the suite's conventions, as its own driver (pyspf's testspf.py) reads them:
// - `SPF` (type 99) records, which RFC 7208 §3.1 retired, become TXT records of the same text when
//   the name has no TXT entry of its own ("auto-magic duplication", the suite's header says); the
//   evaluator never asks for type 99, so the tests about it check that TXT alone decides.
// - `TXT: NONE` is a TXT entry with no record (it stops that duplication).
// - `TIMEOUT` makes the server silent for every type not listed before it at that name; records
//   after it are never seen. The evaluator then gets on_timeout().
// - a test's `result` is one result or a list of acceptable ones; `explanation`, when given, must be
//   the evaluator's explanation exactly, with the default explanation set to "DEFAULT".
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/proto/dns/message.hpp"
#include "sim/proto/dns/zone.hpp"
#include "sim/proto/spf/check_host.hpp"

using nlohmann::json;
using namespace mailsim;

namespace {

// Tests that may fail, each with the reason. Empty: every test of the suite must pass.
const std::map<std::string, std::string> kExcused = {};

struct Zone {
  dns::ZoneSet records;
  // Names with a TIMEOUT entry, with the types that are answered all the same (listed before it).
  std::map<std::string, std::set<dns::Type>> silent;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  std::string out;  // several character-strings are one text, joined with nothing between (§3.3)
  for (const json& part : v) out += part.get<std::string>();
  return out;
}

dns::Record record_of(const std::string& name, const std::string& type, const json& v) {
  dns::Record r;
  r.name = name;
  if (type == "A") r.type = dns::Type::A;
  else if (type == "AAAA") r.type = dns::Type::AAAA;
  else if (type == "PTR") r.type = dns::Type::PTR;
  else if (type == "CNAME") r.type = dns::Type::CNAME;
  else if (type == "MX") r.type = dns::Type::MX;
  else if (type == "TXT") r.type = dns::Type::TXT;
  else throw std::runtime_error("record type " + type + " at " + name + " is not one the driver knows");
  if (r.type == dns::Type::MX) {
    r.preference = v.at(0).get<std::uint16_t>();
    r.data = v.at(1).get<std::string>();
  } else if (r.type == dns::Type::TXT) {
    r.data = text_of(v);
  } else {
    r.data = v.get<std::string>();
  }
  return r;
}

Zone build_zone(const json& zonedata) {
  Zone z;
  for (const auto& [owner, entries] : zonedata.items()) {
    const std::string name = lower(owner);
    bool has_txt = false;
    for (const json& e : entries) has_txt = has_txt || (e.is_object() && e.contains("TXT"));
    bool timeout = false;
    std::set<dns::Type> answered;
    std::vector<std::string> generated;
    for (const json& e : entries) {
      if (e.is_string()) {
        if (e.get<std::string>() != "TIMEOUT") throw std::runtime_error("unknown entry at " + name);
        timeout = true;
        continue;
      }
      for (const auto& [type, value] : e.items()) {
        if (type == "SPF") {
          if (!has_txt) generated.push_back(text_of(value));
          continue;
        }
        if (timeout) continue;                                   // never reached
        if (value.is_string() && value.get<std::string>() == "NONE") continue;
        dns::Record r = record_of(name, type, value);
        answered.insert(r.type);
        z.records.add(std::move(r));
      }
    }
    // The duplicated TXT records come after every entry, so behind a TIMEOUT they are never seen.
    if (!timeout) {
      for (const std::string& t : generated) z.records.add(dns::Record{name, dns::Type::TXT, 300, 0, t});
    }
    if (timeout) z.silent[name] = answered;
  }
  return z;
}

dns::Message over_the_wire(const dns::Message& m) {
  auto back = dns::Message::decode(m.encode());
  if (!back) throw std::runtime_error("a message did not survive the wire: " + m.summary());
  return *back;
}

struct Outcome {
  spf::Result result;
  std::string explanation;
  std::vector<spf::Step> steps;
};

Outcome run_test(const Zone& zone, const json& t) {
  const std::string host = t.at("host").get<std::string>();
  const auto ip = dns::parse_address(host);
  if (!ip) throw std::runtime_error("host " + host + " is not an address");
  spf::Options options;
  options.default_explanation = "DEFAULT";
  options.receiver = "receiver.example";
  spf::Evaluator e(spf::Request::mail_from(*ip, t.at("mailfrom").get<std::string>(), t.at("helo").get<std::string>()),
                   options, 1);
  for (int guard = 0; !e.done() && guard < 1000; ++guard) {
    auto q = e.next_query();
    if (!q) break;
    const dns::Message query = over_the_wire(*q);
    const dns::Question& question = query.questions.at(0);
    auto silent = zone.silent.find(lower(question.name));
    if (silent != zone.silent.end() && !silent->second.count(question.type)) {
      e.on_timeout();
      continue;
    }
    e.on_response(over_the_wire(zone.records.answer(query)));
  }
  if (!e.done()) throw std::runtime_error("the evaluator did not finish");
  return {e.result(), e.explanation(), e.steps()};
}

std::vector<std::string> expected_results(const json& r) {
  if (r.is_string()) return {r.get<std::string>()};
  std::vector<std::string> out;
  for (const json& x : r) out.push_back(x.get<std::string>());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::cerr << "usage: rfc7208_suite TESTS.json [TEST]  (TESTS.json from rfc7208_suite.py; TEST: print its steps)\n";
    return 2;
  }
  const std::string show = argc == 3 ? argv[2] : "";
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << argv[1] << ": cannot read\n";
    return 2;
  }
  const json scenarios = json::parse(in);
  std::size_t total = 0, passed = 0, excused = 0;
  std::vector<std::string> failures;
  for (const json& sc : scenarios) {
    const std::string title = sc.at("description").get<std::string>();
    const Zone zone = build_zone(sc.at("zonedata"));
    std::size_t n = 0, ok = 0;
    for (const auto& [name, t] : sc.at("tests").items()) {
      ++n;
      std::string why;
      try {
        const Outcome o = run_test(zone, t);
        const std::vector<std::string> want = expected_results(t.at("result"));
        const std::string got(spf::to_string(o.result));
        bool good = std::find(want.begin(), want.end(), got) != want.end();
        if (!good) why = "result " + got + ", expected " + t.at("result").dump();
        if (good && t.contains("explanation") && o.explanation != t.at("explanation").get<std::string>()) {
          good = false;
          why = "explanation \"" + o.explanation + "\", expected " + t.at("explanation").dump();
        }
        // Every reason the classroom reads exists in Japanese too (a DNS answer's summary and the
        // explanation's source are the same in both and not shown as sentences).
        for (const spf::Step& st : o.steps) {
          const bool sentence = st.kind == spf::Step::Kind::Record || st.kind == spf::Step::Kind::Term ||
                                st.kind == spf::Step::Kind::Result;
          if (good && sentence && !st.detail.empty() && st.detail_ja.empty()) {
            good = false;
            why = "no Japanese for the step \"" + spf::to_string(st) + "\"";
          }
        }
        if (!good || name == show) {
          std::string steps;
          for (const spf::Step& s : o.steps) steps += "\n      " + spf::to_string(s);
          if (!good) why += steps;
          else std::cout << name << ": " << got << steps << "\n";
        }
        if (good) ++ok;
      } catch (const std::exception& ex) {
        why = std::string("driver error: ") + ex.what();
      }
      if (!why.empty()) {
        if (auto ex = kExcused.find(name); ex != kExcused.end()) {
          ++excused;
          std::cout << "  excused " << name << ": " << ex->second << "\n";
        } else {
          failures.push_back(name + " (" + title + "): " + why);
        }
      }
    }
    std::printf("%-40s %3zu of %3zu passed\n", title.c_str(), ok, n);
    total += n;
    passed += ok;
  }
  for (const std::string& f : failures) std::cout << "FAILED " << f << "\n";
  std::printf("RFC 7208 test suite: %zu of %zu tests passed", passed, total);
  if (excused) std::printf(" (%zu excused)", excused);
  std::printf("\n");
  return failures.empty() ? 0 : 1;
}
