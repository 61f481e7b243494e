#include "viz/model/tls_view.hpp"

namespace mailsim::viz {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string bytes(std::size_t n, Lang lang) {
  return std::to_string(n) + (lang == Lang::Ja ? " バイト" : " bytes");
}

}  // namespace

bool dialog_record(const trace::data::TlsRecord& r) { return !r.messages.empty(); }

std::string record_row(const trace::data::TlsRecord& r, Lang lang) {
  std::string out = "TLS " + (r.messages.empty() ? r.type_name : joined(r.messages)) + " · " + bytes(r.bytes.size(), lang);
  if (r.encrypted) out += lang == Lang::Ja ? "、暗号化" : ", encrypted";
  return out;
}

std::string record_bubble(const trace::data::TlsRecord& r, Lang lang) {
  if (!r.messages.empty()) return joined(r.messages);
  return (lang == Lang::Ja ? "暗号文 · " : "encrypted · ") + bytes(r.bytes.size(), lang);
}

std::string handshake_summary(const trace::data::Tls& t, Lang lang) {
  const bool ja = lang == Lang::Ja;
  if (!t.ok) return (ja ? "TLS 失敗: " : "TLS failed: ") + t.failure;
  std::string out = (ja ? "TLS 確立: " : "TLS established: ") + t.version + ", " + t.cipher;
  if (!t.group.empty()) out += " (" + t.group + ")";
  if (t.chain.empty()) return out;
  const auto& leaf = t.chain.front();
  if (ja)
    out += " · 証明書 " + leaf.subject + "(発行者 " + leaf.issuer + "):" +
           (t.verified ? t.server_name + " として検証済み" : "検証できない: " + t.verify_error);
  else
    out += " · certificate " + leaf.subject + " from " + leaf.issuer + ": " +
           (t.verified ? "verified for " + t.server_name : "not verified: " + t.verify_error);
  return out;
}

}  // namespace mailsim::viz
