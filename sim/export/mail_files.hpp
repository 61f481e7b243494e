#pragma once
// Mailboxes and devices' local copies as files a mail program opens: one mboxrd file per mailbox
// (RFC 4155 layout, ">From " quoting of the mboxrd variant) and one .eml file per message.
#include <string>

#include "sim/world/world.hpp"

namespace mailsim::exporter {

// Writes DIR/mailboxes/<address>.mbox, DIR/mailboxes/<address>/<uid>.eml and
// DIR/devices/<host>/<n>.eml, and the lesson's DNS zones as DIR/zones/<zone>.zone (zone_files.hpp),
// so what the servers checked (SPF, DKIM keys, DMARC policies) comes with the mail. Returns an
// error text, or "" on success.
std::string export_mail(const world::World& w, const std::string& dir);

// One message in mbox form: the "From " line, the message with LF endings and mboxrd quoting, and
// the blank line that ends it.
std::string mbox_entry(const std::string& raw, const std::string& envelope_sender, Time t, std::int64_t epoch);

}  // namespace mailsim::exporter
