#include "sim/proto/imap/flags.hpp"


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
  if (text.size() > kMaxKeywordLength) {
    error = "Keyword too long (limit " + std::to_string(kMaxKeywordLength) + " octets)";
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::set<std::string>> storable_flags(const std::vector<Arg>& items, std::string& error) {
  std::set<std::string> out, folded;
  for (const Arg& item : items) {
    if (item.kind != Arg::Kind::Atom) {
      error = "Invalid flag: flags are atoms, not strings or lists";
      return std::nullopt;
    }
    auto flag = storable_flag(item.text, error);
    if (!flag) return std::nullopt;
    if (folded.insert(proto::to_upper(*flag)).second) out.insert(std::move(*flag));
  }
  return out;
}

std::size_t keyword_count(const std::set<std::string>& flags) {
  std::size_t n = 0;
  for (const auto& f : flags) n += f.empty() || f.front() != '\\';
  return n;
}

std::size_t new_keywords(const mailstore::Folder& folder, const std::set<std::string>& flags) {
  std::size_t n = 0;
  for (const auto& f : flags) n += !f.empty() && f.front() != '\\' && !folder.keyword_spelling(f);
  return n;
}

bool has_flag(const std::set<std::string>& flags, std::string_view flag) {
  if (flags.count(std::string(flag))) return true;  // the usual case: stored as asked for
  for (const auto& f : flags)
    if (proto::iequals(f, flag)) return true;
  return false;
}

FlagChange::FlagChange(Mode mode, std::set<std::string> given) : mode_(mode), given_(std::move(given)) {
  for (const auto& g : given_) folded_.insert(proto::to_upper(g));
}

std::set<std::string> FlagChange::applied_to(const std::set<std::string>& current) const {
  switch (mode_) {
    case Mode::Replace: return given_;
    case Mode::Add: {
      std::set<std::string> out = current, there;
      for (const auto& f : current) there.insert(proto::to_upper(f));
      for (const auto& g : given_)
        if (there.insert(proto::to_upper(g)).second) out.insert(g);
      return out;
    }
    case Mode::Remove: {
      std::set<std::string> out;
      for (const auto& f : current)
        if (!folded_.count(proto::to_upper(f))) out.insert(f);
      return out;
    }
  }
  return current;
}

}  // namespace mailsim::imap
