// Keys: PEM files, RFC 8032's Ed25519 test key, keys from a seed (the same every time), and the
// key record text a domain publishes.
#include <doctest/doctest.h>

#include "sim/proto/dkim/crypto.hpp"
#include "sim/proto/dkim/keys.hpp"
#include "sim/proto/dkim/signature.hpp"
#include "support.hpp"

using namespace mailsim::dkim;

namespace {

std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

// RFC 8463 A.1's RSA key (the "test" selector), as dkimpy ships it in tests/data/test.private.
const char* kTestPem =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIICXQIBAAKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQi\n"
    "Y/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqM\n"
    "KrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB\n"
    "AoGAH0cxOhFZDgzXWhDhnAJDw5s4roOXN4OhjiXa8W7Y3rhX3FJqmJSPuC8N9vQm\n"
    "6SVbaLAE4SG5mLMueHlh4KXffEpuLEiNp9Ss3O4YfLiQpbRqE7Tm5SxKjvvQoZZe\n"
    "zHorimOaChRL2it47iuWxzxSiRMv4c+j70GiWdxXnxe4UoECQQDzJB/0U58W7RZy\n"
    "6enGVj2kWF732CoWFZWzi1FicudrBFoy63QwcowpoCazKtvZGMNlPWnC7x/6o8Gc\n"
    "uSe0ga2xAkEA8C7PipPm1/1fTRQvj1o/dDmZp243044ZNyxjg+/OPN0oWCbXIGxy\n"
    "WvmZbXriOWoSALJTjExEgraHEgnXssuk7QJBALl5ICsYMu6hMxO73gnfNayNgPxd\n"
    "WFV6Z7ULnKyV7HSVYF0hgYOHjeYe9gaMtiJYoo0zGN+L3AAtNP9huqkWlzECQE1a\n"
    "licIeVlo1e+qJ6Mgqr0Q7Aa7falZ448ccbSFYEPD6oFxiOl9Y9se9iYHZKKfIcst\n"
    "o7DUw1/hz2Ck4N5JrgUCQQCyKveNvjzkkd8HjYs0SwM0fPjK16//5qDZ2UiDGnOe\n"
    "uEzxBDAr518Z8VFbR41in3W4Y3yCDgQlLlcETrS+zYcL\n"
    "-----END RSA PRIVATE KEY-----\n";

const char* kRsa512Pem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA1GxZS6yJEp9vCNHh\n"
    "oc7mvvs6EHdB5q6qCMnrfG+NbFG4YXoKth3hhXgcYt1bXDioecrgQ7sbdNXmKMFe\n"
    "ZtaIqQIDAQABAkAKbi+MSbKJWY7ILhYYLeKiqg9V06VGwHjU6aVIfOnC0cGCmlIs\n"
    "f9Qazio0Og3OF2oMUXiTLvwt10SNhoUnSCoBAiEA8rHe84g0j3a0NHxlqk8bD3et\n"
    "H4v8dctjgEjdxF8uBaECIQDgEaDBrLfKcyObVu8tTPqVXsDsa2jH9n9pygGeV2yW\n"
    "CQIgUiPbZqdRysCNSzpTGmo9qWWC5at2XdPhsFh5Hm5sYCECIQCKD7KKw153epxc\n"
    "8aLrubvI35pl0gS8+RAm4dY/d0Sr6QIgCdm6DEgOzva9FCLDOJb/pZTffnE5qNvS\n"
    "SQwOFlwBrWU=\n"
    "-----END PRIVATE KEY-----\n";

}  // namespace

TEST_CASE("RFC 8032 §7.1 test 1: the Ed25519 key RFC 8463 publishes as brisbane") {
  auto key = PrivateKey::ed25519(unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  REQUIRE(key);
  CHECK(key->public_key() == unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  CHECK(key_record_text(*key) == dkim_test::kBrisbaneKey);
  // RFC 8032's signature of the empty message, though DKIM signs SHA-256 of the data (RFC 8463 §3).
  auto pub = PublicKey::from_record(KeyType::Ed25519, key->public_key());
  REQUIRE(pub);
  const std::string sig = key->sign("from:x\r\n");
  CHECK(sig.size() == 64);
  CHECK(pub->verify("from:x\r\n", sig));
  CHECK_FALSE(pub->verify("from:y\r\n", sig));
}

TEST_CASE("a PKCS#1 PEM key: RFC 8463's test key, published as RFC 8463 publishes it") {
  auto key = PrivateKey::from_pem(kTestPem);
  REQUIRE(key);
  CHECK(key->type() == KeyType::Rsa);
  CHECK(key->bits() == 1024);
  CHECK(key_record_text(*key) == dkim_test::kTestKey);
  auto again = PrivateKey::from_pem(key->pem());  // written out as PKCS#8 and read back
  REQUIRE(again);
  CHECK(again->public_key() == key->public_key());
  // PKCS#1 v1.5 is deterministic: the same data, the same signature, and it verifies.
  CHECK(key->sign("data") == again->sign("data"));
  auto pub = PublicKey::from_record(KeyType::Rsa, key->public_key());
  REQUIRE(pub);
  CHECK(pub->verify("data", key->sign("data")));
}

TEST_CASE("PEM keys that cannot sign for DKIM are refused with the reason") {
  CHECK(PrivateKey::from_pem("hello").error == "no PEM private key (PKCS#8 or PKCS#1, unencrypted) found");
  CHECK(PrivateKey::from_pem(kRsa512Pem).error == "RSA key of 512 bits (1024 to 8192 are accepted, RFC 8301)");
  CHECK(PrivateKey::ed25519("short").error == "an Ed25519 private key is 32 octets");
}

TEST_CASE("p= as SubjectPublicKeyInfo or as a bare RSAPublicKey, nothing else") {
  // dkimpy's 1024_testkey_wo_markers.pub.txt and .pub.rsa.txt: one key, both forms.
  auto spki = base64_decode("MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC6aakWzruYAKX9OdOdSHMemqVdGQurNYLC1H7O/T2LQIHVbkKF6KKjlgFM7lr8skfZMhJe/KRGMvVjCV5ZakZIGeP3Hi1qXCEvmjS4ElpMPMPyPrZigt95ipqywPYZJWHbRiJ085VdkSCtLUvo5sypA0nTJeynEouAN+/wBaCO6QIDAQAB");
  auto bare = base64_decode("MIGJAoGBALppqRbOu5gApf05051Icx6apV0ZC6s1gsLUfs79PYtAgdVuQoXooqOWAUzuWvyyR9kyEl78pEYy9WMJXllqRkgZ4/ceLWpcIS+aNLgSWkw8w/I+tmKC33mKmrLA9hklYdtGInTzlV2RIK0tS+jmzKkDSdMl7KcSi4A37/AFoI7pAgMBAAE=");
  REQUIRE(spki);
  REQUIRE(bare);
  CHECK(PublicKey::from_record(KeyType::Rsa, *spki)->bits() == 1024);
  CHECK(PublicKey::from_record(KeyType::Rsa, *bare)->bits() == 1024);
  CHECK(PublicKey::from_record(KeyType::Rsa, *spki + "x").error == "p= is not an RSA public key");
  CHECK(PublicKey::from_record(KeyType::Rsa, "garbage").error == "p= is not an RSA public key");
  CHECK(PublicKey::from_record(KeyType::Ed25519, *spki).error == "an Ed25519 public key is 32 octets, p= has 162");
}

TEST_CASE("a key from a seed is the same key every time, and another seed gives another key") {
  const std::string seed = key_seed(42, "School.example", "mail");
  CHECK(seed == "mailsim-dkim seed=42 d=school.example s=mail");
  auto ed1 = PrivateKey::from_seed(KeyType::Ed25519, seed);
  auto ed2 = PrivateKey::from_seed(KeyType::Ed25519, seed);
  REQUIRE(ed1);
  CHECK(ed1->public_key() == ed2->public_key());
  CHECK(ed1->public_key() != PrivateKey::from_seed(KeyType::Ed25519, key_seed(43, "school.example", "mail"))->public_key());
  // SHAKE256 and Ed25519 are fixed by their standards, so this key holds on every machine; computed
  // apart with Python's hashlib.shake_256(b"mailsim dkim ed25519\0" + seed) and PyNaCl.
  CHECK(key_record_text(*ed1) == "v=DKIM1; k=ed25519; p=w9Zl6Rxwa2JpuIMMf8iFFSIXVt/CR+DGAsAGNVyEns4=");

  auto rsa1 = PrivateKey::from_seed(KeyType::Rsa, seed, 2048);
  auto rsa2 = PrivateKey::from_seed(KeyType::Rsa, seed, 2048);
  REQUIRE(rsa1);
  REQUIRE(rsa2);
  CHECK(rsa1->bits() == 2048);
  CHECK(rsa1->pem() == rsa2->pem());
  CHECK(rsa1->public_key() != PrivateKey::from_seed(KeyType::Rsa, key_seed(42, "school.example", "mail2"), 2048)->public_key());
  // The key OpenSSL 3.0's RSA generation makes from this seed: if a later OpenSSL draws its
  // random numbers differently, lessons sign with other keys and this pin says so.
  CHECK(base64_encode(sha256(rsa1->public_key())) == "ske0b0bkBeOToLs9fb43wYYlLx9qhBeW7DizXQbqhmY=");
  // A 2048-bit key's record is longer than one 255-octet TXT character-string.
  CHECK(key_record_text(*rsa1).size() > 255);
  CHECK(PrivateKey::from_seed(KeyType::Rsa, seed, 512).error == "RSA keys from a seed have 1024 to 4096 bits, not 512");
}

TEST_CASE("base64 is strict about its alphabet and padding, and ignores folding white space") {
  CHECK(base64_decode("aGk=") == "hi");
  CHECK(base64_decode(" aG\r\n\tk= ") == "hi");
  CHECK(base64_decode("") == "");
  CHECK_FALSE(base64_decode("aGk"));
  CHECK_FALSE(base64_decode("aG=k"));
  CHECK_FALSE(base64_decode("aGk*"));
  CHECK_FALSE(base64_decode("a==="));
  CHECK(base64_encode("hi") == "aGk=");
}
