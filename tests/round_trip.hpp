#pragma once

// Serializes a message with CAF's binary serializer and reads it back, as
// caf::io does between processes.

#include <caf/actor_system.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <gtest/gtest.h>

#include <vector>

namespace broadside::test {

template <class T>
T round_trip(caf::actor_system& sys, T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  EXPECT_FALSE(inspect(sink, x));
  T y;
  caf::binary_deserializer source{sys, buf};
  EXPECT_FALSE(inspect(source, y));
  return y;
}

}  // namespace broadside::test
