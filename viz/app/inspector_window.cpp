// The inspectors: MTA queues (with a plot of their length over time), mailboxes and devices' local
// copies, a message's source with its Received: chain, the DNS zone, and the failure list.
#include <algorithm>
#include <cstdio>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "sim/serve/real_client.hpp"
#include "viz/model/event_summary.hpp"
#include "viz/model/failures_file.hpp"
#include "viz/model/format.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

void heading(App& app, const char* text) {
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

void queue_plot(App& app, const std::string& host) {
  const auto* series = app.model().queue_series(host);
  constexpr int kSamples = 120;
  float values[kSamples];
  float top = 1;
  for (int k = 0; k < kSamples; ++k) {
    const Time t = static_cast<Time>(static_cast<double>(app.now) * k / (kSamples - 1));
    values[k] = series ? static_cast<float>(viz::value_at(*series, t, 0)) : 0.0f;
    top = std::max(top, values[k]);
  }
  ImGui::PlotLines("##queueplot", values, kSamples, 0, app.tr(Str::QPlot), 0, top * 1.15f,
                   ImVec2(ImGui::GetContentRegionAvail().x, 44 * app.scale));
}

// One message in a queue, as a card of "field: value" rows whose values wrap: a table of seven
// columns would put "Last error", the reason the mail waits, out of sight in a narrow inspector.
void queue_entry(App& app, const std::string& host, const nodes::QueuedMessage& q) {
  char buf[256];
  ImGui::PushID(q.queue_id.c_str());
  ImGui::Separator();
  if (ImGui::BeginTable("entry", 2, ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    auto field = [&](Str name) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", app.tr(name));
      record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
             Record(viz::tr(name, viz::Lang::En), window_name(Str::WinInspector)).scrolls());
      ImGui::TableNextColumn();
    };
    field(Str::QColId);
    ImGui::PushFont(app.fonts.bold);
    ImGui::TextUnformatted(q.queue_id.c_str());
    ImGui::PopFont();
    field(Str::QColQueue);
    ImGui::Text("%s  ·  %s %d", app.tr(viz::queue_name(q.queue)), app.tr(Str::QColAttempts), q.attempts);
    if (q.queue == nodes::QueueName::Deferred) {
      field(Str::QColRetry);
      // Counts down in virtual time as the lesson plays; while the MTA's own host is down nothing is
      // tried, whatever the time says (it tries again when the host is back).
      const Duration left = q.next_retry - app.now;
      const auto hi = app.model().host_index(host);
      const bool down = hi && !app.model().host_up(*hi, app.now);
      if (down) std::snprintf(buf, sizeof buf, "%s", app.tr(Str::RetryPaused));
      else if (left > 0) std::snprintf(buf, sizeof buf, app.tr(Str::QRetryIn), viz::format_span(left, app.lang).c_str());
      else std::snprintf(buf, sizeof buf, "%s", app.tr(Str::QRetryNow));
      ImGui::TextColored(vec4(down ? theme(app.dark).failure : theme(app.dark).badge_on_panel), "%s", buf);
    }
    if (!q.last_error.empty()) {
      field(Str::QColError);
      ImGui::TextWrapped("%s", q.last_error.c_str());
      record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
             Record("last error", window_name(Str::WinInspector)).text(q.last_error).scrolls());
    }
    field(Str::QColFrom);
    ImGui::TextWrapped("%s", q.mail_from.empty() ? app.tr(Str::QNullSender) : q.mail_from.c_str());
    field(Str::QColTo);
    std::string rcpts;
    for (const auto& r : q.recipients) rcpts += (rcpts.empty() ? "" : ", ") + r.address;
    ImGui::TextWrapped("%s", rcpts.c_str());
    ImGui::EndTable();
  }
  ImGui::PopID();
}

void events_tab(App& app) { event_panel(app, window_name(Str::WinInspector)); }

// Load distribution: each of the equal-preference MX hosts with its share of the messages taken in
// so far (a bar), and how many it took in each stretch of the run (a histogram that drops to zero
// while the host is down and its share goes to the others).
void load_section(App& app) {
  const auto& shared = app.load_shared;
  if (shared.empty()) return;
  heading(app, app.tr(Str::LoadHeading));
  int total = 0;
  for (const auto& h : shared) total += app.model().accepted(h, app.now);
  // Stretches of 30 s (longer in a long run, so there are at most kStretches): a few messages each.
  constexpr int kStretches = 40;
  const Duration stretch = std::max<Duration>(30 * kSecond, app.now / kStretches);
  const int buckets = std::clamp(static_cast<int>((app.now + stretch - 1) / stretch), 1, kStretches);
  char buf[160], label[96];
  std::snprintf(label, sizeof label, app.tr(Str::LoadPlot), viz::format_span(stretch, app.lang).c_str());
  for (const auto& h : shared) {
    ImGui::PushID(h.c_str());
    const int n = app.model().accepted(h, app.now);
    std::snprintf(buf, sizeof buf, "%d (%d%%)", n, total ? (100 * n + total / 2) / total : 0);
    ImGui::TextUnformatted(h.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("  %s", label);
    ImGui::ProgressBar(total ? static_cast<float>(n) / static_cast<float>(total) : 0.0f, ImVec2(-1, 0), buf);
    record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
           Record("load " + h, window_name(Str::WinInspector)).text(buf).scrolls());
    float per[kStretches];
    float top = 1;
    const auto* series = app.model().accepted_series(h);
    int before = 0;
    for (int k = 0; k < buckets; ++k) {
      const int upto = series ? viz::value_at(*series, std::min<Time>(app.now, stretch * (k + 1)), 0) : 0;
      per[k] = static_cast<float>(upto - before);
      before = upto;
      top = std::max(top, per[k]);
    }
    ImGui::PlotHistogram("##load", per, buckets, 0, nullptr, 0, top * 1.15f,
                         ImVec2(ImGui::GetContentRegionAvail().x, 36 * app.scale));
    ImGui::PopID();
  }
  ImGui::Separator();
}

void queues_tab(App& app) {
  load_section(app);
  const auto mtas = app.world->nodes<nodes::Mta>();
  if (mtas.empty()) ImGui::TextWrapped("%s", app.tr(Str::QNoMta));
  char buf[256];
  for (const nodes::Mta* mta : mtas) {
    const std::string& name = mta->host();
    ImGui::PushID(name.c_str());
    std::snprintf(buf, sizeof buf, app.tr(Str::FmtQueued), static_cast<int>(mta->queue().size()));
    // Opens when mail arrives in the queue, closes when it empties; the host clicked on the map opens.
    const bool empty = mta->queue().empty();
    auto [was, fresh] = app.inspector.queue_was_empty.try_emplace(name, empty);
    if (fresh || was->second != empty) ImGui::SetNextItemOpen(!empty);
    was->second = empty;
    if (app.inspector.focus == name) ImGui::SetNextItemOpen(true);
    const std::string header = name + "  —  " + buf + "###h";
    if (ImGui::CollapsingHeader(header.c_str())) {
      queue_plot(app, name);
      if (mta->queue().empty()) {
        ImGui::TextDisabled("%s", app.tr(Str::QEmpty));
      } else {
        for (const auto& q : mta->queue()) queue_entry(app, name, q);
      }
    }
    ImGui::PopID();
  }
}

std::string address_of(const App& app, const std::string& host, const std::string& user) {
  for (const auto& a : app.session.scenario().accounts)
    if (a.host == host && (a.user == user || (a.user.empty() && a.address.substr(0, a.address.find('@')) == user)))
      return a.address;
  return user;
}

void message_rows(App& app, const char* table_id, const std::vector<std::pair<std::string, const std::string*>>& rows,
                  const std::string& title_fmt_arg, Str title_fmt) {
  if (rows.empty()) {
    ImGui::TextDisabled("%s", app.tr(Str::MbEmpty));
    return;
  }
  if (!ImGui::BeginTable(table_id, 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
    return;
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(app.tr(Str::MbFrom));
  ImGui::TableSetupColumn(app.tr(Str::MbSubject));
  ImGui::TableHeadersRow();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string& raw = *rows[i].second;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable(rows[i].first.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
      app.show_message(title_fmt, title_fmt_arg, raw);
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(viz::header_value(raw, "From").c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(viz::header_value(raw, "Subject").c_str());
  }
  ImGui::EndTable();
}

void mailboxes_tab(App& app) {
  const auto dests = app.world->nodes<nodes::Destination>();
  const auto readers = app.world->nodes<nodes::MailReader>();
  if (dests.empty() && readers.empty()) ImGui::TextWrapped("%s", app.tr(Str::MbNone));
  std::vector<std::pair<std::string, const std::string*>> rows;
  for (const nodes::Destination* dest : dests) {
    const std::string& name = dest->host();
    ImGui::PushID(name.c_str());
    if (app.inspector.focus == name) ImGui::SetNextItemOpen(true);
    if (ImGui::CollapsingHeader((name + "###h").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
      for (const auto& [user, account] : dest->store().accounts()) {
        const std::string address = address_of(app, name, user);
        for (const auto& [folder_name, folder] : account.folders) {
          heading(app, (address + "  ·  " + folder_name).c_str());
          rows.clear();
          for (const auto& msg : folder.messages) {
            std::string flags;
            for (const auto& f : msg.flags) flags += " " + f;
            rows.emplace_back(std::to_string(msg.uid) + flags, &msg.raw);
          }
          ImGui::PushID((user + folder_name).c_str());
          message_rows(app, "mailbox", rows, address, Str::MsgFromMailbox);
          ImGui::PopID();
        }
      }
    }
    ImGui::PopID();
  }
  if (readers.empty()) return;
  if (ImGui::CollapsingHeader(app.label(Str::MbDevices, "devices"), ImGuiTreeNodeFlags_DefaultOpen)) {
    char buf[128];
    for (const nodes::MailReader* reader : readers) {
      const std::string& host = reader->host();
      heading(app, (host + "  (" + reader->config().account + ")").c_str());
      rows.clear();
      for (const auto& msg : reader->local_copy()) {
        std::snprintf(buf, sizeof buf, app.tr(Str::MbFetchedAt), viz::format_clock(msg.fetched_at).c_str());
        rows.emplace_back(buf, &msg.raw);
      }
      ImGui::PushID(host.c_str());
      message_rows(app, "device", rows, host, Str::MsgFromDevice);
      ImGui::PopID();
    }
  }
}

void message_tab(App& app) {
  const auto& msg = app.inspector.message;
  if (msg.lines.empty()) {
    ImGui::TextWrapped("%s", app.tr(Str::MsgNone));
    return;
  }
  const Theme& th = theme(app.dark);
  char title[256];
  std::snprintf(title, sizeof title, app.tr(app.inspector.message_title), app.inspector.message_title_arg.c_str());
  heading(app, title);
  if (msg.hops.empty()) {
    ImGui::TextDisabled("%s", app.tr(Str::MsgNoReceived));
  } else {
    ImGui::TextDisabled("%s", app.tr(Str::MsgChain));
    char hop[64];
    for (const auto& h : msg.hops) {
      std::snprintf(hop, sizeof hop, app.tr(Str::MsgHop), h.hop);
      ImGui::TextColored(vec4(th.hop[(h.hop - 1) % 5]), "%s: %s → %s%s%s", hop, h.from.c_str(), h.by.c_str(),
                         h.id.empty() ? "" : "  id ", h.id.c_str());
    }
  }
  ImGui::Separator();
  ImGui::BeginChild("source", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::PushFont(app.fonts.mono);
  for (const auto& l : msg.lines) {
    ImU32 col = l.received_hop > 0 ? th.hop[(l.received_hop - 1) % 5] : l.header ? th.text : th.content_text;
    if (l.received_hop > 0) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + 5 * app.scale, p.y + ImGui::GetTextLineHeight()), col);
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 9 * app.scale);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::TextUnformatted(l.text.empty() ? " " : l.text.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopFont();
  ImGui::EndChild();
}

void dns_tab(App& app) {
  const auto servers = app.world->nodes<nodes::DnsServer>();
  if (servers.empty()) ImGui::TextWrapped("%s", app.tr(Str::DnsNone));
  for (const nodes::DnsServer* server : servers) {
    const std::string& name = server->host();
    ImGui::PushID(name.c_str());
    if (app.inspector.focus == name) ImGui::SetNextItemOpen(true);
    if (ImGui::CollapsingHeader((name + "###h").c_str(), ImGuiTreeNodeFlags_DefaultOpen) &&
        ImGui::BeginTable("zone", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
      for (Str c : {Str::DnsName, Str::DnsType, Str::DnsTtl, Str::DnsData}) ImGui::TableSetupColumn(app.tr(c));
      ImGui::TableHeadersRow();
      for (const auto& r : server->zones().records()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(dns::to_string(r.type).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%u", r.ttl);
        ImGui::TableNextColumn();
        if (r.type == dns::Type::MX) ImGui::Text("%u %s", r.preference, r.data.c_str());
        else ImGui::TextUnformatted(r.data.c_str());
      }
      ImGui::EndTable();
    }
    ImGui::PopID();
  }
}

void failure_line(App& app, const scenario::Failure& f) {
  const std::string clock = viz::format_clock(f.at);
  const std::string target = viz::failure_target(f);
  const std::string& note = viz::pick(f.note, app.lang);
  ImGui::TextColored(vec4(theme(app.dark).failure), "%s", clock.c_str());
  ImGui::SameLine();
  ImGui::Text("%s  %s%s%s", app.tr(viz::failure_name(f.kind)), target.c_str(), note.empty() ? "" : "  — ", note.c_str());
}

void failures_tab(App& app) {
  ImGui::TextWrapped("%s", app.tr(Str::FlHint));
  heading(app, app.tr(Str::FlScenario));
  const auto& sc = app.session.scenario();
  if (sc.failures.empty()) ImGui::TextDisabled("%s", app.tr(Str::FlNone));
  for (const auto& f : sc.failures) failure_line(app, f);
  ImGui::Spacing();
  heading(app, app.tr(Str::FlInjected));
  const auto& injected = app.session.injected();
  if (injected.empty()) ImGui::TextDisabled("%s", app.tr(Str::FlNone));
  for (std::size_t i = 0; i < injected.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::SmallButton(app.tr(Str::FlRemove))) app.remove_injected(i);
    ImGui::PopID();
    ImGui::SameLine();
    failure_line(app, injected[i]);
  }
  ImGui::Spacing();
  // Only what is not in the file yet, so pressing twice does not write a failure twice.
  auto& saved = app.inspector.saved;
  saved = std::min(saved, injected.size());
  ImGui::BeginDisabled(saved >= injected.size());
  if (ImGui::Button(app.label(Str::FlSave, "save"))) {
    std::vector<scenario::Failure> fresh(injected.begin() + static_cast<std::ptrdiff_t>(saved), injected.end());
    // The real-client host exists only while serving: a file naming it would not load.
    std::erase_if(fresh, [](const scenario::Failure& f) {
      return f.host == serve::kRealClientHost || f.link_a == serve::kRealClientHost || f.link_b == serve::kRealClientHost;
    });
    const std::string err = viz::append_failures(sc.file, fresh);
    char buf[512];
    std::snprintf(buf, sizeof buf, app.tr(err.empty() ? Str::FlSaved : Str::FlSaveError), err.empty() ? sc.file.c_str() : err.c_str());
    app.inspector.save_status = buf;
    app.inspector.save_ok = err.empty();
    if (err.empty()) saved = injected.size();
  }
  ImGui::EndDisabled();
  if (!app.inspector.save_status.empty()) {
    const Theme& th = theme(app.dark);
    ImGui::TextColored(vec4(app.inspector.save_ok ? th.reply[0] : th.failure), "%s", app.inspector.save_status.c_str());
  }
}

bool has_eavesdropper(const App& app) {
  const auto& hosts = app.session.scenario().hosts;
  return std::any_of(hosts.begin(), hosts.end(), [](const scenario::Host& h) { return h.role == scenario::Role::Eavesdropper; });
}

}  // namespace

void inspector_window(App& app, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  if (!ImGui::Begin(app.label(Str::WinInspector, "inspector"), nullptr, kPanelFlags)) {
    ImGui::End();
    return;
  }
  record_window(app, Str::WinInspector);
  const auto request = app.inspector.request;
  app.inspector.request.reset();
  auto tab = [&](Str name, const char* id, InspectorTab which, void (*body)(App&)) {
    const ImGuiTabItemFlags flags = request == which ? ImGuiTabItemFlags_SetSelected : 0;
    if (ImGui::BeginTabItem(app.label(name, id), nullptr, flags)) {
      ImGui::BeginChild("body");
      body(app);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
  };
  if (ImGui::BeginTabBar("tabs")) {
    // The event list is here when the timeline has no room for it, first (and open) as it was there.
    if (!app.panels.events_in_timeline) tab(Str::TabEvents, "events", InspectorTab::Events, events_tab);
    tab(Str::TabQueues, "queues", InspectorTab::Queues, queues_tab);
    tab(Str::TabMailboxes, "mailboxes", InspectorTab::Mailboxes, mailboxes_tab);
    tab(Str::TabMessage, "message", InspectorTab::Message, message_tab);
    tab(Str::TabChecks, "checks", InspectorTab::Checks, checks_tab);
    tab(Str::TabDns, "dns", InspectorTab::Dns, dns_tab);
    tab(Str::TabFailures, "failures", InspectorTab::Failures, failures_tab);
    // Only where the lesson has an eavesdropper: the other lessons' tab bars stay as they were.
    if (has_eavesdropper(app)) tab(Str::TabCaptured, "captured", InspectorTab::Captured, captured_tab);
    ImGui::EndTabBar();
  }
  // A host clicked on the map is opened by its tab; the tab switch shows on the next frame.
  if (request) app.inspector.focus_frames = 2;
  if (app.inspector.focus_frames > 0 && --app.inspector.focus_frames == 0) app.inspector.focus.clear();
  ImGui::End();
}

}  // namespace mailsim::gui
