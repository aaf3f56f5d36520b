#pragma once

// SSM's output shapes (botocore's ssm/2014-11-06 model) built from what the
// command registry and the fleet know. Timestamps are epoch seconds with a
// fraction, except GetCommandInvocation's, which are ISO-8601 strings.

#include "api/iso_time.hpp"
#include "messages/command_queries.hpp"
#include "messages/fleet.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace broadside::api {

nlohmann::json command_json(const command_view& c);
nlohmann::json command_invocation_json(const command_view& c, const invocation_view& i,
                                       bool details);
// GetCommandInvocation's output, written as JSON text: clients poll it.
std::string get_command_invocation_text(const command_view& c, const invocation_view& i);
nlohmann::json instance_information_json(const instance_information& info);

// The PluginName of the command's invocations: aws:runShellScript, say.
std::string plugin_name(const send_command& r);

}  // namespace broadside::api
