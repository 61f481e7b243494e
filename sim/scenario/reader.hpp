#pragma once
// Typed, located access to a parsed scenario document (internal to the loader). A Node is a JSON
// value plus its JSON pointer; every accessor checks the type or format it promises and otherwise
// throws one ScenarioError that points at the offending value in the source text.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::scenario::detail {

// ordered_json keeps keys in file order, so "the first unknown key" is the first one a teacher sees
// and extra header fields keep the order they were written in.
using Json = nlohmann::ordered_json;

// The text and its file name: turns a JSON pointer into a thrown ScenarioError.
class Source {
 public:
  Source(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}
  [[noreturn]] void fail(const std::string& pointer, const std::string& message,
                         bool at_key = false) const;
  // The scenario file's name as given to the loader: files a scenario names are relative to its folder.
  const std::string& file() const { return file_; }

 private:
  std::string_view text_;
  std::string file_;
};

class Node {
 public:
  Node(const Source& src, const Json& j, std::string pointer)
      : src_(&src), j_(&j), pointer_(std::move(pointer)) {}

  const Json& json() const { return *j_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& file() const { return src_->file(); }  // the scenario file (Source::file)
  [[noreturn]] void fail(const std::string& message) const;

  // Objects. check_object verifies the type and that every key is in `allowed`.
  void check_object(std::initializer_list<std::string_view> allowed) const;
  void check_object(const std::vector<std::string_view>& allowed) const;
  bool has(std::string_view key) const;
  Node operator[](std::string_view key) const;  // throws "missing required key" if absent
  std::optional<Node> get(std::string_view key) const;
  [[noreturn]] void fail_key(std::string_view key, const std::string& message) const;  // at the key

  // Arrays: the elements, after checking the type (an absent key reads as an empty list via
  // list_of below).
  std::vector<Node> items() const;

  // Scalars.
  std::string string() const;
  std::string nonempty_string() const;
  bool boolean() const;
  double number() const;
  std::int64_t integer(std::int64_t min, std::int64_t max) const;
  Duration duration() const;                       // "300s" style or a number of seconds, from 0
                                                   // to kLongestDuration
  Text text() const;                               // {"en": ..., "ja": ...} or a plain string (en)
  std::string hostname() const;                    // lower-cased, syntax checked
  std::string dns_name() const;                    // a host name that may also hold '_' labels
                                                   // ("_dmarc.home.example" owns TXT records)
  std::string ipv4() const;
  std::string cidr() const;
  std::string mail_address() const;                // local@domain, domain lower-cased
  struct Relayhost {
    std::string host;
    bool mx = true;
    std::uint16_t port = 25;
  };
  Relayhost relayhost() const;                     // Postfix's syntax: "name" (MX, then A),
                                                   // "[name]" (A only), either with ":port"
  std::vector<std::string> mail_addresses() const; // one address or an array of them

 private:
  const Source* src_;
  const Json* j_;
  std::string pointer_;
};

// The longest time or duration a file may write: far beyond any lesson, and small enough that sums
// and doublings of such values (a retry schedule, at + duration) stay far from int64's limit.
constexpr Duration kLongestDuration = 10000 * kDay;

// Elements of the array at root[key], or none when the key is absent.
std::vector<Node> list_of(const Node& object, std::string_view key);

// Format checks shared with the cross-reference validation.
bool is_ipv4(std::string_view s, std::uint32_t* value = nullptr);
bool is_hostname(std::string_view s, bool allow_underscore = false);
bool is_mail_address(std::string_view s);
std::string domain_of(const std::string& address);   // part after the last '@'
std::string local_part_of(const std::string& address);
std::string in_quotes(std::string_view s);              // 'like this'
std::string describe(const Duration d);              // "40m", "1h30m", "250ms"
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

}  // namespace mailsim::scenario::detail
