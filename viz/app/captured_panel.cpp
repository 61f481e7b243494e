// The inspector's Captured tab: what each eavesdropper learnt from the wire it listens on, up to
// the display time, read from the trace's `captured` events (the decoding is sim/proto/sniff's).
// A password is shown in the failure colour: that is the lesson.
#include <cstdio>
#include <vector>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/model/format.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

// "laptop.cafe.example → mail.school.example:587", from the connection the model indexed.
std::string connection_words(const App& app, const trace::Event& e) {
  const viz::Connection* c = app.model().connection(e.conn);
  const std::string server = c ? c->server : std::string("?");
  const std::string client = c ? c->client : std::string("?");
  return "#" + std::to_string(e.conn) + " " + client + " → " + server + ":" + std::to_string(e.port);
}

void what_cell(App& app, const trace::data::Captured& c) {
  const Theme& th = theme(app.dark);
  char buf[1024];
  switch (c.what) {
    case trace::CaptureWhat::Credential:
      std::snprintf(buf, sizeof buf, app.tr(Str::CpPassword), c.user.c_str(), c.password.c_str(), c.method.c_str());
      ImGui::PushStyleColor(ImGuiCol_Text, vec4(th.failure));
      ImGui::PushFont(app.fonts.bold);
      ImGui::TextWrapped("%s", buf);
      ImGui::PopFont();
      ImGui::PopStyleColor();
      return;
    case trace::CaptureWhat::ChallengeResponse:
      std::snprintf(buf, sizeof buf, app.tr(Str::CpChallenge), c.user.c_str(), c.method.c_str());
      ImGui::PushStyleColor(ImGuiCol_Text, vec4(th.reply[0]));
      ImGui::TextWrapped("%s", buf);
      ImGui::PopStyleColor();
      return;
    case trace::CaptureWhat::MailText:  // mail_cell: it needs the event's direction
      return;
    case trace::CaptureWhat::Unreadable:
      // After STARTTLS, or on an implicit TLS port: the eavesdropper's own words for it.
      std::snprintf(buf, sizeof buf, app.tr(c.tls ? Str::CpTlsCiphertext : Str::CpUnreadable), c.bytes);
      // Wrapped: in Japanese the line is wider than a narrow inspector (a lesson whose first
      // captures are ciphertext, smtps-465, showed it).
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("%s", buf);
      ImGui::PopStyleColor();
      // The bytes themselves, as the sniffer shows them: a record header, then noise.
      if (!c.sample.empty()) {
        ImGui::PushFont(app.fonts.mono);
        ImGui::TextWrapped("%s …", trace::spaced_hex(c.sample).c_str());
        ImGui::PopFont();
      }
      return;
  }
}

void mail_cell(App& app, const trace::Event& e, const trace::data::Captured& c) {
  const Theme& th = theme(app.dark);
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextWrapped("%s", app.tr(e.dir == trace::Direction::ClientToServer ? Str::CpMailSent : Str::CpMailRead));
  ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, vec4(th.failure));
  ImGui::TextWrapped("From: %s", c.from.c_str());
  ImGui::TextWrapped("To: %s", c.to.c_str());
  ImGui::TextWrapped("Subject: %s", c.subject.c_str());
  ImGui::PopStyleColor();
  ImGui::PushFont(app.fonts.mono);
  for (const auto& l : c.body) ImGui::TextWrapped("%s", l.empty() ? " " : l.c_str());
  ImGui::PopFont();
  if (c.lines_left_out) ImGui::TextDisabled(app.tr(Str::CpMoreLines), c.lines_left_out);
}

// The trace's captured events, found once per trace (the model's events do not change).
const std::vector<std::uint32_t>& captured_events(const viz::TraceModel& m) {
  static const viz::TraceModel* seen = nullptr;
  static std::size_t seen_size = 0;
  static std::vector<std::uint32_t> out;
  if (seen != &m || seen_size != m.events().size()) {
    out.clear();
    for (std::uint32_t i = 0; i < m.events().size(); ++i)
      if (m.events()[i].kind == trace::Kind::Captured) out.push_back(i);
    seen = &m;
    seen_size = m.events().size();
  }
  return out;
}

}  // namespace

void captured_tab(App& app) {
  const auto& sc = app.session.scenario();
  const auto& m = app.model();
  bool any = false;
  char buf[512];
  for (const auto& h : sc.hosts) {
    if (h.role != scenario::Role::Eavesdropper) continue;
    any = true;
    ImGui::PushID(h.name.c_str());
    if (app.inspector.focus == h.name) ImGui::SetNextItemOpen(true);
    if (ImGui::CollapsingHeader((h.name + "###h").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      std::snprintf(buf, sizeof buf, app.tr(Str::CpListensOn), h.tap.first.c_str(), h.tap.second.c_str());
      ImGui::TextWrapped("%s", buf);
      record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), Record("captured " + h.name, window_name(Str::WinInspector)).scrolls());
      if (h.strip_starttls != scenario::StripStarttls::None) {  // an active attacker, not only a listener
        ImGui::TextWrapped("%s", app.tr(Str::CpStripsStarttls));
        record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
               Record("strips " + h.name, window_name(Str::WinInspector)).scrolls());
      }
      // One card a capture, as the queue inspector does: a table's columns would squeeze the words
      // into a narrow inspector.
      int rows = 0;
      for (const std::uint32_t i : captured_events(m)) {
        const trace::Event& e = m.events()[i];
        if (e.time > app.now) break;
        if (e.host != h.name) continue;
        const auto& c = e.as<trace::data::Captured>();
        ++rows;
        ImGui::PushID(static_cast<int>(i));
        ImGui::Separator();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s  %s", viz::format_clock(e.time).c_str(), connection_words(app, e).c_str());
        ImGui::PopStyleColor();
        if (c.what == trace::CaptureWhat::MailText) mail_cell(app, e, c);
        else what_cell(app, c);
        record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
               Record("capture " + std::to_string(rows), window_name(Str::WinInspector)).scrolls());
        ImGui::PopID();
      }
      if (rows == 0) ImGui::TextDisabled("%s", app.tr(Str::CpNothingYet));
    }
    ImGui::PopID();
  }
  if (!any) ImGui::TextWrapped("%s", app.tr(Str::CpNoEavesdropper));
}

}  // namespace mailsim::gui
