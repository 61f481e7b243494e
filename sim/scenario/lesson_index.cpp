#include "sim/scenario/lesson_index.hpp"

#include <algorithm>
#include <cstdio>

#include "sim/scenario/topics.hpp"

namespace mailsim::scenario {

namespace {

struct Words {
  const char* heading;
  const char* generated;
  const char* other_language;
  const char* summary;  // lessons, topics with one, all topics
  const char* none_yet;
  const char* columns;
  const char* every_lesson;
  const char* take_first;
  const char* topics;
  const char* minutes;  // "%d min"
  const char* broken;
};

constexpr Words kEn = {
    "Lessons by topic",
    "Generated from the lesson files by `mailsim lessons --format md`; do not edit it by hand.",
    "日本語: [lessons.ja.md](lessons.ja.md)",
    "%zu lessons; %zu of the course's %zu topics have one.",
    "No lesson yet.",
    "| lesson | file | level | minutes | take first |",
    "Every lesson",
    "take first",
    "topics",
    "%d min",
    "does not load:",
};
constexpr Words kJa = {
    "トピック別のレッスン一覧",
    "レッスンファイルから `mailsim lessons --lang ja --format md` で作ったものです。手で編集しないでください。",
    "English: [lessons.md](lessons.md)",
    "レッスン %1$zu 本。講座の %3$zu トピックのうち %2$zu にレッスンがあります。",
    "まだレッスンがありません。",
    "| レッスン | ファイル | レベル | 時間(分) | 先に学ぶレッスン |",
    "すべてのレッスン",
    "先に学ぶレッスン",
    "トピック",
    "%d 分",
    "読み込めません:",
};

std::string level_name(Level l, bool ja) {
  switch (l) {
    case Level::Unset: return "—";
    case Level::Intro: return ja ? "入門" : "intro";
    case Level::Intermediate: return ja ? "中級" : "intermediate";
    case Level::Advanced: return ja ? "上級" : "advanced";
  }
  return "—";
}

const std::string& pick(const Text& t, bool ja) { return ja && !t.ja.empty() ? t.ja : t.en; }

std::string format(const char* pattern, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, pattern, args...);
  return buf;
}

std::string joined(const std::vector<std::string>& items, const char* sep, bool code) {
  if (items.empty()) return "—";
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : sep) + (code ? "`" + i + "`" : i);
  return out;
}

// Markdown table cells cannot hold a raw '|'.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::vector<const LessonEntry*> lessons_on(const LessonCatalog& c, std::string_view topic) {
  std::vector<const LessonEntry*> out;
  for (const LessonEntry& e : c.lessons)
    if (std::find(e.lesson.topics.begin(), e.lesson.topics.end(), topic) != e.lesson.topics.end()) out.push_back(&e);
  // The first to take first: by level (a lesson that does not say comes last), then by file name.
  const auto rank = [](const LessonEntry* e) { return e->lesson.level == Level::Unset ? 4 : static_cast<int>(e->lesson.level); };
  std::stable_sort(out.begin(), out.end(), [&](const LessonEntry* a, const LessonEntry* b) { return rank(a) < rank(b); });
  return out;
}

std::string file_name(const LessonEntry& e) { return e.path.filename().string(); }

std::string markdown(const LessonCatalog& c, bool ja, const Words& w) {
  const auto all = topics();
  std::string out = std::string("# ") + w.heading + "\n\n" + w.generated + " " + w.other_language + "\n\n" +
                    format(w.summary, c.lessons.size(), all.size() - topics_without_lesson(c).size(), all.size()) +
                    "\n";
  for (const Topic& t : all) {
    out += "\n## " + std::string(ja ? t.ja : t.en) + "\n\n";
    const auto on = lessons_on(c, t.id);
    if (on.empty()) {
      out += std::string("*") + w.none_yet + "*\n";
      continue;
    }
    out += std::string(w.columns) + "\n| --- | --- | --- | --- | --- |\n";
    for (const LessonEntry* e : on)
      out += "| " + cell(pick(e->title, ja)) + " | `" + file_name(*e) + "` | " + level_name(e->lesson.level, ja) + " | " +
             (e->lesson.minutes ? std::to_string(e->lesson.minutes) : "—") + " | " +
             joined(e->lesson.prerequisites, ", ", true) + " |\n";
  }
  out += std::string("\n## ") + w.every_lesson + "\n";
  for (const LessonEntry& e : c.lessons) {
    out += "\n### " + pick(e.title, ja) + "\n\n`" + file_name(e) + "` · " + level_name(e.lesson.level, ja);
    if (e.lesson.minutes) out += " · " + format(w.minutes, e.lesson.minutes);
    std::vector<std::string> names;
    for (const std::string& id : e.lesson.topics)
      if (const Topic* t = find_topic(id)) names.emplace_back(ja ? t->ja : t->en);
    out += std::string(" · ") + w.topics + ": " + joined(names, ja ? "、" : "; ", false) + " · " + w.take_first + ": " +
           joined(e.lesson.prerequisites, ", ", true) + "\n";
    if (!e.error.empty()) out += std::string("\n") + w.broken + " " + e.error + "\n";
    else if (!pick(e.description, ja).empty()) out += "\n" + pick(e.description, ja) + "\n";
  }
  return out;
}

std::string text(const LessonCatalog& c, bool ja, const Words& w) {
  const auto all = topics();
  std::string out = c.dir.string() + ": " +
                    format(w.summary, c.lessons.size(), all.size() - topics_without_lesson(c).size(), all.size()) +
                    "\n";
  std::size_t width = 0, level_width = 0;
  for (const LessonEntry& e : c.lessons) {
    width = std::max(width, e.id.size());
    level_width = std::max(level_width, level_name(e.lesson.level, ja).size());
  }
  for (const Topic& t : all) {
    out += "\n" + std::string(ja ? t.ja : t.en) + " [" + std::string(t.id) + "]\n";
    const auto on = lessons_on(c, t.id);
    if (on.empty()) out += std::string("  ") + w.none_yet + "\n";
    for (const LessonEntry* e : on) {
      std::string level = level_name(e->lesson.level, ja);
      std::string minutes = e->lesson.minutes ? format(w.minutes, e->lesson.minutes) : "";
      // The Japanese levels are all as long as each other, so byte counts align them too.
      out += "  " + e->id + std::string(width - e->id.size() + 2, ' ') + level +
             std::string(level_width - level.size() + 2, ' ') + minutes + "  " + pick(e->title, ja) + "\n";
    }
  }
  return out;
}

}  // namespace

std::string lesson_index(const LessonCatalog& c, bool ja, IndexFormat f) {
  const Words& w = ja ? kJa : kEn;
  return f == IndexFormat::Markdown ? markdown(c, ja, w) : text(c, ja, w);
}

std::vector<std::string> index_problems(const LessonCatalog& c) {
  std::vector<std::string> out;
  if (!c.error.empty()) out.push_back(c.error);
  for (const LessonEntry& e : c.lessons) {
    if (!e.error.empty()) out.push_back(e.error);
    for (const std::string& p : e.lesson.prerequisites) {
      const bool known = std::any_of(c.lessons.begin(), c.lessons.end(), [&](const LessonEntry& o) { return o.id == p; });
      if (!known)
        out.push_back(e.path.string() + ": prerequisite '" + p + "' is not a lesson in " + c.dir.string() +
                      " (no " + p + ".json there)");
    }
  }
  return out;
}

std::vector<std::string_view> topics_without_lesson(const LessonCatalog& c) {
  std::vector<std::string_view> out;
  for (const Topic& t : topics())
    if (lessons_on(c, t.id).empty()) out.push_back(t.id);
  return out;
}

}  // namespace mailsim::scenario
