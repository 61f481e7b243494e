#include "sim/export/mail_files.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/export/zone_files.hpp"

namespace mailsim::exporter {

namespace fs = std::filesystem;

namespace {
// asctime-style date for the "From " line: "Mon Nov  3 09:00:10 2025".
std::string from_line_date(Time t, std::int64_t epoch) {
  const std::string d = rfc5322_date(t, epoch);  // "Mon, 3 Nov 2025 09:00:10 +0000"
  char wd[4] = {}, mon[4] = {}, hms[9] = {};
  int day = 0, year = 0;
  std::sscanf(d.c_str(), "%3s, %d %3s %d %8s", wd, &day, mon, &year, hms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %2d %s %d", wd, mon, day, hms, year);
  return buf;
}

std::string return_path(const std::string& raw) {
  if (raw.rfind("Return-Path: <", 0) != 0) return "MAILER-DAEMON";
  const auto end = raw.find('>');
  const std::string s = raw.substr(14, end == std::string::npos ? 0 : end - 14);
  return s.empty() ? "MAILER-DAEMON" : s;
}

bool write_file(const fs::path& p, const std::string& data, std::string& error) {
  std::ofstream out(p, std::ios::binary);
  out << data;
  if (!out) error = "cannot write " + p.string();
  return static_cast<bool>(out);
}
}  // namespace

std::string mbox_entry(const std::string& raw, const std::string& envelope_sender, Time t, std::int64_t epoch) {
  std::string out = "From " + envelope_sender + " " + from_line_date(t, epoch) + "\n";
  std::size_t pos = 0;
  while (pos < raw.size()) {
    auto nl = raw.find('\n', pos);
    std::string line = raw.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // mboxrd: any line that is ">"* followed by "From " gains one more ">".
    const auto first = line.find_first_not_of('>');
    if (first != std::string::npos && line.compare(first, 5, "From ") == 0) line.insert(0, ">");
    out += line + "\n";
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out + "\n";
}

std::string export_mail(const world::World& w, const std::string& dir) {
  std::string error;
  std::error_code ec;
  for (const auto& a : w.scenario().accounts) {
    const auto* d = w.destination(a.host);
    const auto* acc = d ? d->store().find(a.user) : nullptr;
    if (!acc) continue;
    const fs::path box = fs::path(dir) / "mailboxes";
    fs::create_directories(box / a.address, ec);
    if (ec) return "cannot create " + (box / a.address).string() + ": " + ec.message();
    std::string mbox;
    for (const auto& [name, folder] : acc->folders)
      for (const auto& m : folder.messages) {
        if (name == "INBOX") mbox += mbox_entry(m.raw, return_path(m.raw), m.internal_date, w.scenario().epoch);
        const std::string file = (name == "INBOX" ? "" : name + "-") + std::to_string(m.uid) + ".eml";
        if (!write_file(box / a.address / file, m.raw, error)) return error;
      }
    if (!write_file(box / (a.address + ".mbox"), mbox, error)) return error;
  }
  for (const nodes::MailReader* reader : w.nodes<nodes::MailReader>()) {
    const std::string& host = reader->host();
    const fs::path dev = fs::path(dir) / "devices" / host;
    fs::create_directories(dev, ec);
    if (ec) return "cannot create " + dev.string() + ": " + ec.message();
    int n = 0;
    for (const auto& m : reader->local_copy())
      if (!write_file(dev / (std::to_string(++n) + ".eml"), m.raw, error)) return error;
  }
  return export_zones(w.scenario(), dir);
}

}  // namespace mailsim::exporter
