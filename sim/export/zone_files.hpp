#pragma once
// The lesson's DNS as zone files in RFC 1035 master format (§5), so outside tools (named-checkzone,
// dig's +nssearch users, dnspython) and students see what the lesson's DNS servers answered: the
// records the file wrote and those the loader made (the DKIM keys' TXT records). One file per zone;
// a zone is a registered domain (its organizational domain by the built-in public-suffix list, as
// DMARC finds it): bank.example holds bank.example, _dmarc.bank.example and
// mail2025._domainkey.bank.example.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace mailsim::exporter {

struct ZoneFile {
  std::string zone;  // "bank.example"
  std::string text;  // the master file
};

// The zones of the scenario's records at time 0 (dns_set failures change them later), in the
// order of their names. The lesson writes no SOA or NS records (every DNS host answers for every
// name), so each file gets a generated SOA and one NS per DNS host, marked as such: a master
// file needs them, and named-checkzone checks them.
std::vector<ZoneFile> zone_files(const scenario::Scenario& s);

// Writes DIR/zones/<zone>.zone for each. Returns an error text, or "" on success.
std::string export_zones(const scenario::Scenario& s, const std::string& dir);

}  // namespace mailsim::exporter
