#pragma once
// The loader's steps, one per part of the file (internal). Each reads its keys from the document root
// into the Scenario, checking types, formats and references to what earlier steps read, in this order:
// header, the CA's files, network (hosts, links), dns, mail (accounts, clients, messages), events (failures,
// captions), expect.
#include "sim/proto/dns/message.hpp"
#include "sim/scenario/reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::scenario::detail {

void parse_header(const Node& root, Scenario& s);   // header.cpp: title ... default_latency
void parse_lesson(const Node& root, Scenario& s);   // lesson.cpp: topics, level, minutes, prerequisites
void parse_network(const Node& root, Scenario& s);  // network.cpp: hosts, links
void parse_dns(const Node& root, Scenario& s);      // dns_records.cpp: dns
void parse_mail(const Node& root, Scenario& s);     // mail.cpp: accounts, clients, messages
void parse_events(const Node& root, Scenario& s);   // events.cpp: failures, captions, quiz
void parse_expect(const Node& root, Scenario& s);   // expect.cpp: expect

// triggers.cpp: a caption's or quiz question's `on`, checked against the lesson's hosts, messages
// and failures (so those come first).
Trigger parse_trigger(const Node& n, const Scenario& s);

// One DNS record; `name_and_type_only` for dns_remove failures, which name what to delete.
dns::Record parse_record(const Node& n, bool name_and_type_only);

// Index of the host called `name` in s.hosts, failing at `where` if there is none.
std::size_t host_index(const Scenario& s, const Node& where, const std::string& name);
// Fails at `where` unless host `name` exists and has one of `roles`; `what` says why, e.g.
// "accounts live on destination hosts".
const Host& host_with_role(const Scenario& s, const Node& where, const std::string& name,
                           std::initializer_list<Role> roles, const std::string& what);
// Fails at `where` when a time lies beyond the scenario's `until` (or kLongestRun), since it could
// never happen.
void check_before_until(const Scenario& s, const Node& where, Time at);
// header.cpp, once everything is read: fails when the lesson has no `until` but would never settle.
void check_run_ends(const Node& root, const Scenario& s);
// network.cpp, after the dns step: every relayhost resolves in the lesson's DNS to a mail server
// that listens on the relayhost's port.
void check_relayhosts(const Node& root, const Scenario& s);
// restrictions.cpp: a relay's or destination's smtpd_client_restrictions (reject_rbl_client zones)
// and a router's packet_filter rules.
void parse_restrictions(const Node& host, Host& h);
// restrictions.cpp, after the dns step: every DNSBL zone holds RFC 5782's test entry (127.0.0.2), so
// a misspelt zone is caught, and every except_to of a filter names a host or an address.
void check_restrictions(const Node& root, const Scenario& s);
// tls_files.cpp: the lesson's CA from PEM files (tls_ca_cert_file, tls_ca_key_file, both or neither),
// read at load relative to the scenario file's folder; checked to be a CA with its key.
void parse_ca_files(const Node& root, Scenario& s);
// tls_files.cpp, from parse_host once the host's TLS keys are read: its own chain and key
// (smtpd_tls_cert_file, smtpd_tls_key_file), only on a host that offers TLS and not with a
// tls_certificate flaw.
void parse_host_cert_files(const Node& host, Host& h);
// network.cpp: Postfix's smtpd_tls_security_level (none, may, encrypt) or, for a `client`,
// smtp_tls_security_level (verify too).
TlsLevel parse_tls_level(const Node& n, bool client);
// sender_auth.cpp: a host's spf, dkim, dmarc and dkim_signing keys (keys are made later).
SenderAuth parse_sender_auth(const Node& host);
// forwarding.cpp: a host's forward and append_footer keys.
void parse_forwarding(const Node& host, Host& h);
// sender_auth.cpp, after the dns step: each signing domain's private key (from the scenario seed
// when the file gives none) and its selector's TXT record, added to the lesson's DNS unless the
// file publishes one at that name itself.
void add_dkim_keys(const Node& root, Scenario& s);

}  // namespace mailsim::scenario::detail
