#pragma once

// What a node is asked to run: the resolved document of one command. Shared
// by every invocation of the command through a copy-on-write tuple, so a
// million run requests carry one copy of the script.

#include "messages/agent_feature.hpp"
#include "messages/file_spec.hpp"
#include "messages/platform.hpp"
#include "messages/wire_check.hpp"

#include <caf/cow_tuple.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace broadside {

// How the script text travels (Cloud Assistant's ContentEncoding).
enum class content_encoding : uint8_t { plain_text, base64 };
constexpr content_encoding last_value(content_encoding) noexcept { return content_encoding::base64; }

struct run_document {
  std::string name;           // DocumentName, e.g. AWS-RunShellScript
  std::string plugin;         // the single step's plugin, e.g. aws:runShellScript
  platform_set platforms = 0; // platformTypes of the document
  std::vector<std::string> commands;  // the script's lines
  std::string working_directory;      // empty: the agent's own
  int64_t execution_timeout_ms = 3'600'000;
  std::string username;               // empty: the agent's own user
  content_encoding encoding = content_encoding::plain_text;  // of `commands`
  file_spec file{};  // of a file document (acs:sendFile), whose content is `commands`
  agent_feature needs = agent_feature::none;  // of the agent, beyond running it
  std::string windows_password_name{};  // Parameter Store's name of the user's password
  // Cloud Assistant's EnableParameter: the instance fills in its built-ins.
  bool enable_parameter = false;
  std::string container_id{};    // run in this container (ContainerId), if set
  std::string container_name{};  // ... or the one of this name (ContainerName)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_document& x) {
  return f(x.name, x.plugin, x.platforms, x.commands, x.working_directory, x.execution_timeout_ms,
           x.username, x.encoding, x.file, x.needs, x.windows_password_name,
           x.enable_parameter, x.container_id, x.container_name,
           enums_in_range(x.encoding, x.needs));
}

// One immutable run_document, shared by reference count.
class shared_document {
public:
  shared_document() = default;
  explicit shared_document(run_document doc) : data_(std::move(doc)) {}

  const run_document& operator*() const noexcept { return std::get<0>(data_.data()); }
  const run_document* operator->() const noexcept { return &**this; }

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, shared_document& x) {
    return f(x.data_);
  }

private:
  caf::cow_tuple<run_document> data_;
};

// The documents Broadside knows by name, with their plugin and platforms.
struct document_kind {
  std::string_view name;
  std::string_view plugin;
  platform_set platforms;
};

std::optional<document_kind> find_document(std::string_view name) noexcept;

// Cloud Assistant's SendFile: not a script but a file to write.
inline constexpr std::string_view send_file_document = "ACS-SendFile";
inline constexpr std::string_view send_file_plugin = "acs:sendFile";

inline bool is_file_document(const run_document& doc) noexcept { return doc.plugin == send_file_plugin; }

}  // namespace broadside
