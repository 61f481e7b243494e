// The bounded CRLF line reader every text protocol reads its peer through, against a plain model of
// what it promises (line_reader.hpp). First byte: the limit (1 to 256). The rest: writes cut at 0xFF,
// fed in turn, every complete line taken after each; a write that starts with 0xFE instead takes
// raw bytes (its next byte says how many), as IMAP does for a literal.
//
// Checked: each line, too-long flag and bare-LF flag is the model's; a line's text never holds its
// line ending (a too-long line's text is at most its first min(limit, 1024) bytes); a line that is not
// too long fits the limit with its CRLF; raw bytes are the next bytes of the stream; and once every
// complete line is taken, buffered() is within the limit.
#include <algorithm>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "sim/proto/common/line_reader.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

namespace {

// The reader as its header describes it, over the whole stream so far; no buffer management.
class Model {
 public:
  explicit Model(std::size_t limit) : limit_(limit) {}
  void feed(std::string_view b) { stream_.append(b); }
  std::optional<proto::Line> next() {
    while (true) {
      const std::size_t lf = stream_.find('\n', pos_);
      if (discarding_) {
        if (lf == std::string::npos) {
          pos_ = stream_.size();
          return std::nullopt;
        }
        pos_ = lf + 1;
        discarding_ = false;
        continue;
      }
      if (lf == std::string::npos) {
        if (stream_.size() - pos_ <= limit_) return std::nullopt;
        // Over the limit before its end: reported now, the rest dropped up to the next LF.
        proto::Line line{stream_.substr(pos_, std::min<std::size_t>(limit_, 1024)), true, false};
        pos_ = stream_.size();
        discarding_ = true;
        return line;
      }
      std::string_view content(stream_.data() + pos_, lf - pos_);
      const bool crlf = !content.empty() && content.back() == '\r';
      if (crlf) content.remove_suffix(1);
      pos_ = lf + 1;
      // The limit counts CRLF; a bare LF ending counts as if it were CRLF.
      if (content.size() + 2 > limit_) return proto::Line{std::string(content.substr(0, std::min<std::size_t>(limit_, 1024))), true, !crlf};
      return proto::Line{std::string(content), false, !crlf};
    }
  }
  bool discarding() const { return discarding_; }
  std::string take_raw(std::size_t n) {
    const std::size_t k = std::min(n, stream_.size() - pos_);
    std::string out = stream_.substr(pos_, k);
    pos_ += k;
    return out;
  }

 private:
  std::size_t limit_;
  std::string stream_;
  std::size_t pos_ = 0;
  bool discarding_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t limit = 1 + data[0];
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  proto::LineReader reader(limit);
  Model model(limit);
  for (std::string_view write : fuzz::split_feeds(input)) {
    if (write.starts_with('\xfe')) {
      // Raw bytes are taken after a complete line, as IMAP takes a literal: never mid-discard.
      if (model.discarding() || write.size() < 2) continue;
      const std::size_t n = static_cast<unsigned char>(write[1]);
      const std::string got = reader.take_raw(n);
      const std::string want = model.take_raw(n);
      FUZZ_CHECK(got == want, "take_raw(" + std::to_string(n) + ") gave " + visible(got) + ", not " + visible(want));
      continue;
    }
    reader.feed(write);
    model.feed(write);
    while (true) {
      const std::optional<proto::Line> got = reader.next();
      const std::optional<proto::Line> want = model.next();
      FUZZ_CHECK(got.has_value() == want.has_value(),
                 got ? "a line the model does not have: " + visible(got->text) : "no line where the model has " + visible(want->text));
      if (!got) break;
      FUZZ_CHECK(got->too_long == want->too_long, "too_long differs for " + visible(want->text));
      FUZZ_CHECK(got->text == want->text, "line " + visible(got->text) + ", model " + visible(want->text) +
                                              " (limit " + std::to_string(limit) + ")");
      if (!got->too_long) {
        FUZZ_CHECK(got->bare_lf == want->bare_lf, "bare_lf differs for " + visible(want->text));
        FUZZ_CHECK(got->text.size() + 2 <= limit, "a line over the limit not flagged: " + visible(got->text));
      }
      FUZZ_CHECK(got->text.find('\n') == std::string::npos, "a line's text holds LF: " + visible(got->text));
    }
    FUZZ_CHECK(reader.buffered() <= limit, std::to_string(reader.buffered()) + " bytes buffered over a limit of " + std::to_string(limit));
  }
  return 0;
}
