// AWS shared-credentials files (api/auth/credentials.hpp) on any text:
// parse() accepts or throws std::runtime_error, nothing else, and the key id
// it gives a profile is one it can find.

#include "api/auth/credentials.hpp"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using broadside::api::credentials;
  try {
    auto keys = credentials::parse({reinterpret_cast<const char*>(data), size}, "fuzz");
    for (std::string_view profile : {"default", "ci", "ops"})
      if (const auto* id = keys.key_id_of(profile); id && !keys.find(*id))
        std::abort();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
