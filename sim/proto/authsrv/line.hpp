#pragma once
// The framing of Dovecot's authentication protocol ("Dovecot SASL protocol", version 1.2), which
// both halves share: one command a line, ended by LF; fields separated by TAB; inside a field TAB,
// LF, CR and 0x01 are escaped as 0x01 followed by 't', 'n', 'r', '1' (Dovecot's str_tabescape).
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::authsrv {

// The TCP port: Dovecot's auth socket has no registered port; 12345 is the one Postfix's and
// Dovecot's documentation use for "smtpd_sasl_path = inet:host:12345".
inline constexpr unsigned short kPort = 12345;
// Dovecot's AUTH_CLIENT_MAX_LINE_LENGTH: a longer line ends the connection.
inline constexpr std::size_t kMaxLine = 16384;

std::string tab_escape(std::string_view field);
std::string tab_unescape(std::string_view field);
// The line's fields, unescaped.
std::vector<std::string> split_fields(std::string_view line);
// The fields joined by TAB, each escaped, with the LF.
std::string join_fields(const std::vector<std::string>& fields);

// "key=value" parameters of AUTH, OK, FAIL; a bare word ("nologin", "secured") has an empty value.
struct Param {
  std::string key, value;
};
Param split_param(std::string_view field);

}  // namespace mailsim::authsrv
