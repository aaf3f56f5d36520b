#include "messages/job.hpp"

#include <caf/make_message.hpp>

namespace broadside {

namespace {

// The name tables are in enum order: an enum value indexes its spelling.
template <class Enum, size_t N>
std::string_view name_of(Enum x, const std::array<std::string_view, N>& names) noexcept {
  return names[static_cast<size_t>(x)];
}

template <class Enum, size_t N>
std::optional<Enum> parse(std::string_view wire, const std::array<std::string_view, N>& names) noexcept {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == wire)
      return static_cast<Enum>(i);
  return std::nullopt;
}

constexpr std::array<std::string_view, 4> job_error_names{
    "JobNotFoundException", "InvalidNonceException", "InvalidJobStateException",
    "ActionTypeNotFoundException"};

}  // namespace

std::string_view wire_name(action_category x) noexcept { return name_of(x, action_category_names); }
std::string_view wire_name(action_owner x) noexcept { return name_of(x, action_owner_names); }
std::string_view wire_name(job_status x) noexcept { return name_of(x, job_status_names); }
std::string_view wire_name(failure_type x) noexcept { return name_of(x, failure_type_names); }

std::optional<action_category> parse_action_category(std::string_view wire) noexcept {
  return parse<action_category>(wire, action_category_names);
}
std::optional<action_owner> parse_action_owner(std::string_view wire) noexcept {
  return parse<action_owner>(wire, action_owner_names);
}
std::optional<job_status> parse_job_status(std::string_view wire) noexcept {
  return parse<job_status>(wire, job_status_names);
}
std::optional<failure_type> parse_failure_type(std::string_view wire) noexcept {
  return parse<failure_type>(wire, failure_type_names);
}

bool is_terminal(job_status s) noexcept {
  return s == job_status::timed_out || s == job_status::succeeded || s == job_status::failed;
}

std::string_view wire_name(job_error e) noexcept {
  return job_error_names[static_cast<size_t>(e) - 1];  // the codes start at 1: 0 is "no error"
}

caf::error make_job_error(job_error code, std::string message) {
  return {static_cast<uint8_t>(code), job_error_category, caf::make_message(std::move(message))};
}

std::optional<job_error> job_error_of(const caf::error& e) noexcept {
  if (e.category() != job_error_category || e.code() == 0 || e.code() > job_error_names.size())
    return std::nullopt;
  return static_cast<job_error>(e.code());
}

std::string job_error_message(const caf::error& e) {
  const auto& context = e.context();
  if (context.match_elements<std::string>())
    return context.get_as<std::string>(0);
  return {};
}

}  // namespace broadside
