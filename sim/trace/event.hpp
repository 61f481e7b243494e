#pragma once
// The trace: every observable thing that happens in the world, in order, with virtual timestamps.
// It is the single source for the CLI transcript, the GUI, the expectation checks and the
// exporters, so an event carries, as typed fields, every fact those need: nobody outside sim/trace
// reads an event's text to learn something (the text is for people).
//
// An event is a header common to all kinds (when, who, which connection, how a packet travels, which
// message it is about) and one payload whose type is the event's kind (`data`, a variant whose
// alternatives are in the order of Kind). Switches over Kind have no `default:`, so the compiler
// names every place a new kind must be handled.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/trace/auth_facts.hpp"
#include "sim/trace/name.hpp"

namespace mailsim::trace {

enum class Kind {
  HostState,        // a host goes down or comes up
  LinkState,        // a link a<->b goes down or comes up
  ServiceState,     // host:port stops or starts
  Connect,          // SYN sent: host -> peer:port
  Accepted,         // connection established (written by the server side: host = server)
  Refused,          // RST: nothing listening (host = the refusing server)
  TimedOut,         // no answer: host down or unreachable
  Segment,          // one line (or a piece of one) of a stream, from host to peer
  Close,            // orderly close (FIN) by host
  Reset,            // connection torn down (host went down, route lost, service stopped)
  Datagram,         // one UDP datagram (DNS), with its exact bytes
  DnsTimeout,       // a resolver gave up waiting for an answer
  Queue,            // a message moves between an MTA's queues
  Delivery,         // a message stored in a mailbox (host = server, peer = mailbox address)
  Bounce,           // an MTA created a DSN: a bounce, or a delay warning
  Submit,           // a mail client starts sending scenario message `message`, and how that ended
  Fetch,            // a mail client downloaded a message (POP3/IMAP) into its local copy
  Failure,          // an injected failure from the scenario timeline (or the teacher)
  Caption,          // a lesson caption becomes visible
  Note,             // anything else worth a line in the transcript
  Step,             // a protocol machine took a row of its transition table
  Auth,             // a receiving server checked the sender: SPF, DKIM or DMARC (host = that server)
  Captured,         // an eavesdropper decoded something it saw on its link (host = the eavesdropper)
  TlsRecord,        // one TLS record on a stream, its exact bytes (ciphertext once keys are in use)
  Tls,              // a TLS handshake ended, well or not (host = the client): version, cipher, chain
  Tampered,         // a man in the middle changed a chunk of a stream on its link (host = the attacker)
};
const char* to_string(Kind k);

// Which way a segment travels on its connection.
enum class Direction { None, ClientToServer, ServerToClient };

// What a segment carries, so viewers can tell a command from a reply from message content.
// Omitted: not bytes of the stream but a summary of lines left out of a served run's trace (its
// text says how many); see sim/serve/trace_budget.hpp.
enum class Payload { None, Command, Reply, Content, Omitted };
// One send's bytes in parts, each with what it is (a POP3 RETR reply: its status line, the message,
// the final "."), as the sender knows them.
using Pieces = std::vector<std::pair<std::string, Payload>>;
const char* to_string(Payload p);
// Bytes as a listener shows them, "16 03 01 00 f4": lower-case hex octets with a space between.
std::string spaced_hex(std::string_view bytes);

// How a segment's line ended on the wire, so the trace keeps the exact bytes: text + ending.
// A bare LF matters (SMTP smuggling); None is a piece of a line, as a typing user sends it.
enum class LineEnd : std::uint8_t { Crlf, Lf, None };
const char* to_string(LineEnd e);  // "crlf", "lf", "none"
// The line ending's bytes: "\r\n", "\n" or "".
const char* bytes_of(LineEnd e);

// The queues of an MTA, with Postfix's names; Removed is leaving the queue for good.
enum class QueueName { Incoming, Active, Deferred, Hold, Removed };
const char* to_string(QueueName q);  // "incoming", ..., "removed"

// RFC 3464's Action of a delivery status notification: a bounce returns the message, a delay
// warning says it is still being retried.
enum class BounceAction { Failed, Delayed };
const char* to_string(BounceAction a);  // "failed", "delayed"

// How a client's submission went.
enum class SubmitStage { Started, Submitted, Failed };
const char* to_string(SubmitStage s);  // "started", "submitted", "failed"

// What an eavesdropper captured: a password, a login that gives none away, a message's text, or
// bytes that are not text.
enum class CaptureWhat { Credential, ChallengeResponse, MailText, Unreadable };
const char* to_string(CaptureWhat w);  // "credential", "challenge_response", "mail_text", "unreadable"

struct Hop {
  std::string host;
  Time at;          // when the packet reaches this host
};

// A least-latency route through the network: its hosts, ends included, and the latency from the
// first to each. The network computes one per pair of hosts and topology, and every packet on it
// shares it.
struct Route {
  std::vector<std::string> hosts;
  std::vector<Duration> at;  // cumulative latency at each host
  Duration latency() const { return at.empty() ? 0 : at.back(); }
};

// A hop as a path gives it: the host (in the shared route) and when the packet reaches it.
struct HopAt {
  const std::string& host;
  Time at;
};

// The hops of one packet: a shared route, when the packet left its first host, and the part of the
// route it travels (a tampered chunk's lines go only part of the way). Events of every packet on a
// route hold a pointer, not a copy of its host names (the trace is the memory budget, issue 16).
class Path {
 public:
  Path() = default;
  Path(std::shared_ptr<const Route> route, Time start)
      : route_(std::move(route)), start_(start), last_(route_ ? static_cast<std::uint32_t>(route_->hosts.size()) : 0) {}
  // A path of its own, hop by hop (tests, the app's bench crowd).
  Path(std::initializer_list<Hop> hops) : Path(std::vector<Hop>(hops)) {}
  explicit Path(const std::vector<Hop>& hops);

  std::size_t size() const { return last_ - first_; }
  bool empty() const { return first_ == last_; }
  HopAt operator[](std::size_t i) const { return {route_->hosts[first_ + i], start_ + route_->at[first_ + i]}; }
  HopAt front() const { return (*this)[0]; }
  HopAt back() const { return (*this)[size() - 1]; }

  class iterator {
   public:
    iterator(const Path* p, std::size_t i) : p_(p), i_(i) {}
    HopAt operator*() const { return (*p_)[i_]; }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const iterator& o) const { return i_ == o.i_; }

   private:
    const Path* p_;
    std::size_t i_;
  };
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

  void push_back(const Hop& h);        // copies the route first when it is shared
  void set_host(std::size_t i, const std::string& host);  // likewise (a test's stranger packet)
  void resize(std::size_t n);          // keeps the first n hops (n <= size())
  void erase_front(std::size_t n);     // drops the first n hops
  void clear() { *this = Path(); }
  // The memory the path holds of its own: none while its route is shared.
  std::size_t own_heap() const;

 private:
  void own();
  std::shared_ptr<const Route> route_;
  Time start_ = 0;
  std::uint32_t first_ = 0, last_ = 0;
};

// What a protocol line means, read once when it is recorded (sim/trace/line_facts.cpp), so that
// viewers never parse the text. Its words come from small sets (keywords, codes, tags), so they are
// shared Names, as a step's state names are: most events are lines and steps.
struct LineFacts {
  // A command's keyword, upper case ("MAIL", "RETR", "UID FETCH", "DONE"); for a reply line the
  // status word that explains it ("+OK", "-ERR", "." ending a POP3 listing, IMAP's "OK", "EXISTS",
  // "+"); for a continued SMTP reply line the EHLO keyword it offers ("PIPELINING", "SIZE").
  Name keyword;
  Name enhanced;             // an SMTP reply's RFC 3463 enhanced status code ("2.1.5"), when it has one
  Name tag;                  // an IMAP command's or tagged response's tag
  int code = 0;              // an SMTP reply's code (250)
  bool more = false;         // an SMTP reply line with '-' after the code: more lines follow
  // An SMTP MAIL command with the null reverse-path, "MAIL FROM:<>": what follows is a bounce or
  // another delivery status notification (RFC 5321 §4.5.5), which the map draws differently.
  bool null_sender = false;
};

// Payloads, one per kind, in the order of Kind.
namespace data {
struct HostState { bool up = false; };
struct LinkState { bool up = false; };
struct ServiceState { bool running = false; };
struct Connect {
  Name address;                   // the address dialled
  // A router whose packet filter stopped this SYN (OP25B): the path ends there. "" when none did.
  Name blocked_by;
  std::size_t filter_rule = 0;    // which of that router's rules (from 0)
  Name filter_action;             // "drop" (nothing answers: the client times out) or "reject"
                                  // (the router refuses at once: a refused event from it)
  // How long the client waits for an answer before it gives up (its connect timeout): a viewer
  // shows "waiting for an answer: 12 of 30 s" while nothing has come back.
  Duration timeout = 0;
  // A SYN nobody can answer (the server is down, or no way leads there) still leaves the client and
  // goes as far as it can: `lost_at` is where it stops, the last host of its path, which is the down
  // host itself or the host before a broken link. "" when the SYN got through, or when a filter
  // stopped it (blocked_by), or when the address belongs to no host (then there is no path at all).
  Name lost_at;
  bool lost_host_down = false;    // with lost_at: that host is down (else the link after it is)
  // Once connected, how long the client waits for the server's first bytes (its greeting) before it
  // gives up; 0: it waits as long as the connection lasts. The network does not enforce it (the
  // client does): it is here so a viewer can show "waiting for the greeting: 40 of 100 s" while a
  // server that expects something else (an SMTPS server waiting for a ClientHello) says nothing.
  Duration reply_timeout = 0;
};
struct Accepted { std::string client, server; };      // "10.0.0.10:49152", "10.0.1.25:587"
struct Refused { std::string address; };              // the address dialled
struct TimedOut { std::string address; };              // the address dialled
// A line of a stream. Inside TLS (`tls`) it is what the endpoints read, not what crossed the wire:
// the wire carried it as TLS records (tls_record events), so such a line has no path of its own, no
// tap sees it and no capture holds it; it keeps `arrive`, when its records arrived.
struct Segment {
  Payload what = Payload::None;
  std::string text;               // the line without its ending
  LineEnd eol = LineEnd::Crlf;    // bytes sent = text + bytes_of(eol)
  LineFacts facts;
  bool tls = false;               // a plaintext line carried inside TLS
  // Passed on by a man in the middle who changed the chunk it came in (host = the attacker, the path
  // from its link on): the line as the receiver reads it. The sender's own lines travel to that link.
  bool tampered = false;
};
struct Close {};
struct Reset { std::string reason; };                 // "host mx.home.example went down"
struct Datagram {
  std::string wire;               // the exact bytes sent (RFC 1035 wire format)
  std::string summary;            // the transcript's words ("query id=7 MX home.example")
};
struct DnsTimeout {
  std::string type, name;         // the question that got no answer ("MX", "home.example")
};
// A queue move (from -> to; Incoming -> Incoming: it just arrived), or, when `recipient` is set, the
// result of a delivery attempt for one recipient (the message stays where it is).
struct Queue {
  QueueName from = QueueName::Incoming;
  QueueName to = QueueName::Incoming;
  int attempts = 0;               // delivery attempts so far
  std::string sender;             // on arrival: the envelope sender ("" for a bounce),
  std::size_t nrcpt = 0;          // and how many recipients it has
  std::string sasl_method;        // on arrival from a client that logged in (SMTP AUTH): the
  std::string sasl_username;      // mechanism and the user, as Postfix logs them
  std::string recipient;          // a recipient's result: the address,
  std::string relay;              // the host that answered ("none" when nothing was reached),
  std::string status;             // "sent", "deferred" or "bounced", as Postfix logs them
  std::string log;                // the MTA's log line, worded as Postfix writes it
  // A move to deferred: when the MTA means to try again (a viewer counts down to it). When the
  // MTA's own host went down it is that moment: the retry waits until the host is back up.
  Time next_attempt = 0;
};
struct Delivery { std::string user; std::string folder; };
struct Bounce {
  BounceAction action = BounceAction::Failed;
  std::string report_queue_id;    // the DSN's own queue id
};
struct Submit {
  SubmitStage stage = SubmitStage::Started;
  std::string summary;            // "m1: alice@... -> bob@...: Subject", or the server's replies
  int code = 0;                   // Failed: the code of the server's reply that refused it (530,
                                  // 535, 554...); 0 when no server answered
};
struct Fetch {
  std::string id;                 // the message's id on the server (POP3 unique-id, IMAP UID)
  std::size_t local_count = 0;    // messages in the local copy after this one
};
struct Failure {
  std::size_t index = 0;          // into the scenario's failures; kInjected for the teacher's own
  std::string what;               // the failure's kind as the scenario names it ("host_down")
  std::string summary;            // "host_down mx.home.example: note"
};
struct Caption {
  std::size_t index = 0;          // into the scenario's captions
  std::string text;               // the caption in English (the transcript's language)
  Time until = 0;                 // when it leaves the screen
};
struct Note {
  std::string text;
  bool omitted = false;           // a summary of events a served run's trace left out (sim/serve)
};
struct Step {
  Name machine;                   // "smtp-server", "smtp-client", "pop3-server", "pop3-client", "imap-server", "imap-client"
  Name from, input, to;           // state names and the row's input, as the diagram names them
  bool success = true;            // the positive (2xx/3xx, +OK, OK) edge or the negative one
};
// One sender authentication result (docs/sender-authentication.md), as the server wrote it into
// Authentication-Results (RFC 8601), and what the server did because of it.
struct Auth {
  std::string method;             // "spf", "dkim", "dmarc"
  std::string result;             // RFC 8601's name: "pass", "fail", "softfail", "none", "temperror", ...
  std::string domain;             // spf: the MAIL FROM (or HELO) domain; dkim: d=; dmarc: the From domain
  std::string reason;             // why, in words ("-all", "body hash mismatch", "p=reject")
  std::string action;             // "none", "reject" (5xx), "defer" (4xx), "quarantine" (Junk folder)
  std::string text;               // the resinfo: "spf=fail (...) smtp.mailfrom=ceo@bank.example"
  std::shared_ptr<const AuthFacts> facts;  // what the check tried (sim/trace/auth_facts.hpp); may be null
};
// What an eavesdropper (role eavesdropper) learnt from a connection that crossed its link, decoded
// as a sniffer decodes it (sim/proto/sniff). The event's conn, port, client_port, protocol and dir
// are those of the captured connection and of the bytes that gave it away.
struct Captured {
  CaptureWhat what = CaptureWhat::Credential;
  std::string method;             // "AUTH PLAIN", "USER/PASS", "LOGIN", "AUTH CRAM-MD5" ...
  std::string user;               // credential, challenge_response: the user name, which crosses in clear
  std::string password;           // credential: the password itself
  std::string from, to, subject;  // mail_text: the header fields a reader looks at first
  std::vector<std::string> body;  // mail_text: the body's first lines
  std::size_t lines_left_out = 0; // mail_text: body lines not kept
  std::size_t bytes = 0;          // unreadable: how many bytes; mail_text: the message's size
  bool tls = false;               // unreadable: TLS records after STARTTLS (encrypted)
  std::string sample;             // unreadable: the first bytes seen (sniff::kSampleBytes at most)
  std::string text;               // the transcript's words
};
// One TLS record (RFC 8446 §5.1) as it crossed the wire: a packet on the map, bytes in a capture.
// What an eavesdropper can read of it is the 5-octet header (the outer type, a size); `messages` is
// what the sender knows it carried, for the dialog and the ladder.
struct TlsRecord {
  std::string bytes;              // the record, header included
  int content_type = 0;           // the outer type: 22 handshake, 23 application_data, 21 alert, 20 ccs
  Name type_name;                 // "handshake", "application_data", "alert", "change_cipher_spec"
  // The handshake messages and alerts this side sent in the flight this record opens ("ClientHello";
  // "EncryptedExtensions", "Certificate", "CertificateVerify", "Finished"), on the flight's first
  // record only; application data leaves it empty.
  std::vector<std::string> messages;
  bool encrypted = false;         // its fragment is protected by the session's keys
};
// A certificate of the chain a server sent, as a viewer shows it.
struct TlsCertificate {
  std::string subject, issuer;    // RFC 4514 strings: "CN=mx.home.example", "CN=mailsim Lesson CA,O=mailsim"
  std::int64_t not_before = 0, not_after = 0;  // Unix seconds
  std::vector<std::string> dns_names;
  std::string sha256;             // fingerprint, hex
};
// The end of a TLS handshake, from the client's side (it checked the server's certificate).
struct Tls {
  bool ok = false;                // the handshake completed
  std::string version;            // "TLSv1.3", "TLSv1.2"
  std::string cipher;             // OpenSSL's name: "TLS_AES_256_GCM_SHA384"
  std::string cipher_iana;        // the RFC's name, as Wireshark shows it
  std::string group;              // key exchange: "x25519"
  std::string server_name;        // SNI sent
  std::vector<TlsCertificate> chain;  // the server's chain as sent, leaf first
  bool verified = false;          // the chain verified for server_name at the virtual time
  std::string verify_error;       // OpenSSL's words when it did not: "certificate has expired"
  std::string failure;            // ok = false: the alert and reason, as a client prints them
  std::string text;               // the transcript's words
};
// One line a man in the middle changed.
struct TamperedLine {
  std::string before;             // as sent, without its line ending: "250-STARTTLS"
  std::string after;              // as passed on: "250-XXXXXXXA" ("" when dropped)
  bool dropped = false;           // taken out of the stream
};
// A chunk of a stream changed as it crossed the attacker's link, in direction `dir` of connection
// `conn` (host = the attacker, peer = the receiver): the exact bytes before and after, so the class
// can see what the attacker did. The Segment events of both follow the sender's and the receiver's
// parts of the route.
struct Tampered {
  std::string attack;             // what was done: "strip-starttls"
  std::string original;           // the bytes as sent
  std::string changed;            // the bytes passed on
  std::vector<TamperedLine> lines;
  std::string text;               // the transcript's words: "250-STARTTLS -> 250-XXXXXXXA"
};
}  // namespace data

// A payload too big to sit in every event: an event is as big as its largest payload, and these
// are rare (a TLS handshake, an eavesdropper's catch, a check of the sender, a tampered chunk) or,
// for queue moves, a few per message against a few hundred segments. Kept on the heap and copied
// with its event; Event::get and Event::as reach into it, so readers do not see the box.
template <class T>
class Boxed {
 public:
  Boxed(T v) : p_(std::make_unique<T>(std::move(v))) {}  // NOLINT: implicit, so `e.data = data::Tls{...}`
  Boxed(const Boxed& o) : p_(std::make_unique<T>(*o.p_)) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& o) {
    p_ = std::make_unique<T>(*o.p_);
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;
  T& get() { return *p_; }
  const T& get() const { return *p_; }

 private:
  std::unique_ptr<T> p_;
};

// A failure the teacher injected in the app, not one of the scenario's.
inline constexpr std::size_t kInjected = static_cast<std::size_t>(-1);

using Data = std::variant<data::HostState, data::LinkState, data::ServiceState, data::Connect, data::Accepted,
                          data::Refused, data::TimedOut, data::Segment, data::Close, data::Reset, data::Datagram,
                          data::DnsTimeout, Boxed<data::Queue>, data::Delivery, data::Bounce, data::Submit,
                          data::Fetch, data::Failure, data::Caption, data::Note, data::Step, Boxed<data::Auth>,
                          Boxed<data::Captured>, data::TlsRecord, Boxed<data::Tls>, Boxed<data::Tampered>>;

// Whether a payload type sits in a Boxed in Data.
template <class T> inline constexpr bool kBoxed = false;
template <> inline constexpr bool kBoxed<data::Queue> = true;
template <> inline constexpr bool kBoxed<data::Auth> = true;
template <> inline constexpr bool kBoxed<data::Captured> = true;
template <> inline constexpr bool kBoxed<data::Tls> = true;
template <> inline constexpr bool kBoxed<data::Tampered> = true;

// The payload of type T in `d`, if it holds one (boxed or not).
template <class T> const T* payload_if(const Data& d) {
  if constexpr (kBoxed<T>) {
    const auto* b = std::get_if<Boxed<T>>(&d);
    return b ? &b->get() : nullptr;
  } else {
    return std::get_if<T>(&d);
  }
}
template <class T> T* payload_if(Data& d) { return const_cast<T*>(payload_if<T>(static_cast<const Data&>(d))); }

struct Event {
  std::uint64_t seq = 0;          // position in the trace
  Time time = 0;                  // when it happened (for packets: when sent)
  Kind kind = Kind::Note;         // always the kind of `data` (Trace::add sets it)
  // Names are shared, not copied into each event (sim/trace/name.hpp).
  Name host;                      // acting host
  Name peer;                      // the other end (host name), if any
  std::uint16_t port = 0;         // server port of the connection / datagram destination port
  std::uint16_t client_port = 0;  // the connection's ephemeral port / the datagram's source port
  std::uint64_t conn = 0;         // connection id (0 = none)
  Name protocol;                  // "smtp", "submission", "pop3", "imap", "dns"
  Direction dir = Direction::None;
  Time arrive = 0;                // packets: arrival time at `peer`
  Path path;                      // packets: the route, first hop = sender at `time`
  // Which message it is about, when it is about one.
  Name queue_id;                  // the MTA's (or destination's) queue id
  Name message_id;                // its Message-ID
  Name message;                   // the scenario's message id ("m1")
  Data data = data::Note{};

  template <class T> const T* get() const { return payload_if<T>(data); }
  template <class T> T* get() { return payload_if<T>(data); }
  // The payload, for code that has checked `kind` (throws std::bad_variant_access otherwise).
  template <class T> const T& as() const {
    if constexpr (kBoxed<T>) return std::get<Boxed<T>>(data).get();
    else return std::get<T>(data);
  }
  template <class T> T& as() {
    if constexpr (kBoxed<T>) return std::get<Boxed<T>>(data).get();
    else return std::get<T>(data);
  }
};

// A server took a message in: it entered an MTA's queue (incoming) or a destination stored it.
// Counted once per queue id, that is how many messages the host accepted (its share of the load).
bool takes_in_message(const Event& e);

// The kind a payload type stands for.
Kind kind_of(const Data& d);
// The words a viewer shows for the event, when it has some: a segment's line, a datagram's or a
// submission's summary, a queue's log line, a note, a caption. For showing only: facts are fields.
const std::string& shown_text(const Event& e);

class Trace {
 public:
  // Appends; assigns seq and kind. Returns the stored event (or, when `admit` refused it, that event).
  const Event& add(Event e);
  const std::vector<Event>& events() const { return events_; }
  std::size_t size() const { return events_.size(); }

  // A world that runs as long as a class does (sim/serve) must keep its trace within a budget.
  // `admit` sees every event before it is stored and may shorten it, or refuse it (false): the
  // event is then not stored, though its seq is used up, so the gap shows where something was left
  // out. None by default: a lesson's own run keeps everything.
  void set_admit(std::function<bool(Event&)> admit) { admit_ = std::move(admit); }
  // `watch` sees every event as it is added, before `admit` (so it also sees those left out), with
  // its seq and kind set: the world's triggers follow the run with it. It must not add events
  // itself (it may schedule them).
  void set_watch(std::function<void(const Event&)> watch) { watch_ = std::move(watch); }
  // Keeps, from `from_seq` on, only the events `keep` returns true for (it may shorten them);
  // seq numbers stay as they were.
  void thin(std::uint64_t from_seq, const std::function<bool(Event&)>& keep);
  // The stored event with this seq, if it is still there (to update a summary line in place).
  Event* find(std::uint64_t seq);
  // The seq the next event will get.
  std::uint64_t next_seq() const { return next_seq_; }

 private:
  std::vector<Event> events_;
  std::uint64_t next_seq_ = 0;
  std::function<bool(Event&)> admit_;
  std::function<void(const Event&)> watch_;
  Event refused_;
};

}  // namespace mailsim::trace
