// SHA-256 (OpenSSL's EVP): digests of content, where a change of the bytes must be seen.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace threadlings {

/// An incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Add(std::string_view data);
  /// The digest of everything added, as 64 lowercase hex digits (ends the digest).
  std::string Hex();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

/// SHA-256 of `data` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data);

}  // namespace threadlings
