#pragma once
// IMAP4rev1 server machine (RFC 3501), sans-I/O: the client's bytes in, the server's bytes out, over
// a MailStore shared with other sessions and with delivery. Commands and the states that allow them
// are in server_states; FETCH's view of a message in message_view; argument syntax in args.
//
// Sessions see each other's changes: each selected session remembers the UIDs (its message sequence
// numbers) and flags it has told its client about, and reports differences as untagged EXISTS,
// EXPUNGE and FETCH FLAGS responses whenever RFC 3501 §7 allows (after commands; at once in IDLE).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/args.hpp"
#include "sim/proto/imap/server_states.hpp"

namespace mailsim::imap {

struct ServerConfig {
  std::string hostname = "localhost";
  std::int64_t epoch_seconds = 1762160400;  // virtual time 0 as Unix time, for INTERNALDATE
  std::size_t max_line = 8192;
  std::size_t max_literal = 32 * 1024 * 1024;
  std::size_t max_errors = 20;
};

class Server {
 public:
  Server(ServerConfig config, mailstore::MailStore& store);

  std::string start();
  std::string feed(std::string_view bytes, Time now);
  // The store may have changed: untagged updates for a client in IDLE, else "".
  std::string poll();
  void connection_lost() { state_ = State::Logout; }
  bool closed() const { return state_ == State::Logout; }
  State state() const { return state_; }

 private:
  struct Command {
    std::string tag, name, rest;
    std::vector<std::string> literals;
  };
  void on_line(const proto::Line& line, std::string& out);
  void execute(Command& c, std::string& out);
  void bad(const std::string& tag, const std::string& text, std::string& out);

  void login(const std::string& tag, const std::string& user, const std::string& password, std::string& out);
  void authenticate(Command& c, const std::vector<Arg>& args, std::string& out);
  void select(Command& c, const std::vector<Arg>& args, bool read_only, std::string& out);
  void list(Command& c, const std::vector<Arg>& args, std::string& out);
  void status(Command& c, const std::vector<Arg>& args, std::string& out);
  void append(Command& c, const std::vector<Arg>& args, Time now, std::string& out);
  void fetch(const std::string& tag, const std::vector<Arg>& args, bool uid, std::string& out);
  void store(const std::string& tag, const std::vector<Arg>& args, bool uid, std::string& out);
  void search(const std::string& tag, const std::vector<Arg>& args, bool uid, std::string& out);
  void expunge(const std::string& tag, bool silent, std::string& out);

  // Untagged news about the selected folder; expunges only where allowed (§7.4.1).
  std::string sync(bool allow_expunge);
  mailstore::Folder* folder();
  // Sequence numbers (1-based) of the messages a set names, in order.
  std::vector<std::size_t> resolve(const SequenceSet& set, bool uid);
  std::string flags_text(const std::set<std::string>& flags) const;

  ServerConfig config_;
  mailstore::MailStore& store_;
  proto::LineReader reader_;
  State state_ = State::NotAuthenticated;
  std::string user_;
  std::string mailbox_;
  bool read_only_ = false;
  std::vector<std::uint32_t> known_uids_;                 // this session's sequence numbers
  std::map<std::uint32_t, std::set<std::string>> known_flags_;
  std::uint64_t known_version_ = 0;
  std::size_t errors_ = 0;
  // A command waiting for more: literal bytes still to come, or the next line of AUTHENTICATE/IDLE.
  std::optional<Command> pending_;
  std::size_t literal_left_ = 0;
  enum class Waiting { None, Literal, AuthLine, IdleDone } waiting_ = Waiting::None;
  std::string idle_tag_;
  Time now_ = 0;
};

}  // namespace mailsim::imap
