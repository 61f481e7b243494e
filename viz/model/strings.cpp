#include "viz/model/strings.hpp"

namespace mailsim::viz {
namespace {

struct Entry {
  const char* en;
  const char* ja;
};

constexpr Entry kTable[] = {
#define MAILSIM_STR(id, en, ja) {en, ja},
#include "viz/model/strings_table.inc"
#undef MAILSIM_STR
};
static_assert(sizeof kTable / sizeof kTable[0] == kStringCount);

}  // namespace

const char* tr(Str s, Lang lang) {
  const auto& e = kTable[static_cast<std::size_t>(s)];
  return lang == Lang::Ja ? e.ja : e.en;
}

}  // namespace mailsim::viz
