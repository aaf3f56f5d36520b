#pragma once

// A compact histogram of non-negative durations (ms) for quantiles and CDFs
// without keeping the values: exact below 32, then 32 buckets per power of
// two (at most 1/32 relative error), so a few hundred counters cover
// milliseconds to years. Each bucket also keeps the largest value it got, and
// that is what quantiles and the CDF report: always a value that was seen,
// exact when a bucket's values are all the same, at most 1/32 above the true
// quantile otherwise.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace broadside::sim {

class log_histogram {
public:
  void add(int64_t value);  // negative values count as 0

  uint64_t count() const noexcept { return count_; }
  int64_t min() const noexcept { return min_; }
  int64_t max() const noexcept { return max_; }

  // The largest value of the bucket holding the value of rank ceil(q * count)
  // (q in 0..1); 0 if empty.
  int64_t quantile(double q) const;

  // (value, fraction of values <= value) at every non-empty bucket's largest
  // value, ascending; the last fraction is 1.
  std::vector<std::pair<int64_t, double>> cdf() const;

private:
  struct bucket {
    uint64_t count = 0;
    int64_t max = 0;
  };

  std::vector<bucket> buckets_;
  uint64_t count_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
};

}  // namespace broadside::sim
