#include "sim/scenario/load.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <vector>

#include "sim/scenario/json_locate.hpp"
#include "sim/scenario/sections.hpp"
#include "sim/scenario/variant.hpp"

namespace mailsim::scenario {

namespace {

std::string format_error(const std::string& file, int line, int column, const std::string& path,
                         const std::string& message) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
         (path.empty() ? "/" : path) + ": " + message;
}

// nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error
// while parsing object - unexpected '}'; last read: '...'; expected string literal". We print our
// own position, so keep only the explanation, and drop "last read", which shows raw bytes such as
// <U+000A> that confuse more than they help.
std::string explain_parse_error(const std::string& what) {
  std::string m = what;
  const std::size_t colon = m.find(": ");
  if (m.rfind("[json.exception", 0) == 0 && colon != std::string::npos) m = m.substr(colon + 2);
  const std::size_t last = m.find("; last read: '");
  if (last != std::string::npos) {
    const std::size_t expected = m.find("'; expected", last);
    m = m.substr(0, last) + (expected == std::string::npos ? "" : m.substr(expected + 1));
  }
  return m;
}

// Where to point for a parse error, and a hint for the two slips teachers make most. nlohmann stops
// at the last character it read; for an unexpected string that is the closing quote, so step back to
// the opening one, where the missing comma belongs.
std::size_t refine_parse_error(const std::string& text, std::size_t at, std::string& message) {
  if (at >= text.size()) return at;
  auto prev_nonspace = [&](std::size_t i) {
    while (i > 0 && std::isspace(static_cast<unsigned char>(text[i - 1]))) --i;
    return i == 0 ? '\0' : text[i - 1];
  };
  if (message.find("unexpected string literal") != std::string::npos && text[at] == '"') {
    std::size_t open = at;
    while (open > 0) {
      --open;
      std::size_t backslashes = 0;
      while (open >= backslashes + 1 && text[open - backslashes - 1] == '\\') ++backslashes;
      if (text[open] == '"' && backslashes % 2 == 0) break;
    }
    if (message.find("expected '}'") != std::string::npos || message.find("expected ']'") != std::string::npos)
      message += " (is a comma missing before it?)";
    return open;
  }
  if (message.find("ill-formed UTF-8") != std::string::npos) {
    // nlohmann stops at the byte that broke the sequence; point at the sequence's first byte, where
    // an editor shows the odd character (a Latin-1 "é" is one byte, a cut-off "あ" two).
    std::size_t start = at;
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      while (start > 0 && (static_cast<unsigned char>(text[start - 1]) & 0xC0) == 0x80) --start;
      if (start > 0 && static_cast<unsigned char>(text[start - 1]) >= 0xC0) --start;
    }
    message += " (save the file as UTF-8)";
    return start;
  }
  if ((text[at] == '}' || text[at] == ']') && prev_nonspace(at) == ',')
    message += " (remove the comma before it: JSON allows none after the last item)";
  return at;
}

// nlohmann's own DOM builder, told not to throw: its exceptions do not all say where they happened
// (a number too large for a double, "1e400", is an out_of_range error without a position), but the
// parser hands every error to this hook with the offset it stopped at. It also follows the JSON
// pointer of the value being read, so such a number can be named (/seed).
class LocatingParser : public nlohmann::detail::json_sax_dom_parser<detail::Json> {
  using Base = nlohmann::detail::json_sax_dom_parser<detail::Json>;

 public:
  explicit LocatingParser(detail::Json& root) : Base(root, false) {}

  bool null() { return value_done(Base::null()); }
  bool boolean(bool v) { return value_done(Base::boolean(v)); }
  bool number_integer(number_integer_t v) { return value_done(Base::number_integer(v)); }
  bool number_unsigned(number_unsigned_t v) { return value_done(Base::number_unsigned(v)); }
  bool number_float(number_float_t v, const string_t& s) { return value_done(Base::number_float(v, s)); }
  bool string(string_t& v) { return value_done(Base::string(v)); }
  bool binary(binary_t& v) { return value_done(Base::binary(v)); }
  bool start_object(std::size_t n) {
    open_.push_back({false, 0, {}});
    return Base::start_object(n);
  }
  bool key(string_t& k) {
    open_.back().key = k;
    return Base::key(k);
  }
  bool end_object() {
    open_.pop_back();
    return value_done(Base::end_object());
  }
  bool start_array(std::size_t n) {
    open_.push_back({true, 0, {}});
    return Base::start_array(n);
  }
  bool end_array() {
    open_.pop_back();
    return value_done(Base::end_array());
  }
  template <class Exception>
  bool parse_error(std::size_t offset, const std::string& token, const Exception& ex) {
    error_offset = offset;
    error_token = token;
    error_id = ex.id;
    error_what = ex.what();
    for (const Container& c : open_) error_pointer += "/" + (c.array ? std::to_string(c.index) : pointer_escape(c.key));
    return Base::parse_error(offset, token, ex);
  }

  std::size_t error_offset = 0;  // characters read when the error showed (1-based, like e.byte)
  std::string error_token, error_what, error_pointer;
  int error_id = 0;

 private:
  struct Container {
    bool array;
    std::size_t index;  // arrays: the element being read
    std::string key;    // objects: the member being read
  };
  bool value_done(bool ok) {
    if (!open_.empty() && open_.back().array) ++open_.back().index;
    return ok;
  }
  std::vector<Container> open_;
};

// The located error for text nlohmann refused.
ScenarioError parse_failure(const std::string& text, const std::string& file, const LocatingParser& p) {
  if (p.error_id == 406) {  // out_of_range.406: the number does not fit in a double
    const std::size_t start = p.error_offset >= p.error_token.size() ? p.error_offset - p.error_token.size() : 0;
    const SourcePos at = position_of_offset(text, start);
    return ScenarioError(file, at.line, at.column, p.error_pointer, "the number " + p.error_token + " is too large");
  }
  std::string message = explain_parse_error(p.error_what);
  const std::size_t offset = refine_parse_error(text, p.error_offset == 0 ? 0 : p.error_offset - 1, message);
  const SourcePos at = position_of_offset(text, offset);
  return ScenarioError(file, at.line, at.column, "", message);
}

std::string file_stem(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.erase(dot);
  return name;
}

// A key or value quoted in a message may hold control characters ("a\u0000b" is a valid JSON key):
// written raw, a NUL would cut what() short and a newline or ESC would garble the terminal. Show
// them as JSON writes them.
std::string printable(std::string s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) {
      out += c;
      continue;
    }
    char esc[8];
    std::snprintf(esc, sizeof esc, "\\u%04X", u);
    out += esc;
  }
  return out;
}

}  // namespace

ScenarioError::ScenarioError(std::string file, int line, int column, std::string json_path,
                             std::string message)
    : std::runtime_error(format_error(file, line, column, printable(json_path), printable(message))),
      file_(std::move(file)),
      line_(line),
      column_(column),
      json_path_(printable(std::move(json_path))),
      message_(printable(std::move(message))) {}

namespace {

std::string read_lesson(const std::string& path) {
  // C stdio, because it reports errno faithfully (a directory opens, then fails with EISDIR).
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw ScenarioError(path, 0, 0, "", std::strerror(errno));
  std::string text;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f);
  const int err = errno;
  std::fclose(f);
  if (failed) throw ScenarioError(path, 0, 0, "", std::strerror(err));
  return text;
}

}  // namespace

Scenario load_file(const std::string& path) { return load_text(read_lesson(path), path); }

Scenario load_variant(const std::string& path, unsigned student) {
  if (student < 1 || student > kMaxStudent)
    throw ScenarioError(path, 0, 0, "", "a student number is from 1 to " + std::to_string(kMaxStudent));
  Scenario s = load_text(make_variant(read_lesson(path), path, student).text, path);
  s.student = student;
  return s;
}

Scenario load_text(const std::string& text, const std::string& file) {
  // Two mistakes nlohmann would call "unexpected end of input" and "invalid literal".
  const std::size_t bom = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  if (text.find_first_not_of(" \t\r\n", bom) == std::string::npos)
    throw ScenarioError(file, 1, 1, "", "the file is empty (a scenario is a JSON object: {\"title\": ..., \"hosts\": [...]})");
  if (text.rfind("\xFF\xFE", 0) == 0 || text.rfind("\xFE\xFF", 0) == 0)
    throw ScenarioError(file, 1, 1, "", "the file is in UTF-16; save it as UTF-8");
  detail::Json doc;
  LocatingParser parser(doc);
  if (!detail::Json::sax_parse(text, &parser)) throw parse_failure(text, file, parser);
  if (auto dup = find_duplicate_key(text))
    throw ScenarioError(file, dup->pos.line, dup->pos.column, dup->pointer,
                        "duplicate key " + detail::in_quotes(dup->key));

  const detail::Source source(text, file);
  const detail::Node root(source, doc, "");
  root.check_object({"$schema", "title", "description", "seed", "epoch", "until", "default_latency", "focus",
                     "topics", "level", "minutes", "prerequisites", "tls_ca_cert_file", "tls_ca_key_file",
                     "hosts", "links", "dns", "accounts", "clients", "messages", "failures", "captions", "quiz",
                     "expect"});
  Scenario s;
  s.file = file;
  s.id = file_stem(file);
  if (auto schema = root.get("$schema")) schema->string();  // for editors; nothing to keep
  detail::parse_header(root, s);
  detail::parse_lesson(root, s);
  detail::parse_ca_files(root, s);
  detail::parse_network(root, s);
  detail::parse_dns(root, s);
  detail::add_dkim_keys(root, s);
  detail::check_relayhosts(root, s);
  detail::check_restrictions(root, s);
  detail::parse_mail(root, s);
  detail::parse_events(root, s);
  detail::parse_expect(root, s);
  detail::check_run_ends(root, s);
  return s;
}

}  // namespace mailsim::scenario
