#include "sim/log_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace broadside::sim {

namespace {

constexpr int mantissa_bits = 5;
constexpr uint64_t linear = uint64_t{1} << mantissa_bits;  // values below are exact

size_t bucket_of(uint64_t v) {
  if (v < linear)
    return static_cast<size_t>(v);
  int exponent = 63 - __builtin_clzll(v);  // >= mantissa_bits
  int shift = exponent - mantissa_bits;
  auto mantissa = (v >> shift) - linear;  // 0..linear-1
  return static_cast<size_t>(linear + static_cast<uint64_t>(shift) * linear + mantissa);
}

}  // namespace

void log_histogram::add(int64_t value) {
  value = std::max<int64_t>(value, 0);
  auto b = bucket_of(static_cast<uint64_t>(value));
  if (b >= buckets_.size())
    buckets_.resize(b + 1);
  auto& into = buckets_[b];
  into.max = into.count == 0 ? value : std::max(into.max, value);
  ++into.count;
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = count_ == 0 ? value : std::max(max_, value);
  ++count_;
}

int64_t log_histogram::quantile(double q) const {
  if (count_ == 0)
    return 0;
  auto rank = std::ceil(q * static_cast<double>(count_) - 1e-9);
  auto wanted = std::max<uint64_t>(1, static_cast<uint64_t>(std::max(rank, 0.0)));
  uint64_t seen = 0;
  for (const auto& b : buckets_) {
    seen += b.count;
    if (seen >= wanted)
      return b.max;
  }
  return max_;
}

std::vector<std::pair<int64_t, double>> log_histogram::cdf() const {
  std::vector<std::pair<int64_t, double>> out;
  uint64_t seen = 0;
  for (const auto& b : buckets_) {
    if (b.count == 0)
      continue;
    seen += b.count;
    out.emplace_back(b.max, static_cast<double>(seen) / static_cast<double>(count_));
  }
  return out;
}

}  // namespace broadside::sim
