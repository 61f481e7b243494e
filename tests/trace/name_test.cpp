// trace::Name: an event's host and protocol names, one shared copy each, let go when unused.
#include <doctest/doctest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/trace/event.hpp"
#include "sim/trace/name.hpp"

using mailsim::trace::Name;

TEST_CASE("names with the same text share one entry, which is let go with its last holder") {
  const std::size_t before = Name::held();
  {
    Name a("mail.name-test.example");
    Name b(std::string("mail.name-test.example"));
    CHECK(Name::held() == before + 1);
    CHECK(a == b);
    CHECK(&a.str() == &b.str());  // the same string, not a copy
    std::vector<Name> copies(100, a);
    CHECK(Name::held() == before + 1);
    Name c("mx.name-test.example");
    CHECK(Name::held() == before + 2);
    CHECK(a != c);
    c = a;  // the last holder of mx.name-test.example lets it go
    CHECK(Name::held() == before + 1);
    Name moved(std::move(a));
    CHECK(moved == b);
    CHECK(a.empty());  // NOLINT: a moved-from name is the empty one
  }
  CHECK(Name::held() == before);
}

TEST_CASE("a name reads as the string it names") {
  Name n;
  CHECK(n.empty());
  CHECK(n.str().empty());
  CHECK(n == "");
  n = "pc1.school.example";
  CHECK(n == "pc1.school.example");
  CHECK(std::string("pc1.school.example") == n);
  CHECK(n.size() == 18);
  CHECK(n.find('.') == 3);
  CHECK(n.substr(4) == "school.example");
  CHECK(n + ":587" == "pc1.school.example:587");
  CHECK("to " + n == "to pc1.school.example");
  const std::string& s = n;
  CHECK(s == "pc1.school.example");
  std::ostringstream out;
  out << n;
  CHECK(out.str() == "pc1.school.example");
  // Ordered by text, so a map of names sorts as a map of strings does.
  std::map<Name, int> m{{Name("b.example"), 2}, {Name("a.example"), 1}};
  CHECK(m.begin()->first == "a.example");
  CHECK(Name("a.example") < Name("b.example"));
}

TEST_CASE("events copied and moved keep their names, and hold no copy of their own") {
  const std::size_t before = Name::held();
  {
    mailsim::trace::Event e;
    e.host = "relay.name-test.example";
    e.peer = "mx.name-test.example";
    e.protocol = "smtp";
    std::vector<mailsim::trace::Event> events(50, e);
    mailsim::trace::Event moved = std::move(events.back());
    events.pop_back();
    CHECK(moved.host == "relay.name-test.example");
    CHECK(&moved.host.str() == &events.front().host.str());
    CHECK(Name::held() <= before + 3);  // "smtp" may be held already
  }
  CHECK(Name::held() == before);
}
