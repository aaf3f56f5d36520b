#pragma once

// What the harnesses check besides crashes: an invariant that does not hold
// aborts (libFuzzer keeps the input), and a reader's refusal must be the
// client's error, with a code.

#include "api/api_error.hpp"

#include <cstdlib>
#include <variant>

namespace broadside::fuzz {

inline void check(bool holds) {
  if (!holds)
    std::abort();
}

// The request `read` holds, or null for a refusal (checked to be a 4xx with a code).
template <class Request>
const Request* accepted(const std::variant<Request, api::api_error>& read) {
  if (const auto* e = std::get_if<api::api_error>(&read)) {
    check(!e->code.empty() && e->http_status >= 400 && e->http_status < 500);
    return nullptr;
  }
  return &std::get<Request>(read);
}
// Not of a temporary: the pointer would outlive it.
template <class Request>
const Request* accepted(const std::variant<Request, api::api_error>&& read) = delete;

}  // namespace broadside::fuzz
