#include "cli/tags.hpp"

#include <sstream>
#include <stdexcept>

namespace broadside::cli {

std::map<std::string, std::string> parse_tags(const std::string& flag, const std::string& text) {
  std::map<std::string, std::string> tags;
  std::istringstream in{text};
  for (std::string entry; std::getline(in, entry, ',');) {
    auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0)
      throw std::runtime_error(flag + " " + text + ": expected KEY=VALUE,...");
    tags[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return tags;
}

}  // namespace broadside::cli
