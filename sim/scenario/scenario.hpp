#pragma once
// A lesson as plain data: what scenarios/*.json say after loading and validation. The world is built
// from this; nothing here runs.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/proto/dns/message.hpp"
#include "sim/proto/sasl/mechanism.hpp"
#include "sim/proto/common/tls_policy.hpp"
#include "sim/proto/smtp/bare_newline.hpp"

namespace mailsim::scenario {

// The longest a lesson runs in virtual time. `until` and everything scheduled lie within it, and a
// run without `until` that is still busy then stops there (world::World::run), so a device that
// polls for mail, or a retry schedule of months, cannot run for ever.
constexpr Time kLongestRun = 30 * kDay;
// The most messages one lesson sends, copies made by `repeat` included: enough for a busy day, few
// enough that a typo in a count does not take the machine's memory.
constexpr int kMaxMessages = 10000;

// Text in the classroom's languages.
struct Text {
  std::string en;
  std::string ja;
};

// Router: forwards packets only (the "Internet" or a campus switch); it draws the map's hubs.
// Auth: an authentication server holding its domains' accounts, which mail servers ask over the
// network (their sasl_path), as Postfix and Dovecot's pop3/imap ask Dovecot's auth service.
// Eavesdropper: a listener on one link (its `tap`), linked to nothing itself: it sees every packet
// that crosses that wire and decodes what it can (sim/proto/sniff), and sends nothing.
enum class Role { Client, Submission, Relay, Dns, Destination, Router, Auth, Eavesdropper };
// "client", "submission", "relay", "dns", "destination", "router", "auth", "eavesdropper"
std::string to_string(Role r);
// The port a host of this role takes mail on with SMTP: 587 (submission), 25 (relay, destination).
std::optional<std::uint16_t> smtp_port(Role r);

// What a client host is, for the map's icon only (a phone and a PC read mail the same way here).
enum class Device { Pc, Phone };

// When and how often an MTA retries a deferred message (Postfix names in brackets).
struct RetrySchedule {
  Duration first = 300 * kSecond;          // minimal_backoff_time
  Duration max = 4000 * kSecond;           // maximal_backoff_time
  Duration give_up = 5 * kDay;             // maximal_queue_lifetime
  Duration warn_after = 0;                 // delay_warning_time; 0 = no delay warning
  Duration connect_timeout = 30 * kSecond; // smtp_connect_timeout
  Duration dns_timeout = 5 * kSecond;      // time to wait for a DNS answer
  bool operator==(const RetrySchedule&) const = default;
};
// "postfix", "sendmail", "exim", "qmail": the documented defaults, see docs/retry-presets.md.
std::optional<RetrySchedule> retry_preset(const std::string& name);

// SMTP AUTH (RFC 4954) on a submission server. None: not offered (Postfix's smtpd_sasl_auth_enable =
// no). Optional: offered, and a client that logged in may relay as one in relay_from may
// (permit_mynetworks, permit_sasl_authenticated). Required: besides, a client outside relay_from
// that has not logged in is refused at MAIL FROM with "530 5.7.0 Authentication required".
enum class SmtpAuth { None, Optional, Required };
std::string to_string(SmtpAuth a);  // "none", "optional", "required"

struct SmtpLimits {
  std::size_t max_message_size = 10 * 1024 * 1024;
  std::size_t max_recipients = 100;
  std::size_t max_errors = 10;
};

// Sender authentication (docs/sender-authentication.md). What a receiving server does with SPF
// (RFC 7208) after MAIL FROM: nothing, record the result in the message and the trace, or also
// refuse a fail (550 5.7.23, RFC 7372) and a temperror (451 4.7.24).
enum class SpfPolicy { Off, Tag, RejectFail };
// DMARC (RFC 7489) after the data: nothing, record the result, or apply the domain's policy too
// (p=reject: 550 5.7.1; p=quarantine: the recipient's Junk folder).
enum class DmarcPolicy { Off, Tag, Enforce };

// A domain whose mail this server signs with DKIM (RFC 6376, RFC 8463), like an OpenDKIM
// KeyTable and SigningTable line.
struct DkimSigning {
  std::string domain;                      // d=: mail whose From: is in this domain is signed
  std::string selector = "mail";           // s=: the key is published at <s>._domainkey.<d>
  std::string algorithm = "rsa-sha256";    // a=: rsa-sha256 or ed25519-sha256
  std::string canonicalization = "relaxed/relaxed";  // c=: header/body, simple or relaxed
  std::vector<std::string> headers;        // h=: fields signed (lower case); empty: the default list
  std::string private_key;                 // PEM; given in the file, or made from the scenario seed
  std::string key_record;                  // the TXT record text the loader publishes
};

struct SenderAuth {
  SpfPolicy spf = SpfPolicy::Off;          // "spf"
  bool dkim_verify = false;                // "dkim": "verify"
  DmarcPolicy dmarc = DmarcPolicy::Off;    // "dmarc"
  std::vector<DkimSigning> dkim_signing;   // "dkim_signing"
  // A check runs at all: DMARC needs the SPF and DKIM results, so it runs both.
  bool checks_spf() const { return spf != SpfPolicy::Off || dmarc != DmarcPolicy::Off; }
  bool checks_dkim() const { return dkim_verify || dmarc != DmarcPolicy::Off; }
};

// A router's packet filter rule (an ISP's Outbound Port 25 Blocking): a connection attempt (SYN)
// that this router forwards, from an address in `source` to port `port`, is stopped here unless it
// goes to one of `except_to`. Drop: the SYN is lost and the sender waits for its connect timeout;
// reject: the router answers at once, as a TCP RST or an ICMP "administratively prohibited" does.
struct PacketFilter {
  enum class Action { Drop, Reject };
  std::string source;                      // CIDR: "192.0.2.0/24"
  std::uint16_t port = 25;                 // destination port
  std::vector<std::string> except_to;      // host names or addresses it lets through
  Action action = Action::Drop;
};
std::string to_string(PacketFilter::Action a);  // "drop", "reject"
// POP before SMTP on a submission server: a client address that logged in to `server` with POP3 or
// IMAP may relay without SMTP AUTH for `window` afterwards (DRAC's "drac_timeout").
struct PopBeforeSmtpRule {
  std::string server;                      // the destination host whose logins open the window
  Duration window = 10 * kMinute;
};

// TLS (docs/tls.md), with Postfix's values: an SMTP server's smtpd_tls_security_level is none, may
// (STARTTLS offered) or encrypt (required before mail); an SMTP client's smtp_tls_security_level is
// none, may (STARTTLS when offered), encrypt (TLS or defer) or verify (TLS with a certificate that
// verifies for the server's name, or defer).
enum class TlsLevel { None, May, Encrypt, Verify };
std::string to_string(TlsLevel l);  // "none", "may", "encrypt", "verify"

// A server certificate made wrong on purpose for a lesson (the host's `tls_certificate`, docs/tls.md
// "Certificates"): for another name, expired at the epoch, self-signed, or from a CA no client
// trusts. A client that checks refuses it with OpenSSL's words ("certificate has expired").
enum class CertificateFlaw { None, NameMismatch, Expired, SelfSigned, UnknownCa };
// "ok", "name-mismatch", "expired", "self-signed", "unknown-ca" (tls::Flaw's names)
std::string to_string(CertificateFlaw f);
std::optional<CertificateFlaw> certificate_flaw_from_string(std::string_view name);

// A certificate and its private key read from PEM files at load (docs/scenario-format.md,
// "Certificates from files"): the lesson's CA (tls_ca_cert_file, tls_ca_key_file) or what one host
// presents (smtpd_tls_cert_file, smtpd_tls_key_file, Postfix's names). The loader has checked that
// the texts hold a certificate (for a host: the chain, leaf first) and its key, and for the CA that
// it is a CA's; the world reads them again with the tls library.
struct PemFiles {
  std::string cert_file, key_file;         // the paths as resolved (relative to the scenario's folder)
  std::string cert_pem, key_pem;           // what they held
};

// An eavesdropper that strips STARTTLS (its `strip_starttls`) is a man in the middle who changes
// bytes, as the downgrade attacks seen in the wild did (docs/tls.md "Downgrade"): Rewrite turns the
// EHLO reply's STARTTLS into XXXXXXXA, as some firewalls and ISPs did; Drop takes the line out. Either
// way a client's STARTTLS command is turned into XXXXXXXX, which the server answers with an error.
enum class StripStarttls { None, Rewrite, Drop };
std::string to_string(StripStarttls s);  // "none", "rewrite", "drop"

struct Host {
  std::string name;                        // FQDN, lower case: "mail.school.example"
  std::string address;                     // IPv4 dotted quad
  Role role = Role::Client;
  Device device = Device::Pc;              // client: what it is ("pc", "phone")
  std::optional<std::pair<double, double>> position;  // map coordinates in [0,1]x[0,1], optional
  std::vector<std::string> domains;        // submission/relay/destination: mail domains it is
                                           // final destination for (destination) or serves (submission)
  std::string relayhost;                   // submission/relay: send everything to this host (name),
                                           // empty = look up MX and deliver directly
  bool relayhost_mx = true;                // Postfix's relayhost = name: its MX, else its A record;
                                           // false for "[name]": only its A record
  std::uint16_t relayhost_port = 25;       // "name:port", "[name]:port"
  std::vector<std::string> relay_from;     // relay/submission: CIDR networks allowed to relay,
                                           // e.g. "10.0.0.0/24"; empty = only own domains accepted
  std::string resolver;                    // name of the DNS host this host asks; empty = the first
  RetrySchedule retry;                     // relay/submission only
  std::string retry_preset = "postfix";    // name the schedule came from (for display)
  SmtpLimits limits;
  // submission/relay/destination: lines ending in a bare LF (SMTP smuggling), Postfix's parameter
  smtp::BareNewline smtpd_forbid_bare_newline = smtp::BareNewline::Normal;
  SmtpAuth auth = SmtpAuth::None;          // submission: SMTP AUTH
  // The SASL mechanisms offered, in order (Dovecot's auth_mechanisms). Submission: those of SMTP
  // AUTH (the loader's default: all four); destination: those of POP3's AUTH (RFC 5034; default
  // none, USER/PASS only). Accounts are the credential store of both.
  std::vector<sasl::Mechanism> sasl_mechanisms;
  bool apop = false;                       // destination: POP3 APOP (RFC 1939 §7), "APOP" in the list
  // submission, destination: the auth host that checks logins instead of the local accounts
  // (Postfix's smtpd_sasl_path); destination: POP3's and IMAP's logins. Empty: the accounts here.
  std::string sasl_path;
  std::optional<PopBeforeSmtpRule> pop_before_smtp;  // submission: off unless given
  SenderAuth sender_auth;                  // submission/relay/destination: SPF, DKIM, DMARC
  // submission/relay: plain forwarding, as a .forward file or Postfix's virtual_alias_maps do it:
  // mail for a key address (in the host's domains) goes on to the listed addresses, the envelope
  // sender kept (so SPF fails at the next hop: docs/sender-authentication.md).
  std::map<std::string, std::vector<std::string>> forward;
  // submission/relay: text added at the end of every body it passes on, CRLF lines, as a mailing
  // list's footer (Mailman's msg_footer) or a company disclaimer; "" = none. It breaks DKIM's bh=.
  std::string append_footer;
  // relay/destination: smtpd_client_restrictions' reject_rbl_client zones (RFC 5782), in order
  std::vector<std::string> reject_rbl_client;
  std::vector<PacketFilter> packet_filter; // router: rules in order, the first that matches applies
  std::pair<std::string, std::string> tap; // eavesdropper: the link it listens on (host names)
  StripStarttls strip_starttls = StripStarttls::None;  // eavesdropper: an active attacker on that link
  // submission/relay/destination: STARTTLS on the SMTP server (none, may, encrypt), and AUTH only
  // inside TLS; a certificate from the lesson's CA is made for a host that offers TLS.
  TlsLevel smtpd_tls_security_level = TlsLevel::None;
  bool smtpd_tls_auth_only = false;
  // submission: also serve SMTPS, implicit TLS on port 465 (RFC 8314 §3.3), as Postfix's master.cf
  // `submissions` service with -o smtpd_tls_wrappermode=yes; 587 stays as it is.
  bool smtpd_tls_wrappermode = false;
  // submission/relay/destination offering TLS: its certificate, right or wrong on purpose.
  CertificateFlaw tls_certificate = CertificateFlaw::None;
  // ... or its own chain and key from files (smtpd_tls_cert_file, smtpd_tls_key_file), presented by
  // its SMTP, POP3 and IMAP servers instead of the one the lesson's CA issues it.
  std::optional<PemFiles> smtpd_tls_cert;
  // submission/relay: the SMTP client's TLS when it passes mail on (any of the four levels).
  TlsLevel smtp_tls_security_level = TlsLevel::None;
  // destination: STLS on POP3 and STARTTLS on IMAP, as Dovecot's `ssl` (no, yes, required), and
  // its disable_plaintext_auth (USER/PASS, LOGIN and PLAIN only inside TLS; the loader's default:
  // yes when ssl is yes or required, as Dovecot's, else no).
  proto::Ssl ssl = proto::Ssl::No;
  bool disable_plaintext_auth = false;
  bool up = true;                          // state at time 0
};

// Packets travel along links hop by hop; the route between two hosts is the path of least latency
// over links and hosts that are up, so a cut link or a down router can make a host unreachable.
struct Link {
  std::string a, b;                        // host names
  Duration latency = 5 * kMillisecond;
};

struct Account {
  std::string address;                     // "bob@home.example"
  std::string host;                        // destination server holding the mailbox
  std::string user;                        // login name (defaults to the local part)
  std::string password;
};

// A mail client (MUA) on a host; submits the scenario's messages from this host.
// How a device reads its user's mail (RFC 1939 POP3 or RFC 3501 IMAP).
struct Fetch {
  enum class Protocol { None, Pop3, Imap };
  Protocol protocol = Protocol::None;
  std::string server;                      // destination host holding the mailbox
  Time start = 0;                          // first check
  Duration poll = 60 * kSecond;            // time between checks (IMAP with idle: reconnect delay)
  bool keep = false;                       // POP3: leave mail on the server (UIDL remembers it)
  bool idle = false;                       // IMAP: stay connected in IDLE and get new mail pushed
  bool mark_seen = true;                   // IMAP: BODY[] (sets \Seen) or BODY.PEEK[]
  // IMAP: the folders it checks, one session each in this order, as a mail program that shows
  // Junk beside INBOX does; idle watches the only one.
  std::vector<std::string> folders = {"INBOX"};
  // POP3: how the device logs in: USER/PASS (RFC 1939 §7), APOP, or AUTH with `mechanism`
  // (RFC 5034). IMAP always uses LOGIN.
  enum class Login { User, Apop, Sasl };
  Login login = Login::User;
  sasl::Mechanism mechanism = sasl::Mechanism::Plain;
  // STLS / STARTTLS: none, may, encrypt, verify (as smtp_tls_security_level). Unset: verify when
  // the server has ssl yes or required (a mail program set to STARTTLS), else none.
  std::optional<TlsLevel> tls;
  // The server's port: POP3 110 or 995, IMAP 143 or 993. Unset: 110/143. 993 and 995 are implicit
  // TLS (RFC 8314; a mail program set to "SSL/TLS"), the certificate verified.
  std::optional<std::uint16_t> port;
};

// How a client logs in to its submission server (SMTP AUTH): the mechanism, and the user and
// password it sends, its account's unless the lesson makes it type something else.
struct ClientAuth {
  sasl::Mechanism mechanism = sasl::Mechanism::Plain;
  std::string user;                        // the account's login (`user`)
  std::string password;                    // the account's password, or what the lesson says
};

// A mail client (MUA) on a host (a PC or a phone); a user may have several. It submits the
// scenario's messages from this host and, with `fetch`, reads its user's mailbox. A host may run
// several, as a PC runs a mail program with an account per mail service, each with its own outgoing
// server, and perhaps a spam program that someone planted on it; the messages say which sends.
struct Client {
  std::string host;                        // host name (role client)
  std::string account;                     // address of the user who owns it
  std::string submission;                  // submission server host name; empty = reads only
  std::uint16_t submission_port = 587;
  std::optional<ClientAuth> auth;          // none: it sends without logging in
  // After a temporary failure (a 4xx reply such as 454 4.7.0, or no connection) the client sends the
  // message again this much later, up to kClientTries tries in all, as a phone's mail app does;
  // 0 (the default): it stays in the outbox until the user sends it again, as Thunderbird's
  // Outbox does. A permanent failure (5xx: 535, 554) is never retried.
  Duration retry_after = 0;
  // STARTTLS when it submits. Unset: verify (mandatory TLS, as a mail program set to STARTTLS has
  // it) when the submission server offers TLS, else none; a lesson sets none to show plain text.
  std::optional<TlsLevel> smtp_tls_security_level;
  // Implicit TLS when it submits (Postfix's smtp_tls_wrappermode; a mail program's "SSL/TLS"):
  // TLS from the first byte, then SMTP inside. Unset: on when the port is 465. A lesson sets it
  // false on 465 to show the common mistake (STARTTLS or no encryption chosen for port 465).
  std::optional<bool> smtp_tls_wrappermode;
  Fetch fetch;
};
inline constexpr int kClientTries = 5;
// The submissions port: SMTP inside implicit TLS (RFC 8314 §7.3).
inline constexpr std::uint16_t kSubmissionsPort = 465;
// The reading ports and their implicit-TLS twins (RFC 8314 §7.2, §7.1): IMAP 143/993, POP3 110/995.
inline constexpr std::uint16_t kImapPort = 143;
inline constexpr std::uint16_t kImapsPort = 993;
inline constexpr std::uint16_t kPop3Port = 110;
inline constexpr std::uint16_t kPop3sPort = 995;
// Whether client `c` speaks TLS from the first byte.
inline bool wrappermode(const Client& c) { return c.smtp_tls_wrappermode.value_or(c.submission_port == kSubmissionsPort); }

struct MessageSpec;
// Whether client `c` is one that may send `m`: on its host, with a submission server, and matching
// the message's client_account and client_submission where they are given.
bool sends(const Client& c, const MessageSpec& m);

struct MessageSpec {
  std::string id;                          // scenario-wide name, used by expectations ("m1")
  Time at = 0;
  std::string client;                      // client host that sends it
  // Which of that host's sending clients, when it runs several: the one with this `account` and/or
  // this `submission` server ("" = any; the loader makes sure exactly one matches).
  std::string client_account, client_submission;
  std::string from;                        // address
  std::vector<std::string> to, cc, bcc;    // addresses
  std::string subject;
  std::string body;                        // text; lines joined with CRLF when sent
  std::vector<std::pair<std::string, std::string>> headers;  // extra header fields
};

enum class FailureKind {
  HostDown, HostUp,                        // host
  ServiceStop, ServiceStart,               // host + port
  LinkDown, LinkUp,                        // link_a + link_b
  DnsSet, DnsRemove,                       // record (DnsRemove: name + type only)
  SmtpReply, SmtpReplyClear,               // host (+ port) + command (+ reply)
};
std::string to_string(FailureKind k);      // "host_down", "service_stop", "dns_set", "smtp_reply", ...

struct Failure {
  Time at = 0;
  FailureKind kind = FailureKind::HostDown;
  std::string host;
  std::uint16_t port = 25;
  std::string link_a, link_b;
  dns::Record record;
  std::string command;                     // "CONNECT", "EHLO", "MAIL", "RCPT", "DATA"
  int reply_code = 0;                      // e.g. 451
  std::string reply_enhanced;              // "4.7.1"
  std::string reply_text;                  // "Greylisted, try again later"
  Text note;                               // optional explanation shown with the marker
};

// Something that happens in a run, which a caption or a quiz question can wait for instead of a
// time (docs/scenario-format.md, "triggers"). Matched against the trace in one place
// (sim/world/trigger.hpp). `host` narrows every kind to the host that acts; `nth` waits for the
// nth match, `after` adds a delay once it fires.
struct Trigger {
  enum class Kind {
    Reply,      // an SMTP reply with `code` (or, with `code_class`, any NXX) sent by `host`
    Queue,      // an MTA (`host`) moves `message` into queue `queue`
    Delivered,  // `message` stored in a mailbox (`host`: the mailbox server)
    Bounced,    // `host` returns `message` to its sender (a bounce, not a delay warning)
    Failure,    // the scenario's failure `failure`, or any failure on `peer` (teacher's too)
    Connect,    // `host` dials `peer`
    TimedOut,   // `host`'s connect to `peer` got no answer
    Refused,    // `host`'s connect to `peer` was refused
    Fetched,    // device `host` downloads a message (`message`, if given) from its server
    Auth,       // `host` checks a sender: `auth_method` (spf, dkim, dmarc) gave `auth_result`
  };
  Kind kind = Kind::Reply;
  int code = 0;                  // Reply: 550; with code_class 4 and code 0: any 4xx
  int code_class = 0;
  std::string queue;             // Queue: "incoming", "active", "deferred", "hold"
  std::string auth_method, auth_result;  // Auth: "dkim", "fail" ("" = any result)
  std::string message;           // the scenario's message id ("m1"); "" = any
  std::size_t failure = static_cast<std::size_t>(-1);  // Failure: index into failures
  std::string host;              // the acting host; "" = any
  std::string peer;              // Connect, TimedOut, Refused: the server dialled; Failure: its host
  int nth = 1;                   // the nth time it matches
  Duration after = 0;            // fires this long after the event
  std::string json_path;         // "/captions/3/on", for messages about it
};
std::string to_string(Trigger::Kind k);  // the key that names it: "reply", "queue", ...

// A caption shows at a time (`at`) or when its trigger fires (`on`).
struct Caption {
  Time at = 0;
  std::optional<Trigger> on;
  Duration duration = 10 * kSecond;
  Text text;
  // What the dialog and map should show while it is up: a host, or the connection between two
  // (`focus_peer` set). Empty: nothing moves.
  std::string focus_host, focus_peer;
};

// A predict-then-reveal question: the app pauses at `at` or when `on` fires (just before the
// event shows, so the class can predict it), asks, and reveals `answer` on a key press.
struct QuizItem {
  Time at = 0;
  std::optional<Trigger> on;
  Text question;
  std::vector<Text> choices;               // 2 to 4
  std::size_t answer = 0;                  // index into choices
  Text explanation;
};

enum class ExpectKind {
  Delivered,       // message `message` is in mailbox `mailbox` (an address)
  NotDelivered,    // message `message` is not in mailbox `mailbox`
  Bounced,         // a DSN about `message` reached its sender's mailbox
  QueueEmpty,      // host `host` has nothing queued at the end
  ReplySeen,       // some server (or `host`) sent reply `code`
  Attempts,        // host `host` made at least `count` delivery attempts for `message`
  Fetched,         // device `host` has message `message` in its local copy
  NotFetched,      // device `host` does not have it
  Flagged,         // message `message` in mailbox `mailbox` carries flag `flag` on the server
  Refused,         // server `host` refused the submission of `message` with reply `code`
  InOutbox,        // message `message` is still in its client's outbox (never accepted)
  AuthResult,      // host `host` found `auth` (spf/dkim/dmarc -> result) for message `message`
  InFolder,        // message `message` is in folder `folder` of mailbox `mailbox` on its server
  Captured,        // eavesdropper `host` saw user `user` log in (with `method`), and got the
                   // password (`password`) or only a challenge-response
  Received,        // message `message` in mailbox `mailbox` went through the servers `path`, as its
                   // Received: fields say, read from the bottom up (RFC 5321 §4.4)
  Accepted,        // mail server `host` took in at least `count` messages (its share of the load)
};
std::string to_string(ExpectKind k);

struct Expectation {
  ExpectKind kind = ExpectKind::Delivered;
  std::string message;
  std::string mailbox;
  std::string host;
  int code = 0;
  int count = 0;
  std::string flag;                        // "\\Seen"
  std::string folder;                      // "Junk"
  std::string user;                        // captured: the login name
  std::string method;                      // captured: "AUTH PLAIN", "USER/PASS", "LOGIN"...; "" = any
  bool password = true;                    // captured: the password was seen (false: it was not)
  std::vector<std::pair<std::string, std::string>> auth;  // {"spf", "pass"}, {"dmarc", "fail"}
  std::vector<std::string> path;           // received: the "by" hosts, the first server first
  std::string json_path;                   // "/expect/2", to report which one failed
};

// How a lesson fits a course, for the lesson index (`mailsim lessons`) and the app's picker. None of
// it changes what the simulation does.
enum class Level { Unset, Intro, Intermediate, Advanced };
const char* to_string(Level l);  // "intro", "intermediate", "advanced"; "" for Unset
struct Lesson {
  std::vector<std::string> topics;         // ids from topics() (sim/scenario/topics.hpp)
  Level level = Level::Unset;
  int minutes = 0;                         // how long it takes in class; 0 = not said
  std::vector<std::string> prerequisites;  // ids (file stems) of lessons to take first
};

struct Scenario {
  std::string file;                        // path it was loaded from
  unsigned student = 0;                    // a per-student variant (load_variant): for whom; 0 = as written
  std::string id;                          // file stem, e.g. "relay-mx"
  Text title;
  Text description;
  std::uint64_t seed = 1;
  std::int64_t epoch = 1762160400;         // virtual time 0 as Unix time (2025-11-03T09:00:00Z)
  Time until = 0;                          // stop time; 0 = run until nothing is pending
  Duration default_latency = 5 * kMillisecond;
  // The lesson's CA from files (tls_ca_cert_file, tls_ca_key_file); none: made from the seed.
  std::optional<PemFiles> tls_ca;
  // What the lesson is about, for the app to open its inspector on: "queues", "mailboxes", "dns",
  // "failures", "captured" (an eavesdropper's tab); "" = the app's default.
  std::string focus;
  Lesson lesson;
  std::vector<Host> hosts;
  std::vector<Link> links;
  std::vector<dns::Record> dns_records;    // served by every DNS host
  std::vector<Account> accounts;
  std::vector<Client> clients;
  std::vector<MessageSpec> messages;
  std::vector<Failure> failures;
  std::vector<Caption> captions;
  std::vector<QuizItem> quiz;
  std::vector<Expectation> expect;

  const Host* find_host(const std::string& name) const;
  // The client that sends `m`: the first on its host with a `submission` that matches its
  // client_account and client_submission; nullptr if none does.
  const Client* sending_client(const MessageSpec& m) const;
};

}  // namespace mailsim::scenario
