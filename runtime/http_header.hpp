#pragma once

#include <string>

namespace broadside::runtime {

// One HTTP header, as received or to be sent (names keep their case).
struct http_header {
  std::string name;
  std::string value;
};

}  // namespace broadside::runtime
