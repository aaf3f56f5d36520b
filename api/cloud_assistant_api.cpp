#include "api/cloud_assistant_api.hpp"

#include "api/cloud_assistant_queries.hpp"
#include "api/cloud_assistant_request.hpp"
#include "api/cloud_assistant_send_file.hpp"
#include "api/cloud_assistant_shapes.hpp"
#include "api/page_token.hpp"
#include "messages/command_queries.hpp"
#include "messages/fleet.hpp"
#include "messages/saved_command.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

namespace broadside::api {

namespace {

using nlohmann::json;

api_error internal_error(const caf::error& e, caf::actor_system& sys) {
  return {"InternalError", "The request processing has failed due to some unknown error: "
                               + sys.render(e), 500};
}

// The registry's refusal of a command, in Cloud Assistant's words.
api_error refusal(const command_accepted& a) {
  if (a.error_code == "InvalidInstanceId")
    return {"InvalidInstance.NotFound",
            "The specified instance does not exist or is not managed: " + a.error_message, 404};
  if (a.error_code == "InternalServerError")
    return {"InternalError", a.error_message, 500};
  return {a.error_code, a.error_message, 400};
}

// What RunCommand (with the CommandId), InvokeCommand and SendFile answer
// once the registry took the command, or its refusal.
aws_result accepted_answer(const command_accepted& a, bool with_command_id) {
  if (!a.command)
    return refusal(a);
  const auto& task = a.command->request->cloud_assistant;
  json out{{"InvokeId", task.invoke_id}};
  if (with_command_id)
    out["CommandId"] = task.command_id;
  return out;
}

// A page of a Describe action: its paging fields and `items`, wrapped as the
// SDK's model has lists ({"Invocations": {"Invocation": [...]}}).
json listing(const std::optional<page_position>& next, uint64_t total, uint32_t page_size,
             const char* list, const char* item, json items) {
  return {{"TotalCount", total},
          {"PageNumber", 1},
          {"PageSize", page_size},
          {"NextToken", next ? token_of(*next) : std::string{}},
          {list, {{item, std::move(items)}}}};
}

std::string required_region(const rpc_params& p) {
  auto region = p.find("RegionId");
  return region ? *region : std::string{};
}

}  // namespace

cloud_assistant_api::cloud_assistant_api(caf::actor_system& sys, caf::actor registry,
                                         caf::actor fleet, caf::actor library,
                                         std::function<uuid()> new_id)
    : bridge_(sys),
      registry_(std::move(registry)),
      fleet_(std::move(fleet)),
      library_(std::move(library)),
      new_id_(std::move(new_id)) {}

void cloud_assistant_api::call(std::string_view action, const rpc_params& p, int64_t now_ms,
                               aws_reply reply) {
  if (required_region(p).empty())
    return reply(missing("RegionId"));
  if (action == "RunCommand")
    return run_command(p, now_ms, std::move(reply));
  if (action == "CreateCommand")
    return create_command(p, now_ms, std::move(reply));
  if (action == "InvokeCommand")
    return invoke_command(p, now_ms, std::move(reply));
  if (action == "DescribeInvocations")
    return describe_invocations(p, std::move(reply));
  if (action == "DescribeInvocationResults")
    return describe_invocation_results(p, std::move(reply));
  if (action == "StopInvocation")
    return stop_invocation(p, std::move(reply));
  if (action == "DescribeCloudAssistantStatus")
    return describe_cloud_assistant_status(p, std::move(reply));
  if (action == "SendFile")
    return send_file(p, std::move(reply));
  if (action == "DescribeSendFileResults")
    return describe_send_file_results(p, std::move(reply));
  reply(api_error{"InvalidAction.NotFound",
                  "Specified api is not found, please check your url and method.", 404});
}

void cloud_assistant_api::run_command(const rpc_params& p, int64_t now_ms, aws_reply reply) {
  auto definition = read_command_definition(p);
  if (auto* e = std::get_if<api_error>(&definition))
    return reply(*e);
  auto choice = read_invocation_choice(p, now_ms);
  if (auto* e = std::get_if<api_error>(&choice))
    return reply(*e);
  auto& c = std::get<invocation_choice>(choice);
  auto& d = std::get<saved_command>(definition);
  d.task.command_id = saved_command_id_of(new_id_());
  d.created_ms = now_ms;
  if (auto keep = p.find("KeepCommand"); keep && *keep == "true") {
    d.task.keep_command = true;
    caf::anon_send(library_, save_command{d});
  }
  auto request = invocation_request(d, c, new_id_(), required_region(p), now_ms);
  if (auto* e = std::get_if<api_error>(&request))
    return reply(*e);
  call_actor<command_accepted>(
      bridge_, registry_, accept_command{std::move(std::get<send_command>(request))},
      std::move(reply),
      [](const command_accepted& a) { return accepted_answer(a, true); },
      &internal_error);
}

void cloud_assistant_api::send_file(const rpc_params& p, aws_reply reply) {
  auto request = send_file_request(p, new_id_());
  if (auto* e = std::get_if<api_error>(&request))
    return reply(*e);
  call_actor<command_accepted>(
      bridge_, registry_, accept_command{std::move(std::get<send_command>(request))},
      std::move(reply),
      [](const command_accepted& a) { return accepted_answer(a, false); },
      &internal_error);
}

void cloud_assistant_api::describe_send_file_results(const rpc_params& p, aws_reply reply) {
  auto read = read_send_file_query(p);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  auto q = std::get<command_query>(std::move(read));
  auto by_id = q.command_id.has_value();
  auto page_size = q.max_results;
  call_actor<command_page>(
      bridge_, registry_, list_commands{std::move(q)}, std::move(reply),
      [by_id, page_size](const command_page& page) -> aws_result {
        if (!page.command_known && by_id)
          return unknown_invoke_id();
        json list = json::array();
        for (size_t k = 0; k < page.commands.size(); ++k)
          list.push_back(send_file_json(page.commands[k], page.invocations[k]));
        return listing(page.next, page.total, page_size, "Invocations", "Invocation",
                       std::move(list));
      },
      &internal_error);
}

void cloud_assistant_api::create_command(const rpc_params& p, int64_t now_ms, aws_reply reply) {
  auto name = p.find("Name");
  if (!name || name->empty())
    return reply(missing("Name"));
  auto definition = read_command_definition(p);
  if (auto* e = std::get_if<api_error>(&definition))
    return reply(*e);
  auto& d = std::get<saved_command>(definition);
  d.task.command_id = saved_command_id_of(new_id_());
  d.task.keep_command = true;
  d.created_ms = now_ms;
  auto id = d.task.command_id;
  call_actor<bool>(
      bridge_, library_, save_command{std::move(d)}, std::move(reply),
      [id](bool saved) -> aws_result {
        if (!saved)
          return api_error{"CmdCount.ExceedQuota",
                           "The number of commands has reached the quota of the region.", 403};
        return json{{"CommandId", id}};
      },
      &internal_error);
}

void cloud_assistant_api::invoke_command(const rpc_params& p, int64_t now_ms, aws_reply reply) {
  auto id = p.find("CommandId");
  if (!id || id->empty())
    return reply(missing("CommandId"));
  auto choice = read_invocation_choice(p, now_ms);
  if (auto* e = std::get_if<api_error>(&choice))
    return reply(*e);
  // Two questions in a row: the library, then the registry.
  auto job = [library = library_, registry = registry_, find = find_saved_command{*id},
              choice = std::get<invocation_choice>(std::move(choice)), command_id = new_id_(),
              region = required_region(p), now_ms,
              reply = std::make_shared<aws_reply>(std::move(reply))](caf::event_based_actor* self) {
    self->request(library, caf::infinite, find)
        .then(
            [=](const saved_command& saved) {
              if (saved.task.command_id.empty()) {
                (*reply)(api_error{"InvalidCmdId.NotFound",
                                   "The specified command ID does not exist.", 404});
                return;
              }
              auto request = invocation_request(saved, choice, command_id, region, now_ms);
              if (auto* e = std::get_if<api_error>(&request)) {
                (*reply)(*e);
                return;
              }
              self->request(registry, caf::infinite,
                            accept_command{std::move(std::get<send_command>(request))})
                  .then(
                      [=](const command_accepted& a) { (*reply)(accepted_answer(a, false)); },
                      [=](const caf::error& e) { (*reply)(internal_error(e, self->system())); });
            },
            [=](const caf::error& e) { (*reply)(internal_error(e, self->system())); });
  };
  caf::anon_send(bridge_.actor(), bridge_job{std::move(job)});
}

void cloud_assistant_api::describe_invocations(const rpc_params& p, aws_reply reply) {
  auto read = read_describe(p);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  auto& q = std::get<describe_request>(read).query;
  auto enc = std::get<describe_request>(read).encoding;
  bool include_output = false;
  if (auto text = p.find("IncludeOutput"); text && *text == "true") {
    if (!q.command_id && q.instance_id.empty())
      return reply(invalid("IncludeOutput", "it needs InvokeId or InstanceId"));
    include_output = true;
  }
  q.with_invocations = true;
  auto by_id = q.command_id.has_value();
  auto page_size = q.max_results;
  call_actor<command_page>(
      bridge_, registry_, list_commands{std::move(q)}, std::move(reply),
      [enc, include_output, by_id,
       page_size](const command_page& page) -> aws_result {
        if (!page.command_known && by_id)
          return unknown_invoke_id();
        json list = json::array();
        for (size_t k = 0; k < page.commands.size(); ++k)
          list.push_back(invocation_json(page.commands[k], page.invocations[k], enc, include_output));
        return listing(page.next, page.total, page_size, "Invocations", "Invocation",
                       std::move(list));
      },
      &internal_error);
}

void cloud_assistant_api::describe_invocation_results(const rpc_params& p, aws_reply reply) {
  auto read = read_describe(p);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  auto& q = std::get<describe_request>(read).query;
  auto enc = std::get<describe_request>(read).encoding;
  if (auto text = p.find("InvokeRecordStatus")) {
    auto wanted = parse_invoke_record_status(*text);
    if (!wanted)
      return reply(invalid("InvokeRecordStatus", "it is not an InvokeRecordStatus"));
    q.filters.invocation = [status = *wanted](const command_view& c, const invocation_view& i) {
      return record_status_of(instance_status_of(c, i)) == status;
    };
  }
  // A periodic or reboot-triggered task's every run, not just each instance's latest.
  if (auto history = p.find("IncludeHistory"); history && *history == "true") {
    if (!q.command_id)
      return reply(invalid("IncludeHistory", "it needs the InvokeId of a repeating task"));
    q.with_history = true;
  }
  auto by_id = q.command_id.has_value();
  auto page_size = q.max_results;
  auto history = q.with_history;
  call_actor<invocation_page>(
      bridge_, registry_, list_invocations{std::move(q)}, std::move(reply),
      [enc, by_id, page_size,
       history](const invocation_page& page) -> aws_result {
        if (!page.command_known && by_id)
          return unknown_invoke_id();
        json list = json::array();
        for (const auto& [c, i] : page.invocations)
          list.push_back(invocation_result_json(c, i, enc, history));
        return json{{"Invocation", listing(page.next, page.total, page_size, "InvocationResults",
                                           "InvocationResult", std::move(list))}};
      },
      &internal_error);
}

void cloud_assistant_api::stop_invocation(const rpc_params& p, aws_reply reply) {
  auto read = read_stop_invocation(p);
  if (auto* e = std::get_if<api_error>(&read))
    return reply(*e);
  call_actor<std::string>(
      bridge_, registry_, std::get<cancel_command>(std::move(read)), std::move(reply),
      [](const std::string& error_code) -> aws_result {
        if (!error_code.empty())
          return unknown_invoke_id();
        return json::object();
      },
      &internal_error);
}

void cloud_assistant_api::describe_cloud_assistant_status(const rpc_params& p, aws_reply reply) {
  auto listed = read_instances(p);
  if (auto* e = std::get_if<api_error>(&listed))
    return reply(*e);
  auto& instances = std::get<std::vector<std::string>>(listed);
  std::optional<platform_type> os;
  if (auto text = p.find("OSType"); text && !text->empty()) {
    if (*text == "Linux")
      os = platform_type::linux_os;
    else if (*text == "Windows")
      os = platform_type::windows;
    else
      return reply(invalid("OSType", "it must be Linux or Windows"));
  }
  call_actor<std::vector<instance_information>>(
      bridge_, fleet_, describe_instances{std::move(instances)}, std::move(reply),
      [os](const std::vector<instance_information>& found) -> aws_result {
        json list = json::array();
        for (const auto& info : found)
          if (!os || info.info.platform == *os)
            list.push_back(cloud_assistant_status_json(info));
        auto count = list.size();
        return json{{"TotalCount", count},
                    {"PageNumber", 1},
                    {"PageSize", count},
                    {"InstanceCloudAssistantStatusSet",
                     {{"InstanceCloudAssistantStatus", std::move(list)}}}};
      },
      &internal_error);
}

}  // namespace broadside::api
