#include "actors/container_target.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace broadside {

namespace {

constexpr std::array<std::string_view, 3> supported_runtimes{"docker", "containerd", "cri-o"};
constexpr size_t max_name_length = 255;

bool is_hex_id(std::string_view id) {
  return id.size() == 64 && std::all_of(id.begin(), id.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

// The id without its `<runtime>://`, if any.
std::string_view bare_id(std::string_view id) {
  auto scheme = id.find("://");
  return scheme == std::string_view::npos ? id : id.substr(scheme + 3);
}

}  // namespace

instance_error container_target_problem(std::string_view id, std::string_view name) {
  if (!name.empty()
      && (name.size() > max_name_length || !std::isalnum(static_cast<unsigned char>(name.front()))
          || !std::all_of(name.begin(), name.end(), is_name_char)))
    return instance_error::invalid_container_name;
  if (id.empty())
    return instance_error::none;
  if (auto scheme = id.find("://"); scheme != std::string_view::npos) {
    auto runtime = id.substr(0, scheme);
    if (std::find(supported_runtimes.begin(), supported_runtimes.end(), runtime)
        == supported_runtimes.end())
      return instance_error::unsupported_container_runtime;
  }
  return is_hex_id(bare_id(id)) ? instance_error::none : instance_error::invalid_container_id;
}

instance_error container_resolution_problem(const std::vector<container>& containers,
                                            std::string_view id, std::string_view name) {
  const container* found = nullptr;
  if (!id.empty()) {
    auto want = bare_id(id);
    auto i = std::find_if(containers.begin(), containers.end(), [&](const container& c) {
      return c.id.size() == want.size()
             && std::equal(want.begin(), want.end(), c.id.begin(), [](char a, char b) {
                  return std::tolower(static_cast<unsigned char>(a))
                         == std::tolower(static_cast<unsigned char>(b));
                });
    });
    if (i == containers.end())
      return instance_error::container_not_found;
    if (!name.empty() && i->name != name)
      return instance_error::container_name_and_id_not_match;
    found = &*i;
  } else {
    auto named = [&](const container& c) { return c.name == name; };
    auto count = std::count_if(containers.begin(), containers.end(), named);
    if (count == 0)
      return instance_error::container_not_found;
    if (count > 1)
      return instance_error::container_name_duplicated;
    found = &*std::find_if(containers.begin(), containers.end(), named);
  }
  return found->state == "running" ? instance_error::none : instance_error::container_state_abnormal;
}

}  // namespace broadside
