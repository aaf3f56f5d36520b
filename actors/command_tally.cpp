#include "actors/command_tally.hpp"

namespace broadside {

command_tally::command_tally(uint32_t target_count, uint32_t max_errors)
    : by_details_(invocation_details_count, 0), target_count_(target_count), max_errors_(max_errors) {
  by_details_[static_cast<size_t>(invocation_details::pending)] = target_count;
}

void command_tally::move(invocation_details from, invocation_details to) {
  if (from == to)
    return;
  --by_details_[static_cast<size_t>(from)];
  ++by_details_[static_cast<size_t>(to)];
  completed_ += is_terminal(to) - is_terminal(from);
  errors_ += counts_as_error(to) - counts_as_error(from);
}

command_counts command_tally::counts() const {
  command_counts c;
  c.target_count = target_count_;
  c.completed_count = completed_;
  c.error_count = errors_;
  c.delivery_timed_out_count = count(invocation_details::delivery_timed_out);
  return c;
}

command_details command_tally::details(bool cancel_requested) const {
  if (all_terminal())
    return final_details(cancel_requested);
  if (cancel_requested)
    return command_details::cancelling;
  if (count(invocation_details::pending) == target_count_)
    return command_details::pending;
  return command_details::in_progress;
}

command_details command_tally::final_details(bool cancel_requested) const {
  if (cancel_requested)
    return command_details::cancelled;
  if (target_count_ == 0)
    return command_details::no_instances_in_tag;
  // "More than MaxErrors" invocations in one state, checked in this order.
  if (count(invocation_details::failed) > max_errors_)
    return command_details::failed;
  if (count(invocation_details::execution_timed_out) > max_errors_)
    return command_details::execution_timed_out;
  if (count(invocation_details::delivery_timed_out) > max_errors_)
    return command_details::delivery_timed_out;
  auto ignorable = count(invocation_details::undeliverable)
                   + count(invocation_details::invalid_platform)
                   + count(invocation_details::access_denied);
  auto success = count(invocation_details::success);
  if (ignorable == target_count_)
    return command_details::failed;
  if (success + ignorable == target_count_)
    return command_details::success;
  return command_details::incomplete;
}

}  // namespace broadside
