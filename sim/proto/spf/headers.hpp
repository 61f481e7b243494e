#pragma once
// What a receiving server writes into the message about an SPF check: the Received-SPF field
// (RFC 7208 §9.1) and the "spf" result of an Authentication-Results field (RFC 8601 §2.7.2). Both
// return a field value on one line; the node folds it (message::fold) and adds it.
#include <string>
#include <string_view>

#include "sim/proto/spf/check_host.hpp"

namespace mailsim::spf {

// "pass (mx.home.example: domain of alice@school.example designates 192.0.2.25 as permitted sender)
//  receiver=mx.home.example; client-ip=192.0.2.25; envelope-from="alice@school.example";
//  helo=mail.school.example; identity=mailfrom; mechanism="ip4:192.0.2.0/24"" (on one line).
// `e` must be done(); `receiver` is the checking host. problem= carries why for the errors.
std::string received_spf(const Evaluator& e, std::string_view receiver);

// The resinfo of Authentication-Results after its authserv-id and ";":
// "spf=pass (domain of alice@school.example designates 192.0.2.25 as permitted sender)
//  smtp.mailfrom=alice@school.example" (smtp.helo=... for a HELO check; reason="..." for the errors).
std::string authentication_results_spf(const Evaluator& e);

// The comment both use: what the result says, in words ("domain of x designates ip as permitted
// sender"), after RFC 7208 §9.1's examples and pyspf's wording for the other results.
std::string result_comment(const Evaluator& e);

}  // namespace mailsim::spf
