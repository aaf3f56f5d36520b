#include "api/ssm_api.hpp"

#include "api/actor_call.hpp"
#include "api/page_token.hpp"
#include "api/ssm_requests.hpp"
#include "api/ssm_shapes.hpp"
#include "messages/command_queries.hpp"
#include "messages/fleet.hpp"

#include <algorithm>

namespace broadside::api {

namespace {

using nlohmann::json;

api_error unknown_command() { return {"InvalidCommandId", "The command id does not exist."}; }

// A failed call to the registry or the fleet: a fault, InternalServerError (500).
api_error internal_error(const caf::error& e, caf::actor_system& sys) {
  return {"InternalServerError", "Internal error: " + sys.render(e), 500};
}

}  // namespace

ssm_api::ssm_api(caf::actor_system& sys, caf::actor registry, caf::actor fleet,
                 std::function<uuid()> new_command_id)
    : bridge_(sys),
      registry_(std::move(registry)),
      fleet_(std::move(fleet)),
      new_command_id_(std::move(new_command_id)) {}

void ssm_api::call(std::string_view operation, const json& input, aws_reply reply) {
  if (operation == "SendCommand")
    return send_command(input, std::move(reply));
  if (operation == "ListCommands")
    return list_commands(input, std::move(reply), false);
  if (operation == "ListCommandInvocations")
    return list_commands(input, std::move(reply), true);
  if (operation == "GetCommandInvocation")
    return get_command_invocation(input, std::move(reply));
  if (operation == "CancelCommand")
    return cancel_command(input, std::move(reply));
  if (operation == "DescribeInstanceInformation")
    return describe_instance_information(input, std::move(reply));
  reply(api_error{"UnknownOperationException", "Unknown operation " + std::string{operation}});
}

void ssm_api::send_command(const json& in, aws_reply reply) {
  auto read = read_send_command(in);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  auto c = std::get<broadside::send_command>(std::move(read));
  c.command_id = new_command_id_();
  call_actor<command_accepted>(
      bridge_, registry_, accept_command{std::move(c)}, std::move(reply),
      [](const command_accepted& a) -> aws_result {
        if (!a.command)
          return api_error{a.error_code, a.error_message};
        return json{{"Command", command_json(*a.command)}};
      },
      &internal_error);
}

void ssm_api::list_commands(const json& in, aws_reply reply, bool invocations) {
  auto read = read_command_listing(in, invocations);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  auto [q, with_details] = std::get<command_listing>(std::move(read));
  if (!invocations) {
    call_actor<command_page>(
        bridge_, registry_, broadside::list_commands{std::move(q)}, std::move(reply),
        [](const command_page& page) -> aws_result {
          if (!page.command_known)
            return unknown_command();
          json out = {{"Commands", json::array()}};
          for (const auto& c : page.commands)
            out["Commands"].push_back(command_json(c));
          if (page.next)
            out["NextToken"] = token_of(*page.next);
          return out;
        },
        &internal_error);
    return;
  }
  call_actor<invocation_page>(
      bridge_, registry_, list_invocations{std::move(q)}, std::move(reply),
      [with_details = with_details](const invocation_page& page) -> aws_result {
        if (!page.command_known)
          return unknown_command();
        json out = {{"CommandInvocations", json::array()}};
        for (const auto& [c, i] : page.invocations)
          out["CommandInvocations"].push_back(command_invocation_json(c, i, with_details));
        if (page.next)
          out["NextToken"] = token_of(*page.next);
        return out;
      },
      &internal_error);
}

void ssm_api::get_command_invocation(const json& in, aws_reply reply) {
  auto read = read_invocation_lookup(in);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  auto [request, plugin_name] = std::get<invocation_lookup>(std::move(read));
  call_actor<invocation_page>(
      bridge_, registry_, std::move(request), std::move(reply),
      [plugin_name = plugin_name](const invocation_page& page) -> aws_result {
        // Also right after SendCommand, as in SSM: the waiter retries on it.
        if (page.invocations.empty())
          return api_error{"InvocationDoesNotExist",
                           "The invocation does not exist for this command and instance."};
        const auto& [c, i] = page.invocations.front();
        if (!plugin_name.empty() && plugin_name != api::plugin_name(*c.request))
          return api_error{"InvalidPluginName", "The plugin name is not valid."};
        return json_output_text{get_command_invocation_text(c, i)};
      },
      &internal_error);
}

void ssm_api::cancel_command(const json& in, aws_reply reply) {
  auto read = read_cancel_command(in);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  call_actor<std::string>(
      bridge_, registry_, std::get<broadside::cancel_command>(std::move(read)), std::move(reply),
      [](const std::string& error_code) -> aws_result {
        if (!error_code.empty())
          return unknown_command();
        return json::object();
      },
      &internal_error);
}

void ssm_api::describe_instance_information(const json& in, aws_reply reply) {
  auto read = read_instance_listing(in);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  auto [wants, max_results, from] = std::get<instance_listing>(std::move(read));
  call_actor<std::vector<instance_information>>(
      bridge_, fleet_, describe_instances{}, std::move(reply),
      [wants = wants, max_results = max_results, from = from](const std::vector<instance_information>& nodes) -> aws_result {
        auto matches = [&](const instance_information& n) {
          return std::all_of(wants.begin(), wants.end(), [&](const instance_filter& w) {
            const auto& i = n.info;
            if (w.key == "InstanceIds")
              return w.values.count(i.instance_id) > 0;
            if (w.key == "AgentVersion")
              return w.values.count(i.agent_version) > 0;
            if (w.key == "PingStatus")
              return w.values.count(std::string{wire_name(n.status)}) > 0;
            if (w.key == "PlatformTypes")
              return w.values.count(std::string{wire_name(i.platform)}) > 0;
            if (w.key == "ResourceType")
              return w.values.count(i.instance_id.rfind("mi-", 0) == 0 ? "ManagedInstance"
                                                                        : "EC2Instance")
                     > 0;
            if (w.key == "tag-key")
              return std::any_of(w.values.begin(), w.values.end(),
                                 [&](const auto& k) { return i.tags.count(k) > 0; });
            if (w.key.rfind("tag:", 0) == 0) {
              auto tag = i.tags.find(w.key.substr(4));
              return tag != i.tags.end() && w.values.count(tag->second) > 0;
            }
            return false;  // keys not modelled (ActivationIds, IamRole, ...) match nothing
          });
        };
        json out = {{"InstanceInformationList", json::array()}};
        for (size_t k = from; k < nodes.size(); ++k) {
          if (!matches(nodes[k]))
            continue;
          if (out["InstanceInformationList"].size() == max_results) {
            out["NextToken"] = token_of({k, 0});
            break;
          }
          out["InstanceInformationList"].push_back(instance_information_json(nodes[k]));
        }
        return out;
      },
      &internal_error);
}

}  // namespace broadside::api
