#include "sim/proto/common/line_reader.hpp"

#include <algorithm>

namespace mailsim::proto {

void LineReader::compact() {
  // Keep the buffer from growing with consumed bytes; amortised O(1) per byte.
  if (pos_ > 4096 && pos_ * 2 > pending_.size()) {
    pending_.erase(0, pos_);
    pos_ = 0;
  }
}

std::optional<Line> LineReader::next() {
  while (true) {
    const std::size_t lf = pending_.find('\n', pos_);
    if (discarding_) {
      if (lf == std::string::npos) {
        if (pending_.size() > pos_) last_byte_cr_ = pending_.back() == '\r';
        pending_.clear();
        pos_ = 0;
        return std::nullopt;
      }
      last_crlf_ = lf > pos_ ? pending_[lf - 1] == '\r' : last_byte_cr_;
      pos_ = lf + 1;
      discarding_ = false;
      compact();
      continue;
    }
    if (lf == std::string::npos) {
      if (pending_.size() - pos_ > limit_) {
        // Report the over-long line now, so the caller can answer before the peer finishes it.
        Line line{pending_.substr(pos_, std::min<std::size_t>(limit_, 1024)), true, false, last_crlf_};
        last_byte_cr_ = pending_.back() == '\r';
        pending_.clear();
        pos_ = 0;
        discarding_ = true;
        return line;
      }
      compact();
      return std::nullopt;
    }
    const std::size_t len_with_lf = lf + 1 - pos_;
    Line line;
    const bool crlf = lf > pos_ && pending_[lf - 1] == '\r';
    line.bare_lf = !crlf;
    line.follows_crlf = last_crlf_;
    last_crlf_ = crlf;
    if (len_with_lf + (crlf ? 0 : 1) > limit_) {
      line.too_long = true;
      // Its first bytes, but never its ending: no Line's text holds CR LF or LF.
      line.text = pending_.substr(pos_, std::min<std::size_t>({limit_, 1024, lf - pos_ - (crlf ? 1 : 0)}));
    } else {
      line.text = pending_.substr(pos_, lf - pos_ - (crlf ? 1 : 0));
    }
    pos_ = lf + 1;
    compact();
    return line;
  }
}

std::string LineReader::take_raw(std::size_t n) {
  const std::size_t k = std::min(n, pending_.size() - pos_);
  std::string out = pending_.substr(pos_, k);
  pos_ += k;
  compact();
  return out;
}

namespace {
// ASCII by hand, not the C library's locale-dependent call per byte (the same in the C locale,
// which mailsim never leaves): every command and reply line of every dialog is read through
// these, a served client's by the thousand (docs/performance.md).
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return upper(x) == upper(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string to_upper(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = upper(c);
  return r;
}

std::string to_lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = lower(c);
  return r;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace mailsim::proto
