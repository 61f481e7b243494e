#include "sim/serve/farewell.hpp"

namespace mailsim::serve {

std::string farewell(Farewell why, const std::string& protocol, const std::string& host) {
  if (protocol == "pop3") {
    switch (why) {
      case Farewell::TooManyConnections: return "-ERR [SYS/TEMP] too many connections\r\n";
      case Farewell::Idle: return "-ERR disconnected for inactivity\r\n";
      case Farewell::LineTooLong: return "-ERR line too long\r\n";
      case Farewell::TooMuchData: return "-ERR too much data\r\n";
      case Farewell::StorageFull: return "-ERR [SYS/TEMP] mail storage is full\r\n";
    }
  }
  if (protocol == "imap") {
    switch (why) {
      case Farewell::TooManyConnections: return "* BYE [UNAVAILABLE] too many connections\r\n";
      case Farewell::Idle: return "* BYE autologout; idle for too long\r\n";
      case Farewell::LineTooLong: return "* BYE line too long\r\n";
      case Farewell::TooMuchData: return "* BYE too much data\r\n";
      case Farewell::StorageFull: return "* BYE [OVERQUOTA] mail storage is full\r\n";
    }
  }
  // SMTP and submission. 4.4.2 is "bad connection" (Postfix's timeout), 4.7.0 a policy limit,
  // 4.3.1 "mail system full" (Postfix's text when its queue file system is short of space).
  switch (why) {
    case Farewell::TooManyConnections: return "421 4.7.0 " + host + " Error: too many connections\r\n";
    case Farewell::Idle: return "421 4.4.2 " + host + " Error: timeout exceeded\r\n";
    case Farewell::LineTooLong: return "421 4.7.0 " + host + " Error: line too long\r\n";
    case Farewell::TooMuchData: return "421 4.7.0 " + host + " Error: too much data\r\n";
    case Farewell::StorageFull: return "421 4.3.1 " + host + " Error: insufficient system storage\r\n";
  }
  return {};
}

}  // namespace mailsim::serve
