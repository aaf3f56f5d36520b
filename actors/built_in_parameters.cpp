#include "actors/built_in_parameters.hpp"

namespace broadside {

std::string lower_name(std::string name) {
  for (auto& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

bool is_built_in(const std::string& lowered_name) { return lowered_name.rfind("acs::", 0) == 0; }

std::optional<std::string> fill_instance_parameters(const std::string& script,
                                                    const instance_identity& me) {
  std::string filled;
  size_t copied = 0;
  bool unknown = false;
  each_placeholder(script, [&](size_t from, size_t to, const std::string& name) {
    auto key = lower_name(name);
    if (!is_built_in(key))
      return;  // an ordinary {{name}} the request did not fill: left as text
    const std::string* value = key == "acs::instanceid"     ? &me.instance_id
                               : key == "acs::instancename" ? &me.instance_name
                                                            : nullptr;
    if (!value) {
      unknown = true;
      return;
    }
    filled.append(script, copied, from - copied).append(*value);
    copied = to;
  });
  if (unknown)
    return std::nullopt;
  filled.append(script, copied, std::string::npos);
  return filled;
}

}  // namespace broadside
