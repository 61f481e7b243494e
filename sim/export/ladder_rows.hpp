#pragma once
// The trace as the arrows of a ladder (Wireshark's flow graph, a SIP call ladder): one column per
// host, time downwards, one arrow per command, reply (a multi-line reply is one arrow) and DNS
// message, the mail data of one DATA/RETR/FETCH as one arrow, and the connection attempts that
// failed. `mailsim run --ladder` writes these as Mermaid (ladder.hpp); the app draws them.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/trace/event.hpp"

namespace mailsim::exporter {

enum class ArrowKind { Command, Reply, Data, Datagram, Connect, Refused, TimedOut };

struct LadderArrow {
  ArrowKind kind = ArrowKind::Command;
  std::uint32_t event = 0;         // the first event it stands for (index into the events given)
  std::uint32_t last_event = 0;    // ... and the last (a reply's last line, the data's last line)
  Time time = 0;                   // when its first line left
  std::string from, to;            // host names, or the address dialled when no host has it
  std::string protocol;            // the event's: "smtp", "submission", "pop3", "imap", "dns"
  std::uint64_t conn = 0;
  int code = 0;                    // a reply's code (0 otherwise)
  std::vector<std::string> lines;  // a reply's lines; one line for the others
  std::size_t data_lines = 0;      // Data: how many lines of mail data
};

struct Ladder {
  std::vector<std::string> hosts;  // the columns, in the order they first appear
  std::vector<LadderArrow> arrows; // in the order they end
};

Ladder ladder_of(const std::vector<trace::Event>& events);

}  // namespace mailsim::exporter
