#include "core/signing.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "core/digest.h"

namespace consentry {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string PemOf(EVP_PKEY* key, bool private_key) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  const int ok =
      private_key
          ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
          : PEM_write_bio_PUBKEY(bio.get(), key);
  CONSENTRY_CHECK(ok == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

StatusOr<Pkey> ReadKey(std::string_view pem, bool private_key) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Pkey key(private_key ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                       : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  const char* what = private_key ? "private" : "public";
  if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return InvalidArgument(std::string("not an Ed25519 ") + what + " key in PEM form (make one "
                           "with `consentry keys generate`)");
  }
  return key;
}

}  // namespace

StatusOr<Ed25519KeyPair> GenerateEd25519KeyPair() {
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    return Internal("generating an Ed25519 key failed (OpenSSL)");
  }
  Pkey key(raw);
  return Ed25519KeyPair{PemOf(key.get(), true), PemOf(key.get(), false)};
}

StatusOr<std::string> Ed25519PublicOf(std::string_view private_pem) {
  CONSENTRY_ASSIGN_OR_RETURN(Pkey key, ReadKey(private_pem, true));
  return PemOf(key.get(), false);
}

StatusOr<std::string> Ed25519SignHex(std::string_view private_pem, std::string_view message) {
  CONSENTRY_ASSIGN_OR_RETURN(Pkey key, ReadKey(private_pem, true));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  unsigned char signature[64];
  size_t size = sizeof(signature);
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    return Internal("Ed25519 signing failed (OpenSSL)");
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(signature), size));
}

Status Ed25519VerifyHex(std::string_view public_pem, std::string_view message,
                        std::string_view signature_hex) {
  CONSENTRY_ASSIGN_OR_RETURN(Pkey key, ReadKey(public_pem, false));
  std::string signature;
  if (!HexDecode(signature_hex, &signature) || signature.size() != 64) {
    return FailedPrecondition("the signature is not 64 bytes of lower-case hex");
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return Internal("Ed25519 verification could not start (OpenSSL)");
  }
  const int ok = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(message.data()), message.size());
  if (ok != 1) return FailedPrecondition("the signature does not match this key and content");
  return Status::Ok();
}

}  // namespace consentry
