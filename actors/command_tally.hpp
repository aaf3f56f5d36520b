#pragma once

// A command's counts of its invocations by StatusDetails, and the rules of
// semantics.md that turn them into TargetCount / CompletedCount / ErrorCount /
// DeliveryTimedOutCount and the command's own StatusDetails. The command actor
// moves invocations between states as their reports arrive; this class only
// counts and applies the rules.

#include "messages/events.hpp"
#include "messages/status.hpp"

#include <cstdint>
#include <vector>

namespace broadside {

class command_tally {
public:
  command_tally(uint32_t target_count, uint32_t max_errors);

  // One invocation moved from `from` to `to`.
  void move(invocation_details from, invocation_details to);

  uint32_t count(invocation_details d) const { return by_details_[static_cast<size_t>(d)]; }
  const std::vector<uint32_t>& by_details() const { return by_details_; }

  command_counts counts() const;

  // ErrorCount > MaxErrors: the command stops sending.
  bool errors_exceeded() const { return errors_ > max_errors_; }

  bool all_terminal() const { return completed_ == target_count_; }

  // The command's StatusDetails. `cancel_requested`: a CancelCommand for
  // every invocation arrived before the command completed.
  command_details details(bool cancel_requested) const;

private:
  command_details final_details(bool cancel_requested) const;

  std::vector<uint32_t> by_details_;
  uint32_t target_count_;
  uint32_t max_errors_;
  uint32_t completed_ = 0;
  uint32_t errors_ = 0;
};

}  // namespace broadside
