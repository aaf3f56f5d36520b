#pragma once

// The status vocabularies of Run Command. Inside the engine they are enums;
// their spellings exist only in the tables of status.cpp, which convert at the
// edge: wire form for APIs and traces ("DeliveryTimedOut"), display form for
// people ("Delivery Timed Out").

#include <cstdint>
#include <optional>
#include <string_view>

namespace broadside {

// Wire enum CommandInvocationStatus (and CommandPluginStatus).
enum class invocation_status : uint8_t {
  pending,
  in_progress,
  delayed,
  success,
  cancelled,
  timed_out,
  failed,
  cancelling,
};
constexpr invocation_status last_value(invocation_status) noexcept { return invocation_status::cancelling; }
inline constexpr int invocation_status_count = static_cast<int>(last_value(invocation_status{})) + 1;

// An invocation's StatusDetails: the precise state the engine tracks.
enum class invocation_details : uint8_t {
  pending,
  in_progress,
  delayed,
  success,
  delivery_timed_out,
  execution_timed_out,
  failed,
  cancelled,
  undeliverable,
  terminated,
  invalid_platform,
  access_denied,
  cancelling,
};
constexpr invocation_details last_value(invocation_details) noexcept { return invocation_details::cancelling; }
inline constexpr int invocation_details_count = static_cast<int>(last_value(invocation_details{})) + 1;

// Wire enum CommandStatus.
enum class command_status : uint8_t {
  pending,
  in_progress,
  success,
  cancelled,
  failed,
  timed_out,
  cancelling,
};
constexpr command_status last_value(command_status) noexcept { return command_status::cancelling; }

// A command's StatusDetails.
enum class command_details : uint8_t {
  pending,
  in_progress,
  success,
  delivery_timed_out,
  execution_timed_out,
  failed,
  incomplete,
  cancelled,
  cancelling,
  rate_exceeded,
  access_denied,
  no_instances_in_tag,
};
constexpr command_details last_value(command_details) noexcept { return command_details::no_instances_in_tag; }
inline constexpr int command_details_count = static_cast<int>(last_value(command_details{})) + 1;

// -- rules of the vocabulary (semantics.md) ----------------------------------

invocation_status status_of(invocation_details d) noexcept;
command_status status_of(command_details d) noexcept;

bool is_terminal(invocation_details d) noexcept;
bool is_terminal(command_details d) noexcept;

// Failed and Execution Timed Out count toward MaxErrors; nothing else does.
bool counts_as_error(invocation_details d) noexcept;

// Undeliverable, Invalid Platform and Access Denied: terminal states that
// neither count as errors nor stop a command from being a Success.
bool is_ignorable(invocation_details d) noexcept;

// -- spellings ----------------------------------------------------------------

std::string_view wire_name(invocation_status s) noexcept;
std::string_view wire_name(invocation_details d) noexcept;
std::string_view wire_name(command_status s) noexcept;
std::string_view wire_name(command_details d) noexcept;

std::string_view display_name(invocation_details d) noexcept;
std::string_view display_name(command_details d) noexcept;

std::optional<invocation_details> parse_invocation_details(std::string_view wire) noexcept;
std::optional<command_details> parse_command_details(std::string_view wire) noexcept;

}  // namespace broadside
