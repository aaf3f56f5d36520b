#pragma once

// A random integer parameter of a node behaviour (latency, run time, exit
// code, output size), drawn deterministically from 64 random bits: the same
// bits always give the same value, so a node's parameters depend only on the
// seed and its position, never on when or how often it is activated.

#include <cstdint>
#include <utility>
#include <vector>

namespace broadside::sim {

struct distribution {
  enum class shape : uint8_t {
    uniform,      // every integer of min..max equally likely (min == max: a constant)
    normal,       // mean a, standard deviation b
    lognormal,    // median a, shape sigma b (the standard deviation of the log)
    exponential,  // mean a
    choice,       // one of `choices`, by weight
  };

  shape kind = shape::uniform;
  double a = 0;
  double b = 0;
  // Every result lies in min..max (0 <= min <= max < 2^53): continuous
  // shapes are rounded, then clamped.
  int64_t min = 0;
  int64_t max = 0;
  // choice: (value, cumulative weight) pairs; the last weight is the total.
  std::vector<std::pair<int64_t, double>> choices;

  static distribution constant(int64_t value) { return {shape::uniform, 0, 0, value, value, {}}; }

  int64_t sample(uint64_t bits) const;
};

// 53 of `bits` as a double in [0, 1).
double unit_interval(uint64_t bits);

}  // namespace broadside::sim
