// Every kind of loader error, with the exact message and the line:column it points at. Each case
// edits one thing in a small valid scenario (kBase) and checks the single ScenarioError it causes.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim::scenario;

namespace {

// Lines and columns below refer to this text after the edit; keep it byte for byte.
const std::string kBase = R"json({
  "title": "t",
  "hosts": [
    {"name": "pc1.school.example", "address": "10.0.0.10", "role": "client"},
    {"name": "router.school.example", "address": "10.0.0.1", "role": "router"},
    {"name": "mail.school.example", "address": "10.0.1.25", "role": "submission",
     "domains": ["school.example"], "relay_from": ["10.0.0.0/24"]},
    {"name": "mx.school.example", "address": "10.0.1.26", "role": "destination", "domains": ["school.example"]},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [
    {"between": ["pc1.school.example", "router.school.example"]},
    {"between": ["mail.school.example", "router.school.example"], "latency": "2ms"},
    {"between": ["mx.school.example", "router.school.example"]},
    {"between": ["ns.example", "router.school.example"]}
  ],
  "dns": [
    {"name": "school.example", "type": "MX", "preference": 10, "data": "mx.school.example"},
    {"name": "mx.school.example", "type": "A", "data": "10.0.1.26"}
  ],
  "accounts": [
    {"address": "alice@school.example", "host": "mx.school.example"},
    {"address": "bob@school.example", "host": "mx.school.example", "user": "bobby", "password": "s3cret"}
  ],
  "clients": [
    {"host": "pc1.school.example", "account": "alice@school.example", "submission": "mail.school.example"}
  ],
  "messages": [
    {"id": "m1", "at": "10s", "client": "pc1.school.example", "to": "bob@school.example", "subject": "Hi"}
  ],
  "failures": [
    {"at": "1m", "kind": "host_down", "host": "mx.school.example"}
  ],
  "captions": [
    {"at": "0s", "en": "Hello", "ja": "こんにちは"}
  ],
  "expect": [
    {"delivered": "m1", "mailbox": "bob@school.example"},
    {"queue_empty": "mail.school.example"}
  ]
}
)json";

// kBase with each (old, new) replacing the first occurrence of old, in order.
std::string edit(const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = kBase;
  for (const auto& e : edits) {  // no structured binding: clang 14 cannot capture one in REQUIRE_MESSAGE
    const std::size_t at = text.find(e.first);
    REQUIRE_MESSAGE(at != std::string::npos, "edit target not found: " << e.first);
    text.replace(at, e.first.size(), e.second);
  }
  return text;
}

}  // namespace

TEST_CASE("errors: the base document is valid") { CHECK(error_of(kBase) == "(no error)"); }

TEST_CASE("errors: types, required keys and unknown keys") {
  CHECK(error_of(edit({{"\"title\": \"t\"", "\"title\": 5"}})) ==
        "t.json:2:12: /title: expected an object {\"en\": ..., \"ja\": ...} or a string, got a number");
  CHECK(error_of(edit({{"\"address\": \"10.0.0.1\", ", ""}})) ==
        "t.json:5:5: /hosts/1: missing required key 'address'");
  CHECK(error_of(edit({{"\"address\": \"10.0.0.10\"", "\"adress\": \"10.0.0.10\""}})) ==
        "t.json:4:36: /hosts/0/adress: unknown key 'adress' (did you mean 'address'?)");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"colour\": \"red\","}})) ==
        "t.json:2:17: /colour: unknown key 'colour'; allowed keys: $schema, title, description, seed, epoch, until, default_latency, focus, topics, level, minutes, prerequisites, tls_ca_cert_file, tls_ca_key_file, hosts, links, dns, accounts, clients, messages, failures, captions, quiz, expect");
  CHECK(error_of(edit({{"\"domains\": [\"school.example\"], \"relay_from\"", "\"domains\": {\"school.example\": 1}, \"relay_from\""}})) ==
        "t.json:7:17: /hosts/2/domains: expected an array, got an object");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"title\": \"u\","}})) ==
        "t.json:2:17: /title: duplicate key 'title'");
  CHECK(error_of(edit({{"{\"name\": \"pc1.school.example\", \"address\": \"10.0.0.10\", \"role\": \"client\"}", "{\"name\": \"pc1.school.example\", \"address\": \"10.0.0.10\", \"role\": \"client\", \"up\": \"yes\"}"}})) ==
        "t.json:4:84: /hosts/0/up: expected true or false, got a string");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"seed\": -1,"}})) ==
        "t.json:2:25: /seed: -1 is out of range (0 to 9223372036854775807)");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"seed\": 1.5,"}})) ==
        "t.json:2:25: /seed: expected an integer, got a number");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"focus\": \"mailbox\","}})) ==
        "t.json:2:26: /focus: 'mailbox' is not what the inspector can open on: queues, mailboxes, dns, failures, captured or checks");
}

// Found by fuzz_scenario: a key may hold "\u0000", and a raw NUL cut the message short at the
// pointer (what() is a C string); a newline would break the one-line message.
TEST_CASE("errors: control characters in a key or value are shown escaped, as JSON writes them") {
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"a\\u0000b\\nc\": 1,"}})).rfind(
            "t.json:2:17: /a\\u0000b\\u000Ac: unknown key 'a\\u0000b\\u000Ac'; allowed keys: $schema, title,", 0) == 0);
  CHECK(error_of(edit({{"\"title\": \"t\"", "\"title\": \"t\", \"focus\": \"\\u001b[31mred\""}})) ==
        "t.json:2:26: /focus: '\\u001B[31mred' is not what the inspector can open on: queues, mailboxes, dns, failures, captured or checks");
}

TEST_CASE("errors: where the lesson sits in a course") {
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"topics\": [\"mx\"],"}})).rfind(
            "t.json:2:28: /topics/0: 'mx' is not a topic of the course; the topics are: journey, smtp-dialog, mx-lookup,", 0) == 0);
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"topics\": [\"relay\", \"relay\"],"}})) ==
        "t.json:2:37: /topics/1: 'relay' is listed twice");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"level\": \"beginner\","}})) ==
        "t.json:2:26: /level: 'beginner' is not a level: intro, intermediate or advanced");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"minutes\": 0,"}})) ==
        "t.json:2:28: /minutes: 0 is out of range (1 to 180)");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"prerequisites\": [\"relay-mx.json\"],"}})) ==
        "t.json:2:35: /prerequisites/0: 'relay-mx.json' is not a lesson's name: write the file name without .json, e.g. \"relay-mx\"");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"prerequisites\": [\"t\"],"}})) ==
        "t.json:2:35: /prerequisites/0: a lesson cannot be its own prerequisite");
}

TEST_CASE("errors: hosts") {
  CHECK(error_of(edit({{"\"10.0.0.10\"", "\"10.0.0.300\""}})) ==
        "t.json:4:47: /hosts/0/address: '10.0.0.300' is not an IPv4 address");
  CHECK(error_of(edit({{"\"10.0.0.10\"", "\"10.0.0.010\""}})) ==
        "t.json:4:47: /hosts/0/address: '10.0.0.010' is not an IPv4 address");
  CHECK(error_of(edit({{"\"10.0.0.0/24\"", "\"10.0.0.0/33\""}})) ==
        "t.json:7:52: /hosts/2/relay_from/0: '10.0.0.0/33' has a prefix length above 32");
  CHECK(error_of(edit({{"\"10.0.0.0/24\"", "\"10.0.0.0\""}})) ==
        "t.json:7:52: /hosts/2/relay_from/0: '10.0.0.0' is not an IPv4 network in CIDR notation (like \"10.0.0.0/24\")");
  CHECK(error_of(edit({{"\"10.0.0.0/24\"", "\"10.0.0.5/24\""}})) ==
        "t.json:7:52: /hosts/2/relay_from/0: '10.0.0.5/24' has host bits set (did you mean '10.0.0.0/24'?)");
  CHECK(error_of(edit({{"\"role\": \"client\"}", "\"role\": \"client\", \"device\": \"tablet\"}"}})) ==
        "t.json:4:88: /hosts/0/device: 'tablet' is not a device (pc, phone)");
  CHECK(error_of(edit({{"\"role\": \"router\"", "\"role\": \"router\", \"device\": \"phone\""}})) ==
        "t.json:5:80: /hosts/1/device: 'device' applies only to client hosts, not to a router host");
  CHECK(error_of(edit({{"\"name\": \"router.school.example\"", "\"name\": \"PC1.school.example\""}})) ==
        "t.json:5:14: /hosts/1/name: duplicate host name 'pc1.school.example' (also at /hosts/0)");
  CHECK(error_of(edit({{"\"10.0.0.1\"", "\"10.0.0.10\""}})) ==
        "t.json:5:50: /hosts/1/address: address 10.0.0.10 is already used by 'pc1.school.example'");
  CHECK(error_of(edit({{"\"role\": \"router\"", "\"role\": \"switch\""}})) ==
        "t.json:5:70: /hosts/1/role: 'switch' is not a role (client, submission, relay, dns, destination, router, auth, eavesdropper)");
  CHECK(error_of(edit({{"\"name\": \"ns.example\"", "\"name\": \"ns_1.example\""}})) ==
        "t.json:9:14: /hosts/4/name: 'ns_1.example' is not a valid host name");
  CHECK(error_of(edit({{"\"role\": \"destination\", \"domains\": [\"school.example\"]", "\"role\": \"destination\", \"relayhost\": \"mail.school.example\", \"domains\": [\"school.example\"]"}})) ==
        "t.json:8:82: /hosts/3/relayhost: 'relayhost' applies only to submission and relay hosts, not to a destination host");
  CHECK(error_of(edit({{"\"role\": \"destination\", \"domains\": [\"school.example\"]", "\"role\": \"destination\""}})) ==
        "t.json:8:5: /hosts/3: a destination host needs at least one mail domain in 'domains'");
  CHECK(error_of(edit({{"\"role\": \"client\"}", "\"role\": \"client\", \"position\": [0.5, 1.5]}"}})) ==
        "t.json:4:96: /hosts/0/position/1: 1.5 is outside the map (0 to 1)");
  CHECK(error_of(edit({{"\"role\": \"client\"}", "\"role\": \"client\", \"position\": [0.5]}"}})) ==
        "t.json:4:90: /hosts/0/position: a position is two numbers [x, y], each from 0 to 1");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"relayhost\": \"relay.isp.example\""}})) ==
        "t.json:7:81: /hosts/2/relayhost: no host named 'relay.isp.example'");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"relayhost\": \"mail.school.example\""}})) ==
        "t.json:7:81: /hosts/2/relayhost: a host cannot be its own relayhost");
  CHECK(error_of(edit({{"\"role\": \"client\"}", "\"role\": \"client\", \"resolver\": \"mx.school.example\"}"}})) ==
        "t.json:4:90: /hosts/0/resolver: 'mx.school.example' is a destination host; a resolver must be a dns host");
  CHECK(error_of(edit({{"\"role\": \"dns\"", "\"role\": \"router\""}})) ==
        "t.json:6:5: /hosts/2: mail.school.example looks up MX records, but no host has role 'dns' (add one)");
}

TEST_CASE("errors: retry schedules") {
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"retry\": \"smail\""}})) ==
        "t.json:7:77: /hosts/2/retry: unknown retry preset 'smail' (postfix, sendmail, exim, qmail)");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"retry\": {\"first\": \"1h\", \"max\": \"10m\"}"}})) ==
        "t.json:7:100: /hosts/2/retry/max: 'max' (10m) is shorter than 'first' (1h)");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"retry\": {\"give_up\": \"5 days\"}"}})) ==
        "t.json:7:89: /hosts/2/retry/give_up: '5 days' is not a duration (write e.g. \"250ms\", \"300s\", \"40m\", \"1h30m\", \"5d\")");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"retry\": {\"first\": 0}"}})) ==
        "t.json:7:87: /hosts/2/retry/first: 'first' must be longer than 0s");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"retry\": {\"preset\": \"exim\", \"frist\": \"1m\"}"}})) ==
        "t.json:7:96: /hosts/2/retry/frist: unknown key 'frist' (did you mean 'first'?)");
}

TEST_CASE("errors: links") {
  CHECK(error_of(edit({{"{\"between\": [\"ns.example\", \"router.school.example\"]}", "{\"between\": [\"ns.example\", \"gw.school.example\"]}"}})) ==
        "t.json:15:32: /links/3/between/1: no host named 'gw.school.example'");
  CHECK(error_of(edit({{"{\"between\": [\"ns.example\", \"router.school.example\"]}", "{\"between\": [\"ns.example\", \"ns.example\"]}"}})) ==
        "t.json:15:17: /links/3/between: a host cannot be linked to itself");
  CHECK(error_of(edit({{"{\"between\": [\"ns.example\", \"router.school.example\"]}", "{\"between\": [\"router.school.example\", \"mx.school.example\"]}"}})) ==
        "t.json:15:17: /links/3/between: 'router.school.example' and 'mx.school.example' are already linked (at /links/2)");
  CHECK(error_of(edit({{"{\"between\": [\"ns.example\", \"router.school.example\"]}", "{\"between\": [\"ns.example\"]}"}})) ==
        "t.json:15:17: /links/3/between: a link is between exactly two hosts");
  CHECK(error_of(edit({{",\n    {\"between\": [\"ns.example\", \"router.school.example\"]}", ""}})) ==
        "t.json:9:5: /hosts/4: 'ns.example' has no path of links to 'pc1.school.example'");
  CHECK(error_of(edit({{"\"latency\": \"2ms\"", "\"latency\": -2"}})) ==
        "t.json:13:78: /links/1/latency: a time cannot be negative");
}

TEST_CASE("errors: dns records") {
  CHECK(error_of(edit({{"\"type\": \"A\", \"data\": \"10.0.1.26\"", "\"type\": \"SRV\", \"data\": \"10.0.1.26\""}})) ==
        "t.json:19:43: /dns/1/type: 'SRV' is not a record type the simulator serves (A, AAAA, MX, CNAME, TXT, PTR)");
  CHECK(error_of(edit({{"\"type\": \"A\", \"data\": \"10.0.1.26\"", "\"type\": \"AAAA\", \"data\": \"10.0.1.26\""}})) ==
        "t.json:19:59: /dns/1/data: '10.0.1.26' is not an IPv6 address");
  CHECK(error_of(edit({{"\"type\": \"A\", \"data\": \"10.0.1.26\"", "\"type\": \"PTR\", \"data\": \"10.0.1.26/8\""}})) ==
        "t.json:19:58: /dns/1/data: '10.0.1.26/8' is not a valid host name");
  CHECK(error_of(edit({{"\"type\": \"A\", \"data\": \"10.0.1.26\"", "\"type\": \"A\", \"data\": \"mx.school.example\""}})) ==
        "t.json:19:56: /dns/1/data: 'mx.school.example' is not an IPv4 address");
  CHECK(error_of(edit({{"\"preference\": 10, ", ""}})) ==
        "t.json:18:5: /dns/0: an MX record needs a 'preference' (lower is tried first, e.g. 10)");
  CHECK(error_of(edit({{"\"type\": \"A\", \"data\": \"10.0.1.26\"", "\"type\": \"A\", \"preference\": 5, \"data\": \"10.0.1.26\""}})) ==
        "t.json:19:48: /dns/1/preference: 'preference' applies only to MX records");
  CHECK(error_of(edit({{"\"role\": \"dns\"", "\"role\": \"router\""}, {"\"role\": \"submission\",", "\"role\": \"submission\", \"relayhost\": \"mx.school.example\","}})) ==
        "t.json:17:10: /dns: DNS records need a host with role 'dns' to serve them");
  CHECK(error_of(edit({{"{\"name\": \"mx.school.example\", \"type\": \"A\", \"data\": \"10.0.1.26\"}", "{\"name\": \"mx.school.example\", \"type\": \"A\", \"data\": \"10.0.1.26\"},\n    {\"name\": \"MX.school.example\", \"type\": \"a\", \"data\": \"10.0.1.26\"}"}})) ==
        "t.json:20:5: /dns/2: the same record is listed twice");
}

TEST_CASE("errors: accounts and clients") {
  CHECK(error_of(edit({{"{\"address\": \"alice@school.example\", \"host\": \"mx.school.example\"}", "{\"address\": \"alice@school.example\", \"host\": \"mail.school.example\"}"}})) ==
        "t.json:22:49: /accounts/0/host: 'mail.school.example' is a submission host; mailboxes live on destination hosts");
  CHECK(error_of(edit({{"\"bob@school.example\", \"host\"", "\"bob@home.example\", \"host\""}})) ==
        "t.json:23:17: /accounts/1/address: domain 'home.example' is not one of mx.school.example's domains (school.example)");
  CHECK(error_of(edit({{"\"bob@school.example\", \"host\"", "\"alice@school.example\", \"host\""}})) ==
        "t.json:23:17: /accounts/1/address: account 'alice@school.example' is already declared at /accounts/0");
  CHECK(error_of(edit({{"\"bob@school.example\", \"host\"", "\"bob.@school.example\", \"host\""}})) ==
        "t.json:23:17: /accounts/1/address: 'bob.@school.example' is not an e-mail address (local-part@domain)");
  CHECK(error_of(edit({{"\"user\": \"bobby\"", "\"user\": \"alice\""}})) ==
        "t.json:23:76: /accounts/1/user: user 'alice' already exists on mx.school.example");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\"", "{\"host\": \"ns.example\", \"account\""}})) ==
        "t.json:26:14: /clients/0/host: 'ns.example' is a dns host; mail clients run on client hosts");
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mx.school.example\"}"}})) ==
        "t.json:26:85: /clients/0/submission: 'mx.school.example' is a destination host; clients submit mail to a submission host (or a relay, on port 25)");
  // Several clients on one host must differ in account or submission, and only one reads mail.
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\"},\n    {\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}"}})) ==
        "t.json:27:47: /clients/1/account: 'pc1.school.example' already has a client for 'alice@school.example' sending through mail.school.example (at /clients/0); clients on one host differ in 'account' or 'submission'");
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"fetch\": \"pop3\"},\n    {\"host\": \"pc1.school.example\", \"account\": \"bob@school.example\", \"fetch\": \"pop3\"}"}})) ==
        "t.json:27:78: /clients/1/fetch: 'pc1.school.example' already reads mail with the client at /clients/0 (one client per host reads mail, so that 'fetched' names the device)");
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"port\": 0}"}})) ==
        "t.json:26:116: /clients/0/port: 0 is out of range (1 to 65535)");
}

TEST_CASE("errors: messages") {
  CHECK(error_of(edit({{"{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}", "{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"router.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}"}})) ==
        "t.json:29:41: /messages/0/client: 'router.school.example' runs no mail client (declare one in 'clients')");
  CHECK(error_of(edit({{"{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}", "{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"subject\": \"Hi\"}"}})) ==
        "t.json:29:5: /messages/0: a message needs at least one recipient in 'to', 'cc' or 'bcc'");
  CHECK(error_of(edit({{"{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}", "{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": [\"bob@school.example\", \"carol\"], \"subject\": \"Hi\"}"}})) ==
        "t.json:29:92: /messages/0/to/1: 'carol' is not an e-mail address (local-part@domain)");
  CHECK(error_of(edit({{"{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}", "{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"},\n    {\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}"}})) ==
        "t.json:30:12: /messages/1/id: message id 'm1' is already used at /messages/0");
  CHECK(error_of(edit({{"{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}", "{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\", \"headers\": {\"Subject\": \"Hello\"}}"}})) ==
        "t.json:29:120: /messages/0/headers/Subject: write the message's 'subject' key instead of a 'Subject' header");
  CHECK(error_of(edit({{"{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}", "{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\", \"headers\": {\"X Lesson\": \"1\"}}"}})) ==
        "t.json:29:120: /messages/0/headers/X Lesson: 'X Lesson' is not a header field name");
  CHECK(error_of(edit({{"{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}", "{\"id\": \"m1\", \"at\": \"3h\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}"}, {"\"title\": \"t\",", "\"title\": \"t\", \"until\": \"2h\","}})) ==
        "t.json:29:24: /messages/0/at: 3h is after 'until' (2h), so it would never happen");
  CHECK(error_of(edit({{"{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\"}", "{\"id\": \"m1\", \"at\": \"10s\", \"client\": \"pc1.school.example\", \"to\": \"bob@school.example\", \"subject\": \"Hi\", \"body\": 42}"}})) ==
        "t.json:29:116: /messages/0/body: expected a string, got a number");
}

TEST_CASE("errors: failures") {
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"host_crash\", \"host\": \"mx.school.example\"}"}})) ==
        "t.json:32:26: /failures/0/kind: 'host_crash' is not a failure kind (host_down, host_up, service_stop, service_start, link_down, link_up, dns_set, dns_remove, smtp_reply, smtp_reply_clear)");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\", \"port\": 25}"}})) ==
        "t.json:32:68: /failures/0/port: 'port' does not apply to a host_down failure");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx2.school.example\"}"}})) ==
        "t.json:32:47: /failures/0/host: no host named 'mx2.school.example'");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"link_down\", \"link\": [\"pc1.school.example\", \"mx.school.example\"]}"}})) ==
        "t.json:32:47: /failures/0/link: there is no link between 'pc1.school.example' and 'mx.school.example'");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"smtp_reply\", \"host\": \"mx.school.example\", \"command\": \"RCPT\", \"reply\": {\"code\": 250}}"}})) ==
        "t.json:32:106: /failures/0/reply/code: 250 is out of range (400 to 599)");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"smtp_reply\", \"host\": \"mx.school.example\", \"command\": \"RCPT TO\", \"reply\": {\"code\": 451}}"}})) ==
        "t.json:32:80: /failures/0/command: 'RCPT TO' is not a reply point (CONNECT, EHLO, HELO, STARTTLS, MAIL, RCPT, DATA-CMD, DATA, RSET, NOOP, VRFY, HELP, QUIT)");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"smtp_reply\", \"host\": \"mx.school.example\", \"command\": \"RCPT\", \"reply\": {\"code\": 451, \"enhanced\": \"5.7.1\"}}"}})) ==
        "t.json:32:123: /failures/0/reply/enhanced: '5.7.1' does not match reply code 451 (class 4)");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"smtp_reply\", \"host\": \"mx.school.example\", \"command\": \"RCPT\", \"reply\": {\"code\": 451, \"enhanced\": \"4.71\"}}"}})) ==
        "t.json:32:123: /failures/0/reply/enhanced: '4.71' is not an enhanced status code (like \"4.7.1\")");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"smtp_reply\", \"host\": \"pc1.school.example\", \"command\": \"RCPT\", \"reply\": {\"code\": 451}}"}})) ==
        "t.json:32:48: /failures/0/host: 'pc1.school.example' is a client host; only submission, relay and destination hosts answer SMTP");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"smtp_reply\", \"host\": \"mx.school.example\", \"command\": \"RCPT\"}"}})) ==
        "t.json:32:5: /failures/0: missing required key 'reply'");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"dns_set\", \"record\": {\"name\": \"mx.school.example\", \"type\": \"A\", \"data\": \"10.0.1.999\"}}"}})) ==
        "t.json:32:98: /failures/0/record/data: '10.0.1.999' is not an IPv4 address");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\", \"host\": \"mx.school.example\"}", "{\"at\": \"1m\", \"kind\": \"dns_remove\", \"record\": {\"name\": \"school.example\", \"type\": \"MX\", \"data\": \"mx.school.example\"}}"}})) ==
        "t.json:32:91: /failures/0/record/data: unknown key 'data'; allowed keys: name, type");
}

TEST_CASE("errors: captions") {
  CHECK(error_of(edit({{"{\"at\": \"0s\", \"en\": \"Hello\", \"ja\": \"こんにちは\"}", "{\"at\": \"0s\", \"ja\": \"こんにちは\", \"fr\": \"Bonjour\"}"}})) ==
        "t.json:35:33: /captions/0/fr: unknown key 'fr'; allowed keys: at, on, duration, focus, en, ja");
  CHECK(error_of(edit({{"{\"at\": \"0s\", \"en\": \"Hello\", \"ja\": \"こんにちは\"}", "{\"at\": \"0s\"}"}})) ==
        "t.json:35:5: /captions/0: a caption needs a text in 'en' or 'ja'");
  CHECK(error_of(edit({{"{\"at\": \"0s\", \"en\": \"Hello\", \"ja\": \"こんにちは\"}", "{\"at\": \"soon\", \"en\": \"Hello\"}"}})) ==
        "t.json:35:12: /captions/0/at: 'soon' is not a duration (write e.g. \"250ms\", \"300s\", \"40m\", \"1h30m\", \"5d\")");
}

TEST_CASE("errors: captions on an event, their triggers and focus") {
  const std::string cap = "{\"at\": \"0s\", \"en\": \"Hello\", \"ja\": \"こんにちは\"}";
  auto with = [&](const std::string& c) { return error_of(edit({{cap, c}})); };
  CHECK(with("{\"on\": {\"reply\": 550, \"host\": \"mx.school.example\"}, \"en\": \"x\"}") == "(no error)");
  CHECK(with("{\"on\": {\"queue\": \"deferred\", \"host\": \"mail.school.example\", \"message\": \"m1\", \"nth\": 2, \"after\": \"1s\"}, \"en\": \"x\"}") == "(no error)");
  CHECK(with("{\"on\": {\"delivered\": \"m1\"}, \"focus\": [\"mail.school.example\", \"mx.school.example\"], \"en\": \"x\"}") == "(no error)");
  CHECK(with("{\"on\": {\"failure\": 0}, \"focus\": \"mx.school.example\", \"en\": \"x\"}") == "(no error)");
  CHECK(with("{\"on\": {\"reply\": \"4xx\"}, \"en\": \"x\"}") == "(no error)");
  CHECK(with("{\"en\": \"x\"}") == "t.json:35:5: /captions/0: a caption needs 'at' (a time) or 'on' (an event)");
  CHECK(with("{\"at\": \"1s\", \"on\": {\"delivered\": \"m1\"}, \"en\": \"x\"}") ==
        "t.json:35:18: /captions/0/on: a caption shows 'at' a time or 'on' an event, not both");
  CHECK(with("{\"on\": {\"host\": \"mx.school.example\"}, \"en\": \"x\"}") ==
        "t.json:35:12: /captions/0/on: a trigger needs one of reply, queue, delivered, bounced, failure, connect, timed_out, refused, fetched, auth");
  CHECK(with("{\"on\": {\"delivered\": \"m1\", \"bounced\": \"m1\"}, \"en\": \"x\"}") ==
        "t.json:35:32: /captions/0/on/bounced: a trigger waits for one thing: 'delivered' or 'bounced', not both");
  CHECK(with("{\"on\": {\"delivered\": \"m2\"}, \"en\": \"x\"}") == "t.json:35:26: /captions/0/on/delivered: no message with id 'm2'");
  CHECK(with("{\"on\": {\"reply\": 250, \"host\": \"pc1.school.example\"}, \"en\": \"x\"}") ==
        "t.json:35:35: /captions/0/on/host: 'pc1.school.example' is a client host; only submission, relay and destination hosts answer SMTP");
  CHECK(with("{\"on\": {\"reply\": \"5yy\"}, \"en\": \"x\"}") ==
        "t.json:35:22: /captions/0/on/reply: '5yy' is not a reply code (like 550) or class (like \"4xx\")");
  CHECK(with("{\"on\": {\"queue\": \"waiting\"}, \"en\": \"x\"}") ==
        "t.json:35:22: /captions/0/on/queue: 'waiting' is not a queue (incoming, active, deferred, hold)");
  CHECK(with("{\"on\": {\"failure\": 3}, \"en\": \"x\"}") ==
        "t.json:35:24: /captions/0/on/failure: 3 is out of range (0 to 0)");
  CHECK(with("{\"on\": {\"connect\": \"mx.nowhere.example\"}, \"en\": \"x\"}") ==
        "t.json:35:24: /captions/0/on/connect: no host named 'mx.nowhere.example'");
  CHECK(with("{\"on\": {\"delivered\": \"m1\", \"message\": \"m1\"}, \"en\": \"x\"}") ==
        "t.json:35:32: /captions/0/on/message: \"message\" applies to a queue, fetched or auth trigger (the others name their message)");
  CHECK(with("{\"on\": {\"fetched\": \"pc1.school.example\"}, \"en\": \"x\"}") ==
        "t.json:35:24: /captions/0/on/fetched: 'pc1.school.example' is not a client that fetches mail");
  CHECK(with("{\"on\": {\"delivered\": \"m1\", \"nth\": 0}, \"en\": \"x\"}") ==
        "t.json:35:39: /captions/0/on/nth: 0 is out of range (1 to 1000)");
  CHECK(with("{\"on\": {\"delivered\": \"m1\"}, \"focus\": [\"mx.school.example\"], \"en\": \"x\"}") ==
        "t.json:35:42: /captions/0/focus: a focus is a host, or a connection as its two hosts, like [\"a.example\", \"b.example\"]");
  CHECK(with("{\"on\": {\"delivered\": \"m1\"}, \"focus\": \"mx.nowhere.example\", \"en\": \"x\"}") ==
        "t.json:35:42: /captions/0/focus: no host named 'mx.nowhere.example'");
}

TEST_CASE("errors: quiz questions") {
  const std::string exp = "\"expect\": [";
  auto with = [&](const std::string& q) { return error_of(edit({{exp, "\"quiz\": [" + q + "],\n  \"expect\": ["}})); };
  const std::string ok = "{\"on\": {\"reply\": 550}, \"question\": {\"en\": \"Q?\", \"ja\": \"問?\"}, "
                         "\"choices\": [\"250\", {\"en\": \"550\", \"ja\": \"550\"}], \"answer\": 1, \"explain\": \"because\"}";
  CHECK(with(ok) == "(no error)");
  CHECK(with("{\"at\": \"1s\", \"question\": \"Q?\", \"choices\": [\"a\"], \"answer\": 0}") ==
        "t.json:37:54: /quiz/0/choices: a question has 2 to 4 choices, not 1");
  CHECK(with("{\"at\": \"1s\", \"question\": \"Q?\", \"choices\": [\"a\", \"b\"], \"answer\": 2}") ==
        "t.json:37:76: /quiz/0/answer: 2 is out of range (0 to 1)");
  CHECK(with("{\"question\": \"Q?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}") ==
        "t.json:37:12: /quiz/0: a question needs 'at' (a time) or 'on' (an event)");
  CHECK(with("{\"at\": \"1s\", \"question\": \"\", \"choices\": [\"a\", \"b\"], \"answer\": 0}") ==
        "t.json:37:37: /quiz/0/question: a question needs a text in 'en' or 'ja'");
  CHECK(with("{\"on\": {\"bounced\": \"m9\"}, \"question\": \"Q?\", \"choices\": [\"a\", \"b\"], \"answer\": 0}") ==
        "t.json:37:31: /quiz/0/on/bounced: no message with id 'm9'");
}

TEST_CASE("errors: expectations") {
  CHECK(error_of(edit({{"{\"delivered\": \"m1\", \"mailbox\"", "{\"delivered\": \"m2\", \"mailbox\""}})) ==
        "t.json:38:19: /expect/0/delivered: no message with id 'm2'");
  CHECK(error_of(edit({{"\"mailbox\": \"bob@school.example\"", "\"mailbox\": \"carol@school.example\""}})) ==
        "t.json:38:36: /expect/0/mailbox: 'carol@school.example' is not an account (declare it in 'accounts')");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"queue_empty\": \"mx.school.example\"}"}})) ==
        "t.json:39:21: /expect/1/queue_empty: 'mx.school.example' is a destination host; only submission and relay hosts have a queue");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"queue_empty\": \"mail.school.example\", \"bounced\": \"m1\"}"}})) ==
        "t.json:39:44: /expect/1/bounced: one expectation checks one thing: 'bounced' cannot go with 'queue_empty' (write two expectations)");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"host\": \"mail.school.example\"}"}})) ==
        "t.json:39:5: /expect/1: an expectation needs one of delivered, not_delivered, bounced, queue_empty, reply_seen, attempts, fetched, not_fetched, flagged, refused, in_outbox, auth_result, in_folder, captured, received, accepted");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"attempts\": \"m1\", \"host\": \"mail.school.example\"}"}})) ==
        "t.json:39:5: /expect/1: missing required key 'count'");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"reply_seen\": 550, \"count\": 2}"}})) ==
        "t.json:39:25: /expect/1/count: 'count' does not apply to a reply_seen expectation");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"bounced\": \"m1\"}"}, {"\"account\": \"alice@school.example\"", "\"account\": \"carol@school.example\""}})) ==
        "t.json:39:17: /expect/1/bounced: the bounce would go to 'carol@school.example', which is not an account (declare it in 'accounts')");
}

TEST_CASE("errors: scenario settings") {
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"epoch\": \"2025-02-30T09:00:00Z\","}})) ==
        "t.json:2:26: /epoch: '2025-02-30T09:00:00Z' is not a UTC time like \"2025-11-03T09:00:00Z\"");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"until\": \"0s\","}})) ==
        "t.json:2:26: /until: 'until' must be later than 0s (leave it out to run until nothing is pending)");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": {\"en\": \"\", \"ja\": \"\"},"}})) ==
        "t.json:2:12: /title: needs a text in \"en\" or \"ja\"");
  CHECK(error_of(edit({{"\"title\": \"t\",\n", ""}})) ==
        "t.json:1:1: /: missing required key 'title'");
}

TEST_CASE("errors: reading mail") {
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\", \"fetch\": \"smtp\"}"}})) ==
        "t.json:26:117: /clients/0/fetch: 'smtp' is not a mail-reading protocol (pop3, imap)");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"pop3\", \"idle\": true}}"}})) ==
        "t.json:26:138: /clients/0/fetch/idle: 'idle' applies only to IMAP");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"imap\", \"keep\": true}}"}})) ==
        "t.json:26:138: /clients/0/fetch/keep: 'keep' applies only to POP3 (IMAP always leaves mail on the server)");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"imap\", \"server\": \"mail.school.example\"}}"}})) ==
        "t.json:26:148: /clients/0/fetch/server: 'mail.school.example' is a submission host; mail is read from destination hosts");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"imap\", \"poll\": \"0s\"}}"}})) ==
        "t.json:26:146: /clients/0/fetch/poll: 'poll' must be longer than 0s");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"carol@school.example\", \"submission\": \"mail.school.example\", \"fetch\": \"pop3\"}"}})) ==
        "t.json:26:117: /clients/0/fetch: reading mail needs a mailbox: 'carol@school.example' is not an account (declare it in 'accounts')");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\"}"}})) ==
        "t.json:26:5: /clients/0: a client needs 'submission' (to send mail), 'fetch' (to read it), or both");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"port\": 587}"}})) ==
        "t.json:26:71: /clients/0/port: 'port' is the submission port; it needs 'submission'");
  CHECK(error_of(edit({{"{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"fetch\": \"imap\"}"}})) ==
        "t.json:29:41: /messages/0/client: the client on 'pc1.school.example' only reads mail (it has no 'submission')");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"fetched\": \"m1\", \"host\": \"pc1.school.example\"}"}})) ==
        "t.json:39:31: /expect/1/host: 'pc1.school.example' does not read mail (give its client a 'fetch')");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"flagged\": \"m1\", \"mailbox\": \"bob@school.example\", \"flag\": \"\\\\Se en\"}"}})) ==
        "t.json:39:64: /expect/1/flag: '\\Se en' is not an IMAP flag (like \"\\\\Seen\" or \"$Important\")");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"flagged\": \"m1\", \"mailbox\": \"bob@school.example\"}"}})) ==
        "t.json:39:5: /expect/1: missing required key 'flag'");
}

TEST_CASE("errors: relayhost") {
  const std::string at_mail = "\"relay_from\": [\"10.0.0.0/24\"]";
  auto relayhost = [&](const std::string& value) { return at_mail + ", \"relayhost\": \"" + value + "\""; };
  const std::string mx_a = "{\"name\": \"mx.school.example\", \"type\": \"A\", \"data\": \"10.0.1.26\"}";
  // Postfix's forms: the MX lookup (none here, so the A record), the A record only, and a port.
  CHECK(error_of(edit({{at_mail, relayhost("mx.school.example")}})) == "(no error)");
  CHECK(error_of(edit({{at_mail, relayhost("[MX.school.example.]:25")}})) == "(no error)");
  CHECK(error_of(edit({{at_mail, relayhost("[mx.school.example]:2525")}})) ==
        "t.json:7:81: /hosts/2/relayhost: 'mx.school.example' has the address 10.0.1.26 in 'dns', which is "
        "mx.school.example: it takes mail on port 25, not 2525 (write '[mx.school.example]:25')");
  CHECK(error_of(edit({{at_mail, relayhost("[mx.school.example]")}, {mx_a, "{\"name\": \"mx2.school.example\", \"type\": \"A\", \"data\": \"10.0.1.26\"}"}})) ==
        "t.json:7:81: /hosts/2/relayhost: 'mx.school.example' cannot be found in the lesson's DNS (Host or domain name not "
        "found. Name service error for name=mx.school.example type=A: Host not found), so every message would wait in "
        "the queue: add an A record for it to 'dns'");
  CHECK(error_of(edit({{at_mail, relayhost("mx.school.example")}, {mx_a, "{\"name\": \"mx2.school.example\", \"type\": \"A\", \"data\": \"10.0.1.26\"}"}})) ==
        "t.json:7:81: /hosts/2/relayhost: 'mx.school.example' cannot be found in the lesson's DNS (Host or domain name not "
        "found. Name service error for name=mx.school.example type=MX: Host not found), so every message would wait in "
        "the queue: add an A record (or MX records) for it to 'dns'");
  CHECK(error_of(edit({{at_mail, relayhost("mx.school.example")}, {"\"data\": \"10.0.1.26\"", "\"data\": \"10.0.2.53\""}})) ==
        "t.json:7:81: /hosts/2/relayhost: 'mx.school.example' has the address 10.0.2.53 in 'dns', which is ns.example, "
        "a dns host: it takes no mail");
  CHECK(error_of(edit({{at_mail, relayhost("mx.school.example")}, {"\"data\": \"10.0.1.26\"", "\"data\": \"10.9.9.9\""}})) ==
        "t.json:7:81: /hosts/2/relayhost: 'mx.school.example' has the address 10.9.9.9 in 'dns', but no host has that address");
  // Through an MX record of its own, to another host.
  CHECK(error_of(edit({{at_mail, relayhost("relay.school.example")},
                       {"{\"name\": \"ns.example\"", "{\"name\": \"relay.school.example\", \"address\": \"10.0.1.27\", \"role\": \"relay\"},\n    {\"name\": \"ns.example\""},
                       {"{\"between\": [\"ns.example\"", "{\"between\": [\"relay.school.example\", \"router.school.example\"]},\n    {\"between\": [\"ns.example\""},
                       {mx_a, mx_a + ",\n    {\"name\": \"relay.school.example\", \"type\": \"MX\", \"preference\": 5, \"data\": \"mx.school.example\"}"}})) ==
        "(no error)");
  CHECK(error_of(edit({{at_mail, relayhost("[mx.school.example")}})) ==
        "t.json:7:81: /hosts/2/relayhost: '[mx.school.example' is not a relayhost (write a host name, or \"[name]\" to "
        "skip the MX lookup; either may end in \":port\")");
  CHECK(error_of(edit({{at_mail, relayhost("[]")}})) ==
        "t.json:7:81: /hosts/2/relayhost: '[]' is not a relayhost (write a host name, or \"[name]\" to skip the MX "
        "lookup; either may end in \":port\")");
  CHECK(error_of(edit({{at_mail, relayhost("mx.school.example:smtp")}})) ==
        "t.json:7:81: /hosts/2/relayhost: 'mx.school.example:smtp' is not a relayhost (write a host name, or \"[name]\" "
        "to skip the MX lookup; either may end in \":port\")");
  CHECK(error_of(edit({{at_mail, relayhost("mx.school.example:70000")}})) ==
        "t.json:7:81: /hosts/2/relayhost: 'mx.school.example:70000': port 70000 is out of range (1 to 65535)");
  CHECK(error_of(edit({{at_mail, relayhost("mx_1.school.example")}})) ==
        "t.json:7:81: /hosts/2/relayhost: 'mx_1.school.example' is not a valid host name");
  // A relayhost is looked up in DNS too.
  CHECK(error_of(edit({{at_mail, relayhost("mx.school.example")}, {"\"role\": \"dns\"", "\"role\": \"router\""},
                       {"\"dns\": [\n    {\"name\": \"school.example\", \"type\": \"MX\", \"preference\": 10, \"data\": \"mx.school.example\"},\n    " + mx_a + "\n  ],\n", ""}})) ==
        "t.json:7:81: /hosts/2/relayhost: mail.school.example looks up its relayhost 'mx.school.example' in DNS, but no "
        "host has role 'dns' (add one)");
}

TEST_CASE("errors: how long a lesson runs") {
  const std::string client = "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}";
  const std::string reading = "{\"host\": \"pc1.school.example\", \"account\": \"alice@school.example\", \"submission\": \"mail.school.example\", \"fetch\": \"pop3\"}";
  // A device that reads mail polls for ever: without 'until' the run never ended.
  CHECK(error_of(edit({{client, reading}})) ==
        "t.json:26:117: /clients/0/fetch: a device that reads mail checks for new mail again and again, so the lesson "
        "would never end: set 'until' at the top of the file (e.g. \"until\": \"10m\")");
  CHECK(error_of(edit({{client, reading}, {"\"title\": \"t\",", "\"title\": \"t\", \"until\": \"10m\","}})) == "(no error)");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"until\": \"30d1s\","}})) ==
        "t.json:2:26: /until: 'until' can be at most 30d (the longest a lesson runs)");
  CHECK(error_of(edit({{"\"title\": \"t\",", "\"title\": \"t\", \"until\": \"30d\","}})) == "(no error)");
  CHECK(error_of(edit({{"{\"at\": \"1m\", \"kind\": \"host_down\"", "{\"at\": \"31d\", \"kind\": \"host_down\""}})) ==
        "t.json:32:12: /failures/0/at: 31d is after 30d, the longest a lesson runs, so it would never happen");
}

TEST_CASE("errors: SMTP AUTH on a submission server and SASL mechanisms") {
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"yes\""}})) ==
        "t.json:7:76: /hosts/2/auth: 'yes' is not a value of 'auth' (none, optional, required)");
  CHECK(error_of(edit({{"\"role\": \"destination\", \"domains\": [\"school.example\"]", "\"role\": \"destination\", \"auth\": \"required\", \"domains\": [\"school.example\"]"}})) ==
        "t.json:8:82: /hosts/3/auth: 'auth' applies only to submission and relay hosts, not to a destination host");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"sasl_mechanisms\": [\"PLAIN\"]"}})) ==
        "t.json:7:68: /hosts/2/sasl_mechanisms: 'sasl_mechanisms' are offered only with SMTP AUTH: set 'auth' to \"optional\" or \"required\"");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"optional\", \"sasl_mechanisms\": [\"PLAIN\", \"XOAUTH2\"]"}})) ==
        "t.json:7:117: /hosts/2/sasl_mechanisms/1: 'XOAUTH2' is not a SASL mechanism mailsim knows (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256)");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"optional\", \"sasl_mechanisms\": [\"APOP\"]"}})) ==
        "t.json:7:108: /hosts/2/sasl_mechanisms/0: 'APOP' is POP3's own login, offered by destination hosts; SMTP AUTH has PLAIN, LOGIN, CRAM-MD5 and SCRAM-SHA-256");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"optional\", \"sasl_mechanisms\": [\"PLAIN\", \"plain\"]"}})) ==
        "t.json:7:117: /hosts/2/sasl_mechanisms/1: 'plain' is listed twice");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"optional\", \"sasl_mechanisms\": []"}})) ==
        "t.json:7:107: /hosts/2/sasl_mechanisms: list at least one mechanism (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256), or leave the key out");
  CHECK(error_of(edit({{"\"role\": \"client\"}", "\"role\": \"client\", \"sasl_mechanisms\": [\"PLAIN\"]}"}})) ==
        "t.json:4:78: /hosts/0/sasl_mechanisms: 'sasl_mechanisms' applies only to submission, relay, destination and auth hosts, not to a client host");
  CHECK(error_of(edit({{"\"role\": \"destination\", \"domains\": [\"school.example\"]", "\"role\": \"destination\", \"sasl_mechanisms\": [\"PLAIN\", \"NTLM\"], \"domains\": [\"school.example\"]"}})) ==
        "t.json:8:111: /hosts/3/sasl_mechanisms/1: 'NTLM' is not a SASL mechanism mailsim knows (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256, or APOP)");
}

TEST_CASE("errors: a client that logs in to send (SMTP AUTH)") {
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"auth\": \"PLAIN\"}"}})) ==
        "t.json:26:116: /clients/0/auth: mail.school.example does not offer SMTP AUTH (give it \"auth\": \"optional\" or \"required\")");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\", \"sasl_mechanisms\": [\"PLAIN\"]"}, {"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"auth\": \"CRAM-MD5\"}"}})) ==
        "t.json:26:116: /clients/0/auth: mail.school.example does not offer AUTH CRAM-MD5 (its 'sasl_mechanisms': PLAIN)");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"auth\": \"GSSAPI\"}"}})) ==
        "t.json:26:116: /clients/0/auth: 'GSSAPI' is not an SMTP AUTH mechanism (PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256)");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"auth\": {\"mechanism\": \"PLAIN\", \"user\": \"al\"}}"}})) ==
        "t.json:26:139: /clients/0/auth/user: unknown key 'user'; allowed keys: mechanism, password");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"auth\": {\"password\": \"x\"}}"}})) ==
        "t.json:26:116: /clients/0/auth: missing required key 'mechanism'");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"auth\": true}"}})) ==
        "t.json:26:116: /clients/0/auth: expected a mechanism such as \"PLAIN\" or an object with a 'mechanism'");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"auth\": {\"mechanism\": \"PLAIN\", \"password\": 1234}}"}})) ==
        "t.json:26:151: /clients/0/auth/password: expected a string, got a number");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"\"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "\"account\": \"alice@school.example\", \"fetch\": \"pop3\", \"auth\": \"PLAIN\"}"}})) ==
        "t.json:26:96: /clients/0/auth: 'auth' is how the client logs in to send mail; it needs 'submission'");
  CHECK(error_of(edit({{"\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"\"account\": \"alice@school.example\", \"submission\": \"mail.school.example\"}", "\"account\": \"carol@school.example\", \"submission\": \"mail.school.example\", \"auth\": \"PLAIN\"}"}})) ==
        "t.json:26:116: /clients/0/auth: logging in needs a password: 'carol@school.example' is not an account (declare it in 'accounts')");
  CHECK(error_of(edit({{"\"domains\": [\"school.example\"], \"relay_from\": [\"10.0.0.0/24\"]", "\"domains\": [\"other.example\"], \"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"auth\": \"PLAIN\"}"}})) ==
        "t.json:26:116: /clients/0/auth: mail.school.example logs in the accounts of its own domains (other.example); 'alice@school.example' is not one of them");
  CHECK(error_of(edit({{"\"domains\": [\"school.example\"], \"relay_from\": [\"10.0.0.0/24\"]", "\"domains\": [\"school.example\", \"school2.example\"], \"relay_from\": [\"10.0.0.0/24\"], \"auth\": \"required\""}, {"{\"name\": \"ns.example\"", "{\"name\": \"mx2.school.example\", \"address\": \"10.0.1.27\", \"role\": \"destination\", \"domains\": [\"school2.example\"]},\n    {\"name\": \"ns.example\""}, {"{\"between\": [\"ns.example\"", "{\"between\": [\"mx2.school.example\", \"router.school.example\"]},\n    {\"between\": [\"ns.example\""}, {"\"user\": \"bobby\", \"password\": \"s3cret\"}", "\"user\": \"bobby\", \"password\": \"s3cret\"},\n    {\"address\": \"alice@school2.example\", \"host\": \"mx2.school.example\"}"}})) ==
        "t.json:26:17: /accounts/2/address: user 'alice' is also alice@school.example, and mail.school.example logs in both with SMTP AUTH: give one of them another 'user'");
}

TEST_CASE("errors: how a POP3 device logs in") {
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"pop3\", \"login\": \"APOP\"}}"}})) ==
        "t.json:26:147: /clients/0/fetch/login: mx.school.example does not offer APOP (add \"APOP\" to its 'sasl_mechanisms')");
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"pop3\", \"login\": \"CRAM-MD5\"}}"}})) ==
        "t.json:26:147: /clients/0/fetch/login: mx.school.example does not offer AUTH CRAM-MD5 (its 'sasl_mechanisms': none)");
  CHECK(error_of(edit({{"\"role\": \"destination\", \"domains\": [\"school.example\"]", "\"role\": \"destination\", \"sasl_mechanisms\": [\"APOP\", \"PLAIN\"], \"domains\": [\"school.example\"]"}, {"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"pop3\", \"login\": \"CRAM-MD5\"}}"}})) ==
        "t.json:26:147: /clients/0/fetch/login: mx.school.example does not offer AUTH CRAM-MD5 (its 'sasl_mechanisms': PLAIN)");
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"pop3\", \"login\": \"KERBEROS\"}}"}})) ==
        "t.json:26:147: /clients/0/fetch/login: 'KERBEROS' is not a POP3 login (USER, APOP, PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256)");
  CHECK(error_of(edit({{"\"submission\": \"mail.school.example\"}", "\"submission\": \"mail.school.example\", \"fetch\": {\"protocol\": \"imap\", \"login\": \"USER\"}}"}})) ==
        "t.json:26:138: /clients/0/fetch/login: 'login' applies only to POP3 (IMAP logs in with LOGIN)");
}

TEST_CASE("errors: refused and in_outbox expectations") {
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"refused\": \"m1\"}"}})) ==
        "t.json:39:5: /expect/1: missing required key 'code'");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"refused\": \"m1\", \"code\": 250}"}})) ==
        "t.json:39:31: /expect/1/code: 250 is out of range (400 to 599)");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"refused\": \"m1\", \"code\": 530, \"host\": \"mx.school.example\"}"}})) ==
        "t.json:39:44: /expect/1/host: 'm1' is submitted to mail.school.example, so only mail.school.example can refuse it");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"refused\": \"m1\", \"code\": 530, \"mailbox\": \"bob@school.example\"}"}})) ==
        "t.json:39:36: /expect/1/mailbox: 'mailbox' does not apply to a refused expectation");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"in_outbox\": \"m9\"}"}})) ==
        "t.json:39:19: /expect/1/in_outbox: no message with id 'm9'");
  CHECK(error_of(edit({{"{\"queue_empty\": \"mail.school.example\"}", "{\"in_outbox\": \"m1\", \"host\": \"pc1.school.example\"}"}})) ==
        "t.json:39:25: /expect/1/host: 'host' does not apply to an in_outbox expectation");
}
