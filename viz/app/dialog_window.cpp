// The dialog panel: one connection's conversation as a chat of C:/S: lines in monospace, reply codes
// coloured by class, each command and reply explained in one line with its RFC section. It follows
// the line being animated on the map unless the teacher picks a connection.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <tuple>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/icons.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/app/wrap.hpp"
#include "viz/model/captions.hpp"
#include "viz/model/explain.hpp"
#include "viz/model/format.hpp"
#include "viz/model/tls_view.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

const char* connection_title(char* buf, std::size_t size, const viz::Connection& c) {
  std::snprintf(buf, size, "#%llu  %s  %s → %s:%u", static_cast<unsigned long long>(c.id), c.protocol.c_str(),
                c.client.c_str(), c.server.c_str(), c.port);
  return buf;
}

// A connection attempt that got no answer, in the connection list: "× relay → mx:25: no answer
// after 30 s", or still waiting, or refused.
const char* attempt_title(const App& app, char* buf, std::size_t size, const viz::Attempt& a) {
  char text[192];  // within the caller's buffer, with the mark
  const bool over = a.end != viz::AttemptEnd::Open && a.ended <= app.now;
  if (over && a.end == viz::AttemptEnd::TimedOut)
    std::snprintf(text, sizeof text, app.tr(Str::DlgAttemptNoAnswer), a.client.c_str(), a.server.c_str(), a.port,
                  viz::format_span(a.ended - a.sent, app.lang).c_str());
  else if (over && a.end == viz::AttemptEnd::Refused)
    std::snprintf(text, sizeof text, app.tr(Str::DlgAttemptRefused), a.client.c_str(), a.server.c_str(), a.port);
  else
    std::snprintf(text, sizeof text, app.tr(Str::DlgAttemptWaiting), a.client.c_str(), a.server.c_str(), a.port);
  std::snprintf(buf, size, "×  %s", text);
  return buf;
}

// One step of an attempt's story: its time, and what happened in words.
void attempt_row(App& app, Time at, const char* text, ImU32 colour) {
  ImGui::PushFont(app.fonts.small);
  const std::string clock = viz::format_clock(at);
  ImGui::TextColored(vec4(theme(app.dark).text_dim), "%s", clock.c_str());
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), Record("time", window_name(Str::WinDialog)).text(clock).scrolls());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), Record("attempt", window_name(Str::WinDialog)).text(text).scrolls());
}

// A bar filling towards the client's timeout, labelled with how long it has waited, of how long.
void wait_bar(App& app, const viz::Attempt& a) {
  const viz::Wait w = viz::wait_of(a);
  const std::string text = viz::wait_label(w, app.now, app.lang);
  const float f = w.limit > 0 ? std::clamp(static_cast<float>(app.now - w.since) / static_cast<float>(w.limit), 0.0f, 1.0f) : 0;
  // The words above the bar, not on it: dark text on the red fill would not read on a projector.
  ImGui::PushStyleColor(ImGuiCol_Text, theme(app.dark).failure);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), Record("waiting", window_name(Str::WinDialog)).text(text).scrolls());
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, theme(app.dark).failure);
  ImGui::ProgressBar(f, ImVec2(-1, 8 * app.scale), "");
  ImGui::PopStyleColor();
}

// What became of a SYN nobody answered, step by step up to the display time: sent, where it
// stopped and why, the wait (a bar filling towards the connect timeout), the end.
void attempt_panel(App& app, const viz::Attempt& a) {
  const Theme& th = theme(app.dark);
  const auto& ev = app.model().events();
  const auto& c = ev[a.connect].as<trace::data::Connect>();
  char buf[512];
  std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptSyn), a.client.c_str(), a.server.c_str(), a.port,
                a.protocol.c_str());
  attempt_row(app, a.sent, buf, th.text);
  if (app.now >= a.stopped) {
    buf[0] = 0;
    switch (a.reason) {
      case viz::StopReason::Dropped:
        std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptDropped), a.stop_host.c_str(), static_cast<int>(c.filter_rule));
        break;
      case viz::StopReason::Rejected:
        std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptRejectedBy), a.stop_host.c_str(),
                      static_cast<int>(c.filter_rule));
        break;
      case viz::StopReason::HostDown:
        std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptHostDown), a.stop_host.c_str());
        break;
      case viz::StopReason::LinkDown:
        std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptLinkDown), a.stop_host.c_str());
        break;
      case viz::StopReason::Nowhere:
        std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptNowhere), c.address.c_str());
        break;
      case viz::StopReason::NoAnswer:  // known only when the client gives up
      case viz::StopReason::None:
        break;
    }
    if (buf[0]) attempt_row(app, a.stopped, buf, th.text);
  }
  const bool over = a.end != viz::AttemptEnd::Open && a.ended <= app.now;
  if (!over && app.now >= a.stopped) {  // waiting: how long so far, of how long at most
    wait_bar(app, a);
    if (a.end == viz::AttemptEnd::Open && app.now >= a.ended) attempt_row(app, a.ended, app.tr(Str::DlgAttemptStillWaiting), th.failure);
    return;
  }
  if (!over) return;
  if (a.end == viz::AttemptEnd::TimedOut) {
    if (a.reason == viz::StopReason::NoAnswer) {
      std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptNoAnswerAt), a.server.c_str());
      attempt_row(app, a.ended, buf, th.text);
    }
    std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptGaveUp), a.client.c_str(),
                  viz::format_span(a.ended - a.sent, app.lang).c_str());
    attempt_row(app, a.ended, buf, th.failure);
  } else if (a.end == viz::AttemptEnd::Refused) {
    std::snprintf(buf, sizeof buf, app.tr(Str::DlgAttemptRefusedBy), ev[a.end_event].host.c_str());
    attempt_row(app, a.ended, buf, th.failure);
  }
}

// The end of the TLS handshake: version, cipher suite, the certificate and whether it verified, with a
// padlock; under it, what that means for the lines that follow.
void tls_note(App& app, const trace::data::Tls& t) {
  const Theme& th = theme(app.dark);
  const float s = app.scale;
  const std::string summary = viz::handshake_summary(t, app.lang);
  // Why a certificate was refused, in the class's language, else what the handshake's end means.
  const viz::Explanation* why = t.verify_error.empty() ? nullptr : viz::explain_tls_verify_error(t.verify_error);
  const viz::Explanation* x = why ? why : viz::explain_tls(t.ok ? "established" : "failed");
  const float lock_h = app.fonts.ui->FontSize * 0.9f;
  ImGui::Dummy(ImVec2(0, 2 * s));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  if (t.ok) draw_padlock(ImGui::GetWindowDrawList(), ImVec2(at.x + lock_h / 2 + 2 * s, at.y + lock_h / 2 + 2 * s), lock_h,
                         th.tls_lock, th.text_dim, 1.3f * s);
  ImGui::Indent(lock_h + 10 * s);
  ImGui::PushStyleColor(ImGuiCol_Text, t.ok && t.verified ? th.text : th.failure);
  ImGui::TextWrapped("%s", summary.c_str());
  ImGui::PopStyleColor();
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), Record("tls", window_name(Str::WinDialog)).text(summary).scrolls());
  if (x) {
    ImGui::PushStyleColor(ImGuiCol_Text, th.text_dim);
    ImGui::PushFont(app.fonts.small);
    ImGui::TextWrapped("↳ %s", viz::format_explanation(*x, app.lang).c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
  }
  ImGui::Unindent(lock_h + 10 * s);
  ImGui::Dummy(ImVec2(0, 2 * s));
}

// A grey centred note in the transcript: connected, closed, reset.
void control_row(App& app, const trace::Event& e) {
  const Theme& th = theme(app.dark);
  // Room for a TLS summary with its certificate and a Japanese explanation: a cut would split a
  // UTF-8 character.
  char buf[1024];
  switch (e.kind) {
    case trace::Kind::Accepted: std::snprintf(buf, sizeof buf, "%s", app.tr(Str::DlgConnected)); break;
    case trace::Kind::Close:
      std::snprintf(buf, sizeof buf, app.tr(Str::DlgClosedBy), e.host.c_str());
      break;
    case trace::Kind::Reset:
      std::snprintf(buf, sizeof buf, app.tr(Str::DlgReset), e.as<trace::data::Reset>().reason.c_str());
      break;
    case trace::Kind::Auth: {  // where the check ran, its result, and the reply it led to
      const auto& a = e.as<trace::data::Auth>();
      std::string method = a.method;
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const char* when = app.tr(a.method == "spf" ? Str::DlgAfterMailFrom : Str::DlgAfterData);
      if (a.facts && a.facts->reply_code)
        std::snprintf(buf, sizeof buf, app.tr(Str::DlgAuthReply), method.c_str(), when, a.result.c_str(),
                      a.facts->reply.c_str());
      else
        std::snprintf(buf, sizeof buf, app.tr(Str::DlgAuth), method.c_str(), when, a.result.c_str());
      break;
    }
    case trace::Kind::Tls:  // the handshake's summary where it ended, and what it means for the lines below
      tls_note(app, e.as<trace::data::Tls>());
      return;
    case trace::Kind::Tampered:  // a man in the middle changed what the sender sent
      std::snprintf(buf, sizeof buf, app.tr(Str::DlgTampered), e.host.c_str(), e.as<trace::data::Tampered>().text.c_str());
      break;
    // Lines are rows of their own; the rest is not part of a dialog.
    case trace::Kind::HostState:
    case trace::Kind::LinkState:
    case trace::Kind::ServiceState:
    case trace::Kind::Connect:
    case trace::Kind::Refused:
    case trace::Kind::TimedOut:
    case trace::Kind::Segment:
    case trace::Kind::Datagram:
    case trace::Kind::DnsTimeout:
    case trace::Kind::Queue:
    case trace::Kind::Delivery:
    case trace::Kind::Bounce:
    case trace::Kind::Submit:
    case trace::Kind::Fetch:
    case trace::Kind::Failure:
    case trace::Kind::Caption:
    case trace::Kind::Note:
    case trace::Kind::Step:
    case trace::Kind::Captured:
    case trace::Kind::TlsRecord:  // a row of its own (record_row)
      return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, th.text_dim);
  ImGui::PushFont(app.fonts.small);
  char note[sizeof buf + 16];
  std::snprintf(note, sizeof note, "— %s —", buf);
  const float w = ImGui::CalcTextSize(note).x;
  if (w <= ImGui::GetContentRegionAvail().x) {  // centred, or wrapped in a narrow window
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), (ImGui::GetWindowContentRegionMax().x - w) / 2));
    ImGui::TextUnformatted(note);
  } else {
    ImGui::TextWrapped("%s", note);
  }
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), Record("note", window_name(Str::WinDialog)).text(note).scrolls());
  ImGui::PopFont();
  ImGui::PopStyleColor();
}

// What one row of the dialog shows: a protocol line, or a record of the TLS handshake.
struct RowLook {
  const trace::Event* event = nullptr;
  std::string text;           // as shown (a line's text, "TLS ClientHello · 317 bytes")
  std::string explanation;    // under it, "" for none
  ImU32 tag_colour = 0, text_colour = 0;
  ImFont* font = nullptr;     // the text's: monospace for what crossed the wire
  bool content = false;       // message text: rows close together, no padding
  bool current = false;       // the line the map animates
  bool lock = false;          // read inside TLS: the wire carried it encrypted
  bool lock_column = false;   // the connection used TLS: room for the padlock beside C:/S:
  bool tampered = false;      // passed on changed by a man in the middle
};

// One row: its time, C: or S:, a padlock when it was read inside TLS, the text and the explanation
// under it; `time_w`: the time column's width. Returns true when clicked.
bool draw_row(App& app, const RowLook& r, float time_w) {
  const Theme& th = theme(app.dark);
  const trace::Event& e = *r.event;
  const float s = app.scale;
  ImFont* mono = app.fonts.mono;
  ImFont* ui = app.fonts.ui;
  ImFont* small = app.fonts.small;
  ImFont* font = r.font ? r.font : mono;
  const bool has_ex = !r.explanation.empty();

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float lock_h = mono->FontSize * 0.8f;
  const float tag_w = mono->CalcTextSizeA(mono->FontSize, FLT_MAX, 0, "S:").x + (r.lock_column ? lock_h + 14 * s : 10 * s);
  const float text_x = time_w + tag_w;
  const float text_w = std::max(50.0f, width - text_x - 4 * s);
  const char* text = r.text.empty() ? " " : r.text.c_str();
  const ImVec2 text_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, text_w, text);
  const float ex_fs = ui->FontSize * 0.92f;
  static std::vector<TextLine> ex_lines;
  ex_lines.clear();
  if (has_ex) wrap_text(ui, ex_fs, r.explanation.c_str(), nullptr, text_w - 14 * s, ex_lines);
  const ImVec2 ex_size(0, wrapped_height(ex_fs, ex_lines));
  const float pad = r.content ? 0 : 3 * s;
  const float h = text_size.y + (has_ex ? ex_size.y + 2 * s : 0) + 2 * pad;
  const bool clicked = ImGui::InvisibleButton("line", ImVec2(std::max(width, 1.0f), h));
  if (!ImGui::IsItemVisible()) return clicked;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + width, origin.y + h);
  if (r.current) dl->AddRectFilled(origin, end, th.line_current, 4 * s);
  if (e.arrive > app.now && e.arrive > e.time) {  // on the way: a bar shows how far
    const float f = static_cast<float>(app.now - e.time) / static_cast<float>(e.arrive - e.time);
    dl->AddRectFilled(origin, ImVec2(origin.x + width * std::clamp(f, 0.0f, 1.0f), end.y), th.line_in_flight, 4 * s);
  }
  if (ImGui::IsItemHovered() && !app.screenshot_mode) dl->AddRect(origin, end, th.text_dim, 4 * s);
  // A line a man in the middle passed on, changed: the attacker's alarm red down its left edge, so
  // the class tells it from the sender's own line above it.
  if (r.tampered)
    dl->AddRectFilled(origin, ImVec2(origin.x + 3 * s, end.y), role_accent(th, scenario::Role::Eavesdropper));
  const std::string clock = viz::format_clock(e.time);
  dl->AddText(small, small->FontSize, ImVec2(origin.x + 2 * s, origin.y + pad + (mono->FontSize - small->FontSize) / 2),
              th.text_dim, clock.c_str());
  const bool client = e.dir == trace::Direction::ClientToServer;
  dl->AddText(mono, mono->FontSize, ImVec2(origin.x + time_w, origin.y + pad), r.tag_colour, client ? "C:" : "S:");
  const float tag_end = origin.x + time_w + mono->CalcTextSizeA(mono->FontSize, FLT_MAX, 0, "S:").x;
  const ImVec2 lock_at(tag_end + 4 * s + lock_h / 2, origin.y + pad + mono->FontSize / 2);
  if (r.lock) draw_padlock(dl, lock_at, lock_h, th.tls_lock, th.text_dim, 1.2f * s);
  if (app.dump) {
    const char* W = window_name(Str::WinDialog);
    const ImVec2 tp(origin.x + 2 * s, origin.y + pad + (mono->FontSize - small->FontSize) / 2);
    record(app, tp, tp + small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, clock.c_str()),
           Record("time", W).text(clock).scrolls());
    const ImVec2 gp(origin.x + time_w, origin.y + pad);
    record(app, gp, gp + mono->CalcTextSizeA(mono->FontSize, FLT_MAX, 0, "S:"), Record("C:/S:", W).scrolls());
    if (r.lock)
      record(app, lock_at - ImVec2(lock_h / 2, lock_h / 2), lock_at + ImVec2(lock_h / 2, lock_h / 2),
             Record("lock", W).scrolls());
  }
  dl->AddText(font, font->FontSize, ImVec2(origin.x + text_x, origin.y + pad), r.text_colour, text, nullptr, text_w);
  if (has_ex) {
    const ImVec2 at(origin.x + text_x, origin.y + pad + text_size.y + 2 * s);
    dl->AddText(ui, ex_fs, at, th.text_dim, "↳");
    draw_lines(dl, ui, ex_fs, ImVec2(at.x + 14 * s, at.y), th.text_dim, ex_lines);
  }
  return clicked;
}

// One line of the dialog, with its explanation under it. Returns true when clicked.
bool line_row(App& app, const viz::DialogLine& line, bool current, float time_w, bool lock_column) {
  const Theme& th = theme(app.dark);
  const auto& e = app.model().events()[line.event];
  const auto& seg = e.as<trace::data::Segment>();
  char explanation[512];
  explanation_text(explanation, sizeof explanation, line.explanation, app.lang);
  RowLook r;
  r.event = &e;
  // A line that ended in a bare LF says so: the SMTP smuggling lesson is about exactly that.
  r.text = seg.eol == trace::LineEnd::Lf ? seg.text + " <LF>" : seg.text;
  r.explanation = explanation;
  r.content = seg.what == trace::Payload::Content;
  r.current = current;
  r.lock = seg.tls;
  r.lock_column = lock_column;
  r.tampered = seg.tampered;
  const bool client = e.dir == trace::Direction::ClientToServer;
  const ImU32 code_col = reply_colour(th, seg.facts.code);
  r.tag_colour = r.content ? th.content_text : client ? proto_colour(th, viz::proto_of(e.protocol)) : code_col ? code_col : th.text;
  r.text_colour = r.content ? th.content_text : code_col ? code_col : th.text;
  return draw_row(app, r, time_w);
}

// A record of the TLS handshake (a flight's first record, an alert): which messages it carried and
// what they do, in the dialog between the 220 to STARTTLS and the first line inside TLS.
bool record_row(App& app, const trace::Event& e, float time_w) {  // only on a connection with TLS
  const Theme& th = theme(app.dark);
  const auto& rec = e.as<trace::data::TlsRecord>();
  RowLook r;
  r.event = &e;
  r.text = viz::record_row(rec, app.lang);
  if (const viz::Explanation* x = viz::explain_tls(rec.messages.front())) r.explanation = viz::format_explanation(*x, app.lang);
  r.font = app.fonts.ui;
  r.lock = rec.encrypted;
  r.lock_column = true;
  const bool alert = rec.content_type == 21;
  r.tag_colour = th.text_dim;
  r.text_colour = alert ? th.failure : th.text_dim;
  return draw_row(app, r, time_w);
}

}  // namespace

void dialog_window(App& app, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  if (!ImGui::Begin(app.label(Str::WinDialog, "dialog"), nullptr,
                    kPanelFlags | (app.panels.projector ? ImGuiWindowFlags_NoTitleBar : 0))) {
    ImGui::End();
    return;
  }
  record_window(app, Str::WinDialog);
  const auto& m = app.model();
  const auto current = m.current_line(app.now);
  if ((app.dialog.follow || app.dialog.conn == 0) && current) app.dialog.conn = m.events()[*current].conn;
  else if (app.dialog.follow && !current) app.dialog.conn = 0;  // back before the first line (Home)
  // A newer attempt that got no answer (waiting, timed out, refused) is the story now, not the
  // last dialog that worked: following shows it until a newer line comes.
  if (app.dialog.follow) {
    const viz::Attempt* a = app.waiting.latest_unanswered(app.now, current ? m.events()[*current].time : -1);
    const bool open = a && a->end == viz::AttemptEnd::Accepted;  // connected, the server silent: its connection
    app.dialog.attempt = a && !open ? a->connect : viz::kNoEvent;
    if (open) app.dialog.conn = a->conn;
  }
  // While a caption about a connection is up, following shows that connection (the caption says
  // "look at the relay's dialog with mx": the 550 must be there, not the bounce's dialog).
  if (app.dialog.follow)
    if (const auto shown = viz::caption_at(m, app.session.scenario(), app.now))
      if (const viz::Connection* c = viz::focus_connection(m, *shown->caption, app.now)) {
        app.dialog.conn = c->id;
        app.dialog.attempt = viz::kNoEvent;
      }
  const viz::Attempt* attempt = app.dialog.attempt != viz::kNoEvent ? app.waiting.by_connect(app.dialog.attempt) : nullptr;
  if (attempt && attempt->sent > app.now) attempt = nullptr;  // the display went back before it
  const viz::Connection* conn = app.dialog.conn && !attempt ? m.connection(app.dialog.conn) : nullptr;

  char buf[256];
  // The connection list and Follow beside it, or under it in a narrow window.
  const float follow_w = ImGui::CalcTextSize(app.tr(Str::DlgFollow)).x + ImGui::GetFrameHeight() +
                         ImGui::GetStyle().ItemInnerSpacing.x;
  const float combo_w = ImGui::GetContentRegionAvail().x - follow_w - ImGui::GetStyle().ItemSpacing.x;
  const bool beside = combo_w >= 160 * app.scale;
  ImGui::SetNextItemWidth(beside ? combo_w : ImGui::GetContentRegionAvail().x);
  const char* preview = attempt ? attempt_title(app, buf, sizeof buf, *attempt) : conn ? connection_title(buf, sizeof buf, *conn) : "—";
  if (ImGui::BeginCombo("##connection", preview)) {
    // Connections and the attempts that got no answer, in the order they started.
    const auto failed = app.waiting.listed_until(app.now);
    std::size_t fi = 0;
    for (const auto& c : m.connections()) {
      if (c.opened > app.now) break;  // connections are indexed in the order they opened
      for (; fi < failed.size() && failed[fi]->sent <= c.opened; ++fi) {
        ImGui::PushID(static_cast<int>(failed[fi]->connect));
        if (ImGui::Selectable(attempt_title(app, buf, sizeof buf, *failed[fi]), attempt == failed[fi])) {
          app.dialog.attempt = failed[fi]->connect;
          app.dialog.follow = false;
        }
        ImGui::PopID();
      }
      if (ImGui::Selectable(connection_title(buf, sizeof buf, c), !attempt && c.id == app.dialog.conn)) {
        app.dialog.conn = c.id;
        app.dialog.attempt = viz::kNoEvent;
        app.dialog.follow = false;
      }
    }
    for (; fi < failed.size(); ++fi) {
      ImGui::PushID(static_cast<int>(failed[fi]->connect));
      if (ImGui::Selectable(attempt_title(app, buf, sizeof buf, *failed[fi]), attempt == failed[fi])) {
        app.dialog.attempt = failed[fi]->connect;
        app.dialog.follow = false;
      }
      ImGui::PopID();
    }
    ImGui::EndCombo();
  }
  if (beside) ImGui::SameLine();
  ImGui::Checkbox(app.label(Str::DlgFollow, "follow"), &app.dialog.follow);
  record_item(app, window_name(Str::WinDialog), viz::tr(Str::DlgFollow, viz::Lang::En));
  // The dialog, the state diagram of the machines that speak it, or every connection as a ladder.
  const auto request = app.dialog.request;
  app.dialog.request.reset();
  DialogTab tab = DialogTab::Dialog;
  if (ImGui::BeginTabBar("dialog_tabs")) {
    for (const auto& [which, title, id] : {std::tuple{DialogTab::Dialog, Str::DlgTabDialog, "dialog_tab"},
                                           std::tuple{DialogTab::State, Str::DlgTabState, "state_tab"},
                                           std::tuple{DialogTab::Ladder, Str::DlgTabLadder, "ladder_tab"}}) {
      if (ImGui::BeginTabItem(app.label(title, id), nullptr, request == which ? ImGuiTabItemFlags_SetSelected : 0)) {
        tab = which;
        ImGui::EndTabItem();
      }
      record_item(app, window_name(Str::WinDialog), viz::tr(title, viz::Lang::En));
    }
    ImGui::EndTabBar();
  }
  if (tab == DialogTab::Ladder) {
    ladder_panel(app);
    ImGui::End();
    return;
  }
  if (tab == DialogTab::State) {
    if (conn && conn->opened <= app.now)
      state_panel(app, *conn);
    else
      ImGui::TextWrapped("%s", app.tr(Str::DlgNone));
    ImGui::End();
    return;
  }
  ImGui::BeginChild("transcript", ImVec2(0, 0), false);
  if (attempt) {
    attempt_panel(app, *attempt);
    // Its end in view: the newest step is what happened last.
    if (app.dialog.follow || app.screenshot_mode) ImGui::SetScrollY(ImGui::GetScrollMaxY());
    ImGui::EndChild();
    ImGui::End();
    return;
  }
  if (!conn || conn->opened > app.now) {
    ImGui::TextWrapped("%s", app.tr(Str::DlgNone));
    ImGui::EndChild();
    ImGui::End();
    return;
  }
  // Lines and connection notes interleaved in trace order, up to now.
  const auto& ev = m.events();
  // The time column as wide as the connection's last time needs ("1:05:00.000" is wider than
  // "0:10.020"), so the times never run into the C:/S: marks.
  float time_w = 0;
  if (!conn->lines.empty()) {
    ImFont* small = app.fonts.small;
    const std::string last = viz::format_clock(ev[conn->lines.back().event].time);
    time_w = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, last.c_str()).x + 8 * app.scale;
  }
  // A connection that went into TLS keeps a column for the padlock, so its lines stay aligned.
  const bool tls = std::any_of(conn->control.begin(), conn->control.end(),
                               [&ev](std::uint32_t i) { return ev[i].kind == trace::Kind::TlsRecord; });
  std::size_t li = 0, ci = 0;
  bool any = false;
  while (li < conn->lines.size() || ci < conn->control.size()) {
    const bool take_line = ci >= conn->control.size() || (li < conn->lines.size() && conn->lines[li].event < conn->control[ci]);
    const std::uint32_t idx = take_line ? conn->lines[li].event : conn->control[ci];
    if (ev[idx].time > app.now) break;
    ImGui::PushID(static_cast<int>(idx));
    if (take_line) {
      const bool is_current = current && ev[*current].time == ev[idx].time && ev[idx].conn == ev[*current].conn &&
                              ev[idx].dir == ev[*current].dir;
      if (line_row(app, conn->lines[li], is_current, time_w, tls)) app.seek(ev[idx].time);
      ++li;
    } else if (ev[idx].kind == trace::Kind::TlsRecord) {
      if (record_row(app, ev[idx], time_w)) app.seek(ev[idx].time);
      ++ci;
    } else {
      control_row(app, ev[idx]);
      ++ci;
    }
    ImGui::PopID();
    any = true;
  }
  if (!any) ImGui::TextDisabled("%s", app.tr(Str::DlgNotYet));
  // Open, and the server has said nothing yet: the client's wait for its greeting.
  if (const viz::Attempt* a = app.waiting.by_conn(conn->id); a && a->silent_at(app.now)) wait_bar(app, *a);
  // Everything shown has happened by now, so the newest line is the last one: when following, keep
  // the end in view as lines arrive, the connection changes, or the rows re-wrap (the scrollbar
  // appearing narrows them, one frame later).
  const std::int64_t shown = static_cast<std::int64_t>(li + ci) + static_cast<std::int64_t>(conn->id << 32);
  const float height = ImGui::GetCursorPosY();
  if ((app.dialog.follow && (shown != app.dialog.scrolled_to || height != app.dialog.content_height)) ||
      app.screenshot_mode)
    ImGui::SetScrollHereY(1.0f);
  app.dialog.scrolled_to = shown;
  app.dialog.content_height = height;
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace mailsim::gui
