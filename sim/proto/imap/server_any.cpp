// Any state (RFC 3501 §6.1): CAPABILITY, NOOP (and CHECK, §6.4.1, which has nothing more to do
// here), LOGOUT, ID (RFC 2971); ENABLE (RFC 5161) and NAMESPACE (RFC 2342), which say how this
// server is set up; and the answer to a command the server does not know.
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

Reply Server::on_capability(Call& c) {
  if (!c.args.empty()) return bad("CAPABILITY takes no arguments");
  c.out += "* CAPABILITY " + capabilities() + "\r\n";
  return completed(c);
}

Reply Server::on_noop(Call& c) {
  // CHECK: nothing to checkpoint, the store is always consistent.
  if (!c.args.empty()) return bad(std::string(c.name) + " takes no arguments");
  c.out += sync(true);
  return completed(c);
}

Reply Server::on_logout(Call& c) {
  if (!c.args.empty()) return bad("LOGOUT takes no arguments");
  c.out += "* BYE " + config_.hostname + " IMAP4rev1 server logging out\r\n";
  return completed(c);
}

Reply Server::on_id(Call& c) {
  // RFC 2971 §3.3: ID NIL, or a list of field/value pairs; fields at most 30 octets, values at
  // most 1024, at most 30 pairs. What the client says is only looked at, not kept.
  const auto& a = c.args;
  if (a.size() != 1) return bad("Syntax: ID NIL | ID (\"field\" \"value\" ...)");
  const bool nil = a[0].kind == Arg::Kind::Atom && proto::iequals(a[0].text, "NIL");
  if (!nil) {
    if (a[0].kind != Arg::Kind::List || a[0].items.size() % 2 != 0) return bad("Syntax: ID NIL | ID (\"field\" \"value\" ...)");
    if (a[0].items.size() > 60) return bad("ID: more than 30 field-value pairs");
    for (std::size_t i = 0; i < a[0].items.size(); i += 2) {
      const Arg& field = a[0].items[i];
      const Arg& value = a[0].items[i + 1];
      if (field.kind != Arg::Kind::String || field.text.size() > 30) return bad("ID: a field is a string of at most 30 octets");
      const bool value_nil = value.kind == Arg::Kind::Atom && proto::iequals(value.text, "NIL");
      if (!value_nil && (value.kind != Arg::Kind::String || value.text.size() > 1024))
        return bad("ID: a value is NIL or a string of at most 1024 octets");
    }
  }
  c.out += "* ID (\"name\" \"mailsim\" \"vendor\" \"mailsim classroom simulator\")\r\n";
  return completed(c);
}

Reply Server::on_enable(Call& c) {
  if (c.args.empty()) return bad("Syntax: ENABLE capability ...");
  for (const Arg& a : c.args)
    if (a.kind != Arg::Kind::Atom) return bad("Syntax: ENABLE capability ...");
  // §3.2: the ENABLED response names what was enabled, and nothing here needs enabling.
  c.out += "* ENABLED\r\n";
  return completed(c);
}

Reply Server::on_namespace(Call& c) {
  if (!c.args.empty()) return bad("NAMESPACE takes no arguments");
  // RFC 2342 §5: one personal namespace, "" with "/" as its delimiter; no other users', none shared.
  c.out += "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n";
  return completed(c);
}

Reply Server::on_other(Call& c) { return bad("Unknown command " + std::string(c.name)); }

}  // namespace mailsim::imap
