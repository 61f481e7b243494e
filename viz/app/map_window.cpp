// The network map: hosts as role icons with their names, addresses and ports, links, and every
// packet in flight moving hop by hop. Right-click injects failures; clicks open the inspectors.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/icons.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/app/wrap.hpp"
#include "viz/model/format.hpp"
#include "viz/model/layout.hpp"

namespace mailsim::gui {

using scenario::Role;
using viz::Str;

namespace {

Str role_name(Role r) {
  switch (r) {
    case Role::Client: return Str::RoleClient;
    case Role::Submission: return Str::RoleSubmission;
    case Role::Relay: return Str::RoleRelay;
    case Role::Dns: return Str::RoleDns;
    case Role::Destination: return Str::RoleDestination;
    case Role::Router: return Str::RoleRouter;
  }
  return Str::RoleRouter;
}

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const ImVec2 ab = b - a, ap = p - a;
  const float len2 = ab.x * ab.x + ab.y * ab.y;
  const float t = len2 > 0 ? std::clamp((ap.x * ab.x + ap.y * ab.y) / len2, 0.0f, 1.0f) : 0.0f;
  const ImVec2 q = a + ab * t;
  return std::hypot(p.x - q.x, p.y - q.y);
}

// The caption box: its padding and margins, and the text width inside a map `width` wide.
float caption_chrome(float s) { return 2 * 12 * s + 2 * 10 * s; }
float caption_wrap_width(float width, float s) { return width - 2 * (12 * s + 10 * s) - 4 * s; }

struct Rect {
  ImVec2 min, max;
  bool overlaps(const Rect& o) const { return min.x < o.max.x && o.min.x < max.x && min.y < o.max.y && o.min.y < max.y; }
  bool inside(ImVec2 lo, ImVec2 hi) const { return min.x >= lo.x && min.y >= lo.y && max.x <= hi.x && max.y <= hi.y; }
};

// Per-frame scratch, kept between frames so drawing allocates nothing.
struct Scratch {
  std::vector<ImVec2> host_px;
  std::vector<viz::Vec2> layout;
  std::vector<Rect> labels;  // per host: where its name and address go
  std::vector<Rect> taken;
};
Scratch& scratch() {
  static Scratch s;
  return s;
}

// Room for the captions under the map: as tall as the longest caption of the lesson, so a caption
// never covers a host.
float caption_height(const App& app, float width) {
  const auto& captions = app.session.scenario().captions;
  if (captions.empty()) return 0;
  ImFont* f = app.fonts.caption;
  const float s = app.scale;
  static std::vector<TextLine> lines;
  std::size_t most = 1;
  for (const auto& c : captions) {
    const std::string& text = viz::pick(c.text, app.lang);
    wrap_text(f, f->FontSize, text.c_str(), text.c_str() + text.size(), caption_wrap_width(width, s), lines);
    most = std::max(most, lines.size());
  }
  return static_cast<float>(most) * f->FontSize + caption_chrome(s);
}

float address_width(const App& app, const scenario::Host& h) {
  ImFont* f = app.fonts.small;
  float w = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, h.address.c_str()).x;
  char buf[16];
  for (auto p : viz::service_ports(h.role)) {
    std::snprintf(buf, sizeof buf, "  :%u", p);
    w += f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, buf).x;
  }
  return w;
}

// Puts each host's label where it overlaps no icon and no other label: below the icon if it can,
// else above, right, left, or a row further out. Hosts drawn close together (routers in a row)
// then alternate above and below instead of writing over each other.
void place_labels(App& app, float icon, ImVec2 lo, ImVec2 hi) {
  auto& sx = scratch();
  const auto& hosts = app.session.scenario().hosts;
  const float s = app.scale;
  sx.labels.resize(hosts.size());
  sx.taken.clear();
  for (const auto& c : sx.host_px)
    sx.taken.push_back({c - ImVec2(icon * 0.55f, icon * 0.55f), c + ImVec2(icon * 0.55f, icon * 0.55f)});
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const ImVec2 c = sx.host_px[i];
    const float name_w = app.fonts.bold->CalcTextSizeA(app.fonts.bold->FontSize, FLT_MAX, 0, hosts[i].name.c_str()).x;
    const float w = std::max(name_w, address_width(app, hosts[i])) + 8 * s;
    const float h = app.fonts.bold->FontSize + app.fonts.small->FontSize + 6 * s;
    const float below = c.y + icon * 0.56f, above = c.y - icon * 0.56f - h;
    const ImVec2 candidates[] = {{c.x - w / 2, below},
                                 {c.x - w / 2, above},
                                 {c.x + icon * 0.6f, c.y - h / 2},
                                 {c.x - icon * 0.6f - w, c.y - h / 2},
                                 {c.x - w / 2, below + h},
                                 {c.x - w / 2, above - h}};
    ImVec2 first = candidates[0];
    first.x = std::clamp(first.x, lo.x + 2 * s, std::max(lo.x, hi.x - w - 2 * s));
    Rect chosen{first, first + ImVec2(w, h)};
    for (auto p : candidates) {
      p.x = std::clamp(p.x, lo.x + 2 * s, std::max(lo.x, hi.x - w - 2 * s));  // slide along rather than off the map
      const Rect r{p, p + ImVec2(w, h)};
      if (!r.inside(lo, hi)) continue;
      bool free = true;
      for (std::size_t k = 0; k < sx.taken.size() && free; ++k)
        if (k != i && r.overlaps(sx.taken[k])) free = false;
      if (free) {
        chosen = r;
        break;
      }
    }
    sx.labels[i] = chosen;
    sx.taken.push_back(chosen);
  }
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
    for (auto port : viz::service_ports(h.role)) {
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
  ImGui::TextUnformatted(app.tr(role_name(h.role)));
  ImGui::Text("%s: %s", app.tr(Str::TipAddress), h.address.c_str());
  const auto ports = viz::service_ports(h.role);
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

void legend(App& app, ImDrawList* dl, ImVec2 at) {
  const Theme& th = theme(app.dark);
  const float s = app.scale;
  ImFont* f = app.fonts.small;
  const float r = 6 * s, gap = 14 * s;
  const float y = at.y + f->FontSize / 2;
  float x = at.x;
  const struct {
    viz::Proto p;
    Str name;
  } protos[] = {{viz::Proto::Smtp, Str::ProtoSmtp}, {viz::Proto::Pop3, Str::ProtoPop3},
                {viz::Proto::Imap, Str::ProtoImap}, {viz::Proto::Dns, Str::ProtoDns}};
  for (const auto& p : protos) {
    dl->AddCircleFilled(ImVec2(x + r, y), r, proto_colour(th, p.p));
    x += 2 * r + 5 * s;
    dl->AddText(f, f->FontSize, ImVec2(x, at.y), th.text_dim, app.tr(p.name));
    x += f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, app.tr(p.name)).x + gap;
  }
  draw_envelope(dl, ImVec2(x + 9 * s, y), 18 * s, th.envelope_fill, th.proto[0], 1.5f * s);
  x += 23 * s;
  dl->AddText(f, f->FontSize, ImVec2(x, at.y), th.text_dim, app.tr(Str::LegendText));
  x += f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, app.tr(Str::LegendText)).x + gap;
  dl->AddCircle(ImVec2(x + r, y), r - s, th.proto[0], 0, 2.5f * s);
  x += 2 * r + 5 * s;
  dl->AddText(f, f->FontSize, ImVec2(x, at.y), th.text_dim, app.tr(Str::LegendControl));
}

void clock(App& app, ImDrawList* dl, ImVec2 top_right) {
  const Theme& th = theme(app.dark);
  const std::string t = viz::format_clock(app.now);
  ImFont* f = app.fonts.clock;
  const ImVec2 sz = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, t.c_str());
  dl->AddText(f, f->FontSize, ImVec2(top_right.x - sz.x, top_right.y), th.text, t.c_str());
  const char* status = app.session.serving() && app.play.playing ? app.tr(Str::StLive)
                       : app.play.quiet_until >= 0                 ? app.tr(Str::TlFastForward)
                       : !app.play.playing && app.now >= app.play.end ? app.tr(Str::TlLessonOver)
                       : app.play.playing                            ? app.tr(Str::StPlaying)
                                                                     : app.tr(Str::StPaused);
  ImFont* sf = app.fonts.small;
  const ImVec2 ss = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, status);
  const bool live = app.session.serving() && app.play.playing;
  dl->AddText(sf, sf->FontSize, ImVec2(top_right.x - ss.x, top_right.y + sz.y), live ? th.failure : th.text_dim, status);
}

}  // namespace

void map_window(App& app, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  // The window's own background is the map's (one layer fewer to fill for a software renderer).
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, theme(app.dark).map_bg);
  const bool open = ImGui::Begin(app.label(Str::WinMap, "map"), nullptr,
                                 kPanelFlags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  if (!open) {
    ImGui::End();
    return;
  }
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

  // Where hosts may go: margins for the labels, the clock and legend on top, the caption band below.
  const float icon = 46 * s;
  const float caption_band = caption_height(app, avail.x);
  const bool role_legend = app.map.legend && avail.y > 520 * s;
  const float top = (role_legend ? 70 : 44) * s;
  const ImVec2 a(c0.x + 80 * s, c0.y + top + icon / 2);
  const ImVec2 b(c1.x - 80 * s, c1.y - caption_band - 44 * s - icon / 2);
  // The scenario's positions are stretched to fill the area (they rarely use all of [0,1]).
  viz::Vec2 lo{1, 1}, hi{0, 0};
  for (const auto& v : app.layout) {
    lo = {std::min(lo.x, v.x), std::min(lo.y, v.y)};
    hi = {std::max(hi.x, v.x), std::max(hi.y, v.y)};
  }
  auto fit = [](float v, float l, float h) { return h - l > 1e-3f ? (v - l) / (h - l) : 0.5f; };
  auto to_px = [&](viz::Vec2 v) {
    return ImVec2(a.x + fit(v.x, lo.x, hi.x) * (b.x - a.x), a.y + fit(v.y, lo.y, hi.y) * (b.y - a.y));
  };
  // Packets are interpolated between host positions in pixels: hand the layout over as pixels.
  auto& sx = scratch();
  sx.host_px.resize(sc.hosts.size());
  sx.layout.resize(sc.hosts.size());
  for (std::size_t i = 0; i < sc.hosts.size(); ++i) {
    sx.host_px[i] = to_px(app.layout[i]);
    sx.layout[i] = {sx.host_px[i].x, sx.host_px[i].y};
  }
  // Labels stay clear of the legend rows and the clock on top, and of the caption band.
  place_labels(app, icon, ImVec2(c0.x, c0.y + top - 6 * s), ImVec2(c1.x, c1.y - caption_band));

  // Links.
  int hovered_link = -1;
  for (std::size_t i = 0; i < sc.links.size(); ++i) {
    const auto& l = sc.links[i];
    auto ia = m.host_index(l.a), ib = m.host_index(l.b);
    if (!ia || !ib) continue;
    const ImVec2 pa = sx.host_px[*ia], pb = sx.host_px[*ib];
    const bool up = m.link_up(l.a, l.b, app.now);
    if (up) {
      dl->AddLine(pa, pb, th.link, 3.5f * s);
    } else {
      draw_dashed(dl, pa, pb, th.link_down, 3.5f * s, 10 * s, 7 * s);
      draw_cross(dl, (pa + pb) * 0.5f, 18 * s, th.link_down, 3.5f * s);
    }
    const float len = std::hypot(pb.x - pa.x, pb.y - pa.y);
    if (len > 110 * s) {  // latency label, beside the middle of the line
      const std::string lat = viz::format_span(l.latency, app.lang);
      const ImVec2 mid = (pa + pb) * 0.5f;
      const ImVec2 normal((pa.y - pb.y) / len, (pb.x - pa.x) / len);
      const float side = normal.y > 0 ? -1.0f : 1.0f;  // above the line
      const ImVec2 at = mid + normal * (side * 13 * s);
      label_centered(dl, app.fonts.small, ImVec2(at.x, at.y - app.fonts.small->FontSize / 2), th.link_label, 0, lat);
    }
    if (canvas_hovered && distance_to_segment(mouse, pa, pb) < 7 * s) hovered_link = static_cast<int>(i);
  }

  // Hosts.
  int hovered_host = -1;
  char buf[256];
  for (std::size_t i = 0; i < sc.hosts.size(); ++i) {
    const auto& h = sc.hosts[i];
    const ImVec2 c = sx.host_px[i];
    const bool up = m.host_up(static_cast<std::uint16_t>(i), app.now);
    const IconStyle style = up ? IconStyle{role_fill(th, h.role), role_accent(th, h.role), th.icon_line, IM_COL32_WHITE}
                               : IconStyle{th.icon_down, th.link, th.link, th.map_bg};
    if (static_cast<int>(i) == app.map.hovered_host || h.name == app.inspector.host)
      dl->AddCircleFilled(c, icon * 0.78f, with_alpha(role_accent(th, h.role), 0.16f), 40);
    draw_host_icon(dl, h, c, icon, style);
    // Name and, under it, the address and ports (a stopped port in red, struck through).
    const Rect& box = sx.labels[i];
    const float mid = (box.min.x + box.max.x) / 2;
    float y = box.min.y;
    y += label_centered(dl, app.fonts.bold, ImVec2(mid, y), up ? th.text : th.text_dim, th.label_bg, h.name).y;
    {
      ImFont* f = app.fonts.small;
      const auto ports = viz::service_ports(h.role);
      const float w = address_width(app, h);
      float x = mid - w / 2;
      const float pad = f->FontSize * 0.18f;
      dl->AddRectFilled(ImVec2(x - pad * 1.5f, y), ImVec2(x + w + pad * 1.5f, y + f->FontSize + pad), th.label_bg, pad * 2);
      dl->AddText(f, f->FontSize, ImVec2(x, y + pad * 0.5f), th.text_dim, h.address.c_str());
      x += f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, h.address.c_str()).x;
      for (auto p : ports) {
        std::snprintf(buf, sizeof buf, "  :%u", p);
        const float pw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, buf).x;
        const bool running = up && m.service_running(h.name, p, app.now);
        const ImU32 col = running ? proto_colour(th, p == 53 ? viz::Proto::Dns : p == 110 ? viz::Proto::Pop3
                                                              : p == 143 ? viz::Proto::Imap : viz::Proto::Smtp)
                                  : th.down_mark;
        dl->AddText(f, f->FontSize, ImVec2(x, y + pad * 0.5f), col, buf);
        if (!running) {
          const float my = y + pad * 0.5f + f->FontSize * 0.55f;
          dl->AddLine(ImVec2(x + pw * 0.3f, my), ImVec2(x + pw, my), th.down_mark, 1.5f * s);
        }
        x += pw;
      }
    }
    if (!up) {
      draw_cross(dl, c, icon * 1.05f, th.down_mark, 5 * s);
      label_centered(dl, app.fonts.bold, ImVec2(c.x, c.y + icon * 0.12f), th.badge_text, th.down_mark,
                     app.tr(Str::HostDown));
    }
    if (h.role == Role::Submission || h.role == Role::Relay) {
      const int n = m.queue_length(h.name, app.now);
      if (n > 0) {
        const ImVec2 bc(c.x + icon * 0.45f, c.y - icon * 0.45f);
        const float br = 12 * s;
        dl->AddCircleFilled(bc, br, th.badge, 24);
        dl->AddCircle(bc, br, th.map_bg, 24, 2 * s);
        std::snprintf(buf, sizeof buf, "%d", n);
        label_centered(dl, app.fonts.bold, ImVec2(bc.x, bc.y - app.fonts.bold->FontSize / 2), th.badge_text, 0, buf);
      }
    }
    if (canvas_hovered && std::hypot(mouse.x - c.x, mouse.y - c.y) < icon * 0.62f) hovered_host = static_cast<int>(i);
  }
  app.map.hovered_host = hovered_host;
  if (hovered_host >= 0) hovered_link = -1;

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
    if (is_current && !crowd) dl->AddCircleFilled(q, 15 * s, th.halo, 24);
    float radius = 8 * s;
    switch (p.shape) {
      case viz::PacketShape::Line: {
        const ImU32 rim = code >= 400 ? reply_colour(th, code) : th.packet_outline;
        if (crowd) {
          dl->AddCircleFilled(q, 7.5f * s, col, 8);
        } else {
          dl->AddCircleFilled(q, 7.5f * s, col, 16);
          dl->AddCircle(q, 7.5f * s, rim, 16, (code >= 400 ? 3.0f : 1.8f) * s);
        }
        break;
      }
      case viz::PacketShape::Envelope:
        if (crowd) draw_envelope_cheap(dl, q, 21 * s, th.envelope_fill, col, 1.5f * s);
        else draw_envelope(dl, q, 21 * s, th.envelope_fill, col, 1.8f * s);
        radius = 11 * s;
        break;
      case viz::PacketShape::Control:
        dl->AddCircleFilled(q, 6 * s, th.map_bg, 16);
        dl->AddCircle(q, 6 * s, col, 16, 2.6f * s);
        break;
    }
    // The text rides along with its packet while only a few are on the wire.
    if (few && p.shape == viz::PacketShape::Line && p.train_index == 0 && labels < 8) {
      ++labels;
      char text[96];
      ellipsize(text, sizeof text, trace::shown_text(e), 30);
      if (p.train_size > 1) {
        const std::size_t n = std::strlen(text);
        std::snprintf(text + n, sizeof text - n, "  +%d", p.train_size - 1);
      }
      ImFont* f = app.fonts.mono;
      const float fs = f->FontSize * 0.85f;
      const ImVec2 ts = f->CalcTextSizeA(fs, FLT_MAX, 0, text);
      const ImVec2 tl(std::clamp(q.x - ts.x / 2, c0.x + 4 * s, c1.x - ts.x - 4 * s), q.y - 14 * s - ts.y);
      dl->AddRectFilled(tl - ImVec2(4 * s, 2 * s), tl + ts + ImVec2(4 * s, 2 * s), with_alpha(th.label_bg, 0.92f), 4 * s);
      dl->AddRect(tl - ImVec2(4 * s, 2 * s), tl + ts + ImVec2(4 * s, 2 * s), col, 4 * s, 0, 1.5f * s);
      dl->AddText(f, fs, tl, code >= 400 ? reply_colour(th, code) : th.text, text);
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
  if (app.map.legend) legend(app, dl, ImVec2(c0.x + 12 * s, c0.y + 10 * s));
  if (role_legend) {
    // Roles, second row: small icons with their names.
    float x = c0.x + 12 * s;
    const float y = c0.y + 10 * s + app.fonts.small->FontSize + 10 * s;
    for (Role r : {Role::Client, Role::Submission, Role::Relay, Role::Dns, Role::Destination, Role::Router}) {
      const IconStyle st{role_fill(th, r), role_accent(th, r), th.icon_line, IM_COL32_WHITE};
      draw_role_icon(dl, r, ImVec2(x + 10 * s, y + 8 * s), 20 * s, st);
      x += 24 * s;
      ImFont* f = app.fonts.small;
      dl->AddText(f, f->FontSize, ImVec2(x, y), th.text_dim, app.tr(role_name(r)));
      x += f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, app.tr(role_name(r))).x + 14 * s;
    }
  }
  clock(app, dl, ImVec2(c1.x - 12 * s, c0.y + 8 * s));
  if (caption_band > 0) caption_overlay(app, dl, ImVec2(c0.x, c1.y - caption_band), c1);
  dl->PopClipRect();

  // Interaction.
  if (hovered_packet >= 0) {
    const auto& p = m.packets()[static_cast<std::size_t>(hovered_packet)];
    const auto& e = m.events()[p.event];
    packet_tooltip(app, e, p.event, p.shape == viz::PacketShape::Envelope);
    if (p.shape == viz::PacketShape::Envelope && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      std::snprintf(buf, sizeof buf, app.tr(Str::MsgFromConnection), static_cast<int>(e.conn));
      app.show_message(buf, connection_content(m, e.conn));
    }
  } else if (hovered_host >= 0) {
    host_tooltip(app, hovered_host);
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      const auto& h = sc.hosts[static_cast<std::size_t>(hovered_host)];
      app.inspector.host = h.name;
      app.inspector.focus = h.name;
      switch (h.role) {
        case Role::Submission:
        case Role::Relay: app.inspector.request = InspectorTab::Queues; break;
        case Role::Destination:
        case Role::Client: app.inspector.request = InspectorTab::Mailboxes; break;
        case Role::Dns: app.inspector.request = InspectorTab::Dns; break;
        case Role::Router: break;
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

void caption_overlay(App& app, ImDrawList* dl, ImVec2 min, ImVec2 max) {
  const auto& captions = app.session.scenario().captions;
  const scenario::Caption* shown = nullptr;
  for (const auto& c : captions)
    if (c.at <= app.now && app.now < c.at + c.duration && (!shown || c.at >= shown->at)) shown = &c;
  const Theme& th = theme(app.dark);
  const float s = app.scale;
  if (!shown) {
    // Between captions the band tells what the lesson is about, quietly.
    const std::string& about = viz::pick(app.session.scenario().description, app.lang);
    if (about.empty()) return;
    ImFont* f = app.fonts.ui;
    const float margin = 10 * s, pad = 12 * s;
    static std::vector<TextLine> lines;
    wrap_text(f, f->FontSize, about.c_str(), about.c_str() + about.size(), max.x - min.x - 2 * (margin + pad), lines);
    const std::size_t fit = static_cast<std::size_t>(std::max(1.0f, (max.y - min.y - 2 * margin - pad) / f->FontSize));
    const bool cut = lines.size() > fit;
    if (cut) lines.resize(fit);
    dl->AddRect(ImVec2(min.x + margin, min.y + margin), ImVec2(max.x - margin, max.y - margin), with_alpha(th.text_dim, 0.35f),
                8 * s, 0, 1.5f * s);
    const ImVec2 at(min.x + margin + pad, min.y + margin + pad * 0.6f);
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
  const float pad = 12 * s, margin = 10 * s;
  const float wrap = caption_wrap_width(max.x - min.x, s);
  static std::vector<TextLine> lines;
  wrap_text(f, f->FontSize, text.c_str(), text.c_str() + text.size(), wrap, lines);
  const float text_h = wrapped_height(f->FontSize, lines);
  // A long caption grows upwards over the map rather than being cut.
  const ImVec2 box_max(max.x - margin, max.y - margin);
  const ImVec2 box_min(min.x + margin, std::min(min.y + margin, box_max.y - text_h - 2 * pad));
  dl->AddRectFilled(box_min, box_max, th.caption_bg, 8 * s);
  dl->AddRectFilled(box_min, ImVec2(box_min.x + 6 * s, box_max.y), th.caption_marker, 8 * s, ImDrawFlags_RoundCornersLeft);
  const float y = box_min.y + (box_max.y - box_min.y - text_h) / 2;
  draw_lines(dl, f, f->FontSize, ImVec2(box_min.x + pad + 4 * s, y), th.caption_text, lines);
}

}  // namespace mailsim::gui
