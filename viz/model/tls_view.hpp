#pragma once
// What the app says about a connection's TLS: the handshake's records as rows of the dialog and as
// labels of their packets on the map, and the handshake's end in words, in English and Japanese.
// The trace holds facts only (trace::data::TlsRecord, trace::data::Tls); the words are made here.
#include <string>

#include "sim/trace/event.hpp"
#include "viz/model/lang.hpp"

namespace mailsim::viz {

// A record is a row of the dialog when it opens a flight of the handshake or carries an alert (it
// names messages); application data is not: the lines it carries are rows of their own.
bool dialog_record(const trace::data::TlsRecord& r);

// The dialog row: "TLS ClientHello · 317 bytes", "TLS Certificate · 517 bytes, encrypted".
std::string record_row(const trace::data::TlsRecord& r, Lang lang);

// The label its packet carries on the map: the message ("ClientHello"), or for the records that carry
// the lines "encrypted · 47 bytes" (all an eavesdropper can tell of them).
std::string record_bubble(const trace::data::TlsRecord& r, Lang lang);

// The handshake's end: "TLS established: TLSv1.3, TLS_AES_256_GCM_SHA384 (x25519) · certificate
// CN=mail.school.example from CN=mailsim Lesson CA,O=mailsim: verified for mail.school.example";
// or what went wrong.
std::string handshake_summary(const trace::data::Tls& t, Lang lang);

}  // namespace mailsim::viz
