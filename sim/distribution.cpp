#include "sim/distribution.hpp"

#include "sim/splitmix.hpp"

#include <algorithm>
#include <cmath>

namespace broadside::sim {

namespace {

constexpr double two_pi = 6.283185307179586;

// A standard normal deviate from two uniform ones (Box-Muller).
double standard_normal(uint64_t bits) {
  auto u1 = unit_interval(bits);
  auto u2 = unit_interval(splitmix64(bits));
  return std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(two_pi * u2);
}

}  // namespace

double unit_interval(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

int64_t distribution::sample(uint64_t bits) const {
  double x = 0;
  switch (kind) {
    case shape::uniform:
      return min + static_cast<int64_t>(bits % static_cast<uint64_t>(max - min + 1));
    case shape::choice: {
      auto pick = unit_interval(bits) * choices.back().second;
      auto i = std::upper_bound(choices.begin(), choices.end(), pick,
                                [](double p, const auto& c) { return p < c.second; });
      return i == choices.end() ? choices.back().first : i->first;
    }
    case shape::normal:
      x = a + b * standard_normal(bits);
      break;
    case shape::lognormal:
      x = a * std::exp(b * standard_normal(bits));
      break;
    case shape::exponential:
      x = -a * std::log1p(-unit_interval(bits));
      break;
  }
  // Bounds are far below 2^53, so they and the clamped value convert exactly.
  return static_cast<int64_t>(
      std::clamp(std::round(x), static_cast<double>(min), static_cast<double>(max)));
}

}  // namespace broadside::sim
