#pragma once

// HOST:PORT on the command line.

#include <cstdint>
#include <string>

namespace broadside::cli {

struct endpoint {
  std::string host;
  uint16_t port = 0;
};

// Throws std::runtime_error naming `flag` if `text` is not HOST:PORT.
endpoint parse_endpoint(const std::string& flag, const std::string& text);

}  // namespace broadside::cli
