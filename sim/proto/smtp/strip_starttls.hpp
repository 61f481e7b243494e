#pragma once
// STARTTLS stripping (a downgrade attack): what a man in the middle does to an SMTP connection's
// plain text so that the two ends never start TLS. Sans-I/O: a chunk of one direction's bytes in,
// the changed bytes and each line it changed out; the network and the attacker's node decide
// where it runs (sim/nodes/eavesdropper.cpp).
//
// As it was seen in the wild (EFF, "ISPs removing their customers' email encryption", 2014; the
// Cisco PIX/ASA "ESMTP inspection"): the server's EHLO reply line 250-STARTTLS is rewritten to
// 250-XXXXXXXA, keeping its length so the TCP sequence numbers still match, or dropped from the
// reply; and a client's STARTTLS command becomes XXXXXXXX, which the server answers with
// "502 5.5.2 Error: command not recognized". Nothing is added: every reply the client reads is
// one the server sent.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::smtp {

enum class StripMode { Rewrite, Drop };

struct LineChange {
  std::string before;  // the line as sent, without its CRLF ("250-STARTTLS")
  std::string after;   // as passed on ("250-XXXXXXXA"); empty and `dropped` when taken out
  bool dropped = false;
};

struct Stripped {
  std::string bytes;                // what goes on: equal to the input when nothing changed
  std::vector<LineChange> changes;  // in order; empty when nothing changed
};

// `from_client`: the chunk travels from the SMTP client to the server. Only whole lines (ending in
// LF) are looked at; a piece of a line passes as it is. Keywords are matched without regard to
// case, as servers and clients do.
Stripped strip_starttls(std::string_view chunk, bool from_client, StripMode mode);

}  // namespace mailsim::smtp
