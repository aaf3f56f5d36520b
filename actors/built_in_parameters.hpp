#pragma once

// Cloud Assistant's {{name}} placeholders in command content, and the
// built-in ones an instance fills in itself. The service fills in the
// parameters of the request and the built-ins it knows ({{ACS::InvokeId}},
// {{ACS::CommandId}}, {{ACS::RegionId}}, {{ACS::AccountId}}); each instance
// fills in {{ACS::InstanceId}} and {{ACS::InstanceName}}, and refuses a
// script with any other {{ACS::...}} left: InvalidSystemBuiltInParameter.

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace broadside {

// Calls visit(from, to, name) for each {{ name }} in `text` (spaces inside
// the braces ignored; names of letters, digits, '-', '_' and ':'), where
// [from, to) is the placeholder with its braces.
template <class Visit>
void each_placeholder(const std::string& text, Visit&& visit) {
  size_t at = 0;
  while ((at = text.find("{{", at)) != std::string::npos) {
    auto end = text.find("}}", at + 2);
    if (end == std::string::npos)
      return;
    auto inner = text.substr(at + 2, end - at - 2);
    auto first = inner.find_first_not_of(' ');
    auto last = inner.find_last_not_of(' ');
    auto name = first == std::string::npos ? std::string{} : inner.substr(first, last - first + 1);
    auto is_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':';
    });
    if (is_name)
      visit(at, end + 2, name);
    at = end + 2;
  }
}

// Placeholder names compare without case ("acs::instanceid").
std::string lower_name(std::string name);

// Whether `name` is a built-in parameter (ACS::...).
bool is_built_in(const std::string& lowered_name);

struct instance_identity {
  std::string instance_id;
  std::string instance_name;
};

// `script` with the instance's built-ins filled in; nullopt if another
// built-in is left in it.
std::optional<std::string> fill_instance_parameters(const std::string& script,
                                                    const instance_identity& me);

}  // namespace broadside
