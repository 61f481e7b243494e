#pragma once
// IMAP4rev1 server machine (RFC 3501, with the extensions its CAPABILITY names: ID, SASL-IR, ENABLE,
// NAMESPACE, IDLE, UNSELECT, MOVE, UIDPLUS, LITERAL+, CHILDREN, SPECIAL-USE; docs/imap.md lists
// them), sans-I/O: the client's bytes in, the server's bytes out, over a MailStore shared with other
// sessions and with delivery. No sockets, no clock: the node passes virtual time to feed().
//
// Theory of operation:
//   - server.cpp frames the byte stream into commands (tag, name, arguments, literals {n} with their
//     "+" continuations), enforces the limits, and applies the transition table of server_states to
//     everything that happens: every state change comes from a row, and a row that is missing is a
//     defect the server reports (table_miss()) instead of guessing.
//   - server_commands lists the commands: name, where valid, handler, CAPABILITY keyword.
//     server_any.cpp, server_auth.cpp, server_folders.cpp, server_mailbox.cpp, server_fetch.cpp and
//     server_message.cpp hold the handlers of RFC 3501 §6.1, §6.2, §6.3 and §6.4; message_view says what FETCH shows of a message, search
//     evaluates SEARCH keys, flags says which flags a client may store (and how they are spelled),
//     list_pattern matches LIST patterns.
//   - server_sync.cpp keeps this session's view of the selected mailbox: the UIDs it has announced
//     (its message sequence numbers) and the flags it last reported. Whenever untagged responses are
//     allowed (§7.4.1: never EXPUNGE during FETCH, STORE or SEARCH) it compares them with the folder,
//     whose `version` tells cheaply whether anything changed, and reports EXPUNGE, EXISTS and FETCH
//     FLAGS. In IDLE the node calls poll() after any change to the store, and the news goes out at once.
//
// Replies, as this server words them (hostname "mx.example"):
//   greeting   * OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN ...] mx.example IMAP4rev1 server ready
//   LOGIN      a1 OK [CAPABILITY ...] Logged in  |  a1 NO [AUTHENTICATIONFAILED] Authentication failed.
//   SELECT     * FLAGS / * OK [PERMANENTFLAGS] / * n EXISTS / * 0 RECENT / [* OK [UNSEEN n]] /
//              * OK [UIDVALIDITY v] UIDs valid / * OK [UIDNEXT n] Predicted next UID /
//              a2 OK [READ-WRITE] SELECT completed
//   STARTTLS   a0 OK Begin TLS negotiation now.     (then the TLS layer has the bytes; no capabilities:
//              the client must ask again inside TLS)  |  a0 BAD TLS support isn't enabled. |
//              a0 BAD TLS is already active. | a0 NO TLS initialization failed.
//   before TLS with disable_plaintext_auth: the capabilities say STARTTLS LOGINDISABLED, no AUTH=PLAIN;
//              LOGIN: * BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, ... /
//              a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.
//   errors     * BAD Invalid tag, a3 BAD Unknown command X, a3 BAD Command not valid in the ... state,
//              a4 BAD Line too long (limit 8192 octets) (* BYE ... when no tag can be read),
//              a4 NO [TOOBIG] Literal too large, * BYE too many errors,
//              * BYE [SERVERBUG] ... (a defect: the transition table has no row)
#include <cstddef>
#include <functional>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/common/diagram.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/common/tls_policy.hpp"
#include "sim/proto/imap/args.hpp"
#include "sim/proto/imap/server_commands.hpp"
#include "sim/proto/imap/server_states.hpp"
#include "sim/proto/sasl/credentials.hpp"

namespace mailsim::imap {

struct ServerConfig {
  std::string hostname = "localhost";
  std::int64_t epoch_seconds = 1762160400;  // virtual time 0 as Unix time, for INTERNALDATE
  std::size_t max_line = 8192;              // one command line, counting CRLF (also: all of a command's lines)
  std::size_t max_literal = 32 * 1024 * 1024;  // one literal (also: all of a command's literals)
  std::size_t max_errors = 20;              // bad commands before "* BYE too many errors"
  // What APPEND, COPY and MOVE may make an account hold (NO [OVERQUOTA], RFC 5530): COPY 1:* to
  // itself doubles a mailbox with one short command. Delivery by SMTP is not limited here.
  std::size_t max_account_messages = 100000;
  std::uint64_t max_account_bytes = 256 * 1024 * 1024;
  // STARTTLS (RFC 9051 §6.2.1), as Dovecot's `ssl`: no, yes (offered), required (no login of any
  // kind before TLS). `tls_ready`: the node has a certificate.
  proto::Ssl ssl = proto::Ssl::No;
  bool tls_ready = true;
  // Dovecot's disable_plaintext_auth: before TLS, CAPABILITY says LOGINDISABLED and no AUTH=PLAIN,
  // and LOGIN and AUTHENTICATE PLAIN are refused with NO [PRIVACYREQUIRED] (RFC 5530).
  bool disable_plaintext_auth = false;
  // Implicit TLS (RFC 8314 §3.3, Dovecot's `imaps` listener on 993): the session starts inside TLS.
  // start() says nothing and enters TLS line mode; tls_established() returns the greeting. Inside,
  // STARTTLS is not offered and plaintext logins are allowed (the connection is "secured").
  bool wrappermode = false;
};

class Server {
 public:
  Server(ServerConfig config, mailstore::MailStore& store);

  // The greeting (nothing with wrappermode: it is sent inside TLS, by tls_established()).
  std::string start();
  // Bytes from the client; returns every response to them. `now` is the internal date of APPENDed
  // messages that name none. Bytes after the session closed are ignored.
  std::string feed(std::string_view bytes, Time now);
  // The store may have changed (another session, a delivery): untagged news for a client in IDLE,
  // else "" (the news then goes with the next command's response).
  std::string poll();
  void connection_lost();
  // Logins checked elsewhere (an authentication server, the destination's sasl_path): LOGIN and
  // AUTHENTICATE PLAIN ask `check` with the login as a PLAIN message, as Dovecot's imap-login does.
  // It answers Lookup::pending(); the node passes the verdict to resume(), which returns the tagged
  // answer (NO [UNAVAILABLE] when the server could not be asked, RFC 5530) and the responses to
  // whatever the client sent meanwhile. Unset: the store's own accounts.
  void set_login_check(std::function<sasl::Lookup(const sasl::LookupRequest&)> check) { login_check_ = std::move(check); }
  std::string resume(const sasl::Lookup& answer);
  bool waiting() const { return pending_.has_value(); }

  bool closed() const { return state_ == State::Logout; }
  // TLS line mode (sim/proto/tls/starttls.hpp): after the OK to STARTTLS nothing is read; the glue
  // runs the handshake and reports its end. tls_established() restarts Not Authenticated inside TLS
  // and sends nothing (RFC 9051 §6.2.1: no greeting, the client asks for CAPABILITY); tls_failed()
  // ends the session. Both return "".
  bool starting_tls() const { return state_ == State::TlsHandshake; }
  // Reading a literal's raw bytes (what the reader outside the client, client_literals.hpp, must
  // agree with).
  bool reading_literal() const { return literal_left_ > 0; }
  std::string tls_established();
  std::string tls_failed();
  bool tls_active() const { return tls_active_; }
  // What CAPABILITY says now: server_capabilities(), with STARTTLS while it may be given, and
  // LOGINDISABLED instead of AUTH=PLAIN while plaintext logins are refused.
  std::string capabilities() const;
  State state() const { return state_; }
  const std::string& user() const { return user_; }        // once authenticated
  const std::string& mailbox() const { return mailbox_; }  // while selected
  // Something happened for which the transition table has no row (a defect of the table): the
  // server said "* BYE [SERVERBUG] ..." and stopped. Tests and fuzz targets check it stays false.
  bool table_miss() const { return table_miss_; }
  // Told of every row the server takes, named as server_diagram() names states and inputs (a "+"
  // that starts a line mode is the input "IDLE +"), so a viewer can light the diagram's edge.
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }

 private:
  friend const std::vector<ServerCommand>& server_commands();

  // The handlers of server_commands(), one per command (some serve two, such as FETCH and UID
  // FETCH); each returns the tagged answer, or Continue when it sent a "+".
  Reply on_capability(Call& c);
  Reply on_noop(Call& c);  // NOOP and CHECK
  Reply on_logout(Call& c);
  Reply on_id(Call& c);
  Reply on_enable(Call& c);
  Reply on_namespace(Call& c);
  Reply on_authenticate(Call& c);
  Reply on_login(Call& c);
  Reply on_starttls(Call& c);
  std::string greeting();
  bool plaintext_auth_allowed() const;
  Reply on_select(Call& c);
  Reply on_examine(Call& c);
  Reply on_create(Call& c);
  Reply on_delete(Call& c);
  Reply on_rename(Call& c);
  Reply on_subscribe(Call& c);  // SUBSCRIBE and UNSUBSCRIBE
  Reply on_list(Call& c);  // LIST and LSUB
  Reply on_status(Call& c);
  Reply on_append(Call& c);
  Reply on_idle(Call& c);
  Reply on_close(Call& c);
  Reply on_unselect(Call& c);
  Reply on_expunge(Call& c);
  Reply on_search(Call& c);  // SEARCH and UID SEARCH
  Reply on_fetch(Call& c);   // FETCH and UID FETCH
  Reply on_store(Call& c);   // STORE and UID STORE
  Reply on_copy(Call& c);    // COPY, UID COPY, MOVE, UID MOVE
  Reply on_uid_expunge(Call& c);
  Reply on_other(Call& c);
  Reply on_sasl_response(Call& c);
  Reply on_done(Call& c);

  // implementation detail, free to change
  struct Request {
    std::string tag;
    std::string name;                  // as the client wrote it ("uid fetch")
    Command command = Command::Other;
    std::string rest;                  // the arguments, literals marked "{n}" where they stood
    std::vector<std::string> literals;
    std::size_t literal_bytes = 0;
  };
  static Reply ok(std::string text) { return {Outcome::Ok, std::move(text)}; }
  static Reply no(std::string text) { return {Outcome::No, std::move(text)}; }
  static Reply bad(std::string text) { return {Outcome::Bad, std::move(text)}; }
  static Reply continues() { return {Outcome::Continue, {}}; }
  static Reply pending() { return {Outcome::Pending, {}}; }
  // The tagged answer to a login the check answered.
  Reply verdict(const sasl::Lookup& answer);
  static Reply completed(const Call& c) { return ok(std::string(c.name) + " completed"); }

  // server.cpp: framing and the table
  void on_line(const proto::Line& line, std::string& out);
  void on_command_line(std::string_view text, std::string& out);
  void execute(Request& r, std::string& out);
  // A line read in a line mode (the SASL response, DONE), answered with the tag that began it.
  void on_mode_line(Command mode, std::string_view text, std::string& out);
  // Writes the tagged response (none for Continue) and takes the table's transition for it.
  void finish(const std::string& tag, Command command, const Reply& reply, std::string& out);
  // An event of the session (the error limit, a BYE of the server's own): "* BYE <text>", the row.
  void event(Command command, std::string_view text, std::string& out);
  // The row for `command` in the current state; when there is none, the table is wrong: says so
  // and stops (nullptr).
  const Transition* row_for(Command command, std::string& out);
  void untagged_bad(std::string_view text, std::string& out);
  void count_error(std::string& out);

  // server_auth.cpp
  Reply login(const std::string& user, const std::string& password);
  Reply sasl_plain(std::string_view response);

  // server_mailbox.cpp
  Reply select(Call& c, bool read_only);
  void deselect();

  // NO [OVERQUOTA] when the account cannot take this many more messages and octets.
  std::optional<Reply> over_quota(std::size_t messages, std::uint64_t bytes) const;
  // Expunges these UIDs (\Deleted ones when `only_deleted`) and reports it (§7.4.1).
  void expunge_uids(std::vector<std::uint32_t> uids, std::string& out);

  // Sequence numbers (1-based) a set names, in order, each once; nullopt when a message sequence
  // number is past the last message or "*" names one in an empty mailbox (a client error, unlike
  // UIDs that no longer exist, §6.4.8). Costs one pass over the mailbox, however many ranges.
  std::optional<std::vector<std::size_t>> resolve(const SequenceSet& set, bool uid) const;

  // server_sync.cpp: untagged news about the selected folder; EXPUNGE only where allowed (§7.4.1).
  std::string sync(bool allow_expunge);
  // The selected folder, found by its id (so a RENAME does not lose it); nullptr when none is
  // selected or it no longer exists.
  mailstore::Folder* folder();
  // The selected folder no longer exists: says BYE (the Closing row) and returns true.
  bool selected_gone(std::string& out);
  // * FLAGS and * OK [PERMANENTFLAGS]: the flags the mailbox knows (SELECT, and after new keywords).
  std::string flags_response(const mailstore::Folder& f);
  // flags_response() when the folder has keywords this session has not announced yet, else "".
  std::string new_flags(const mailstore::Folder& f);
  // A message's flags as this session shows them: \Recent added for its recent messages.
  std::string flags_of(const mailstore::StoredMessage& m) const;
  // Takes the folder's messages from `from_index` on into this session's view (SELECT, new mail):
  // their UIDs and flags, and \Recent for those no read-write session was told of yet (§2.3.2),
  // which a read-write session then keeps for itself. Returns how many it took.
  std::size_t announce(mailstore::Folder& f, std::size_t from_index);

  ServerConfig config_;
  mailstore::MailStore* store_;        // a pointer, so that Server stays movable
  proto::LineReader reader_;
  State state_ = State::NotAuthenticated;
  Time now_ = 0;
  std::size_t errors_ = 0;
  std::string user_;

  // The selected mailbox, as this session has told its client about it.
  std::string mailbox_;
  std::uint64_t selected_id_ = 0;
  bool read_only_ = false;
  std::vector<std::uint32_t> known_uids_;  // index + 1 = message sequence number
  std::map<std::uint32_t, std::set<std::string>> known_flags_;
  std::uint64_t known_version_ = 0;
  std::size_t announced_keywords_ = 0;     // the folder's first keywords this session has listed in FLAGS
  std::set<std::uint32_t> recent_;         // UIDs with \Recent in this session (§2.3.2)

  // A command being read: its literal still arriving, or its next line.
  std::optional<Request> request_;
  std::size_t literal_left_ = 0;       // > 0: reading a literal's bytes
  bool skipping_ = false;              // dropping a refused non-synchronizing literal and its command
  std::string continued_tag_;          // of the AUTHENTICATE or IDLE whose line mode is on
  std::function<sasl::Lookup(const sasl::LookupRequest&)> login_check_;
  struct Pending {
    std::string tag;
    Command command;
  };
  std::optional<Pending> pending_;  // a login the check has not answered yet
  bool table_miss_ = false;
  bool tls_active_ = false;
  proto::StepObserver observer_;

  // Every state change: to `next` by `row`, reported to the observer.
  void move(const Transition& row, State next, bool success, bool continues = false);
};

}  // namespace mailsim::imap
