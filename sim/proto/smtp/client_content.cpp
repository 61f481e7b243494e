#include "sim/proto/smtp/client_content.hpp"

namespace mailsim::smtp {

namespace {

constexpr std::size_t kServerHead = 4, kClientHead = 8;

// Keeps the first `n` bytes of a line across chunks.
void keep_head(std::string& head, std::string_view part, std::size_t n) {
  if (head.size() < n) head.append(part.substr(0, n - head.size()));
}

// A reply code (three digits) then a space, a hyphen or the line's end.
bool reply_code(std::string_view head) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return head.size() >= 4 && digit(head[0]) && digit(head[1]) && digit(head[2]) &&
         (head[3] == ' ' || head[3] == '-' || head[3] == '\r' || head[3] == '\n');
}

// A whole client line (with its ending, `len` bytes, `head` its start) that is the DATA command:
// "DATA" in any case, spaces or tabs after it allowed.
bool data_command(std::string_view head, std::size_t len) {
  if (len > kClientHead || head.size() < 5) return false;
  for (std::size_t i = 0; i < 4; ++i)
    if ((head[i] & ~0x20) != "DATA"[i]) return false;
  for (std::size_t i = 4; i < head.size(); ++i)
    if (head[i] != ' ' && head[i] != '\t' && head[i] != '\r' && head[i] != '\n') return false;
  return head.back() == '\n';
}

bool dot_line(std::string_view head, std::size_t len) {
  return (len == 3 && head == ".\r\n") || (len == 2 && head == ".\n");
}

}  // namespace

void ClientContent::reply_line_starts(std::string_view head) {
  if (!reply_code(head)) {
    if (state_ == State::Accepted) state_ = State::Commands;  // not even a reply: the content is over
    return;
  }
  const bool go_ahead = head.substr(0, 3) == "354";
  switch (state_) {
    case State::Commands:
      // The late 354 of a DATA whose content is over is only that; a refusal means none will come.
      if (go_ahead && !late_354_) state_ = State::Accepted;
      if (go_ahead || head[0] == '4' || head[0] == '5') late_354_ = false;
      break;
    case State::Sent:
      if (go_ahead) state_ = State::Accepted;
      else if (head[0] == '4' || head[0] == '5') state_ = State::Commands;
      break;
    case State::Accepted: state_ = State::Commands; break;
  }
}

void ClientContent::from_server(std::string_view bytes) {
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t lf = bytes.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? bytes.size() : lf + 1;
    if (!server_line_open_) {
      server_head_.clear();
      server_line_open_ = true;
    }
    // Once per line, when its first four bytes are in.
    const bool short_head = server_head_.size() < kServerHead;
    keep_head(server_head_, bytes.substr(pos, end - pos), kServerHead);
    if (short_head && (server_head_.size() == kServerHead || lf != std::string_view::npos)) reply_line_starts(server_head_);
    if (lf != std::string_view::npos) server_line_open_ = false;
    pos = end;
  }
}

std::vector<ClientContent::Part> ClientContent::from_client(std::string_view bytes) {
  std::vector<Part> out;
  std::size_t start = 0;
  // Ends the run so far, of the kind the state gave it, where the state is about to change.
  auto cut = [&](std::size_t at) {
    if (at > start) out.push_back({bytes.substr(start, at - start), in_content()});
    start = at;
  };
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t lf = bytes.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? bytes.size() : lf + 1;
    keep_head(client_head_, bytes.substr(pos, end - pos), kClientHead);
    client_len_ += end - pos;
    if (lf != std::string_view::npos) {
      if (in_content() && dot_line(client_head_, client_len_)) {  // the content's last line
        cut(end);
        late_354_ = state_ == State::Sent;
        state_ = State::Commands;
      } else if (state_ == State::Commands && data_command(client_head_, client_len_)) {
        cut(end);  // DATA itself is a command; what follows is content
        state_ = State::Sent;
      }
      client_head_.clear();
      client_len_ = 0;
    }
    pos = end;
  }
  cut(bytes.size());
  return out;
}

}  // namespace mailsim::smtp
