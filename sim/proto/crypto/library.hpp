#pragma once
// An OpenSSL 3 library context, and where its random numbers come from.
//
// A TLS handshake draws random numbers (the hello randoms, the session id, the ephemeral key share,
// ECDSA nonces), and so does key generation. In the simulation they must come from the lesson's
// seed, so that the same scenario and seed give the same ciphertext byte for byte; a real client on
// loopback (`mailsim serve`) must get real entropy. OpenSSL 3 takes every random number from the
// generators of the library context an object lives in, so the choice is made once, by context:
//   - Library::system(): OpenSSL's default context, seeded by the operating system;
//   - Library::seeded(seed): a private context whose generators (the seed source, the primary, the
//     public and the private generator) are all the "MAILSIM-SEEDED" generator of a small built-in
//     provider: AES-256-CTR key streams keyed by SHAKE256 of the seed, one stream per generator, and
//     nothing else. It never reads entropy, a clock or the process id, and never reseeds, so what a
//     context hands out depends on the seed and on the order of the requests only.
// The seeded context is for simulated peers: anyone who knows the seed can recompute every key.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

typedef struct ossl_lib_ctx_st OSSL_LIB_CTX;
typedef struct ossl_provider_st OSSL_PROVIDER;

namespace mailsim::crypto {

namespace detail {
struct SeededProvider;  // library.cpp: the provider's own state
}

class Library {
 public:
  // OpenSSL's default context (nullptr to OpenSSL's *_ex functions): real entropy.
  static std::shared_ptr<const Library> system();
  // A new private context drawing only from `seed`. Two contexts of one seed hand out the same
  // octets for the same requests. Throws std::runtime_error only if OpenSSL cannot load its own
  // default provider or the seeded generator (an installation problem, not an input's).
  static std::shared_ptr<const Library> seeded(std::string_view seed);

  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  OSSL_LIB_CTX* ctx() const { return ctx_; }
  bool is_seeded() const { return seeded_ != nullptr; }
  // Random octets handed out so far by the seeded generators (0 for the system's): a test's way to
  // see that a computation drew from this context and from no other.
  std::uint64_t drawn() const;

 private:
  Library() = default;
  OSSL_LIB_CTX* ctx_ = nullptr;
  OSSL_PROVIDER* ours_ = nullptr;      // loaded providers hold references: unloaded before ctx_ goes
  OSSL_PROVIDER* default_ = nullptr;
  detail::SeededProvider* seeded_ = nullptr;  // owned by ours_ (its teardown frees it)
};

}  // namespace mailsim::crypto
