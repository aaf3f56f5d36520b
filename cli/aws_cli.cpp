#include "cli/aws_cli.hpp"

#include "api/aws_json_client.hpp"

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>

namespace broadside::cli {

namespace {

using nlohmann::json;

constexpr std::string_view default_endpoint_url = "http://127.0.0.1:8080";  // serve's --listen

// The options every operation has, besides its members' flags.
struct global_options {
  std::optional<std::string> endpoint_url;
  std::optional<std::string> region;
  std::optional<std::string> profile;
  std::optional<std::string> cli_input_json;
  bool generate_skeleton = false;
  bool help = false;
};

// A flag's values: what follows it up to the next `--flag`, with the value
// of `--flag=value` first.
using given_flags = std::map<std::string, std::vector<std::string>>;

given_flags split_flags(const std::vector<std::string>& args) {
  given_flags given;
  for (size_t i = 0; i < args.size();) {
    if (args[i].rfind("--", 0) != 0)
      throw input_error{"Unknown options: " + args[i]};
    auto name = args[i];
    std::vector<std::string> values;
    if (auto equals = name.find('='); equals != std::string::npos) {
      values.push_back(name.substr(equals + 1));
      name.resize(equals);
    }
    for (++i; i < args.size() && args[i].rfind("--", 0) != 0; ++i)
      values.push_back(args[i]);
    if (!given.emplace(name, std::move(values)).second)
      throw input_error{"argument " + name + ": given more than once"};
  }
  return given;
}

std::string single(const std::string& flag, const std::vector<std::string>& values) {
  if (values.size() != 1)
    throw input_error{"argument " + flag + ": expected one argument"};
  return values.front();
}

// Takes the global options out of `given`.
global_options take_global_options(given_flags& given) {
  global_options o;
  auto take = [&given](const std::string& flag) -> std::optional<std::vector<std::string>> {
    auto it = given.find(flag);
    if (it == given.end())
      return std::nullopt;
    auto values = std::move(it->second);
    given.erase(it);
    return values;
  };
  if (auto v = take("--endpoint-url"))
    o.endpoint_url = single("--endpoint-url", *v);
  if (auto v = take("--region"))
    o.region = single("--region", *v);
  if (auto v = take("--profile"))
    o.profile = single("--profile", *v);
  if (auto v = take("--cli-input-json"))
    o.cli_input_json = single("--cli-input-json", *v);
  if (auto v = take("--generate-cli-skeleton")) {
    if (!v->empty() && (v->size() > 1 || v->front() != "input"))
      throw input_error{"argument --generate-cli-skeleton: only the input skeleton is supported"};
    o.generate_skeleton = true;
  }
  o.help = take("--help").has_value();
  return o;
}

const shape& member_type(const shape& input, const std::vector<std::string>& path) {
  const shape* s = &input;
  for (const auto& name : path)
    s = s->find(name)->type;
  return *s;
}

void set_member(json& input, const std::vector<std::string>& path, json value) {
  json* at = &input;
  for (const auto& name : path) {
    if (!at->is_object())
      *at = json::object();
    at = &(*at)[name];
  }
  *at = std::move(value);
}

// Fills the input: --cli-input-json first, then every flag over it.
json operation_input(const aws_operation& op, const global_options& o, const given_flags& given) {
  auto input = json::object();
  if (o.cli_input_json) {
    auto text = file_or_text(*o.cli_input_json);
    input = json::parse(text, nullptr, false);
    if (input.is_discarded() || !input.is_object())
      throw input_error{"Error parsing parameter '--cli-input-json': Invalid JSON received: " +
                        text};
  }
  for (const auto& [flag, values] : given) {
    bool negated = flag.rfind("--no-", 0) == 0;
    auto named = negated ? "--" + flag.substr(5) : flag;
    const member_flag* f = nullptr;
    for (const auto& candidate : op.flags)
      if (candidate.name == named)
        f = &candidate;
    const auto* type = f ? &member_type(op.input, f->path) : nullptr;
    if (!f || (negated && type->type != shape::kind::boolean))
      throw input_error{"Unknown options: " + flag};
    auto value = flag_value(values, *type, named);
    set_member(input, f->path, negated ? json(false) : value);
  }
  auto problems = input_problems(input, op.input);
  if (!problems.empty()) {
    std::string message = "Parameter validation failed:";
    for (const auto& p : problems)
      message += "\n" + p;
    throw input_error{message};
  }
  return input;
}

std::string type_hint(const shape& s) {
  switch (s.type) {
    case shape::kind::string: return "<value>";
    case shape::kind::integer: return "<integer>";
    case shape::kind::boolean: return "";
    case shape::kind::list:
      return s.element->type == shape::kind::structure ? "<shorthand or JSON> ..." : "<value> ...";
    case shape::kind::map:
    case shape::kind::structure: return "<shorthand or JSON>";
  }
  return "";
}

void print_operation_help(const aws_service_cli& service, const aws_operation& op) {
  std::cout << "usage: broadside " << service.command << " " << op.command << " [flags]\n\n"
            << service.target_prefix << "." << op.name << ", flags as the AWS CLI names them:\n";
  for (const auto& f : op.flags) {
    const auto& type = member_type(op.input, f.path);
    bool required = f.path.size() == 1 && op.input.find(f.path.front())->required;
    std::cout << "  " << f.name << (type.type == shape::kind::boolean ? " | --no-" + f.name.substr(2)
                                                                      : " " + type_hint(type))
              << (required ? "  (required)" : "") << "\n";
  }
  std::cout << "  --cli-input-json <JSON or file://PATH>  the input; flags given win\n"
               "  --generate-cli-skeleton  print the input's template, contact no server\n"
               "  --endpoint-url <URL>  default AWS_ENDPOINT_URL, else "
            << default_endpoint_url
            << "\n"
               "  --region <region>  default AWS_REGION, AWS_DEFAULT_REGION, else us-east-1\n"
               "  --profile <name>  in AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials\n";
}

std::string operations_list(const aws_service_cli& service) {
  std::string list;
  for (const auto& op : service.operations)
    list += (list.empty() ? "" : ", ") + op.command;
  return list;
}

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  return value && *value ? std::optional<std::string>{value} : std::nullopt;
}

int call_operation(const aws_service_cli& service, const aws_operation& op,
                   const global_options& o, const json& input) {
  api::aws_json_client_options client;
  client.endpoint_url = o.endpoint_url ? *o.endpoint_url
                                       : environment("AWS_ENDPOINT_URL")
                                             .value_or(std::string{default_endpoint_url});
  client.target_prefix = service.target_prefix;
  client.signing_name = service.signing_name;
  client.region = o.region ? *o.region
                           : environment("AWS_REGION")
                                 .value_or(environment("AWS_DEFAULT_REGION").value_or("us-east-1"));
  try {
    client.key = api::find_client_key(o.profile);
  } catch (const api::missing_credentials& e) {
    std::cerr << e.what() << std::endl;
    return exit_missing_credentials;
  }
  try {
    auto result = api::call_aws_json(client, op.name, input);
    if (auto* error = std::get_if<api::api_error>(&result)) {
      std::cerr << "\nAn error occurred (" << error->code << ") when calling the " << op.name
                << " operation: " << error->message << std::endl;
      return exit_service_error;
    }
    // The AWS CLI prints nothing for an empty output; invalid UTF-8 (the
    // output of a command run on a node) is shown, not fatal.
    if (const auto& output = std::get<json>(result); !output.empty())
      std::cout << output.dump(4, ' ', false, json::error_handler_t::replace) << std::endl;
    return 0;
  } catch (const api::unreachable_endpoint& e) {
    std::cerr << "\n" << e.what() << std::endl;
    return exit_unreachable;
  }
}

int run_aws_cli(const aws_service_cli& service, const std::vector<std::string>& args) {
  auto usage = "usage: broadside " + service.command + " <operation> [flags]\noperations: " +
               operations_list(service) + "\n";
  if (args.empty() || args.front() == "help" || args.front() == "--help") {
    (args.empty() ? std::cerr : std::cout) << usage;
    return args.empty() ? exit_usage_error : 0;
  }
  const aws_operation* op = nullptr;
  for (const auto& candidate : service.operations)
    if (candidate.command == args.front())
      op = &candidate;
  if (!op) {
    std::cerr << usage << "broadside " << service.command << ": error: invalid operation '"
              << args.front() << "'" << std::endl;
    return exit_usage_error;
  }
  try {
    auto given = split_flags({args.begin() + 1, args.end()});
    auto options = take_global_options(given);
    if (options.help) {
      print_operation_help(service, *op);
      return 0;
    }
    if (options.generate_skeleton) {
      std::cout << skeleton(op->input).dump(4) << std::endl;
      return 0;
    }
    return call_operation(service, *op, options, operation_input(*op, options, given));
  } catch (const input_error& e) {
    std::cerr << "broadside " << service.command << " " << op->command << ": " << e.what()
              << std::endl;
    return exit_usage_error;
  }
}

}  // namespace

std::vector<member_flag> flags_of_members(const shape& input) {
  std::vector<member_flag> flags;
  for (const auto& m : input.members) {
    // botocore's xform_name: a dash before a capital starting a word
    // ("InstanceIds") or following a lowercase letter or digit ("S3Region").
    std::string flag = "--";
    for (size_t i = 0; i < m.name.size(); ++i) {
      auto c = static_cast<unsigned char>(m.name[i]);
      if (i > 0 && std::isupper(c) &&
          ((i + 1 < m.name.size() && std::islower(static_cast<unsigned char>(m.name[i + 1]))) ||
           !std::isupper(static_cast<unsigned char>(m.name[i - 1]))))
        flag.push_back('-');
      flag.push_back(static_cast<char>(std::tolower(c)));
    }
    flags.push_back({flag, {m.name}});
  }
  return flags;
}

subcommand add_aws_cli_command(CLI::App& parent, const aws_service_cli& service,
                               const std::string& description) {
  auto* cmd = parent.add_subcommand(service.command, description);
  cmd->prefix_command();
  cmd->footer("Operations: " + operations_list(service) +
              "\n`broadside " + service.command + " <operation> --help` lists its flags.");
  return {cmd, [cmd, &service] { return run_aws_cli(service, cmd->remaining()); }};
}

}  // namespace broadside::cli
