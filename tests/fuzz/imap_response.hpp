#pragma once
// Reading an IMAP server's output the way a strict client would (RFC 3501 §2.2.2, §7, §9), for the
// IMAP fuzz target: responses cut at CRLF except where a line ends in a literal "{n}", each checked
// for its shape (continuation, untagged, tagged), and a model of the selected mailbox's message
// sequence numbers that the untagged EXISTS, EXPUNGE and FETCH responses must keep consistent.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.hpp"

namespace mailsim::fuzz::imap {

// tag = 1*<any ASTRING-CHAR except "+">: no CTL, SP, 8-bit, "(", ")", "{", "%", "*", '"', "\".
inline bool valid_tag(std::string_view tag) {
  if (tag.empty()) return false;
  for (const unsigned char c : tag)
    if (c <= 0x20 || c >= 0x7f || std::string_view("(){%*\"\\+").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

// The number in "{n}" ending `line`, if it ends so.
inline std::optional<std::size_t> literal_at_end(std::string_view line) {
  if (line.size() < 3 || line.back() != '}') return std::nullopt;
  const std::size_t open = line.rfind('{');
  if (open == std::string_view::npos || open + 2 >= line.size()) return std::nullopt;
  std::size_t n = 0;
  for (const char c : line.substr(open + 1, line.size() - open - 2)) {
    if (c < '0' || c > '9' || n > (std::size_t{1} << 40)) return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

struct Response {
  std::string text;                  // the response with every literal's bytes replaced by "{n}"
  std::vector<std::string> literals;
};

// Cuts `out` into responses; every byte outside literals must be TEXT-CHAR-like: 7-bit, no NUL, and
// CR or LF only as the CRLF that ends a line. Fails the run on the first violation.
inline std::vector<Response> split_responses(std::string_view out, const std::string& context) {
  std::vector<Response> responses;
  Response current;
  while (!out.empty()) {
    const std::size_t end = out.find("\r\n");
    FUZZ_CHECK(end != std::string_view::npos, "response without CRLF: " + visible(out) + context);
    const std::string_view line = out.substr(0, end);
    out.remove_prefix(end + 2);
    for (const unsigned char c : line)
      FUZZ_CHECK(c != 0 && c != '\r' && c != '\n' && c < 0x80,
                 "byte " + std::to_string(c) + " outside a literal in: " + visible(line) + context);
    current.text += line;
    if (const std::optional<std::size_t> n = literal_at_end(line)) {
      FUZZ_CHECK(out.size() >= *n, "literal of " + std::to_string(*n) + " octets cut short" + context);
      current.literals.emplace_back(out.substr(0, *n));
      out.remove_prefix(*n);
      continue;  // the response goes on after the literal
    }
    responses.push_back(std::move(current));
    current = {};
  }
  FUZZ_CHECK(current.text.empty(), "output ends inside a response: " + visible(current.text) + context);
  return responses;
}

enum class Kind { Continuation, Untagged, Tagged };

// The response's kind, after checking its shape: "+ ..." (§7.5), "* " and a response (§7.1-7.4), or
// a valid tag, SP, OK/NO/BAD, SP, and a text of at least one character (§7.1: resp-text).
inline Kind check_shape(const Response& r, const std::string& context) {
  const std::string_view t = r.text;
  if (t.starts_with("+ ")) return Kind::Continuation;
  if (t.starts_with("* ")) {
    FUZZ_CHECK(t.size() > 2 && t[2] != ' ', "empty untagged response: " + visible(t) + context);
    return Kind::Untagged;
  }
  const std::size_t sp = t.find(' ');
  FUZZ_CHECK(sp != std::string_view::npos && valid_tag(t.substr(0, sp)), "not a tag: " + visible(t) + context);
  const std::string_view rest = t.substr(sp + 1);
  FUZZ_CHECK((rest.starts_with("OK ") || rest.starts_with("NO ") || rest.starts_with("BAD ")) &&
                 rest.size() > rest.find(' ') + 1,
             "tagged response is not OK/NO/BAD with a text: " + visible(t) + context);
  return Kind::Tagged;
}

// "* n NAME ..." -> n and NAME.
inline bool numbered(std::string_view t, std::uint64_t& n, std::string_view& name, std::string_view& rest) {
  if (!t.starts_with("* ")) return false;
  t.remove_prefix(2);
  std::size_t i = 0;
  n = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i < 12) n = n * 10 + static_cast<std::uint64_t>(t[i++] - '0');
  if (i == 0 || i >= t.size() || t[i] != ' ') return false;
  t.remove_prefix(i + 1);
  const std::size_t sp = t.find(' ');
  name = t.substr(0, sp);
  rest = sp == std::string_view::npos ? std::string_view{} : t.substr(sp + 1);
  return true;
}

// The UID in a FETCH response's msg-att list "(... UID 7 ...)" at its top level, if any. `att` has
// literals already replaced by "{n}", so their bytes cannot be mistaken for items.
inline std::optional<std::uint64_t> fetch_uid(std::string_view att) {
  int depth = 0;
  bool quoted = false;
  std::size_t item_start = std::string_view::npos;
  for (std::size_t i = 0; i < att.size(); ++i) {
    const char c = att[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') quoted = true;
    else if (c == '(' || c == '[') ++depth;
    else if (c == ')' || c == ']') --depth;
    if (depth == 1 && (c == '(' || c == ' ')) item_start = i + 1;
    if (depth == 1 && item_start == i && att.substr(i).starts_with("UID ")) {
      std::uint64_t n = 0;
      std::size_t j = i + 4, digits = 0;
      while (j < att.size() && att[j] >= '0' && att[j] <= '9' && digits < 12) n = n * 10 + static_cast<std::uint64_t>(att[j++] - '0'), ++digits;
      if (digits) return n;
    }
  }
  return std::nullopt;
}

// What a client may believe about the selected mailbox from the untagged responses (§7.3.1, §7.4.1,
// §2.3.1.1): no mailbox data before a mailbox was selected, EXISTS never shrinks without EXPUNGE, EXPUNGE and FETCH name a message that exists,
// a message keeps its UID, no UID belongs to two messages, and UIDs ascend with sequence numbers.
class MailboxModel {
 public:
  void on(const Response& r, const std::string& context) {
    const std::string_view t = r.text;
    // FLAGS opens a SELECT/EXAMINE response, but a server also sends it unasked when a STORE adds
    // a keyword the mailbox did not have (§7.2.6). Only the EXISTS that follows it before the
    // tagged reply starts a new mailbox; a FETCH in between still refers to the one selected.
    if (t.starts_with("* FLAGS ")) {
      selected_ = true;
      flags_seen_ = true;
      return;
    }
    if (!t.starts_with("* ")) {  // a tagged reply (or "+") ends the command's untagged data
      flags_seen_ = false;
      return;
    }
    std::uint64_t n = 0;
    std::string_view name, rest;
    if (!numbered(t, n, name, rest)) return;
    // Mailbox data only follows a SELECT or EXAMINE, whose response begins with FLAGS.
    if (name == "EXISTS" || name == "EXPUNGE" || name == "FETCH")
      FUZZ_CHECK(selected_, visible(t) + " before any mailbox was selected" + context);
    if (name == "EXISTS" && flags_seen_) {  // SELECT/EXAMINE: a new mailbox, nothing known yet
      flags_seen_ = false;
      exists_.reset();
      uids_.clear();
    }
    if (name == "EXISTS") {
      FUZZ_CHECK(n <= 1000000, "EXISTS of " + std::to_string(n) + context);
      if (exists_) FUZZ_CHECK(n >= *exists_, "EXISTS shrank from " + std::to_string(*exists_) + " without EXPUNGE" + context);
      exists_ = n;
      uids_.resize(n);
    } else if (name == "EXPUNGE") {
      FUZZ_CHECK(exists_ && n >= 1 && n <= *exists_, "EXPUNGE of a message that does not exist: " + visible(t) + context);
      --*exists_;
      uids_.erase(uids_.begin() + static_cast<std::ptrdiff_t>(n - 1));
    } else if (name == "FETCH") {
      FUZZ_CHECK(exists_ && n >= 1 && n <= *exists_, "FETCH of a message that does not exist: " + visible(t) + context);
      const std::optional<std::uint64_t> uid = fetch_uid(rest);
      if (!uid) return;
      FUZZ_CHECK(*uid > 0, "UID 0 in " + visible(t) + context);
      std::uint64_t& known = uids_[n - 1];
      FUZZ_CHECK(known == 0 || known == *uid, "message " + std::to_string(n) + " changed its UID: " + visible(t) + context);
      for (std::size_t i = 0; i < uids_.size(); ++i) {
        if (uids_[i] == 0 || i == n - 1) continue;
        FUZZ_CHECK(uids_[i] != *uid, "UID " + std::to_string(*uid) + " on two messages" + context);
        FUZZ_CHECK((i < n - 1) == (uids_[i] < *uid), "UIDs do not ascend with sequence numbers" + context);
      }
      known = *uid;
    }
  }

 private:
  bool selected_ = false;
  bool flags_seen_ = false;  // an untagged FLAGS since the last tagged reply
  std::optional<std::uint64_t> exists_;
  std::vector<std::uint64_t> uids_;  // by sequence number - 1; 0 while not yet reported
};

}  // namespace mailsim::fuzz::imap
