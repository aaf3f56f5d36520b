#include "api/ssm_requests.hpp"

#include "api/page_token.hpp"
#include "api/validation.hpp"
#include "messages/document.hpp"
#include "messages/limit.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <set>
#include <tuple>

namespace broadside::api {

using nlohmann::json;

namespace {


// -- the model's constraints ---------------------------------------------------

const value_pattern document_name_pattern{"[a-zA-Z0-9_.:/-]+"};  // 3..128
const value_pattern document_version_pattern{"([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)"};
const string_rule document_name_rule{3, 128, &document_name_pattern};
const string_rule command_id_rule{36, 36, nullptr};
constexpr std::string_view instance_id_pattern = "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)";
constexpr std::string_view max_concurrency_pattern =
    "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$";
constexpr std::string_view max_errors_pattern = "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$";
constexpr std::array<std::string_view, 5> command_filter_keys{
    "InvokedAfter", "InvokedBefore", "Status", "ExecutionStage", "DocumentName"};
constexpr std::array<std::string_view, 8> instance_filter_keys{
    "InstanceIds",  "AgentVersion",  "PingStatus",   "PlatformTypes",
    "ActivationIds", "IamRole",      "ResourceType", "AssociationStatus"};

// AWS-RunShellScript's (and AWS-RunPowerShellScript's) executionTimeout: 1..172800.
constexpr int64_t max_execution_timeout_s = 172'800;

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The model's InstanceId pattern, without a regex.
bool is_instance_id(std::string_view id) {
  auto word_run = [&](size_t from) {
    return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(from), id.end(), is_word);
  };
  if (id.rfind("mi-", 0) == 0)
    return id.size() == 3 + 17 && word_run(3);
  if (id.rfind("i-", 0) == 0)
    return (id.size() == 2 + 8 || id.size() == 2 + 17) && word_run(2);
  return false;
}

std::string in_quotes(std::string_view s) { return "'" + std::string{s} + "'"; }

// Instance ids: their pattern, then duplicates (DuplicateInstanceId).
std::optional<api_error> check_instance_ids(validator& v, std::string_view path, const json* ids,
                                            size_t max) {
  v.string_list(path, ids, {0, max}, {});
  std::set<std::string> seen;
  bool duplicate = false;
  size_t k = 0;
  if (ids && ids->is_array())
    for (const auto& id : *ids) {
      ++k;
      if (!id.is_string())
        continue;
      const auto& s = id.get_ref<const std::string&>();
      if (!is_instance_id(s))
        v.violation(std::string{path} + "." + std::to_string(k), in_quotes(s),
                    "Member must satisfy regular expression pattern: "
                        + std::string{instance_id_pattern});
      duplicate = duplicate || !seen.insert(s).second;
    }
  if (auto e = v.error())
    return e;
  if (duplicate)
    return api_error{"DuplicateInstanceId", "Instance ids must be unique"};
  return std::nullopt;
}

std::vector<std::string> strings(const json* list) {
  std::vector<std::string> out;
  if (list)
    for (const auto& s : *list)
      out.push_back(s.get<std::string>());
  return out;
}

// ISO-8601 time of a filter value ("2017-06-07T00:00:00Z", fractions and
// offsets allowed), in Unix milliseconds.
std::optional<int64_t> parse_iso_time(const std::string& text) {
  std::tm t{};
  int fraction_ms = 0;
  auto* rest = ::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &t);
  if (!rest)
    return std::nullopt;
  if (*rest == '.') {
    int digits = 0;
    for (++rest; std::isdigit(static_cast<unsigned char>(*rest)); ++rest, ++digits)
      if (digits < 3)
        fraction_ms = fraction_ms * 10 + (*rest - '0');
    for (; digits < 3; ++digits)
      fraction_ms *= 10;
  }
  int64_t offset_s = 0;
  if (*rest == 'Z') {
    ++rest;
  } else if (*rest == '+' || *rest == '-') {
    int hours = 0, minutes = 0;
    if (std::sscanf(rest + 1, "%2d:%2d", &hours, &minutes) != 2)
      return std::nullopt;
    offset_s = (*rest == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
    rest += 6;
  }
  if (*rest != '\0')
    return std::nullopt;
  return (static_cast<int64_t>(::timegm(&t)) - offset_s) * 1000 + fraction_ms;
}

api_error invalid_next_token() { return {"InvalidNextToken", "The specified token is not valid."}; }

// The document parameters of SendCommand, checked against the document: for
// the shell documents, `commands` (required), `workingDirectory` and
// `executionTimeout`, as AWS-RunShellScript declares them.
std::optional<api_error> take_parameters(const json* parameters, broadside::send_command& c) {
  auto invalid = [](std::string why) { return api_error{"InvalidParameters", std::move(why)}; };
  if (!parameters)
    return invalid("Parameter \"commands\" is required.");
  for (auto it = parameters->begin(); it != parameters->end(); ++it) {
    auto values = strings(&*it);
    c.parameters[it.key()] = values;
    if (it.key() == "commands") {
      c.commands = std::move(values);
    } else if (it.key() == "workingDirectory") {
      if (values.size() > 1 || (!values.empty() && values.front().size() > 4096))
        return invalid("Parameter \"workingDirectory\" is a string of at most 4096 characters.");
      c.working_directory = values.empty() ? "" : values.front();
    } else if (it.key() == "executionTimeout") {
      char* end = nullptr;
      auto text = values.empty() ? std::string{} : values.front();
      auto seconds = std::strtoll(text.c_str(), &end, 10);
      if (values.size() != 1 || text.empty() || *end != '\0' || text[0] == '0' || seconds < 1
          || seconds > max_execution_timeout_s)
        return invalid("Parameter \"executionTimeout\" must be a number of seconds from 1 to "
                       + std::to_string(max_execution_timeout_s) + ".");
      c.execution_timeout_ms = seconds * 1000;
    } else {
      return invalid("Parameter \"" + it.key() + "\" is not defined by the document.");
    }
  }
  if (c.commands.empty())
    return invalid("Parameter \"commands\" is required.");
  return std::nullopt;
}

// The Filters of ListCommands / ListCommandInvocations, typed.
std::variant<command_filters, api_error> take_filters(const json* filters, bool for_invocations) {
  command_filters out;
  if (!filters)
    return out;
  for (const auto& f : *filters) {
    auto key = f.at("key").get<std::string>();
    auto value = f.at("value").get<std::string>();
    auto bad_value = [&] {
      return api_error{"ValidationException",
                       "1 validation error detected: Value '" + value + "' at 'filters."
                           + key + "' is not valid for the filter key " + key};
    };
    if (key == "InvokedAfter" || key == "InvokedBefore") {
      auto at = parse_iso_time(value);
      if (!at)
        return bad_value();
      (key == "InvokedAfter" ? out.invoked_after_ms : out.invoked_before_ms) = *at;
    } else if (key == "Status") {
      out.statuses.push_back(value);
    } else if (key == "ExecutionStage") {
      // The docs: ExecutionStage works with ListCommands only.
      if (for_invocations)
        return api_error{"InvalidFilterKey", "ExecutionStage is a filter of ListCommands only"};
      if (value != "Executing" && value != "Complete")
        return bad_value();
      out.executing = value == "Executing";
    } else if (key == "DocumentName") {
      out.document_name = value;
    } else {
      return api_error{"InvalidFilterKey", "Filter key " + key + " is not valid"};
    }
  }
  return out;
}

}  // namespace

std::variant<send_command, api_error> read_send_command(const json& in) {
  validator v;
  const auto* name = member(in, "DocumentName");
  v.required("DocumentName", name).string("DocumentName", name, document_name_rule);
  v.string("DocumentVersion", member(in, "DocumentVersion"), {0, SIZE_MAX, &document_version_pattern});
  v.string("DocumentHash", member(in, "DocumentHash"), {0, 256, nullptr});
  v.enumeration("DocumentHashType", member(in, "DocumentHashType"),
                std::array<std::string_view, 2>{"Sha256", "Sha1"});
  v.integer("TimeoutSeconds", member(in, "TimeoutSeconds"), {30, 2'592'000});
  v.string("Comment", member(in, "Comment"), {0, 100, nullptr});
  const auto* parameters = member(in, "Parameters");
  if (parameters && parameters->is_object())
    for (auto it = parameters->begin(); it != parameters->end(); ++it)
      v.string_list("Parameters." + it.key(), &*it, {}, {});
  else
    v.structure(parameters);
  v.string("OutputS3Region", member(in, "OutputS3Region"), {3, 20, nullptr});
  v.string("OutputS3BucketName", member(in, "OutputS3BucketName"), {3, 63, nullptr});
  v.string("OutputS3KeyPrefix", member(in, "OutputS3KeyPrefix"), {0, 500, nullptr});
  v.string("ServiceRoleArn", member(in, "ServiceRoleArn"));
  v.structure(member(in, "NotificationConfig"));
  v.structure(member(in, "CloudWatchOutputConfig"));
  v.structure(member(in, "AlarmConfiguration"));
  for (auto [key, pattern, parse] :
       {std::make_tuple("MaxConcurrency", max_concurrency_pattern, &parse_max_concurrency),
        std::make_tuple("MaxErrors", max_errors_pattern, &parse_max_errors)}) {
    const auto* limit = member(in, key);
    v.string(key, limit, {1, 7, nullptr});
    if (limit && limit->is_string() && !parse(limit->get_ref<const std::string&>()))
      v.violation(key, in_quotes(limit->get_ref<const std::string&>()),
                  "Member must satisfy regular expression pattern: " + std::string{pattern});
  }
  const auto* targets = v.list("Targets", member(in, "Targets"), {0, 5});
  if (targets) {
    size_t k = 0;
    for (const auto& t : *targets) {
      auto path = "Targets." + std::to_string(++k);
      // Not required by the model, but a target without a key names nothing.
      v.required(path + ".Key", member(t, "Key")).string(path + ".Key", member(t, "Key"), {1, 163, nullptr});
      v.string_list(path + ".Values", member(t, "Values"), {0, 50}, {});
    }
  }
  const auto* ids = member(in, "InstanceIds");
  if (auto e = check_instance_ids(v, "InstanceIds", ids, 50))
    return *e;

  broadside::send_command c;
  c.document_name = name->get<std::string>();
  auto kind = find_document(c.document_name);
  if (!kind)
    return api_error{"InvalidDocument", "Document " + c.document_name + " does not exist."};
  c.instance_ids = strings(ids);
  if (targets)
    for (const auto& t : *targets)
      c.targets.push_back({member(t, "Key")->get<std::string>(), strings(member(t, "Values"))});
  // Open question 8 of the spec: the model says nothing; the service refuses both and neither.
  if (c.instance_ids.empty() == c.targets.empty())
    return api_error{"ValidationException",
                     "Exactly one of InstanceIds and Targets must be given."};
  if (auto e = take_parameters(parameters, c))
    return *e;
  if (const auto* t = member(in, "TimeoutSeconds"))
    c.delivery_timeout_ms = t->get<int64_t>() * 1000;
  if (const auto* comment = member(in, "Comment"))
    c.comment = comment->get<std::string>();
  if (const auto* mc = member(in, "MaxConcurrency"))
    c.max_concurrency = mc->get<std::string>();
  if (const auto* me = member(in, "MaxErrors"))
    c.max_errors = me->get<std::string>();
  return c;
}

std::variant<command_listing, api_error> read_command_listing(const json& in, bool invocations) {
  validator v;
  const auto* command_id = member(in, "CommandId");
  v.string("CommandId", command_id, command_id_rule);
  const auto* instance_id = member(in, "InstanceId");
  v.string("InstanceId", instance_id);
  if (instance_id && instance_id->is_string() && !is_instance_id(instance_id->get<std::string>()))
    v.violation("InstanceId", in_quotes(instance_id->get<std::string>()),
                "Member must satisfy regular expression pattern: "
                    + std::string{instance_id_pattern});
  v.integer("MaxResults", member(in, "MaxResults"), {1, 50});
  v.string("NextToken", member(in, "NextToken"));
  const auto* details = member(in, "Details");
  if (invocations && details && !details->is_boolean())
    v.violation("Details", details->dump(), "Member must be a Boolean");
  const auto* filters = v.list("Filters", member(in, "Filters"), {1, 5});
  if (filters) {
    size_t k = 0;
    for (const auto& f : *filters) {
      auto path = "Filters." + std::to_string(++k);
      v.required(path + ".key", member(f, "key")).string(path + ".key", member(f, "key"));
      v.required(path + ".value", member(f, "value"))
          .string(path + ".value", member(f, "value"), {1, 128, nullptr});
    }
  }
  if (auto e = v.error())
    return *e;
  if (filters)
    for (const auto& f : *filters) {
      auto key = member(f, "key")->get<std::string>();
      if (std::find(command_filter_keys.begin(), command_filter_keys.end(), key)
          == command_filter_keys.end())
        return api_error{"InvalidFilterKey", "Filter key " + key + " is not valid"};
    }
  auto typed = take_filters(filters, invocations);
  if (auto* e = std::get_if<api_error>(&typed))
    return *e;

  command_listing out;
  auto& q = out.query;
  q.filters = std::get<command_filters>(std::move(typed));
  if (command_id) {
    q.command_id = parse_uuid(command_id->get<std::string>());
    if (!q.command_id)
      return api_error{"InvalidCommandId", "The command id is not valid."};
  }
  if (instance_id)
    q.instance_id = instance_id->get<std::string>();
  if (const auto* max = member(in, "MaxResults"))
    q.max_results = max->get<uint32_t>();
  if (const auto* token = member(in, "NextToken")) {
    auto from = position_of(token->get<std::string>());
    if (!from)
      return invalid_next_token();
    q.from = *from;
  }
  out.details = invocations && details && details->get<bool>();
  return out;
}

std::variant<invocation_lookup, api_error> read_invocation_lookup(const json& in) {
  validator v;
  const auto* command_id = member(in, "CommandId");
  const auto* instance_id = member(in, "InstanceId");
  const auto* plugin = member(in, "PluginName");
  v.required("CommandId", command_id).string("CommandId", command_id, command_id_rule);
  v.required("InstanceId", instance_id).string("InstanceId", instance_id);
  v.string("PluginName", plugin, {4, SIZE_MAX, nullptr});
  if (auto e = v.error())
    return *e;
  auto id = parse_uuid(command_id->get<std::string>());
  if (!id)
    return api_error{"InvalidCommandId", "The command id is not valid."};
  if (!is_instance_id(instance_id->get<std::string>()))
    return api_error{"InvalidInstanceId", "Instance id is not valid."};
  return invocation_lookup{{*id, instance_id->get<std::string>()},
                           plugin ? plugin->get<std::string>() : std::string{}};
}

std::variant<cancel_command, api_error> read_cancel_command(const json& in) {
  validator v;
  const auto* command_id = member(in, "CommandId");
  v.required("CommandId", command_id).string("CommandId", command_id, command_id_rule);
  const auto* ids = member(in, "InstanceIds");
  if (auto e = check_instance_ids(v, "InstanceIds", ids, 50))
    return *e;
  auto id = parse_uuid(command_id->get<std::string>());
  if (!id)
    return api_error{"InvalidCommandId", "The command id is not valid."};
  return cancel_command{*id, strings(ids)};
}

std::variant<instance_listing, api_error> read_instance_listing(const json& in) {
  validator v;
  v.integer("MaxResults", member(in, "MaxResults"), {5, 50});
  v.string("NextToken", member(in, "NextToken"));
  const auto* info_filters =
      v.list("InstanceInformationFilterList", member(in, "InstanceInformationFilterList"));
  const auto* filters = v.list("Filters", member(in, "Filters"));
  instance_listing out;
  auto take = [&](const json* list, const char* key_name, const char* values_name,
                  std::string_view path) {
    if (!list)
      return;
    size_t k = 0;
    for (const auto& f : *list) {
      auto at = std::string{path} + "." + std::to_string(++k);
      const auto* key = member(f, key_name);
      const auto* values = member(f, values_name);
      v.required(at + "." + key_name, key).string(at + "." + key_name, key, {1, 128, nullptr});
      v.required(at + "." + values_name, values)
          .string_list(at + "." + values_name, values, {1, 100}, {});
      if (key && key->is_string() && values && values->is_array()) {
        out.filters.push_back({key->get<std::string>(), {}});
        for (const auto& value : *values)
          if (value.is_string())
            out.filters.back().values.insert(value.get<std::string>());
      }
    }
  };
  take(info_filters, "key", "valueSet", "InstanceInformationFilterList");
  take(filters, "Key", "Values", "Filters");
  if (auto e = v.error())
    return *e;
  for (const auto& f : out.filters) {
    auto known = std::find(instance_filter_keys.begin(), instance_filter_keys.end(), f.key)
                 != instance_filter_keys.end();
    if (!known && f.key.rfind("tag:", 0) != 0 && f.key != "tag-key")
      return api_error{"InvalidFilterKey", "Filter key " + f.key + " is not valid"};
  }
  if (const auto* max = member(in, "MaxResults"))
    out.max_results = max->get<uint32_t>();
  if (const auto* token = member(in, "NextToken")) {
    auto position = position_of(token->get<std::string>());
    if (!position)
      return invalid_next_token();
    out.from = position->sequence;
  }
  return out;
}

}  // namespace broadside::api
