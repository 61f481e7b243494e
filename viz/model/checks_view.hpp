#pragma once
// What the inspector's Checks tab shows: the SPF, DKIM and DMARC checks a receiving server made of
// one message, up to the display time, each as rows the panel draws as they are (viz/app/
// checks_panel.cpp): SPF's records and each term tried, DKIM's tags each with its meaning, the key
// record and the body hash beside bh=, DMARC's policy record, the alignment side by side and the
// decision. Every DNS step links to its query and answer packets, so clicking it moves the display
// time there. Read from the auth events' typed facts (sim/trace/auth_facts.hpp), never from text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel/time.hpp"
#include "viz/model/lang.hpp"
#include "viz/model/strings.hpp"
#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

inline constexpr std::size_t kNoLink = static_cast<std::size_t>(-1);

// A DNS question of a check, and when its packets left (the display time a click moves to).
struct CheckLink {
  std::string question;         // "TXT school.example"
  std::string answer;           // the answer's summary, or "no answer"
  std::uint64_t query_seq = 0;
  Time query_at = 0;
  bool answered = false;
  std::uint64_t answer_seq = 0;
  Time answer_at = 0;
};

struct CheckRow {
  enum class Kind {
    Fact,   // `label`: `value` (ChkLookups: `value` DNS terms and `detail` void lookups, in ChkLookupsValue)
    Term,   // an SPF term: `key` its qualifier, `value` as written, `ok` matched, `detail` why
    Tag,    // a DKIM-Signature tag: `key` its name, `value`, `note` its meaning in one line
    Align,  // DMARC: `key` the method, `value` its domain, `detail` relaxed/strict, `passed`, `ok` aligned
    Link,   // a DNS step of its own: `links[link]`
  };
  Kind kind = Kind::Fact;
  Str label = Str::Count;
  std::string key, value, detail;
  Str note = Str::Count;
  std::size_t depth = 0;        // SPF: includes deep
  int ok = -1;                  // -1: not a yes/no; 0 no; 1 yes
  int passed = -1;              // Align: the method's own check passed
  std::size_t link = kNoLink;   // into CheckSection::links
};

struct CheckSection {
  std::uint32_t event = 0;      // the auth event
  std::string method;           // "spf", "dkim", "dmarc"
  std::string host;             // the server that checked
  std::string result, reason, action;
  Time at = 0;
  int reply_code = 0;           // the reply it led to (0: none of its own, as for DKIM)
  std::string reply;
  std::vector<CheckRow> rows;
  std::vector<CheckLink> links;
};

struct ChecksView {
  std::string message_id;       // what they are about; "" for a transaction refused at MAIL FROM
  std::vector<CheckSection> sections;  // in the order they ran
};

// The checks of `message_id` made up to `t`. With "" (or an id no check is about yet): those of the
// newest auth event at `t`: its message's, or its transaction's when it has no message.
// Reasons, details and verdicts are in `lang` (the SPF values, records and DNS answers as written).
ChecksView checks_view(const TraceModel& m, Time t, const std::string& message_id, Lang lang = Lang::En);

// A DKIM-Signature tag's meaning in one line (RFC 6376 §3.5), or Str::Count for one it lacks.
Str dkim_tag_note(const std::string& name);

}  // namespace mailsim::viz
