#include "messages/status.hpp"

#include <array>

namespace broadside {

namespace {

struct invocation_row {
  invocation_details details;
  invocation_status status;
  bool terminal;
  std::string_view wire;
  std::string_view display;
};

// One row per StatusDetails value (semantics.md, "Invocation"). The Status of
// Terminated, InvalidPlatform and AccessDenied is Broadside's choice (Failed);
// captures confirm Undeliverable -> Failed and ExecutionTimedOut -> TimedOut.
constexpr std::array<invocation_row, invocation_details_count> invocation_rows{{
    {invocation_details::pending, invocation_status::pending, false, "Pending", "Pending"},
    {invocation_details::in_progress, invocation_status::in_progress, false, "InProgress", "In Progress"},
    {invocation_details::delayed, invocation_status::delayed, false, "Delayed", "Delayed"},
    {invocation_details::success, invocation_status::success, true, "Success", "Success"},
    {invocation_details::delivery_timed_out, invocation_status::timed_out, true, "DeliveryTimedOut",
     "Delivery Timed Out"},
    {invocation_details::execution_timed_out, invocation_status::timed_out, true, "ExecutionTimedOut",
     "Execution Timed Out"},
    {invocation_details::failed, invocation_status::failed, true, "Failed", "Failed"},
    {invocation_details::cancelled, invocation_status::cancelled, true, "Cancelled", "Cancelled"},
    {invocation_details::undeliverable, invocation_status::failed, true, "Undeliverable", "Undeliverable"},
    {invocation_details::terminated, invocation_status::failed, true, "Terminated", "Terminated"},
    {invocation_details::invalid_platform, invocation_status::failed, true, "InvalidPlatform",
     "Invalid Platform"},
    {invocation_details::access_denied, invocation_status::failed, true, "AccessDenied", "Access Denied"},
    {invocation_details::cancelling, invocation_status::cancelling, false, "Cancelling", "Cancelling"},
}};

struct command_row {
  command_details details;
  command_status status;
  bool terminal;
  std::string_view wire;
  std::string_view display;
};

// RateExceeded is written LimitExceeded on the wire: the only wire evidence,
// ListCommands' Status filter values, names it so (ssm-run-command.md, open
// question 3).
constexpr std::array<command_row, command_details_count> command_rows{{
    {command_details::pending, command_status::pending, false, "Pending", "Pending"},
    {command_details::in_progress, command_status::in_progress, false, "InProgress", "In Progress"},
    {command_details::success, command_status::success, true, "Success", "Success"},
    {command_details::delivery_timed_out, command_status::timed_out, true, "DeliveryTimedOut",
     "Delivery Timed Out"},
    {command_details::execution_timed_out, command_status::timed_out, true, "ExecutionTimedOut",
     "Execution Timed Out"},
    {command_details::failed, command_status::failed, true, "Failed", "Failed"},
    {command_details::incomplete, command_status::failed, true, "Incomplete", "Incomplete"},
    {command_details::cancelled, command_status::cancelled, true, "Cancelled", "Cancelled"},
    {command_details::cancelling, command_status::cancelling, false, "Cancelling", "Cancelling"},
    {command_details::rate_exceeded, command_status::failed, true, "LimitExceeded", "Rate Exceeded"},
    {command_details::access_denied, command_status::failed, true, "AccessDenied", "Access Denied"},
    {command_details::no_instances_in_tag, command_status::failed, true, "NoInstancesInTag",
     "No Instances In Tag"},
}};

constexpr std::array<std::string_view, 7> invocation_status_wire{
    "Pending", "InProgress", "Delayed", "Success", "Cancelled", "TimedOut", "Failed"};
constexpr std::string_view cancelling_wire = "Cancelling";

constexpr std::array<std::string_view, 7> command_status_wire{
    "Pending", "InProgress", "Success", "Cancelled", "Failed", "TimedOut", "Cancelling"};

const invocation_row& row(invocation_details d) noexcept {
  return invocation_rows[static_cast<size_t>(d)];
}

const command_row& row(command_details d) noexcept { return command_rows[static_cast<size_t>(d)]; }

// The tables are indexed by enum value; keep them in enum order.
constexpr bool tables_in_order() {
  for (size_t i = 0; i < invocation_rows.size(); ++i)
    if (static_cast<size_t>(invocation_rows[i].details) != i)
      return false;
  for (size_t i = 0; i < command_rows.size(); ++i)
    if (static_cast<size_t>(command_rows[i].details) != i)
      return false;
  return true;
}
static_assert(tables_in_order());

}  // namespace

invocation_status status_of(invocation_details d) noexcept { return row(d).status; }
command_status status_of(command_details d) noexcept { return row(d).status; }

bool is_terminal(invocation_details d) noexcept { return row(d).terminal; }
bool is_terminal(command_details d) noexcept { return row(d).terminal; }

bool counts_as_error(invocation_details d) noexcept {
  return d == invocation_details::failed || d == invocation_details::execution_timed_out;
}

bool is_ignorable(invocation_details d) noexcept {
  return d == invocation_details::undeliverable || d == invocation_details::invalid_platform
         || d == invocation_details::access_denied;
}

std::string_view wire_name(invocation_status s) noexcept {
  if (s == invocation_status::cancelling)
    return cancelling_wire;
  return invocation_status_wire[static_cast<size_t>(s)];
}

std::string_view wire_name(invocation_details d) noexcept { return row(d).wire; }

std::string_view wire_name(command_status s) noexcept {
  return command_status_wire[static_cast<size_t>(s)];
}

std::string_view wire_name(command_details d) noexcept { return row(d).wire; }

std::string_view display_name(invocation_details d) noexcept { return row(d).display; }
std::string_view display_name(command_details d) noexcept { return row(d).display; }

std::optional<invocation_details> parse_invocation_details(std::string_view wire) noexcept {
  for (const auto& r : invocation_rows)
    if (r.wire == wire)
      return r.details;
  return std::nullopt;
}

std::optional<command_details> parse_command_details(std::string_view wire) noexcept {
  for (const auto& r : command_rows)
    if (r.wire == wire)
      return r.details;
  return std::nullopt;
}

}  // namespace broadside
