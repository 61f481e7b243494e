#include "sim/proto/message/message.hpp"

#include <algorithm>
#include <utility>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::message {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// RFC 5322 §3.6.8: field-name = 1*ftext, printable US-ASCII except ":". A "name" with a space or a
// control character in it is not a field at all (e.g. an mbox "From alice@x ..." line or prose that
// happens to hold a colon), so it ends the header instead of becoming a strange field.
bool is_field_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return u >= 33 && u <= 126;
         });
}

}  // namespace

std::string to_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  // Whole runs up to each bare LF, not a byte at a time: every message a server takes goes here.
  std::size_t from = 0;
  for (std::size_t lf = text.find('\n'); lf != std::string_view::npos; lf = text.find('\n', lf + 1)) {
    if (lf > 0 && text[lf - 1] == '\r') continue;
    out.append(text.substr(from, lf - from)).append("\r\n");
    from = lf + 1;
  }
  out.append(text.substr(from));
  return out;
}

std::string unfold(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\r' && i + 2 < value.size() && value[i + 1] == '\n' && is_wsp(value[i + 2])) {
      ++i;  // skip CR here and LF by the loop; the WSP is kept
      continue;
    }
    if (value[i] == '\n' && i + 1 < value.size() && is_wsp(value[i + 1])) continue;
    out += value[i];
  }
  return out;
}

// Reads line by line rather than with a LineReader: a stored message has no length limit to enforce,
// and the body must stay byte-exact, so the header scan only has to find where the body starts.
Message Message::parse(std::string_view raw) {
  Message m;
  std::size_t pos = 0;  // start of the first line not yet taken into the header
  while (pos < raw.size()) {
    const std::size_t lf = raw.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? raw.size() : lf;
    const std::size_t next = lf == std::string_view::npos ? raw.size() : lf + 1;
    std::string_view line = raw.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (line.empty()) {  // the separator: the body starts after it
      pos = next;
      break;
    }
    if (is_wsp(line.front())) {
      if (m.headers_.empty()) break;  // a continuation of nothing: this is already body text
      m.headers_.back().value += "\r\n";
      m.headers_.back().value += line;
      pos = next;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_field_name(line.substr(0, colon))) break;
    std::string_view value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);  // the one serialize writes
    m.headers_.push_back(HeaderField{std::string(line.substr(0, colon)), std::string(value)});
    pos = next;
  }
  m.body_ = to_crlf(raw.substr(pos));
  return m;
}

std::string Message::serialize() const {
  std::string out;
  for (const HeaderField& h : headers_) {
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  out += "\r\n";
  out += body_;
  // A value or body set by hand may hold bare LFs; the wire form never does.
  return to_crlf(out);
}

std::optional<std::string> Message::get(std::string_view name) const {
  for (const HeaderField& h : headers_) {
    if (proto::iequals(h.name, name)) return unfold(h.value);
  }
  return std::nullopt;
}

std::vector<std::string> Message::get_all(std::string_view name) const {
  std::vector<std::string> out;
  for (const HeaderField& h : headers_) {
    if (proto::iequals(h.name, name)) out.push_back(unfold(h.value));
  }
  return out;
}

void Message::add(std::string name, std::string value) {
  headers_.push_back(HeaderField{std::move(name), std::move(value)});
}

void Message::prepend(std::string name, std::string value) {
  headers_.insert(headers_.begin(), HeaderField{std::move(name), std::move(value)});
}

}  // namespace mailsim::message
