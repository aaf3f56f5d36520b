#include "messages/document.hpp"

#include <array>

namespace broadside {

namespace {

// platformTypes as the AWS-owned documents declare them.
constexpr std::array<document_kind, 4> known{{
    {"AWS-RunShellScript", "aws:runShellScript",
     static_cast<platform_set>(platform_bit(platform_type::linux_os) | platform_bit(platform_type::macos))},
    {"AWS-RunPowerShellScript", "aws:runPowerShellScript",
     static_cast<platform_set>(platform_bit(platform_type::windows) | platform_bit(platform_type::linux_os))},
    // Cloud Assistant's RunBatScript, which no SSM document runs.
    {"ACS-RunBatScript", "acs:runBatScript", platform_bit(platform_type::windows)},
    // Cloud Assistant's SendFile (FileOwner, FileGroup and FileMode matter on Linux only).
    {send_file_document, send_file_plugin,
     static_cast<platform_set>(platform_bit(platform_type::linux_os) | platform_bit(platform_type::windows))},
}};

}  // namespace

std::optional<document_kind> find_document(std::string_view name) noexcept {
  for (const auto& d : known)
    if (d.name == name)
      return d;
  return std::nullopt;
}

}  // namespace broadside
