#include "sim/proto/imap/flags.hpp"

#include <iterator>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::imap {

namespace {

constexpr std::string_view kSystemFlags[] = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"};

// ATOM-CHAR (§9): a CHAR but no atom-special: ( ) { SP CTL % * " \ ]
bool atom(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (c <= 0x20 || c >= 0x7f || std::string_view("(){%*\"\\]").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

}  // namespace

std::optional<std::string> storable_flag(std::string_view text, std::string& error) {
  if (!text.empty() && text.front() == '\\') {
    for (std::string_view f : kSystemFlags)
      if (proto::iequals(text, f)) return std::string(f);
    error = proto::iequals(text, "\\Recent") ? "\\Recent is set by the server, not stored by clients"
                                             : "Unknown system flag " + std::string(text);
    return std::nullopt;
  }
  if (!atom(text)) {
    error = "Invalid flag keyword " + std::string(text);
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::set<std::string>> storable_flags(const std::vector<Arg>& items, std::string& error) {
  std::set<std::string> out;
  for (const Arg& item : items) {
    if (item.kind != Arg::Kind::Atom) {
      error = "Invalid flag: flags are atoms, not strings or lists";
      return std::nullopt;
    }
    const auto flag = storable_flag(item.text, error);
    if (!flag) return std::nullopt;
    add_flag(out, *flag);
  }
  return out;
}

std::size_t keyword_count(const std::set<std::string>& flags) {
  std::size_t n = 0;
  for (const auto& f : flags) n += f.empty() || f.front() != '\\';
  return n;
}

bool has_flag(const std::set<std::string>& flags, std::string_view flag) {
  if (flags.count(std::string(flag))) return true;  // the usual case: stored as asked for
  for (const auto& f : flags)
    if (proto::iequals(f, flag)) return true;
  return false;
}

void add_flag(std::set<std::string>& flags, const std::string& flag) {
  if (!has_flag(flags, flag)) flags.insert(flag);
}

void remove_flag(std::set<std::string>& flags, std::string_view flag) {
  for (auto it = flags.begin(); it != flags.end();) it = proto::iequals(*it, flag) ? flags.erase(it) : std::next(it);
}

}  // namespace mailsim::imap
