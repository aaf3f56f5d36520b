#pragma once

// k=v,k2=v2 on the command line.

#include <map>
#include <string>

namespace broadside::cli {

// Throws std::runtime_error naming `flag` for an entry without '=' or key.
std::map<std::string, std::string> parse_tags(const std::string& flag, const std::string& text);

}  // namespace broadside::cli
