#include "cli/endpoint.hpp"

#include <stdexcept>

namespace broadside::cli {

endpoint parse_endpoint(const std::string& flag, const std::string& text) {
  auto colon = text.rfind(':');
  auto port = colon == std::string::npos ? std::string{} : text.substr(colon + 1);
  if (colon == 0 || port.empty() || port.size() > 5
      || port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535)
    throw std::runtime_error(flag + " " + text + ": expected HOST:PORT");
  return {text.substr(0, colon), static_cast<uint16_t>(std::stoul(port))};
}

}  // namespace broadside::cli
