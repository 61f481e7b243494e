#pragma once
// One-line explanations of protocol lines for the dialog panel and the event list: what a command or
// reply means and where the RFC says so, in English and Japanese. The texts are data
// (explain_table.cpp); this header is the lookup.
#include <string>
#include <string_view>

#include "sim/trace/event.hpp"
#include "viz/model/lang.hpp"

namespace mailsim::viz {

struct Explanation {
  const char* key;    // what is looked up: "RCPT", "250", "PIPELINING", "5.1.1", ...
  const char* title;  // what is shown first: "RCPT TO", "250", ...
  const char* en;
  const char* ja;
  const char* ref;    // "RFC 5321 §4.1.1.3"
};

const char* text(const Explanation& e, Lang lang);
// "RCPT TO — names one recipient (RFC 5321 §4.1.1.3)"
std::string format_explanation(const Explanation& e, Lang lang);

// Table lookups; nullptr when the table has no entry. Keys are case-insensitive.
const Explanation* explain_smtp_command(std::string_view verb);
const Explanation* explain_smtp_reply(int code);          // exact code, else its class (2xx, 3xx, ...)
const Explanation* explain_ehlo_keyword(std::string_view keyword);
const Explanation* explain_enhanced_status(std::string_view code);  // "5.1.1"
const Explanation* explain_pop3_command(std::string_view verb);
const Explanation* explain_pop3_reply(std::string_view status);     // "+OK", "-ERR", "."
const Explanation* explain_imap_command(std::string_view verb);     // "FETCH", "UID FETCH", "IDLE"
const Explanation* explain_imap_response(std::string_view word);    // "OK", "EXISTS", "+"
const Explanation* explain_dns(std::string_view wire);              // a Datagram's bytes
const Explanation* explain_tcp(trace::Kind kind);                   // Connect, Accepted, Close, ...
// A TLS handshake message or alert as the engine names it ("ClientHello", "Alert close_notify"; any
// other alert as "Alert"), or the handshake's end ("established", "failed").
const Explanation* explain_tls(std::string_view message);
// A TLS client's reason for refusing a certificate, in OpenSSL's words ("certificate has expired").
const Explanation* explain_tls_verify_error(std::string_view error);

// Where a line stands in its dialog; some lines only make sense with it.
struct LineContext {
  bool continuation = false;   // not the first line of a multi-line reply (EHLO keywords, POP3 lists)
  bool first_server_line = false;  // the greeting
};

struct LineExplanation {
  const Explanation* main = nullptr;
  const Explanation* detail = nullptr;  // e.g. the enhanced status code of an SMTP reply
};

// Explains one dialog line (a Segment event's protocol, direction and line, read by its facts).
LineExplanation explain_line(std::string_view protocol, trace::Direction dir, const trace::data::Segment& line,
                             LineContext ctx = {});

}  // namespace mailsim::viz
