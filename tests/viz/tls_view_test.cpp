// What the app shows of TLS (viz/model/tls_view.hpp), from the starttls lesson's real trace: the
// handshake's records as rows of the phone's connection, in order and in both languages, the
// handshake's end in words, the records on the map as padlocks, and the laptop's plain connection
// without any of it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/scenario/load.hpp"
#include "viz/model/event_summary.hpp"
#include "viz/model/explain.hpp"
#include "viz/model/session.hpp"
#include "viz/model/tls_view.hpp"

using namespace mailsim;
using namespace mailsim::viz;

namespace {

Session starttls() { return Session(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/starttls.json")); }

const Connection* first_to(const TraceModel& m, const std::string& client) {
  for (const Connection& c : m.connections())
    if (c.client == client) return &c;
  return nullptr;
}

// The dialog's notes of a connection that are about TLS, as the event list words them.
std::vector<std::string> tls_notes(const Session& s, const Connection& c, Lang lang) {
  std::vector<std::string> out;
  for (const std::uint32_t i : c.control) {
    const auto& e = s.model().events()[i];
    if (e.kind == trace::Kind::TlsRecord || e.kind == trace::Kind::Tls)
      out.push_back(event_summary(e, s.scenario(), s.injected(), lang));
  }
  return out;
}

}  // namespace

TEST_CASE("tls view: the phone's handshake is rows of its dialog, each message explained, then the handshake's end") {
  Session s = starttls();
  const Connection* phone = first_to(s.model(), "phone.cafe.example");
  REQUIRE(phone);
  const std::vector<std::string> en = tls_notes(s, *phone, Lang::En);
  // The flights as they crossed: the ClientHello and ServerHello in clear, the rest protected; the
  // client checks the certificate when the server's Finished is in, before its own Finished leaves.
  const std::vector<std::string> want = {
      "TLS ClientHello · 317 bytes",
      "TLS ServerHello · 127 bytes",
      "TLS ChangeCipherSpec · 6 bytes",
      "TLS EncryptedExtensions · 28 bytes, encrypted",
      "TLS Certificate · 517 bytes, encrypted",
      "TLS CertificateVerify · 101 bytes, encrypted",
      "TLS Finished · 74 bytes, encrypted",
      "TLS established: TLSv1.3, TLS_AES_256_GCM_SHA384 (x25519) · certificate CN=mail.school.example from "
      "CN=mailsim Lesson CA,O=mailsim: verified for mail.school.example",
      "TLS ChangeCipherSpec · 6 bytes",
      "TLS Finished · 74 bytes, encrypted",
  };
  REQUIRE(en.size() >= want.size());
  CHECK(std::vector<std::string>(en.begin(), en.begin() + static_cast<long>(want.size())) == want);
  // The rest is the close: each side's close_notify, as an alert.
  for (std::size_t i = want.size(); i < en.size(); ++i) CHECK(en[i].starts_with("TLS Alert close_notify · "));

  const std::vector<std::string> ja = tls_notes(s, *phone, Lang::Ja);
  REQUIRE(ja.size() == en.size());
  CHECK(ja[0] == "TLS ClientHello · 317 バイト");
  CHECK(ja[4] == "TLS Certificate · 517 バイト、暗号化");
  CHECK(ja[7] ==
        "TLS 確立: TLSv1.3, TLS_AES_256_GCM_SHA384 (x25519) · 証明書 CN=mail.school.example(発行者 CN=mailsim Lesson "
        "CA,O=mailsim):mail.school.example として検証済み");

  // Every message the handshake named has its explanation, in both languages, with its RFC.
  for (const std::uint32_t i : phone->control) {
    const auto& e = s.model().events()[i];
    if (e.kind != trace::Kind::TlsRecord) continue;
    const auto& r = e.as<trace::data::TlsRecord>();
    REQUIRE_FALSE(r.messages.empty());  // application data is no row of its own
    CAPTURE(r.messages.front());
    const Explanation* x = explain_tls(r.messages.front());
    REQUIRE(x);
    CHECK(std::string(x->ja).size() > 0);
    CHECK(std::string(x->ref).starts_with("RFC "));
  }
  // Lines read inside TLS are marked so: every line after the 220 to STARTTLS, none before.
  bool after_220 = false;
  for (const DialogLine& l : phone->lines) {
    const auto& seg = s.model().events()[l.event].as<trace::data::Segment>();
    CHECK(seg.tls == after_220);
    if (seg.text == "220 2.0.0 Ready to start TLS") after_220 = true;
  }
  CHECK(after_220);
}

TEST_CASE("tls view: the laptop's plain connection has no TLS rows, and the map draws every record as a padlock") {
  Session s = starttls();
  const Connection* laptop = first_to(s.model(), "laptop.cafe.example");
  REQUIRE(laptop);
  CHECK(tls_notes(s, *laptop, Lang::En).empty());
  std::size_t records = 0, padlocks = 0;
  for (const auto& e : s.model().events())
    if (e.kind == trace::Kind::TlsRecord) ++records;
  for (const Packet& p : s.model().packets()) {
    const bool record = s.model().events()[p.event].kind == trace::Kind::TlsRecord;
    CHECK((p.shape == PacketShape::Record) == record);
    if (record) ++padlocks;
  }
  CHECK(records > 10);
  CHECK(padlocks == records);  // none is lost on the way in this lesson
}

TEST_CASE("tls view: a record's label on the map says what it carried, or only that it is ciphertext") {
  trace::data::TlsRecord hello;
  hello.messages = {"ClientHello"};
  hello.bytes = std::string(317, '\x16');
  CHECK(record_bubble(hello, Lang::En) == "ClientHello");
  trace::data::TlsRecord data;
  data.bytes = std::string(47, '\x17');
  data.encrypted = true;
  data.type_name = "application_data";
  CHECK(record_bubble(data, Lang::En) == "encrypted · 47 bytes");
  CHECK(record_bubble(data, Lang::Ja) == "暗号文 · 47 バイト");
  CHECK_FALSE(dialog_record(data));
  CHECK(dialog_record(hello));

  trace::data::Tls failed;
  failed.failure = "certificate verify failed: certificate has expired";
  CHECK(handshake_summary(failed, Lang::En) == "TLS failed: certificate verify failed: certificate has expired");
  CHECK(handshake_summary(failed, Lang::Ja) == "TLS 失敗: certificate verify failed: certificate has expired");
  CHECK(explain_tls("Alert handshake_failure") == explain_tls("Alert"));
  CHECK(std::string(explain_tls("Alert close_notify")->key) == "Alert close_notify");
}
