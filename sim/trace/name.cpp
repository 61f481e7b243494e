#include "sim/trace/name.hpp"

#include <unordered_map>

namespace mailsim::trace {

struct Name::Entry {
  std::string text;
  std::size_t refs = 0;
};

namespace {
// Every name in use, by its text (the key views the entry's own string). Never destroyed, so a
// name that outlives main's statics still finds it.
std::unordered_map<std::string_view, Name::Entry*>& pool() {
  static auto* p = new std::unordered_map<std::string_view, Name::Entry*>();
  return *p;
}
}  // namespace

Name::Entry* Name::acquire(std::string_view s) {
  if (s.empty()) return nullptr;
  auto& p = pool();
  if (auto it = p.find(s); it != p.end()) {
    ++it->second->refs;
    return it->second;
  }
  auto* e = new Entry{std::string(s), 1};
  p.emplace(std::string_view(e->text), e);
  return e;
}

void Name::retain() {
  if (e_) ++e_->refs;
}

void Name::release() {
  if (!e_ || --e_->refs > 0) return;
  pool().erase(std::string_view(e_->text));
  delete e_;
  e_ = nullptr;
}

std::size_t Name::held() { return pool().size(); }

const std::string& Name::str() const {
  static const std::string* const empty = new std::string();  // never destroyed, as the pool
  return e_ ? e_->text : *empty;
}

}  // namespace mailsim::trace
