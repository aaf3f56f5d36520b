#include "api/auth/nonce_ledger.hpp"

namespace broadside::api {

nonce_ledger::outcome nonce_ledger::record(std::string_view access_key_id,
                                           std::string_view nonce, int64_t expires_s,
                                           int64_t now_s) {
  // Key ids come from the credentials file, never holding a NUL: the pair is unambiguous.
  std::string key;
  key.reserve(access_key_id.size() + 1 + nonce.size());
  key.append(access_key_id).append(1, '\0').append(nonce);

  std::lock_guard<std::mutex> lock{mutex_};
  while (!by_expiry_.empty() && by_expiry_.top().first < now_s) {
    // Node-based map: the pointer stays valid until its entry is erased here.
    expires_by_key_.erase(*by_expiry_.top().second);
    by_expiry_.pop();
  }
  if (expires_by_key_.count(key) != 0)
    return outcome::replayed;
  if (expires_by_key_.size() >= capacity_)
    return outcome::full;
  auto entry = expires_by_key_.emplace(std::move(key), expires_s).first;
  by_expiry_.push({expires_s, &entry->first});
  return outcome::recorded;
}

size_t nonce_ledger::size() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return expires_by_key_.size();
}

}  // namespace broadside::api
