// The seeded generator as an OpenSSL 3 provider (provider-base(7), provider-rand(7)), built in and
// registered per library context with OSSL_PROVIDER_add_builtin, so it exists only where asked for.
//
// Why a provider rather than OpenSSL's TEST-RAND (which DKIM's seeded RSA keys use): TEST-RAND hands
// out a fixed buffer and then fails, and its three generators replay the same buffer, so the public
// hello random would repeat the private key share. A TLS world needs an endless stream per
// generator; AES-256-CTR over zeros is one, and OpenSSL computes it.
#include "sim/proto/crypto/library.hpp"

#include <openssl/core.h>
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "sim/proto/crypto/shake.hpp"

namespace mailsim::crypto {

namespace detail {
struct SeededProvider {
  std::string seed;
  bool seed_set = false;
  std::uint64_t generators = 0;  // made so far: the n-th gets stream n
  std::uint64_t drawn = 0;
};
}  // namespace detail

namespace {

using detail::SeededProvider;

constexpr const char* kProviderName = "mailsim-seeded";
constexpr const char* kRandName = "MAILSIM-SEEDED";
constexpr const char* kRandProperties = "provider=mailsim-seeded";
// Largest request served in one call; OpenSSL cuts bigger ones (EVP_RAND_generate asks for it).
constexpr std::size_t kMaxRequest = 1 << 16;
constexpr unsigned int kStrength = 256;

struct Generator {
  SeededProvider* provider;
  EVP_CIPHER_CTX* stream;
  int state;
};

void* rand_newctx(void* provctx, void* /*parent*/, const OSSL_DISPATCH* /*parent_calls*/) {
  auto* provider = static_cast<SeededProvider*>(provctx);
  if (!provider->seed_set) return nullptr;  // a generator before the seed: refuse, loudly
  // Key and IV of this generator's stream: SHAKE256 of the seed and the generator's number.
  const std::string key = shake256("mailsim seeded rand " + std::to_string(provider->generators++),
                                   provider->seed, 48);
  EVP_CIPHER_CTX* stream = EVP_CIPHER_CTX_new();
  // The cipher comes from the default context: AES itself needs no random numbers.
  if (!stream || key.size() != 48 ||
      EVP_EncryptInit_ex(stream, EVP_aes_256_ctr(), nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                         reinterpret_cast<const unsigned char*>(key.data() + 32)) != 1) {
    EVP_CIPHER_CTX_free(stream);
    return nullptr;
  }
  return new Generator{provider, stream, EVP_RAND_STATE_UNINITIALISED};
}

void rand_freectx(void* vctx) {
  auto* g = static_cast<Generator*>(vctx);
  if (!g) return;
  EVP_CIPHER_CTX_free(g->stream);
  delete g;
}

int rand_instantiate(void* vctx, unsigned int strength, int, const unsigned char*, size_t, const OSSL_PARAM[]) {
  auto* g = static_cast<Generator*>(vctx);
  if (strength > kStrength) return 0;
  g->state = EVP_RAND_STATE_READY;
  return 1;
}

int rand_uninstantiate(void* vctx) {
  static_cast<Generator*>(vctx)->state = EVP_RAND_STATE_UNINITIALISED;
  return 1;
}

int rand_generate(void* vctx, unsigned char* out, size_t outlen, unsigned int strength, int, const unsigned char*,
                  size_t) {
  auto* g = static_cast<Generator*>(vctx);
  if (g->state != EVP_RAND_STATE_READY || strength > kStrength || outlen > kMaxRequest) return 0;
  std::memset(out, 0, outlen);
  int len = 0;
  if (outlen > 0 && EVP_EncryptUpdate(g->stream, out, &len, out, static_cast<int>(outlen)) != 1) return 0;
  g->provider->drawn += outlen;
  return 1;
}

// Entropy or additional input offered on reseed is ignored: the stream depends on the seed alone.
int rand_reseed(void*, int, const unsigned char*, size_t, const unsigned char*, size_t) { return 1; }
// One thread runs a world; the locks OpenSSL asks for (for the shared primary) have nothing to guard.
int rand_enable_locking(void*) { return 1; }
int rand_lock(void*) { return 1; }
void rand_unlock(void*) {}

const OSSL_PARAM* rand_gettable_ctx_params(void*, void*) {
  static const OSSL_PARAM params[] = {
      OSSL_PARAM_int(OSSL_RAND_PARAM_STATE, nullptr),
      OSSL_PARAM_uint(OSSL_RAND_PARAM_STRENGTH, nullptr),
      OSSL_PARAM_size_t(OSSL_RAND_PARAM_MAX_REQUEST, nullptr),
      OSSL_PARAM_END,
  };
  return params;
}

int rand_get_ctx_params(void* vctx, OSSL_PARAM params[]) {
  auto* g = static_cast<Generator*>(vctx);
  OSSL_PARAM* p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STATE);
  if (p && !OSSL_PARAM_set_int(p, g->state)) return 0;
  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_STRENGTH);
  if (p && !OSSL_PARAM_set_uint(p, kStrength)) return 0;
  p = OSSL_PARAM_locate(params, OSSL_RAND_PARAM_MAX_REQUEST);
  if (p && !OSSL_PARAM_set_size_t(p, kMaxRequest)) return 0;
  return 1;
}

// OpenSSL's dispatch tables hold plain function pointers of other types.
template <class F>
void (*fn(F f))(void) {
  return reinterpret_cast<void (*)(void)>(f);
}

const OSSL_DISPATCH kRandFunctions[] = {
    {OSSL_FUNC_RAND_NEWCTX, fn(rand_newctx)},
    {OSSL_FUNC_RAND_FREECTX, fn(rand_freectx)},
    {OSSL_FUNC_RAND_INSTANTIATE, fn(rand_instantiate)},
    {OSSL_FUNC_RAND_UNINSTANTIATE, fn(rand_uninstantiate)},
    {OSSL_FUNC_RAND_GENERATE, fn(rand_generate)},
    {OSSL_FUNC_RAND_RESEED, fn(rand_reseed)},
    {OSSL_FUNC_RAND_ENABLE_LOCKING, fn(rand_enable_locking)},
    {OSSL_FUNC_RAND_LOCK, fn(rand_lock)},
    {OSSL_FUNC_RAND_UNLOCK, fn(rand_unlock)},
    {OSSL_FUNC_RAND_GETTABLE_CTX_PARAMS, fn(rand_gettable_ctx_params)},
    {OSSL_FUNC_RAND_GET_CTX_PARAMS, fn(rand_get_ctx_params)},
    {0, nullptr},
};

const OSSL_ALGORITHM kRands[] = {
    {kRandName, kRandProperties, kRandFunctions, "mailsim: a key stream from the lesson's seed"},
    {nullptr, nullptr, nullptr, nullptr},
};

const OSSL_ALGORITHM* provider_query(void*, int operation_id, int* no_cache) {
  *no_cache = 0;
  return operation_id == OSSL_OP_RAND ? kRands : nullptr;
}

void provider_teardown(void* provctx) { delete static_cast<SeededProvider*>(provctx); }

const OSSL_DISPATCH kProviderFunctions[] = {
    {OSSL_FUNC_PROVIDER_TEARDOWN, fn(provider_teardown)},
    {OSSL_FUNC_PROVIDER_QUERY_OPERATION, fn(provider_query)},
    {0, nullptr},
};

int provider_init(const OSSL_CORE_HANDLE*, const OSSL_DISPATCH*, const OSSL_DISPATCH** out, void** provctx) {
  *provctx = new SeededProvider;
  *out = kProviderFunctions;
  return 1;
}

bool is_seeded_generator(EVP_RAND_CTX* rand) {
  return rand && std::strcmp(EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(rand)), kRandName) == 0;
}

}  // namespace

std::shared_ptr<const Library> Library::system() {
  static const std::shared_ptr<const Library> library(new Library());
  return library;
}

std::shared_ptr<const Library> Library::seeded(std::string_view seed) {
  std::shared_ptr<Library> lib(new Library());
  auto fail = [](const char* what) { throw std::runtime_error(std::string("OpenSSL: ") + what); };
  lib->ctx_ = OSSL_LIB_CTX_new();
  OSSL_LIB_CTX* ctx = lib->ctx_;
  if (!ctx) fail("cannot make a library context");
  if (OSSL_PROVIDER_add_builtin(ctx, kProviderName, provider_init) != 1) fail("cannot register the seeded generator");
  lib->ours_ = OSSL_PROVIDER_load(ctx, kProviderName);
  lib->default_ = OSSL_PROVIDER_load(ctx, "default");
  if (!lib->ours_ || !lib->default_) fail("cannot load the default provider");
  auto* state = static_cast<SeededProvider*>(OSSL_PROVIDER_get0_provider_ctx(lib->ours_));
  state->seed = std::string(seed);
  state->seed_set = true;
  if (RAND_set_seed_source_type(ctx, kRandName, kRandProperties) != 1 ||
      RAND_set_DRBG_type(ctx, kRandName, kRandProperties, nullptr, nullptr) != 1) {
    fail("cannot install the seeded generator");
  }
  // Made now, in a fixed order (seed source 0, primary 1, public 2, private 3), so each has the same
  // stream in every run whatever asks first; and checked, so that nothing in this context can fall
  // back to a generator that reads entropy.
  if (!is_seeded_generator(RAND_get0_primary(ctx)) || !is_seeded_generator(RAND_get0_public(ctx)) ||
      !is_seeded_generator(RAND_get0_private(ctx))) {
    fail("the seeded generator did not take over the context");
  }
  lib->seeded_ = state;
  return lib;
}

Library::~Library() {
  if (!ctx_) return;
  // Our references to the providers first (the context does not drop them), then the context,
  // which frees the generators; the provider's teardown runs when its last method goes.
  if (default_) OSSL_PROVIDER_unload(default_);
  if (ours_) OSSL_PROVIDER_unload(ours_);
  OSSL_LIB_CTX_free(ctx_);
}

std::uint64_t Library::drawn() const { return seeded_ ? seeded_->drawn : 0; }

}  // namespace mailsim::crypto
