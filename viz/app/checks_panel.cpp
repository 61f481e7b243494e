// The inspector's Checks tab: the SPF, DKIM and DMARC checks of the selected message (or of the
// newest check at the display time), as viz::checks_view lays them out. Each DNS step is a button
// that moves the display time to its packet, as the ladder's arrows do, so the map, the ladder and
// the timeline show the query on its way.
#include <cstdio>
#include <string>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/model/checks_view.hpp"
#include "viz/model/format.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

// Long base64 (b=, p=) in a few characters: the panel is about what was compared, not the octets.
std::string shortened(const std::string& s, std::size_t max_token = 48) {
  std::string out, token;
  auto flush = [&] {
    out += token.size() > max_token ? token.substr(0, max_token - 8) + "…" + token.substr(token.size() - 6) : token;
    token.clear();
  };
  for (char c : s) {
    if (c == ' ' || c == ';') {
      flush();
      out += c;
    } else {
      token += c;
    }
  }
  flush();
  return out;
}

ImU32 verdict_colour(const Theme& th, int ok) { return ok == 1 ? reply_colour(th, 250) : ok == 0 ? th.failure : th.text; }

ImU32 result_colour(const Theme& th, const std::string& result) {
  if (result == "pass") return reply_colour(th, 250);
  if (result == "fail" || result == "permerror" || result == "softfail") return th.failure;
  if (result == "temperror") return reply_colour(th, 450);
  return th.text_dim;
}

void heading(App& app, const std::string& text) {
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopFont();
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
         Record("checks heading", window_name(Str::WinInspector)).text(text).scrolls());
}

// A DNS step: a button per packet, the query and (when one came) the answer.
void link_buttons(App& app, const viz::CheckLink& l, float indent) {
  const float avail = ImGui::GetContentRegionAvail().x - indent - ImGui::GetStyle().FramePadding.x * 2;
  char buf[96];
  std::snprintf(buf, sizeof buf, app.tr(Str::ChkQuery), l.question.c_str());
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  const std::string q = fit_width(ImGui::GetFont(), ImGui::GetFontSize(), std::string("→ ") + buf, avail);
  ImGui::PushID(static_cast<int>(l.query_seq));
  if (ImGui::SmallButton(q.empty() ? "→" : q.c_str())) app.seek(l.query_at);
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
         Record("checks dns query", window_name(Str::WinInspector)).text(q).scrolls());
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  const std::string a = fit_width(ImGui::GetFont(), ImGui::GetFontSize(),
                                  std::string("← ") + (l.answered ? l.answer : app.tr(Str::ChkNoAnswer)), avail);
  ImGui::BeginDisabled(!l.answered);
  if (ImGui::SmallButton(a.empty() ? "←" : a.c_str())) app.seek(l.answer_at);
  ImGui::EndDisabled();
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
         Record("checks dns answer", window_name(Str::WinInspector)).text(a).scrolls());
  ImGui::PopID();
}

void fact_row(App& app, const char* label, const std::string& value, ImU32 colour) {
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", value.c_str());
  ImGui::PopStyleColor();
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
         Record("checks row", window_name(Str::WinInspector)).text(value).scrolls());
}

void row(App& app, const viz::CheckSection& s, const viz::CheckRow& r) {
  const Theme& th = theme(app.dark);
  const float step = ImGui::GetFontSize() * 1.2f;
  const float indent = step * static_cast<float>(r.depth);
  if (indent > 0) ImGui::Indent(indent);
  switch (r.kind) {
    case viz::CheckRow::Kind::Fact: {
      std::string value = shortened(r.value);
      if (r.label == Str::ChkLookups) {
        char buf[160];
        std::snprintf(buf, sizeof buf, app.tr(Str::ChkLookupsValue), r.value.c_str(), r.detail.c_str());
        value = buf;
      }
      if (r.label == Str::ChkSampledOut) {
        ImGui::TextWrapped("%s", app.tr(r.label));
      } else {
        fact_row(app, app.tr(r.label), value.empty() ? "-" : value, verdict_colour(th, r.ok));
      }
      break;
    }
    case viz::CheckRow::Kind::Term: {
      const std::string text = r.value + "  —  " + app.tr(r.ok == 1 ? Str::ChkMatch : Str::ChkNoMatch) +
                               (r.detail.empty() ? "" : ": " + r.detail);
      ImGui::PushStyleColor(ImGuiCol_Text, r.ok == 1 ? th.text : th.text_dim);
      ImGui::TextWrapped("%s", text.c_str());
      ImGui::PopStyleColor();
      record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
             Record("checks term", window_name(Str::WinInspector)).text(text).scrolls());
      break;
    }
    case viz::CheckRow::Kind::Tag: {
      // The tag and its meaning on one line: "d=school.example  signing domain: ...".
      // h= is the list of what was signed: all of it, wrapped; b= is octets: its ends are enough.
      const std::string tag = r.key + "=" + (r.key == "h" ? r.value : shortened(r.value));
      ImGui::PushFont(app.fonts.mono);
      if (r.key == "h") ImGui::TextWrapped("%s", tag.c_str());
      else ImGui::TextUnformatted(fit_width(app.fonts.mono, ImGui::GetFontSize(), tag, ImGui::GetContentRegionAvail().x).c_str());
      ImGui::PopFont();
      record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
             Record("checks tag", window_name(Str::WinInspector)).text(tag).scrolls());
      if (r.note != Str::Count) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, th.text_dim);
        ImGui::TextWrapped("%s", app.tr(r.note));
        ImGui::PopStyleColor();
      }
      break;
    }
    case viz::CheckRow::Kind::Align: {
      const std::string text = (r.key == "spf" ? std::string("SPF  ") : std::string("DKIM d=")) + r.value + "  (" +
                               r.detail + ")  " + app.tr(r.passed == 1 ? Str::ChkPassed : Str::ChkFailed) + "  →  " +
                               app.tr(r.ok == 1 ? Str::ChkAligned : Str::ChkNotAligned);
      ImGui::PushStyleColor(ImGuiCol_Text, verdict_colour(th, r.ok));
      ImGui::TextWrapped("%s", text.c_str());
      ImGui::PopStyleColor();
      record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
             Record("checks alignment", window_name(Str::WinInspector)).text(text).scrolls());
      break;
    }
    case viz::CheckRow::Kind::Link: break;
  }
  if (r.link != viz::kNoLink && r.link < s.links.size()) link_buttons(app, s.links[r.link], step);
  if (indent > 0) ImGui::Unindent(indent);
}

void section(App& app, const viz::CheckSection& s) {
  const Theme& th = theme(app.dark);
  char buf[256];
  const Str when = s.method == "spf" ? Str::ChkSpfWhen : s.method == "dkim" ? Str::ChkDkimWhen : Str::ChkDmarcWhen;
  std::snprintf(buf, sizeof buf, app.tr(when), s.host.c_str());
  ImGui::Separator();
  heading(app, std::string(buf) + "  ·  " + viz::format_clock(s.at));
  fact_row(app, app.tr(Str::ChkResult), s.result, result_colour(th, s.result));
  if (!s.reason.empty()) fact_row(app, app.tr(Str::ChkReason), s.reason, th.text);
  bool alignment_heading = false, tags_heading = false, terms_heading = false;
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    const viz::CheckRow& r = s.rows[i];
    ImGui::PushID(static_cast<int>(i));
    if (r.kind == viz::CheckRow::Kind::Align && !alignment_heading) {
      ImGui::TextDisabled("%s", app.tr(Str::ChkAlignment));
      alignment_heading = true;
    }
    if (r.kind == viz::CheckRow::Kind::Tag && !tags_heading) {
      ImGui::TextDisabled("%s", app.tr(Str::ChkTags));
      tags_heading = true;
    }
    if (r.kind == viz::CheckRow::Kind::Term && !terms_heading) {
      ImGui::TextDisabled("%s", app.tr(Str::ChkTerms));
      terms_heading = true;
    }
    row(app, s, r);
    ImGui::PopID();
  }
  if (s.reply_code) fact_row(app, app.tr(Str::ChkReply), s.reply, reply_colour(th, s.reply_code));
}

}  // namespace

void checks_tab(App& app) {
  const viz::ChecksView v = viz::checks_view(app.model(), app.now, app.inspector.checks_message, app.lang);
  if (v.sections.empty()) {
    ImGui::TextWrapped("%s", app.tr(Str::ChkNone));
    return;
  }
  char buf[256];
  if (v.message_id.empty()) std::snprintf(buf, sizeof buf, "%s", app.tr(Str::ChkAboutRefused));
  else std::snprintf(buf, sizeof buf, app.tr(Str::ChkAbout), v.message_id.c_str());
  // How the DNS buttons work, as a "(?)" before the title: the rows need the room.
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered() && !app.screenshot_mode) ImGui::SetTooltip("%s", app.tr(Str::ChkHint));
  ImGui::SameLine();
  heading(app, buf);
  for (std::size_t i = 0; i < v.sections.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    section(app, v.sections[i]);
    ImGui::PopID();
  }
}

}  // namespace mailsim::gui
