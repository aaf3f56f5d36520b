#pragma once

// Waits for a durable write started with a storage::database::durable_done:
// `start(done)` starts it; returns once it is durable, or throws its error.

#include "storage/database.hpp"

#include <future>

namespace broadside::test {

template <class Start>
void wait_until_durable(Start&& start) {
  std::promise<void> stored;
  auto done = stored.get_future();
  start(storage::database::durable_done{[&stored](std::exception_ptr error) {
    if (error)
      stored.set_exception(error);
    else
      stored.set_value();
  }});
  done.get();
}

}  // namespace broadside::test
