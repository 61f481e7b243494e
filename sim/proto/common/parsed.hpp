#pragma once
// A parse result: the value, or the reason there is none. Parsers of what a peer or a lesson file
// sends say why they refused, because the reason is what the user sees (a DKIM verifier's
// "PERMFAIL (reason)", a certificate file that holds no certificate).
#include <optional>
#include <string>
#include <utility>

namespace mailsim::proto {

template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // set when !value

  static Parsed ok(T v) { return Parsed{std::move(v), {}}; }
  static Parsed fail(std::string why) { return Parsed{std::nullopt, std::move(why)}; }
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  const T* operator->() const { return &*value; }
};

}  // namespace mailsim::proto
