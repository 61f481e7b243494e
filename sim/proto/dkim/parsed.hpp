#pragma once
// A parse result: the value, or the reason there is none. Every DKIM and DMARC parser says why it
// refused, because the reason is what a verifier reports (RFC 6376 §6.1: "PERMFAIL (reason)").
#include <optional>
#include <string>
#include <utility>

namespace mailsim::dkim {

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

}  // namespace mailsim::dkim
