// The loopback bridge against real sockets in this process, on 127.0.0.1 and free ports: the test
// is the client and pumps the bridge itself while it waits (no threads, no sleeps). Every wait for
// an answer gives up after kPatience; no test measures how long anything took.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"
#include "sim/serve/real_client.hpp"
#include "sim/serve/real_clients.hpp"

using namespace mailsim;

namespace {

constexpr auto kPatience = std::chrono::seconds(10);

bool waited_too_long(std::chrono::steady_clock::time_point since) { return std::chrono::steady_clock::now() - since > kPatience; }

struct Served {
  world::World w;
  serve::RealClients rc;
  explicit Served(serve::Options o, const std::string& lesson = "relay-mx")
      : w(serve::with_real_client(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/" + lesson + ".json")), 1),
        rc(w, (o.base_port = 0, o)) {
    w.run();  // the lesson's own mail is delivered first: what follows is the real clients' doing
    REQUIRE(rc.open().empty());
  }
  std::uint16_t port(const std::string& protocol, const std::string& host = "") const {
    for (const auto& m : rc.mappings())
      if (m.protocol == protocol && (host.empty() || m.host == host)) return m.real_port;
    FAIL("no " << protocol << " listener");
    return 0;
  }
};

// A started, non-blocking connect (the handshake completes in the kernel, without the bridge).
int start_connect(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int r = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  REQUIRE((r == 0 || errno == EINPROGRESS));
  return fd;
}

// Whether the handshake of `fd` completed within `ms`: the kernel's own doing, the bridge not asked.
bool established(int fd, int ms) {
  pollfd p{fd, POLLOUT, 0};
  if (::poll(&p, 1, ms) != 1) return false;
  int error = 0;
  socklen_t len = sizeof error;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
  return error == 0;
}

int connect_to(std::uint16_t port) {
  const int fd = start_connect(port);
  REQUIRE(established(fd, 5000));
  return fd;
}

struct Got {
  std::string bytes;
  bool closed = false;
};

// Pumps and reads until `until(bytes)` holds or the server closes; a reset counts as closed.
template <class Until>
Got read_while_pumping(Served& s, int fd, Until until) {
  Got g;
  for (const auto start = std::chrono::steady_clock::now(); !g.closed && !until(g.bytes) && !waited_too_long(start);) {
    s.rc.pump(10);
    char buf[65536];
    while (true) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) g.bytes.append(buf, static_cast<std::size_t>(n));
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) g.closed = true;
      if (n <= 0) break;
    }
  }
  return g;
}

Got read_until_closed(Served& s, int fd) {
  return read_while_pumping(s, fd, [](const std::string&) { return false; });
}

Got read_until(Served& s, int fd, const std::string& want) {
  return read_while_pumping(s, fd, [&](const std::string& b) { return b.find(want) != std::string::npos; });
}

void send_all(int fd, const std::string& bytes) { REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())); }

// Sends `bytes` as far as the socket takes them while the bridge is pumped; what was sent.
std::size_t send_while_pumping(Served& s, int fd, const std::string& bytes) {
  std::size_t sent = 0;
  for (const auto start = std::chrono::steady_clock::now(); sent < bytes.size() && !waited_too_long(start);) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) sent += static_cast<std::size_t>(n);
    else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) break;  // dropped
    s.rc.pump(n > 0 ? 0 : 10);
  }
  return sent;
}

std::vector<std::string> lines_of(const std::string& bytes) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t end = bytes.find("\r\n", pos);
    if (end == std::string::npos) {
      out.push_back(bytes.substr(pos));
      break;
    }
    out.push_back(bytes.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("past the connection limit a client hears too many connections in its protocol, then the close") {
  serve::Options o;
  o.max_connections = 1;
  Served s(o);
  const int first = connect_to(s.port("submission"));
  CHECK(read_until(s, first, "\r\n").bytes == "220 mail.school.example ESMTP mailsim\r\n");

  const int smtp = connect_to(s.port("submission"));
  Got g = read_until_closed(s, smtp);
  CHECK(g.bytes == "421 4.7.0 mail.school.example Error: too many connections\r\n");
  CHECK(g.closed);
  const int pop3 = connect_to(s.port("pop3"));
  g = read_until_closed(s, pop3);
  CHECK(g.bytes == "-ERR [SYS/TEMP] too many connections\r\n");
  CHECK(g.closed);
  const int imap = connect_to(s.port("imap"));
  g = read_until_closed(s, imap);
  CHECK(g.bytes == "* BYE [UNAVAILABLE] too many connections\r\n");
  CHECK(g.closed);
  CHECK(s.rc.refused() == 3);
  CHECK(s.rc.connected() == 1);
  for (int fd : {first, smtp, pop3, imap}) ::close(fd);
}

TEST_CASE("a client quiet for the idle timeout hears it in its protocol before the close") {
  serve::Options o;
  o.idle_timeout = 0.5;
  Served s(o);
  const int smtp = connect_to(s.port("submission"));
  const int pop3 = connect_to(s.port("pop3"));
  const int imap = connect_to(s.port("imap"));
  Got g = read_until_closed(s, smtp);
  CHECK(g.bytes == "220 mail.school.example ESMTP mailsim\r\n421 4.4.2 mail.school.example Error: timeout exceeded\r\n");
  CHECK(g.closed);
  g = read_until_closed(s, pop3);
  CHECK(g.bytes == "+OK mx.home.example POP3 server ready\r\n-ERR disconnected for inactivity\r\n");
  CHECK(g.closed);
  g = read_until_closed(s, imap);
  const auto lines = lines_of(g.bytes);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("* OK [CAPABILITY IMAP4rev1", 0) == 0);
  CHECK(lines[1] == "* BYE autologout; idle for too long");
  CHECK(g.bytes.back() == '\n');
  CHECK(g.closed);
  CHECK(s.rc.dropped() == 3);
  for (int fd : {smtp, pop3, imap}) ::close(fd);
}

TEST_CASE("a line without LF gets the server's own error, then 421 and the close, and goes no further") {
  Served s({});
  const int fd = connect_to(s.port("submission"));
  read_until(s, fd, "\r\n");
  send_while_pumping(s, fd, std::string(300 << 10, 'X'));
  const Got g = read_until_closed(s, fd);
  CHECK(g.bytes == "500 5.5.0 Error: line too long\r\n421 4.7.0 mail.school.example Error: line too long\r\n");
  CHECK(g.closed);
  // The world was given the line up to the bridge's limit, no more.
  std::size_t forwarded = 0;
  for (const auto& e : s.w.trace().events())
    if (e.kind == trace::Kind::Segment && e.host == serve::kRealClientHost) forwarded += e.as<trace::data::Segment>().text.size();
  CHECK(forwarded == serve::Options{}.max_line);
  // ...and serving goes on.
  const int next = connect_to(s.port("submission"));
  CHECK(read_until(s, next, "\r\n").bytes == "220 mail.school.example ESMTP mailsim\r\n");
  ::close(fd);
  ::close(next);
}

TEST_CASE("a TLS record cut short by the client's close still reaches the server, shown as the bytes it is") {
  Served s({}, "smtps-465");
  std::uint16_t smtps = 0;
  for (const auto& m : s.rc.mappings())
    if (m.port == 465) smtps = m.real_port;
  REQUIRE(smtps != 0);
  const int fd = connect_to(smtps);
  // A handshake record's header announcing 100 bytes, and 20 of them: then the client closes.
  const std::string cut = std::string("\x16\x03\x01\x00\x64", 5) + std::string(20, '\x01');
  send_all(fd, cut);
  ::shutdown(fd, SHUT_WR);
  CHECK(read_until_closed(s, fd).closed);
  std::vector<std::string> sent;
  for (const auto& e : s.w.trace().events())
    if (e.host == serve::kRealClientHost && e.kind == trace::Kind::TlsRecord) {
      const auto& r = e.as<trace::data::TlsRecord>();
      sent.push_back(r.type_name + " " + std::to_string(r.bytes.size()));
      if (r.type_name == "unknown") CHECK(r.bytes == cut);
    }
  std::string shown;
  for (const auto& r : sent) shown += "[" + r + "]";
  CHECK_MESSAGE(sent == std::vector<std::string>{"unknown 25"}, shown);
  ::close(fd);
}

TEST_CASE("a connection that sends more than it may hold is dropped with 421 too much data") {
  serve::Options o;
  o.max_connection_bytes = 100 << 10;
  Served s(o);
  const int fd = connect_to(s.port("submission"));
  read_until(s, fd, "\r\n");
  send_all(fd, "EHLO student.example\r\nMAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n");
  read_until(s, fd, "354 ");
  std::string content;
  while (content.size() < (300 << 10)) content += "a line of a message that never ends\r\n";
  send_while_pumping(s, fd, content);
  const Got g = read_until_closed(s, fd);
  // Whatever the server still said (nothing, in DATA), the last line is the bridge's.
  CHECK(g.bytes == "421 4.7.0 mail.school.example Error: too much data\r\n");
  CHECK(g.closed);
  CHECK(s.w.destination("mx.home.example")->store().find("bob")->folders.at("INBOX").messages.size() == 1);  // the lesson's own
  ::close(fd);
}

TEST_CASE("past the total over every connection, the one holding most is dropped and the others go on") {
  serve::Options o;
  o.max_total_bytes = 150 << 10;
  Served s(o);
  const int quiet = connect_to(s.port("submission"));
  read_until(s, quiet, "\r\n");
  send_all(quiet, "EHLO quiet.example\r\n");
  read_until(s, quiet, "250 ");
  const int greedy = connect_to(s.port("submission"));
  read_until(s, greedy, "\r\n");
  send_all(greedy, "EHLO greedy.example\r\nMAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n");
  read_until(s, greedy, "354 ");
  std::string content;
  while (content.size() < (300 << 10)) content += "a line of a message that never ends\r\n";
  send_while_pumping(s, greedy, content);
  const Got g = read_until_closed(s, greedy);
  CHECK(g.bytes == "421 4.7.0 mail.school.example Error: too much data\r\n");
  CHECK(g.closed);
  send_all(quiet, "NOOP\r\n");
  CHECK(read_until(s, quiet, "250 2.0.0 Ok\r\n").bytes.find("250 2.0.0 Ok\r\n") != std::string::npos);
  ::close(quiet);
  ::close(greedy);
}

TEST_CASE("a client that never reads is no longer read from: what the bridge holds stays bounded") {
  Served s({});
  const int fd = connect_to(s.port("pop3"));
  read_until(s, fd, "\r\n");
  std::string flood = "USER bob\r\nPASS password\r\n";
  while (flood.size() < (8 << 20)) flood += "CAPA\r\n";
  std::size_t most = 0, sent = 0;
  for (int i = 0; i < 300 && sent < flood.size(); ++i) {
    const ssize_t n = ::send(fd, flood.data() + sent, flood.size() - sent, MSG_NOSIGNAL);
    if (n > 0) sent += static_cast<std::size_t>(n);
    s.rc.pump(n > 0 ? 0 : 10);
    most = std::max(most, s.rc.buffered_bytes());
  }
  CAPTURE(sent);
  CHECK(sent > (2 << 20));   // the flood was big...
  CHECK(most < (2 << 20));   // ...its answers, 15 times as big, were not all asked for
  CHECK(s.rc.connected() == 1);
  ::close(fd);
}

TEST_CASE("later clients are served however much the earlier ones put in the trace") {
  serve::Options o;
  o.trace = {16 << 10, 256 << 10};
  Served s(o);
  std::string noops;
  for (int i = 0; i < 300; ++i) noops += "NOOP\r\n";
  for (int k = 0; k < 20; ++k) {
    CAPTURE(k);
    const int fd = connect_to(s.port("submission"));
    REQUIRE(read_until(s, fd, "\r\n").bytes == "220 mail.school.example ESMTP mailsim\r\n");
    send_all(fd, noops + "QUIT\r\n");
    const Got g = read_until_closed(s, fd);
    CHECK(g.bytes.find("221 2.0.0 Bye\r\n") != std::string::npos);
    ::close(fd);
  }
  REQUIRE(s.rc.trace_budget());
  CHECK(s.rc.trace_budget()->bytes() <= (256 << 10));
  CHECK(s.rc.trace_budget()->lines_not_stored() > 0);
  CHECK(s.rc.served() == 20);
}

TEST_CASE("a class connecting at once is not left waiting: the accept queue drains in one round") {
  Served s({});
  std::vector<int> fds;
  for (int i = 0; i < 40; ++i) fds.push_back(start_connect(s.port("submission")));
  // Before the bridge accepts anything, the kernel holds every handshake (a backlog of 16 did not).
  for (int fd : fds) CHECK(established(fd, 500));
  s.rc.pump(100);
  CHECK(s.rc.connected() == 32);
  CHECK(s.rc.refused() == 8);
  for (int fd : fds) ::close(fd);
}

// The sanitizers' runtimes need descriptors of their own (UBSan's vptr check opens a pipe to probe
// memory), so with none left they report errors that are not there: this runs in the plain build.
#if defined(__SANITIZE_ADDRESS__)  // gcc
constexpr bool kSanitized = true;
#elif defined(__has_feature)  // clang
constexpr bool kSanitized = __has_feature(address_sanitizer);
#else
constexpr bool kSanitized = false;
#endif

TEST_CASE("out of descriptors, a client still hears too many connections and the queue drains" * doctest::skip(kSanitized)) {
  Served s({});
  const int a = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), b = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE((a >= 0 && b >= 0));
  // Room for exactly one more descriptor: the bridge's socket for `a`.
  const int lowest = ::dup(0);
  REQUIRE(lowest >= 0);
  ::close(lowest);
  rlimit old{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &old) == 0);
  rlimit tight = old;
  tight.rlim_cur = static_cast<rlim_t>(lowest + 1);
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &tight) == 0);

  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(s.port("submission"));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(a, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  ::fcntl(a, F_SETFL, O_NONBLOCK);
  const Got first = read_until(s, a, "\r\n");
  REQUIRE(::connect(b, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  ::fcntl(b, F_SETFL, O_NONBLOCK);
  const Got second = read_until_closed(s, b);
  ::setrlimit(RLIMIT_NOFILE, &old);

  CHECK(first.bytes == "220 mail.school.example ESMTP mailsim\r\n");
  CHECK(second.bytes == "421 4.7.0 mail.school.example Error: too many connections\r\n");
  CHECK(second.closed);
  CHECK(s.rc.refused() == 1);
  ::close(a);
  ::close(b);
}

TEST_CASE("a world full of the real clients' mail refuses SMTP with 421 4.3.1 until mail is deleted") {
  serve::Options o;
  o.max_mail_bytes = 1;  // one message more than the lesson's own fills it
  Served s(o);
  const int fd = connect_to(s.port("submission"));
  read_until(s, fd, "\r\n");
  send_all(fd, "EHLO student.example\r\nMAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n"
               "Subject: hello\r\n\r\nHello.\r\n.\r\nQUIT\r\n");
  CHECK(read_until_closed(s, fd).bytes.find("221 2.0.0 Bye\r\n") != std::string::npos);
  ::close(fd);
  const auto& inbox = s.w.destination("mx.home.example")->store().find("bob")->folders.at("INBOX").messages;
  for (const auto start = std::chrono::steady_clock::now(); inbox.size() < 2 && !waited_too_long(start);)
    s.rc.pump(10);  // through relay and MX
  REQUIRE(inbox.size() == 2);

  const int refused = connect_to(s.port("submission"));
  Got g = read_until_closed(s, refused);
  CHECK(g.bytes == "421 4.3.1 mail.school.example Error: insufficient system storage\r\n");
  CHECK(g.closed);
  ::close(refused);
  // Reading and deleting still work, and free the space.
  const int pop3 = connect_to(s.port("pop3"));
  send_all(pop3, "USER bob\r\nPASS password\r\nDELE 1\r\nDELE 2\r\nQUIT\r\n");
  CHECK(read_until_closed(s, pop3).bytes.find("+OK mx.home.example POP3 server signing off") != std::string::npos);
  ::close(pop3);
  const int again = connect_to(s.port("submission"));
  CHECK(read_until(s, again, "\r\n").bytes == "220 mail.school.example ESMTP mailsim\r\n");
  ::close(again);
}

TEST_CASE("a served client's message is traced as content, its commands as commands") {
  Served s({});
  const int fd = connect_to(s.port("submission"));
  read_until(s, fd, "\r\n");
  const std::uint64_t from = s.w.trace().next_seq();
  send_all(fd, "EHLO student.example\r\nMAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n");
  read_until(s, fd, "354 ");
  send_all(fd, "Subject: hello\r\n\r\nHello.\r\n.\r\nQUIT\r\n");
  read_until_closed(s, fd);
  ::close(fd);
  std::vector<std::string> sent;
  for (const trace::Event& e : s.w.trace().events()) {
    if (e.seq < from || e.kind != trace::Kind::Segment || e.host != serve::kRealClientHost) continue;
    const auto& seg = e.as<trace::data::Segment>();
    sent.push_back(std::string(seg.what == trace::Payload::Content ? "M:" : "C:") + seg.text + " " + seg.facts.keyword);
  }
  CHECK(sent == std::vector<std::string>{"C:EHLO student.example EHLO", "C:MAIL FROM:<alice@school.example> MAIL",
                                         "C:RCPT TO:<bob@home.example> RCPT", "C:DATA DATA", "M:Subject: hello ",
                                         "M: ", "M:Hello. ", "M:. ", "C:QUIT QUIT"});
}
