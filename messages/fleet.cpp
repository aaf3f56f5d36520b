#include "messages/fleet.hpp"

namespace broadside {

std::string_view wire_name(ping_status s) noexcept {
  switch (s) {
    case ping_status::online:
      return "Online";
    case ping_status::connection_lost:
      return "ConnectionLost";
    case ping_status::inactive:
      return "Inactive";
  }
  return "";
}

}  // namespace broadside
