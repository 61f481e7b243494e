#pragma once
// What the SMTP fuzz targets' servers share: a recipient check that refuses any address starting
// with "unknown" (the corpora and tests/fuzz/smtp_server.dict spell refused recipients that way).
#include <string>

#include "sim/proto/smtp/server.hpp"

namespace mailsim::fuzz {

inline smtp::Reply check_rcpt_unknown(const smtp::Envelope&, const std::string& path) {
  return path.rfind("unknown", 0) == 0 ? smtp::make_reply(550, "5.1.1", "<" + path + ">: Recipient address rejected")
                                       : smtp::make_reply(250, "2.1.5", "Ok");
}

}  // namespace mailsim::fuzz
