#include "sim/nodes/content_split.hpp"

#include <cctype>
#include <charconv>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::nodes {

using trace::Payload;

Pieces split_pop3_reply(std::string_view request, const std::string& reply) {
  const auto first_end = reply.find("\r\n");
  const bool message = (proto::istarts_with(request, "RETR ") || proto::istarts_with(request, "TOP ")) &&
                       reply.rfind("+OK", 0) == 0 && first_end != std::string::npos && reply.size() > first_end + 5 &&
                       reply.compare(reply.size() - 5, 5, "\r\n.\r\n") == 0;
  if (!message) return {{reply, Payload::Reply}};
  return {{reply.substr(0, first_end + 2), Payload::Reply},
          {reply.substr(first_end + 2, reply.size() - first_end - 5), Payload::Content},
          {".\r\n", Payload::Reply}};
}

Pieces split_imap_reply(const std::string& reply) {
  Pieces out;
  std::size_t done = 0, pos = 0;
  while ((pos = reply.find("}\r\n", pos)) != std::string::npos) {
    const auto open = reply.rfind('{', pos);
    std::size_t n = 0;
    const auto [p, ec] = std::from_chars(reply.data() + open + 1, reply.data() + pos, n);
    if (open == std::string::npos || open < done || ec != std::errc() || p != reply.data() + pos ||
        pos + 3 + n > reply.size()) {
      pos += 3;
      continue;
    }
    out.push_back({reply.substr(done, pos + 3 - done), Payload::Reply});
    out.push_back({reply.substr(pos + 3, n), Payload::Content});
    done = pos = pos + 3 + n;
  }
  if (done < reply.size()) out.push_back({reply.substr(done), Payload::Reply});
  return out;
}

}  // namespace mailsim::nodes
