#include "sim/cli/variant.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "sim/scenario/load.hpp"
#include "sim/scenario/variant.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

namespace mailsim::cli {

namespace {

const std::string& pick(const scenario::Text& t, bool ja) { return ja && !t.ja.empty() ? t.ja : t.en; }

// What a teacher checks a student's answers against.
void answer_key(const scenario::Scenario& s, const scenario::Variant& v, unsigned student, bool ja, std::ostream& out,
                int& failed) {
  out << (ja ? "解答(" : "Answer key: ") << s.id << (ja ? "、学生 " : ", student ") << student << (ja ? ")\n" : "\n");
  out << "  " << pick(s.title, ja) << "\n\n" << (ja ? "この課題での名前:\n" : "Names in this variant:\n");
  for (const auto& [from, to] : v.map.domains) out << "  " << from << " → " << to << "\n";
  for (const auto& [from, to] : v.map.people) out << "  " << from << "@ → " << to << "@\n";
  for (const auto& [from, to] : v.map.preferences)
    out << "  " << (ja ? "MX の優先度 " : "MX preference ") << from << " → " << to << "\n";
  world::World w(s);
  w.run(Scheduler::kForever, world::RunCaps{}, [] {});
  out << "\n" << (ja ? "起きること(課題を実行した結果):\n" : "What happens (from a run of the variant):\n");
  // A destination knows a message by its Message-ID; the key names it as the lesson does ("m1").
  std::map<std::string, std::string> by_message_id;
  const auto facts = world::ExpectFacts::of(s, w.trace());
  for (const scenario::MessageSpec& m : s.messages) by_message_id[facts.message_id(m.id)] = m.id;
  const auto name = [&](const trace::Event& e) -> std::string {
    if (!e.message.empty()) return e.message;
    const auto it = by_message_id.find(e.message_id);
    return it != by_message_id.end() ? it->second : e.message_id.str();
  };
  for (const trace::Event& e : w.trace().events()) {
    if (e.kind == trace::Kind::Delivery) {
      const auto& d = e.as<trace::data::Delivery>();
      out << "  " << format_time(e.time) << "  " << name(e)
          << (ja ? " が " : " delivered to ") << e.peer << (d.folder.empty() || d.folder == "INBOX" ? "" : " (" + d.folder + ")")
          << (ja ? " に届く(" : " on ") << e.host << (ja ? ")\n" : "\n");
    } else if (e.kind == trace::Kind::Bounce) {
      const bool failed_dsn = e.as<trace::data::Bounce>().action == trace::BounceAction::Failed;
      out << "  " << format_time(e.time) << "  " << e.host << (ja ? (failed_dsn ? " がエラーメールを作る: " : " が遅延の通知を作る: ")
                                                                 : (failed_dsn ? " bounces " : " warns of a delay for "))
          << name(e) << "\n";
    }
  }
  if (!s.quiz.empty()) {
    out << "\n" << (ja ? "問いの答え(宿題シートの番号):\n" : "Answers to the questions (as numbered on the homework sheet):\n");
    for (std::size_t i = 0; i < s.quiz.size(); ++i) {
      const auto& q = s.quiz[i];
      out << "  " << i + 1 << ". " << static_cast<char>('A' + q.answer) << ") " << pick(q.choices[q.answer], ja);
      if (!pick(q.explanation, ja).empty()) out << " — " << pick(q.explanation, ja);
      out << "\n";
    }
  }
  out << "\n" << (ja ? "期待する結果:\n" : "Expectations:\n");
  for (const auto& r : world::check_expectations(w, facts)) {
    out << (ja ? (r.ok ? "  ○  " : "  ×  ") : (r.ok ? "  ok    " : "  FAIL  ")) << pick(r.description, ja) << "\n";
    failed += r.ok ? 0 : 1;
  }
}

// The student's sheet, in Markdown: the lesson's predict-then-reveal questions with this variant's
// names, to answer before running it. No answers (the key has them, numbered the same).
void homework(const scenario::Scenario& s, const std::string& file, unsigned student, bool ja, std::ostream& out) {
  out << "# " << pick(s.title, ja) << (ja ? "(宿題、生徒 " : " (homework, student ") << student << ")\n\n";
  out << pick(s.description, ja) << "\n\n";
  out << (ja ? "レッスンを開く前に、次の問いに答えましょう。それからレッスンを再生して確かめます:\n"
             : "Answer these before you open the lesson; then play it and check:\n")
      << "`mailsim-gui " << file << " --student " << student << "`\n";
  for (std::size_t i = 0; i < s.quiz.size(); ++i) {
    const auto& q = s.quiz[i];
    // A question's own line breaks stay lines in Markdown (two spaces before each break).
    std::string question = pick(q.question, ja);
    for (std::size_t at = 0; (at = question.find('\n', at)) != std::string::npos; at += 3) question.replace(at, 1, "  \n");
    out << "\n" << i + 1 << ". " << question << "\n\n";
    for (std::size_t c = 0; c < q.choices.size(); ++c)
      out << "   - [ ] " << static_cast<char>('A' + c) << ") " << pick(q.choices[c], ja) << "\n";
  }
  if (s.quiz.empty()) out << "\n" << (ja ? "(このレッスンには問いがありません。)\n" : "(This lesson has no questions.)\n");
}

}  // namespace

int variant(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::string file, output;
  unsigned student = 0;
  bool answers = false, sheet = false, ja = false;
  for (int i = 2; i < argc; ++i) {
    const std::string opt = argv[i];
    if (opt == "--student" && i + 1 < argc) {
      const std::string n = argv[++i];
      const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), student);
      if (ec != std::errc() || end != n.data() + n.size() || student < 1 || student > scenario::kMaxStudent) {
        err << "mailsim: --student is a number from 1 to " << scenario::kMaxStudent << ", not " << n << "\n";
        return 2;
      }
    } else if ((opt == "-o" || opt == "--output") && i + 1 < argc) {
      output = argv[++i];
    } else if (opt == "--answers") {
      answers = true;
    } else if (opt == "--homework") {
      sheet = true;
    } else if (opt == "--lang" && i + 1 < argc) {
      const std::string lang = argv[++i];
      if (lang != "en" && lang != "ja") {
        err << "mailsim: --lang is en or ja, not " << lang << "\n";
        return 2;
      }
      ja = lang == "ja";
    } else if (!opt.empty() && opt[0] != '-' && file.empty()) {
      file = opt;
    } else {
      err << "mailsim: variant: unexpected " << opt << "\n";
      return 2;
    }
  }
  if (answers && sheet) {
    err << "mailsim: --answers and --homework print different things: choose one\n";
    return 2;
  }
  if (file.empty() || student == 0) {
    err << "mailsim: variant needs a lesson file and --student N\n";
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << "mailsim: cannot read " << file << "\n";
    return 2;
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const scenario::Variant v = scenario::make_variant(text.str(), file, student);
    if (!output.empty()) {
      std::ofstream f(output, std::ios::binary);
      if (!(f << v.text)) {
        err << "mailsim: cannot write " << output << "\n";
        return 2;
      }
    }
    int failed = 0;
    if (answers) answer_key(scenario::load_text(v.text, file), v, student, ja, out, failed);
    else if (sheet) homework(scenario::load_text(v.text, file), file, student, ja, out);
    else if (output.empty()) out << v.text;
    return failed ? 1 : 0;
  } catch (const scenario::ScenarioError& e) {
    err << e.what() << "\n";
    return 2;
  }
}

}  // namespace mailsim::cli
