#pragma once
// A node kind is one descriptor (docs/architecture.md, "A node kind is one descriptor"): what the
// scenario calls the role, the host keys it accepts, where the map puts it and how it draws it, and
// what the inspector opens on it. The reader, the map and the inspector read this table instead of
// switching over Role each in its own way; sim/world/node_kinds.cpp holds the other half, the
// factory that builds a role's nodes (this layer cannot see the nodes).
//
// Adding a role: a Role value, its row here (roles.cpp), its factory row, its icon drawing in
// viz/app/icons.cpp if it needs a new one, and the schema's enum.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace mailsim::scenario {

// The picture the map draws for a host (viz/app/icons.cpp).
enum class Icon { Monitor, Outbox, Relay, Mailbox, Globe, Router, Key, Headphones };

// What the inspector shows when the teacher clicks the host on the map.
enum class HostView { None, Queues, Mailboxes, Dns, Captured };

struct RoleInfo {
  Role role;
  std::string_view name;                // the scenario's "role": "submission"
  Text label;                           // what the map's tooltip calls it
  Icon icon;
  // The map's column, left to right, for hosts without a position: clients, submission, the
  // Internet's routers (and who listens on them), relays, DNS, destinations (and their auth server).
  int lane = 0;
  HostView view = HostView::None;
  std::optional<std::uint16_t> smtp_port;  // where it takes mail with SMTP: 587 or 25
  // The host keys this role accepts besides those of every host (kHostKeys). A key another role
  // takes is an error here rather than silently ignored: it usually means the wrong host.
  std::vector<std::string_view> keys;
};

// The keys every host has.
inline constexpr std::string_view kHostKeys[] = {"name", "address", "role", "position", "up"};
inline constexpr int kLanes = 6;

// Every role, in the order of Role.
const std::vector<RoleInfo>& roles();
const RoleInfo& info(Role r);
std::optional<Role> role_from_string(std::string_view name);
// Every host key any role accepts, kHostKeys first, each once.
const std::vector<std::string_view>& all_host_keys();
// The roles that accept `key`, in the order of Role.
std::vector<Role> roles_accepting(std::string_view key);

}  // namespace mailsim::scenario
