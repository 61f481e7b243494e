#include "sim/proto/imap/server_commands.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

// In the order of RFC 3501 §6, each extension's commands after the base command they extend. The
// explanation keys are the names the viewers know (viz/model/explain_table.cpp).
const std::vector<ServerCommand>& server_commands() {
  using S = Server;
  using W = Where;
  using L = Leads;
  static const std::vector<ServerCommand> commands = {
      {Command::Capability, "CAPABILITY", W::Anywhere, L::Stay, "", "CAPABILITY", &S::on_capability},
      {Command::Noop, "NOOP", W::Anywhere, L::Stay, "", "NOOP", &S::on_noop},
      {Command::Logout, "LOGOUT", W::Anywhere, L::LogsOut, "", "LOGOUT", &S::on_logout},
      {Command::Id, "ID", W::Anywhere, L::Stay, "ID", "ID", &S::on_id},  // RFC 2971
      // PLAIN (RFC 4616), with the initial response on the command line (SASL-IR, RFC 4959).
      {Command::Authenticate, "AUTHENTICATE", W::NotAuthenticated, L::Authenticates, "AUTH=PLAIN SASL-IR", "AUTHENTICATE",
       &S::on_authenticate},
      {Command::Login, "LOGIN", W::NotAuthenticated, L::LogsIn, "", "LOGIN", &S::on_login},
      // RFC 9051 §6.2.1. Its keyword (and LOGINDISABLED) depend on the session, so the server adds
      // them (Server::capabilities), not this table.
      {Command::Starttls, "STARTTLS", W::NotAuthenticated, L::StartsTls, "", "STARTTLS", &S::on_starttls},
      // RFC 5161: no extension this server has is one a client must enable, so ENABLE enables none.
      {Command::Enable, "ENABLE", W::BeforeSelect, L::Stay, "ENABLE", "ENABLE", &S::on_enable},
      {Command::Namespace, "NAMESPACE", W::Authenticated, L::Stay, "NAMESPACE", "NAMESPACE", &S::on_namespace},  // RFC 2342
      {Command::Select, "SELECT", W::Authenticated, L::Selects, "", "SELECT", &S::on_select},
      {Command::Examine, "EXAMINE", W::Authenticated, L::Selects, "", "EXAMINE", &S::on_examine},
      {Command::Create, "CREATE", W::Authenticated, L::Stay, "", "CREATE", &S::on_create},
      {Command::Delete, "DELETE", W::Authenticated, L::Stay, "", "DELETE", &S::on_delete},
      {Command::Rename, "RENAME", W::Authenticated, L::Stay, "", "RENAME", &S::on_rename},
      {Command::Subscribe, "SUBSCRIBE", W::Authenticated, L::Stay, "", "SUBSCRIBE", &S::on_subscribe},
      {Command::Unsubscribe, "UNSUBSCRIBE", W::Authenticated, L::Stay, "", "UNSUBSCRIBE", &S::on_subscribe},
      // LIST answers with CHILDREN's attributes (RFC 3348).
      {Command::List, "LIST", W::Authenticated, L::Stay, "", "LIST", &S::on_list},
      {Command::Lsub, "LSUB", W::Authenticated, L::Stay, "", "LSUB", &S::on_list},
      {Command::Status, "STATUS", W::Authenticated, L::Stay, "", "STATUS", &S::on_status},
      {Command::Append, "APPEND", W::Authenticated, L::Stay, "", "APPEND", &S::on_append},
      {Command::Idle, "IDLE", W::Authenticated, L::Idles, "IDLE", "IDLE", &S::on_idle},  // RFC 2177
      {Command::Check, "CHECK", W::Selected, L::Stay, "", "CHECK", &S::on_noop},
      {Command::Close, "CLOSE", W::Selected, L::Deselects, "", "CLOSE", &S::on_close},
      {Command::Unselect, "UNSELECT", W::Selected, L::Deselects, "UNSELECT", "UNSELECT", &S::on_unselect},  // RFC 3691
      {Command::Expunge, "EXPUNGE", W::Selected, L::Stay, "", "EXPUNGE", &S::on_expunge},
      {Command::Search, "SEARCH", W::Selected, L::Stay, "", "SEARCH", &S::on_search},
      {Command::Fetch, "FETCH", W::Selected, L::Stay, "", "FETCH", &S::on_fetch},
      {Command::Store, "STORE", W::Selected, L::Stay, "", "STORE", &S::on_store},
      // COPY and UID COPY answer with COPYUID, APPEND with APPENDUID (UIDPLUS, RFC 4315).
      {Command::Copy, "COPY", W::Selected, L::Stay, "", "COPY", &S::on_copy},
      {Command::Move, "MOVE", W::Selected, L::Stay, "MOVE", "MOVE", &S::on_copy},  // RFC 6851
      {Command::UidFetch, "UID FETCH", W::Selected, L::Stay, "", "UID FETCH", &S::on_fetch},
      {Command::UidStore, "UID STORE", W::Selected, L::Stay, "", "UID STORE", &S::on_store},
      {Command::UidSearch, "UID SEARCH", W::Selected, L::Stay, "", "UID SEARCH", &S::on_search},
      {Command::UidCopy, "UID COPY", W::Selected, L::Stay, "", "UID COPY", &S::on_copy},
      {Command::UidMove, "UID MOVE", W::Selected, L::Stay, "MOVE", "UID MOVE", &S::on_copy},
      {Command::UidExpunge, "UID EXPUNGE", W::Selected, L::Stay, "UIDPLUS", "UID EXPUNGE", &S::on_uid_expunge},
      {Command::Other, "", W::Anywhere, L::Stay, "", "", &S::on_other},
      {Command::SaslResponse, "", W::LineMode, L::Stay, "", "", &S::on_sasl_response},
      {Command::Done, "", W::LineMode, L::Stay, "", "DONE", &S::on_done},
      {Command::Greeting, "", W::LineMode, L::Stay, "", "", nullptr},
      {Command::TooManyErrors, "", W::LineMode, L::Stay, "", "", nullptr},
      {Command::Closing, "", W::LineMode, L::Stay, "", "", nullptr},
      {Command::TlsEstablished, "", W::LineMode, L::Stay, "", "", nullptr},
      {Command::TlsFailed, "", W::LineMode, L::Stay, "", "", nullptr},
      {Command::ConnectionLost, "", W::LineMode, L::Stay, "", "", nullptr},
      {Command::ImplicitTls, "", W::LineMode, L::Stay, "", "", nullptr},
  };
  return commands;
}

const ServerCommand& server_command(Command command) {
  for (const ServerCommand& c : server_commands())
    if (c.command == command) return c;
  // Every Command has a row above; the tests check it, so this is a programmer's error.
  throw std::logic_error("imap: no server_commands() row for command " +
                         std::to_string(static_cast<int>(command)));
}

Command classify_command(std::string_view name) {
  for (const ServerCommand& c : server_commands())
    if (!c.name.empty() && proto::iequals(name, c.name)) return c.command;
  return Command::Other;
}

const std::vector<ServerFeature>& server_features() {
  static const std::vector<ServerFeature> features = {
      {"LITERAL+", "RFC 7888: non-synchronizing literals {n+} are read without a \"+\", up to max_literal octets; "
                   "a larger one is refused (NO [TOOBIG]) and its octets skipped, so the session goes on"},
      {"CHILDREN", "RFC 3348: LIST says \\HasChildren or \\HasNoChildren of every name"},
      {"SPECIAL-USE", "RFC 6154: LIST marks the folders with a special use (\\Drafts, \\Sent, \\Junk, \\Trash), "
                      "which the destination creates for every account"},
  };
  return features;
}

const std::string& server_capabilities() {
  static const std::string capabilities = [] {
    std::string out = "IMAP4rev1";
    auto add = [&out](std::string_view keywords) {
      // Rows may share a keyword (UID EXPUNGE and the UIDPLUS codes); each is named once.
      std::size_t at = 0;
      while (at < keywords.size()) {
        const std::size_t sp = std::min(keywords.find(' ', at), keywords.size());
        const std::string word(keywords.substr(at, sp - at));
        if ((" " + out + " ").find(" " + word + " ") == std::string::npos) out += " " + word;
        at = sp + 1;
      }
    };
    for (const ServerCommand& c : server_commands()) add(c.capability);
    for (const ServerFeature& f : server_features()) add(f.capability);
    return out;
  }();
  return capabilities;
}

}  // namespace mailsim::imap
