#pragma once

// The SignatureNonces of accepted requests, so that a request replayed while
// its Timestamp is still valid is refused (SignatureNonceUsed).
//
// A nonce is remembered until its request's Timestamp leaves the validity
// window (after that the replay fails as InvalidTimeStamp.Expired anyway),
// per access key: one key's nonces do not collide with another's. Memory is
// bounded: past `capacity` live entries, new requests are refused (`full`)
// until old ones expire, rather than forgetting a live nonce and letting its
// request be replayed. Only requests with a valid signature are recorded, so
// only holders of a key can fill the ledger.
//
// Thread-safe: the HTTP server may check requests on several threads.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace broadside::api {

class nonce_ledger {
 public:
  // About 15 MB at ~150 bytes an entry: 110 requests a second for 15 minutes.
  static constexpr size_t default_capacity = 100'000;

  explicit nonce_ledger(size_t capacity = default_capacity) : capacity_(capacity) {}

  enum class outcome { recorded, replayed, full };

  // Records `nonce` of `access_key_id` until `expires_s` (inclusive), after
  // forgetting the entries that expired before `now_s`.
  outcome record(std::string_view access_key_id, std::string_view nonce, int64_t expires_s,
                 int64_t now_s);

  size_t size() const;

 private:
  using expiry = std::pair<int64_t, const std::string*>;  // a key of expires_by_key_

  mutable std::mutex mutex_;
  size_t capacity_;
  std::unordered_map<std::string, int64_t> expires_by_key_;
  std::priority_queue<expiry, std::vector<expiry>, std::greater<>> by_expiry_;  // soonest first
};

}  // namespace broadside::api
