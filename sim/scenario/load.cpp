#include "sim/scenario/load.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdio>

#include "sim/scenario/json_locate.hpp"
#include "sim/scenario/sections.hpp"

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
  if ((text[at] == '}' || text[at] == ']') && prev_nonspace(at) == ',')
    message += " (remove the comma before it: JSON allows none after the last item)";
  return at;
}

std::string file_stem(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.erase(dot);
  return name;
}

}  // namespace

ScenarioError::ScenarioError(std::string file, int line, int column, std::string json_path,
                             std::string message)
    : std::runtime_error(format_error(file, line, column, json_path, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      json_path_(std::move(json_path)),
      message_(std::move(message)) {}

Scenario load_file(const std::string& path) {
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
  return load_text(text, path);
}

Scenario load_text(const std::string& text, const std::string& file) {
  detail::Json doc;
  try {
    doc = detail::Json::parse(text);
  } catch (const detail::Json::parse_error& e) {
    // e.byte is 1-based: the position of the last character read, where the problem showed.
    std::string message = explain_parse_error(e.what());
    const std::size_t offset = refine_parse_error(text, e.byte == 0 ? 0 : e.byte - 1, message);
    const SourcePos at = position_of_offset(text, offset);
    throw ScenarioError(file, at.line, at.column, "", message);
  }
  if (auto dup = find_duplicate_key(text))
    throw ScenarioError(file, dup->pos.line, dup->pos.column, dup->pointer,
                        "duplicate key " + detail::in_quotes(dup->key));

  const detail::Source source(text, file);
  const detail::Node root(source, doc, "");
  root.check_object({"$schema", "title", "description", "seed", "epoch", "until", "default_latency",
                     "hosts", "links", "dns", "accounts", "clients", "messages", "failures",
                     "captions", "expect"});
  Scenario s;
  s.file = file;
  s.id = file_stem(file);
  if (auto schema = root.get("$schema")) schema->string();  // for editors; nothing to keep
  detail::parse_header(root, s);
  detail::parse_network(root, s);
  detail::parse_dns(root, s);
  detail::parse_mail(root, s);
  detail::parse_events(root, s);
  detail::parse_expect(root, s);
  return s;
}

}  // namespace mailsim::scenario
