#pragma once
// TLS policy of the mail-reading protocols (POP3 STLS, RFC 2595; IMAP STARTTLS, RFC 9051 §6.2.1),
// in the words of the servers and clients that have them, so a lesson's settings read as a real
// configuration does.
namespace mailsim::proto {

// A POP3/IMAP server's TLS, as Dovecot's `ssl` setting: no STLS/STARTTLS; offered; required (no
// login of any kind before TLS, Dovecot's "ssl = required").
enum class Ssl { No, Yes, Required };

// A mail reader's TLS, as SMTP's smtp_tls_security_level for a client: never; STLS/STARTTLS when
// offered, else on in plain text; TLS or give up (no password in plain text); TLS with a
// certificate that verifies for the server's name, or give up (a mail program set to STARTTLS).
enum class ClientTls { None, May, Encrypt, Verify };

}  // namespace mailsim::proto
