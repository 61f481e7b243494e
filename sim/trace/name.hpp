#pragma once
// A name an event carries in its header (a host, a protocol): one shared copy of each distinct name,
// so an event holds a pointer, not a string of its own. Host names are mostly longer than a
// std::string keeps inline ("mail.school.example"), so each of an event's two used to cost a heap
// block besides its 32 bytes; a run holds hundreds of events a message (docs/performance.md).
//
// The copies are counted and a name nobody holds any more is let go, so a long served run, or a
// fuzzer that makes up new host names, does not keep every name it ever saw. The pool is not
// thread-safe: the simulator is single-threaded.
#include <compare>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace mailsim::trace {

class Name {
 public:
  Name() = default;
  explicit Name(std::string_view s) : e_(acquire(s)) {}
  Name(const Name& o) : e_(o.e_) { retain(); }
  Name(Name&& o) noexcept : e_(o.e_) { o.e_ = nullptr; }
  Name& operator=(const Name& o) {
    if (e_ != o.e_) {
      release();
      e_ = o.e_;
      retain();
    }
    return *this;
  }
  Name& operator=(Name&& o) noexcept {
    if (this != &o) {
      release();
      e_ = o.e_;
      o.e_ = nullptr;
    }
    return *this;
  }
  Name& operator=(std::string_view s) { return *this = Name(s); }
  Name& operator=(const std::string& s) { return *this = Name(s); }
  Name& operator=(const char* s) { return *this = Name(std::string_view(s)); }
  ~Name() { release(); }

  const std::string& str() const;
  operator const std::string&() const { return str(); }  // NOLINT: reads as the string it names
  operator std::string_view() const { return str(); }    // NOLINT

  bool empty() const { return e_ == nullptr; }
  std::size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }
  const char* data() const { return str().data(); }
  auto begin() const { return str().begin(); }
  auto end() const { return str().end(); }
  char operator[](std::size_t i) const { return str()[i]; }
  std::size_t find(std::string_view s, std::size_t pos = 0) const { return str().find(s, pos); }
  std::size_t find(char c, std::size_t pos = 0) const { return str().find(c, pos); }
  std::size_t rfind(std::string_view s, std::size_t pos = std::string::npos) const { return str().rfind(s, pos); }
  std::string substr(std::size_t pos, std::size_t n = std::string::npos) const { return str().substr(pos, n); }
  int compare(std::string_view s) const { return str().compare(s); }
  bool starts_with(std::string_view s) const { return str().starts_with(s); }
  bool ends_with(std::string_view s) const { return str().ends_with(s); }

  // Equal names share their entry.
  friend bool operator==(const Name& a, const Name& b) { return a.e_ == b.e_; }
  friend bool operator==(const Name& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const Name& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const Name& a, const char* b) { return a.str() == b; }
  friend std::strong_ordering operator<=>(const Name& a, const Name& b) { return a.str() <=> b.str(); }
  friend std::strong_ordering operator<=>(const Name& a, std::string_view b) { return a.str() <=> b; }
  friend std::string operator+(const Name& a, std::string_view b) { return a.str() + std::string(b); }
  friend std::string operator+(std::string_view a, const Name& b) { return std::string(a) + b.str(); }
  friend std::string operator+(const Name& a, char b) { return a.str() + b; }
  friend std::string operator+(char a, const Name& b) { return a + b.str(); }
  friend std::ostream& operator<<(std::ostream& o, const Name& n) { return o << n.str(); }

  // How many distinct names are held now (a test sees one let go).
  static std::size_t held();

  struct Entry;

 private:
  static Entry* acquire(std::string_view s);
  void retain();
  void release();
  Entry* e_ = nullptr;  // null: the empty name
};

}  // namespace mailsim::trace

template <>
struct std::hash<mailsim::trace::Name> {
  std::size_t operator()(const mailsim::trace::Name& n) const { return std::hash<std::string>()(n.str()); }
};
