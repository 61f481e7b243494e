#pragma once
// The trace as a packet capture Wireshark reads: each virtual connection as a real-looking TCP
// stream (handshake, sequence numbers, FIN or RST) and each DNS message as UDP in DNS wire format,
// with the scenario's addresses and timestamps from virtual time.
#include <cstdint>
#include <map>
#include <ostream>
#include <string>

#include "sim/trace/event.hpp"

namespace mailsim::exporter {

// `addresses`: host name -> IPv4 address; `epoch`: Unix seconds of virtual time 0.
void write_pcap(const trace::Trace& trace, const std::map<std::string, std::string>& addresses,
                std::int64_t epoch, std::ostream& out);

}  // namespace mailsim::exporter
