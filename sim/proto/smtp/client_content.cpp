#include "sim/proto/smtp/client_content.hpp"

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::smtp {

namespace {

constexpr std::size_t kServerHead = 4, kClientHead = 16;

// Keeps the first `n` bytes of a line across chunks.
void keep_head(std::string& head, std::string_view part, std::size_t n) {
  if (head.size() < n) head.append(part.substr(0, n - head.size()));
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// A whole client line (`len` bytes with its ending, `head` its start) that is the DATA command:
// "DATA" in any case, spaces or tabs around it allowed (as the server takes it).
bool data_command(std::string_view head, std::size_t len) {
  if (len > kClientHead) return false;
  return proto::iequals(proto::trim(head.substr(0, head.find_last_not_of(" \t\r\n") + 1)), "DATA");
}

}  // namespace

ClientContent::Options ClientContent::Options::of(const ServerConfig& server, bool greeting) {
  return {greeting, server.forbid_bare_newline, server.max_command_line};
}

ClientContent::ClientContent(Options o) : o_(o) {
  if (o.greeting) due_.push_back({Kind::Reply});
}

void ClientContent::reply(std::string_view head) {
  // Only a reply's last line answers ("354-" continues); a line that is no reply at all still tells
  // that the server has stopped reading content.
  const bool code = head.size() == kServerHead && digit(head[0]) && digit(head[1]) && digit(head[2]) &&
                    (head[3] == ' ' || head[3] == '-' || head[3] == '\r' || head[3] == '\n');
  if (code && head[3] == '-') return;
  if (content_ && accepted_) {  // the server saw the content's end (or gave up): nothing was due
    content_ = accepted_ = false;
    return;
  }
  if (!code || due_.empty()) return;  // nothing asked for it (a 421 before closing, say)
  const bool go_ahead = head.substr(0, 3) == "354";
  const Due what = due_.front();
  due_.pop_front();
  // The lines that followed this DATA: content if it goes ahead, else commands the server answers.
  std::size_t after = 0;
  while (after < due_.size() && due_[after].kind == Kind::IfRefused) ++after;
  const bool still_its_content = content_ && due_.size() == after;
  if (what.kind == Kind::Data && go_ahead) {
    due_.erase(due_.begin(), due_.begin() + static_cast<std::ptrdiff_t>(after));
    if (still_its_content) accepted_ = true;  // its content goes on: the next reply ends it
  } else if (what.kind == Kind::Data) {
    // Read again as the server reads them: commands, among them perhaps another DATA whose lines
    // are again content if it goes ahead.
    bool in = false;
    for (std::size_t i = 0; i < after; ++i) {
      Due& d = due_[i];
      if (!in) {
        d.kind = d.data_line ? Kind::Data : Kind::Reply;
        in = d.data_line;
      } else if (d.end_line) {
        d.kind = Kind::Reply;
        in = false;
      }
    }
    if (still_its_content) content_ = in;
  } else if (go_ahead) {
    // A DATA not recognised as one ("DATA" with many spaces after it): what the client sent since
    // was its content, up to a line that ends it (whose reply is the end of data's).
    std::size_t end = 0;
    while (end < due_.size() && !due_[end].end_line) ++end;
    due_.erase(due_.begin(), due_.begin() + static_cast<std::ptrdiff_t>(end));
    if (due_.empty()) content_ = accepted_ = true;
    else due_.front().kind = Kind::Reply;
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
    // Once per line, when its first four bytes are in (or it ended before).
    const bool short_head = server_head_.size() < kServerHead;
    keep_head(server_head_, bytes.substr(pos, end - pos), kServerHead);
    if (short_head && (server_head_.size() == kServerHead || lf != std::string_view::npos)) reply(server_head_);
    if (lf != std::string_view::npos) server_line_open_ = false;
    pos = end;
  }
}

void ClientContent::client_line(bool crlf) {
  // A client that sends and never reads: past this many lines waiting for replies, stop following
  // (its lines are commands from then on); the bridge stops reading it long before.
  constexpr std::size_t kMaxDue = 1 << 16;
  const bool dot = client_len_ == (crlf ? 3u : 2u) && client_head_[0] == '.';
  // The content's end as the server reads it (Server::is_end_of_data).
  const bool end = dot && (o_.bare_newline == BareNewline::No || (crlf && last_crlf_));
  const bool data = data_command(client_head_, client_len_);
  if (client_due_) {  // counted when it grew too long (and no DATA, no end)
  } else if (content_) {
    if (end) {
      content_ = accepted_ = false;
      due_.push_back({Kind::Reply, data, end});  // the end of data's reply (or a command's, if DATA is refused)
    } else if (!accepted_) {
      due_.push_back({Kind::IfRefused, data, end});
    }
  } else {
    due_.push_back({data ? Kind::Data : Kind::Reply, data, end});
    content_ = data;
  }
  last_crlf_ = crlf;
  if (due_.size() > kMaxDue) {
    due_.clear();
    content_ = accepted_ = false;
  }
}

std::vector<ClientContent::Part> ClientContent::from_client(std::string_view bytes) {
  std::vector<Part> out;
  std::size_t start = 0;
  bool open = false;  // the run so far: content?
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t lf = bytes.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? bytes.size() : lf + 1;
    // A line's bytes take the state it began in.
    const bool content = in_content();
    if (pos > start && content != open) {
      out.push_back({bytes.substr(start, pos - start), open});
      start = pos;
    }
    open = content;
    keep_head(client_head_, bytes.substr(pos, end - pos), kClientHead);
    client_len_ += end - pos;
    const std::size_t text_end = lf == std::string_view::npos ? end : lf;  // the LF not counted
    if (text_end > pos) client_cr_ = bytes[text_end - 1] == '\r';
    if (lf != std::string_view::npos) {
      client_line(client_len_ >= 2 && client_cr_);
      client_head_.clear();
      client_len_ = 0;
      client_cr_ = false;
      client_due_ = false;
    }
    pos = end;
  }
  // A command line past the limit is answered now (proto::LineReader reports it before its end).
  if (!content_ && !client_due_ && client_len_ > o_.max_command_line) {
    due_.push_back({Kind::Reply});
    client_due_ = true;
  }
  if (start < bytes.size()) out.push_back({bytes.substr(start), open});
  return out;
}

}  // namespace mailsim::smtp
