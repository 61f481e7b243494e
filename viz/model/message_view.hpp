#pragma once
// A message's source split for display: header fields (unfolded values for From/Subject), the body,
// and the Received: chain, numbered as the message travelled (hop 1 is the lowest field: the first
// server added it, and every later server put its own above).
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::viz {

struct SourceLine {
  std::string text;
  bool header = false;     // in the header section
  int received_hop = 0;    // > 0: part of the Received: field of that hop
};

struct ReceivedHop {
  int hop = 0;
  std::string from, by;    // "from X ... by Y"
  std::string id;          // "with ESMTP id 9647364CEA"
};

struct ParsedMessage {
  std::vector<SourceLine> lines;
  std::vector<ReceivedHop> hops;   // hop 1 first
};

// Accepts CRLF or LF line ends.
ParsedMessage parse_message(std::string_view raw);
// The first field `name` (case-insensitive), unfolded; "" when absent.
std::string header_value(std::string_view raw, std::string_view name);

}  // namespace mailsim::viz
