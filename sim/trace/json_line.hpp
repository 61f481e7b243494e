#pragma once
// One JSON object written straight into a string, key by key, in the order the calls come: the
// JSONL trace's writer (jsonl.cpp), which used to build an nlohmann ordered_json per event and
// dump it (half the cost of a run with --trace, issue 16). The output is byte for byte what that
// dump wrote: nlohmann's escapes (\" \\ \b \f \n \r \t, \u00xx for other control characters,
// UTF-8 as it is), and for a string that is not valid UTF-8 nlohmann's own replacement of the bad
// bytes (a hostile peer's bytes must not stop the trace; their exact form goes beside, in base64).
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "sim/trace/name.hpp"

namespace mailsim::trace {

// Whether JSON text holds these bytes exactly: valid UTF-8 (RFC 3629), as nlohmann checks it.
bool valid_utf8(std::string_view s);

class JsonLine {
 public:
  explicit JsonLine(std::string& out) : out_(out) { open('{'); }
  ~JsonLine() = default;
  JsonLine(const JsonLine&) = delete;
  JsonLine& operator=(const JsonLine&) = delete;

  void field(std::string_view key, std::string_view s) { put_key(key), string(s); }
  void field(std::string_view key, const std::string& s) { field(key, std::string_view(s)); }
  void field(std::string_view key, const char* s) { field(key, std::string_view(s)); }
  void field(std::string_view key, const Name& s) { field(key, std::string_view(s.str())); }
  void field(std::string_view key, bool b) { put_key(key), out_ += b ? "true" : "false"; }
  template <class N>
    requires(std::is_integral_v<N> && !std::is_same_v<N, bool>)
  void field(std::string_view key, N n) {
    put_key(key), number(n);
  }
  // A value already in JSON (a nested object built elsewhere).
  void raw(std::string_view key, std::string_view json) { put_key(key), out_ += json; }
  void null(std::string_view key) { put_key(key), out_ += "null"; }

  // Nested arrays and objects: begin, then elements (value_* inside an array, field inside an
  // object), then end.
  void begin_array(std::string_view key) { put_key(key), open('['); }
  void begin_object(std::string_view key) { put_key(key), open('{'); }
  void begin_object() { comma(), open('{'); }  // an object inside an array
  void begin_array() { comma(), open('['); }   // an array inside an array
  void value(std::string_view s) { comma(), string(s); }
  template <class N>
    requires(std::is_integral_v<N> && !std::is_same_v<N, bool>)
  void value(N n) {
    comma(), number(n);
  }
  void end_array() { close(']'); }
  // An array of strings.
  template <class Strings> void strings(std::string_view key, const Strings& list) {
    begin_array(key);
    for (const auto& one : list) value(one);
    end_array();
  }
  void end_object() { close('}'); }
  // Ends the line's object.
  void finish() { close('}'); }

  static void append_string(std::string& out, std::string_view s);

 private:
  void open(char c) {
    out_ += c;
    first_ = true;
  }
  void close(char c) {
    out_ += c;
    first_ = false;
  }
  void comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  // Keys are the format's own names, which need no escapes.
  void put_key(std::string_view key) {
    comma();
    out_ += '"';
    out_ += key;
    out_ += "\":";
  }
  void string(std::string_view s) { append_string(out_, s); }
  template <class N> void number(N n) {
    if constexpr (std::is_signed_v<N>) {
      if (n < 0) {
        out_ += '-';
        unsigned_number(static_cast<std::uint64_t>(-(n + 1)) + 1);
        return;
      }
    }
    unsigned_number(static_cast<std::uint64_t>(n));
  }
  void unsigned_number(std::uint64_t n) {
    char buf[20];
    char* p = buf + sizeof buf;
    do *--p = static_cast<char>('0' + n % 10);
    while ((n /= 10) != 0);
    out_.append(p, static_cast<std::size_t>(buf + sizeof buf - p));
  }

  std::string& out_;
  bool first_ = true;
};

}  // namespace mailsim::trace
