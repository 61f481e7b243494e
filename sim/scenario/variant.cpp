#include "sim/scenario/variant.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "sim/kernel/rng.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/reader.hpp"

namespace mailsim::scenario {

namespace {

// People the bundled lessons write about, with the names a Japanese caption gives them. A local part
// not in this table (postmaster, sales, nobody) is a role, not a person, and keeps its name.
struct Person {
  const char* local;    // "alice"
  const char* name;     // "Alice"
  const char* ja;       // "アリス"
};
constexpr Person kLessonPeople[] = {
    {"alice", "Alice", "アリス"}, {"bob", "Bob", "ボブ"},   {"carol", "Carol", "キャロル"}, {"dan", "Dan", "ダン"},
    {"dave", "Dave", "デイブ"},   {"ken", "Ken", "ケン"},   {"mei", "Mei", "メイ"},
};
// Who they become. None is a word a caption uses otherwise, nor a prefix of a lesson's name.
constexpr Person kVariantPeople[] = {
    {"erin", "Erin", "エリン"},   {"frank", "Frank", "フランク"}, {"grace", "Grace", "グレース"},
    {"heidi", "Heidi", "ハイジ"}, {"ivan", "Ivan", "アイバン"},   {"judy", "Judy", "ジュディ"},
    {"kate", "Kate", "ケイト"},   {"leo", "Leo", "レオ"},         {"nina", "Nina", "ニーナ"},
    {"oscar", "Oscar", "オスカー"}, {"peggy", "Peggy", "ペギー"}, {"victor", "Victor", "ビクター"},
    {"wendy", "Wendy", "ウェンディ"}, {"yuki", "Yuki", "ユキ"},   {"haru", "Haru", "ハル"},
    {"sora", "Sora", "ソラ"},     {"riku", "Riku", "リク"},       {"hana", "Hana", "ハナ"},
};
// Second-level labels under .example (RFC 2606 keeps it for examples, so no variant names a real
// domain).
constexpr const char* kVariantDomains[] = {
    "maple", "cedar", "harbor", "river", "summit", "lotus", "aurora", "cobalt", "falcon", "orchid", "willow",
    "meadow", "coral", "granite", "juniper", "quartz", "sakura", "momiji", "kaede", "hikari", "midori", "tsubasa",
};

// A name's neighbours that would make it part of a longer word ("bobby", "bob2"); a hyphen does not
// ("alice-pc" is Alice's PC). A domain label may hold a hyphen ("my-school.example").
bool word_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }
bool label_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; }

// A katakana code point (U+30A1..U+30FF) encoded at s[i..i+3)?
bool katakana_at(const std::string& s, std::size_t i) {
  if (i + 3 > s.size()) return false;
  const auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]);
  return b0 == 0xE3 && (b1 == 0x82 || b1 == 0x83) && !(b1 == 0x82 && static_cast<unsigned char>(s[i + 2]) < 0xA1);
}

enum class Bound { Word, DomainName, Katakana, Number };

// `from` where it stands as a whole: not inside a longer word, domain name or katakana word.
bool stands_alone(const std::string& s, std::size_t at, std::size_t len, Bound b) {
  const std::size_t end = at + len;
  if (b == Bound::Katakana) return !(at >= 3 && katakana_at(s, at - 3)) && !katakana_at(s, end);
  // "優先度10": the phrase may follow anything; the number must end where it ends ("10", not "100").
  if (b == Bound::Number) return end >= s.size() || !std::isdigit(static_cast<unsigned char>(s[end]));
  // A domain's hosts ("mail.school.example", "_dmarc.school.example") are renamed with it.
  const auto inside = b == Bound::Word ? word_char : label_char;
  if (at > 0 && inside(static_cast<unsigned char>(s[at - 1]))) return false;
  if (end >= s.size()) return true;
  const auto next = static_cast<unsigned char>(s[end]);
  // A domain may end a sentence ("at school.example."), but not go on ("school.example.com").
  if (b == Bound::DomainName && next == '.') return end + 1 >= s.size() || !std::isalnum(static_cast<unsigned char>(s[end + 1]));
  return !inside(next);
}

struct Rewrite {
  std::string from, to;
  Bound bound;
};

// The rewrites of a string value in one pass, trying the longest first at each place, so
// "mail.school.example" is not cut by a shorter rule and a rewritten name is never rewritten again
// (preference 10 -> 20 and 20 -> 40 must not make 10 -> 40).
std::string rewrite(const std::string& s, const std::vector<Rewrite>& rules) {
  std::string out;
  for (std::size_t at = 0; at < s.size();) {
    const Rewrite* hit = nullptr;
    for (const Rewrite& r : rules)
      if (s.compare(at, r.from.size(), r.from) == 0 && stands_alone(s, at, r.from.size(), r.bound)) {
        hit = &r;
        break;
      }
    if (hit) {
      out += hit->to;
      at += hit->from.size();
    } else {
      out += s[at++];
    }
  }
  return out;
}

// Applies `rules` to every string of the JSON text, and maps the number after each "preference" key.
// Keys are rewritten too: a few are addresses ("forward": {"club@lists.example": ...}), and the
// format's own keys hold no domain and no person's name. Everything else is copied byte for byte.
std::string transform(const std::string& text, const std::vector<Rewrite>& rules,
                      const std::vector<std::pair<int, int>>& preferences) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '"') {
      out += text[i++];
      continue;
    }
    std::size_t j = i + 1;
    while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
    const std::string body = text.substr(i + 1, std::min(j, text.size()) - i - 1);
    std::size_t k = j + 1;
    while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    const bool key = k < text.size() && text[k] == ':';
    out += '"' + rewrite(body, rules) + '"';
    i = j + 1;
    if (key && body == "preference") {
      std::size_t n = k + 1;
      while (n < text.size() && std::isspace(static_cast<unsigned char>(text[n]))) ++n;
      std::size_t e = n;
      while (e < text.size() && std::isdigit(static_cast<unsigned char>(text[e]))) ++e;
      out += text.substr(i, n - i);
      const std::string number = text.substr(n, e - n);
      std::string mapped = number;
      for (const auto& [from, to] : preferences)
        if (number == std::to_string(from)) mapped = std::to_string(to);
      out += mapped;
      i = e;
    }
  }
  return out;
}

template <typename T, std::size_t N>
std::vector<const T*> shuffled(const T (&pool)[N], Rng& rng) {
  std::vector<const T*> v;
  for (const T& p : pool) v.push_back(&p);
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
  return v;
}

}  // namespace

Variant make_variant(const std::string& text, const std::string& file, unsigned student) {
  const Scenario s = load_text(text, file);
  // The student's number alone picks the names: the same number gives the same variant of any
  // lesson, on any machine (Rng is portable).
  Rng rng(0x6d61696c73696dULL ^ (static_cast<std::uint64_t>(student) * 0x9E3779B97F4A7C15ULL));

  std::set<std::string> domains;
  std::set<std::string> locals;
  auto note = [&](const std::string& address) {
    const std::size_t at = address.rfind('@');
    if (at == std::string::npos) return;
    locals.insert(address.substr(0, at));
    domains.insert(address.substr(at + 1));
  };
  for (const Host& h : s.hosts) domains.insert(h.domains.begin(), h.domains.end());
  for (const Account& a : s.accounts) note(a.address);
  for (const MessageSpec& m : s.messages) {
    note(m.from);
    for (const auto* list : {&m.to, &m.cc, &m.bcc})
      for (const std::string& a : *list) note(a);
  }

  Variant v;
  std::vector<Rewrite> rules;
  auto pool = shuffled(kVariantDomains, rng);
  std::size_t next = 0;
  for (const std::string& d : domains) {
    // Only a domain directly under .example is renamed; its hosts' names follow ("mx.home.example").
    const std::string tail = ".example";
    if (d.size() <= tail.size() || d.compare(d.size() - tail.size(), tail.size(), tail) != 0) continue;
    if (d.substr(0, d.size() - tail.size()).find('.') != std::string::npos) continue;
    std::string to;
    while (next < pool.size() && text.find(std::string(*pool[next]) + ".example") != std::string::npos) ++next;
    if (next >= pool.size()) break;  // more domains than names: the rest keep theirs
    to = std::string(*pool[next++]) + tail;
    v.map.domains.emplace_back(d, to);
    rules.push_back({d, to, Bound::DomainName});
  }
  auto people = shuffled(kVariantPeople, rng);
  next = 0;
  for (const Person& p : kLessonPeople) {
    if (!locals.count(p.local)) continue;
    while (next < people.size() && text.find(people[next]->local) != std::string::npos) ++next;
    if (next >= people.size()) break;
    const Person& to = *people[next++];
    v.map.people.emplace_back(p.local, to.local);
    rules.push_back({p.local, to.local, Bound::Word});
    rules.push_back({p.name, to.name, Bound::Word});
    rules.push_back({p.ja, to.ja, Bound::Katakana});
  }

  // MX preferences scaled and shifted together, so their order (which server is tried first) and
  // their ties stay: only the numbers a student reads change.
  std::set<int> prefs;
  for (const auto& r : s.dns_records)
    if (r.type == dns::Type::MX) prefs.insert(r.preference);
  static const int kScale[] = {1, 2, 3, 5};
  static const int kShift[] = {0, 5, 10, 100};
  const int scale = kScale[rng.below(4)], shift = kShift[rng.below(4)];
  for (int p : prefs) {
    const int to = std::min(65535, p * scale + shift);
    v.map.preferences.emplace_back(p, to);
    // Captions that name a preference say it as these lessons do.
    for (const char* phrase : {"preference ", "優先度", "優先度 "})
      rules.push_back({phrase + std::to_string(p), phrase + std::to_string(to), Bound::Number});
  }
  std::stable_sort(rules.begin(), rules.end(),
                   [](const Rewrite& a, const Rewrite& b) { return a.from.size() > b.from.size(); });
  v.text = transform(text, rules, v.map.preferences);
  load_text(v.text, file + " (variant for student " + std::to_string(student) + ")");
  return v;
}

}  // namespace mailsim::scenario
