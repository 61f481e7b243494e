// The network map: hosts as role icons with their names, addresses and ports, links, and every
// packet in flight moving hop by hop. Right-click injects failures; clicks open the inspectors.
//
// Nothing on the map covers anything else at any size and scale: the map area is what is left
// between the legend and clock on top and the caption band below (its height bounded, the caption's
// type made smaller to fit it); icons, labels and latencies are placed by viz::plan_map (as big as
// the area allows, at most the UI scale), and a packet's text bubble goes where it covers nothing,
// or is left out (the dialog shows the line anyway).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/roles.hpp"
#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/icons.hpp"
#include "viz/app/map_waiting.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/app/wrap.hpp"
#include "viz/model/captions.hpp"
#include "viz/model/format.hpp"
#include "viz/model/layout.hpp"
#include "viz/model/map_plan.hpp"
#include "viz/model/tls_view.hpp"

namespace mailsim::gui {

using scenario::Role;
using viz::Str;

namespace {

enum class MailCount { Queue, Mailbox };

// How many messages a host holds at the display time: an MTA's queue, a mailbox server's stored
// messages (every account and folder), a device's downloaded copies.
std::pair<int, MailCount> mail_count(const App& app, const scenario::Host& h) {
  if (h.role == Role::Submission || h.role == Role::Relay) return {app.model().queue_length(h.name, app.now), MailCount::Queue};
  if (!app.world) return {0, MailCount::Mailbox};
  int n = 0;
  if (const auto* d = app.world->destination(h.name))
    for (const auto& [user, account] : d->store().accounts())
      for (const auto& [name, folder] : account.folders) n += static_cast<int>(folder.messages.size());
  if (const auto* r = app.world->reader(h.name)) n += static_cast<int>(r->local_copy().size());
  return {n, MailCount::Mailbox};
}

const char* const kWindow = "Network";  // window_name(Str::WinMap), as the dump names it

// The map's text at zoom 1; the fonts are loaded at the UI scale and drawn at the map's zoom.
constexpr float kNameSize = 17, kAddressSize = 14, kBubbleSize = 16 * 0.85f, kIcon = 46;

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const ImVec2 ab = b - a, ap = p - a;
  const float len2 = ab.x * ab.x + ab.y * ab.y;
  const float t = len2 > 0 ? std::clamp((ap.x * ab.x + ap.y * ab.y) / len2, 0.0f, 1.0f) : 0.0f;
  const ImVec2 q = a + ab * t;
  return std::hypot(p.x - q.x, p.y - q.y);
}

float text_width(ImFont* f, float size, std::string_view t) {
  return f->CalcTextSizeA(size, FLT_MAX, 0, t.data(), t.data() + t.size()).x;
}
ImVec2 im(viz::Vec2 v) { return {v.x, v.y}; }

float address_width(const App& app, const scenario::Host& h, float size) {
  ImFont* f = app.fonts.small;
  float w = text_width(f, size, h.address);
  char buf[16];
  for (auto p : app.ports_of(h.name)) {
    std::snprintf(buf, sizeof buf, "  :%u", p);
    w += text_width(f, size, buf);
  }
  return w;
}

// A host's label block: its name, the address and ports under it (full detail), DOWN on a red
// pill under those while the host is down, and an MTA's next retry while it holds deferred mail.
// Each line sits on a pill of the label background.
struct Block {
  float name_h, address_h, down_h, retry_h;
};
Block block_lines(float zoom) {
  return {kNameSize * 1.25f * zoom, kAddressSize * 1.3f * zoom, kNameSize * 1.4f * zoom, kAddressSize * 1.35f * zoom};
}

float pad_x(float size) { return size * 0.28f; }

// The retry line of an MTA's label: the text at the display time, and the width the plan keeps
// for it, which stays the same while the countdown runs (so labels do not move every second).
struct RetryLine {
  bool shown = false, paused = false;
  std::string text;
  float width = 0;  // at zoom 1
};

RetryLine retry_line(const App& app, const scenario::Host& h) {
  RetryLine r;
  if (h.role != Role::Submission && h.role != Role::Relay) return r;
  const viz::RetryState st = app.waiting.retry_at(h.name, app.now);
  if (!st.deferred) return r;
  r.shown = true;
  r.paused = st.paused;
  char buf[128];
  ImFont* f = app.fonts.small;
  if (st.paused) {
    r.text = app.tr(Str::RetryPaused);
    r.width = text_width(f, kAddressSize, r.text);
  } else {
    const Duration left = st.next - app.now;
    if (left > 0) {
      std::snprintf(buf, sizeof buf, app.tr(Str::RetryIn), viz::format_span(left, app.lang).c_str());
      r.text = buf;
    } else {
      r.text = app.tr(Str::RetryDue);
    }
    // The widest a countdown gets: two units of two digits.
    std::snprintf(buf, sizeof buf, app.tr(Str::RetryIn), viz::format_span(88 * kMinute + 58 * kSecond, app.lang).c_str());
    r.width = std::max({text_width(f, kAddressSize, buf), text_width(f, kAddressSize, app.tr(Str::RetryDue)),
                        text_width(f, kAddressSize, r.text)});
  }
  r.width += 2 * pad_x(kAddressSize);
  return r;
}

// Under each of several MX hosts of the same preference: how many messages it has accepted, so the
// class sees the load spread (and shift when one is down). The width kept fits four digits.
RetryLine accepted_line(const App& app, const scenario::Host& h) {
  RetryLine r;
  if (std::find(app.load_shared.begin(), app.load_shared.end(), h.name) == app.load_shared.end()) return r;
  r.shown = true;
  char buf[96];
  std::snprintf(buf, sizeof buf, app.tr(Str::AcceptedCount), app.model().accepted(h.name, app.now));
  r.text = buf;
  std::snprintf(buf, sizeof buf, app.tr(Str::AcceptedCount), 8888);
  r.width = std::max(text_width(app.fonts.small, kAddressSize, buf), text_width(app.fonts.small, kAddressSize, r.text)) +
            2 * pad_x(kAddressSize);
  return r;
}

// The lines a label may have under the name and address.
struct StatusLines {
  RetryLine retry, accepted;
};

std::string_view shown_name(const scenario::Host& h, viz::LabelDetail d) {
  return d == viz::LabelDetail::Short ? viz::short_host_name(h.name) : std::string_view(h.name);
}

viz::Vec2 block_size(const App& app, const scenario::Host& h, viz::LabelDetail d, bool down, const StatusLines& lines) {
  const RetryLine& retry = lines.retry;
  const Block b = block_lines(1);
  float w = text_width(app.fonts.bold, kNameSize, shown_name(h, d)) + 2 * pad_x(kNameSize);
  float ht = b.name_h;
  if (d == viz::LabelDetail::Full) {
    w = std::max(w, address_width(app, h, kAddressSize) + 2 * pad_x(kAddressSize));
    ht += b.address_h;
  }
  if (down) {
    w = std::max(w, text_width(app.fonts.bold, kNameSize, app.tr(Str::HostDown)) + 4 * pad_x(kNameSize));
    ht += b.down_h;
  }
  if (retry.shown && d == viz::LabelDetail::Full) {  // with the address: left out where the map is tight
    w = std::max(w, retry.width);
    ht += b.retry_h;
  }
  if (lines.accepted.shown) {  // at every detail: in a load lesson it is what the map is for
    w = std::max(w, lines.accepted.width);
    ht += b.retry_h;
  }
  return {w, ht};
}

void draw_block(App& app, ImDrawList* dl, const scenario::Host& h, const viz::Rect& box, viz::LabelDetail d, bool down,
                const StatusLines& lines, float zoom) {
  const RetryLine& retry = lines.retry;
  const Theme& th = theme(app.dark);
  const auto& m = app.model();
  const Block b = block_lines(zoom);
  const float mid = box.x + box.w / 2;
  float y = box.y;
  {  // the name
    const float fs = kNameSize * zoom;
    const std::string_view name = shown_name(h, d);
    const float w = text_width(app.fonts.bold, fs, name), px = pad_x(fs);
    const ImVec2 a(mid - w / 2 - px, y), z(mid + w / 2 + px, y + b.name_h);
    dl->AddRectFilled(a, z, th.label_bg, fs * 0.3f);
    dl->AddText(app.fonts.bold, fs, ImVec2(mid - w / 2, y + (b.name_h - fs) / 2), down ? th.text_dim : th.text,
                name.data(), name.data() + name.size());
    record(app, a, z, Record(h.name, kWindow).of(h.name).text(std::string(name)));
    y += b.name_h;
  }
  if (d == viz::LabelDetail::Full) {  // the address and ports (a stopped port in red, struck through)
    ImFont* f = app.fonts.small;
    const float fs = kAddressSize * zoom, w = address_width(app, h, fs), px = pad_x(fs);
    float x = mid - w / 2;
    const float ty = y + (b.address_h - fs) / 2;
    const ImVec2 a(x - px, y), z(x + w + px, y + b.address_h);
    dl->AddRectFilled(a, z, th.label_bg, fs * 0.3f);
    record(app, a, z, Record("address", kWindow).of(h.name).text(h.address));
    dl->AddText(f, fs, ImVec2(x, ty), th.text_dim, h.address.c_str());
    x += text_width(f, fs, h.address);
    char buf[16];
    for (auto p : app.ports_of(h.name)) {
      std::snprintf(buf, sizeof buf, "  :%u", p);
      const float pw = text_width(f, fs, buf);
      const bool running = !down && m.service_running(h.name, p, app.now);
      const bool pop3 = p == 110 || p == 995, imap = p == 143 || p == 993;
      const ImU32 proto = proto_colour(th, p == 53 ? viz::Proto::Dns : pop3 ? viz::Proto::Pop3
                                                     : imap             ? viz::Proto::Imap
                                                                        : viz::Proto::Smtp);
      // In use (a connection to it is open): lit, the port on a pill of its protocol's colour.
      const bool in_use = running && m.connections_open(h.name, p, app.now) > 0;
      if (in_use) {
        const float lead = text_width(f, fs, "  ");
        dl->AddRectFilled(ImVec2(x + lead * 0.6f, ty - fs * 0.08f), ImVec2(x + pw + fs * 0.15f, ty + fs * 1.08f), proto,
                          fs * 0.3f);
      }
      dl->AddText(f, fs, ImVec2(x, ty), in_use ? th.badge_text : running ? proto : th.down_mark, buf);
      if (!running) {
        const float my = ty + fs * 0.55f;
        dl->AddLine(ImVec2(x + pw * 0.3f, my), ImVec2(x + pw, my), th.down_mark, 1.5f * zoom);
      }
      x += pw;
    }
    y += b.address_h;
  }
  if (down) {  // DOWN, on its own line: never over the name or the icon
    const float fs = kNameSize * zoom;
    const char* text = app.tr(Str::HostDown);
    const float w = text_width(app.fonts.bold, fs, text), px = 2 * pad_x(fs);
    const float top = y + b.down_h * 0.08f;
    const ImVec2 a(mid - w / 2 - px, top), z(mid + w / 2 + px, y + b.down_h);
    dl->AddRectFilled(a, z, th.down_mark, fs * 0.3f);
    dl->AddText(app.fonts.bold, fs, ImVec2(mid - w / 2, top + (z.y - top - fs) / 2), th.badge_text, text);
    record(app, a, z, Record("DOWN", kWindow).of(h.name));
    y += b.down_h;
  }
  if (retry.shown && d == viz::LabelDetail::Full) {  // the queue's countdown to its next retry, or why there is none
    ImFont* f = app.fonts.small;
    const float fs = kAddressSize * zoom, w = text_width(f, fs, retry.text), px = pad_x(fs);
    const float top = y + b.retry_h * 0.08f;
    const ImVec2 a(mid - w / 2 - px, top), z(mid + w / 2 + px, y + b.retry_h);
    dl->AddRectFilled(a, z, th.label_bg, fs * 0.3f);
    dl->AddText(f, fs, ImVec2(mid - w / 2, top + (z.y - top - fs) / 2), retry.paused ? th.down_mark : th.badge_on_panel,
                retry.text.c_str());
    record(app, a, z, Record("retry", kWindow).of(h.name).text(retry.text));
    y += b.retry_h;
  }
  if (lines.accepted.shown) {  // the messages it has accepted so far
    ImFont* f = app.fonts.small;
    const float fs = kAddressSize * zoom, w = text_width(f, fs, lines.accepted.text), px = pad_x(fs);
    const float top = y + b.retry_h * 0.08f;
    const ImVec2 a(mid - w / 2 - px, top), z(mid + w / 2 + px, y + b.retry_h);
    dl->AddRectFilled(a, z, th.label_bg, fs * 0.3f);
    dl->AddText(f, fs, ImVec2(mid - w / 2, top + (z.y - top - fs) / 2), th.text, lines.accepted.text.c_str());
    record(app, a, z, Record("accepted", kWindow).of(h.name).text(lines.accepted.text));
  }
}

// The caption band: margins and paddings around the text, and the sizes the text may take.
struct CaptionBox {
  float margin_x, margin_y, pad_x, pad_y;
};
CaptionBox caption_box(float s) { return {10 * s, 6 * s, 12 * s + 6 * s, 6 * s}; }
constexpr float kCaptionSmallest = 0.62f;  // of the caption font's size, before the text is cut

// The caption's lines wrapped at the largest size (from the caption font's down to kCaptionSmallest
// of it) at which they fit `height`; false when even the smallest does not (then `lines` are those
// at the smallest size).
bool fit_caption(ImFont* f, const std::string& text, float wrap, float height, float& size, std::vector<TextLine>& lines) {
  for (size = f->FontSize;; size *= 0.92f) {
    const bool last = size * 0.92f < f->FontSize * kCaptionSmallest;
    wrap_text(f, size, text.c_str(), text.c_str() + text.size(), wrap, lines);
    if (wrapped_height(size, lines) <= height) return true;
    if (last) return false;
  }
}

struct LegendItem {
  int marker;  // 0-3: a protocol's dot; 4: an envelope; 5: a control ring; 6: a bounce; 7: a TLS record's
               // padlock; 10 + role: the role's icon
  const char* text;
  float width;
};

// Per-frame scratch, kept between frames so drawing allocates nothing; the plan is kept while its
// input stays the same.
struct Scratch {
  viz::MapInput input;
  viz::MapPlan plan;
  bool planned = false;
  std::vector<viz::Vec2> layout;
  std::vector<viz::Rect> taken;
  std::vector<LegendItem> legend;
  std::vector<StatusLines> status;  // per host
};
Scratch& scratch() {
  static Scratch s;
  return s;
}

scenario::Failure failure_now(const App& app, scenario::FailureKind kind) {
  scenario::Failure f;
  f.at = app.now;
  f.kind = kind;
  return f;
}

void context_menu(App& app) {
  if (!ImGui::BeginPopup("map_context")) return;
  const auto& sc = app.session.scenario();
  const auto& m = app.model();
  char buf[160];
  if (app.map.context_host >= 0) {
    const auto& h = sc.hosts[static_cast<std::size_t>(app.map.context_host)];
    ImGui::PushFont(app.fonts.bold);
    ImGui::TextUnformatted(h.name.c_str());
    ImGui::PopFont();
    ImGui::Separator();
    const bool up = m.host_up(static_cast<std::uint16_t>(app.map.context_host), app.now);
    if (ImGui::MenuItem(app.tr(up ? Str::CtxTakeDown : Str::CtxBringUp))) {
      auto f = failure_now(app, up ? scenario::FailureKind::HostDown : scenario::FailureKind::HostUp);
      f.host = h.name;
      app.inject(f);
    }
    for (auto port : app.ports_of(h.name)) {
      // DNS answers on a UDP binding, which service_stop does not reach (see the report to the lead).
      if (port == 53) continue;
      const bool running = m.service_running(h.name, port, app.now);
      std::snprintf(buf, sizeof buf, app.tr(running ? Str::CtxStopService : Str::CtxStartService), port);
      if (ImGui::MenuItem(buf)) {
        auto f = failure_now(app, running ? scenario::FailureKind::ServiceStop : scenario::FailureKind::ServiceStart);
        f.host = h.name;
        f.port = port;
        app.inject(f);
      }
    }
  } else if (app.map.context_link >= 0) {
    const auto& l = sc.links[static_cast<std::size_t>(app.map.context_link)];
    ImGui::PushFont(app.fonts.bold);
    ImGui::Text("%s — %s", l.a.c_str(), l.b.c_str());
    ImGui::PopFont();
    ImGui::Separator();
    const bool up = m.link_up(l.a, l.b, app.now);
    if (ImGui::MenuItem(app.tr(up ? Str::CtxCutLink : Str::CtxRestoreLink))) {
      auto f = failure_now(app, up ? scenario::FailureKind::LinkDown : scenario::FailureKind::LinkUp);
      f.link_a = l.a;
      f.link_b = l.b;
      app.inject(f);
    }
  }
  ImGui::Separator();
  std::snprintf(buf, sizeof buf, app.tr(Str::CtxAt), viz::format_clock(app.now).c_str());
  ImGui::TextDisabled("%s", buf);
  ImGui::EndPopup();
}

void host_tooltip(App& app, int i) {
  const auto& h = app.session.scenario().hosts[static_cast<std::size_t>(i)];
  ImGui::BeginTooltip();
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextUnformatted(h.name.c_str());
  ImGui::PopFont();
  ImGui::TextUnformatted(viz::pick(scenario::info(h.role).label, app.lang).c_str());
  ImGui::Text("%s: %s", app.tr(Str::TipAddress), h.address.c_str());
  const auto ports = app.ports_of(h.name);
  if (!ports.empty()) {
    std::string list;
    for (auto p : ports) {
      list += (list.empty() ? "" : ", ") + std::to_string(p);
      if (!app.model().service_running(h.name, p, app.now)) list += std::string(" (") + app.tr(Str::ServiceStopped) + ")";
    }
    ImGui::Text("%s: %s", app.tr(Str::TipPorts), list.c_str());
  }
  if (!h.domains.empty()) {
    std::string list;
    for (const auto& d : h.domains) list += (list.empty() ? "" : ", ") + d;
    ImGui::Text("%s: %s", app.tr(Str::TipDomains), list.c_str());
  }
  if (!h.relayhost.empty()) ImGui::Text("%s: %s", app.tr(Str::TipRelayhost), h.relayhost.c_str());
  if (h.role == Role::Submission || h.role == Role::Relay) {
    char buf[96];
    std::snprintf(buf, sizeof buf, app.tr(Str::FmtQueued), app.model().queue_length(h.name, app.now));
    ImGui::TextUnformatted(buf);
  }
  ImGui::EndTooltip();
}

void packet_tooltip(App& app, const trace::Event& e, std::uint32_t event, bool envelope) {
  const auto& m = app.model();
  char buf[512];
  ImGui::BeginTooltip();
  ImGui::TextDisabled("%s → %s  %s", e.host.c_str(), e.peer.c_str(), e.protocol.c_str());
  ImGui::PushFont(app.fonts.mono);
  const char* side = e.dir == trace::Direction::ClientToServer ? "C: " : e.dir == trace::Direction::ServerToClient ? "S: " : "";
  const auto* seg = e.get<trace::data::Segment>();
  const ImU32 code_col = reply_colour(theme(app.dark), seg ? seg->facts.code : 0);
  if (code_col) ImGui::PushStyleColor(ImGuiCol_Text, code_col);
  ImGui::Text("%s%s", side, ellipsize(buf, sizeof buf, trace::shown_text(e), 90));
  if (code_col) ImGui::PopStyleColor();
  ImGui::PopFont();
  viz::LineExplanation ex;
  if (e.kind == trace::Kind::Segment) {
    if (const auto* c = m.connection(e.conn)) ex = c->lines[m.line_index(event)].explanation;
  } else if (e.kind == trace::Kind::Datagram) {
    ex.main = viz::explain_dns(e.as<trace::data::Datagram>().wire);
  } else {
    ex.main = viz::explain_tcp(e.kind);
  }
  if (ex.main) ImGui::TextUnformatted(explanation_text(buf, sizeof buf, ex, app.lang));
  if (envelope) ImGui::TextDisabled("%s", app.tr(Str::TipClickEnvelope));
  ImGui::EndTooltip();
}

// The message bytes sent on a connection: its Content lines, exactly as they went (dot-stuffed).
std::string connection_content(const viz::TraceModel& m, std::uint64_t conn) {
  std::string raw;
  if (const auto* c = m.connection(conn))
    for (const auto& l : c->lines) {
      const auto& seg = m.events()[l.event].as<trace::data::Segment>();
      if (seg.what == trace::Payload::Content) raw += seg.text + trace::bytes_of(seg.eol);
    }
  return raw;
}

// Which of the rarer packets the trace on show has on the wire (the legend explains those only).
const MapState::ShapesSeen& shapes_seen(const App& app) {
  auto& c = app.map.shapes;
  if (c.revision != app.session.revision()) {
    c.revision = app.session.revision();
    const auto& ps = app.model().packets();
    auto any = [&ps](viz::PacketShape shape) {
      return std::any_of(ps.begin(), ps.end(), [shape](const viz::Packet& p) { return p.shape == shape; });
    };
    c.bounce = any(viz::PacketShape::Bounce);
    c.record = any(viz::PacketShape::Record);
  }
  return c;
}

// The legend's items, flowed into rows of `width`; the rows' count, 0 when they take more than
// `max_rows` (then there is no legend).
int legend_rows(App& app, float width, bool roles, int max_rows) {
  auto& items = scratch().legend;
  items.clear();
  ImFont* f = app.fonts.small;
  const float s = app.scale;
  const struct {
    int marker;
    Str name;
  } all[] = {{0, Str::ProtoSmtp}, {1, Str::ProtoPop3}, {2, Str::ProtoImap}, {3, Str::ProtoDns}, {4, Str::LegendText},
             {5, Str::LegendControl}};
  for (const auto& it : all) {
    const float marker = it.marker == 4 ? 23 * s : 17 * s;
    items.push_back({it.marker, app.tr(it.name), marker + text_width(f, f->FontSize, app.tr(it.name))});
  }
  // The bounce's envelope, in the lessons that have one.
  if (shapes_seen(app).bounce)
    items.push_back({6, app.tr(Str::LegendBounce), 23 * s + text_width(f, f->FontSize, app.tr(Str::LegendBounce))});
  // The padlock of TLS records, in the lessons that encrypt.
  if (shapes_seen(app).record)
    items.push_back({7, app.tr(Str::LegendRecord), 17 * s + text_width(f, f->FontSize, app.tr(Str::LegendRecord))});
  if (roles)
    for (Role r : {Role::Client, Role::Submission, Role::Relay, Role::Dns, Role::Destination, Role::Router}) {
      const char* name = viz::pick(scenario::info(r).label, app.lang).c_str();
      items.push_back({10 + static_cast<int>(r), name, 24 * s + text_width(f, f->FontSize, name)});
    }
  const float gap = 14 * s;
  int rows = 1;
  float x = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0 && x + gap + items[i].width > width) {
      ++rows;
      x = items[i].width;
    } else {
      x += (i > 0 ? gap : 0) + items[i].width;
    }
    // The roles start a row of their own.
    if (roles && i + 1 < items.size() && items[i + 1].marker == 10 && items[i].marker < 10) x = width + 1;
  }
  if (items[0].width > width || rows > max_rows) {
    items.clear();
    return 0;
  }
  return rows;
}

float legend_row_height(const App& app) { return std::max(app.fonts.small->FontSize, 18 * app.scale) + 8 * app.scale; }

void draw_legend(App& app, ImDrawList* dl, ImVec2 at, float width) {
  const Theme& th = theme(app.dark);
  const float s = app.scale;
  ImFont* f = app.fonts.small;
  const float gap = 14 * s, row_h = legend_row_height(app), r = 6 * s;
  float x = at.x, y = at.y;
  int row = 0;
  float row_start = x;
  auto close_row = [&] {
    record(app, ImVec2(row_start, y), ImVec2(x, y + f->FontSize), Record("legend " + std::to_string(row + 1), kWindow));
  };
  const auto& items = scratch().legend;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    const bool new_row = i > 0 && (x + gap + it.width > at.x + width || (it.marker == 10 && items[i - 1].marker < 10));
    if (new_row) {
      close_row();
      ++row;
      y += row_h;
      x = row_start = at.x;
    } else if (i > 0) {
      x += gap;
    }
    const float cy = y + f->FontSize / 2;
    if (it.marker < 4) {
      dl->AddCircleFilled(ImVec2(x + r, cy), r, th.proto[it.marker]);
      x += 2 * r + 5 * s;
    } else if (it.marker == 4) {
      draw_envelope(dl, ImVec2(x + 9 * s, cy), 18 * s, th.envelope_fill, th.proto[0], 1.5f * s);
      x += 23 * s;
    } else if (it.marker == 5) {
      dl->AddCircle(ImVec2(x + r, cy), r - s, th.proto[0], 0, 2.5f * s);
      x += 2 * r + 5 * s;
    } else if (it.marker == 6) {
      draw_bounce_envelope(dl, ImVec2(x + 9 * s, cy + 2 * s), 16 * s, th.bounce_fill, th.down_mark, 1.4f * s);
      x += 23 * s;
    } else if (it.marker == 7) {
      draw_padlock(dl, ImVec2(x + 6 * s, cy), 14 * s, th.proto[0], th.packet_outline, 1.3f * s);
      x += 17 * s;
    } else {
      const Role role = static_cast<Role>(it.marker - 10);
      const IconStyle st{role_fill(th, role), role_accent(th, role), th.icon_line, IM_COL32_WHITE};
      draw_role_icon(dl, role, ImVec2(x + 10 * s, cy), 20 * s, st);
      x += 24 * s;
    }
    dl->AddText(f, f->FontSize, ImVec2(x, y), th.text_dim, it.text);
    x += text_width(f, f->FontSize, it.text);
  }
  if (!items.empty()) close_row();
}

// The virtual clock with the playing state on its left, right-aligned at `top_right` (one line: the
// map's top band is as low as it can be); when that line would pass `left` (a narrow map at a large
// scale, a clock with days in it), the state goes under the clock. Returns the box the layout keeps.
viz::Rect clock(App& app, ImDrawList* dl, ImVec2 top_right, float left) {
  const Theme& th = theme(app.dark);
  const std::string t = viz::format_clock(app.now);
  ImFont* f = app.fonts.clock;
  const ImVec2 sz = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, t.c_str());
  const char* status = app.session.serving() && app.play.playing ? app.tr(Str::StLive)
                       : app.play.playing && app.play.quiet_until >= 0 ? app.tr(Str::TlFastForward)
                       : !app.play.playing && app.now >= app.play.end ? app.tr(Str::TlLessonOver)
                       : app.play.playing                            ? app.tr(Str::StPlaying)
                                                                     : app.tr(Str::StPaused);
  ImFont* sf = app.fonts.small;
  const ImVec2 ss = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, status);
  const float gap = 10 * app.scale;
  // The box is as wide as the longest state, so the legend and the map do not move when the state
  // changes (playing, fast forward, paused).
  float widest = ss.x;
  for (Str st : {Str::StLive, Str::TlFastForward, Str::TlLessonOver, Str::StPlaying, Str::StPaused})
    widest = std::max(widest, sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, app.tr(st)).x);
  // Decided on the state shown, not the widest: stacking only where this line does not fit keeps
  // the top band one line high wherever it can be.
  const bool stacked = top_right.x - (sz.x + gap + ss.x) < left;
  if (dl) {
    dl->AddText(f, f->FontSize, ImVec2(top_right.x - sz.x, top_right.y), th.text, t.c_str());
    record(app, ImVec2(top_right.x - sz.x, top_right.y), ImVec2(top_right.x, top_right.y + sz.y), Record("clock", kWindow).text(t));
    const bool live = app.session.serving() && app.play.playing;
    const ImVec2 at = stacked ? ImVec2(top_right.x - ss.x, top_right.y + sz.y)
                              : ImVec2(top_right.x - sz.x - gap - ss.x, top_right.y + (sz.y - ss.y) / 2);
    dl->AddText(sf, sf->FontSize, at, live ? th.failure : th.text_dim, status);
    record(app, at, at + ss, Record("status", kWindow).text(status));
  }
  if (stacked) {
    const float w = std::max(sz.x, widest);
    return {top_right.x - w, top_right.y, w, sz.y + ss.y};
  }
  const float w = sz.x + gap + widest;
  return {top_right.x - w, top_right.y, w, sz.y};
}

// The longest caption's lines at the caption font's size, `width` wide.
float caption_needed(const App& app, float width) {
  auto& need = app.map.caption_need;
  ImFont* f = app.fonts.caption;
  if (width == need.width && f->FontSize == need.size && app.lang == need.lang) return need.height;
  static std::vector<TextLine> lines;
  const CaptionBox b = caption_box(app.scale);
  const float wrap = width - 2 * (b.margin_x + b.pad_x);
  std::size_t most = 1;
  for (const auto& c : app.session.scenario().captions) {
    const std::string& text = viz::pick(c.text, app.lang);
    wrap_text(f, f->FontSize, text.c_str(), text.c_str() + text.size(), wrap, lines);
    most = std::max(most, lines.size());
  }
  need = {width, f->FontSize, static_cast<float>(most) * f->FontSize + 2 * (b.margin_y + b.pad_y), app.lang};
  return need.height;
}

// The longest caption's height set in the smallest type the band uses before it cuts (the last of
// fit_caption's sizes).
float caption_needed_smallest(const App& app, float width) {
  ImFont* f = app.fonts.caption;
  float size = f->FontSize;
  while (size * 0.92f >= f->FontSize * kCaptionSmallest) size *= 0.92f;
  static std::vector<TextLine> lines;
  const CaptionBox b = caption_box(app.scale);
  const float wrap = width - 2 * (b.margin_x + b.pad_x);
  std::size_t most = 0;
  for (const auto& c : app.session.scenario().captions) {
    const std::string& text = viz::pick(c.text, app.lang);
    wrap_text(f, size, text.c_str(), text.c_str() + text.size(), wrap, lines);
    most = std::max(most, lines.size());
  }
  // A caption of the original lesson in a changed run has its tag on top.
  const float tag_h = app.session.injected().empty() ? 0 : app.fonts.ui->FontSize * 0.85f + 2 * app.scale;
  return static_cast<float>(most) * size + tag_h + 2 * (b.margin_y + b.pad_y) + 1;
}

}  // namespace

float caption_band_height(const App& app, float width, float max_height) {
  if (app.session.scenario().captions.empty()) return 0;
  return std::floor(std::min(caption_needed(app, width), max_height));
}

// Whether a packet in flight is on the wire between hosts a and b (either way) at the display time.
static bool crossing(const App& app, std::uint16_t a, std::uint16_t b) {
  const viz::TraceModel& m = app.model();
  for (const auto idx : app.flight.in_flight()) {
    const viz::Packet& p = m.packets()[idx];
    for (std::uint32_t k = p.hop_begin; k + 1 < p.hop_begin + p.hop_count; ++k) {
      const viz::PathHop& x = m.hops()[k];
      const viz::PathHop& y = m.hops()[k + 1];
      const bool ends = (x.host == a && y.host == b) || (x.host == b && y.host == a);
      if (ends && x.at <= app.now && app.now < y.at) return true;
    }
  }
  return false;
}

void map_window(App& app, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  // The window's own background is the map's (one layer fewer to fill for a software renderer).
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, theme(app.dark).map_bg);
  // The projector's windows have no title bars: the room is for the map.
  const bool open = ImGui::Begin(app.label(Str::WinMap, "map"), nullptr,
                                 kPanelFlags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                                     (app.panels.projector ? ImGuiWindowFlags_NoTitleBar : 0));
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  if (!open) {
    ImGui::End();
    return;
  }
  record_window(app, Str::WinMap);
  const Theme& th = theme(app.dark);
  const auto& sc = app.session.scenario();
  const auto& m = app.model();
  const float s = app.scale;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c0 = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 c1 = c0 + avail;
  ImGui::InvisibleButton("canvas", ImVec2(std::max(avail.x, 1.0f), std::max(avail.y, 1.0f)),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool canvas_hovered = ImGui::IsItemHovered() && !app.screenshot_mode;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  dl->PushClipRect(c0, c1, true);

  // On top, the legend on the left and the clock on the right; below, the caption band; the map in
  // between.
  const viz::Rect clock_box = clock(app, nullptr, ImVec2(c1.x - 12 * s, c0.y + 8 * s), c0.x + 8 * s);
  const float legend_w = clock_box.x - 16 * s - (c0.x + 12 * s);
  // The legend takes a small share of the map's height: the roles only on a tall map, the rest in
  // as many rows as that share holds, or no legend.
  int rows = 0;
  if (app.map.legend) {
    const int most = static_cast<int>((avail.y * 0.14f + 8 * s) / legend_row_height(app));
    if (avail.y > 520 * s) rows = legend_rows(app, legend_w, true, std::min(most, 3));
    if (rows == 0 && most > 0) rows = legend_rows(app, legend_w, false, std::min(most, 2));
  }
  const float legend_h = rows > 0 ? rows * legend_row_height(app) - 8 * s : 0;
  const float top = c0.y + 8 * s + std::max(clock_box.h, legend_h) + 6 * s;
  // In the projector arrangement the caption has a window of its own.
  // A long caption (Japanese at 1280x720, scale 1.5) may take a little more than the share rather
  // than being cut, and a question more again, as long as the map keeps 42% of the screen's height
  // (the layout rule is 40%).
  const float spare = ImGui::GetWindowSize().y - 0.42f * ImGui::GetMainViewport()->Size.y;
  const auto band_max = [&](float share) { return std::max(kMapCaptionShare * avail.y, std::min(share * avail.y, spare)); };
  float band = app.panels.caption.empty() ? caption_band_height(app, avail.x, band_max(0.4f)) : 0;
  // One that would still be cut at the smallest type the band sets it in takes what it needs of the
  // rest, down to that 42%: a smaller map is better than a caption that stops mid-sentence.
  const float usual_band = band;
  if (band > 0) band = std::max(band, std::floor(std::min(caption_needed_smallest(app, avail.x), band_max(1.0f))));
  // The map then has less room than usual: it may be drawn smaller than usual too, to keep every label.
  const bool squeezed = band > usual_band;
  if (app.panels.caption.empty() && app.quiz.open) band = std::max(band, quiz_band_height(app, avail.x, band_max(0.4f)));
  const viz::Rect area{c0.x + 6 * s, top, avail.x - 12 * s, c1.y - band - top - 4 * s};

  auto& sx = scratch();
  {
    viz::MapInput in;
    in.area = area;
    in.zoom = s;
    in.min_zoom = (squeezed ? 0.7f : 0.85f) * std::min(1.0f, s);
    in.icon = kIcon;
    in.hosts.resize(sc.hosts.size());
    sx.status.resize(sc.hosts.size());
    for (std::size_t i = 0; i < sc.hosts.size(); ++i) {
      const bool down = !m.host_up(static_cast<std::uint16_t>(i), app.now);
      in.hosts[i].pos = app.layout[i];
      sx.status[i] = {retry_line(app, sc.hosts[i]), accepted_line(app, sc.hosts[i])};
      for (int d = 0; d < viz::kLabelDetails; ++d)
        in.hosts[i].label[d] = block_size(app, sc.hosts[i], static_cast<viz::LabelDetail>(d), down, sx.status[i]);
    }
    for (const auto& l : sc.links) {
      auto ia = m.host_index(l.a), ib = m.host_index(l.b);
      if (!ia || !ib) continue;
      const std::string lat = viz::format_span(l.latency, app.lang);
      in.links.push_back({*ia, *ib, {text_width(app.fonts.small, kAddressSize, lat), kAddressSize}});
    }
    if (!sx.planned || !(in == sx.input)) {
      sx.plan = viz::plan_map(in);
      sx.input = std::move(in);
      sx.planned = true;
    }
  }
  const viz::MapPlan& plan = sx.plan;
  const float z = plan.zoom, icon = kIcon * z;
  // Packets are interpolated between host positions in pixels.
  sx.layout = plan.centre;

  // Links, with their latency where the plan found room for it.
  int hovered_link = -1;
  std::size_t link_no = 0;
  std::vector<viz::Rect> label_of_link(sc.links.size());  // where each link's latency is written
  for (std::size_t i = 0; i < sc.links.size(); ++i) {
    const auto& l = sc.links[i];
    auto ia = m.host_index(l.a), ib = m.host_index(l.b);
    if (!ia || !ib) continue;
    const ImVec2 pa = im(plan.centre[*ia]), pb = im(plan.centre[*ib]);
    const bool up = m.link_up(l.a, l.b, app.now);
    if (up) {
      dl->AddLine(pa, pb, th.link, 3.5f * z);
    } else {
      draw_dashed(dl, pa, pb, th.link_down, 3.5f * z, 10 * z, 7 * z);
      draw_cross(dl, (pa + pb) * 0.5f, 18 * z, th.link_down, 3.5f * z);
    }
    label_of_link[i] = plan.link_label[link_no];
    if (const viz::Rect& r = plan.link_label[link_no++]; !r.empty()) {
      const std::string lat = viz::format_span(l.latency, app.lang);
      const float fs = kAddressSize * z;
      dl->AddText(app.fonts.small, fs, ImVec2(r.x, r.y), th.link_label, lat.c_str());
      record(app, im(r.min()), im(r.max()), Record("latency " + l.a + " - " + l.b, kWindow).text(lat));
    }
    if (canvas_hovered && distance_to_segment(mouse, pa, pb) < 7 * s) hovered_link = static_cast<int>(i);
  }

  // Eavesdroppers: a dashed line from each to the middle of the link it taps, lit while a packet
  // crosses that link, which is when it hears something.
  for (std::size_t i = 0; i < sc.hosts.size(); ++i) {
    const auto& h = sc.hosts[i];
    if (h.role != Role::Eavesdropper) continue;
    const auto ia = m.host_index(h.tap.first), ib = m.host_index(h.tap.second);
    if (!ia || !ib) continue;
    const ImVec2 pa = im(plan.centre[*ia]), pb = im(plan.centre[*ib]), at = im(plan.centre[i]);
    // The tap: the point of the link nearest the eavesdropper, kept off the link's ends and its
    // latency label.
    viz::Rect label;
    for (std::size_t k = 0; k < sc.links.size(); ++k)
      if ((sc.links[k].a == h.tap.first && sc.links[k].b == h.tap.second) ||
          (sc.links[k].a == h.tap.second && sc.links[k].b == h.tap.first))
        label = label_of_link[k];
    const ImVec2 ab = pb - pa;
    const float len2 = std::max(1.0f, ab.x * ab.x + ab.y * ab.y);
    const float nearest = std::clamp(((at.x - pa.x) * ab.x + (at.y - pa.y) * ab.y) / len2, 0.25f, 0.75f);
    // The free point nearest the eavesdropper's foot, in steps along the link.
    auto covers = [&](const viz::Rect& r, ImVec2 p) {
      const float pad = 10 * z;
      return !r.empty() && p.x > r.x - pad && p.x < r.right() + pad && p.y > r.y - pad && p.y < r.bottom() + pad;
    };
    // No free point on a short link (a small window, a big scale): the mark goes beside the
    // latency label, on the eavesdropper's side, so it covers neither.
    ImVec2 mid = label.empty() ? pa + ab * nearest
                               : ImVec2(label.x + label.w / 2, at.y < label.y ? label.y - 12 * z : label.bottom() + 12 * z);
    for (int k = 0; k <= 16; ++k) {
      const float t = nearest + (k % 2 ? 1.0f : -1.0f) * 0.05f * static_cast<float>((k + 1) / 2);
      if (t < 0.05f || t > 0.95f) continue;
      const ImVec2 p = pa + ab * t;
      if (!covers(label, p) && !covers(plan.footprint[*ia], p) && !covers(plan.footprint[*ib], p) &&
          !covers(plan.label[*ia], p) && !covers(plan.label[*ib], p)) {
        mid = p;
        break;
      }
    }
    const bool hears = m.host_up(static_cast<std::uint16_t>(i), app.now) && crossing(app, *ia, *ib);
    const ImU32 accent = role_accent(th, Role::Eavesdropper);
    const ImU32 col = hears ? accent : with_alpha(accent, 0.55f);
    draw_dashed(dl, at, mid, col, (hears ? 3.5f : 2.2f) * z, 8 * z, 5 * z);
    dl->AddCircleFilled(mid, (hears ? 7.5f : 5.0f) * z, col, 20);
    if (hears) dl->AddCircle(at, icon * 0.74f, accent, 40, 3.5f * z);
    record(app, mid - ImVec2(6 * z, 6 * z), mid + ImVec2(6 * z, 6 * z), Record("tap " + h.name, kWindow));
  }

  // Clients still waiting for an answer: arcs under the hosts, their words later, on top.
  const auto arcs = draw_waiting_arcs(app, dl, plan, kIcon * z);

  // Hosts; the one (or the two) the caption on screen is about ringed.
  const auto shown_caption = viz::caption_at(m, sc, app.now);
  const scenario::Caption* focus = shown_caption ? shown_caption->caption : nullptr;
  int hovered_host = -1;
  char buf[256];
  for (std::size_t i = 0; i < sc.hosts.size(); ++i) {
    const auto& h = sc.hosts[i];
    const ImVec2 c = im(plan.centre[i]);
    const bool up = m.host_up(static_cast<std::uint16_t>(i), app.now);
    const IconStyle style = up ? IconStyle{role_fill(th, h.role), role_accent(th, h.role), th.icon_line, IM_COL32_WHITE}
                               : IconStyle{th.icon_down, th.link, th.link, th.map_bg};
    if (static_cast<int>(i) == app.map.hovered_host || h.name == app.inspector.host)
      dl->AddCircleFilled(c, icon * 0.78f, with_alpha(role_accent(th, h.role), 0.16f), 40);
    if (focus && (h.name == focus->focus_host || h.name == focus->focus_peer))  // the caption's focus
      dl->AddCircle(c, icon * 0.82f, th.caption_marker, 40, 3.5f * z);
    draw_host_icon(dl, h, c, icon, style);
    record(app, im(plan.footprint[i].min()), im(plan.footprint[i].max()), Record(h.name, kWindow, viz::ItemKind::Host));
    if (!up) draw_cross(dl, c, icon * 1.0f, th.down_mark, 5 * z);
    if (!plan.label[i].empty()) draw_block(app, dl, h, plan.label[i], plan.detail, !up, sx.status[i], z);
    // Where the mail is: an MTA's queue (orange), a mailbox server's stored messages or a device's
    // downloaded ones (green), as a count on the icon's corner, which the plan keeps free.
    const auto [count, fill] = mail_count(app, h);
    if (count > 0) {
      const ImVec2 bc(c.x + icon * 0.45f, c.y - icon * 0.45f);
      const float br = icon * 0.26f;
      const ImU32 col = fill == MailCount::Queue ? th.badge : th.mailbox_badge;
      dl->AddCircleFilled(bc, br, col, 24);
      dl->AddCircle(bc, br, th.map_bg, 24, 2 * z);
      std::snprintf(buf, sizeof buf, "%d", count);
      const float fs = (count > 99 ? kNameSize * 0.75f : kNameSize) * z;
      const float w = text_width(app.fonts.bold, fs, buf);
      dl->AddText(app.fonts.bold, fs, ImVec2(bc.x - w / 2, bc.y - fs / 2), th.badge_text, buf);
    }
    if (canvas_hovered && std::hypot(mouse.x - c.x, mouse.y - c.y) < icon * 0.62f) hovered_host = static_cast<int>(i);
  }
  app.map.hovered_host = hovered_host;
  if (hovered_host >= 0) hovered_link = -1;

  // What the packets' bubbles must not cover.
  sx.taken.clear();
  for (const auto& r : plan.footprint) sx.taken.push_back(r);
  for (const auto& r : plan.label) sx.taken.push_back(r);
  for (const auto& r : plan.link_label) sx.taken.push_back(r);

  // Waiting made visible: where unanswered SYNs stopped, and the waiting arcs' words.
  draw_waiting(app, dl, plan, area, kIcon * z, sx.taken, arcs);

  // Packets in flight, on top of everything. The line the dialog panel shows gets a halo.
  const auto current = m.current_line(app.now);
  const trace::Event* cur = current ? &m.events()[*current] : nullptr;
  int hovered_packet = -1;
  float hovered_dist = 1e9f;
  const auto& in_flight = app.flight.in_flight();
  int labels = 0;
  const bool few = in_flight.size() <= 12;
  // A crowd of packets: skip the anti-aliasing fringes, which are most of their vertices, so a
  // thousand envelopes stay cheap on a software renderer. Single packets keep smooth edges.
  const bool crowd = in_flight.size() > 150;
  const ImDrawListFlags saved_flags = dl->Flags;
  if (crowd) dl->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill);
  for (auto idx : in_flight) {
    const auto& p = m.packets()[idx];
    auto where = viz::packet_position(m, p, app.now, sx.layout);
    if (!where) continue;
    const ImVec2 q(where->x, where->y);
    const auto& e = m.events()[p.event];
    const auto* seg = e.get<trace::data::Segment>();
    const int code = seg ? seg->facts.code : 0;
    const ImU32 col = proto_colour(th, p.proto);
    const bool is_current = cur && e.kind == trace::Kind::Segment && e.conn == cur->conn && e.time == cur->time;
    if (is_current && !crowd) dl->AddCircleFilled(q, 15 * z, th.halo, 24);
    float radius = 8 * z;
    switch (p.shape) {
      case viz::PacketShape::Line: {
        const ImU32 rim = code >= 400 ? reply_colour(th, code) : th.packet_outline;
        if (crowd) {
          dl->AddCircleFilled(q, 7.5f * z, col, 8);
        } else {
          dl->AddCircleFilled(q, 7.5f * z, col, 16);
          dl->AddCircle(q, 7.5f * z, rim, 16, (code >= 400 ? 3.0f : 1.8f) * z);
        }
        break;
      }
      case viz::PacketShape::Envelope:
        if (crowd) draw_envelope_cheap(dl, q, 21 * z, th.envelope_fill, col, 1.5f * z);
        else draw_envelope(dl, q, 21 * z, th.envelope_fill, col, 1.8f * z);
        radius = 11 * z;
        break;
      case viz::PacketShape::Bounce:  // a DSN on its way back: red, with a return arrow
        if (crowd) draw_envelope_cheap(dl, q, 23 * z, th.bounce_fill, th.down_mark, 1.5f * z);
        else draw_bounce_envelope(dl, q, 23 * z, th.bounce_fill, th.down_mark, 1.8f * z);
        radius = 12 * z;
        break;
      case viz::PacketShape::Control:
        dl->AddCircleFilled(q, 6 * z, th.map_bg, 16);
        dl->AddCircle(q, 6 * z, col, 16, 2.6f * z);
        break;
      case viz::PacketShape::Record:  // ciphertext: a padlock in the protocol's colour
        draw_padlock(dl, q, 21 * z, col, th.packet_outline, 1.8f * z);
        radius = 11 * z;
        break;
    }
    if (app.dump)  // a thousand packets a frame in a crowd: no names made for nothing
      record(app, q - ImVec2(radius, radius), q + ImVec2(radius, radius), Record(e.protocol, kWindow, viz::ItemKind::Packet));
    // The text rides along with its packet while only a few are on the wire, where it covers nothing.
    const bool tls_record = p.shape == viz::PacketShape::Record;
    if (few && (p.shape == viz::PacketShape::Line || tls_record) && p.train_index == 0 && labels < 8) {
      char text[96];
      ellipsize(text, sizeof text, tls_record ? viz::record_bubble(e.as<trace::data::TlsRecord>(), app.lang) : trace::shown_text(e), 30);
      if (p.train_size > 1) {
        const std::size_t n = std::strlen(text);
        std::snprintf(text + n, sizeof text - n, "  +%d", p.train_size - 1);
      }
      ImFont* f = app.fonts.mono;
      const float fs = kBubbleSize * z;
      const ImVec2 ts = f->CalcTextSizeA(fs, FLT_MAX, 0, text);
      const ImVec2 pad(4 * z, 2 * z);
      if (auto r = viz::place_near({q.x, q.y}, {ts.x + 2 * pad.x, ts.y + 2 * pad.y}, 10 * z, area, sx.taken)) {
        ++labels;
        sx.taken.push_back(*r);
        const ImVec2 a = im(r->min()), b = im(r->max());
        dl->AddRectFilled(a, b, with_alpha(th.label_bg, 0.92f), 4 * z);
        dl->AddRect(a, b, col, 4 * z, 0, 1.5f * z);
        dl->AddText(f, fs, a + pad, code >= 400 ? reply_colour(th, code) : th.text, text);
        record(app, a, b, Record("bubble", kWindow).text(text));
      }
    }
    if (canvas_hovered) {
      const float d = std::hypot(mouse.x - q.x, mouse.y - q.y);
      if (d < radius + 3 * s && d < hovered_dist) {
        hovered_dist = d;
        hovered_packet = static_cast<int>(idx);
      }
    }
  }

  dl->Flags = saved_flags;

  // Overlays: legend, clock, caption.
  if (rows > 0) draw_legend(app, dl, ImVec2(c0.x + 12 * s, c0.y + 10 * s), legend_w);
  clock(app, dl, ImVec2(c1.x - 12 * s, c0.y + 8 * s), c0.x + 8 * s);
  if (band > 0) caption_overlay(app, dl, ImVec2(c0.x, c1.y - band), c1, kWindow);
  dl->PopClipRect();

  // Interaction.
  if (hovered_packet >= 0) {
    const auto& p = m.packets()[static_cast<std::size_t>(hovered_packet)];
    const auto& e = m.events()[p.event];
    const bool envelope = p.shape == viz::PacketShape::Envelope || p.shape == viz::PacketShape::Bounce;
    packet_tooltip(app, e, p.event, envelope);
    if (envelope && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      app.show_message(Str::MsgFromConnection, std::to_string(e.conn), connection_content(m, e.conn));
    }
  } else if (hovered_host >= 0) {
    host_tooltip(app, hovered_host);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      const auto& h = sc.hosts[static_cast<std::size_t>(hovered_host)];
      app.inspector.host = h.name;
      app.inspector.focus = h.name;
      switch (scenario::info(h.role).view) {
        case scenario::HostView::Queues: app.inspector.request = InspectorTab::Queues; break;
        case scenario::HostView::Mailboxes: app.inspector.request = InspectorTab::Mailboxes; break;
        case scenario::HostView::Dns: app.inspector.request = InspectorTab::Dns; break;
        case scenario::HostView::Captured: app.inspector.request = InspectorTab::Captured; break;
        case scenario::HostView::None: break;
      }
    }
  } else if (hovered_link >= 0) {
    const auto& l = sc.links[static_cast<std::size_t>(hovered_link)];
    ImGui::SetTooltip("%s — %s\n%s: %s", l.a.c_str(), l.b.c_str(), app.tr(Str::TipLatency),
                      viz::format_span(l.latency, app.lang).c_str());
  }
  if (canvas_hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && (hovered_host >= 0 || hovered_link >= 0)) {
    app.map.context_host = hovered_host;
    app.map.context_link = hovered_host >= 0 ? -1 : hovered_link;
    ImGui::OpenPopup("map_context");
  }
  context_menu(app);
  ImGui::End();
}

void caption_window(App& app, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, theme(app.dark).map_bg);
  const bool open = ImGui::Begin(app.label(Str::WinCaption, "caption"), nullptr,
                                 kPanelFlags | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  if (open) {
    record_window(app, Str::WinCaption);
    caption_overlay(app, ImGui::GetWindowDrawList(), pos, pos + size, window_name(Str::WinCaption));
  }
  ImGui::End();
}

void caption_overlay(App& app, ImDrawList* dl, ImVec2 min, ImVec2 max, const char* window) {
  if (app.quiz.open) {  // a question takes the caption's place while it is up
    quiz_overlay(app, dl, min, max, window);
    return;
  }
  // From the run on show: with the teacher's failures, a caption whose event no longer happens is
  // not there, and the others are marked as the original lesson's words.
  const auto now_shown = viz::caption_at(app.model(), app.session.scenario(), app.now);
  const scenario::Caption* shown = now_shown ? now_shown->caption : nullptr;
  const bool changed_run = !app.session.injected().empty();
  const Theme& th = theme(app.dark);
  const float s = app.scale;
  const CaptionBox cb = caption_box(s);
  const ImVec2 box_min(min.x + cb.margin_x, min.y + cb.margin_y), box_max(max.x - cb.margin_x, max.y - cb.margin_y);
  if (box_max.y - box_min.y < 8 * s) return;
  const float wrap = box_max.x - box_min.x - 2 * cb.pad_x, room = box_max.y - box_min.y - 2 * cb.pad_y;
  static std::vector<TextLine> lines;
  if (!shown) {
    // Between captions the band tells what the lesson is about, quietly.
    const std::string& about = viz::pick(app.session.scenario().description, app.lang);
    if (about.empty()) return;
    ImFont* f = app.fonts.ui;
    wrap_text(f, f->FontSize, about.c_str(), about.c_str() + about.size(), wrap, lines);
    const std::size_t fit = static_cast<std::size_t>(std::max(1.0f, room / f->FontSize));
    const bool cut = lines.size() > fit;
    if (cut) lines.resize(fit);
    dl->AddRect(box_min, box_max, with_alpha(th.text_dim, 0.35f), 8 * s, 0, 1.5f * s);
    record(app, box_min, box_max, Record("description", window, viz::ItemKind::Caption).text(about));
    const ImVec2 at(box_min.x + cb.pad_x, box_min.y + cb.pad_y);
    draw_lines(dl, f, f->FontSize, at, th.text_dim, lines);
    if (cut) {  // say that there is more
      const float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, lines.back().begin, lines.back().end).x;
      dl->AddText(f, f->FontSize, ImVec2(at.x + w, at.y + f->FontSize * static_cast<float>(fit - 1)), th.text_dim, "…");
    }
    return;
  }
  const std::string& text = viz::pick(shown->text, app.lang);
  if (text.empty()) return;
  ImFont* f = app.fonts.caption;
  float size = f->FontSize;
  // The tag over a caption of the original lesson, in a run the teacher changed: a line of its own
  // at the top, so the caption's text keeps its room below.
  ImFont* tf = app.fonts.ui;
  const float tag_h = changed_run ? tf->FontSize * 0.85f + 2 * s : 0;
  // The band's height is bounded; a caption longer than it has room for is set smaller, and past
  // the smallest size shown in pages (a big scale on a small screen): each page in turn for an equal
  // share of the caption's time on screen, or the next one at a click. Only a band too low for even
  // one line cuts it (with "…").
  const bool fits = fit_caption(f, text, wrap, room - tag_h, size, lines);
  const float ellipsis = f->CalcTextSizeA(size, FLT_MAX, 0, "…").x;
  const float page_room = room - tag_h - app.fonts.small->FontSize;  // the page number under the text
  const std::size_t per_page = fits ? lines.size() : static_cast<std::size_t>(std::max(0.0f, std::floor(page_room / size)));
  static std::vector<TextLine> page_ranges;
  if (fits) page_ranges.assign(1, TextLine{text.c_str(), text.c_str() + text.size()});
  else paginate(f, size, text.c_str(), text.c_str() + text.size(), wrap, per_page, page_ranges);
  const std::size_t pages = page_ranges.size();
  std::size_t page = 0;
  if (pages > 1) {
    auto& turns = app.map.caption_turns;
    if (turns.event != now_shown->event) turns = {now_shown->event, 0};
    if (ImGui::IsMouseHoveringRect(box_min, box_max) && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) ++turns.turns;
    const trace::Event& e = app.model().events()[now_shown->event];
    const Duration up = std::max<Duration>(1, e.as<trace::data::Caption>().until - e.time);
    const auto by_time = static_cast<std::size_t>(std::clamp<Duration>((app.now - e.time) * static_cast<Duration>(pages) / up, 0,
                                                                       static_cast<Duration>(pages) - 1));
    page = (by_time + static_cast<std::size_t>(turns.turns)) % pages;
    wrap_text(f, size, page_ranges[page].begin, page_ranges[page].end, wrap, lines);
  }
  const bool cut = pages == 0;
  if (cut) {  // the line that fits, shortened for the "…"
    lines.resize(1);
    TextLine& last = lines.back();
    while (last.end > last.begin && f->CalcTextSizeA(size, FLT_MAX, 0, last.begin, last.end).x + ellipsis > wrap) {
      --last.end;
      while (last.end > last.begin && (static_cast<unsigned char>(*last.end) & 0xC0) == 0x80) --last.end;
    }
  }
  dl->AddRectFilled(box_min, box_max, th.caption_bg, 8 * s);
  dl->AddRectFilled(box_min, ImVec2(box_min.x + 6 * s, box_max.y), th.caption_marker, 8 * s, ImDrawFlags_RoundCornersLeft);
  record(app, box_min, box_max, Record("caption", window, viz::ItemKind::Caption).text(text));
  if (changed_run) {
    const char* tag = app.tr(Str::CaptionOriginal);
    const float ts = tf->FontSize * 0.85f;
    const ImVec2 at(box_min.x + cb.pad_x, box_min.y + cb.pad_y * 0.5f);
    dl->AddText(tf, ts, at, with_alpha(th.caption_text, 0.8f), tag);
    record(app, at, at + tf->CalcTextSizeA(ts, FLT_MAX, 0, tag), Record("caption tag", window).text(tag));
  }
  const float y = pages > 1 ? box_min.y + tag_h + cb.pad_y
                            : box_min.y + tag_h + (box_max.y - box_min.y - tag_h - wrapped_height(size, lines)) / 2;
  draw_lines(dl, f, size, ImVec2(box_min.x + cb.pad_x, y), th.caption_text, lines);
  if (pages > 1) {  // "1/2 →" in the bottom corner: there is more
    char mark[32];
    std::snprintf(mark, sizeof mark, page + 1 < pages ? "%zu/%zu →" : "%zu/%zu", page + 1, pages);
    ImFont* sf = app.fonts.small;
    const ImVec2 ms = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, mark);
    const ImVec2 at(box_max.x - cb.pad_x - ms.x, box_max.y - cb.pad_y * 0.5f - ms.y);
    dl->AddText(sf, sf->FontSize, at, with_alpha(th.caption_text, 0.85f), mark);
    record(app, at, at + ms, Record("caption page", window).text(mark));
  }
  if (cut) {
    const float w = f->CalcTextSizeA(size, FLT_MAX, 0, lines.back().begin, lines.back().end).x;
    const ImVec2 at(box_min.x + cb.pad_x + w, y + size * static_cast<float>(lines.size() - 1));
    dl->AddText(f, size, at, th.caption_text, "…");
    // The layout check counts a cut caption as a problem (viz::check_layout).
    record(app, at, at + ImVec2(ellipsis, size), Record("caption cut", window, viz::ItemKind::Packet).text(text));
  }
}

}  // namespace mailsim::gui
