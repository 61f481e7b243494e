// Following each connection: lines both ways, the protocol's state as far as a listener needs it
// (is this line a password? is this the message?), and runs of bytes that are not text.
#include "sim/proto/sniff/sniffer.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <utility>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/args.hpp"
#include "sim/proto/sniff/parts.hpp"

namespace mailsim::sniff {

using detail::MailText;
using detail::SaslCapture;

Protocol protocol_of_port(std::uint16_t port) {
  switch (port) {
    case 25:
    case 465:  // inside implicit TLS (RFC 8314)
    case 587: return Protocol::Smtp;
    case 110: return Protocol::Pop3;
    case 143: return Protocol::Imap;
    default: return Protocol::Other;
  }
}

bool implicit_tls_port(std::uint16_t port) { return port == 465 || port == 993 || port == 995; }

const char* to_string(Protocol p) {
  switch (p) {
    case Protocol::Smtp: return "smtp";
    case Protocol::Pop3: return "pop3";
    case Protocol::Imap: return "imap";
    case Protocol::Other: return "other";
  }
  return "?";
}

const char* to_string(Capture::What w) {
  switch (w) {
    case Capture::What::Credential: return "credential";
    case Capture::What::ChallengeResponse: return "challenge_response";
    case Capture::What::MailText: return "mail_text";
    case Capture::What::Unreadable: return "unreadable";
  }
  return "?";
}

namespace {
// An IMAP literal longer than this is skipped, not kept (an APPEND of a large message).
constexpr std::size_t kMaxLiteral = 64 * 1024;
// Commands an IMAP client may queue before they are answered, and POP3 commands awaiting replies.
constexpr std::size_t kMaxPending = 64;

std::string_view word(std::string_view& rest) {
  rest = proto::trim(rest);
  const std::size_t sp = rest.find(' ');
  const std::string_view w = rest.substr(0, sp);
  rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
  return w;
}

// "{123}" or "{123+}" at the end of an IMAP line: the literal's size.
std::optional<std::size_t> literal_at_end(std::string_view line) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  const std::size_t open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view n = line.substr(open + 1, line.size() - open - 2);
  if (!n.empty() && n.back() == '+') n.remove_suffix(1);
  if (n.empty() || n.size() > 9 || !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return static_cast<std::size_t>(std::stoul(std::string(n)));
}
// Every string of every capture, as text anyone can be shown.
std::vector<Capture> shown(std::vector<Capture> captures) {
  for (Capture& c : captures) {
    for (std::string* s : {&c.user, &c.password, &c.from, &c.to, &c.subject}) *s = detail::visible(*s);
    for (std::string& l : c.body) l = detail::visible(l);
  }
  return captures;
}
}  // namespace

struct Sniffer::Stream {
  explicit Stream(Protocol p) : protocol(p) {}
  Protocol protocol;
  proto::LineReader in[2]{proto::LineReader(kMaxLine), proto::LineReader(kMaxLine)};  // 0: client's bytes
  bool unreadable = false;        // STARTTLS went through, or bytes were not text: only sizes now
  std::size_t run = 0;            // unreadable bytes in one direction not yet reported
  bool run_from_client = true;
  std::optional<SaslCapture> sasl;
  std::string sasl_tag;           // IMAP: the AUTHENTICATE command's tag
  bool tls_pending = false;       // STARTTLS / STLS sent, its answer not yet seen
  bool tls = false;               // ... and accepted: the unreadable bytes are TLS
  std::size_t tls_bytes[2] = {0, 0};  // TLS bytes each way (0: client's), told once at the end
  std::string tls_sample[2];          // ... and the first of them
  std::string run_sample;             // the first bytes of the unreadable run
  std::string tls_tag;
  std::optional<MailText> mail;   // a message's text on its way
  bool mail_from_client = true;
  // SMTP
  bool data_pending = false;      // DATA sent, 354 not yet seen
  // POP3
  std::string user;
  std::deque<std::string> awaiting;  // commands sent, replies not yet seen
  bool multiline = false;         // inside a multi-line reply
  // IMAP
  std::size_t literal_left[2] = {0, 0};
  std::string literal;            // the literal being read (up to kMaxLiteral)
  std::string command;            // a client command, its literals marked "{n}"
  std::vector<std::string> literals;
  bool fetch_literal = false;     // the server's literal is a message (BODY[], RFC822)

  std::vector<Capture> out;

  void emit(Capture c) { out.push_back(std::move(c)); }
  static void keep_sample(std::string& sample, std::string_view bytes) {
    if (sample.size() < kSampleBytes) sample.append(bytes.substr(0, kSampleBytes - sample.size()));
  }
  void flush_run() {
    if (run == 0) return;
    Capture c;
    c.what = Capture::What::Unreadable;
    c.protocol = protocol;
    c.from_client = run_from_client;
    c.bytes = run;
    c.tls = tls;
    c.sample = std::exchange(run_sample, {});
    run = 0;
    emit(std::move(c));
  }
  void flush_tls() {
    for (int d = 0; d < 2; ++d) {
      if (tls_bytes[d] == 0) continue;
      Capture c;
      c.what = Capture::What::Unreadable;
      c.protocol = protocol;
      c.from_client = d == 0;
      c.bytes = tls_bytes[d];
      c.tls = true;
      c.sample = std::exchange(tls_sample[d], {});
      tls_bytes[d] = 0;
      emit(std::move(c));
    }
  }
  void feed(bool from_client, std::string_view bytes);
  void line(bool from_client, const std::string& text);
  void literal_done(bool from_client);
  void smtp(bool from_client, const std::string& text);
  void pop3(bool from_client, const std::string& text);
  void imap_client(const std::string& text);
  void imap_command();
  void imap_server(const std::string& text);
  void start_mail(bool from_client) {
    mail.emplace();
    mail_from_client = from_client;
  }
  void end_mail() {
    if (mail) emit(mail->finish(protocol, mail_from_client));
    mail.reset();
  }
};

void Sniffer::Stream::feed(bool from_client, std::string_view bytes) {
  if (!unreadable && !detail::readable(bytes)) unreadable = true;
  if (unreadable && tls) {
    // A TLS session turns many times; one total each way says all a listener learns of it.
    tls_bytes[from_client ? 0 : 1] += bytes.size();
    keep_sample(tls_sample[from_client ? 0 : 1], bytes);
    return;
  }
  if (unreadable) {
    if (run > 0 && run_from_client != from_client) flush_run();
    run_from_client = from_client;
    run += bytes.size();
    keep_sample(run_sample, bytes);
    return;
  }
  if (protocol == Protocol::Other) return;
  const int d = from_client ? 0 : 1;
  proto::LineReader& r = in[d];
  r.feed(bytes);
  for (;;) {
    if (unreadable) return;  // STARTTLS: what is left is the handshake's
    if (literal_left[d] > 0) {
      const std::string raw = r.take_raw(literal_left[d]);
      if (raw.empty()) return;
      literal_left[d] -= raw.size();
      if (literal.size() < kMaxLiteral) literal.append(raw.substr(0, kMaxLiteral - literal.size()));
      if (literal_left[d] == 0) literal_done(from_client);
      continue;
    }
    const std::optional<proto::Line> l = r.next();
    if (!l) return;
    line(from_client, l->text);
  }
}

void Sniffer::Stream::line(bool from_client, const std::string& text) {
  switch (protocol) {
    case Protocol::Smtp: return smtp(from_client, text);
    case Protocol::Pop3: return pop3(from_client, text);
    case Protocol::Imap: return from_client ? imap_client(text) : imap_server(text);
    case Protocol::Other: return;
  }
}

// SMTP (RFC 5321, RFC 4954): AUTH and its 334 continuations, DATA after 354, STARTTLS after 220.
void Sniffer::Stream::smtp(bool from_client, const std::string& text) {
  if (from_client) {
    if (mail) {
      if (text == ".") return end_mail();
      return mail->line(text.starts_with('.') ? std::string_view(text).substr(1) : std::string_view(text));
    }
    if (sasl) {
      if (text == "*") return sasl.reset();  // cancelled (RFC 4954 §4)
      if (auto c = sasl->response(text)) emit(std::move(*c));
      return;
    }
    std::string_view rest = text;
    const std::string verb = proto::to_upper(word(rest));
    if (verb == "AUTH") {
      const std::string mech = proto::to_upper(word(rest));
      sasl.emplace(mech, "AUTH " + mech, protocol);
      if (const std::string_view initial = word(rest); !initial.empty())
        if (auto c = sasl->response(initial)) emit(std::move(*c));
    } else if (verb == "DATA") {
      data_pending = true;
    } else if (verb == "STARTTLS") {
      tls_pending = true;
    }
    return;
  }
  if (text.size() < 3 || (text.size() > 3 && text[3] == '-')) return;  // only a reply's last line
  const std::string_view code = std::string_view(text).substr(0, 3);
  if (sasl && code != "334") sasl.reset();
  if (data_pending && code == "354") {
    data_pending = false;
    start_mail(true);
  }
  if (tls_pending) {
    tls_pending = false;
    if (code == "220") unreadable = tls = true;
  }
}

// POP3 (RFC 1939, RFC 5034, RFC 2449): USER/PASS, APOP, AUTH, the text of RETR and TOP, STLS.
void Sniffer::Stream::pop3(bool from_client, const std::string& text) {
  if (from_client) {
    if (sasl) {
      if (text == "*") return sasl.reset();
      if (auto c = sasl->response(text)) emit(std::move(*c));
      return;
    }
    std::string_view rest = text;
    const std::string verb = proto::to_upper(word(rest));
    std::string pending = verb;
    if (verb == "USER") {
      user = std::string(proto::trim(rest));
    } else if (verb == "PASS") {
      Capture c;
      c.protocol = protocol;
      c.method = "USER/PASS";
      c.user = user;
      c.password = std::string(rest);  // the rest of the line: a password may hold spaces
      emit(std::move(c));
    } else if (verb == "APOP") {
      Capture c;
      c.what = Capture::What::ChallengeResponse;
      c.protocol = protocol;
      c.method = "APOP";
      c.user = std::string(word(rest));
      emit(std::move(c));
    } else if (verb == "AUTH") {
      const std::string mech = proto::to_upper(word(rest));
      if (mech.empty()) {
        pending = "AUTH-LIST";  // the mechanisms, a multi-line reply
      } else {
        sasl.emplace(mech, "AUTH " + mech, protocol);
        if (const std::string_view initial = word(rest); !initial.empty())
          if (auto c = sasl->response(initial)) emit(std::move(*c));
      }
    } else if (verb == "LIST" || verb == "UIDL") {
      if (proto::trim(rest).empty()) pending += "-ALL";
    } else if (verb == "STLS") {
      tls_pending = true;
    }
    if (awaiting.size() < kMaxPending) awaiting.push_back(pending);
    return;
  }
  if (multiline) {
    if (text == ".") {
      multiline = false;
      return end_mail();
    }
    if (mail) mail->line(text.starts_with('.') ? std::string_view(text).substr(1) : std::string_view(text));
    return;
  }
  const bool ok = text.starts_with("+OK");
  if (!ok && !text.starts_with("-ERR")) return;  // a SASL continuation ("+ ..."), or noise
  if (awaiting.empty()) return;                    // the greeting
  const std::string cmd = awaiting.front();
  awaiting.pop_front();
  if (cmd == "AUTH") sasl.reset();
  if (cmd == "STLS") {
    tls_pending = false;
    if (ok) unreadable = tls = true;
    return;
  }
  if (!ok) return;
  if (cmd == "RETR" || cmd == "TOP") {
    multiline = true;
    start_mail(false);
  } else if (cmd == "CAPA" || cmd == "LIST-ALL" || cmd == "UIDL-ALL" || cmd == "AUTH-LIST") {
    multiline = true;
  }
}

// IMAP (RFC 3501): a command may span lines through literals; AUTHENTICATE's continuations go
// until its tagged reply.
void Sniffer::Stream::imap_client(const std::string& text) {
  if (sasl) {
    if (text == "*") return;  // cancelled: the tagged BAD ends it
    if (auto c = sasl->response(text)) emit(std::move(*c));
    return;
  }
  if (command.size() < kMaxLine) command.append(text.substr(0, kMaxLine - command.size()));
  if (const auto n = literal_at_end(text)) {
    literal_left[0] = *n;
    literal.clear();
    if (*n == 0) literal_done(true);
    return;
  }
  imap_command();
}

void Sniffer::Stream::literal_done(bool from_client) {
  if (from_client) {
    if (literals.size() < kMaxPending) literals.push_back(std::move(literal));
    literal.clear();
    return;  // the command's line goes on after its literal
  }
  if (fetch_literal) {
    MailText m;
    m.text(literal);
    emit(m.finish(protocol, false));
  }
  fetch_literal = false;
  literal.clear();
}

void Sniffer::Stream::imap_command() {
  std::string_view rest = command;
  const std::string tag(word(rest));
  const std::string name = proto::to_upper(word(rest));
  if (name == "LOGIN") {
    // imap::parse_args wants each literal marked "{n}" and its bytes apart: as assembled here.
    if (const auto args = imap::parse_args(rest, literals); args && args->size() == 2 && (*args)[0].is_text() &&
                                                            (*args)[1].is_text()) {
      Capture c;
      c.protocol = protocol;
      c.method = "LOGIN";
      c.user = (*args)[0].text;
      c.password = (*args)[1].text;
      emit(std::move(c));
    }
  } else if (name == "AUTHENTICATE") {
    const std::string mech = proto::to_upper(word(rest));
    sasl.emplace(mech, "AUTHENTICATE " + mech, protocol);
    sasl_tag = tag;
    if (const std::string_view initial = word(rest); !initial.empty())  // SASL-IR (RFC 4959)
      if (auto c = sasl->response(initial)) emit(std::move(*c));
  } else if (name == "APPEND" && !literals.empty()) {
    MailText m;
    m.text(literals.back());
    emit(m.finish(protocol, true));
  } else if (name == "STARTTLS") {
    tls_pending = true;
    tls_tag = tag;
  }
  command.clear();
  literals.clear();
}

void Sniffer::Stream::imap_server(const std::string& text) {
  if (text.starts_with('+')) return;  // a continuation
  std::string_view rest = text;
  const std::string tag(word(rest));
  if (tag == "*") {
    if (const auto n = literal_at_end(text)) {
      const std::string upper = proto::to_upper(text);
      fetch_literal = upper.find(" FETCH ") != std::string::npos &&
                      (upper.find("BODY[") != std::string::npos || upper.find("RFC822") != std::string::npos);
      literal_left[1] = *n;
      literal.clear();
      if (*n == 0) literal_done(false);
    }
    return;
  }
  const std::string status = proto::to_upper(word(rest));
  if (sasl && tag == sasl_tag) sasl.reset();
  if (tls_pending && tag == tls_tag) {
    tls_pending = false;
    if (status == "OK") unreadable = tls = true;
  }
}

Sniffer::Sniffer() = default;
Sniffer::~Sniffer() = default;
Sniffer::Sniffer(Sniffer&&) noexcept = default;
Sniffer& Sniffer::operator=(Sniffer&&) noexcept = default;

std::vector<Capture> Sniffer::feed(std::uint64_t conn, std::uint16_t server_port, bool from_client,
                                   std::string_view bytes) {
  auto it = streams_.find(conn);
  if (it == streams_.end()) {
    if (streams_.size() >= kMaxStreams) {  // the oldest goes: a listener cannot follow everything
      streams_.erase(order_.front());
      order_.erase(order_.begin());
    }
    it = streams_.emplace(conn, std::make_unique<Stream>(protocol_of_port(server_port))).first;
    order_.push_back(conn);
    // Implicit TLS (RFC 8314): the stream's first bytes that are not text are TLS (a client that
    // sends plain text there by mistake is read as ever).
    if (implicit_tls_port(server_port)) it->second->tls = true;
  }
  Stream& s = *it->second;
  s.feed(from_client, bytes);
  return shown(std::exchange(s.out, {}));
}

std::vector<Capture> Sniffer::end(std::uint64_t conn) {
  auto it = streams_.find(conn);
  if (it == streams_.end()) return {};
  it->second->flush_run();
  it->second->flush_tls();
  std::vector<Capture> out = shown(std::move(it->second->out));
  streams_.erase(it);
  order_.erase(std::find(order_.begin(), order_.end(), conn));
  return out;
}

}  // namespace mailsim::sniff
