#pragma once
// Dialogs (lists of lines) print line by line when a check fails.
#include <doctest/doctest.h>

#include <string>
#include <vector>

template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static doctest::String convert(const std::vector<std::string>& v) {
    std::string out = "\n";
    for (const auto& l : v) out += "  " + l + "\n";
    return out.c_str();
  }
};
