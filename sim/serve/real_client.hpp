#pragma once
// The host that stands for every real client on loopback. It is put into the scenario before the
// world is built, so the map, the trace's host list and the routes know it like any lesson host.
#include <string_view>

#include "sim/scenario/scenario.hpp"

namespace mailsim::serve {

inline constexpr std::string_view kRealClientHost = "real-client.loopback";

// `s` with the real-client host added (once): an address inside the first network a submission
// server relays for, so the served world treats it like the lesson's own clients (a server with
// SMTP AUTH still offers it, and checks a login against the accounts), linked to that network's
// router (or its submission server); in a lesson that relays for no network (everyone logs in),
// inside the network of the lesson's first client host, linked to its router. And a map position
// when every other host has one.
scenario::Scenario with_real_client(scenario::Scenario s);

}  // namespace mailsim::serve
