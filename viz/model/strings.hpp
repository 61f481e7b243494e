#pragma once
// Every text of the user interface, in English and Japanese. The app never writes a UI text
// literally; it asks tr(Str::X, lang). The table is strings_table.inc (id, English, Japanese), one
// line per text, so both languages are reviewed side by side.
#include <cstddef>

#include "viz/model/lang.hpp"

namespace mailsim::viz {

enum class Str {
#define MAILSIM_STR(id, en, ja) id,
#include "viz/model/strings_table.inc"
#undef MAILSIM_STR
  Count
};

const char* tr(Str s, Lang lang);
constexpr std::size_t kStringCount = static_cast<std::size_t>(Str::Count);

}  // namespace mailsim::viz
