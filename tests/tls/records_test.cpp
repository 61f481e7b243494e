// Record framing as a viewer reads it: whole records, an incomplete tail, and headers no TLS peer
// sends; registry names.
#include <doctest/doctest.h>

#include "tls/support.hpp"
#include "sim/proto/tls/records.hpp"

using namespace tls_test;

TEST_CASE("a TLS 1.3 server's first flight: ServerHello in the clear, the rest as application_data records") {
  auto lib = Library::seeded("records");
  const LessonPki pki(42, kEpoch);
  Engine client(client_context(lib, {pki.ca().certificate()}), client_options());
  Engine server(server_context(lib, pki.server(kHost)), {});
  const std::string hello = client.start();
  const Split first = split_records(hello);
  REQUIRE(first.records.size() == 1);
  CHECK(first.records[0].type == 22);
  CHECK(first.records[0].version == 0x0301);  // RFC 8446 §5.1: the first ClientHello says 1.0
  CHECK(first.records[0].size == hello.size());
  CHECK(first.rest == 0);

  const std::string flight = server.feed_ciphertext(hello).to_peer;
  const Split split = split_records(flight);
  CHECK(split.rest == 0);
  std::string types;
  for (const RecordView& r : split.records) types += content_type_name(r.type) + " ";
  // ServerHello, the compatibility ChangeCipherSpec, then EncryptedExtensions, Certificate,
  // CertificateVerify and Finished, each in a protected record of its own.
  CHECK(types == "handshake change_cipher_spec application_data application_data application_data "
                 "application_data ");

  const Split partial = split_records(std::string_view(flight).substr(0, flight.size() - 1));
  CHECK(partial.records.size() == split.records.size() - 1);
  CHECK(partial.rest == split.records.back().size - 1);
  CHECK_FALSE(partial.malformed);
}

TEST_CASE("headers no TLS peer sends are malformed, fewer than five octets are just incomplete") {
  CHECK(split_records("EHLO x\r\n").malformed);
  CHECK(split_records(std::string("\x16\x03\x03\x48\x01", 5)).malformed);  // 18433 octets: too long
  CHECK(split_records(std::string("\x19\x03\x03\x00\x01", 5)).malformed);  // content type 25
  const Split small = split_records(std::string("\x16\x03", 2));
  CHECK(small.records.empty());
  CHECK(small.rest == 2);
  CHECK_FALSE(small.malformed);
  const Split empty_record = split_records(std::string("\x17\x03\x03\x00\x00", 5));
  CHECK(empty_record.records.size() == 1);
}

// OpenSSL's protocol_version alert to a ClientHello in a record of version 0x0100 comes in that
// version (found by fuzz_tls_engine): a whole record, shown as sent.
TEST_CASE("a record of an odd version is still a record") {
  const Split alert = split_records(std::string("\x15\x01\x00\x00\x02\x02\x46", 7));
  CHECK_FALSE(alert.malformed);
  CHECK(alert.rest == 0);
  REQUIRE(alert.records.size() == 1);
  CHECK(alert.records[0].version == 0x0100);
  CHECK(content_type_name(alert.records[0].type) == "alert");
}

TEST_CASE("registry names") {
  CHECK(content_type_name(21) == "alert");
  CHECK(content_type_name(99) == "unknown(99)");
  CHECK(handshake_type_name(1) == "ClientHello");
  CHECK(handshake_type_name(15) == "CertificateVerify");
  CHECK(handshake_type_name(3) == "unknown(3)");
  CHECK(alert_name(0) == "close_notify");
  CHECK(alert_name(48) == "unknown_ca");
  CHECK(alert_name(45) == "certificate_expired");
  CHECK(alert_name(7) == "unknown(7)");
}
