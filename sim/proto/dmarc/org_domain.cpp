#include "sim/proto/dmarc/org_domain.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::dmarc {

namespace {

std::vector<std::string_view> labels_of(std::string_view d) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= d.size()) {
    const std::size_t dot = d.find('.', start);
    out.push_back(d.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

std::string join_last(const std::vector<std::string_view>& labels, std::size_t n) {
  std::string out;
  for (std::size_t i = labels.size() - n; i < labels.size(); ++i) {
    if (!out.empty()) out += '.';
    out += labels[i];
  }
  return out;
}

// Does `rule` (without "!") match the last labels of the name? "*" matches any one label.
bool matches(const std::vector<std::string_view>& rule, const std::vector<std::string_view>& name) {
  if (rule.size() > name.size()) return false;
  for (std::size_t i = 1; i <= rule.size(); ++i) {
    const std::string_view r = rule[rule.size() - i];
    if (r != "*" && r != name[name.size() - i]) return false;
  }
  return true;
}

}  // namespace

PublicSuffixList PublicSuffixList::builtin() {
  PublicSuffixList l;
  for (const char* r : {"example", "test", "invalid", "localhost", "com", "net", "org", "edu", "jp", "co.jp",
                        "ac.jp", "ad.jp", "ed.jp", "go.jp", "gr.jp", "lg.jp", "ne.jp", "or.jp", "uk", "co.uk",
                        "ac.uk", "org.uk"}) {
    l.add(r);
  }
  return l;
}

void PublicSuffixList::add(std::string_view rule) {
  std::string r = proto::to_lower(proto::trim(rule));
  while (!r.empty() && r.back() == '.') r.pop_back();
  if (!r.empty() && std::find(rules_.begin(), rules_.end(), r) == rules_.end()) rules_.push_back(std::move(r));
}

std::string PublicSuffixList::public_suffix(std::string_view domain) const {
  std::string d = proto::to_lower(domain);
  while (!d.empty() && d.back() == '.') d.pop_back();
  if (d.empty()) return {};
  const auto name = labels_of(d);
  std::size_t best = 1;  // the implicit "*" rule: any top-level label is a suffix
  for (const std::string& rule : rules_) {
    const bool exception = rule.front() == '!';
    const auto labels = labels_of(exception ? std::string_view(rule).substr(1) : std::string_view(rule));
    if (!matches(labels, name)) continue;
    if (exception) return join_last(name, labels.size() - 1);  // an exception wins outright
    best = std::max(best, labels.size());
  }
  return join_last(name, std::min(best, name.size()));
}

std::string PublicSuffixList::organizational_domain(std::string_view domain) const {
  std::string d = proto::to_lower(domain);
  while (!d.empty() && d.back() == '.') d.pop_back();
  const std::string suffix = public_suffix(d);
  const auto name = labels_of(d);
  const std::size_t n = suffix.empty() ? 0 : labels_of(suffix).size();
  if (n >= name.size()) return d;
  return join_last(name, n + 1);
}

}  // namespace mailsim::dmarc
