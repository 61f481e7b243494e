#include "sim/proto/imap/client_literals.hpp"

#include <algorithm>
#include <cctype>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/framing.hpp"

namespace mailsim::imap {

namespace {

// Enough of a line's start for a tag and a command name (a longer tag is read as cut: no command
// the reader knows), and of its end for "{18446744073709551615+}" and its line ending.
constexpr std::size_t kHead = 256, kTail = 32;

void keep_head(std::string& head, std::string_view part, std::size_t n) {
  if (head.size() < n) head.append(part.substr(0, n - head.size()));
}
// The line's last bytes. A marker's number may have any count of leading zeros, which the server
// reads as the same number ("{0000000000000000000000000000008}" is 8 octets), so they go before the
// tail is cut: else the '{' falls off and the reader misses a literal the server waits for.
void keep_tail(std::string& tail, std::string_view part) {
  tail.append(part);
  if (const std::size_t open = tail.rfind('{'); open != std::string::npos) {
    std::size_t zeros = 0;
    while (open + 2 + zeros < tail.size() && tail[open + 1 + zeros] == '0' &&
           std::isdigit(static_cast<unsigned char>(tail[open + 2 + zeros])))
      ++zeros;
    tail.erase(open + 1, zeros);
  }
  if (tail.size() > kTail) tail.erase(0, tail.size() - kTail);
}

// Whether a server line (its start) is the tagged reply to `tag`.
bool tagged(std::string_view head, const std::string& tag) {
  return !tag.empty() && head.size() > tag.size() && head.starts_with(tag) && head[tag.size()] == ' ';
}

std::string_view without_ending(std::string_view s) {
  if (s.ends_with('\n')) s.remove_suffix(1);
  if (s.ends_with('\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

void ClientLiterals::server_line(std::string_view head) {
  if (!mode_tag_.empty() && tagged(head, mode_tag_)) mode_tag_.clear();  // IDLE or AUTHENTICATE is over
  if (awaiting_sync_ && head.starts_with('+')) {
    awaiting_sync_ = false;  // go ahead: the literal's bytes come now
  } else if (awaiting_sync_ && tagged(head, tag_)) {
    // Answered before its literal: refused, and the client sends no bytes for it.
    awaiting_sync_ = false;
    literal_left_ = 0;
    continued_ = append_ = false;
  } else if ((literal_left_ > 0 || continued_) && tagged(head, tag_)) {
    refused_ = true;  // a LITERAL+ one refused: the server drops the rest of the command
  }
}

void ClientLiterals::from_server(std::string_view bytes) {
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t lf = bytes.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? bytes.size() : lf + 1;
    if (!server_line_open_) {
      server_head_.clear();
      server_line_open_ = true;
    }
    keep_head(server_head_, bytes.substr(pos, end - pos), kHead);
    if (lf != std::string_view::npos) {
      server_line_open_ = false;
      server_line(server_head_);
    }
    pos = end;
  }
}

void ClientLiterals::line_end() {
  const std::string_view text = without_ending(tail_);
  std::optional<LiteralMarker> marker = literal_marker_at_end(text, quoted_);
  if (line_len_ > max_line_) marker.reset();  // the server cut the line before its end
  if (!mode_tag_.empty()) {
    marker.reset();  // a line of IDLE or AUTHENTICATE
  } else if (!continued_) {  // a new command: "TAG NAME ARGS"
    const std::string_view line = without_ending(head_);
    const std::size_t sp = line.find(' ');
    tag_ = std::string(line.substr(0, sp == std::string_view::npos ? line.size() : sp));
    std::string_view name = sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
    name = name.substr(0, name.find(' '));
    append_ = proto::iequals(name, "APPEND");
    // Only after a valid tag. (Anywhere after it: a marker in the command's name makes an unknown
    // command, which the server refuses, and then it still reads a LITERAL+ one's bytes, to drop.)
    if (!valid_tag(tag_)) marker.reset();
    else if (!marker && line_len_ <= max_line_ && (proto::iequals(name, "IDLE") || proto::iequals(name, "AUTHENTICATE")))
      mode_tag_ = tag_;
  } else if (refused_ && marker && marker->synchronizing) {
    marker.reset();  // the rest of a refused command: the server waits for no literal there
  }
  if (marker) {
    literal_left_ = marker->size;
    awaiting_sync_ = marker->synchronizing && !refused_;  // "{0}" too: its "+" or its refusal comes
    continued_ = true;  // the command goes on after the literal
  } else {
    continued_ = append_ = refused_ = false;
  }
  head_.clear();
  tail_.clear();
  quoted_ = escaped_ = false;
  line_len_ = 0;
}

std::vector<ClientLiterals::Part> ClientLiterals::from_client(std::string_view bytes) {
  std::vector<Part> out;
  auto add = [&out](std::string_view b, bool content) {
    if (b.empty()) return;
    if (!out.empty() && out.back().content == content && out.back().bytes.data() + out.back().bytes.size() == b.data())
      out.back().bytes = std::string_view(out.back().bytes.data(), out.back().bytes.size() + b.size());
    else
      out.push_back({b, content});
  };
  for (std::size_t pos = 0; pos < bytes.size();) {
    if (literal_left_ > 0) {
      const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(literal_left_, bytes.size() - pos));
      add(bytes.substr(pos, k), append_ && !refused_);
      literal_left_ -= k;
      awaiting_sync_ = false;  // its bytes have begun: a refusal now comes too late to undo them
      pos += k;
      continue;
    }
    const std::size_t lf = bytes.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? bytes.size() : lf + 1;
    const std::string_view chunk = bytes.substr(pos, end - pos);
    keep_head(head_, chunk, kHead);
    keep_tail(tail_, chunk);
    for (const char c : chunk) {
      if (escaped_) escaped_ = false;
      else if (quoted_ && c == '\\') escaped_ = true;  // a marker inside a quoted string is text
      else if (c == '"') quoted_ = !quoted_;
      ++line_len_;
    }
    add(chunk, false);
    if (lf != std::string_view::npos) line_end();
    pos = end;
  }
  return out;
}

}  // namespace mailsim::imap
