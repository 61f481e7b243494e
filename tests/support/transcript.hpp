#pragma once
// Byte-exact dialog transcripts for sans-I/O protocol tests, written as the RFCs write examples:
//
//   S: +OK pop.example POP3 server ready
//   C: USER alice
//   S: +OK send PASS
//
// Each "C:" or "S:" line stands for its text plus CRLF ("S:" alone is an empty line); consecutive
// lines of one side form one block, fed or expected as a whole. Lines that are blank or start with
// "#" are ignored. Every transcript can be played twice: once block by block, once byte by byte
// (then a block's expected bytes must equal everything the machine said while being fed it).
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace mailsim::test {

struct Block {
  char who;           // 'C' or 'S'
  std::string bytes;  // the lines, each with CRLF
};

inline std::vector<Block> parse_transcript(std::string_view t) {
  std::vector<Block> blocks;
  while (!t.empty()) {
    const std::size_t nl = t.find('\n');
    std::string_view line = t.substr(0, nl);
    t.remove_prefix(nl == std::string_view::npos ? t.size() : nl + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    REQUIRE_MESSAGE((line.size() >= 2 && (line[0] == 'C' || line[0] == 'S') && line[1] == ':'),
                    "transcript line must start with C: or S: -- " << std::string(line));
    std::string_view text = line.substr(2);
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (blocks.empty() || blocks.back().who != line[0]) blocks.push_back(Block{line[0], {}});
    blocks.back().bytes.append(text);
    blocks.back().bytes += "\r\n";
  }
  return blocks;
}

// Feeds `bytes` whole or one byte at a time; returns everything the machine answered.
template <class Machine>
std::string feed_bytes(Machine& m, std::string_view bytes, bool bytewise) {
  if (!bytewise) return m.feed(bytes);
  std::string out;
  for (char c : bytes) out += m.feed(std::string_view(&c, 1));
  return out;
}

// Plays a server: the first S block is the greeting from start(); then each C block is fed and the
// S block after it (or nothing) must come back.
template <class Server>
void play_server(Server& server, std::string_view transcript, bool bytewise = false) {
  const std::vector<Block> blocks = parse_transcript(transcript);
  std::size_t i = 0;
  if (!blocks.empty() && blocks[0].who == 'S') {
    CHECK(server.start() == blocks[0].bytes);
    i = 1;
  }
  for (; i < blocks.size(); ++i) {
    const std::string& input = blocks[i].bytes;
    const std::string expected = i + 1 < blocks.size() ? blocks[++i].bytes : std::string();
    INFO("C: " << input << (bytewise ? " (byte by byte)" : ""));
    CHECK(feed_bytes(server, input, bytewise) == expected);
  }
}

// Plays a client: each S block is fed and the C block after it (or nothing) must come back.
// A transcript that starts with C: is a client that speaks first (none of ours does).
template <class Client>
void play_client(Client& client, std::string_view transcript, bool bytewise = false) {
  const std::vector<Block> blocks = parse_transcript(transcript);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    REQUIRE(blocks[i].who == 'S');
    const std::string& input = blocks[i].bytes;
    const std::string expected = i + 1 < blocks.size() ? blocks[++i].bytes : std::string();
    INFO("S: " << input << (bytewise ? " (byte by byte)" : ""));
    CHECK(feed_bytes(client, input, bytewise) == expected);
  }
}

}  // namespace mailsim::test
