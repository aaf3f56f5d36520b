#pragma once

// Messages read from another process are checked as they are read. CAF 0.17
// reads an enum as its underlying integer, any value at all: a peer of
// another version, a corrupted or a hostile one could send a run_result whose
// outcome no switch of the receiver expects. The inspect() of every message
// that crosses processes ends with `enums_in_range(...)` over its enums: after
// loading, a value past its enum's last_value() fails the read
// (caf::sec::invalid_argument), so the message is dropped, never handled.

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/sec.hpp>

namespace broadside {

// Each enum declares `constexpr E last_value(E)` next to itself (found by ADL).
template <class E>
constexpr bool in_range(E x) noexcept {
  return x <= last_value(x);
}

template <class... Es>
auto enums_in_range(const Es&... xs) {
  return caf::meta::load_callback([&xs...]() -> caf::error {
    if ((in_range(xs) && ...))
      return caf::none;
    return caf::make_error(caf::sec::invalid_argument, "an enum value out of range");
  });
}

}  // namespace broadside
