// Which of an SMTP client's bytes are a message's content, read from outside it
// (sim/proto/smtp/client_content.hpp), against a model that follows the header's rules one byte
// at a time over whole lines. Input: writes cut at 0xFF; a write starting with 'S' is the server's
// (the rest of it), any other is the client's.
//
// Checked: the client's parts put together are exactly its write, none is empty, and every byte
// has the model's label; in_content() agrees after every write.
#include <cctype>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/smtp/client_content.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

class Model {
 public:
  void server(std::string_view b) {
    for (const char c : b) {
      if (!open_) {
        line_.clear();
        judged_ = false;
        open_ = true;
      }
      line_ += c;
      if (!judged_ && (line_.size() == 4 || c == '\n')) {
        judged_ = true;
        reply(line_);
      }
      if (c == '\n') open_ = false;
    }
  }
  // The label of each byte.
  std::string client(std::string_view b) {
    std::string labels;
    for (const char c : b) {
      labels += content() ? 'M' : 'C';
      client_ += c;
      if (c != '\n') continue;
      if (content() && (client_ == ".\r\n" || client_ == ".\n")) {
        late_ = state_ == 1;
        state_ = 0;
      } else if (state_ == 0 && is_data(client_)) {
        state_ = 1;
      }
      client_.clear();
    }
    return labels;
  }
  bool content() const { return state_ != 0; }

 private:
  // "DATA" in any case, then only spaces, tabs and CR before the LF; 8 bytes at most.
  static bool is_data(const std::string& l) {
    if (l.size() > 8 || l.size() < 5) return false;
    std::string verb;
    for (std::size_t i = 0; i < 4; ++i) verb += static_cast<char>(std::toupper(static_cast<unsigned char>(l[i])));
    if (verb != "DATA") return false;
    return l.find_first_not_of(" \t\r\n", 4) == std::string::npos;
  }
  void reply(const std::string& head) {
    const bool code = head.size() == 4 && std::isdigit(static_cast<unsigned char>(head[0])) &&
                      std::isdigit(static_cast<unsigned char>(head[1])) && std::isdigit(static_cast<unsigned char>(head[2])) &&
                      std::string(" -\r\n").find(head[3]) != std::string::npos;
    if (!code) {
      if (state_ == 2) state_ = 0;
      return;
    }
    const bool go = head.starts_with("354"), refusal = head[0] == '4' || head[0] == '5';
    if (state_ == 0) {
      if (go && !late_) state_ = 2;
      if (go || refusal) late_ = false;
    } else if (state_ == 1) {
      if (go) state_ = 2;
      else if (refusal) state_ = 0;
    } else {
      state_ = 0;
    }
  }
  int state_ = 0;  // 0 commands, 1 DATA sent, 2 after its 354
  bool late_ = false, open_ = false, judged_ = false;
  std::string line_, client_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  smtp::ClientContent c;
  Model model;
  for (std::string_view write : fuzz::split_feeds(input)) {
    if (write.starts_with('S')) {
      c.from_server(write.substr(1));
      model.server(write.substr(1));
    } else {
      std::string joined, labels;
      for (const auto& [part, content] : c.from_client(write)) {
        FUZZ_CHECK(!part.empty(), "an empty part of " + visible(write));
        joined.append(part);
        labels.append(part.size(), content ? 'M' : 'C');
      }
      FUZZ_CHECK(joined == write, "parts " + visible(joined) + " of " + visible(write));
      const std::string want = model.client(write);
      FUZZ_CHECK(labels == want, "labels " + labels + ", the model's " + want + " for " + visible(write));
    }
    FUZZ_CHECK(c.in_content() == model.content(), "in_content() is not the model's after " + visible(write));
  }
  return 0;
}
