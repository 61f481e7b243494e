#include "sim/proto/imap/envelope.hpp"

#include <optional>
#include <vector>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/args.hpp"
#include "sim/proto/imap/header_fields.hpp"

namespace mailsim::imap {

namespace {

// RFC 5322 §3.2-§3.4 lexical tokens of an address field: words (atoms, with dots; quoted strings,
// unquoted), comments (nested), domain literals, and the specials that give addresses their shape.
struct Token {
  enum class Kind { Word, Quoted, Comment, Literal, Special } kind;
  std::string text;  // Special: the one character
};

std::vector<Token> tokens_of(std::string_view v) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto enclosed = [&](char open, char close, bool nests) {
    std::string text;
    int depth = 1;
    for (++i; i < v.size(); ++i) {
      if (v[i] == '\\' && i + 1 < v.size()) {
        text += v[++i];
        continue;
      }
      if (nests && v[i] == open) ++depth;
      if (v[i] == close && --depth == 0) {
        ++i;
        break;
      }
      text += v[i];
    }
    return text;
  };
  while (i < v.size()) {
    const char c = v[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '(') {
      out.push_back({Token::Kind::Comment, enclosed('(', ')', true)});
    } else if (c == '"') {
      out.push_back({Token::Kind::Quoted, enclosed('"', '"', false)});
    } else if (c == '[') {
      out.push_back({Token::Kind::Literal, "[" + enclosed('[', ']', false) + "]"});
    } else if (std::string_view("<>@,:;").find(c) != std::string_view::npos) {
      out.push_back({Token::Kind::Special, std::string(1, c)});
      ++i;
    } else {
      std::string word;
      while (i < v.size() && std::string_view(" \t\r\n()\"[<>@,:;").find(v[i]) == std::string_view::npos) word += v[i++];
      if (word.empty()) ++i;  // a ")" that closes no comment: nothing
      else out.push_back({Token::Kind::Word, word});
    }
  }
  return out;
}

// One address of IMAP's ENVELOPE: (name adl mailbox host); a group is marked by an address with
// only a mailbox (the group's name) before its members and one of all NIL after them (§7.4.2).
struct Address {
  std::optional<std::string> name, adl, mailbox, host;
};

class AddressParser {
 public:
  explicit AddressParser(std::string_view value) : t_(tokens_of(value)) {}

  std::vector<Address> list() {
    std::vector<Address> out;
    while (i_ < t_.size()) {
      if (special(",") || special(";")) {  // empty entries; a stray ";" outside a group
        ++i_;
        continue;
      }
      one(out, false);
    }
    return out;
  }

 private:
  bool special(const char* c) const {
    return i_ < t_.size() && t_[i_].kind == Token::Kind::Special && t_[i_].text == c;
  }
  bool is_word() const { return i_ < t_.size() && (t_[i_].kind == Token::Kind::Word || t_[i_].kind == Token::Kind::Quoted); }
  // Comments are skipped where they stand; the last one is remembered, because an address written
  // "bob@x.example (Bob Smith)" names its owner only there.
  void comments() {
    while (i_ < t_.size() && t_[i_].kind == Token::Kind::Comment) last_comment_ = t_[i_++].text;
  }
  // Words up to the next special, joined as written: with spaces in a phrase, directly in an address.
  std::string words(bool phrase) {
    std::string out;
    while (true) {
      comments();
      if (i_ >= t_.size() || t_[i_].kind == Token::Kind::Special) break;
      if (!out.empty() && phrase) out += ' ';
      out += t_[i_++].text;
    }
    return out;
  }
  std::string domain() {
    std::string out;
    while (true) {
      comments();
      if (i_ >= t_.size() || t_[i_].kind == Token::Kind::Special) break;
      out += t_[i_++].text;
    }
    return out;
  }
  static std::optional<std::string> maybe(std::string s) {
    if (s.empty()) return std::nullopt;
    return s;
  }

  void one(std::vector<Address>& out, bool in_group) {
    last_comment_.reset();
    const std::size_t start = i_;
    const std::string phrase = words(true);
    if (special(":") && !in_group) {  // group: display-name ":" [mailbox-list] ";"
      ++i_;
      out.push_back({std::nullopt, std::nullopt, phrase, std::nullopt});
      while (i_ < t_.size() && !special(";")) {
        if (special(",")) {
          ++i_;
          continue;
        }
        one(out, true);
      }
      if (special(";")) ++i_;
      out.push_back({});
      return;
    }
    Address a;
    if (special("<")) {  // name-addr: [display-name] "<" [route ":"] addr-spec ">"
      ++i_;
      a.name = maybe(phrase);
      angle(a);
    } else {  // addr-spec: the words were the local part
      i_ = start;
      a.mailbox = maybe(words(false));
      if (special("@")) {
        ++i_;
        a.host = maybe(domain());
      }
      comments();
      if (last_comment_ && !last_comment_->empty()) a.name = last_comment_;
    }
    // A mailbox must have a host: NIL there would read as a group's start (Dovecot's spelling).
    if (!a.mailbox) a.mailbox = "MISSING_MAILBOX";
    if (!a.host) a.host = "MISSING_DOMAIN";
    out.push_back(std::move(a));
    // Whatever else stands before the next address belongs to no address.
    while (i_ < t_.size() && !special(",") && !(in_group && special(";"))) ++i_;
  }

  void angle(Address& a) {
    comments();
    if (special("@")) {  // obs-route (RFC 5322 §4.4): "@a.example,@b.example:" -- the adl
      std::string route;
      while (i_ < t_.size() && !special(":") && !special(">")) {
        if (t_[i_].kind != Token::Kind::Comment) route += t_[i_].text;
        ++i_;
      }
      if (special(":")) ++i_;
      a.adl = maybe(route);
    }
    a.mailbox = maybe(words(false));
    if (special("@")) {
      ++i_;
      a.host = maybe(domain());
    }
    while (i_ < t_.size() && !special(">")) ++i_;
    if (special(">")) ++i_;
    comments();
  }

  std::vector<Token> t_;
  std::size_t i_ = 0;
  std::optional<std::string> last_comment_;
};

// An address list (RFC 5322 §3.4) as IMAP's ((name adl mailbox host) ...); NIL when it holds none.
std::string address_list(const std::optional<std::string>& v) {
  if (!v) return "NIL";
  std::string out;
  auto field = [](const std::optional<std::string>& s) { return s ? imap_string(*s) : std::string("NIL"); };
  for (const Address& a : AddressParser(*v).list())
    out += "(" + field(a.name) + " " + field(a.adl) + " " + field(a.mailbox) + " " + field(a.host) + ")";
  return out.empty() ? "NIL" : "(" + out + ")";
}

}  // namespace

std::string address_text(std::string_view value) {
  std::string out;
  for (const Address& a : AddressParser(value).list()) {
    if (!a.host) continue;  // a group's markers: its members follow or came before
    out += (out.empty() ? "" : ", ") + (a.name ? *a.name + " <" : std::string()) + a.mailbox.value_or("") + "@" +
           *a.host + (a.name ? ">" : "");
  }
  return out;
}

std::string envelope(std::string_view header) {
  auto f = [&](const char* n) { return header_value(header, n); };
  auto str = [&](const char* n) {
    auto v = f(n);
    return v ? imap_string(*v) : std::string("NIL");
  };
  // §7.4.2: Sender and Reply-To absent, or present but empty, are the From.
  const std::string from = address_list(f("From"));
  const std::string sender = address_list(f("Sender")), reply_to = address_list(f("Reply-To"));
  return "(" + str("Date") + " " + str("Subject") + " " + from + " " + (sender == "NIL" ? from : sender) + " " +
         (reply_to == "NIL" ? from : reply_to) + " " +
         address_list(f("To")) + " " + address_list(f("Cc")) + " " + address_list(f("Bcc")) + " " +
         str("In-Reply-To") + " " + str("Message-ID") + ")";
}

}  // namespace mailsim::imap
